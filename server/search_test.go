package server_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/demo"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// multiScriptCase holds names in the scripts investigators of this region
// type, and look-alikes that must not be confused with them.
func multiScriptCase(t *testing.T, store *neo4jstore.Store) {
	t.Helper()
	s := func(v string) *string { return &v }
	c := &casefile.Case{Case: casefile.CaseHeader{ID: "SEARCH-1", Title: "Search test", Agency: "Test unit", Country: s("KR")},
		Entities: []casefile.Entity{
			{Ref: "KO", Type: "Recruiter", Name: s("김민수"), Aliases: []string{"Kim Min-su"},
				Identifiers: []graph.IdentifierInput{{Kind: "PHONE", Value: "010-1234-5678"}}},
			{Ref: "KO2", Type: "Victim", Name: s("박지민")},
			{Ref: "ZH", Type: "Recruiter", Name: s("王大明"), Aliases: []string{"Wang Daming"}},
			{Ref: "ZH2", Type: "Victim", Name: s("李小龙")},
			{Ref: "TH", Type: "Victim", Name: s("สมชาย ใจดี")},
			{Ref: "TH2", Type: "Victim", Name: s("สมศักดิ์ รักไทย")},
			{Ref: "KM", Type: "Victim", Name: s("សុខ ចាន់ធី")},
			{Ref: "VI", Type: "Victim", Name: s("Nguyễn Văn Hùng")},
			{Ref: "VI2", Type: "Victim", Name: s("Trần Thị Lan")},
			{Ref: "ORG", Type: "Organization", Name: s("Golden Fortune Trading")},
			{Ref: "CMP", Type: "Compound", Name: s("KK Park"), Aliases: []string{"เคเค พาร์ค"}, Country: s("MM")},
			{Ref: "ACC", Type: "BankAccount", Kind: s("BANK"), Country: s("KH"), Institution: s("ABA Bank"), AccountNumber: s("000 123 456"), Name: s("Sok Dara")},
		},
		Links: []casefile.Link{{Type: "RECRUITED", From: "KO", To: "KO2"}}}
	if rep, err := casefile.ImportCase(context.Background(), store, c, casefile.Options{}); err != nil || rep.ExitCode != 0 {
		t.Fatalf("%v %+v", err, rep)
	}
}

type searchHit struct {
	id, typ   string
	score     float64
	matchedOn []string
}

func TestSearchFindsNamesInEveryScriptOfTheRegion(t *testing.T) {
	store := testneo4j.Open(t)
	multiScriptCase(t, store)
	api := newAPI(t, store, true)
	find := func(text string, extra map[string]any) []searchHit {
		t.Helper()
		vars := map[string]any{"text": text}
		for k, v := range extra {
			vars[k] = v
		}
		data := mustQuery(t, api, `query($text: String!, $types: [SearchType!], $region: String) {
			search(text: $text, types: $types, region: $region) { truncated hits { node { id } type score matchedOn } } }`, vars)
		var out []searchHit
		for _, h := range dig(data, "search", "hits").([]any) {
			var why []string
			for _, m := range dig(h, "matchedOn").([]any) {
				why = append(why, m.(string))
			}
			out = append(out, searchHit{dig(h, "node", "id").(string), dig(h, "type").(string), dig(h, "score").(float64), why})
		}
		return out
	}
	ids := func(hits []searchHit) string {
		var s []string
		for _, h := range hits {
			s = append(s, h.id)
		}
		return strings.Join(s, " ")
	}
	cases := []struct {
		script, text string
		want         string // the first hit
		notAmong     string // a look-alike that must not be found
	}{
		{"Hangul, whole name", "김민수", "person:SEARCH-1:KO", "person:SEARCH-1:KO2"},
		{"Hangul, given name alone", "민수", "person:SEARCH-1:KO", "person:SEARCH-1:KO2"},
		{"Hangul, surname alone", "김", "person:SEARCH-1:KO", "person:SEARCH-1:KO2"},
		{"Chinese, whole name", "王大明", "person:SEARCH-1:ZH", "person:SEARCH-1:ZH2"},
		{"Chinese, given name inside it", "大明", "person:SEARCH-1:ZH", "person:SEARCH-1:ZH2"},
		{"Chinese romanised alias", "wang daming", "person:SEARCH-1:ZH", "person:SEARCH-1:ZH2"},
		{"Thai, whole name", "สมชาย ใจดี", "person:SEARCH-1:TH", ""},
		{"Thai, first name without spaces inside", "สมชาย", "person:SEARCH-1:TH", "person:SEARCH-1:TH2"},
		{"Thai alias of a compound", "เคเค พาร์ค", "compound:SEARCH-1:CMP", ""},
		{"Khmer", "សុខ ចាន់ធី", "person:SEARCH-1:KM", ""},
		{"Khmer, given name", "ចាន់ធី", "person:SEARCH-1:KM", ""},
		{"Vietnamese with diacritics", "Nguyễn Văn Hùng", "person:SEARCH-1:VI", "person:SEARCH-1:VI2"},
		{"Vietnamese without diacritics", "nguyen van hung", "person:SEARCH-1:VI", "person:SEARCH-1:VI2"},
		{"Vietnamese, one word", "Hung", "person:SEARCH-1:VI", "person:SEARCH-1:VI2"},
		{"Vietnamese đ folded", "Tran Thi Lan", "person:SEARCH-1:VI2", "person:SEARCH-1:VI"},
		{"Latin with a typo", "Golden Fortnue", "organization:SEARCH-1:ORG", ""},
		{"Latin prefix of the last word", "golden fort", "organization:SEARCH-1:ORG", ""},
		{"holder name of an account", "Sok Dara", "", ""},
	}
	for _, c := range cases {
		hits := find(c.text, nil)
		if c.want == "" {
			if len(hits) == 0 || !strings.HasPrefix(hits[0].id, "account:") {
				t.Errorf("%s: %q found %s, want the account", c.script, c.text, ids(hits))
			}
			continue
		}
		if len(hits) == 0 || hits[0].id != c.want {
			t.Errorf("%s: %q found [%s], want %s first", c.script, c.text, ids(hits), c.want)
			continue
		}
		if c.notAmong != "" && strings.Contains(ids(hits)+" ", c.notAmong+" ") {
			t.Errorf("%s: %q also found %s: [%s]", c.script, c.text, c.notAmong, ids(hits))
		}
		if hits[0].score <= 0 || hits[0].score > 1 || len(hits[0].matchedOn) == 0 {
			t.Errorf("%s: hit %+v lacks a score or a reason", c.script, hits[0])
		}
	}

	// An exact whole name scores 1 and says it matched on the name.
	hits := find("nguyen van hung", nil)
	if hits[0].score != 1 || hits[0].matchedOn[0] != "name: Nguyễn Văn Hùng" || hits[0].typ != "Person" {
		t.Errorf("exact name: %+v", hits[0])
	}
	// An alias says so.
	if hits := find("Wang Daming", nil); !strings.HasPrefix(strings.Join(hits[0].matchedOn, ","), "alias: Wang Daming") {
		t.Errorf("alias hit: %+v", hits[0])
	}

	// A Korean phone typed the national way, read in region KR: the
	// identifier and the recruiter who uses it.
	hits = find("010-1234-5678", map[string]any{"region": "KR"})
	if ids(hits) != "identifier:PHONE:+821012345678 person:SEARCH-1:KO" || hits[0].score != 1 ||
		hits[0].matchedOn[0] != "PHONE +821012345678" || hits[1].matchedOn[0] != "uses PHONE +821012345678" {
		t.Errorf("phone in region KR: %+v", hits)
	}
	// Without a region a national number cannot be read; in international form it can.
	if hits := find("010-1234-5678", nil); strings.Contains(ids(hits), "+8210") {
		t.Errorf("a national number without region matched: %+v", hits)
	}
	if hits := find("+82 10 1234 5678", nil); len(hits) != 2 {
		t.Errorf("international form: %+v", hits)
	}
	// An account number however it is spaced.
	if hits := find("000-123-456", nil); len(hits) != 1 || !strings.HasPrefix(hits[0].id, "account:") || hits[0].matchedOn[0] != "account number" {
		t.Errorf("account number: %+v", hits)
	}
	// Types narrow the hits.
	if hits := find("kim", map[string]any{"types": []string{"VICTIM"}}); len(hits) != 0 {
		t.Errorf("VICTIM only: %+v", hits)
	}
	if hits := find("010-1234-5678", map[string]any{"region": "KR", "types": []string{"RECRUITER"}}); ids(hits) != "person:SEARCH-1:KO" {
		t.Errorf("RECRUITER only: %+v", hits)
	}
	// Lucene syntax and Cypher in the text are plain text.
	for _, hostile := range []string{`"王大明" OR *:*`, `name:*`, `') CALL db.labels() //`, `\\`, "+-&&||!(){}[]^\"~*?:/"} {
		r := query(t, api, `query($t: String!) { search(text: $t) { hits { node { id } } } }`, map[string]any{"t": hostile})
		if len(r.Errors) > 0 {
			t.Errorf("%q: %+v", hostile, r.Errors)
		}
	}
	// Bad input is refused with the field named.
	for _, bad := range []string{`{ search(text: "  ") { truncated } }`, `{ search(text: "x", first: 500) { truncated } }`, `{ search(text: "x", region: "XX") { truncated } }`} {
		if r := query(t, api, bad, nil); r.code() != "BAD_USER_INPUT" {
			t.Errorf("%s: %+v", bad, r.Errors)
		}
	}
}

func TestSearchSeesOnlyTheCallersCasesAndTheirSpellings(t *testing.T) {
	store := testneo4j.Open(t)
	ctx := context.Background()
	s := func(v string) *string { return &v }
	// Two cases know one account's holder under two spellings; a third
	// case is hidden from the caller.
	for i, c := range []struct{ id, holder string }{{"A-1", "Lim Ah Long"}, {"B-1", "Ah Long Trading"}} {
		cf := &casefile.Case{Case: casefile.CaseHeader{ID: c.id, Title: "case " + c.id, Agency: fmt.Sprint("agency ", i), Country: s("KH")},
			Entities: []casefile.Entity{{Ref: "ACC", Type: "BankAccount", Kind: s("BANK"), Country: s("KH"), Institution: s("ABA Bank"), AccountNumber: s("777 888 999"), Name: s(c.holder)}}, Links: []casefile.Link{}}
		if rep, err := casefile.ImportCase(ctx, store, cf, casefile.Options{}); err != nil || rep.ExitCode != 0 {
			t.Fatalf("%v %+v", err, rep)
		}
	}
	res, err := store.Search(ctx, graph.OnlyCases("A-1"), graph.SearchOptions{Text: "Trading"})
	if err != nil || len(res.Hits) != 0 {
		t.Fatalf("a spelling only the hidden case B-1 knows found the account: %+v %v", res.Hits, err)
	}
	res, err = store.Search(ctx, graph.OnlyCases("B-1"), graph.SearchOptions{Text: "Trading"})
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("B-1 knows the spelling: %+v %v", res.Hits, err)
	}
	res, err = store.Search(ctx, graph.OnlyCases("C-9"), graph.SearchOptions{Text: "777888999"})
	if err != nil || len(res.Hits) != 0 {
		t.Fatalf("a caller of another case found the account by number: %+v %v", res.Hits, err)
	}
}

func TestSearchBackfillsNodesWrittenBeforeSearchExisted(t *testing.T) {
	store := testneo4j.Open(t)
	multiScriptCase(t, store)
	ctx := context.Background()
	// As an earlier version left them: no tokens.
	driver, err := neo4j.NewDriverWithContext(testneo4j.URI(), neo4j.BasicAuth(testneo4j.Config().User, testneo4j.Config().Password, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer driver.Close(ctx)
	if _, err := neo4j.ExecuteQuery(ctx, driver, "MATCH (n:Entity) REMOVE n.searchTokens, n.searchVersion", nil, neo4j.EagerResultTransformer); err != nil {
		t.Fatal(err)
	}
	if res, _ := store.Search(ctx, graph.AllCases(), graph.SearchOptions{Text: "王大明"}); len(res.Hits) != 0 {
		t.Fatalf("tokens were not removed: %+v", res.Hits)
	}
	n, err := store.BackfillSearchTokens(ctx)
	if err != nil || n != 12 {
		t.Fatalf("backfill updated %d nodes (want 12): %v", n, err)
	}
	if res, _ := store.Search(ctx, graph.AllCases(), graph.SearchOptions{Text: "王大明"}); len(res.Hits) == 0 {
		t.Fatal("backfilled node not found")
	}
	if n, err := store.BackfillSearchTokens(ctx); err != nil || n != 0 {
		t.Fatalf("a second backfill updated %d: %v", n, err)
	}
}

// A smaller page of hits is the start of a larger one, with the same
// scores and reasons, and says it is truncated: the number of candidates
// a pass reads whole depends on the page asked for (see
// searchFulltextCypher), what it finds must not.
func TestSmallerSearchPageIsTheStartOfALargerOne(t *testing.T) {
	store := testneo4j.Open(t)
	if _, err := demo.Load(context.Background(), store); err != nil {
		t.Fatal(err)
	}
	multiScriptCase(t, store)
	api := newAPI(t, store, true)
	page := func(text string, first int) (hits []any, truncated bool) {
		data := mustQuery(t, api, `query($t: String!, $first: Int) { search(text: $t, first: $first) { truncated hits { node { id } score matchedOn } } }`,
			map[string]any{"t": text, "first": first})
		hits, _ = dig(data, "search", "hits").([]any)
		return hits, dig(data, "search", "truncated") == true
	}
	tried := 0
	for _, text := range []string{"Kim Minsu", "Golden Fortun", "park", "Daming Wang", "Nguyen Van", "ABA"} {
		all, _ := page(text, 50)
		if len(all) < 2 {
			continue
		}
		tried++
		for first := 1; first < len(all) && first <= 3; first++ {
			got, truncated := page(text, first)
			if !reflect.DeepEqual(got, all[:first]) || !truncated {
				t.Errorf("%q first %d: %v (truncated %v), want %v (truncated)", text, first, got, truncated, all[:first])
			}
		}
	}
	if tried < 3 {
		t.Fatalf("only %d texts found two hits or more", tried)
	}
}
