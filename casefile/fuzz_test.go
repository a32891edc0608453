package casefile

// Fuzz targets for the three case-file formats. They drive the importer's
// own validation pass (importer.validate, then a simulated write pass), which
// needs no database, and assert:
//
//   - reading never panics; a file is either read record by record or
//     refused with a *FileError that names the file;
//   - every rejected record names its place (JSON: entities[i]/links[i],
//     CSV and FtM: a line) and, where the record could be read as an object,
//     its field;
//   - no error, rejection or printed report repeats the value of a sensitive
//     field (identifiers, account numbers, IBANs): the marker fuzzMarker
//     (and its digits, as a phone number) sits in such fields in the seeds;
//   - the write pass sees exactly the records the validation pass saw, and
//     accepts exactly the ones it accepted, with the same ids;
//   - a record read from any format writes back to the JSON case format and
//     reads again to the same record, which validates the same way; a valid
//     record's identifiers and account key normalise to themselves.
//
// Run one with: go test -run '^$' -fuzz '^FuzzCSVSheet$' -fuzztime 30s ./casefile/
// (scripts/fuzz.sh runs them all).

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/graph"
)

// fuzzMarker is a passport number that must never be printed back; its
// digits alone are the phone-number form of the same marker.
const fuzzMarker = "ZZ98765432"

var fuzzMarkers = []string{fuzzMarker, "98765432"}

// fuzzHostile are strings every format is seeded with: injection attempts
// against Cypher and GraphQL, quoting, control and invalid bytes, a 100 KB
// value and the scripts of the region.
var fuzzHostile = []string{
	`'}) MATCH (n) DETACH DELETE n //`,
	`"}) MATCH (n) DETACH DELETE n //`,
	"`}) CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {}) //",
	`$caseId}) SET n.admin = true WITH n MATCH (m) DETACH DELETE m //`,
	`{ __schema { types { name fields { name } } } }`,
	`mutation { deleteCase(id: "TEST") { ok } } #`,
	`") { id } __typename } query q { node(id: "x`,
	`'"` + "`" + `\'\"\\\n\r\t`,
	`\\\\\\\u0000\\`,
	"a\x00b",
	"\x00",
	"\xff\xfe\xfd",
	"\xc3\x28\xa0\xa1\xe2\x28\xa1",
	"\xef\xbb\xbf\ufeff",
	strings.Repeat("ก", 100<<10/3) + strings.Repeat("Z", 100<<10%3),
	"สมชาย รัตนกร",
	"សុខ ដារ៉ា",
	"김민준",
	"王小明",
	"Nguyễn Văn An",
	"สมชาย សុខ 김민준 王小明 Nguyễn Thị \u200b\u200d\u202e\u0301",
}

// FuzzJSONCaseFile reads a JSON case file held in memory.
func FuzzJSONCaseFile(f *testing.F) {
	for _, name := range []string{"good-case.json", "bad-rows.json", "unparseable.json"} {
		f.Add(fuzzRead(f, "../testdata/json/"+name))
	}
	for _, seed := range fuzzJSONSeeds() {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		const name = "fuzz.json"
		texts := fuzzClassifyJSON(data)
		fuzzRun(t, NewJSONSourceBytes(name, data), name, "", texts, func(r Rejection) string {
			switch {
			case r.File != name || r.Line != 0 || !fuzzRecordPattern.MatchString(r.Record):
				return "does not name its record as entities[i] or links[i] of " + name
			case r.Field == "" && texts.objects[r.Record] && r.Reason != "unknown field": // a field named ""
				return "does not name the field of a record that is a JSON object"
			}
			return ""
		})
	})
}

var fuzzRecordPattern = regexp.MustCompile(`^(entities|links)\[[0-9]+\]$`)

// FuzzCSVSheet reads case.csv, entities.csv and links.csv from a folder or,
// when zipped, from a .zip. An empty sheet is a missing one.
func FuzzCSVSheet(f *testing.F) {
	for _, dir := range []string{"good", "bad-column", "bad-rows"} {
		var sheets [3][]byte
		for i, sheet := range fuzzSheets {
			if b, err := os.ReadFile(filepath.Join("../testdata/csv", dir, sheet)); err == nil {
				sheets[i] = b
			} else if !errors.Is(err, os.ErrNotExist) {
				f.Fatal(err)
			}
		}
		f.Add(sheets[0], sheets[1], sheets[2], false)
		f.Add(sheets[0], sheets[1], sheets[2], true)
	}
	for i, seed := range fuzzCSVSeeds() {
		f.Add(seed[0], seed[1], seed[2], i%4 == 0)
	}
	dir := f.TempDir() // one per fuzzing process, which runs one input at a time
	f.Fuzz(func(t *testing.T, caseCSV, entitiesCSV, linksCSV []byte, zipped bool) {
		sheets := [3][]byte{caseCSV, entitiesCSV, linksCSV}
		name, path := "sheets", filepath.Join(dir, "sheets")
		if err := os.RemoveAll(path); err != nil {
			t.Fatal(err)
		}
		if zipped {
			name, path = "sheets.zip", filepath.Join(dir, "sheets.zip")
			fuzzWriteZip(t, path, sheets)
		} else {
			if err := os.Mkdir(path, 0o755); err != nil {
				t.Fatal(err)
			}
			for i, b := range sheets {
				if len(b) > 0 {
					fuzzWrite(t, filepath.Join(path, fuzzSheets[i]), b)
				}
			}
		}
		texts := &fuzzTexts{}
		for i, b := range sheets {
			fuzzClassifyCSV(t, texts, fuzzSheets[i], b)
		}
		src, err := NewCSVSource(path, name)
		if err != nil {
			t.Fatalf("NewCSVSource: %v", err)
		}
		fuzzRun(t, src, name, "", texts, func(r Rejection) string {
			switch {
			case r.File != name+"/entities.csv" && r.File != name+"/links.csv", r.Line <= 0:
				return "does not name the sheet and line"
			case r.Field == "":
				return "does not name its column"
			}
			return ""
		})
	})
}

// FuzzFtMLines reads FollowTheMoney JSON lines; region stands for the
// country of the case named with --case (national phone numbers).
func FuzzFtMLines(f *testing.F) {
	for _, name := range []string{"good.ftm.jsonl", "bad.ftm.jsonl"} {
		data := fuzzRead(f, "../testdata/ftm/"+name)
		f.Add(data, "")
		f.Add(data, "KH")
	}
	for i, seed := range fuzzFtMSeeds() {
		f.Add(seed, []string{"", "TH", "KR", "xx"}[i%4])
	}
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, data []byte, region string) {
		const name = "fuzz.ftm.jsonl"
		path := filepath.Join(dir, name)
		fuzzWrite(t, path, data)
		if _, err := Detect(path); err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || fe.Loc.File != name {
				t.Fatalf("Detect: %v does not name the file", err)
			}
		}
		texts := fuzzClassifyFtM(data)
		fuzzRun(t, NewFtMSource(path, name), name, region, texts, func(r Rejection) string {
			switch {
			case r.File != name || r.Line <= 0:
				return "does not name its line"
			case r.Field == "" && !strings.HasPrefix(r.Reason, "not a JSON object"):
				return "does not name its field"
			}
			return ""
		})
	})
}

// fuzzRun validates the source as an import would (header, validation
// pass, write pass without the database) and checks every property.
// checkRow says what is wrong with a rejection's place, or "".
func fuzzRun(t *testing.T, src Source, name, region string, texts *fuzzTexts, checkRow func(Rejection) string) {
	t.Helper()
	header, err := src.Header()
	if err != nil {
		fuzzFileError(t, err, name, texts)
		return
	}
	caseID := "FUZZ-1" // as given with --case
	if header != nil && header.ID != "" {
		caseID = header.ID
	}
	if header != nil && header.Country != nil {
		if c, err := graph.NormalizeCountry(*header.Country); err == nil {
			region = c
		}
	}
	rec := &fuzzStream{Source: src}
	im := &importer{rep: newReport(name), caseID: caseID, region: region,
		refs: map[string]refInfo{}, rejectedRefs: map[string]bool{}, badEntities: map[int]bool{}, badLinks: map[int]bool{}}
	if err := im.validate(rec); err != nil {
		fuzzFileError(t, err, name, texts)
		return
	}
	rep := im.rep

	// Every record was counted once, as valid or rejected, and every
	// rejection says where and why.
	seen := len(rec.entities[0]) + len(rec.links[0])
	counted := 0
	for _, c := range rep.Counts {
		counted += c.Valid + c.Rejected
	}
	if counted != seen {
		t.Fatalf("%d records read, %d counted valid or rejected", seen, counted)
	}
	for _, r := range rep.Rejections {
		if r.Reason == "" {
			t.Fatalf("rejection without a reason: %s", fuzzShort(r.String()))
		}
		if what := checkRow(r); what != "" {
			t.Fatalf("rejection %s", fuzzShort(fmt.Sprintf("%q %s (file %q line %d record %q field %q)", r.String(), what, r.File, r.Line, r.Record, r.Field)))
		}
	}
	var text bytes.Buffer
	rep.finish()
	rep.WriteText(&text)
	texts.checkNoLeak(t, "the report", text.String())

	// A valid record's normalised values normalise to themselves.
	for i, r := range rec.entities[0] {
		if r.err == nil && !im.badEntities[i] {
			fuzzCheckNormalised(t, r.e, caseID, region)
		}
	}

	// The record written back as JSON reads again as the same record, and
	// validates the same way (CSV and FtM records go through the JSON
	// case format's decoding; JSON ones must be a fixed point).
	for _, r := range rec.entities[0] {
		if r.err != nil {
			continue
		}
		var again Entity
		fuzzRoundTrip(t, r.e, &again)
		p1, roles1, err1 := prepareEntity(caseID, region, r.e)
		p2, roles2, err2 := prepareEntity(caseID, region, again)
		differs := fuzzErrKey(err1) != fuzzErrKey(err2) // ids matter when valid
		if err1 == nil && (p1.ID() != p2.ID() || p1.Kind() != p2.Kind() || !slices.Equal(roles1, roles2)) {
			differs = true
		}
		if differs {
			t.Fatalf("entity at %s validates differently once written back as JSON:\n%s %s %v %s\n%s %s %v %s", r.loc,
				p1.ID(), p1.Kind(), roles1, fuzzShort(fuzzErrKey(err1)), p2.ID(), p2.Kind(), roles2, fuzzShort(fuzzErrKey(err2)))
		}
	}
	for _, r := range rec.links[0] {
		if r.err != nil {
			continue
		}
		var again Link
		fuzzRoundTrip(t, r.l, &again)
		p1, err1 := prepareLink(caseID, r.l, im.refs, im.rejectedRefs)
		p2, err2 := prepareLink(caseID, again, im.refs, im.rejectedRefs)
		if fuzzErrKey(err1) != fuzzErrKey(err2) || err1 == nil && (p1.ID() != p2.ID() || p1.Type() != p2.Type()) {
			t.Fatalf("link at %s validates differently once written back as JSON:\n%s %s\n%s %s", r.loc,
				p1.ID(), fuzzShort(fuzzErrKey(err1)), p2.ID(), fuzzShort(fuzzErrKey(err2)))
		}
	}

	// The write passes read the file again: they must see the same records
	// in the same order (the importer skips refused ones by ordinal) and
	// accept exactly what validation accepted, with the same ids.
	n := 0
	err = rec.Entities(func(loc Location, e Entity, rowErr error) error {
		p, ok := im.checkEntity(n, loc, e, rowErr)
		if ok == im.badEntities[n] {
			t.Fatalf("entity %d at %s: validation said bad=%v, the write pass accepted=%v", n, loc, im.badEntities[n], ok)
		}
		if ok && p.ID() != im.refs[e.Ref].id {
			t.Fatalf("entity %d at %s: id %q in the write pass, %q in validation", n, loc, p.ID(), im.refs[e.Ref].id)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatalf("the write pass over entities failed where validation did not: %v", err)
	}
	n = 0
	err = rec.Links(func(loc Location, l Link, rowErr error) error {
		bad := im.badLinks[n]
		if _, ok := im.checkLink(n, loc, l, rowErr); ok == bad {
			t.Fatalf("link %d at %s: validation said bad=%v, the write pass accepted=%v", n, loc, bad, ok)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatalf("the write pass over links failed where validation did not: %v", err)
	}
	for _, passes := range [][][]fuzzRecord{rec.entities, rec.links} {
		a, b := passes[0], passes[1]
		if len(a) != len(b) {
			t.Fatalf("validation read %d records, the write pass %d", len(a), len(b))
		}
		for i := range a {
			if a[i].snapshot != b[i].snapshot {
				t.Fatalf("record %d differs between passes:\n%s\n%s", i, fuzzShort(a[i].snapshot), fuzzShort(b[i].snapshot))
			}
		}
	}
}

// fuzzFileError checks a whole-file rejection.
func fuzzFileError(t *testing.T, err error, name string, texts *fuzzTexts) {
	t.Helper()
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("%T is not a *FileError naming the file: %s", err, fuzzShort(err.Error()))
	}
	if fe.Loc.File != name && !strings.HasPrefix(fe.Loc.File, name+"/") || fe.Reason == "" {
		t.Fatalf("file error does not name %s or has no reason: %s", name, fuzzShort(err.Error()))
	}
	texts.checkNoLeak(t, "the file error", err.Error())
}

// fuzzStream records what each pass over a source streamed.
type fuzzStream struct {
	Source
	entities, links [][]fuzzRecord
}

type fuzzRecord struct {
	loc      Location
	e        Entity
	l        Link
	err      error
	snapshot string
}

func (s *fuzzStream) Entities(fn EntityFunc) error {
	var pass []fuzzRecord
	err := s.Source.Entities(func(loc Location, e Entity, rowErr error) error {
		// the FtM source shares identifier slices between records of one id
		e.Identifiers, e.Aliases, e.Roles = slices.Clone(e.Identifiers), slices.Clone(e.Aliases), slices.Clone(e.Roles)
		e.Nationality, e.ControlMethods, e.ScamTypes = slices.Clone(e.Nationality), slices.Clone(e.ControlMethods), slices.Clone(e.ScamTypes)
		pass = append(pass, fuzzRecord{loc: loc, e: e, err: rowErr, snapshot: fuzzSnapshot(loc, e, rowErr)})
		return fn(loc, e, rowErr)
	})
	s.entities = append(s.entities, pass)
	return err
}

func (s *fuzzStream) Links(fn LinkFunc) error {
	var pass []fuzzRecord
	err := s.Source.Links(func(loc Location, l Link, rowErr error) error {
		pass = append(pass, fuzzRecord{loc: loc, l: l, err: rowErr, snapshot: fuzzSnapshot(loc, l, rowErr)})
		return fn(loc, l, rowErr)
	})
	s.links = append(s.links, pass)
	return err
}

func fuzzSnapshot(loc Location, record any, err error) string {
	b, merr := json.Marshal(record)
	if merr != nil {
		b = fmt.Appendf(nil, "%#v", record)
	}
	return loc.String() + " " + string(b) + " " + fuzzErrKey(err)
}

// fuzzErrKey is an error's text with its problems in a fixed order.
func fuzzErrKey(err error) string {
	if err == nil {
		return ""
	}
	var many graph.ValidationErrors
	if errors.As(err, &many) {
		parts := make([]string, len(many))
		for i, e := range many {
			parts[i] = e.Error()
		}
		sort.Strings(parts)
		return strings.Join(parts, "; ")
	}
	return err.Error()
}

// fuzzRoundTrip writes a record as JSON and reads it back with the JSON case
// format's strict decoding: it must read, and write the same JSON again.
func fuzzRoundTrip[T any](t *testing.T, record T, again *T) {
	t.Helper()
	b1, err := json.Marshal(record)
	if err != nil {
		t.Fatalf("a record read from the file cannot be written as JSON: %v", err)
	}
	if err := strictUnmarshal(b1, again); err != nil {
		t.Fatalf("a record read from the file does not read back from its JSON %s: %v", fuzzShort(string(b1)), err)
	}
	b2, err := json.Marshal(*again)
	if err != nil || !reflect.DeepEqual(fuzzGeneric(b1), fuzzGeneric(b2)) {
		t.Fatalf("a record changes when written and read again:\n%s\n%s %v", fuzzShort(string(b1)), fuzzShort(string(b2)), err)
	}
}

// fuzzGeneric decodes JSON as values, so that two spellings of one string
// (an escape, or invalid UTF-8 and its replacement character) compare equal.
func fuzzGeneric(b []byte) any {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return err.Error()
	}
	return v
}

// fuzzCheckNormalised checks a valid entity's identifiers and account key:
// normalising the normalised value again gives the same key.
func fuzzCheckNormalised(t *testing.T, e Entity, caseID, region string) {
	t.Helper()
	for _, id := range e.Identifiers {
		key, norm, err := graph.IdentifierKey(string(id.Kind), id.Value, region)
		if err != nil {
			t.Fatalf("an accepted entity has an identifier of kind %s that does not normalise: %v", id.Kind, err)
		}
		key2, norm2, err := graph.IdentifierKey(string(id.Kind), norm, region)
		if err != nil || key2 != key || norm2 != norm {
			t.Fatalf("identifier of kind %s: normalised %q (key %q), normalised again %q (key %q, %v)", id.Kind, norm, key, norm2, key2, err)
		}
	}
	if e.Type != "BankAccount" || e.ID != nil {
		return
	}
	country := ""
	if e.Country != nil {
		country, _ = graph.NormalizeCountry(*e.Country)
	}
	args := func(number, iban string) (string, string, string, graph.ValidationErrors) {
		return graph.AccountKey(deref(e.Kind), country, strings.TrimSpace(deref(e.Chain)), strings.TrimSpace(deref(e.BankCode)),
			strings.TrimSpace(deref(e.Institution)), number, iban)
	}
	key, number, iban, errs := args(strings.TrimSpace(deref(e.AccountNumber)), strings.TrimSpace(deref(e.Iban)))
	if len(errs) > 0 {
		t.Fatalf("an accepted account has a key with problems: %v", errs)
	}
	key2, number2, iban2, errs := args(number, iban)
	if len(errs) > 0 || key2 != key || number2 != number || iban2 != iban {
		t.Fatalf("account key %q (number %q, IBAN %q) normalises again to %q (%q, %q, %v)", key, number, iban, key2, number2, iban2, errs)
	}
	if p, _, err := prepareEntity(caseID, region, e); err != nil || p.ID() != "account:"+key {
		t.Fatalf("account prepared as %q (%v), its key is %q", p.ID(), err, key)
	}
}

// fuzzTexts holds the strings of an input sorted into the values of
// sensitive fields and everything else (other values, keys, column names,
// unparsed rest), to tell a leak from a value that is echoed legitimately
// (a ref, a column name).
type fuzzTexts struct {
	sensitive, other []string
	// objects: the JSON case file's records (entities[i]) that are objects.
	objects map[string]bool
}

func (x *fuzzTexts) add(sensitive bool, s string) {
	if sensitive {
		x.sensitive = append(x.sensitive, fuzzCanon(s))
	} else {
		x.other = append(x.other, fuzzCanon(s))
	}
}

// fuzzCanon is the form in which a value is looked for in messages: upper
// case, without the separators normalisation drops.
func fuzzCanon(s string) string {
	return strings.ToUpper(strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '.', '/', '+', '(', ')', '_', '\t', '\u00a0':
			return -1
		}
		return r
	}, s))
}

// checkNoLeak fails when msg repeats a marker that the input has only in
// sensitive fields.
func (x *fuzzTexts) checkNoLeak(t *testing.T, what, msg string) {
	t.Helper()
	canon := fuzzCanon(msg)
	for _, m := range fuzzMarkers {
		m = fuzzCanon(m)
		contains := func(s string) bool { return strings.Contains(s, m) }
		if slices.ContainsFunc(x.sensitive, contains) && !slices.ContainsFunc(x.other, contains) && contains(canon) {
			for _, line := range strings.Split(msg, "\n") {
				if contains(fuzzCanon(line)) {
					msg = line
					break
				}
			}
			t.Fatalf("%s repeats the sensitive value %s: %s", what, m, fuzzShort(msg))
		}
	}
}

// fuzzClassifyJSON walks a JSON case file's tokens: strings under
// entities[*].identifiers (but not an identifier's kind), .accountNumber
// and .iban are sensitive (field names match case-insensitively, as the
// decoder does).
func fuzzClassifyJSON(data []byte) *fuzzTexts {
	x := &fuzzTexts{objects: map[string]bool{}}
	type frame struct {
		object, wantKey bool
		key             string
		index           int
	}
	var stack []*frame
	sensitive := func() bool {
		var path []string
		for _, f := range stack {
			if f.object {
				path = append(path, f.key)
			} else {
				path = append(path, "*")
			}
		}
		if len(path) < 3 || path[0] != "entities" || path[1] != "*" {
			return false
		}
		switch {
		case strings.EqualFold(path[2], "accountNumber"), strings.EqualFold(path[2], "iban"):
			return true
		case strings.EqualFold(path[2], "identifiers"):
			return !(len(path) >= 5 && strings.EqualFold(path[4], "kind"))
		}
		return false
	}
	afterValue := func() {
		if len(stack) > 0 && stack[len(stack)-1].object {
			stack[len(stack)-1].wantKey = true
		}
	}
	beforeValue := func(isObject bool) {
		if len(stack) == 2 && !stack[1].object && stack[0].object && (stack[0].key == "entities" || stack[0].key == "links") {
			x.objects[fmt.Sprintf("%s[%d]", stack[0].key, stack[1].index)] = isObject
			stack[1].index++
		}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			if err != io.EOF {
				x.add(false, string(data[min(int(off), len(data)):]))
			}
			return x
		}
		top := (*frame)(nil)
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if top != nil && top.object && top.wantKey {
			if k, ok := tok.(string); ok {
				top.key, top.wantKey = k, false
				x.add(false, k)
				continue
			}
		}
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{', '[':
				beforeValue(v == '{')
				stack = append(stack, &frame{object: v == '{', wantKey: v == '{'})
			default:
				stack = stack[:len(stack)-1]
				afterValue()
			}
		case string:
			beforeValue(false)
			x.add(sensitive(), v)
			afterValue()
		case json.Number:
			beforeValue(false)
			x.add(sensitive(), v.String())
			afterValue()
		default:
			beforeValue(false)
			afterValue()
		}
	}
}

// fuzzClassifyCSV reads a sheet as the source does: cells of the
// identifiers, accountNumber and iban columns of entities.csv are
// sensitive. It also checks that the spreadsheet conversions are stable
// and produce what the model accepts.
func fuzzClassifyCSV(t *testing.T, x *fuzzTexts, sheet string, data []byte) {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	r.TrimLeadingSpace = true
	var header []string
	for {
		off := r.InputOffset()
		rec, err := r.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			x.add(false, string(data[min(int(off), len(data)):]))
			return
		}
		if header == nil {
			for _, h := range rec {
				h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
				header = append(header, h)
				x.add(false, h)
			}
			continue
		}
		for i, v := range rec {
			col := ""
			if i < len(header) {
				col = header[i]
			}
			x.add(sheet == "entities.csv" && (col == "identifiers" || col == "accountNumber" || col == "iban"), v)
			v = strings.TrimSpace(v)
			switch {
			case v == "":
			case dateColumns[col]:
				for _, order := range []string{"", DateOrderDMY, DateOrderMDY} {
					if d, err := spreadsheetDate(v, order, false, order != ""); err == nil {
						if d2, err := spreadsheetDate(d, "", false, false); err != nil || d2 != d {
							t.Fatalf("date %q reads as %q, which reads as %q (%v)", v, d, d2, err)
						}
					}
				}
			case decimalColumns[col]:
				for _, format := range []string{"", DecimalPoint, DecimalComma} {
					if a, err := spreadsheetAmount(v, format, false, format != ""); err == nil {
						// what is read is written with a decimal point
						if a2, err := spreadsheetAmount(string(a), DecimalPoint, false, true); err != nil || a2 != a {
							t.Fatalf("amount %q reads as %q, which reads as %q (%v)", v, a, a2, err)
						}
						if _, err := graph.ParseDecimal(string(a)); err != nil {
							t.Fatalf("amount %q reads as %q, which is not a decimal: %v", v, a, err)
						}
					}
				}
			}
		}
	}
}

// fuzzFtMSensitive are the FtM properties that carry identifiers and
// account numbers.
var fuzzFtMSensitive = map[string]bool{"phone": true, "email": true, "passportNumber": true, "idNumber": true,
	"number": true, "accountNumber": true, "iban": true, "publicKey": true}

// fuzzClassifyFtM reads the lines as the source does.
func fuzzClassifyFtM(data []byte) *fuzzTexts {
	x := &fuzzTexts{}
	var walk func(sensitive bool, v any)
	walk = func(sensitive bool, v any) {
		switch v := v.(type) {
		case string:
			x.add(sensitive, v)
		case json.Number:
			x.add(sensitive, v.String())
		case []any:
			for _, e := range v {
				walk(sensitive, e)
			}
		case map[string]any:
			for k, e := range v {
				x.add(false, k)
				walk(false, e)
			}
		}
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		text := strings.TrimSpace(strings.TrimPrefix(sc.Text(), "\ufeff"))
		dec := json.NewDecoder(strings.NewReader(text))
		dec.UseNumber()
		var obj map[string]any
		if dec.Decode(&obj) != nil {
			x.add(false, text)
			continue
		}
		for k, v := range obj {
			x.add(false, k)
			props, ok := v.(map[string]any)
			if !strings.EqualFold(k, "properties") || !ok {
				walk(false, v)
				continue
			}
			for p, values := range props {
				x.add(false, p)
				walk(fuzzFtMSensitive[p], values)
			}
		}
	}
	if sc.Err() != nil {
		x.add(false, string(data))
	}
	return x
}

var fuzzSheets = [3]string{"case.csv", "entities.csv", "links.csv"}

func fuzzRead(f *testing.F, path string) []byte {
	b, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	return b
}

func fuzzWrite(t *testing.T, path string, b []byte) {
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func fuzzWriteZip(t *testing.T, path string, sheets [3][]byte) {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	for i, b := range sheets {
		if len(b) == 0 {
			continue
		}
		w, err := z.Create("export/" + fuzzSheets[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	fuzzWrite(t, path, buf.Bytes())
}

func fuzzShort(s string) string {
	if len(s) > 400 {
		return fmt.Sprintf("%s... (%d bytes)", s[:400], len(s))
	}
	return s
}

// fuzzSensitiveSeeds are values of sensitive fields that are refused, so
// that their refusal is reported: each carries the marker.
var fuzzSensitiveSeeds = []graph.IdentifierInput{
	{Kind: "PASSPORT", Value: fuzzMarker},                       // valid: the entity is refused for another field
	{Kind: "PASSPORT", Value: fuzzMarker + "!!"},                // not a document number
	{Kind: "NATIONAL_ID", Value: fuzzMarker + "-" + fuzzMarker}, // too long
	{Kind: "PHONE", Value: fuzzMarker},
	{Kind: "PHONE", Value: "+66 98765432 99 99"},
	{Kind: "WHATSAPP", Value: "98765432"},
	{Kind: "EMAIL", Value: "zz98765432@"},
	{Kind: "TELEGRAM", Value: "@" + fuzzMarker + "!"},
	{Kind: "SIGNAL", Value: fuzzMarker},
	{Kind: "", Value: fuzzMarker},
}

func fuzzJSONSeeds() [][]byte {
	s := func(v string) *string { return &v }
	var seeds [][]byte
	add := func(c Case) {
		b, err := json.Marshal(c)
		if err != nil {
			panic(err)
		}
		seeds = append(seeds, b)
	}
	header := CaseHeader{ID: "FUZZ-TH-1", Title: "fuzz", Agency: "fuzz agency", Country: s("TH")}
	// the marker in every sensitive field, next to a refused field
	var marked []Entity
	for i, id := range fuzzSensitiveSeeds {
		marked = append(marked, Entity{Ref: fmt.Sprintf("V%d", i), Type: "Victim", Name: s("Marked"), Nationality: stringOrList{"XQ"},
			Identifiers: []graph.IdentifierInput{id}})
	}
	marked = append(marked,
		Entity{Ref: "A1", Type: "BankAccount", Kind: s("BANK"), AccountNumber: s(fuzzMarker)},
		Entity{Ref: "A2", Type: "BankAccount", Kind: s("BANK"), Country: s("TH"), Institution: s("Bank"), AccountNumber: s(fuzzMarker + "!")},
		Entity{Ref: "A3", Type: "BankAccount", Kind: s("BANK"), Iban: s(fuzzMarker)},
		Entity{Ref: "A4", Type: "BankAccount", Kind: s("CRYPTO_WALLET"), AccountNumber: s("0x" + fuzzMarker)},
		Entity{Ref: "A5", Type: "BankAccount", Kind: s("CRYPTO_WALLET"), Chain: s("TRON"), AccountNumber: s(fuzzMarker), Currency: s("ZZZ")})
	add(Case{Case: header, Entities: marked, Links: []Link{{Type: "HOLDS", From: "V0", To: "A1"}, {Type: "PAID", From: "V1", To: "A3"}}})
	// sensitive values of the wrong JSON type
	seeds = append(seeds, []byte(`{"case": {"id": "FUZZ-2", "title": "t", "agency": "a"}, "entities": [
{"ref": "V1", "type": "Victim", "name": "n", "identifiers": [{"kind": "PASSPORT", "value": 98765432}]},
{"ref": "V2", "type": "Victim", "name": "n", "identifiers": [{"kind": "PHONE", "value": ["ZZ98765432"]}]},
{"ref": "V3", "type": "Victim", "name": "n", "identifiers": {"kind": "PHONE", "value": "ZZ98765432"}},
{"ref": "A1", "type": "BankAccount", "kind": "BANK", "accountNumber": 98765432},
{"ref": "A2", "type": "BankAccount", "kind": "BANK", "iban": {"ZZ": "ZZ98765432"}},
{"ref": "V4", "type": "Victim", "name": "n", "nationality": ["KR", "TH"], "birthDate": 1999},
"ZZ98765432"],
"links": [{"type": "PAID", "from": "V1", "to": "A1", "amount": "1e-30", "currency": "USD"}, 7]}`))
	// hostile strings in every kind of field (a long one in one field)
	for _, h := range fuzzHostile {
		if len(h) > 1000 {
			add(Case{Case: header, Entities: []Entity{{Ref: "V1", Type: "Victim", Name: s(h), Identifiers: []graph.IdentifierInput{{Kind: "PASSPORT", Value: h}}}}})
			continue
		}
		e := []Entity{
			{Ref: "R1", Type: "Recruiter", Name: s(h), Aliases: []string{h, "x"}, Identifiers: []graph.IdentifierInput{{Kind: "PASSPORT", Value: h}, {Kind: "PHONE", Value: h}}},
			{Ref: h, Type: "Victim", Name: s("v"), Status: s(h)},
			{Ref: "C1", Type: "Compound", Name: s("c"), City: s(h), Address: s(h), Country: s(h)},
			{Ref: "A1", Type: "BankAccount", Kind: s("BANK"), Country: s("TH"), Institution: s(h), AccountNumber: s(h)},
		}
		l := []Link{{Type: "RECRUITED", From: "R1", To: h, PromisedJob: s(h)}, {Type: h, From: "R1", To: "C1"}, {Type: "HOLDS", From: "R1", To: "A1", Role: s(h)}}
		hc := header
		hc.Title, hc.Description = h, s(h)
		add(Case{Case: hc, Entities: e, Links: l})
		// and written raw into the JSON text, unescaped
		seeds = append(seeds, []byte(`{"case": {"id": "FUZZ-3", "title": "`+h+`", "agency": "a"}, "entities": [{"ref": "`+h+`", "type": "Victim", "name": "`+h+`"}], "links": []}`))
	}
	return seeds
}

func fuzzCSVSeeds() [][3][]byte {
	var seeds [][3][]byte
	sheet := func(rows ...[]string) []byte {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		_ = w.WriteAll(rows)
		return b.Bytes()
	}
	caseCSV := sheet([]string{"\ufeffid", "title", "agency", "country"}, []string{"FUZZ-CSV-1", "fuzz", "fuzz agency", "th"})
	var idCells []string
	for _, id := range fuzzSensitiveSeeds {
		idCells = append(idCells, string(id.Kind)+":"+id.Value)
	}
	rows := [][]string{{"ref", "type", "name", "nationality", "identifiers", "kind", "country", "institution", "accountNumber", "iban", "birthDate"}}
	for i, cell := range idCells {
		rows = append(rows, []string{fmt.Sprintf("V%d", i), "Victim", "Marked", "XQ", cell, "", "", "", "", "", ""})
	}
	rows = append(rows,
		[]string{"V90", "Victim", "Marked", "TH", "PASSPORT:" + fuzzMarker + "; " + fuzzMarker, "", "", "", "", "", ""},
		[]string{"V91", "Victim", "Marked", "TH", "PASSPORT:" + fuzzMarker, "", "", "", "", "", "31/02/1999"},
		[]string{"A1", "BankAccount", "", "", "", "BANK", "", "", fuzzMarker, "", ""},
		[]string{"A2", "BankAccount", "", "", "", "BANK", "TH", "Bank", fuzzMarker + "!", fuzzMarker, ""})
	links := sheet([]string{"type", "from", "to", "date", "amount", "currency", "amountUsd"},
		[]string{"PAID", "V1", "A1", "2024-07-01 10:00", "1.500,00", "USD", "12 500,50"},
		[]string{"TRANSFERRED", "A1", "A2", "01/07/2024", "1,250,000", "THB", "0,5"})
	seeds = append(seeds, [3][]byte{caseCSV, sheet(rows...), links})
	for _, h := range fuzzHostile {
		if len(h) > 1000 {
			seeds = append(seeds, [3][]byte{caseCSV, sheet([]string{"ref", "type", "name", "identifiers"}, []string{"V1", "Victim", h, "PASSPORT:" + h}), nil})
			continue
		}
		ents := sheet([]string{"ref", "type", "name", "aliases", "identifiers", "city", "lat", "lon", "estimatedWorkers", "consentToShare"},
			[]string{"P1", "Victim", h, h + ";" + h, "PASSPORT:" + h + ";PHONE:" + h, "", "", "", "", h},
			[]string{h, "Compound", "c", "", "", h, h, "1", h, ""})
		lnk := sheet([]string{"type", "from", "to", "date", "amount", "reference"}, []string{"PAID", "P1", h, h, h, h}, []string{h, h, h, "", "", ""})
		seeds = append(seeds, [3][]byte{sheet([]string{"id", "title", "agency"}, []string{"FUZZ-CSV-2", h, h}), ents, lnk})
		// and raw, unquoted
		seeds = append(seeds, [3][]byte{nil, []byte("ref,type,name\nP1,Victim," + h + "\n" + h + ",Victim,x\n"), []byte("type,from,to\n" + h + ",P1,P1\n")})
	}
	return seeds
}

func fuzzFtMSeeds() [][]byte {
	var seeds [][]byte
	line := func(id, schema string, props map[string][]string) string {
		b, err := json.Marshal(map[string]any{"id": id, "schema": schema, "properties": props})
		if err != nil {
			panic(err)
		}
		return string(b) + "\n"
	}
	m := fuzzMarker
	seeds = append(seeds, []byte(
		line("p1", "Person", map[string][]string{"name": {"Marked"}, "passportNumber": {m + "!"}, "phone": {"98765432"}, "nationality": {"xq"}})+
			line("p2", "Person", map[string][]string{"name": {"Marked"}, "idNumber": {m + "-" + m}, "email": {m + "@"}})+
			line("pp1", "Passport", map[string][]string{"holder": {"p2"}, "number": {"ZZ 9876 5432 !"}})+
			line("id1", "Identification", map[string][]string{"holder": {"p1"}, "number": {m}, "type": {"passport"}})+
			line("ua1", "UserAccount", map[string][]string{"owner": {"p1"}, "service": {"whatsapp"}, "phone": {m}})+
			line("ba1", "BankAccount", map[string][]string{"accountNumber": {m}, "iban": {m}})+
			line("cw1", "CryptoWallet", map[string][]string{"publicKey": {"0x" + m}, "holder": {"p1"}})+
			line("pay1", "Payment", map[string][]string{"payer": {"p1"}, "beneficiaryAccount": {"ba1"}, "amount": {"1,5e3"}, "date": {"2024-07-01T10:00:00Z"}})+
			`{"id": "p3", "schema": "Person", "properties": {"passportNumber": "ZZ98765432"}}`+"\n"))
	for _, h := range fuzzHostile {
		if len(h) > 1000 {
			seeds = append(seeds, []byte(line("p1", "Person", map[string][]string{"name": {h}, "passportNumber": {h}})))
			continue
		}
		seeds = append(seeds, []byte(
			line(h, "Person", map[string][]string{"name": {h, h}, "passportNumber": {h}, "phone": {h}, "birthDate": {h}, "nationality": {h}})+
				line("o1", h, map[string][]string{"name": {h}})+
				line("c1", "Company", map[string][]string{"name": {h}, "jurisdiction": {h}, "website": {h}})+
				line("pay1", "Payment", map[string][]string{"payerAccount": {h}, "beneficiaryAccount": {"x"}, "amount": {h}, "date": {h}, "purpose": {h}})+
				line("own1", "Ownership", map[string][]string{"owner": {h}, "asset": {"o1"}})+
				`{"id": "`+h+`", "schema": "Person", "properties": {"name": ["`+h+`"]}}`+"\n"+
				h+"\n"))
	}
	return seeds
}
