package casefile_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/korean"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// The names the encoding tests store, each in a script a code page of the
// region writes. "똠" is one of the syllables CP949 has and EUC-KR has not.
var (
	thaiNames   = []string{"สมชาย ใจดี", "มาลี ศรีสุข", "ประเสริฐ วงศ์ใหญ่"}
	koreanNames = []string{"김민준", "이서연", "박똠지"}
)

// sheets writes case.csv, entities.csv and links.csv of a case with one
// person per name into a new folder, separated by sep and encoded by enc
// (nil: UTF-8) after the byte order mark bom.
func sheets(t *testing.T, caseID string, names []string, sep string, enc encoding.Encoding, bom []byte) string {
	t.Helper()
	dir := t.TempDir()
	row := func(cells ...string) string { return strings.Join(cells, sep) + "\r\n" }
	files := map[string]string{
		"case.csv":  row("id", "title", "agency", "country", "fictional") + row(caseID, "Encoding test", "Test unit (fictional)", "TH", "yes"),
		"links.csv": row("type", "from", "to", "date", "channel") + row("RECRUITED", "P1", "P2", "2024-05-20", "FACEBOOK"),
	}
	ents := row("ref", "type", "name", "nationality")
	for i, n := range names {
		typ := "Victim"
		if i == 0 {
			typ = "Recruiter"
		}
		ents += row("P"+string(rune('1'+i)), typ, n, "TH")
	}
	files["entities.csv"] = ents
	for name, text := range files {
		b := []byte(text)
		if enc != nil {
			var err error
			if b, err = enc.NewEncoder().Bytes(b); err != nil {
				t.Fatalf("encoding %s: %v", name, err)
			}
		}
		if err := os.WriteFile(filepath.Join(dir, name), append(append([]byte(nil), bom...), b...), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// storedNames asserts that the case's people are stored with exactly names.
func storedNames(t *testing.T, s *neo4jstore.Store, caseID string, names []string) {
	t.Helper()
	for i, want := range names {
		p := node[graph.Person](t, s, "person:"+caseID+":P"+string(rune('1'+i)))
		if p.Name != want {
			t.Errorf("P%d stored as %q (% x), want %q", i+1, p.Name, p.Name, want)
		}
	}
}

func reportText(rep *casefile.Report) string {
	var b strings.Builder
	rep.WriteText(&b)
	return b.String()
}

// A sheet saved in a code page is refused whole without --encoding, naming
// the code page and not quoting the names; with it, the names are stored
// byte for byte.
func TestCodePageSheetsRefusedThenImportedWithEncoding(t *testing.T) {
	s := testneo4j.Open(t)
	ctx := context.Background()
	for _, tc := range []struct {
		caseID, encName, looks string
		enc                    encoding.Encoding
		names                  []string
	}{
		{"TEST-ENC-THAI", "windows-874", "it looks like windows-874 (Thai): give --encoding windows-874", charmap.Windows874, thaiNames},
		{"TEST-ENC-KOREAN", "cp949", "it looks like euc-kr (Korean, CP949): give --encoding euc-kr", korean.EUCKR, koreanNames},
	} {
		dir := sheets(t, tc.caseID, tc.names, ",", tc.enc, nil)
		before, err := s.Snapshot(ctx)
		if err != nil {
			t.Fatal(err)
		}
		rep := importFile(t, s, dir, casefile.Options{ImportedBy: "tester"})
		if rep.ExitCode != casefile.ExitFile || !strings.Contains(rep.FileError, tc.looks) ||
			!strings.Contains(rep.FileError, "entities.csv: not UTF-8 (line 2)") {
			t.Fatalf("%s without --encoding: exit %d, %q", tc.encName, rep.ExitCode, rep.FileError)
		}
		text := reportText(rep)
		for _, n := range tc.names {
			raw, _ := tc.enc.NewEncoder().String(n)
			for _, part := range append(strings.Fields(n), strings.Fields(raw)...) {
				if strings.Contains(text, part) {
					t.Fatalf("the refusal quotes the victims' data: %s", text)
				}
			}
		}
		after, _ := s.Snapshot(ctx)
		if strings.Join(before, "\n") != strings.Join(after, "\n") {
			t.Fatalf("%s: a refused file wrote to the graph", tc.encName)
		}
		rep = importFile(t, s, dir, casefile.Options{ImportedBy: "tester", Encoding: tc.encName})
		if _, _, _, rejected := total(rep); rep.ExitCode != casefile.ExitOK || rejected != 0 {
			t.Fatalf("%s with --encoding:\n%s", tc.encName, reportText(rep))
		}
		storedNames(t, s, tc.caseID, tc.names)
		cf := node[graph.CaseFile](t, s, tc.caseID)
		if cf.Title != "Encoding test" {
			t.Fatalf("case title %q", cf.Title)
		}
	}
}

// UTF-8 with a byte order mark and UTF-16 with one are read as they are;
// semicolon and tab separated sheets (and a pipe) are split right.
func TestBOMsAndDelimitersImportExactNames(t *testing.T) {
	s := testneo4j.Open(t)
	for _, tc := range []struct {
		caseID, sep string
		enc         encoding.Encoding
		bom         []byte
	}{
		{"TEST-ENC-UTF8BOM", ",", nil, []byte{0xEF, 0xBB, 0xBF}},
		{"TEST-ENC-UTF16LE", ",", xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), []byte{0xFF, 0xFE}},
		{"TEST-ENC-UTF16BE", "\t", xunicode.UTF16(xunicode.BigEndian, xunicode.IgnoreBOM), []byte{0xFE, 0xFF}},
		{"TEST-ENC-SEMICOLON", ";", nil, nil},
		{"TEST-ENC-TAB", "\t", nil, nil},
		{"TEST-ENC-PIPE", "|", nil, nil},
	} {
		names := append(append([]string{}, thaiNames...), koreanNames...)
		dir := sheets(t, tc.caseID, names, tc.sep, tc.enc, tc.bom)
		rep := importFile(t, s, dir, casefile.Options{ImportedBy: "tester"})
		if _, _, _, rejected := total(rep); rep.ExitCode != casefile.ExitOK || rejected != 0 {
			t.Fatalf("%s:\n%s", tc.caseID, reportText(rep))
		}
		storedNames(t, s, tc.caseID, names)
	}
}

// A JSON case file and FollowTheMoney lines in UTF-16 with a byte order
// mark import; without the mark, a Windows-874 JSON file is refused.
func TestJSONAndFtMInUTF16(t *testing.T) {
	s := testneo4j.Open(t)
	dir := t.TempDir()
	utf16 := func(bo xunicode.Endianness, text string) []byte {
		b, err := xunicode.UTF16(bo, xunicode.UseBOM).NewEncoder().Bytes([]byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	jsonCase := `{"case": {"id": "TEST-ENC-JSON16", "title": "UTF-16 JSON", "agency": "Test unit (fictional)", "country": "TH", "fictional": true},
 "entities": [{"ref": "P1", "type": "Victim", "name": "` + thaiNames[0] + `"}, {"ref": "P2", "type": "Victim", "name": "` + koreanNames[2] + `"}],
 "links": []}`
	path := filepath.Join(dir, "case16.json")
	if err := os.WriteFile(path, utf16(xunicode.LittleEndian, jsonCase), 0o600); err != nil {
		t.Fatal(err)
	}
	rep := importFile(t, s, path, casefile.Options{ImportedBy: "tester"})
	if _, _, _, rejected := total(rep); rep.ExitCode != casefile.ExitOK || rejected != 0 {
		t.Fatalf("UTF-16 JSON:\n%s", reportText(rep))
	}
	storedNames(t, s, "TEST-ENC-JSON16", []string{thaiNames[0], koreanNames[2]})

	ftm := `{"id": "p-1", "schema": "Person", "properties": {"name": ["` + thaiNames[1] + `"]}}` + "\n"
	path = filepath.Join(dir, "people.ftm.jsonl")
	if err := os.WriteFile(path, utf16(xunicode.BigEndian, ftm), 0o600); err != nil {
		t.Fatal(err)
	}
	rep = importFile(t, s, path, casefile.Options{ImportedBy: "tester", CaseID: "TEST-ENC-FTM16"})
	if _, _, _, rejected := total(rep); rep.ExitCode != casefile.ExitOK || rejected != 0 {
		t.Fatalf("UTF-16 FtM:\n%s", reportText(rep))
	}

	thai, err := charmap.Windows874.NewEncoder().String(strings.NewReplacer("TEST-ENC-JSON16", "TEST-ENC-JSON874", koreanNames[2], thaiNames[2]).Replace(jsonCase))
	if err != nil {
		t.Fatal(err)
	}
	path = filepath.Join(dir, "case874.json")
	if err := os.WriteFile(path, []byte(thai), 0o600); err != nil {
		t.Fatal(err)
	}
	rep = importFile(t, s, path, casefile.Options{ImportedBy: "tester"})
	if rep.ExitCode != casefile.ExitFile || !strings.Contains(rep.FileError, "not UTF-8 (line 2); it looks like windows-874 (Thai)") {
		t.Fatalf("Windows-874 JSON: exit %d, %q", rep.ExitCode, rep.FileError)
	}
	if _, err := s.Node(context.Background(), graph.AllCases(), "TEST-ENC-JSON874"); err == nil {
		t.Fatal("a refused JSON file was stored")
	}
}

// Windows-1252 (the report of issue 13) is refused naming windows-1252 and
// read with it; an unknown encoding name is a usage error listing names.
func TestWindows1252AndUnknownEncoding(t *testing.T) {
	names := []string{"José Pérez", "Zoë Müller"}
	dir := sheets(t, "TEST-ENC-1252", names, ";", charmap.Windows1252, nil)
	rep, err := casefile.Import(context.Background(), nil, dir, casefile.Options{Offline: true, DryRun: true})
	if err != nil || rep.ExitCode != casefile.ExitFile || !strings.Contains(rep.FileError, "give --encoding windows-1252") {
		t.Fatalf("windows-1252 without --encoding: %v %+v", err, rep)
	}
	rep, err = casefile.Import(context.Background(), nil, dir, casefile.Options{Offline: true, DryRun: true, Encoding: "cp1252"})
	if err != nil || rep.ExitCode != casefile.ExitOK {
		t.Fatalf("windows-1252 with --encoding: %v\n%s", err, reportText(rep))
	}
	_, err = casefile.Import(context.Background(), nil, dir, casefile.Options{Offline: true, DryRun: true, Encoding: "klingon"})
	var runErr *casefile.RunError
	if err == nil || !strings.Contains(err.Error(), `unknown encoding "klingon"`) || !strings.Contains(err.Error(), "windows-874") || !errors.As(err, &runErr) {
		t.Fatalf("unknown encoding: %v", err)
	}
	// a wrong --encoding that leaves bytes undecodable is refused too
	rep, err = casefile.Import(context.Background(), nil, sheets(t, "TEST-ENC-WRONG", koreanNames, ",", korean.EUCKR, nil), casefile.Options{Offline: true, DryRun: true, Encoding: "windows-874"})
	if err != nil || rep.ExitCode != casefile.ExitFile || !strings.Contains(rep.FileError, "not windows-874") {
		t.Fatalf("Korean read as windows-874: %v %+v", err, rep)
	}
}

// Empty cells of a tab separated sheet stay cells: a tab is white space,
// and trimming leading space would merge them.
func TestTabSheetKeepsEmptyCells(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"case.csv":     "id\ttitle\tagency\tcountry\nTEST-ENC-TABS\tTabs\tTest unit (fictional)\tTH\n",
		"entities.csv": "ref\ttype\taliases\tnationality\tname\nP1\tRecruiter\t\t\tสมชาย ใจดี\nP2\tVictim\t\tTH\tมาลี ศรีสุข\n",
		"links.csv":    "type\tfrom\tto\tdate\nRECRUITED\tP1\tP2\t\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	rep, err := casefile.Import(context.Background(), nil, dir, casefile.Options{Offline: true, DryRun: true})
	if err != nil || rep.ExitCode != casefile.ExitOK {
		t.Fatalf("%v\n%s", err, reportText(rep))
	}
}
