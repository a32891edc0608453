package casefile

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/scamgraph/scamgraph/graph"
)

// Options of an import.
type Options struct {
	CaseID string // --case: names the case of a file that has none; must agree with one that has
	Format string // json, csv or ftm; "" recognises it from the content
	DryRun bool   // validate only
	// Offline validates with no database (it implies DryRun; the store may
	// be nil): national phone numbers are read in the file's own country
	// only, not in the country of a case already stored.
	Offline    bool
	Strict     bool   // any error and nothing is written
	ImportedBy string // who imports, recorded on the case file
	FileName   string // the name to report (an upload's name); default the path's base name
	BatchSize  int    // rows per write transaction
	Writers    int    // write transactions at once
	// Progress is told, as the import goes, which pass it is in and how
	// far: a display can show a bar with a total and an estimate once
	// validation has counted the records to write.
	Progress func(Progress)
	// Authorize, when set, is asked once the file's case is known and
	// before anything is read further or written: the API refuses a file
	// whose case is outside the importer's compartments.
	Authorize func(caseID string) error
	// CheckAttach, when set, is given the ids of existing entities the
	// file attaches to ("id") after validation and before anything is
	// written: the API refuses a file that attaches to what the importer
	// cannot see.
	CheckAttach func(ctx context.Context, ids []string) error
	// Scope, when set, is the importer's compartments: a link is refused
	// as a contradiction only against relationships they may see (see
	// neo4jstore.Store.WriteLinks). Unset: every case (the command line).
	Scope *graph.Scope
	// Encoding is the code page the file was saved in (windows-874,
	// euc-kr, ...; see LookupEncoding); "" is UTF-8, or UTF-16 with a
	// byte order mark. A file that is not valid text is refused whole.
	Encoding string
	// DateOrder reads a date whose day and month could swap: DateOrderDMY
	// or DateOrderMDY; "" goes by the column's other dates.
	DateOrder string
	// NumberFormat reads an amount whose separator could be either kind:
	// DecimalPoint or DecimalComma; "" goes by the column's other amounts.
	NumberFormat string
	// Mapping is the path of a column mapping (YAML, docs/formats.md
	// "Column mappings"): the file is then someone else's sheet, read
	// through it, and names no case (CaseID is required).
	Mapping string
}

// Progress is where an import is: its stage, the records done in that
// stage and, for the write stages, how many there are to do.
type Progress struct {
	Stage string // StageValidating, StageEntities or StageLinks
	Done  int    // records of this stage done so far
	// Total is the stage's records: 0 while validating, which is what
	// counts them; for a write stage, the records that passed validation
	// (a link refused when an end fails to be written is never done, so
	// Done may end below Total).
	Total int
}

// The stages of an import, in order.
const (
	StageValidating = "validating"
	StageEntities   = "writing entities"
	StageLinks      = "writing links"
	// StageComparing is a dry run's look-up of the valid records in the
	// database, in place of the write stages.
	StageComparing = "comparing with the database"
)

// validateEvery is how many records the validation pass checks between
// two Progress calls: often enough for a display, rarely enough to cost
// nothing.
const validateEvery = 1000

// RunError means the import could not run at all (exit code 3): a usage
// mistake or Neo4j unavailable. The report, if any, says how far it got.
type RunError struct{ Err error }

func (e *RunError) Error() string { return e.Err.Error() }
func (e *RunError) Unwrap() error { return e.Err }

const (
	defaultBatchSize = 2000
	// defaultWriters: one write transaction at a time, since a second one
	// contends for the same locks; reading still overlaps writing. See
	// docs/decisions.md, "One import writer".
	defaultWriters = 1
)

// Import reads, validates and writes one case file. The file is read in
// passes (validate everything, then entities, then links), each streaming,
// so a file larger than memory imports and --strict can refuse a file
// before anything is written. Writes are batched UNWIND statements in
// managed write transactions and idempotent: importing the same file again
// reports everything unchanged, and re-running an import that was cut off
// completes it.
func Import(ctx context.Context, store Store, path string, opts Options) (*Report, error) {
	if opts.BatchSize <= 0 {
		opts.BatchSize = defaultBatchSize
	}
	if opts.Writers <= 0 {
		opts.Writers = defaultWriters
	}
	name := opts.FileName
	if name == "" {
		name = filepath.Base(path)
	}
	opts.FileName = name
	src, err := Open(path, opts)
	if err != nil {
		return newReport(name).fail(err)
	}
	sum, err := hashSource(path, opts.Mapping)
	if err != nil {
		return newReport(name).fail(err)
	}
	return ImportSource(ctx, store, src, sum, opts)
}

// ImportSource imports an opened source whose content hashes to sha256.
func ImportSource(ctx context.Context, store Store, src Source, sha256 string, opts Options) (*Report, error) {
	if opts.BatchSize <= 0 {
		opts.BatchSize = defaultBatchSize
	}
	if opts.Writers <= 0 {
		opts.Writers = defaultWriters
	}
	if opts.Offline {
		opts.DryRun = true
	}
	name := opts.FileName
	rep := newReport(name)
	rep.DryRun, rep.Offline, rep.Strict = opts.DryRun, opts.Offline, opts.Strict
	rep.Format, rep.SHA256 = src.Format(), sha256
	header, err := src.Header()
	if err != nil {
		return rep.fail(err)
	}
	caseID, err := chooseCase(header, opts.CaseID)
	if err != nil {
		return rep, err
	}
	if opts.Authorize != nil {
		if err := opts.Authorize(caseID); err != nil {
			return rep, err
		}
	}
	rep.CaseID = caseID
	if opts.Offline {
		store = nil
	}
	region, caseExists, err := caseRegion(ctx, store, header, caseID)
	if err != nil {
		return rep, err
	}

	im := &importer{store: store, rep: rep, caseID: caseID, region: region, opts: opts,
		refs: map[string]refInfo{}, rejectedRefs: map[string]bool{},
		badEntities: map[int]bool{}, badLinks: map[int]bool{}}
	// Always a validation pass first: a file that breaks off half-way is
	// then refused before anything of it is written.
	if err := im.validate(src); err != nil {
		return rep.fail(err)
	}
	if cp, ok := src.(columnChecker); ok {
		if problems := cp.ColumnProblems(); len(problems) > 0 {
			// every row was checked without the columns: the report has
			// all the file's problems, and nothing is written
			rep.Rejections = append(problems, rep.Rejections...)
			rep.FileError = "the header has columns the format does not have, or one column twice (listed below): nothing was written; the rows were checked without those columns"
			rep.finish()
			return rep, nil
		}
	}
	if opts.CheckAttach != nil {
		var ids []string
		for _, r := range im.refs {
			if r.global {
				ids = append(ids, r.id)
			}
		}
		if len(ids) > 0 {
			sort.Strings(ids)
			if err := opts.CheckAttach(ctx, ids); err != nil {
				return rep, err
			}
		}
	}
	if opts.Strict && len(rep.Rejections) > 0 {
		rep.FileError = fmt.Sprintf("%d problems and --strict: nothing was written", len(rep.Rejections))
		rep.finish()
		return rep, nil
	}
	if opts.DryRun {
		if store != nil {
			// what only the database knows: which records it holds
			if err := im.compare(ctx, src); err != nil {
				return rep, err
			}
		}
		rep.Unmapped = src.Unmapped()
		rep.finish()
		return rep, nil
	}
	if err := im.saveCase(ctx, header, caseExists, name); err != nil {
		return rep, err
	}
	if err := im.writeEntities(ctx, src); err != nil {
		return rep, err
	}
	if err := im.writeLinks(ctx, src); err != nil {
		return rep, err
	}
	rep.Unmapped = src.Unmapped()
	by := opts.ImportedBy
	if by == "" {
		by = "unknown"
	}
	if err := store.RecordImport(ctx, caseID, graph.ImportRecord{
		SHA256: rep.SHA256, FileName: name, Format: rep.Format, By: by, At: time.Now().UTC(),
	}); err != nil {
		return rep, &RunError{err}
	}
	rep.finish()
	return rep, nil
}

// fail records a whole-file rejection, or passes a RunError on.
func (r *Report) fail(err error) (*Report, error) {
	var fe *FileError
	if errors.As(err, &fe) {
		r.FileError = fe.Error()
		r.finish()
		return r, nil
	}
	var re *RunError
	if errors.As(err, &re) {
		return r, err
	}
	if errors.Is(err, graph.ErrUnavailable) {
		return r, &RunError{err}
	}
	r.FileError = err.Error()
	r.finish()
	return r, nil
}

func chooseCase(header *CaseHeader, flag string) (string, error) {
	switch {
	case header != nil && header.ID != "" && flag != "" && flag != header.ID:
		return "", &RunError{fmt.Errorf("--case %s does not agree with the file's case %s", flag, header.ID)}
	case header != nil && header.ID != "":
		return header.ID, nil
	case flag != "":
		return flag, nil
	}
	return "", &RunError{errors.New("the file names no case: give one with --case")}
}

// caseRegion is the country whose national phone format the file uses:
// the header's, or the existing case's (none offline: store is nil).
func caseRegion(ctx context.Context, store Store, header *CaseHeader, caseID string) (string, bool, error) {
	var region string
	exists := false
	if store != nil {
		var err error
		region, err = store.CaseRegion(ctx, caseID)
		var verr *graph.ValidationError
		exists = err == nil
		if err != nil && !errors.As(err, &verr) {
			return "", false, &RunError{fmt.Errorf("neo4j: %w", err)}
		}
	}
	if header != nil && header.Country != nil {
		if c, err := graph.NormalizeCountry(*header.Country); err == nil {
			region = c
		}
	}
	return region, exists, nil
}

type importer struct {
	store        Store
	rep          *Report
	caseID       string
	region       string
	opts         Options
	refs         map[string]refInfo
	rejectedRefs map[string]bool
	badEntities  map[int]bool // ordinals of entity records refused by validation
	badLinks     map[int]bool
	mu           sync.Mutex // guards rep and rejectedRefs while batches are written
	stage        string     // the stage Progress reports
	done, total  int        // records of the stage written, and to write
	entities     int        // entity records seen by validation
	links        int        // link records seen by validation
	validated    bool       // a validation pass ran: the write passes skip what it refused
}

func entityKind(e Entity) string {
	switch fileLabel(e.Type) {
	case "Recruiter", "Victim", "Person":
		return "Person"
	case "Organization", "Compound", "BankAccount":
		return fileLabel(e.Type)
	}
	return "unknown type"
}

func linkKind(l Link) string {
	name, _ := graph.CanonicalEnum(l.Type, fileLinkTypes)
	if t, err := graph.ParseRelType(name); err == nil {
		if _, ok := linkEnds[t]; ok {
			return name
		}
	}
	return "unknown type"
}

// isFieldProblem says err is about fields of the record (a value that
// could not be read), not the record as a whole.
func isFieldProblem(err error) bool {
	if errors.As(err, new(wholeRecord)) {
		return false
	}
	var many graph.ValidationErrors
	var one *graph.ValidationError
	return errors.As(err, &many) || errors.As(err, &one)
}

// otherFields is err without the problems of the fields that already
// have one in first: a value that could not be read is left out of its
// record, and "is required" would then say the same thing twice.
func otherFields(err, first error) error {
	seen := map[string]bool{}
	firsts, _ := graph.Combine(first).(graph.ValidationErrors)
	for _, p := range firsts {
		seen[strings.TrimPrefix(p.Field, "input.")] = true
	}
	combined := graph.Combine(err)
	all, ok := combined.(graph.ValidationErrors)
	if !ok {
		return combined // nil, or not a problem of fields
	}
	var out graph.ValidationErrors
	for _, p := range all {
		if !seen[strings.TrimPrefix(p.Field, "input.")] {
			out = append(out, p)
		}
	}
	return out.Err()
}

// checkEntity validates the i-th entity record: it records a rejection or
// the entity's ref and returns the prepared write. After a validation pass
// (validated) it only re-prepares the records that passed.
func (im *importer) checkEntity(i int, loc Location, e Entity, rowErr error) (graph.Prepared, bool) {
	if !im.validated {
		im.entities++
		im.validating()
	}
	if im.validated {
		if im.badEntities[i] || rowErr != nil {
			return graph.Prepared{}, false
		}
		p, _, err := prepareEntity(im.caseID, im.region, e)
		return p, err == nil
	}
	kind := entityKind(e)
	var p graph.Prepared
	if rowErr != nil && isFieldProblem(rowErr) {
		// the record's other fields are checked too, so that one pass
		// reports all its problems
		_, _, perr := prepareEntity(im.caseID, im.region, e)
		rowErr = graph.Combine(rowErr, otherFields(perr, rowErr))
	} else if rowErr == nil {
		var roles []graph.Label
		p, roles, rowErr = prepareEntity(im.caseID, im.region, e)
		if rowErr == nil && len(p.Entity.Warnings) > 0 && im.opts.Strict {
			rowErr = p.Entity.Warnings // --strict: a value left out is an error
		}
		if rowErr == nil {
			if _, dup := im.refs[e.Ref]; dup {
				rowErr = fieldError("ref", e.Ref+" is used by an earlier entity of this file")
			} else {
				im.refs[e.Ref] = refInfo{id: p.ID(), kind: p.Kind(), roles: roles, global: e.ID != nil}
			}
		}
	}
	im.mu.Lock()
	defer im.mu.Unlock()
	if rowErr != nil {
		im.badEntities[i] = true
		if e.Ref != "" && im.refs[e.Ref].id == "" {
			im.rejectedRefs[e.Ref] = true
		}
		im.rep.reject(loc, kind, e.Ref, rowErr)
		return graph.Prepared{}, false
	}
	im.rep.counts(kind).Valid++
	im.rep.warn(loc, kind, e.Ref, p.Entity.Warnings)
	return p, true
}

// checkLink is checkEntity for links.
func (im *importer) checkLink(i int, loc Location, l Link, rowErr error) (graph.PreparedLink, bool) {
	if im.validated && (im.badLinks[i] || rowErr != nil) {
		return graph.PreparedLink{}, false
	}
	if !im.validated {
		im.links++
		im.validating()
	}
	var p graph.PreparedLink
	if rowErr != nil && isFieldProblem(rowErr) && !im.validated {
		im.mu.Lock()
		_, perr := prepareLink(im.caseID, l, im.refs, im.rejectedRefs)
		im.mu.Unlock()
		rowErr = graph.Combine(rowErr, otherFields(perr, rowErr))
	} else if rowErr == nil {
		im.mu.Lock() // entity writers may still mark refs rejected
		p, rowErr = prepareLink(im.caseID, l, im.refs, im.rejectedRefs)
		im.mu.Unlock()
		if rowErr == nil && len(p.Link.Warnings) > 0 && im.opts.Strict && !im.validated {
			rowErr = p.Link.Warnings
		}
	}
	im.mu.Lock()
	defer im.mu.Unlock()
	if rowErr != nil {
		// in a write pass after validation: an end was refused when it was written
		im.badLinks[i] = true
		im.rep.reject(loc, linkKind(l), "", rowErr)
		return graph.PreparedLink{}, false
	}
	if !im.validated {
		im.rep.counts(linkKind(l)).Valid++
		im.rep.warn(loc, linkKind(l), "", p.Link.Warnings)
	}
	return p, true
}

// validate is the first pass: every record is checked and refs collected,
// nothing is written.
func (im *importer) validate(src Source) error {
	if err := src.Entities(checkOnly(im.checkEntity)); err != nil {
		return err
	}
	err := src.Links(checkOnly(im.checkLink))
	im.validated = true
	if err == nil && im.opts.Progress != nil {
		im.opts.Progress(Progress{Stage: StageValidating, Done: im.entities + im.links})
	}
	return err
}

// validating tells Progress how many records validation has checked,
// every validateEvery records.
func (im *importer) validating() {
	if n := im.entities + im.links; im.opts.Progress != nil && n%validateEvery == 0 {
		im.opts.Progress(Progress{Stage: StageValidating, Done: n})
	}
}

// startStage begins a write stage of total records, and tells Progress.
func (im *importer) startStage(stage string, total int) {
	im.stage, im.done, im.total = stage, 0, total
	if im.opts.Progress != nil {
		im.opts.Progress(Progress{Stage: stage, Total: total})
	}
}

func (im *importer) saveCase(ctx context.Context, h *CaseHeader, exists bool, fileName string) error {
	var in graph.CaseFileInput
	switch {
	case h != nil:
		in = graph.CaseFileInput{ID: im.caseID, Title: h.Title, Agency: h.Agency, Country: h.Country, Classification: h.Classification,
			OpenedAt: h.OpenedAt, Status: h.Status, Description: h.Description, Fictional: h.Fictional}
	case exists:
		return nil
	default:
		in = graph.CaseFileInput{ID: im.caseID, Title: "Imported from " + fileName, Agency: "not given"}
	}
	if _, err := im.store.SaveCaseFile(ctx, in); err != nil {
		var verr graph.ValidationErrors
		if errors.As(err, &verr) {
			return &FileError{Location{File: im.rep.File, Record: "case"}, err.Error()}
		}
		return &RunError{err}
	}
	return nil
}

// pending is a record waiting in a batch, with what its report needs.
type pending struct {
	loc  Location
	kind string
	ref  string
}

// progress counts n records written in the current stage (under im.mu).
func (im *importer) progress(n int) {
	im.done += n
	if im.opts.Progress != nil {
		im.opts.Progress(Progress{Stage: im.stage, Done: im.done, Total: im.total})
	}
}

// writeEntities is the second pass: entities in batches.
func (im *importer) writeEntities(ctx context.Context, src Source) error {
	im.startStage(StageEntities, im.entities-len(im.badEntities))
	b := newBatcher(im, ctx, graph.Prepared.ID, func(ctx context.Context, rows []graph.Prepared) ([]graph.RowResult, error) {
		return im.store.WriteEntities(ctx, im.caseID, rows)
	})
	b.onRefused = func(p pending) { im.rejectedRefs[p.ref] = true } // its links are refused too
	err := src.Entities(checkAndBatch(im.checkEntity, b, func(loc Location, e Entity) pending { return pending{loc, entityKind(e), e.Ref} }))
	return b.close(err)
}

// compare is a dry run's pass with the database: the valid records, in
// batches as an import would write them, are looked up by id, to count
// those the graph does not hold yet (an import would create them) and
// those it holds (an import would update them or leave them unchanged).
func (im *importer) compare(ctx context.Context, src Source) error {
	scope := graph.AllCases()
	if im.opts.Scope != nil {
		scope = *im.opts.Scope
	}
	lookup := func(ctx context.Context, ids []string) ([]graph.RowResult, error) {
		stored, err := im.store.StoredIDs(ctx, scope, ids)
		if err != nil {
			return nil, err
		}
		out := make([]graph.RowResult, len(ids))
		for i, id := range ids {
			out[i].Created = !stored[id]
		}
		return out, nil
	}
	im.startStage(StageComparing, im.entities-len(im.badEntities)+im.links-len(im.badLinks))
	eb := newBatcher(im, ctx, graph.Prepared.ID, func(ctx context.Context, rows []graph.Prepared) ([]graph.RowResult, error) {
		ids := make([]string, len(rows))
		for i, r := range rows {
			ids[i] = r.ID()
		}
		return lookup(ctx, ids)
	})
	err := src.Entities(checkAndBatch(im.checkEntity, eb, func(loc Location, e Entity) pending { return pending{loc, entityKind(e), e.Ref} }))
	if err := eb.close(err); err != nil {
		return err
	}
	lb := newBatcher(im, ctx, graph.PreparedLink.ID, func(ctx context.Context, rows []graph.PreparedLink) ([]graph.RowResult, error) {
		ids := make([]string, len(rows))
		for i, r := range rows {
			ids[i] = r.ID()
		}
		return lookup(ctx, ids)
	})
	err = src.Links(checkAndBatch(im.checkLink, lb, func(loc Location, l Link) pending { return pending{loc, linkKind(l), ""} }))
	return lb.close(err)
}

// writeLinks is the third pass: links in batches, after every node exists.
func (im *importer) writeLinks(ctx context.Context, src Source) error {
	im.startStage(StageLinks, im.links-len(im.badLinks))
	b := newBatcher(im, ctx, graph.PreparedLink.ID, func(ctx context.Context, rows []graph.PreparedLink) ([]graph.RowResult, error) {
		scope := graph.AllCases()
		if im.opts.Scope != nil {
			scope = *im.opts.Scope
		}
		return im.store.WriteLinks(ctx, scope, im.caseID, rows)
	})
	err := src.Links(checkAndBatch(im.checkLink, b, func(loc Location, l Link) pending { return pending{loc, linkKind(l), ""} }))
	return b.close(err)
}
