package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"slices"
)

// The help of the commands that have no help of their own. import and
// seed print theirs from their flag sets (printHelp runs them with -h), so
// that a new flag appears in the help without a second edit.
const (
	serveUsage = `usage: scamgraph serve [--demo]

Serves the GraphQL API on $SCAMGRAPH_ADDR (default 127.0.0.1:8080): /graphql,
/healthz, /readyz, /metrics, and GraphiQL on / in development mode
(SCAMGRAPH_DEV=1). It prepares Neo4j (constraints, indexes, migrations) in the
background and answers /readyz with 503 until that is done.

  --demo   also load the fictional demo case at start-up (idempotent)

environment: NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, NEO4J_DATABASE, SCAMGRAPH_TX_TIMEOUT,
SCAMGRAPH_KEYS_FILE or the JWT settings (authentication; required outside
development mode), SCAMGRAPH_AUDIT_DIR and the others of the README, "Configuration".

exit 0 stopped by SIGINT/SIGTERM, 1 could not start or failed
`
	demoUsage = `usage: scamgraph demo

Loads the fictional demo case into the Neo4j of NEO4J_URI (with NEO4J_USER,
NEO4J_PASSWORD, NEO4J_DATABASE) and prints what it created, updated or left
unchanged. Loading it again changes nothing.

exit 0 loaded, 1 failed
`
	importHelpText = `usage: scamgraph import [flags] FILE...

Imports case files into the Neo4j of the environment: validates every record
first, then writes entities, then links, in batches; importing the same file
again changes nothing. Prints a report per file (--json: one JSON document).

formats (--format, else recognised from the content; see docs/formats.md):
  json   one JSON document: the case, its entities and links
  csv    a folder (or .zip) of CSV sheets: case.csv, entities, links; or an .xlsx
         workbook with those worksheets (scamgraph template writes an empty one)
  ftm    FollowTheMoney entities as JSON lines (needs --case: it names no case)
  --mapping FILE.yml: other sheets (a bank statement, an intake sheet) read through a column mapping (needs --case)

environment:
  NEO4J_URI              default bolt://127.0.0.1:7687
  NEO4J_USER             default neo4j
  NEO4J_PASSWORD         default scamgraph-dev
  NEO4J_DATABASE         default neo4j
  SCAMGRAPH_TX_TIMEOUT   per write transaction, default 5m for import
--offline needs none of them: it opens no connection.

exit codes (several files: the highest):
  0  imported (or, with --dry-run, valid)
  1  some records rejected; the others were imported
  2  a file rejected as a whole (unreadable, or --strict with any problem): nothing of it written
  3  could not run (bad usage, Neo4j unavailable)

ambiguous values (docs/formats.md, "Numbers and dates"):
  a date such as 1/6/2024 or an amount such as 1.500 is read as the file's
  other dates and amounts show; when none shows, it is rejected with both
  readings unless --date-order or --number-format says which.

--dry-run validates without the database when it cannot be reached (it says
so); --errors-csv FILE writes every problem as a sheet to filter.

example:
  NEO4J_URI=bolt://db:7687 NEO4J_PASSWORD=secret scamgraph import --strict case-2025-07.json
  scamgraph import --dry-run --errors-csv problems.csv intake-sheets/
  scamgraph import --offline --case TH-2025-07 sanctions.ftm.jsonl

flags:
`
	exportUsage = `usage: scamgraph export --case ID [--out FILE]

Writes one case in the JSON case-file format, as the case itself says it,
to FILE or standard output; scamgraph import reads it back (README,
"Backup and restore"). Uses the Neo4j of NEO4J_URI.

exit 0 written, 3 could not run (usage, unknown case, Neo4j unavailable)
`
	backupHelp = `usage: scamgraph backup [--audit-dir DIR] DIR

Writes every case as a JSON case file, a copy of the audit log and a
manifest of sha256 hashes into DIR (which must not exist or be empty).
See the README, "Backup and restore".
`
	restoreHelp = `usage: scamgraph restore [--force] [--by NAME] DIR

Checks every hash of a backup's manifest, then imports its cases into the
Neo4j of NEO4J_URI, oldest first. Refuses a database that already holds
cases unless --force. See the README, "Backup and restore".

exit 0 restored, 2 refused (a hash differs, the database is not empty), 3 could not run
`
	seedHelpText = `usage: scamgraph seed [--scale N] [--seed S]

Loads a deterministic synthetic network of about N nodes into the Neo4j of
NEO4J_URI through the importer, case file by case file, and reports how
long it took. The same seed gives the same network.

exit 0 seeded, 1 or 2 the importer refused a generated file, 3 could not run

flags:
`
)

// commands are the binary's commands, in the order of the usage.
var commands = []string{"serve", "import", "template", "export", "backup", "restore", "demo", "seed", "keys", "audit", "version"}

// wantsHelp reports whether a command's arguments ask for its help: -h,
// --help or -help anywhere before "--". It is checked before the command
// runs, so asking for help never reads the configuration nor connects.
func wantsHelp(args []string) bool {
	for _, a := range args {
		switch a {
		case "--":
			return false
		case "-h", "--help", "-help":
			return true
		}
	}
	return false
}

// usages are the commands' help texts; import and seed print their own,
// with their flags.
var usages = map[string]string{
	"serve": serveUsage, "demo": demoUsage, "template": templateUsage, "export": exportUsage,
	"backup": backupHelp, "restore": restoreHelp, "keys": keysUsage, "audit": auditUsage,
	"version": "usage: scamgraph version (or --version)\n\nprints the module version, the commit and its time, whether the work tree was modified, and the Go version\n",
}

// printHelp writes a command's help to w; false for an unknown command.
func printHelp(w io.Writer, cmd string) bool {
	if !slices.Contains(commands, cmd) {
		return false
	}
	switch cmd {
	case "import":
		// runImport answers -h before it reads anything else.
		runImport(context.Background(), []string{"-h"}, w, io.Discard)
	case "seed":
		runSeed(context.Background(), []string{"-h"}, w, io.Discard)
	default:
		fmt.Fprint(w, usages[cmd])
	}
	return true
}

// writeVersion prints what the binary was built from, as Go recorded it:
// the module version (v1.2.3 when built with `go install ...@v1.2.3`,
// "(devel)" from a checkout), the commit, its time and whether the work
// tree had uncommitted changes, and the Go version. An operator quotes it
// in a bug report; nothing has to be stamped in at build time.
func writeVersion(w io.Writer) {
	bi, _ := debug.ReadBuildInfo()
	writeBuildInfo(w, bi)
}

// writeBuildInfo is writeVersion's text for bi (nil: nothing known). A
// build with -buildvcs=false (go run, or GOFLAGS) records no commit: it
// says "unknown" rather than nothing.
func writeBuildInfo(w io.Writer, bi *debug.BuildInfo) {
	version, revision, at, modified := "unknown", "unknown", "unknown", "unknown"
	if bi != nil {
		if bi.Main.Version != "" {
			version = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.time":
				at = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
	}
	fmt.Fprintf(w, "scamgraph %s\ncommit:   %s\ntime:     %s\nmodified: %s\ngo:       %s %s/%s\n",
		version, revision, at, modified, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
