package server_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// TestCaseFileExport exports cases as JSON case files through GET /export
// with the callers' scopes: a case outside the compartments is NOT_FOUND,
// each case's file holds that case's word about shared nodes (not the
// value another case changed last), victim protection holds, and the
// exports import back into an empty database as the same graph.
func TestCaseFileExport(t *testing.T) {
	store := testneo4j.Open(t)
	twoAgencies(t, store)
	api, keys, _ := securedAPI(t, store)
	getAs := func(who, url string) (int, string) {
		req := httptest.NewRequest(http.MethodGet, url, nil)
		req.Header.Set("Authorization", "Bearer "+keys[who])
		rec := httptest.NewRecorder()
		api.ServeHTTP(rec, req)
		return rec.Code, rec.Body.String()
	}
	exportAs := func(who, caseID string) (int, string) {
		return getAs(who, "/export?view=case&format=casefile&caseId="+caseID)
	}
	entity := func(body, ref string) map[string]any {
		var doc struct{ Entities []map[string]any }
		if err := json.Unmarshal([]byte(body), &doc); err != nil {
			t.Fatalf("%v: %.300s", err, body)
		}
		for _, e := range doc.Entities {
			if e["ref"] == ref {
				return e
			}
		}
		t.Fatalf("no entity %s in %.500s", ref, body)
		return nil
	}

	if code, body := exportAs("analyst-b", "A-1"); code != http.StatusNotFound || !strings.Contains(body, "NOT_FOUND") {
		t.Fatalf("a case outside the compartments: %d %s", code, body)
	}
	if code, _ := getAs("analyst-a", "/export?view=neighborhood&id=person:A-1:RA&format=casefile"); code != http.StatusBadRequest {
		t.Fatalf("casefile for a neighbourhood: %d", code)
	}
	code, a := exportAs("analyst-a", "A-1")
	if code != http.StatusOK {
		t.Fatalf("analyst-a A-1: %d %s", code, a)
	}
	// B-1 changed the shared account's holder name last; A-1's file keeps A's.
	acc := entity(a, "account.BANK.KH.ABABANK.111222333")
	if acc["name"] != "Holder A" {
		t.Fatalf("A-1's account in A-1's file: %v", acc)
	}
	if va := entity(a, "VA"); va["name"] != "Victim Alpha" || va["birthDate"] != "1999-02-03" || len(va["identifiers"].([]any)) != 2 {
		t.Fatalf("A-1's victim for A-1's analyst: %v", va)
	}
	// A viewer gets no victim birth date, passport or phone.
	_, av := exportAs("viewer-a", "A-1")
	if va := entity(av, "VA"); va["birthDate"] != nil || va["identifiers"] != nil {
		t.Fatalf("A-1's victim for a viewer: %v", va)
	}
	// B-1's analyst does not: the victim's name is withheld, and
	// left out rather than written as "[withheld]".
	code, b := exportAs("analyst-b", "B-1")
	if code != http.StatusOK || strings.Contains(b, "withheld") || strings.Contains(b, "Victim Alpha") {
		t.Fatalf("analyst-b B-1: %d %s", code, b)
	}
	// The administrator's exports import back as the same graph.
	before, err := store.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, c := range []string{"A-1", "B-1"} {
		code, body := exportAs("admin", c)
		if code != http.StatusOK {
			t.Fatalf("admin %s: %d %s", c, code, body)
		}
		// B-1 attached to A-1's victim: its file attaches by id again,
		// with B-1's own spelling; the account has B-1's holder name.
		if c == "B-1" {
			if va := entity(body, "person.A-1.VA"); va["id"] != "person:A-1:VA" || va["name"] != "Alpha Other" {
				t.Fatalf("B-1's word about A-1's victim: %v", va)
			}
			if acc := entity(body, "account.BANK.KH.ABABANK.111222333"); acc["name"] != "Holder B" {
				t.Fatalf("B-1's word about the account: %v", acc)
			}
		}
		f := filepath.Join(t.TempDir(), c+".json")
		if err := os.WriteFile(f, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	if err := store.DeleteEverything(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := store.Bootstrap(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if rep, err := casefile.Import(context.Background(), store, f, casefile.Options{}); err != nil || rep.ExitCode != 0 {
			t.Fatalf("%s: %v %+v", f, err, rep)
		}
	}
	after, err := store.Snapshot(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(before, "\n") != strings.Join(after, "\n") {
		t.Fatalf("the graph differs after the round trip:\nbefore\n%s\nafter\n%s", strings.Join(before, "\n"), strings.Join(after, "\n"))
	}
}
