package server_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// hostileTexts are values an attacker, or an unlucky copy-paste, puts into
// a text field. Each must be stored and returned as exactly that text.
var hostileTexts = []string{
	`'}) MATCH (n) DETACH DELETE n //`,
	`" OR 1=1 --`,
	`$scopeAll} RETURN n UNION MATCH (n) RETURN n //`,
	`query { __schema { types { name } } }`,
	`... on Person { name } } mutation { retractCase(caseId: "A") { caseId } }`,
	`back\slash \\ \" \n not a newline`,
	"tab\tand\nnew line",
	`<script>alert(1)</script>`,
	`{"json": [1, 2]}`,
	"ธนากร ศรีวงศ์ทอง · សុខ ចាន់ធី · 김민준 · 王大明 · Nguyễn Văn Hùng · עברית · العربية",
	"emoji 🚨🏴‍☠️ and zero\u200bwidth and RTL \u202eoverride",
	strings.Repeat("long ", 399) + "end", // 1,998 bytes: just under the 2,000 limit
}

func TestHostileTextIsStoredAndReturnedAsPlainData(t *testing.T) {
	store := testneo4j.Open(t)
	api := newAPI(t, store, true)
	mustQuery(t, api, `mutation { createCaseFile(input: {id: "HOSTILE-1", title: "t", agency: "a", country: "KH"}) { id } }`, nil)
	for i, text := range hostileTexts {
		ref := fmt.Sprint("H", i)
		vars := map[string]any{"ref": ref, "t": text, "list": []string{text, "plain"}}
		data := mustQuery(t, api, `mutation($ref: String!, $t: String!, $list: [String!]) {
			r: createRecruiter(input: {caseId: "HOSTILE-1", ref: $ref, name: $t, aliases: $list}) { id name aliases }
			c: createCompound(input: {caseId: "HOSTILE-1", ref: $ref, name: $t, aliases: $list, city: $t, address: $t}) { id name city address }
			o: createOrganization(input: {caseId: "HOSTILE-1", ref: $ref, name: $t, registrationNumber: $t}) { id name registrationNumber }
		}`, vars)
		for _, k := range []string{"r", "c", "o"} {
			if dig(data, k, "name") != text {
				t.Errorf("%s name of %q came back as %q", k, text, dig(data, k, "name"))
			}
		}
		if dig(data, "c", "address") != text || dig(data, "o", "registrationNumber") != text || dig(data, "r", "aliases", 0) != text {
			t.Errorf("other fields of %q: %v", text, data)
		}
		// Read back through a fresh request, a list filter and search.
		id := dig(data, "r", "id").(string)
		back := mustQuery(t, api, `query($id: ID!, $t: String!) {
			node(id: $id) { ... on Person { name aliases } }
			persons(filter: {nameContains: $t}, first: 5) { totalCount }
			search(text: $t) { hits { node { id } } }
		}`, map[string]any{"id": id, "t": text[:min(len(text), 200)]})
		if dig(back, "node", "name") != text {
			t.Errorf("read back %q as %q", text, dig(back, "node", "name"))
		}
		if n := dig(back, "persons", "totalCount"); n == float64(0) {
			t.Errorf("filtering by %q finds nothing", text)
		}
	}
	// The database is intact: every recruiter is there, nothing else was deleted.
	data := mustQuery(t, api, `{ recruiters(first: 1, filter: {caseId: "HOSTILE-1"}) { totalCount } countries(first: 1) { totalCount } }`, nil)
	if dig(data, "recruiters", "totalCount") != float64(len(hostileTexts)) || dig(data, "countries", "totalCount").(float64) < 240 {
		t.Fatalf("after hostile input: %v", data)
	}
	// What cannot be stored is refused, naming the field, never echoing the value.
	for _, bad := range []struct{ text, field string }{
		{"nul\x00byte", "input.name"},
		{strings.Repeat("x", 2001), "input.name"},
	} {
		r := query(t, api, `mutation($t: String!) { createRecruiter(input: {caseId: "HOSTILE-1", ref: "BAD", name: $t}) { id } }`, map[string]any{"t": bad.text})
		if r.code() != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, bad.field) || strings.Contains(r.Errors[0].Message, bad.text[:4]) {
			t.Errorf("%q: %+v", bad.text[:6], r.Errors)
		}
	}
}
