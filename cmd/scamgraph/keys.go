package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/scamgraph/scamgraph/auth"
)

const keysUsage = `usage: scamgraph keys new --id ID --role VIEWER|ANALYST|IMPORTER|ADMIN --cases A,B|*

Makes an API key. Prints two lines on stdout: the key, which is shown
this once and stored nowhere, and the line to append to the keys file
(SCAMGRAPH_KEYS_FILE), which holds only the key's SHA-256. Send the
server SIGHUP (or restart it) to load the new line. See docs/access.md.

exit 0 key made, 1 could not make it, 2 bad usage
`

// runKeys is `scamgraph keys`. It needs neither Neo4j nor the server: the
// keys file is a plain file the operator edits, and this command only
// makes a key and its line. It returns the exit code.
func runKeys(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "new" {
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			fmt.Fprint(stdout, keysUsage)
			return 0
		}
		fmt.Fprint(stderr, keysUsage)
		return 2
	}
	fs := flag.NewFlagSet("keys new", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, keysUsage) }
	id := fs.String("id", "", "who holds the key, as the audit log will name them (e.g. nca-analyst-1)")
	role := fs.String("role", "", "VIEWER, ANALYST, IMPORTER or ADMIN")
	cases := fs.String("cases", "", `comma-separated case ids the key may see, or "*" for all cases`)
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "unexpected argument %q\n%s", fs.Arg(0), keysUsage)
		return 2
	}
	entry, err := keyEntry(*id, *role, *cases)
	if err != nil {
		fmt.Fprintf(stderr, "%v\n%s", err, keysUsage)
		return 2
	}
	key, sum, err := auth.NewKey()
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	entry.SHA256 = sum
	line, err := json.Marshal(entry)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	fmt.Fprintln(stdout, key)
	fmt.Fprintln(stdout, string(line))
	fmt.Fprintf(stderr, "line 1 is the key for %s: hand it over now, it cannot be shown again.\n"+
		"line 2 goes at the end of the keys file ($%s); then send the server SIGHUP.\n", entry.ID, auth.EnvKeysFile)
	return 0
}

// keyEntry checks the flags and returns the entry without its hash.
func keyEntry(id, role, cases string) (auth.KeyEntry, error) {
	if id == "" || role == "" || cases == "" {
		return auth.KeyEntry{}, errors.New(`--id, --role and --cases are required (--cases "*" for all cases)`)
	}
	r, err := auth.ParseRole(role)
	if err != nil {
		return auth.KeyEntry{}, fmt.Errorf("--role: %w", err)
	}
	e := auth.KeyEntry{ID: id, Role: r}
	if strings.TrimSpace(cases) == "*" {
		e.AllCases = true
	} else {
		for c := range strings.SplitSeq(cases, ",") {
			c = strings.TrimSpace(c)
			if c == "" || c == "*" {
				return auth.KeyEntry{}, fmt.Errorf(`--cases %q: give case ids separated by commas, or "*" alone for all cases`, cases)
			}
			e.Cases = append(e.Cases, c)
		}
	}
	// Validate with a placeholder hash: everything but the key is checked
	// before a key is made.
	check := e
	check.SHA256 = strings.Repeat("0", 64)
	if err := check.Validate(); err != nil {
		return auth.KeyEntry{}, fmt.Errorf("--id/--cases: %w", err)
	}
	return e, nil
}
