package auth

import (
	"context"
	"os"
	"strings"
	"testing"
)

func TestCan(t *testing.T) {
	want := map[Role]string{ // the actions each role may do
		RoleViewer:   "read",
		RoleAnalyst:  "read write",
		RoleImporter: "read import",
		RoleAdmin:    "read write import admin",
		"":           "",
		"ROOT":       "",
	}
	for role, actions := range want {
		var got []string
		for _, a := range Actions() {
			if (Principal{Role: role}).Can(a) {
				got = append(got, string(a))
			}
		}
		if strings.Join(got, " ") != actions {
			t.Errorf("%q may %q, want %q", role, strings.Join(got, " "), actions)
		}
	}
	if (Principal{Role: RoleAdmin}).Can("launch") {
		t.Error("an unknown action is allowed")
	}
}

func TestCases(t *testing.T) {
	analyst := Principal{ID: "a", Role: RoleAnalyst, Cases: []string{"KH-NCA-2026-0142"}}
	importer := Principal{ID: "i", Role: RoleImporter, Cases: []string{"KH-NCA-2026-0142"}}
	viewerAll := Principal{ID: "v", Role: RoleViewer, AllCases: true}
	adminAll := Principal{ID: "x", Role: RoleAdmin, AllCases: true}
	for _, c := range []struct {
		p           Principal
		caseID      string
		sees, write bool
	}{
		{analyst, "KH-NCA-2026-0142", true, true},
		{analyst, "TH-DSI-2025-0007", false, false},
		{analyst, "", false, false},
		{importer, "KH-NCA-2026-0142", true, true},
		{importer, "TH-DSI-2025-0007", false, false},
		{viewerAll, "TH-DSI-2025-0007", true, false},
		{adminAll, "TH-DSI-2025-0007", true, true},
		{Principal{}, "KH-NCA-2026-0142", false, false},
	} {
		if got := c.p.SeesCase(c.caseID); got != c.sees {
			t.Errorf("%s SeesCase(%q) = %v", c.p.ID, c.caseID, got)
		}
		if got := c.p.CanWriteCase(c.caseID); got != c.write {
			t.Errorf("%s CanWriteCase(%q) = %v", c.p.ID, c.caseID, got)
		}
	}
}

func TestContext(t *testing.T) {
	if _, ok := FromContext(context.Background()); ok {
		t.Fatal("a principal in an empty context")
	}
	p := Principal{ID: "a", Role: RoleViewer, Cases: []string{"C1"}, Method: MethodJWT}
	got, ok := FromContext(WithPrincipal(context.Background(), p))
	if !ok || got.ID != "a" || got.Role != RoleViewer {
		t.Fatalf("FromContext = %+v %v", got, ok)
	}
}

func TestParseRole(t *testing.T) {
	for _, s := range []string{"VIEWER", "analyst", " Importer ", "ADMIN"} {
		if _, err := ParseRole(s); err != nil {
			t.Errorf("ParseRole(%q): %v", s, err)
		}
	}
	for _, s := range []string{"", "ADMINS", "root", "*"} {
		if r, err := ParseRole(s); err == nil {
			t.Errorf("ParseRole(%q) = %q, want an error", s, r)
		}
	}
}

// TestDocsMatrix keeps the permission table in docs/access.md equal to
// Matrix(), cell by cell, so the documentation cannot drift from the code.
func TestDocsMatrix(t *testing.T) {
	doc, err := os.ReadFile("../docs/access.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(doc), "\n## Permission matrix\n")
	if !ok {
		t.Fatal(`docs/access.md has no "## Permission matrix" section`)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	got := tableCells(section)
	want := tableCells(MatrixMarkdown())
	if len(want) != len(Actions())+1 {
		t.Fatalf("MatrixMarkdown has %d rows", len(want))
	}
	same := len(got) == len(want)
	for i := 0; same && i < len(want); i++ {
		same = strings.Join(got[i], "|") == strings.Join(want[i], "|")
	}
	if !same {
		t.Fatalf("the table under \"## Permission matrix\" in docs/access.md differs from auth.Matrix(); replace it with\n\n%s", MatrixMarkdown())
	}
	// And MatrixMarkdown says what Matrix says.
	for i, row := range Matrix() {
		cells := want[i+1]
		if cells[0] != "`"+string(row.Action)+"`" || cells[1] != row.Means {
			t.Fatalf("row %d: %v", i, cells)
		}
		for j, r := range Roles() {
			if (cells[2+j] == "yes") != row.Allowed[r] || want[0][2+j] != string(r) {
				t.Fatalf("row %s, %s: %q", row.Action, r, cells[2+j])
			}
		}
	}
}

// tableCells returns the trimmed cells of the first Markdown table in s,
// without the delimiter row.
func tableCells(s string) [][]string {
	var rows [][]string
	started := false
	for line := range strings.SplitSeq(s, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			if started {
				break
			}
			continue
		}
		started = true
		var cells []string
		for c := range strings.SplitSeq(strings.Trim(line, "|"), "|") {
			cells = append(cells, strings.TrimSpace(c))
		}
		if strings.Trim(strings.Join(cells, ""), ":-") == "" {
			continue // |---|:-:|
		}
		rows = append(rows, cells)
	}
	return rows
}
