package graph

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
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

const listFilter = `
WHERE (n:Country OR VIS) ROLE
  AND ($nameContains IS NULL
       OR toLower(coalesce(n.name, n.title, '')) CONTAINS $nameContains
       OR any(a IN coalesce(n.aliases, []) WHERE toLower(a) CONTAINS $nameContains))
  AND ($status IS NULL OR n.status = $status)
  AND ($kind IS NULL OR n.kind = $kind)
  AND ($caseId IS NULL OR $caseId IN coalesce(n.sources, []))
  AND ($region IS NULL OR n.region = $region)
  AND ($country IS NULL OR n.code = $country OR n.country = $country
       OR EXISTS { MATCH (n)-[:NATIONAL_OF|LOCATED_IN]->(:Country {code: $country}) })`

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
	return `AND ($scopeAll OR any(c IN $scopeCases WHERE coalesce(split(coalesce(n['claim:' + c], ''), '"roles":')[1], '') CONTAINS '"` + label + `"'))`
}

var (
	listQueries  = map[string]string{} // label|field|asc or desc
	countQueries = map[string]string{} // label
)

func init() {
	for _, label := range listLabels {
		filter := strings.Replace(listFilter, "VIS", visible("n"), 1)
		filter = strings.Replace(filter, "ROLE", roleInScope(label), 1)
		countQueries[label] = "MATCH (n:" + label + ")" + filter + "\nRETURN count(n) AS total"
		for field, key := range sortKeys {
			for _, desc := range []bool{false, true} {
				cmp, dir := ">", "ASC"
				if desc {
					cmp, dir = "<", "DESC"
				}
				if field == "NAME" {
					// A range on the indexed key (from the cursor on, or
					// every key on a first page) lets Neo4j read the index
					// in order and stop at the page's end.
					for _, cursor := range []bool{false, true} {
						listQueries[listKey(label, field, desc)+nameOrderVariant(cursor)] = "MATCH (n:" + label + ")" + nameRange(filter, cmp, cursor) + `
  AND ($afterKey IS NULL OR n.sortName ` + cmp + ` $afterKey OR (n.sortName = $afterKey AND n.id ` + cmp + ` $afterId))
RETURN n, n.sortName AS k ORDER BY n.sortName ` + dir + `, n.id ` + dir + ` LIMIT $limit`
					}
					continue
				}
				q := "MATCH (n:" + label + ")" + filter + `
WITH n, ` + key + ` AS k
WHERE $afterKey IS NULL OR k ` + cmp + ` $afterKey OR (k = $afterKey AND n.id ` + cmp + ` $afterId)
RETURN n, k ORDER BY k ` + dir + `, n.id ` + dir + ` LIMIT $limit`
				listQueries[listKey(label, field, desc)] = q
			}
		}
	}
}

// nameRange puts the index range of a NAME-sorted list first in its
// filter: from the cursor's key on, or on a first page every key (as one
// range: the empty string and up, or IS NOT NULL going down, as no string is after all
// others).
func nameRange(filter, cmp string, cursor bool) string {
	bound := "n.sortName >= ''"
	switch {
	case cursor && cmp == ">":
		bound = "n.sortName >= $afterKey"
	case cursor:
		bound = "n.sortName <= $afterKey"
	case cmp == "<":
		bound = "n.sortName IS NOT NULL"
	}
	return strings.Replace(filter, "WHERE ", "WHERE "+bound+" AND ", 1)
}

// nameOrderVariant tells a NAME-sorted list's statement for a first page from
// the one that continues from a cursor.
func nameOrderVariant(cursor bool) string {
	if cursor {
		return "|after"
	}
	return "|first"
}

func listKey(label, field string, desc bool) string {
	return fmt.Sprintf("%s|%s|%v", label, field, desc)
}

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
		"caseId":       nullable(q.Filter.CaseID),
		"region":       nullable(q.Filter.Region),
		"country":      nil,
		"afterKey":     nil,
		"afterId":      "",
		"limit":        q.First + 1,
	}
	if q.Filter.CaseID != "" && !scope.SeesCase(q.Filter.CaseID) {
		// A case outside the scope lists nothing: listing "which of my
		// entities does case X mention" would tell what X holds.
		p["caseId"] = "\x00not-in-scope"
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

// List returns one page of visible nodes with the label, filter and order.
func (s *Store) List(ctx context.Context, scope Scope, q ListQuery) (Page, error) {
	key := listKey(q.Label, q.Order.Field, q.Order.Descending)
	if q.Order.Field == "NAME" {
		key += nameOrderVariant(q.After != "")
	}
	cypher, ok := listQueries[key]
	params, err := q.params(scope)
	if err != nil {
		return Page{}, err
	}
	if !ok {
		return Page{}, fmt.Errorf("cannot list %q", q.Label)
	}
	if c := q.Filter.CaseID; c != "" {
		if !scope.SeesCase(c) || !caseIDPattern.MatchString(c) {
			return Page{}, nil // a hidden or impossible case lists nothing
		}
		cypher = forCase(key, cypher, q.Label, c)
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
	cypher, ok := countQueries[q.Label]
	if !ok {
		return 0, fmt.Errorf("cannot count %q", q.Label)
	}
	q.First = 0
	params, err := q.params(scope)
	if err != nil {
		return 0, err
	}
	if c := q.Filter.CaseID; c != "" {
		if !scope.SeesCase(c) || !caseIDPattern.MatchString(c) {
			return 0, nil
		}
		cypher = forCase("count|"+q.Label, cypher, q.Label, c)
	}
	v, err := s.readValue(ctx, "count_"+q.Label, cypher, params)
	if err != nil {
		return 0, err
	}
	n, _ := v.(int64)
	return int(n), nil
}
