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
	"time"

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
	encodingName := fs.String("encoding", "", "the code page the files were saved in, such as windows-874 or euc-kr (default: UTF-8, or UTF-16 with a byte order mark)")
	dateOrder := fs.String("date-order", "", "how to read a date whose day and month could swap, such as 1/6/2024: dmy (1 June) or mdy (6 January) (default: as the file's other dates show, else rejected)")
	numberFormat := fs.String("number-format", "", "how to read an amount such as 1.500 or 1,500: point (a decimal point: 1.5 and 1500) or comma (a decimal comma: 1500 and 1.5) (default: as the file's other amounts show, else rejected)")
	errorsCSV := fs.String("errors-csv", "", "also write every problem of every file to this CSV sheet, a row a problem, to sort and filter in a spreadsheet")
	mappingPath := fs.String("mapping", "", "a column mapping (YAML): the files are other sheets (bank statements, intake sheets, contact exports) read through it; needs --case (see docs/formats.md)")
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
		fmt.Fprintln(stderr, "usage: scamgraph import [--case ID] [--format json|csv|ftm] [--dry-run [--offline]] [--strict] [--json] [--by NAME] [--mapping FILE.yml] FILE...")
		return casefile.ExitCannot
	}
	if *mappingPath != "" && *caseID == "" {
		fmt.Fprintln(stderr, "--mapping needs --case: a mapped sheet names no case")
		return casefile.ExitCannot
	}
	if *format != "" && !slices.Contains(casefile.Formats, *format) {
		fmt.Fprintf(stderr, "--format %q: use json, csv or ftm\n", *format)
		return casefile.ExitCannot
	}
	if *dateOrder != "" && !slices.Contains(casefile.DateOrders, *dateOrder) {
		fmt.Fprintf(stderr, "--date-order %q: use dmy or mdy\n", *dateOrder)
		return casefile.ExitCannot
	}
	if *numberFormat != "" && !slices.Contains(casefile.NumberFormats, *numberFormat) {
		fmt.Fprintf(stderr, "--number-format %q: use point or comma\n", *numberFormat)
		return casefile.ExitCannot
	}
	// the problems sheet is created before anything is imported: a path
	// that cannot be written is a usage mistake, found before the work
	var errorsFile *os.File
	if *errorsCSV != "" {
		f, err := os.Create(*errorsCSV)
		if err != nil {
			fmt.Fprintf(stderr, "--errors-csv: %v\n", err)
			return casefile.ExitCannot
		}
		errorsFile = f
	}
	var store casefile.Store
	if !*offline {
		s, _, err := openForBulk(ctx)
		switch {
		case err != nil && *dryRun:
			// A dry run checks the file; what only the database knows
			// (the region of a case already stored) is left out, and
			// the report says so.
			fmt.Fprintf(stderr, "%v\nthe database cannot be reached: validating offline\n", err)
			*offline = true
		case err != nil:
			fmt.Fprintln(stderr, err)
			return casefile.ExitCannot
		default:
			defer s.Close(context.Background())
			store = s
		}
	}

	exit := casefile.ExitOK
	var reports []*casefile.Report
	for _, path := range fs.Args() {
		opts := casefile.Options{CaseID: *caseID, Format: *format, DryRun: *dryRun || *offline, Offline: *offline, Strict: *strict, ImportedBy: *by, Encoding: *encodingName,
			DateOrder: *dateOrder, NumberFormat: *numberFormat, Mapping: *mappingPath}
		bar := progress(stderr, path)
		if bar != nil {
			opts.Progress = bar.update
		}
		rep, err := casefile.Import(ctx, store, path, opts)
		if bar != nil {
			bar.finish()
		}
		checkWatchesAfterImport(ctx, store, rep, *by, stderr)
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
	if errorsFile != nil {
		err := casefile.WriteProblemsCSV(errorsFile, reports)
		if cerr := errorsFile.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			fmt.Fprintf(stderr, "--errors-csv: %v\n", err)
			exit = casefile.ExitCannot
		}
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		_ = enc.Encode(map[string]any{"files": reports, "exitCode": exit})
	}
	return exit
}

// progress shows an import's progress on stderr when stderr is a
// terminal, else it is nil: a log file or a pipe gets the reports only.
func progress(stderr io.Writer, path string) *stageBar {
	f, ok := stderr.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return nil
	}
	return &stageBar{w: stderr, name: path}
}

// stageBar is the display of one file's import: while validating, a
// spinner with the records checked (their number is what validation
// finds out); then, per write stage, a bar with the stage's total, the
// rate and an estimate of the time left.
type stageBar struct {
	w     io.Writer
	name  string
	stage string
	bar   *progressbar.ProgressBar
}

// update is the import's casefile.Options.Progress. The importer calls it
// from one goroutine at a time.
func (s *stageBar) update(p casefile.Progress) {
	if s.bar == nil || p.Stage != s.stage {
		s.finish()
		s.stage = p.Stage
		total := int64(p.Total)
		if p.Stage == casefile.StageValidating {
			total = -1 // not known yet: a spinner with a count
		}
		s.bar = progressbar.NewOptions64(total, progressbar.OptionSetWriter(s.w),
			progressbar.OptionSetDescription(s.name+": "+p.Stage),
			progressbar.OptionShowCount(), progressbar.OptionShowIts(), progressbar.OptionSetItsString("records"),
			progressbar.OptionSetPredictTime(total > 0), progressbar.OptionSetElapsedTime(true),
			progressbar.OptionThrottle(100*time.Millisecond), progressbar.OptionSpinnerType(14))
	}
	_ = s.bar.Set(p.Done)
}

// finish ends the current stage's line.
func (s *stageBar) finish() {
	if s.bar == nil {
		return
	}
	_ = s.bar.Finish()
	fmt.Fprintln(s.w)
	s.bar = nil
}

func currentUser() string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	return "unknown"
}
