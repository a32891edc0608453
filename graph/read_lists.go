package graph

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// MaxPageSize is the largest page a list returns. Asking for more is an
// error, not a silent cut, so a client never mistakes a page for the whole.
const MaxPageSize = 100

// Listable labels: what the list queries may enumerate.
var listLabels = []string{RoleRecruiter, RoleVictim, KindPerson, KindOrganization, KindCompound, KindBankAccount, KindCaseFile, KindCountry, KindIdentifier}

// Sort orders of lists and the Cypher expression each sorts by. Ties are
// broken by id, so pages never overlap or skip.
var sortKeys = map[string]string{
	"NAME":       "n.sortName", // sortNameOf("n"), stored and indexed (see sortname.go)
	"CREATED_AT": "coalesce(n.createdAt.epochMillis, 0)",
	"UPDATED_AT": "coalesce(n.updatedAt.epochMillis, 0)",
	"ID":         "n.id",
}

// ListFilter narrows a list. Empty fields do not filter.
type ListFilter struct {
	NameContains string // name, title or any alias, case-insensitive
	Country      string // ISO code: nationality or location
	Status       string
	Kind         string
	CaseID       string // mentioned by this case file
	Region       string // countries only
}

// SortOrder is a sort field from sortKeys and a direction.
type SortOrder struct {
	Field      string
	Descending bool
}

// ListQuery asks for one page of a label.
type ListQuery struct {
	Label  string
	Filter ListFilter
	Order  SortOrder
	First  int
	After  string // cursor from a previous page
}

// Page is one page of nodes with the cursors to continue.
type Page struct {
	Nodes       []Node
	Cursors     []string
	HasNextPage bool
}

// roleInScope keeps, for the role lists (victims, recruiters), the nodes
// that have the role in a case the reader sees: a person who is a victim
// only in a hidden case is not one to this reader (see Scope.viewProps).
// A claim's JSON ends with its roles ("roles":["Recruiter","Victim"]), and
// "roles": cannot occur unescaped inside a value, so the text after it is
// the roles.
func roleInScope(label string) string {
	if label != RoleVictim && label != RoleRecruiter {
		return ""
	}
	return `($scopeAll OR any(c IN $scopeCases WHERE coalesce(split(coalesce(n['claim:' + c], ''), '"roles":')[1], '') CONTAINS '"` + label + `"'))`
}

// victimInScope is roleInScope of victims, for statements that ask it of
// a node of any label.
var victimInScope = roleInScope(RoleVictim)

// cursor is the keyset position of a row: its sort key and id.
type cursor struct {
	Key any    `json:"k"`
	ID  string `json:"i"`
}

// cursorKey seals cursors (AES-GCM, a key per process): the sort key is
// the stored name, which may be a value the reader's cases did not give
// or a victim's withheld name, so a cursor must not be readable, nor
// forgeable. Cursors from before a restart are refused as malformed.
var cursorAEAD = func() cipher.AEAD {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		panic(err)
	}
	block, _ := aes.NewCipher(key)
	aead, _ := cipher.NewGCM(block)
	return aead
}()

func encodeCursor(key any, id string) string {
	b, _ := json.Marshal(cursor{Key: key, ID: id})
	nonce := make([]byte, cursorAEAD.NonceSize())
	_, _ = rand.Read(nonce)
	return base64.RawURLEncoding.EncodeToString(cursorAEAD.Seal(nonce, nonce, b, nil))
}

func decodeCursor(s string) (*cursor, error) {
	sealed, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(sealed) < cursorAEAD.NonceSize() {
		return nil, fmt.Errorf("malformed cursor")
	}
	b, err := cursorAEAD.Open(nil, sealed[:cursorAEAD.NonceSize()], sealed[cursorAEAD.NonceSize():], nil)
	if err != nil {
		return nil, fmt.Errorf("malformed cursor")
	}
	var c cursor
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	if err := dec.Decode(&c); err != nil || c.ID == "" {
		return nil, fmt.Errorf("malformed cursor")
	}
	if n, ok := c.Key.(json.Number); ok {
		i, err := n.Int64()
		if err != nil {
			return nil, fmt.Errorf("malformed cursor")
		}
		c.Key = i
	}
	return &c, nil
}

func (q ListQuery) params(scope Scope) (map[string]any, error) {
	var errs ValidationErrors
	if q.First < 0 || q.First > MaxPageSize {
		errs.add("first", "must be between 0 and %d", MaxPageSize)
	}
	if _, ok := sortKeys[q.Order.Field]; !ok {
		errs.add("orderBy.field", "unknown sort field")
	}
	nullable := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	p := map[string]any{
		"nameContains": nullable(strings.ToLower(strings.TrimSpace(q.Filter.NameContains))),
		"status":       nullable(q.Filter.Status),
		"kind":         nullable(q.Filter.Kind),
		"region":       nullable(q.Filter.Region),
		"country":      nil,
		"afterKey":     nil,
		"afterId":      "",
		"limit":        q.First + 1,
	}
	if q.Filter.Country != "" {
		c, err := NormalizeCountry(q.Filter.Country)
		if err != nil {
			errs.add("filter.country", "%s", err.(*ValidationError).Reason)
		}
		p["country"] = c
	}
	if q.After != "" {
		c, err := decodeCursor(q.After)
		if err != nil {
			errs.add("after", "not a cursor returned by this list")
		} else {
			p["afterKey"], p["afterId"] = c.Key, c.ID
		}
	}
	return scope.params(p), errs.err()
}

// statement is the list (or count) statement of the query; false when it
// would find nothing: a case outside the scope lists nothing (listing
// "which of my entities does case X mention" would tell what X holds), nor
// does an id no case can have.
func (q ListQuery) statement(scope Scope, count bool) (string, bool) {
	cypher := listStatement(q.shape(scope, count))
	c := q.Filter.CaseID
	if c == "" {
		return cypher, true
	}
	if !scope.SeesCase(c) {
		return "", false
	}
	return caseStatement(cypher, c)
}

// List returns one page of visible nodes with the label, filter and order.
func (s *Store) List(ctx context.Context, scope Scope, q ListQuery) (Page, error) {
	params, err := q.params(scope)
	if err != nil {
		return Page{}, err
	}
	if !slices.Contains(listLabels, q.Label) {
		return Page{}, fmt.Errorf("cannot list %q", q.Label)
	}
	cypher, ok := q.statement(scope, false)
	if !ok {
		return Page{}, nil
	}
	recs, err := s.readRecords(ctx, "list_"+q.Label, cypher, params)
	if err != nil {
		return Page{}, err
	}
	var page Page
	for i, rec := range recs {
		if i == q.First {
			page.HasNextPage = true
			break
		}
		n, err := asNode(rec, "n", scope)
		if err != nil {
			return Page{}, err
		}
		k, _ := rec.Get("k")
		page.Nodes = append(page.Nodes, n)
		page.Cursors = append(page.Cursors, encodeCursor(k, n.GetID()))
	}
	return page, nil
}

// Count returns how many visible nodes match the label and filter.
func (s *Store) Count(ctx context.Context, scope Scope, q ListQuery) (int, error) {
	if !slices.Contains(listLabels, q.Label) {
		return 0, fmt.Errorf("cannot count %q", q.Label)
	}
	q.First = 0
	params, err := q.params(scope)
	if err != nil {
		return 0, err
	}
	cypher, ok := q.statement(scope, true)
	if !ok {
		return 0, nil
	}
	v, err := s.readValue(ctx, "count_"+q.Label, cypher, params)
	if err != nil {
		return 0, err
	}
	n, _ := v.(int64)
	return int(n), nil
}
