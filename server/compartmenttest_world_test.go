package server_test

// The world of the compartment property test: a few small cases that share
// people, accounts, identifiers and links, each giving its own random values.
// Every value a case gives is a distinctive token ("Zq" + run tag + random
// letters, all of one length, so no token is part of another), recorded with
// the cases that assert it: the oracle the invariants check responses against.

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"sort"
	"strings"
)

const tokenLetters = "abcdefghijkmnpqrstuvwxyz23456789"

// pEntity is an entity of the world.
type pEntity struct {
	id      string
	kind    string // Person, Victim, Recruiter, Organization, BankAccount
	owner   int    // the case that first recorded it
	consent bool   // victims: consentToShare
	// mentions: the cases that mention it (for choosing hidden ids; kept
	// generous: a case is added on any successful write naming it).
	mentions map[int]bool
	// personal: the name, alias and identifier tokens of a victim (erasure).
	personal []string
	number   string // accounts: the number (the id is read back after loading)
}

// pWorld is the generated world and the oracle of one run.
type pWorld struct {
	seed  int64
	tag   string   // three letters, different per run (runs share the database)
	cases []string // case ids
	files []string // each case's file, as JSON
	ents  []*pEntity
	// tokens: lower-cased token -> the cases that assert it.
	tokens map[string]map[int]bool
	// what: lower-cased token -> what it is, for messages.
	what map[string]string
	// withheld: name and alias tokens of non-consenting victims -> the
	// victim's own case: shown only to readers of that case or of "*".
	withheld map[string]int
	// victimIDs: tokens of identifiers victims use (e-mail): never to a VIEWER.
	victimIDs map[string]bool
	// erased: tokens of victims whose data was erased: never again.
	erased map[string]bool
	txIDs  []string // TRANSFERRED txIds
	links  []string // relationship ids, found after loading
}

func (w *pWorld) caseIndex(id string) int {
	for i, c := range w.cases {
		if c == id {
			return i
		}
	}
	return -1
}

// token makes the token of a label: the same label gives the same token in
// every run of one seed, apart from the run tag.
func (w *pWorld) token(label string, c int) string {
	r := rand.New(rand.NewSource(w.seed ^ int64(hashString(label))))
	b := make([]byte, 8)
	for i := range b {
		b[i] = tokenLetters[r.Intn(len(tokenLetters))]
	}
	tok := "zq" + w.tag + string(b)
	w.assert(tok, c, label)
	return tok
}

// assert records that case c gives tok.
func (w *pWorld) assert(tok string, c int, label string) {
	k := strings.ToLower(tok)
	if w.tokens[k] == nil {
		w.tokens[k] = map[int]bool{}
		w.what[k] = label
	}
	if c >= 0 {
		w.tokens[k][c] = true
	}
}

func hashString(s string) uint64 {
	var h uint64 = 1469598103934665603
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

func capital(tok string) string { return strings.ToUpper(tok[:1]) + tok[1:] }

// newWorld generates the cases of seed; tag makes this run's ids and tokens
// its own. The structure depends on the seed only, so a shrinking run
// replays the same world under another tag.
func newWorld(seed int64, tag string) *pWorld {
	w := &pWorld{seed: seed, tag: tag, tokens: map[string]map[int]bool{}, what: map[string]string{},
		withheld: map[string]int{}, victimIDs: map[string]bool{}, erased: map[string]bool{}}
	r := rand.New(rand.NewSource(seed))
	n := 2 + r.Intn(3)
	for i := 0; i < n; i++ {
		w.cases = append(w.cases, fmt.Sprintf("P%c-%s", 'A'+i, tag))
	}
	type file struct {
		Case     map[string]any   `json:"case"`
		Entities []map[string]any `json:"entities"`
		Links    []map[string]any `json:"links"`
	}
	files := make([]*file, n)
	roles := []string{"OWNER", "CONTROLLER", "NOMINEE", "MULE"}
	date := func() string { return fmt.Sprintf("2025-%02d-%02d", 1+r.Intn(12), 1+r.Intn(28)) }
	amount := func() string { return fmt.Sprintf("%d.%d", 100+r.Intn(90000), r.Intn(10)) }
	// Shared accounts: mentioned by two or more cases, each with its own holder name.
	shared := []string{w.token("shared account 1 number", -1), w.token("shared account 2 number", -1)}
	for i := range shared {
		shared[i] = strings.ToUpper(shared[i])
	}
	sharedAcctCases := make([][]int, len(shared))
	for i := range shared {
		perm := r.Perm(n)
		sharedAcctCases[i] = perm[:2+r.Intn(n-1)]
	}
	sharedHandle := w.token("shared telegram handle", -1)
	handleCases := r.Perm(n)[:2]
	// One txId that two cases give to a transfer from shared account 1 to 2.
	sharedTx := w.token("shared txId", -1)
	w.txIDs = append(w.txIDs, sharedTx)
	for c := 0; c < n; c++ {
		cid := w.cases[c]
		cl := fmt.Sprintf("P%c", 'A'+c) // the case in token labels: no run tag, so every run of a seed draws the same tokens
		f := &file{Case: map[string]any{"id": cid, "agency": "Agency " + cid, "country": "KH",
			"title": capital(w.token(cl+" title", c)), "description": w.token(cl+" description", c)}}
		files[c] = f
		ent := func(ref, typ string, props map[string]any) {
			props["ref"], props["type"] = ref, typ
			f.Entities = append(f.Entities, props)
		}
		link := func(typ, from, to string, props map[string]any) {
			props["type"], props["from"], props["to"] = typ, from, to
			f.Links = append(f.Links, props)
		}
		// Two people, a victim, a recruiter, an organisation, an account.
		for _, ref := range []string{"P1", "P2"} {
			ent(ref, "Person", map[string]any{"name": capital(w.token(cl+" "+ref+" name", c)), "aliases": []string{w.token(cl+" "+ref+" alias", c)}, "birthDate": date()[:7]})
			w.ents = append(w.ents, &pEntity{id: "person:" + cid + ":" + ref, kind: "Person", owner: c, mentions: map[int]bool{c: true}})
		}
		consent := r.Intn(3) == 0
		vName, vAlias := capital(w.token(cl+" V1 name", c)), w.token(cl+" V1 alias", c)
		emailTok := w.token(cl+" V1 email", c)
		email := emailTok + "@mail.test"
		w.victimIDs[emailTok] = true
		ent("V1", "Victim", map[string]any{"name": vName, "aliases": []string{vAlias}, "consentToShare": consent, "birthDate": "1999-02-03",
			"victimType": "TRAFFICKED_WORKER", "status": "HELD", "identifiers": []map[string]any{{"kind": "EMAIL", "value": email}}})
		v := &pEntity{id: "person:" + cid + ":V1", kind: "Victim", owner: c, consent: consent, mentions: map[int]bool{c: true},
			personal: []string{vName, vAlias, emailTok}}
		w.ents = append(w.ents, v)
		if !consent {
			w.withheld[strings.ToLower(vName)] = c
			w.withheld[strings.ToLower(vAlias)] = c
		}
		rIDs := []map[string]any{{"kind": "TELEGRAM", "value": w.token(cl+" R1 handle", c)}}
		for _, hc := range handleCases {
			if hc == c {
				rIDs = append(rIDs, map[string]any{"kind": "TELEGRAM", "value": sharedHandle})
				w.assert(sharedHandle, c, "shared telegram handle")
			}
		}
		ent("R1", "Recruiter", map[string]any{"name": capital(w.token(cl+" R1 name", c)), "identifiers": rIDs})
		w.ents = append(w.ents, &pEntity{id: "person:" + cid + ":R1", kind: "Recruiter", owner: c, mentions: map[int]bool{c: true}})
		ent("O1", "Organization", map[string]any{"name": capital(w.token(cl+" O1 name", c)), "aliases": []string{w.token(cl+" O1 alias", c)}, "kind": "CRIME_GROUP", "country": "KH"})
		w.ents = append(w.ents, &pEntity{id: "organization:" + cid + ":O1", kind: "Organization", owner: c, mentions: map[int]bool{c: true}})
		num := strings.ToUpper(w.token(cl+" A1 number", c))
		ent("A1", "BankAccount", map[string]any{"kind": "BANK", "country": "KH", "institution": "Bank " + w.tag, "accountNumber": num,
			"currency": "USD", "name": capital(w.token(cl+" A1 holder", c))})
		w.ents = append(w.ents, &pEntity{kind: "BankAccount", number: num, owner: c, mentions: map[int]bool{c: true}})
		link("RECRUITED", "R1", "V1", map[string]any{"date": date(), "channel": "TELEGRAM", "promisedJob": w.token(cl+" R1-V1 job", c)})
		link("HOLDS", "P1", "A1", map[string]any{"role": roles[r.Intn(4)]})
		link("MEMBER_OF", "P2", "O1", map[string]any{"role": w.token(cl+" P2-O1 role", c)})
		link("PAID", "V1", "A1", map[string]any{"date": date(), "amount": amount(), "currency": "USD", "reason": "RANSOM"})
		// The shared accounts this case knows, with its own holder name.
		for i, num := range shared {
			for _, sc := range sharedAcctCases[i] {
				if sc != c {
					continue
				}
				w.assert(num, c, fmt.Sprintf("shared account %d number", i+1))
				ref := fmt.Sprintf("S%d", i+1)
				ent(ref, "BankAccount", map[string]any{"kind": "BANK", "country": "KH", "institution": "Bank " + w.tag, "accountNumber": num,
					"currency": "USD", "name": capital(w.token(fmt.Sprintf("%s S%d holder", cl, i+1), c))})
				link("HOLDS", "P1", ref, map[string]any{"role": roles[r.Intn(4)]})
				if i == 0 {
					link("TRANSFERRED", "A1", ref, map[string]any{"txId": w.token(cl+" own txId", c), "amount": amount(), "currency": "USD",
						"amountUsd": amount(), "date": date(), "reference": w.token(cl+" own transfer reference", c)})
					w.txIDs = append(w.txIDs, w.token(cl+" own txId", c))
				}
			}
		}
		has := func(i int) bool {
			for _, sc := range sharedAcctCases[i] {
				if sc == c {
					return true
				}
			}
			return false
		}
		if has(0) && has(1) {
			// Both cases' word on one transfer (same sending account and txId).
			w.assert(sharedTx, c, "shared txId")
			link("TRANSFERRED", "S1", "S2", map[string]any{"txId": sharedTx, "amount": amount(), "currency": "USD", "amountUsd": amount(),
				"date": date(), "reference": w.token(cl+" shared transfer reference", c)})
		}
		// Later cases also speak of an earlier case's person, under their own name.
		if c > 0 {
			o := r.Intn(c)
			target := "person:" + w.cases[o] + ":P1"
			ent("X1", "Person", map[string]any{"id": target, "name": capital(w.token(cl+" X1 name", c)), "aliases": []string{w.token(cl+" X1 alias", c)}})
			for _, e := range w.ents {
				if e.id == target {
					e.mentions[c] = true
				}
			}
			// Its holding of the first shared account, with this case's role.
			if has(0) {
				link("HOLDS", "X1", "S1", map[string]any{"role": roles[r.Intn(4)]})
			}
			link("MEMBER_OF", "X1", "O1", map[string]any{"role": w.token(cl+" X1-O1 role", c)})
			// And of an earlier case's victim, under their own name: withheld
			// from this case's readers when the victim did not consent.
			{
				vo := r.Intn(c)
				vid := "person:" + w.cases[vo] + ":V1"
				name, alias := capital(w.token(cl+" X2 name", c)), w.token(cl+" X2 alias", c)
				ent("X2", "Victim", map[string]any{"id": vid, "name": name, "aliases": []string{alias}})
				for _, e := range w.ents {
					if e.id == vid {
						e.mentions[c] = true
						e.personal = append(e.personal, name, alias)
						if !e.consent {
							w.withheld[strings.ToLower(name)] = vo
							w.withheld[strings.ToLower(alias)] = vo
						}
					}
				}
			}
		}
	}
	for i, num := range shared {
		e := &pEntity{kind: "BankAccount", number: num, owner: sharedAcctCases[i][0], mentions: map[int]bool{}}
		for _, c := range sharedAcctCases[i] {
			e.mentions[c] = true
		}
		w.ents = append(w.ents, e)
	}
	for _, f := range files {
		b, _ := json.Marshal(f)
		w.files = append(w.files, string(b))
	}
	return w
}

// sortedCases lists a set of case indexes.
func sortedCases(set map[int]bool) []int {
	var out []int
	for c := range set {
		out = append(out, c)
	}
	sort.Ints(out)
	return out
}
