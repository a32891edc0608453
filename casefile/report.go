package casefile

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/scamgraph/scamgraph/graph"
)

// Exit codes of `scamgraph import`, also carried in reports.
const (
	ExitOK       = 0 // everything imported
	ExitRejected = 1 // some rows were rejected, the others imported
	ExitFile     = 2 // a file was rejected as a whole (unparseable, or --strict with any error)
	ExitCannot   = 3 // the import could not run (usage, Neo4j unavailable)
)

// Counts are what happened to the records of one kind.
type Counts struct {
	Created   int `json:"created"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
	Rejected  int `json:"rejected"`
	// Valid is how many passed validation (what a dry run would write).
	Valid int `json:"valid"`
	// New and Stored split Valid in a dry run that reached the database:
	// records the graph does not hold yet (an import would create them)
	// and records it holds (an import would update them or leave them
	// unchanged), where the importer's compartments see them.
	New    int `json:"new"`
	Stored int `json:"stored"`
}

// Rejection is one refused record: where, what, which field and why. The
// reason never carries the rejected value (it may be a passport number).
type Rejection struct {
	Location
	Kind   string `json:"kind"`
	Ref    string `json:"ref,omitempty"`
	Field  string `json:"field,omitempty"`
	Reason string `json:"reason"`
}

func (r Rejection) String() string {
	return fmt.Sprintf("%s [%s %s] %s: %s", r.Location, r.Kind, r.Ref, r.Field, r.Reason)
}

// Report is what an import of one file did.
type Report struct {
	File       string             `json:"file"`
	Format     string             `json:"format"`
	CaseID     string             `json:"caseId"`
	SHA256     string             `json:"sha256"`
	DryRun     bool               `json:"dryRun"`
	Offline    bool               `json:"offline,omitempty"` // validated with no database
	Strict     bool               `json:"strict"`
	Counts     map[string]*Counts `json:"counts"`
	Rejections []Rejection        `json:"rejections"`
	// Warnings are optional values left out of records that were written
	// (a value outside its vocabulary); with --strict they are rejections.
	Warnings []Rejection `json:"warnings"`
	// Unmapped counts source records our model does not map (FtM schemata).
	Unmapped map[string]int `json:"unmapped,omitempty"`
	// KeptErased counts the fields the file gave of victims whose personal
	// data was erased (name, aliases, birth date, gender, identifiers):
	// left out, never written again, and not named here.
	KeptErased int `json:"keptErased"`
	// FileError is set when the file was rejected as a whole.
	FileError string `json:"fileError,omitempty"`
	ExitCode  int    `json:"exitCode"`
}

func newReport(file string) *Report {
	return &Report{File: file, Counts: map[string]*Counts{}, Rejections: []Rejection{}, Warnings: []Rejection{}}
}

func (r *Report) counts(kind string) *Counts {
	c, ok := r.Counts[kind]
	if !ok {
		c = &Counts{}
		r.Counts[kind] = c
	}
	return c
}

// reject records a refused record, one rejection per field problem.
func (r *Report) reject(loc Location, kind, ref string, err error) {
	r.counts(kind).Rejected++
	var many graph.ValidationErrors
	var one *graph.ValidationError
	switch {
	case errors.As(err, &many):
		for _, p := range many {
			r.Rejections = append(r.Rejections, Rejection{loc, kind, ref, strings.TrimPrefix(p.Field, "input."), p.Reason})
		}
	case errors.As(err, &one):
		r.Rejections = append(r.Rejections, Rejection{loc, kind, ref, strings.TrimPrefix(one.Field, "input."), one.Reason})
	default:
		r.Rejections = append(r.Rejections, Rejection{loc, kind, ref, "", err.Error()})
	}
}

// warn records the values left out of a record that is written.
func (r *Report) warn(loc Location, kind, ref string, warnings graph.ValidationErrors) {
	for _, w := range warnings {
		r.Warnings = append(r.Warnings, Rejection{loc, kind, ref, strings.TrimPrefix(w.Field, "input."), w.Reason})
	}
}

func (r *Report) record(kind string, res graph.WriteResult) {
	c := r.counts(kind)
	switch {
	case res.Created:
		c.Created++
	case res.Updated:
		c.Updated++
	default:
		c.Unchanged++
	}
}

// compared counts a valid record of a dry run as new or stored.
func (r *Report) compared(kind string, isNew bool) {
	if isNew {
		r.counts(kind).New++
	} else {
		r.counts(kind).Stored++
	}
}

func (r *Report) totalRejected() int {
	n := 0
	for _, c := range r.Counts {
		n += c.Rejected
	}
	return n
}

// finish sets the exit code from what happened.
func (r *Report) finish() {
	switch {
	case r.FileError != "":
		r.ExitCode = ExitFile
	case r.totalRejected() > 0:
		r.ExitCode = ExitRejected
	default:
		r.ExitCode = ExitOK
	}
}

// Rows is the number of records the file had (entities and links).
func (r *Report) Rows() int {
	n := 0
	for _, c := range r.Counts {
		n += c.Created + c.Updated + c.Unchanged + c.Rejected
	}
	return n
}

// WriteText prints the report for a terminal.
func (r *Report) WriteText(w io.Writer) {
	mode := ""
	if r.DryRun {
		mode = " (dry run: nothing written)"
	}
	if r.Offline {
		mode = " (offline dry run: nothing written; national phone numbers read in the file's country only)"
	}
	fmt.Fprintf(w, "%s: %s case file, case %s, sha256 %s%s\n", r.File, r.Format, orDash(r.CaseID), short(r.SHA256), mode)
	if r.FileError != "" {
		fmt.Fprintf(w, "  REJECTED AS A WHOLE: %s\n", r.FileError)
	}
	kinds := make([]string, 0, len(r.Counts))
	for k := range r.Counts {
		kinds = append(kinds, k)
	}
	sort.Slice(kinds, func(i, j int) bool { return kindOrder(kinds[i]) < kindOrder(kinds[j]) })
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	switch {
	case r.DryRun && !r.Offline:
		fmt.Fprintln(tw, "  kind\tvalid\tnew\tstored\trejected\t")
	case r.DryRun:
		fmt.Fprintln(tw, "  kind\tvalid\trejected\t")
	default:
		fmt.Fprintln(tw, "  kind\tcreated\tupdated\tunchanged\trejected\t")
	}
	for _, k := range kinds {
		c := r.Counts[k]
		switch {
		case r.DryRun && !r.Offline:
			fmt.Fprintf(tw, "  %s\t%d\t%d\t%d\t%d\t\n", k, c.Valid, c.New, c.Stored, c.Rejected)
		case r.DryRun:
			fmt.Fprintf(tw, "  %s\t%d\t%d\t\n", k, c.Valid, c.Rejected)
		default:
			fmt.Fprintf(tw, "  %s\t%d\t%d\t%d\t%d\t\n", k, c.Created, c.Updated, c.Unchanged, c.Rejected)
		}
	}
	tw.Flush()
	if r.DryRun && !r.Offline {
		fmt.Fprintln(w, "  new: not in the graph yet; stored: in the graph already (an import updates it or leaves it unchanged)")
	}
	if r.KeptErased > 0 {
		fmt.Fprintf(w, "  kept erased: %d fields of victims whose personal data was erased at their request were left out\n", r.KeptErased)
	}
	if len(r.Unmapped) > 0 {
		fmt.Fprintf(w, "  not mapped to the model (counted, not imported):")
		names := make([]string, 0, len(r.Unmapped))
		for n := range r.Unmapped {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(w, " %s %d", n, r.Unmapped[n])
		}
		fmt.Fprintln(w)
	}
	writeProblems(w, "rejected:", r.Rejections)
	writeProblems(w, "warnings (written without the value):", r.Warnings)
}

// writeProblems lists rejections or warnings under a heading, one a line.
func writeProblems(w io.Writer, heading string, problems []Rejection) {
	if len(problems) == 0 {
		return
	}
	fmt.Fprintf(w, "  %s\n", heading)
	for _, rj := range problems {
		what := rj.Kind
		if rj.Ref != "" {
			what += " " + rj.Ref
		}
		field := ""
		if rj.Field != "" {
			field = rj.Field + ": "
		}
		fmt.Fprintf(w, "    %s [%s] %s%s\n", rj.Location, what, field, rj.Reason)
	}
}

// kindOrder lists entities before links, in the model's order.
func kindOrder(k string) string {
	order := []string{"Person", "Organization", "Compound", "BankAccount"}
	for i, o := range order {
		if o == k {
			return fmt.Sprintf("0%d", i)
		}
	}
	return "1" + k
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func short(h string) string {
	if len(h) > 16 {
		return h[:16] + "..."
	}
	return orDash(h)
}
