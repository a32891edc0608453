package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/scamgraph/scamgraph/casefile"
)

const templateUsage = `usage: scamgraph template [--xlsx] DIR

Writes an empty case file for an agency to fill in, into DIR (created if
missing; a folder that holds anything is refused, nothing is overwritten):

  case.csv, entities.csv, links.csv   the sheets, each with its header row and
                                      a fictional example that imports as it is
  accepted-values.csv                 the values each closed field accepts

With --xlsx, one workbook, DIR/case-file.xlsx: worksheets case, entities and
links, drop-down lists on the closed fields, date columns as dates, account
number columns as text, and a worksheet "accepted values". Replace the
example rows with the case and import the folder or the workbook with
scamgraph import. Needs no database. See docs/formats.md, "Templates".

exit 0 written, 3 could not run (usage, DIR not empty, cannot write)
`

// runTemplate writes a template (casefile.WriteTemplate).
func runTemplate(args []string, stdout, stderr io.Writer) int {
	xlsx, dir := false, ""
	for _, a := range args {
		switch {
		case a == "--xlsx" || a == "-xlsx":
			xlsx = true
		case strings.HasPrefix(a, "-") && a != "-":
			fmt.Fprintf(stderr, "template: unknown flag %q\n%s", a, templateUsage)
			return 3
		case dir != "":
			fmt.Fprintf(stderr, "template: one folder, got %q and %q\n%s", dir, a, templateUsage)
			return 3
		default:
			dir = a
		}
	}
	if dir == "" {
		fmt.Fprintf(stderr, "template: give the folder to write into\n%s", templateUsage)
		return 3
	}
	files, err := casefile.WriteTemplate(dir, xlsx)
	if errors.Is(err, casefile.ErrTemplateDirNotEmpty) {
		fmt.Fprintf(stderr, "template: %s: %v\n", dir, err)
		return 3
	}
	if err != nil {
		fmt.Fprintf(stderr, "template: %v\n", err)
		return 3
	}
	for _, f := range files {
		fmt.Fprintln(stdout, "wrote", f)
	}
	return 0
}
