package neo4jstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
	"github.com/scamgraph/scamgraph/graph"
)

// Listable labels: what the list queries may enumerate.
var listLabels = []graph.Label{graph.RoleRecruiter, graph.RoleVictim, graph.KindPerson, graph.KindOrganization, graph.KindCompound, graph.KindBankAccount, graph.KindCaseFile, graph.KindCountry, graph.KindIdentifier}

// Sort orders of lists and the Cypher expression each sorts by. Ties are
// broken by id, so pages never overlap or skip.
var sortKeys = map[graph.ListOrderField]string{
	graph.ListOrderFieldName:      "n.sortName", // sortNameOf("n"), stored and indexed (see sortname.go)
	graph.ListOrderFieldCreatedAt: "coalesce(n.createdAt.epochMillis, 0)",
	graph.ListOrderFieldUpdatedAt: "coalesce(n.updatedAt.epochMillis, 0)",
	graph.ListOrderFieldID:        "n.id",
}

// roleInScope keeps, for the role lists (victims, recruiters), the nodes
// that have the role in a case the reader sees: a person who is a victim
// only in a hidden case is not one to this reader (see Scope.viewProps).
// A claim's JSON ends with its roles ("roles":["Recruiter","Victim"]), and
// "roles": cannot occur unescaped inside a value, so the text after it is
// the roles.
func roleInScope(label graph.Label) string {
	if label != graph.RoleVictim && label != graph.RoleRecruiter {
		return ""
	}
	return `($scopeAll OR any(c IN $scopeCases WHERE coalesce(split(coalesce(n['claim:' + c], ''), '"roles":')[1], '') CONTAINS '"` + string(label) + `"'))`
}

// victimInScope is roleInScope of victims, for statements that ask it of
// a node of any label.
var victimInScope = roleInScope(graph.RoleVictim)

// cursor is the keyset position of a row: its sort key and id.
type cursor struct {
	Key any    `json:"k"`
	ID  string `json:"i"`
}

func listParams(q graph.ListQuery, scope graph.Scope) (map[string]any, error) {
	var errs graph.ValidationErrors
	if q.First < 0 || q.First > graph.MaxPageSize {
		errs.Add("first", "must be between 0 and %d", graph.MaxPageSize)
	}
	if _, ok := sortKeys[q.Order.Field]; !ok {
		errs.Add("orderBy.field", "unknown sort field")
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
		c, err := graph.NormalizeCountry(q.Filter.Country)
		if err != nil {
			errs.Add("filter.country", "%s", err.(*graph.ValidationError).Reason)
		}
		p["country"] = c
	}
	if q.After != "" {
		c, err := decodeCursor(q.After, cursorBinding(q))
		if err != nil {
			errs.Add("after", "not a cursor returned by this list")
		} else {
			p["afterKey"], p["afterId"] = c.Key, c.ID
		}
	}
	return scopeParams(scope, p), errs.Err()
}

// statement is the list (or count) statement of the query; false when it
// would find nothing: a case outside the scope lists nothing (listing
// "which of my entities does case X mention" would tell what X holds), nor
// does an id no case can have.
func listStatementOf(q graph.ListQuery, scope graph.Scope, count bool) (string, bool) {
	cypher := listStatement(listShapeOf(q, scope, count))
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
func (s *Store) List(ctx context.Context, scope graph.Scope, q graph.ListQuery) (graph.Page, error) {
	params, err := listParams(q, scope)
	if err != nil {
		return graph.Page{}, err
	}
	if !slices.Contains(listLabels, q.Label) {
		return graph.Page{}, fmt.Errorf("cannot list %q", q.Label)
	}
	cypher, ok := listStatementOf(q, scope, false)
	if !ok {
		return graph.Page{}, nil
	}
	recs, err := s.readRecords(ctx, "list_"+string(q.Label), cypher, params)
	if err != nil {
		return graph.Page{}, err
	}
	var page graph.Page
	for i, rec := range recs {
		if i == q.First {
			page.HasNextPage = true
			break
		}
		n, err := asNode(rec, "n", scope)
		if err != nil {
			return graph.Page{}, err
		}
		k, _ := rec.Get("k")
		page.Nodes = append(page.Nodes, n)
		page.Cursors = append(page.Cursors, encodeCursor(k, n.GetID(), cursorBinding(q)))
	}
	return page, nil
}

// Count returns how many visible nodes match the label and filter.
func (s *Store) Count(ctx context.Context, scope graph.Scope, q graph.ListQuery) (int, error) {
	if !slices.Contains(listLabels, q.Label) {
		return 0, fmt.Errorf("cannot count %q", q.Label)
	}
	q.First = 0
	params, err := listParams(q, scope)
	if err != nil {
		return 0, err
	}
	cypher, ok := listStatementOf(q, scope, true)
	if !ok {
		return 0, nil
	}
	v, err := s.readValue(ctx, "count_"+string(q.Label), cypher, params)
	if err != nil {
		return 0, err
	}
	n, _ := v.(int64)
	return int(n), nil
}

// ListWithTree is List and EdgeTree in one statement: a page of the list
// and the plan read from its nodes (see listHead).
func (s *Store) ListWithTree(ctx context.Context, scope graph.Scope, q graph.ListQuery, steps []graph.EdgeStep, proj graph.Projection) (graph.Page, []graph.StepPages, error) {
	params, err := listParams(q, scope)
	if err != nil {
		return graph.Page{}, nil, err
	}
	if !slices.Contains(listLabels, q.Label) {
		return graph.Page{}, nil, fmt.Errorf("cannot list %q", q.Label)
	}
	cypher, ok := listStatementOf(q, scope, false)
	if !ok {
		return graph.Page{}, nil, nil
	}
	head, ok := listHead(cypher)
	if !ok {
		return graph.Page{}, nil, fmt.Errorf("list of %q: no RETURN to read a tree after", q.Label)
	}
	params["first"] = q.First
	var page graph.Page
	tree, err := s.readTree(ctx, scope, "list_tree_"+string(q.Label), head, params, steps, proj, func(v any) ([]string, error) {
		var ids []string
		for i, row := range v.([]any) {
			if i == q.First {
				page.HasNextPage = true
				break
			}
			r, _ := row.([]any)
			if len(r) != 2 {
				return nil, fmt.Errorf("list row %v is not [n, k]", row)
			}
			dn, ok := r[0].(dbtype.Node)
			if !ok {
				return nil, fmt.Errorf("list row holds %T, not a node", r[0])
			}
			n, err := decodeNode(dn, scope)
			if err != nil {
				return nil, err
			}
			page.Nodes = append(page.Nodes, n)
			page.Cursors = append(page.Cursors, encodeCursor(r[1], n.GetID(), cursorBinding(q)))
			ids = append(ids, n.GetID())
		}
		return ids, nil
	})
	if err != nil {
		return graph.Page{}, nil, err
	}
	return page, tree, nil
}
