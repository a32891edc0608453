package main

import (
	"context"
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// TestImportEncodingFlag imports the sheets Thai and Korean Excel save
// (testdata/csv/thai-windows-874, comma separated, and
// testdata/csv/korean-cp949, semicolon separated): refused whole without
// --encoding, naming the code page and not the names; stored byte for byte
// with it.
func TestImportEncodingFlag(t *testing.T) {
	s := testneo4j.Open(t)
	t.Setenv("NEO4J_URI", testneo4j.URI())
	const td = "../../testdata/csv/"
	for _, tc := range []struct {
		dir, caseID, encoding, looks string
		names                        []string
	}{
		{"thai-windows-874", "TEST-TH-ENC-874", "windows-874", "give --encoding windows-874", []string{"สมชาย ใจดี", "มาลี ศรีสุข", "ประเสริฐ วงศ์ใหญ่"}},
		{"korean-cp949", "TEST-KR-ENC-949", "cp949", "give --encoding euc-kr", []string{"김민준", "이서연", "박똠지"}},
	} {
		code, out, _ := runCLI(t, td+tc.dir)
		if code != 2 || !strings.Contains(out, tc.looks) {
			t.Fatalf("%s without --encoding: exit %d\n%s", tc.dir, code, out)
		}
		if _, err := s.Node(context.Background(), graph.AllCases(), tc.caseID); err == nil {
			t.Fatalf("%s: a refused file wrote its case", tc.dir)
		}
		if code, out, _ = runCLI(t, "--encoding", tc.encoding, td+tc.dir); code != 0 {
			t.Fatalf("%s with --encoding %s: exit %d\n%s", tc.dir, tc.encoding, code, out)
		}
		for i, want := range tc.names {
			n, err := s.Node(context.Background(), graph.AllCases(), "person:"+tc.caseID+":P"+string(rune('1'+i)))
			if err != nil {
				t.Fatal(err)
			}
			if p, ok := n.(*graph.Person); !ok || p.Name != want {
				t.Fatalf("%s P%d: %+v, want %q", tc.dir, i+1, n, want)
			}
		}
	}
	if code, _, errOut := runCLI(t, "--encoding", "klingon", td+"thai-windows-874"); code != 3 || !strings.Contains(errOut, "windows-874") {
		t.Fatalf("unknown encoding: exit %d %s", code, errOut)
	}
}
