package server_test

// The steps of the compartment property test (reads, writes, probes of
// hidden ids, each as a random principal) and the invariants checked after
// each one.

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/scamgraph/scamgraph/auth"
)

// pStep is one step, decided when generated so that it replays the same in
// every run of its seed (entities and principals are indexes; tokens are
// derived from the step's own number).
type pStep struct {
	n      int    // the step's number in the generated sequence
	kind   string // see stepKinds
	who    int    // principal index
	c      int    // the case a write names
	e1, e2 int    // entity indexes
	pad    string // "", " " or "\t" before an id
	pick   int    // a free random number (link, variant, field)
}

var readKinds = []string{"node", "nodes", "list", "page", "search", "neighborhood", "linked", "overlaps", "timeline", "trail", "paths", "hubs", "export"}
var writeKinds = []string{"update", "create", "holds", "transfer", "member", "unlink", "delete", "account", "half", "reimport", "erase"}

// stepKinds: every kind; SCAMGRAPH_PROPERTY_KINDS may narrow it.
var stepKinds = append(append(append([]string{}, readKinds...), writeKinds...), "probe")

func isWrite(kind string) bool {
	for _, k := range writeKinds {
		if k == kind {
			return true
		}
	}
	return kind == "probe" // a probe may write (when a hidden id gets through)
}

// genSteps makes count steps of the allowed kinds for a world of nCases
// cases, nEnts entities and nPrincipals principals.
func genSteps(seed int64, count int, kinds []string, nCases, nEnts int, principals []*pPrincipal) []pStep {
	r := rand.New(rand.NewSource(seed*7919 + 17))
	var reads, writes, probes []string
	for _, k := range kinds {
		switch {
		case k == "probe":
			probes = append(probes, k)
		case isWrite(k):
			writes = append(writes, k)
		default:
			reads = append(reads, k)
		}
	}
	var steps []pStep
	for i := 0; i < count; i++ {
		s := pStep{n: i, e1: r.Intn(nEnts), e2: r.Intn(nEnts), pick: r.Intn(1 << 30), c: r.Intn(nCases)}
		// 30% writes, 15% probes of hidden ids, 55% reads (of the kinds allowed).
		switch x := r.Intn(20); {
		case x < 6 && len(writes) > 0:
			s.kind = writes[r.Intn(len(writes))]
		case x < 9 && len(probes) > 0:
			s.kind = "probe"
		case len(reads) > 0:
			s.kind = reads[r.Intn(len(reads))]
		case len(writes) > 0:
			s.kind = writes[r.Intn(len(writes))]
		default:
			s.kind = "probe"
		}
		switch r.Intn(6) {
		case 0:
			s.pad = " "
		case 1:
			s.pad = "\t"
		}
		s.who = r.Intn(len(principals))
		if isWrite(s.kind) && r.Intn(10) < 7 {
			// Mostly someone who may write, into one of their cases.
			var ok []int
			for j, p := range principals {
				if p.role == auth.RoleAnalyst || p.role == auth.RoleAdmin || (s.kind == "reimport" && p.role == auth.RoleImporter) {
					ok = append(ok, j)
				}
			}
			s.who = ok[r.Intn(len(ok))]
			if p := principals[s.who]; !p.all {
				cs := sortedCases(p.cases)
				s.c = cs[r.Intn(len(cs))]
			}
		}
		if s.kind == "erase" && r.Intn(2) == 0 {
			for j, p := range principals {
				if p.role == auth.RoleAdmin && p.all {
					s.who = j
				}
			}
		}
		steps = append(steps, s)
	}
	return steps
}

func (s pStep) describe(run *pRun) string {
	w := run.w
	p := run.principals[s.who]
	id := func(i int) string { return strings.Replace(w.ents[i].id, w.tag, "<tag>", 1) }
	return fmt.Sprintf("#%d %s as %s case=%s e1=%s e2=%s pad=%q pick=%d", s.n, s.kind, p, strings.Replace(w.cases[s.c], w.tag, "<tag>", 1), id(s.e1), id(s.e2), s.pad, s.pick)
}

// pViolation is a broken invariant.
type pViolation struct {
	class  string // hidden-value, consent, viewer, erasure, filter, other-case-changed, refused-but-wrote, error-parity
	item   string // the issue item it most likely belongs to
	pos    int    // position in the sequence run
	detail string
}

// nodeFragment asks everything a reader may see of a node.
const nodeFragment = `fragment N on Node { id
  ... on Person { name aliases nameVariants { value caseId } variants { property value caseIds } gender birthDate roles caseIds createdAt updatedAt
    identifiers { id key value caseIds } holdings { id role caseIds account { id holderName } } memberships { id role caseIds organization { id name } }
    asVictim { status consentToShare payments { id amount date caseIds } recruitedBy { id date promisedJob caseIds } }
    asRecruiter { recruited { id date promisedJob caseIds victim { id name } } } }
  ... on Victim { name aliases consentToShare birthDate caseIds identifiers { id value } }
  ... on Organization { name aliases nameVariants { value caseId } variants { property value caseIds } caseIds createdAt updatedAt members { id role caseIds person { id name } } }
  ... on BankAccount { accountKey accountNumber holderName status currency variants { property value caseIds } caseIds createdAt updatedAt
    holders { id role caseIds holder { id } } transfersOut { id txId amount amountUsd date reference caseIds to { id holderName } }
    transfersIn { id txId amount amountUsd date reference caseIds from { id holderName } } paymentsIn { id amount date caseIds } }
  ... on Identifier { key value caseIds usedBy { id } }
  ... on CaseFile { title description agency }
}`

const linkFields = `__typename ... on Holding { id holdingRole: role caseIds holder { id } account { id holderName } }
  ... on Transfer { id txId amount amountUsd date reference caseIds }
  ... on Membership { id role caseIds person { id name } organization { id name } }
  ... on Detention { id caseIds compound { id name } }`

// snapshotQuery is what a reader of one case sees of the graph: no write in
// another case may change it.
const snapshotQuery = `{
  persons(first: 100, orderBy: {field: ID}) { totalCount edges { node { ...N } } }
  bankAccounts(first: 100, orderBy: {field: ID}) { totalCount edges { node { ...N } } }
  organizations(first: 100, orderBy: {field: ID}) { totalCount edges { node { ...N } } }
  victims(first: 100, orderBy: {field: ID}) { totalCount edges { node { id name aliases consentToShare status } } }
  caseFiles(first: 100, orderBy: {field: ID}) { totalCount edges { node { id title description } } }
} ` + nodeFragment

var requestIDPattern = regexp.MustCompile(`request id [^)"]*`)

// exec runs one step and returns the invariants it broke.
func (run *pRun) exec(pos int, s pStep) []pViolation {
	w := run.w
	p := run.principals[s.who]
	e1 := w.ents[s.e1]
	W := w.cases[s.c]
	tok := func(slot string) string { return capital(w.token(fmt.Sprintf("step %d %s", s.n, slot), s.c)) }
	var out []pViolation
	add := func(class, item, format string, args ...any) {
		out = append(out, pViolation{class: class, item: item, pos: pos, detail: fmt.Sprintf(format, args...)})
	}
	// check applies the value invariants to one answer.
	check := func(req string, a pAnswer) {
		out = append(out, run.valueChecks(pos, s, p, req, a.body)...)
	}
	ask := func(q string, vars map[string]any) pAnswer {
		a := run.gql(p, q, vars)
		b, _ := json.Marshal(vars)
		check(q+string(b), a)
		return a
	}
	if !isWrite(s.kind) {
		run.read(s, p, ask, check, add)
		return out
	}

	// Writes: what every reader of every case sees, before and after.
	before := map[int]string{}
	if s.kind != "erase" {
		for c := range w.cases {
			before[c] = run.snapshot(c)
		}
	}
	defer func() { run.snaps = nil }() // a write may change any view (also one that ends early)
	var vars map[string]any
	var q string
	var a pAnswer
	writer := s.c    // the case whose word the write is
	alsoWriter := -1 // a second case the write may go into ("half" by a writer of both)
	switch s.kind {
	case "update":
		field := map[string]string{"Person": "updatePerson", "Victim": "updateVictim", "Recruiter": "updateRecruiter", "Organization": "updateOrganization", "BankAccount": "updatePerson"}[e1.kind]
		q = `mutation($id: ID!, $c: ID!, $n: String, $al: [String!]) { r: ` + field + `(id: $id, input: {caseId: $c, name: $n, aliases: $al}) { id name aliases } }`
		vars = map[string]any{"id": s.pad + e1.id, "c": W, "n": tok("name"), "al": []string{tok("alias")}}
	case "create":
		handle := strings.ToLower(tok("handle"))
		if s.pick%2 == 0 {
			// Someone else's handle: the identifier node is shared.
			var handles []string
			for k := range w.tokens {
				if strings.Contains(w.what[k], "handle") {
					handles = append(handles, k)
				}
			}
			sort.Strings(handles)
			if len(handles) > 0 {
				handle = handles[s.pick%len(handles)]
			}
		}
		q = `mutation($c: ID!, $n: String, $h: String!) { createPerson(input: {caseId: $c, name: $n, identifiers: [{kind: TELEGRAM, value: $h}]}) { ...N } } ` + nodeFragment
		vars = map[string]any{"c": W, "n": tok("name"), "h": handle}
	case "holds":
		acct := run.someAccount(s.e2)
		q = `mutation($c: ID!, $f: ID!, $t: ID!, $r: String) { addLink(input: {caseId: $c, type: HOLDS, from: $f, to: $t, role: $r}) { ` + linkFields + ` } }`
		vars = map[string]any{"c": W, "f": s.pad + e1.id, "t": acct.id, "r": []string{"OWNER", "CONTROLLER", "NOMINEE", "MULE"}[s.pick%4]}
	case "transfer":
		from, to := run.someAccount(s.e1), run.someAccount(s.e2)
		tx := w.txIDs[s.pick%len(w.txIDs)] // often another case's txId
		if s.pick%5 == 0 {
			tx = strings.ToLower(tok("txid"))
		}
		q = `mutation($c: ID!, $f: ID!, $t: ID!, $tx: String, $ref: String, $d: Date) { addLink(input: {caseId: $c, type: TRANSFERRED, from: $f, to: $t, txId: $tx,
		  amount: "77.5", currency: "USD", amountUsd: "77.5", date: $d, reference: $ref}) { ` + linkFields + ` } }`
		vars = map[string]any{"c": W, "f": s.pad + from.id, "t": to.id, "tx": tx, "ref": tok("reference"), "d": fmt.Sprintf("2024-%02d-01", 1+s.pick%12)}
	case "member":
		org := run.someOfKind(s.e2, "Organization")
		q = `mutation($c: ID!, $f: ID!, $t: ID!, $r: String) { addLink(input: {caseId: $c, type: MEMBER_OF, from: $f, to: $t, role: $r}) { ` + linkFields + ` } }`
		vars = map[string]any{"c": W, "f": e1.id, "t": s.pad + org.id, "r": tok("role")}
	case "unlink":
		q = `mutation($c: ID!, $id: ID!) { removeLink(input: {caseId: $c, id: $id}) { id deleted } }`
		vars = map[string]any{"c": W, "id": s.pad + w.links[s.pick%len(w.links)]}
	case "delete":
		field := map[string]string{"Person": "deletePerson", "Victim": "deleteVictim", "Recruiter": "deleteRecruiter", "Organization": "deleteOrganization", "BankAccount": "deleteBankAccount"}[e1.kind]
		q = `mutation($id: ID!, $c: ID!) { ` + field + `(id: $id, caseId: $c) { id deleted } }`
		vars = map[string]any{"id": s.pad + e1.id, "c": W}
	case "account":
		acct := run.someAccount(s.e1)
		q = `mutation($id: ID!, $c: ID!, $h: String) { updateBankAccount(id: $id, input: {caseId: $c, holderName: $h, status: FROZEN}) { ...N } } ` + nodeFragment
		vars = map[string]any{"id": s.pad + acct.id, "c": W, "h": tok("holder")}
	case "half":
		// One root field in the writer's case, one in a case it may not write.
		other := (s.c + 1 + s.pick%(len(w.cases)-1)) % len(w.cases)
		if p.sees(other) && (p.role == auth.RoleAnalyst || p.role == auth.RoleAdmin) {
			// Not half refused: a writer of both cases writes into both.
			alsoWriter = other
		}
		q = `mutation($a: ID!, $ca: ID!, $b: ID!, $cb: ID!, $na: String, $nb: String) {
		  a: updatePerson(id: $a, input: {caseId: $ca, name: $na}) { id name }
		  b: updatePerson(id: $b, input: {caseId: $cb, name: $nb}) { id name } }`
		pa := run.someOfKind(s.e1, "Person")
		pb := run.someOfKind(s.e2, "Person")
		vars = map[string]any{"a": pa.id, "ca": W, "b": pb.id, "cb": w.cases[other], "na": tok("half a"), "nb": capital(w.token(fmt.Sprintf("step %d half b", s.n), other))}
	case "reimport":
		a = run.upload(p, w.files[s.c])
		check(w.files[s.c], a)
	case "erase":
		v := run.someOfKind(s.e1, "Victim")
		q = `mutation($id: ID!) { eraseVictimData(id: $id) { id identifiersUnlinked } }`
		vars = map[string]any{"id": v.id}
		a = ask(q, vars)
		if len(a.resp.Errors) == 0 {
			for _, t := range v.personal {
				w.erased[strings.ToLower(t)] = true
			}
		}
		return out
	case "probe":
		return append(out, run.probe(pos, s, p, before)...)
	}
	if s.kind != "reimport" {
		a = ask(q, vars)
	}
	run.snaps = nil
	after := map[int]string{}
	for c := range w.cases {
		after[c] = run.snapshot(c)
	}
	failed := len(a.resp.Errors) > 0 || a.status != 200
	if failed && alsoWriter >= 0 && a.status == 200 && !errorAt(a, "a") {
		// A writer of both cases: "a" ran and wrote, "b" failed while it
		// ran (an erased victim's name, say). Only the first case moved.
		failed, alsoWriter = false, -1
	}
	for c := range w.cases {
		if before[c] == after[c] {
			continue
		}
		switch {
		case failed:
			item := "6"
			if usesPad(s) && s.kind != "half" {
				item = "1"
			}
			add("refused-but-wrote", item, "the write answered %s (%s) yet what a reader of %s sees changed: %s", a.code(), firstMessage(a), w.cases[c], diffHint(before[c], after[c], w))
		case c != writer && c != alsoWriter:
			add("other-case-changed", changeItem(s, before[c], after[c]), "a write in %s changed what a reader of %s sees: %s", W, w.cases[c], diffHint(before[c], after[c], w))
		}
	}
	if !failed {
		run.accepted(s, vars, writer)
	}
	return out
}

// accepted updates the oracle after a write that succeeded: the writing
// case now asserts every token it sent, and mentions every entity it named.
func (run *pRun) accepted(s pStep, vars map[string]any, writer int) {
	w := run.w
	b, _ := json.Marshal(vars)
	sent := strings.ToLower(string(b))
	if s.kind == "reimport" {
		sent = strings.ToLower(w.files[s.c])
	}
	for k := range w.tokens {
		if strings.Contains(sent, k) {
			w.tokens[k][writer] = true
		}
	}
	for _, e := range w.ents {
		if e.id != "" && strings.Contains(sent, strings.ToLower(e.id)) {
			e.mentions[writer] = true
		}
	}
	if s.kind == "update" {
		e := w.ents[s.e1]
		if e.kind == "Victim" {
			for _, v := range []any{vars["n"], vars["al"].([]string)[0]} {
				t := strings.ToLower(v.(string))
				e.personal = append(e.personal, t)
				if !e.consent {
					w.withheld[t] = e.owner
				}
			}
		}
	}
}

// valueChecks: no answer holds a value only invisible cases assert, a
// withheld or erased value, or victim data for a viewer. Values the request
// itself carries do not count.
func (run *pRun) valueChecks(pos int, s pStep, p *pPrincipal, req, body string) []pViolation {
	w := run.w
	lb, lreq := strings.ToLower(body), strings.ToLower(req)
	var out []pViolation
	for k, cs := range w.tokens {
		if !strings.Contains(lb, k) || strings.Contains(lreq, k) {
			continue
		}
		if w.erased[k] {
			out = append(out, pViolation{class: "erasure", item: "4", pos: pos, detail: fmt.Sprintf("the erased %q (%s) came back: %s", k, w.what[k], around(body, k))})
			continue
		}
		visible := false
		for c := range cs {
			visible = visible || p.sees(c)
		}
		if !visible {
			out = append(out, pViolation{class: "hidden-value", item: valueItem(s, w.what[k]), pos: pos,
				detail: fmt.Sprintf("%s saw %q (%s), which only %v assert: %s", p, k, w.what[k], caseNames(w, cs), around(body, k))})
			continue
		}
		if owner, ok := w.withheld[k]; ok && !p.all && !p.sees(owner) {
			out = append(out, pViolation{class: "consent", item: "3", pos: pos,
				detail: fmt.Sprintf("%s saw %q (%s), withheld: the victim of %s did not consent: %s", p, k, w.what[k], w.cases[owner], around(body, k))})
		}
		if w.victimIDs[k] && p.role == auth.RoleViewer {
			out = append(out, pViolation{class: "viewer", item: "-", pos: pos, detail: fmt.Sprintf("a VIEWER saw a victim's e-mail %q: %s", k, around(body, k))})
		}
	}
	return out
}

func caseNames(w *pWorld, cs map[int]bool) []string {
	var out []string
	for _, c := range sortedCases(cs) {
		out = append(out, w.cases[c])
	}
	return out
}

// around shows a value in its context.
func around(body, k string) string {
	i := strings.Index(strings.ToLower(body), k)
	lo, hi := max(0, i-160), min(len(body), i+len(k)+60)
	return "…" + body[lo:hi] + "…"
}

func firstMessage(a pAnswer) string {
	if len(a.resp.Errors) == 0 {
		return fmt.Sprint("HTTP ", a.status)
	}
	return a.resp.Errors[0].Message
}

// valueItem guesses the issue item of a leaked value from the step and what
// the value is.
func valueItem(s pStep, what string) string {
	switch {
	case usesPad(s) && isWrite(s.kind):
		return "1"
	case strings.Contains(what, "reference") || strings.Contains(what, "txId") || strings.Contains(what, "role") || strings.Contains(what, "job"):
		return "2"
	case s.kind == "list" || s.kind == "page":
		return "3"
	}
	return "2"
}

var timestampPattern = regexp.MustCompile(`"(createdAt|updatedAt)":"[^"]*"`)

// changeItem: a change of timestamps only is item 8; of a relationship's
// values item 2; through a padded id item 1.
func changeItem(s pStep, before, after string) string {
	switch {
	case usesPad(s):
		return "1"
	case timestampPattern.ReplaceAllString(before, "") == timestampPattern.ReplaceAllString(after, ""):
		return "8"
	}
	return "2"
}

// diffHint shows where two snapshots first differ.
func diffHint(a, b string, w *pWorld) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-200)
	return fmt.Sprintf("before …%s… after …%s…", a[lo:min(len(a), i+120)], b[lo:min(len(b), i+120)])
}

// snapshot is what the reader of one case sees, canonical. Reads change
// nothing, so a snapshot stays good until the next write step.
func (run *pRun) snapshot(c int) string {
	if s, ok := run.snaps[c]; ok {
		return s
	}
	a := run.gql(run.reader[c], snapshotQuery, nil)
	if len(a.resp.Errors) > 0 {
		run.t.Fatalf("snapshot of %s: %s", run.w.cases[c], a.body)
	}
	b, _ := json.Marshal(a.resp.Data)
	if run.snaps == nil {
		run.snaps = map[int]string{}
	}
	run.snaps[c] = string(b)
	return string(b)
}

// pickToken picks a token for a filter or a search: mostly one the
// principal may not see (the attacker's guess), else any.
func (run *pRun) pickToken(p *pPrincipal, pick int) string {
	var hidden, all []string
	for k, cs := range run.w.tokens {
		all = append(all, k)
		seen := false
		for c := range cs {
			seen = seen || p.sees(c)
		}
		if _, withheld := run.w.withheld[k]; !seen || (withheld && !p.all && !p.sees(run.w.withheld[k])) {
			hidden = append(hidden, k)
		}
	}
	sort.Strings(hidden)
	sort.Strings(all)
	if len(hidden) > 0 && pick%3 != 0 {
		return hidden[(pick/3)%len(hidden)]
	}
	return all[pick%len(all)]
}

func (run *pRun) someAccount(i int) *pEntity { return run.someOfKind(i, "BankAccount") }

// someOfKind is the i-th entity of a kind (round robin).
func (run *pRun) someOfKind(i int, kind string) *pEntity {
	var of []*pEntity
	for _, e := range run.w.ents {
		if e.kind == kind || (kind == "Person" && e.kind != "BankAccount" && e.kind != "Organization") {
			of = append(of, e)
		}
	}
	return of[i%len(of)]
}

// read runs a read step.
func (run *pRun) read(s pStep, p *pPrincipal, ask func(string, map[string]any) pAnswer, check func(string, pAnswer), add func(string, string, string, ...any)) {
	w := run.w
	e1, e2 := w.ents[s.e1], w.ents[s.e2]
	id1 := s.pad + e1.id
	switch s.kind {
	case "node":
		ask(`query($id: ID!) { node(id: $id) { ...N } } `+nodeFragment, map[string]any{"id": id1})
	case "nodes":
		ask(`query($ids: [ID!]!) { nodes(ids: $ids) { ...N } } `+nodeFragment, map[string]any{"ids": []string{id1, e2.id, w.cases[s.c]}})
	case "list", "page":
		// The filter: a token (mostly one the caller may not see) or its
		// first letters, on the list of the entity the token names.
		text := run.pickToken(p, s.pick/64)
		lists := []string{"persons", "victims", "recruiters", "organizations", "bankAccounts"}
		list := lists[s.pick%len(lists)]
		switch what := w.what[text]; {
		case strings.Contains(what, " V1 "):
			list = "victims"
		case strings.Contains(what, " R1 "):
			list = []string{"recruiters", "persons"}[s.pick%2]
		case strings.Contains(what, " O1 "):
			list = "organizations"
		case strings.Contains(what, "holder"):
			list = "bankAccounts"
		case strings.Contains(what, " P1 "), strings.Contains(what, " P2 "), strings.Contains(what, " X1 "), strings.Contains(what, "name"):
			list = "persons"
		}
		fields := map[string]string{
			"persons": "name aliases nameVariants { value } variants { value }", "victims": "name aliases nameVariants { value } variants { value }",
			"recruiters":    "name aliases person { nameVariants { value } variants { value } } organization { nameVariants { value } variants { value } }",
			"organizations": "name aliases nameVariants { value } variants { value }", "bankAccounts": "holderName accountNumber variants { value }",
		}[list]
		orders := []string{"NAME", "CREATED_AT", "UPDATED_AT", "ID"}
		order := map[string]any{"field": orders[(s.pick/8)%4], "direction": []string{"ASC", "DESC"}[(s.pick/32)%2]}
		if s.pick%5 == 0 {
			text = text[:len(text)-3]
		}
		filter := map[string]any{"nameContains": text}
		if s.kind == "page" && s.pick%2 == 0 {
			filter = nil
		}
		q := `query($f: ` + map[string]string{"persons": "EntityFilter", "victims": "VictimFilter", "recruiters": "EntityFilter", "organizations": "OrganizationFilter", "bankAccounts": "BankAccountFilter"}[list] +
			`, $o: ListOrder, $first: Int, $after: String) { l: ` + list + `(filter: $f, orderBy: $o, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id ` + fields + ` } } } }`
		first := 100
		if s.kind == "page" {
			first = 1 + s.pick%2
		}
		// NAME order, for a reader of one case, follows the names that case
		// gave (what the reader sees), across pages.
		checkOrder := order["field"] == "NAME" && !p.all && len(p.cases) == 1 && list != "bankAccounts" && list != "recruiters"
		var prev string
		var after any
		for page := 0; page < 20; page++ {
			a := ask(q, map[string]any{"f": filter, "o": order, "first": first, "after": after})
			if len(a.resp.Errors) > 0 {
				return
			}
			if filter != nil && list != "bankAccounts" {
				for _, e := range dig(a.resp.Data, "l", "edges").([]any) {
					b, _ := json.Marshal(dig(e, "node"))
					if !strings.Contains(strings.ToLower(string(b)), strings.ToLower(text)) {
						add("filter", "3", "%s: %s(nameContains: %q) returned %s, whose visible names do not contain it (the match is on %s)", p, list, text, b, w.what[strings.ToLower(text)])
					}
				}
			}
			if checkOrder {
				for _, e := range dig(a.resp.Data, "l", "edges").([]any) {
					name, _ := dig(e, "node", "name").(string)
					name = strings.ToLower(name)
					if prev != "" && ((order["direction"] == "ASC" && name < prev) || (order["direction"] == "DESC" && name > prev)) {
						add("order", "3", "%s: %s in NAME %s order gave %q after %q: the order follows names the reader does not see", p, list, order["direction"], name, prev)
					}
					prev = name
				}
			}
			if dig(a.resp.Data, "l", "pageInfo", "hasNextPage") != true {
				return
			}
			after = dig(a.resp.Data, "l", "pageInfo", "endCursor")
		}
	case "search":
		ask(`query($t: String!) { search(text: $t, first: 50) { hits { node { ...N } matchedOn roles } } } `+nodeFragment, map[string]any{"t": run.pickToken(p, s.pick)})
	case "neighborhood":
		ask(`query($id: ID!) { neighborhood(id: $id, depth: 2) { nodes { id label properties roles } edges { id type properties caseIds } } }`, map[string]any{"id": id1})
	case "linked":
		ask(`query($id: ID!) { linkedCases(id: $id) { caseFile { id agency details { title description } } sharedCount shared { ...N } } } `+nodeFragment, map[string]any{"id": id1})
	case "overlaps":
		ask(`query($c: ID!) { caseOverlaps(caseId: $c) { caseFile { id agency details { title description } } sharedCount shared { ...N } } } `+nodeFragment, map[string]any{"c": w.cases[s.c]})
	case "timeline":
		ask(`query($id: ID!) { timeline(id: $id) { events { date kind edge { id properties caseIds } other { id label properties } } } }`, map[string]any{"id": id1})
	case "trail":
		ask(`query($id: ID!) { moneyTrail(from: $id, direction: BOTH, timeOrdered: false) { graph { nodes { id label properties } edges { id properties caseIds } } paths { hops { id amount amountUsd date } } enteredUsd restingUsd } }`,
			map[string]any{"id": s.pad + run.someAccount(s.e1).id})
	case "paths":
		ask(`query($a: ID!, $b: ID!) { paths(from: $a, to: $b, maxHops: 4) { nodes { id label properties } edges { id properties caseIds } } }`, map[string]any{"a": id1, "b": e2.id})
	case "hubs":
		metrics := []string{"DEGREE", "MONEY_RECEIVED", "DISTINCT_PAYERS", "VICTIMS_RECRUITED"}
		ask(`query($c: ID, $m: HubMetric!) { hubs(metric: $m, caseId: $c, first: 20) { node { id label properties } score } }`, map[string]any{"c": w.cases[s.c], "m": metrics[s.pick%len(metrics)]})
	case "export":
		formats := []string{"cytoscape", "graphml", "ftm"}
		f := formats[s.pick%3]
		var path string
		if s.pick%2 == 0 {
			path = "/export?view=case&caseId=" + url.QueryEscape(w.cases[s.c]) + "&format=" + f
		} else {
			path = "/export?view=neighborhood&depth=2&id=" + url.QueryEscape(id1) + "&format=" + f
		}
		a := run.get(p, path)
		check(path, a)
	}
}

// probe: the answer about a hidden id and about an absent id of the same
// form must not differ (once each id is replaced by a placeholder), whether
// the id is padded or not, read or written.
func (run *pRun) probe(pos int, s pStep, p *pPrincipal, before map[int]string) []pViolation {
	w := run.w
	var hidden *pEntity
	for k := 0; k < len(w.ents); k++ {
		e := w.ents[(s.e1+k)%len(w.ents)]
		seen := false
		for c := range e.mentions {
			seen = seen || p.sees(c)
		}
		if seen || e.id == "" {
			continue
		}
		// The oracle's guess, checked against what the graph holds now (a
		// write that should not have happened may have made it visible, or
		// deleted it): hidden means it exists and no case it names is the
		// principal's.
		a := run.gql(run.admin, `query($id: ID!) { node(id: $id) { ... on Person { caseIds } ... on Organization { caseIds } ... on BankAccount { caseIds } } }`, map[string]any{"id": e.id})
		cs, _ := dig(a.resp.Data, "node").(map[string]any)
		if cs == nil {
			continue
		}
		for _, c := range cs["caseIds"].([]any) {
			if i := w.caseIndex(c.(string)); i >= 0 {
				seen = seen || p.sees(i)
				e.mentions[i] = true
			}
		}
		if !seen {
			hidden = e
			break
		}
	}
	if hidden == nil {
		return nil // the principal sees everything
	}
	i := strings.LastIndex(hidden.id, ":")
	absent := hidden.id[:i+1] + "NOPE" + strings.ToUpper(w.tag) + fmt.Sprint(s.n)
	mine := w.ents[s.e2]
	for k := 0; k < len(w.ents); k++ {
		e := w.ents[(s.e2+k)%len(w.ents)]
		if p.sees(e.owner) {
			mine = e
			break
		}
	}
	acct := run.someAccount(s.e2)
	templates := []string{
		`mutation { x: updatePerson(id: $id, input: {caseId: $c, name: $t}) { id name } }`,
		`mutation { x: updateVictim(id: $id, input: {caseId: $c, name: $t}) { id name } }`,
		`mutation { x: deletePerson(id: $id, caseId: $c) { id deleted } }`,
		`mutation { x: addLink(input: {caseId: $c, type: HELD_AT, from: $m, to: $id}) { __typename } }`,
		`mutation { x: addLink(input: {caseId: $c, type: HOLDS, from: $id, to: $m, role: "MULE"}) { __typename } }`,
		`mutation { x: addLink(input: {caseId: $c, type: MEMBER_OF, from: $m, to: $id, role: $t}) { __typename } }`,
		`mutation { x: createVictim(input: {caseId: $c, personId: $id}) { id } }`,
		`mutation { x: updateBankAccount(id: $id, input: {caseId: $c, holderName: $t}) { id } }`,
		`query { x: timeline(id: $id) { events { kind } } }`,
		`query { x: neighborhood(id: $id) { nodes { id } } }`,
		`query { x: linkedCases(id: $id) { caseFile { id } } }`,
		`query { x: node(id: $id) { id } }`,
		`query { x: moneyTrail(from: $id) { paths { hops { id } } } }`,
		`query { x: hubs(metric: DEGREE, around: $id) { score } }`,
	}
	q := templates[s.pick%len(templates)]
	// Declare the variables the template uses (GraphQL refuses unused ones).
	var decls []string
	for _, d := range []string{"$id: ID!", "$c: ID!", "$m: ID!", "$t: String"} {
		if strings.Contains(q, strings.Fields(d)[0][:2]+strings.TrimSuffix(strings.Fields(d)[0][2:], ":")) {
			decls = append(decls, d)
		}
	}
	op := strings.Fields(q)[0]
	q = op + "(" + strings.Join(decls, ", ") + ")" + strings.TrimPrefix(q, op)
	m := mine.id
	if strings.Contains(q, "HOLDS") {
		m = acct.id
	}
	varsFor := func(id string) map[string]any {
		v := map[string]any{"id": s.pad + id}
		if strings.HasPrefix(q, "mutation") {
			v["c"], v["m"], v["t"] = w.cases[s.c], m, capital(w.token(fmt.Sprintf("step %d probe", s.n), s.c))
		}
		return v
	}
	var out []pViolation
	ah := run.gql(p, q, varsFor(hidden.id))
	b, _ := json.Marshal(varsFor(hidden.id))
	out = append(out, run.valueChecks(pos, s, p, q+string(b), ah.body)...)
	aa := run.gql(p, q, varsFor(absent))
	run.snaps = nil
	norm := func(a pAnswer, id string) string {
		body := a.body
		for _, form := range []string{s.pad + id, id} {
			j, _ := json.Marshal(form)
			body = strings.ReplaceAll(body, string(j[1:len(j)-1]), "<ID>")
		}
		return fmt.Sprint(a.status, " ", requestIDPattern.ReplaceAllString(body, "request id <R>"))
	}
	if nh, na := norm(ah, hidden.id), norm(aa, absent); nh != na {
		item := "1"
		out = append(out, pViolation{class: "error-parity", item: item, pos: pos,
			detail: fmt.Sprintf("%s: %s answers differently for a hidden id (%s) and an absent one:\n      hidden: %.400s\n      absent: %.400s", p, rootOf(q), s.pad+hidden.id, nh, na)})
	}
	if strings.HasPrefix(q, "mutation") {
		for c := range w.cases {
			if after := run.snapshot(c); after != before[c] {
				out = append(out, pViolation{class: "other-case-changed", item: "1", pos: pos,
					detail: fmt.Sprintf("%s wrote through a hidden id %q: a reader of %s sees a change: %s", p, s.pad+hidden.id, w.cases[c], diffHint(before[c], after, w))})
			}
		}
	}
	return out
}

var rootPattern = regexp.MustCompile(`x: (\w+)`)

// rootOf names the root field of a probe.
func rootOf(q string) string {
	if m := rootPattern.FindStringSubmatch(q); m != nil {
		if strings.Contains(q, "type: ") {
			return m[1] + " " + strings.Fields(q[strings.Index(q, "type: ")+6:])[0]
		}
		return m[1]
	}
	return q
}

// usesPad: the step sends a padded id.
func usesPad(s pStep) bool {
	switch s.kind {
	case "create", "half", "reimport", "erase", "list", "page", "search", "overlaps", "hubs":
		return false
	}
	return s.pad != ""
}

// errorAt says whether an answer has an error at a root field.
func errorAt(a pAnswer, field string) bool {
	for _, e := range a.resp.Errors {
		if len(e.Path) > 0 && e.Path[0] == field {
			return true
		}
	}
	return false
}
