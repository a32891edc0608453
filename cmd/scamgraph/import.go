package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/user"
	"slices"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/scamgraph/scamgraph/casefile"
)

// runImport is `scamgraph import`. It returns the exit code: the highest
// of its files' (0 imported, 1 rows rejected, 2 file rejected, 3 could not run).
func runImport(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	caseID := fs.String("case", "", "the case the files belong to (required for FollowTheMoney, which names none)")
	format := fs.String("format", "", "json, csv or ftm (default: recognised from the content)")
	dryRun := fs.Bool("dry-run", false, "validate and report, write nothing")
	offline := fs.Bool("offline", false, "dry run with no database: validate the files alone (national phone numbers are read in the file's country only)")
	strict := fs.Bool("strict", false, "any error and nothing of that file is written")
	asJSON := fs.Bool("json", false, "print the reports as JSON")
	by := fs.String("by", currentUser(), "who imports, recorded on the case file")
	// -h prints the help on stdout and exits 0: asking is not a mistake.
	fs.Usage = func() {}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, importHelpText)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return casefile.ExitOK
		}
		fmt.Fprintln(stderr, "see scamgraph import --help")
		return casefile.ExitCannot
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "usage: scamgraph import [--case ID] [--format json|csv|ftm] [--dry-run [--offline]] [--strict] [--json] [--by NAME] FILE...")
		return casefile.ExitCannot
	}
	if *format != "" && !slices.Contains(casefile.Formats, *format) {
		fmt.Fprintf(stderr, "--format %q: use json, csv or ftm\n", *format)
		return casefile.ExitCannot
	}
	var store casefile.Store
	if !*offline {
		s, _, err := openForBulk(ctx)
		if err != nil {
			fmt.Fprintln(stderr, err)
			return casefile.ExitCannot
		}
		defer s.Close(context.Background())
		store = s
	}

	exit := casefile.ExitOK
	var reports []*casefile.Report
	for _, path := range fs.Args() {
		opts := casefile.Options{CaseID: *caseID, Format: *format, DryRun: *dryRun || *offline, Offline: *offline, Strict: *strict, ImportedBy: *by}
		bar := progress(stderr, path)
		if bar != nil {
			opts.Progress = func(done int) { _ = bar.Set(done) }
		}
		rep, err := casefile.Import(ctx, store, path, opts)
		if bar != nil {
			_ = bar.Finish()
			fmt.Fprintln(stderr)
		}
		code := casefile.ExitOK
		if rep != nil {
			code = rep.ExitCode
			reports = append(reports, rep)
		}
		var runErr *casefile.RunError
		if errors.As(err, &runErr) || (err != nil && rep == nil) {
			fmt.Fprintf(stderr, "%s: could not import: %v\n", path, err)
			code = casefile.ExitCannot
		}
		if rep != nil && !*asJSON {
			rep.WriteText(stdout)
		}
		exit = max(exit, code)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(map[string]any{"files": reports, "exitCode": exit})
	}
	return exit
}

// progress is a bar on stderr when stderr is a terminal, else nil.
func progress(stderr io.Writer, path string) *progressbar.ProgressBar {
	f, ok := stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return progressbar.NewOptions(-1, progressbar.OptionSetWriter(stderr), progressbar.OptionSetDescription("importing "+path),
		progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("records"),
		progressbar.OptionThrottle(100_000_000), progressbar.OptionSpinnerType(14))
}

func currentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}
