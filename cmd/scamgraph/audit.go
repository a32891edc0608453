package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/scamgraph/scamgraph/audit"
)

const auditUsage = `usage: scamgraph audit verify [--dir DIR]
       scamgraph audit tail [--dir DIR] [-n N] [-victim ID]

verify checks the hash chain of the audit log: exit 0 intact, 1 broken (the
first broken file:line and why), 3 could not run. tail prints the last N
records (default 20, at most 1000) as JSON lines, oldest first, as they are
stored (victim ids in the compact "victims" form, see docs/audit.md); with
-victim only the records that read that victim: "who saw victim X?".
DIR defaults to $SCAMGRAPH_AUDIT_DIR, else .data/audit (see docs/audit.md).
`

// Exit codes of `scamgraph audit`.
const (
	auditExitOK     = 0
	auditExitBroken = 1
	auditExitCannot = 3
)

// runAudit is `scamgraph audit verify|tail`; it returns the exit code. It
// only reads the log, so it can run beside the server that writes it.
func runAudit(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, auditUsage)
		return auditExitCannot
	}
	switch args[0] {
	case "verify":
		return auditVerify(args[1:], stdout, stderr)
	case "tail":
		return auditTail(args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprint(stdout, auditUsage)
		return auditExitOK
	default:
		fmt.Fprintf(stderr, "unknown audit command %q\n%s", args[0], auditUsage)
		return auditExitCannot
	}
}

func auditVerify(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("audit verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", audit.DirFromEnv(), "the audit log folder")
	if err := fs.Parse(args); err != nil {
		return auditExitCannot
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "audit verify: unexpected argument %q\n%s", fs.Arg(0), auditUsage)
		return auditExitCannot
	}
	rep, err := audit.Verify(*dir)
	if err != nil {
		fmt.Fprintf(stderr, "audit verify: could not run: %v\n", err)
		return auditExitCannot
	}
	for _, note := range rep.Notes {
		fmt.Fprintf(stdout, "note: %s\n", note)
	}
	if !rep.OK {
		fmt.Fprintf(stdout, "BROKEN: %s\n", rep.Break)
		fmt.Fprintf(stdout, "%d records in %d file(s) of %s were good before the break; last good record seq %d hash %s\n",
			rep.Records, len(rep.Files), rep.Dir, rep.LastSeq, rep.LastHash)
		return auditExitBroken
	}
	fmt.Fprintf(stdout, "intact: %d records (seq %d to %d) in %d file(s) of %s\nhead: seq %d hash %s\n",
		rep.Records, rep.FirstSeq, rep.LastSeq, len(rep.Files), rep.Dir, rep.LastSeq, rep.LastHash)
	return auditExitOK
}

func auditTail(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("audit tail", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("dir", audit.DirFromEnv(), "the audit log folder")
	n := fs.Int("n", 20, fmt.Sprintf("how many records (at most %d)", audit.MaxReadLimit))
	victim := fs.String("victim", "", "only records that read this victim id")
	if err := fs.Parse(args); err != nil {
		return auditExitCannot
	}
	if fs.NArg() > 0 || *n < 1 {
		fmt.Fprintf(stderr, "audit tail: want -n ≥ 1 and no arguments\n%s", auditUsage)
		return auditExitCannot
	}
	recs, err := audit.Read(*dir, audit.Filter{Limit: *n, VictimID: *victim})
	if err != nil {
		fmt.Fprintf(stderr, "audit tail: %v\n", err)
		return auditExitCannot
	}
	enc := json.NewEncoder(stdout)
	for i := len(recs) - 1; i >= 0; i-- { // Read is newest first; tail reads down
		if err := enc.Encode(&recs[i]); err != nil {
			fmt.Fprintf(stderr, "audit tail: %v\n", err)
			return auditExitCannot
		}
	}
	return auditExitOK
}
