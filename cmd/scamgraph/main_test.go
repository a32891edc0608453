package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

func runMain(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestHelpTouchesNothing: every command answers -h, --help and
// `help COMMAND` with its usage on stdout and exit 0, before it reads the
// configuration or connects. Neo4j is a closed port and the configuration
// is broken, so a command that went on to run would fail (or, for demo,
// would have loaded the demo case into a database before).
func TestHelpTouchesNothing(t *testing.T) {
	t.Setenv("NEO4J_URI", "bolt://127.0.0.1:1")
	t.Setenv("SCAMGRAPH_TX_TIMEOUT", "not a duration")
	t.Setenv("SCAMGRAPH_AUDIT_DIR", filepath.Join(t.TempDir(), "must-not-exist"))
	for _, cmd := range commands {
		for _, args := range [][]string{{cmd, "--help"}, {cmd, "-h"}, {"help", cmd}} {
			code, out, errOut := runMain(args...)
			if code != 0 || !strings.Contains(out, "usage: scamgraph "+cmd) || errOut != "" {
				t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errOut)
			}
		}
	}
	// Help after other flags or for a subcommand still wins.
	for _, args := range [][]string{{"import", "--strict", "x.json", "--help"}, {"serve", "--demo", "-h"}, {"keys", "new", "--help"}, {"audit", "verify", "-h"}} {
		if code, out, _ := runMain(args...); code != 0 || !strings.Contains(out, "usage:") {
			t.Errorf("%v: exit %d\n%s", args, code, out)
		}
	}
	if _, err := os.Stat(os.Getenv("SCAMGRAPH_AUDIT_DIR")); !os.IsNotExist(err) {
		t.Errorf("help created the audit folder: %v", err)
	}
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		if code, out, _ := runMain(args...); code != 0 || !strings.Contains(out, "commands:") || !strings.Contains(out, "version") {
			t.Errorf("%v: exit %d\n%s", args, code, out)
		}
	}
	if code, _, errOut := runMain("help", "nosuch"); code != 3 || !strings.Contains(errOut, "unknown command") {
		t.Errorf("help nosuch: exit %d %s", code, errOut)
	}
	if code, _, _ := runMain(); code != 3 {
		t.Errorf("no command: exit %d, want 3", code)
	}
	// Without help, demo does try the closed port: the test above proves
	// something.
	if code, _, _ := runMain("demo"); code == 0 {
		t.Error("demo against a closed port exited 0")
	}
}

// TestImportHelp: the import's help is what someone scripting it needs:
// the formats, the environment, the exit codes, an example and the flags.
func TestImportHelp(t *testing.T) {
	code, out, _ := runMain("import", "--help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"json", "csv", "ftm", "NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE",
		"0  imported", "1  some records rejected", "2  a file rejected as a whole", "3  could not run",
		"example:", "scamgraph import --strict", "-dry-run", "-offline", "-case"} {
		if !strings.Contains(out, want) {
			t.Errorf("import --help lacks %q:\n%s", want, out)
		}
	}
	// A bad flag is still a usage error (3), pointing at the help.
	if code, _, errOut := runMain("import", "--nosuch", "x.json"); code != 3 || !strings.Contains(errOut, "--help") {
		t.Errorf("bad flag: exit %d %s", code, errOut)
	}
}

// TestVersion: `version` and `--version` print the build's version,
// commit and Go version, as Go recorded them in the binary.
func TestVersion(t *testing.T) {
	for _, arg := range []string{"version", "--version"} {
		code, out, _ := runMain(arg)
		if code != 0 || !strings.HasPrefix(out, "scamgraph ") || !strings.Contains(out, "go:       go1.") || !strings.Contains(out, "commit:") {
			t.Errorf("%s: exit %d\n%s", arg, code, out)
		}
	}
	var out bytes.Buffer
	writeBuildInfo(&out, &debug.BuildInfo{Main: debug.Module{Version: "v1.4.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "597ebeffe09d4e1d801ac3eee06293a58744896c"}, {Key: "vcs.time", Value: "2026-12-01T10:00:00Z"}, {Key: "vcs.modified", Value: "true"}}})
	for _, want := range []string{"scamgraph v1.4.0\n", "commit:   597ebeffe09d4e1d801ac3eee06293a58744896c\n", "time:     2026-12-01T10:00:00Z\n", "modified: true\n", "go:       " + runtime.Version()} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("version lacks %q:\n%s", want, out.String())
		}
	}
}
