package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// `scamgraph template DIR` writes sheets that `scamgraph import` takes as
// they are (exit 0), and never writes into a folder in use.
func TestTemplateCommand(t *testing.T) {
	testneo4j.Open(t)
	t.Setenv("NEO4J_URI", testneo4j.URI())
	dir := filepath.Join(t.TempDir(), "new-case")
	code, out, errOut := runMain("template", dir)
	if code != 0 || !strings.Contains(out, filepath.Join(dir, "entities.csv")) || !strings.Contains(out, "accepted-values.csv") {
		t.Fatalf("template: exit %d\n%s%s", code, out, errOut)
	}
	book := filepath.Join(t.TempDir(), "book")
	if code, out, errOut := runMain("template", book, "--xlsx"); code != 0 || !strings.Contains(out, "case-file.xlsx") {
		t.Fatalf("template --xlsx after DIR: exit %d\n%s%s", code, out, errOut)
	}
	for _, path := range []string{dir, filepath.Join(book, "case-file.xlsx")} {
		if code, out, errOut := runMain("import", "--strict", path); code != 0 || !strings.Contains(out, "EXAMPLE-2025-001") {
			t.Fatalf("import %s: exit %d\n%s%s", path, code, out, errOut)
		}
	}

	before, _ := os.ReadFile(filepath.Join(dir, "entities.csv"))
	code, _, errOut = runMain("template", "--xlsx", dir)
	if code != 3 || !strings.Contains(errOut, "not empty") {
		t.Fatalf("template into a used folder: exit %d %s", code, errOut)
	}
	if after, _ := os.ReadFile(filepath.Join(dir, "entities.csv")); string(after) != string(before) {
		t.Fatal("a refused template changed a file")
	}
	if _, err := os.Stat(filepath.Join(dir, "case-file.xlsx")); !os.IsNotExist(err) {
		t.Fatalf("a refused template wrote a workbook: %v", err)
	}
	for _, args := range [][]string{{"template"}, {"template", "--csv", dir}, {"template", "a", "b"}} {
		if code, _, errOut := runMain(args...); code != 3 || !strings.Contains(errOut, "usage: scamgraph template") {
			t.Errorf("%v: exit %d %s", args, code, errOut)
		}
	}
}
