package neo4jstore

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/scamgraph/scamgraph/graph"
)

// neighborhoodStepCypher expands one level of a neighbourhood: the visible
// relationships of the frontier's nodes (countries are leaves: expanding a
// country would pull in every national of it), each once: a relationship
// between two frontier nodes is reached from both, and is kept from the
// end with the smaller id (a country in the frontier is never expanded, so
// a relationship to it is kept from the other end). (An aggregation by r does the same; in the
// bench's neighbourhood it was 15% slower at one client, this 8%.)
var neighborhoodStepCypher = `
UNWIND $frontier AS fid
MATCH (a:Entity {id: fid}) WHERE NOT a:Country
MATCH (a)-[r]-(b)
WHERE ((type(r) IN $types AND ` + visible("r") + `) OR ($sameAs AND type(r) = 'SAME_AS' AND ` + sameAsConfirmed("r") + `))
  AND (b:Country OR ` + visible("b") + `)
  AND NOT r.id IN $seen AND (fid <= b.id OR NOT b.id IN $frontier OR b:Country)
WITH DISTINCT r, b LIMIT $limit
RETURN r, startNode(r).id AS from, endNode(r).id AS to, b`

// Neighborhood returns the subgraph the query asks for, expanding level by
// level so a hub with 100,000 relationships costs one capped statement,
// not an explosion of paths.
func (s *Store) Neighborhood(ctx context.Context, scope graph.Scope, q graph.NeighborhoodQuery) (graph.Subgraph, error) {
	q, err := q.Checked()
	if err != nil {
		return graph.Subgraph{}, err
	}
	id, depth, types, limit := q.Around, q.Depth, q.Types, q.Limit
	var sg graph.Subgraph
	seenNodes := map[string]bool{id: true}
	seenLinks := []string{}
	frontier := []string{id}
	err = s.read(ctx, func(r runner) error {
		// The start node in the same transaction as the levels.
		recs, err := r.collect(ctx, "nodes_by_id", nodesByIDCypher, scopeParams(scope, map[string]any{"ids": []string{id}}))
		if err != nil {
			return err
		}
		if len(recs) == 0 {
			return fmt.Errorf("node %q: %w", id, graph.ErrNotFound)
		}
		start, err := asNode(recs[0], "n", scope)
		if err != nil {
			return err
		}
		sg = graph.Subgraph{Nodes: []graph.Node{start}}
		if q.SameAs {
			// The entity's other names are the entity: they start the
			// neighbourhood with it, joined by their SAME_AS pairs.
			clusters, err := sameAsClusters(ctx, r, scope, []string{id})
			if err != nil {
				return err
			}
			for _, n := range clusters[id].nodes {
				seenNodes[n.GetID()] = true
				sg.Nodes = append(sg.Nodes, n)
				frontier = append(frontier, n.GetID())
			}
			for _, l := range clusters[id].links {
				sg.Links = append(sg.Links, l)
				seenLinks = append(seenLinks, l.LinkID())
			}
		}
		for level := 0; level < depth && len(frontier) > 0; level++ {
			remaining := limit - len(sg.Links)
			recs, err := r.collect(ctx, "neighborhood_step", neighborhoodStepCypher, scopeParams(scope, map[string]any{
				"frontier": frontier, "types": strs(types), "seen": seenLinks, "limit": remaining + 1, "sameAs": q.SameAs,
			}))
			if err != nil {
				return err
			}
			before := len(sg.Links)
			added, err := addLinks(&sg, seenNodes, recs, remaining, scope, "b")
			if err != nil {
				return err
			}
			for _, l := range sg.Links[before:] {
				seenLinks = append(seenLinks, l.LinkID())
			}
			var next []string
			for _, n := range added {
				next = append(next, n.GetID())
			}
			if sg.Truncated {
				return nil
			}
			frontier = next
		}
		return nil
	})
	return sg, err
}

// shortestPathQueries caches the statement of each hop count and set of
// relationship types. The types are written into the pattern (from the
// allow-list only, see CheckLinkTypes): a type filter in the pattern lets
// the breadth-first search skip other relationships, where a predicate on
// type(r) is checked only after expanding them (docs/decisions.md,
// "Shortest paths name their types in the pattern").
var shortestPathQueries sync.Map

func shortestPathCypher(hops int, types []graph.RelType, unrestricted, sameAs bool) (string, error) {
	types = slices.Compact(slices.Sorted(slices.Values(types))) // one statement per set, whatever the order
	for _, t := range types {
		if _, ok := graph.LinkRules[t]; !ok {
			return "", fmt.Errorf("relationship type %q is not in the model", t)
		}
	}
	key := strconv.FormatBool(unrestricted) + "|" + strconv.FormatBool(sameAs) + "|" + strconv.Itoa(hops) + "|" + strings.Join(strs(types), "|")
	if q, ok := shortestPathQueries.Load(key); ok {
		return q.(string), nil
	}
	// A reader of every case without redaction sees every path: the
	// breadth-first search then reads no property on its way (the
	// visibility predicate reads sources and victimData of every node and
	// relationship it expands).
	filter := `
WHERE all(r IN relationships(p) WHERE ` + visible("r") + `)
  AND all(n IN nodes(p) WHERE n:Country OR ` + visible("n") + `)`
	pattern := strs(types)
	if sameAs {
		// A SAME_AS pair is crossed only when the reader's latest visible
		// decision confirms it, whoever the reader is.
		pattern = append(pattern, string(graph.RelSameAs))
		filter = `
WHERE all(r IN relationships(p) WHERE CASE WHEN type(r) = 'SAME_AS' THEN ` + sameAsConfirmed("r") + ` ELSE ` + visible("r") + ` END)
  AND all(n IN nodes(p) WHERE n:Country OR ` + visible("n") + `)`
	} else if unrestricted {
		filter = ""
	}
	q := `
MATCH (a:Entity {id: $from}), (b:Entity {id: $to})
WHERE (a:Country OR ` + visible("a") + `) AND (b:Country OR ` + visible("b") + `)
MATCH p = allShortestPaths((a)-[:` + strings.Join(pattern, "|") + `*..` + strconv.Itoa(hops) + `]-(b))` + filter + `
WITH p LIMIT $first
RETURN [n IN nodes(p) | n] AS nodes,
       [r IN relationships(p) | {r: r, from: startNode(r).id, to: endNode(r).id}] AS rels`
	shortestPathQueries.Store(key, q)
	return q, nil
}

// ShortestPaths returns the paths the query asks for. A path through a
// node or relationship the scope cannot see is not returned.
func (s *Store) ShortestPaths(ctx context.Context, scope graph.Scope, q graph.PathQuery) ([]graph.Path, error) {
	q, err := q.Checked()
	if err != nil {
		return nil, err
	}
	cypher, err := shortestPathCypher(q.MaxHops, q.Types, scope.SeesAll() && !scope.RedactsVictimDetails(), q.SameAs)
	if err != nil {
		return nil, err
	}
	recs, err := s.readRecords(ctx, "shortest_paths", cypher, scopeParams(scope, map[string]any{
		"from": q.From, "to": q.To, "first": q.First,
	}))
	if err != nil {
		return nil, err
	}
	var out []graph.Path
	for _, rec := range recs {
		var p graph.Path
		nodes, _ := rec.Get("nodes")
		for _, n := range nodes.([]any) {
			node, err := decodeNode(n.(dbtypeNode), scope)
			if err != nil {
				return nil, err
			}
			p.Nodes = append(p.Nodes, node)
		}
		rels, _ := rec.Get("rels")
		for _, x := range rels.([]any) {
			m := x.(map[string]any)
			l, err := decodeLink(m["r"].(dbtypeRelationship), m["from"].(string), m["to"].(string), scope)
			if err != nil {
				return nil, err
			}
			p.Links = append(p.Links, l)
		}
		out = append(out, p)
	}
	return out, nil
}

var caseNodesCypher = `
MATCH (n:Entity) WHERE $caseId IN n.sources AND NOT n:CaseFile AND ` + visible("n") + `
RETURN n LIMIT $limit`

// A case's SAME_AS decisions are not part of what it says about the
// network (they are reviews, read through resolutionCandidates and sameAs).
var caseLinksCypher = `
MATCH (a:Entity)-[r]->(b:Entity)
WHERE $caseId IN r.sources AND type(r) <> 'SAME_AS' AND ` + visible("r") + ` AND (b:Country OR ` + visible("b") + `) AND ` + visible("a") + `
RETURN r, a.id AS from, b.id AS to, a, b LIMIT $limit`

// CaseSubgraph is what one case file says: the entities and relationships
// it mentions (and the countries they reach), capped at MaxCaseExport each.
func (s *Store) CaseSubgraph(ctx context.Context, scope graph.Scope, caseID string) (graph.Subgraph, error) {
	if _, err := s.Node(ctx, scope, caseID); err != nil {
		return graph.Subgraph{}, err
	}
	var sg graph.Subgraph
	err := s.read(ctx, func(r runner) error {
		params := scopeParams(scope, map[string]any{"caseId": caseID, "limit": graph.MaxCaseExport + 1})
		recs, err := r.collect(ctx, "case_nodes", caseNodesCypher, params)
		if err != nil {
			return err
		}
		seen := map[string]bool{}
		for i, rec := range recs {
			if i == graph.MaxCaseExport {
				sg.Truncated = true
				break
			}
			n, err := asNode(rec, "n", scope)
			if err != nil {
				return err
			}
			seen[n.GetID()] = true
			sg.Nodes = append(sg.Nodes, n)
		}
		recs, err = r.collect(ctx, "case_links", caseLinksCypher, params)
		if err != nil {
			return err
		}
		// Both ends go in the export, even one outside the node cap or a
		// country the case only reaches.
		_, err = addLinks(&sg, seen, recs, graph.MaxCaseExport, scope, "a", "b")
		return err
	})
	return sg, err
}

// addLinks adds the relationships of recs to sg, at most limit of them
// (Truncated says the records went on), with the nodes in the columns ends
// that seen does not hold yet, and returns those nodes.
func addLinks(sg *graph.Subgraph, seen map[string]bool, recs []*neo4j.Record, limit int, scope graph.Scope, ends ...string) ([]graph.Node, error) {
	var added []graph.Node
	had := make(map[string]bool, len(sg.Links))
	for _, l := range sg.Links {
		had[l.LinkID()] = true
	}
	for i, rec := range recs {
		if i == limit {
			sg.Truncated = true
			break
		}
		l, err := linkFromRecord(rec, scope)
		if err != nil {
			return nil, err
		}
		if had[l.LinkID()] {
			continue // a subgraph holds each relationship once (drawing tools refuse a second element of one id)
		}
		had[l.LinkID()] = true
		sg.Links = append(sg.Links, l)
		for _, col := range ends {
			n, err := asNode(rec, col, scope)
			if err != nil {
				return nil, err
			}
			if !seen[n.GetID()] {
				seen[n.GetID()] = true
				sg.Nodes = append(sg.Nodes, n)
				added = append(added, n)
			}
		}
	}
	return added, nil
}

// CaseExport reads one case for the case-file export: its case file and
// what it mentions as the case says it (CaseSubgraph read as the case's
// word, graph.Scope.CaseWord), visible as scope allows. A case outside the
// scope is graph.ErrNotFound.
func (s *Store) CaseExport(ctx context.Context, scope graph.Scope, caseID string) (*graph.CaseFile, graph.Subgraph, error) {
	n, err := s.Node(ctx, scope, caseID)
	if err != nil {
		return nil, graph.Subgraph{}, err
	}
	c, ok := n.(*graph.CaseFile)
	if !ok {
		return nil, graph.Subgraph{}, fmt.Errorf("case file %q: %w", caseID, graph.ErrNotFound)
	}
	sg, err := s.CaseSubgraph(ctx, scope.CaseWord(caseID), caseID)
	return c, sg, err
}

const caseFileIDsCypher = `
MATCH (c:CaseFile) WHERE ` + "$scopeAll OR c.id IN $scopeCases" + `
RETURN c.id AS id ORDER BY c.createdAt, c.id`

// CaseFileIDs lists the case files the scope sees, oldest first (by when
// each was created, then id): the order a backup restores them in, so
// that a case comes before the cases that attached to its entities later,
// and nodes that several cases share keep their first case.
func (s *Store) CaseFileIDs(ctx context.Context, scope graph.Scope) ([]string, error) {
	recs, err := s.readRecords(ctx, "case_file_ids", caseFileIDsCypher, scopeParams(scope, nil))
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(recs))
	for _, rec := range recs {
		out = append(out, rec.Values[0].(string))
	}
	return out, nil
}
