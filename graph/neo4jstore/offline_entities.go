package neo4jstore

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/scamgraph/scamgraph/graph"
)

// WriteEntities is Store.WriteEntities on the offline graph: what
// upsertEntityTmpl, attachCountriesTmpl, attachIdentifiersCypher and
// markVictimDataCypher do, row by row.
func (g *OfflineGraph) WriteEntities(_ context.Context, caseID string, rows []graph.Prepared) ([]graph.RowResult, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, err := g.caseRegion(caseID); err != nil {
		return nil, err
	}
	seen := make(map[string]bool, len(rows))
	for _, p := range rows {
		if seen[p.Entity.ID] {
			return nil, fmt.Errorf("WriteEntities: id %s twice in one batch", p.Entity.ID)
		}
		seen[p.Entity.ID] = true
	}
	results := make([]graph.RowResult, len(rows))
	changed := map[string]bool{}
	for i, p := range rows {
		w := p.Entity
		results[i].ID = w.ID
		n := g.nodes[w.ID]
		switch {
		case n != nil && !slices.Contains(n.labels, string(w.Kind)):
			results[i].Err = fmt.Errorf("%w: id %s belongs to a %s, not a %s", graph.ErrConflict, w.ID, kindOf(n.labels), w.Kind)
			continue
		case n == nil && p.MustExist:
			results[i].Err = fmt.Errorf("%s %q: %w", w.Kind, w.ID, graph.ErrNotFound)
			continue
		}
		created, updated, err := g.upsertEntity(caseID, w)
		if err != nil {
			return nil, err
		}
		results[i].Created, results[i].Updated = created, updated
		for _, c := range w.Countries {
			if g.attachCountry(caseID, w, c) {
				changed[w.ID] = true
			}
		}
		for _, idf := range w.Identifiers {
			if g.attachIdentifier(caseID, w.ID, idf.ID, idf.Key, idf.Kind, idf.Value, idf.RelID) {
				changed[w.ID] = true
			}
		}
	}
	// markVictimDataCypher, after every row of the batch, as online
	for i, p := range rows {
		if results[i].Err == nil && p.Entity.Kind == graph.KindPerson {
			g.markVictimData(p.Entity.ID)
		}
	}
	for i := range results {
		if changed[results[i].ID] && results[i].Err == nil && !results[i].Created {
			results[i].Updated = true
		}
	}
	return results, nil
}

// upsertEntity is upsertEntityTmpl for one row; it returns createdForCase
// and updatedForCase.
func (g *OfflineGraph) upsertEntity(caseID string, w graph.EntityWrite) (bool, bool, error) {
	claimKey := g.key("claim:", caseID)
	n := g.nodes[w.ID]
	created := n == nil
	if created {
		n = &offNode{labels: []string{"Entity", string(w.Kind)}, props: make(propList, 0, 24)}
		n.props.set("id", w.ID)
		n.props.set("createdAt", g.now)
		n.props.set("updatedAt", g.now)
		n.props.set("sources", []string{})
		n.props.set("ownCase", caseID)
		g.addNode(w.ID, n)
	}
	v, _ := n.props.get(claimKey)
	prev, _ := v.(string)
	claim, merged, err := graph.MergeClaim(prev, w.Props, w.Roles)
	if err != nil {
		return false, false, err
	}
	claimChanged := prev != claim
	var newRoles []string
	for _, r := range w.Roles {
		if !slices.Contains(n.labels, string(r)) {
			newRoles = append(newRoles, string(r))
		}
	}
	newCase := g.appendSource(&n.props, caseID)
	n.props.set(claimKey, claim)
	names := namesOf(merged)
	lower := make([]string, len(names))
	for i, x := range names {
		lower[i] = strings.ToLower(x)
	}
	n.props.set(g.key(graph.NamesKeyPrefix, caseID), lower)
	if s, ok := graph.ClaimSortSource(merged).(string); ok {
		n.props.set(g.key(graph.SortKeyPrefix, caseID), strings.ToLower(s))
	} else {
		n.props.del(g.key(graph.SortKeyPrefix, caseID)) // SET to null
	}
	if _, ok := n.props.get(g.key(graph.CreatedKeyPrefix, caseID)); !ok {
		n.props.set(g.key(graph.CreatedKeyPrefix, caseID), g.now)
	}
	n.addLabel(g.key(caseLabelPrefix, caseID))
	if created || claimChanged {
		for k, v := range storedProps(w.Props) {
			n.props.set(g.key("", k), v)
		}
		n.props.set(g.key(graph.UpdatedKeyPrefix, caseID), g.now)
	}
	for _, r := range []graph.Label{graph.RoleRecruiter, graph.RoleVictim} {
		if slices.Contains(newRoles, string(r)) {
			n.addLabel(string(r))
		}
	}
	if !created && (claimChanged || newCase || len(newRoles) > 0) {
		n.props.set("updatedAt", g.now)
	}
	st, _ := n.props.get("searchTokens")
	stored, _ := st.([]string)
	var newTokens []string
	for _, t := range indexTokens(w.Kind, namesOf(w.Props)...) {
		if !slices.Contains(stored, t) {
			newTokens = append(newTokens, t)
		}
	}
	if _, has := n.props.get("searchVersion"); len(newTokens) > 0 || !has {
		tokens := make([]string, 0, len(stored)+len(newTokens))
		n.props.set("searchTokens", append(append(tokens, stored...), newTokens...))
		if !has {
			n.props.set("searchVersion", int64(indexTokensVersion))
		}
	}
	n.props.set("sortName", sortNameValue(n.props))
	createdForCase := created || newCase
	updatedForCase := !createdForCase && (claimChanged || len(newRoles) > 0)
	return createdForCase, updatedForCase, nil
}

// attachCountry is attachCountriesTmpl for one country of a row: it says
// whether the link is new, or new to the case.
func (g *OfflineGraph) attachCountry(caseID string, w graph.EntityWrite, code string) bool {
	c := graph.CountryID(code)
	n := g.nodes[c]
	if n == nil {
		return false
	}
	if v, _ := n.props.get("code"); v != code {
		return false // MATCH (c:Country {code}) finds none
	}
	_, created, newCase, ok := g.mergeRel(w.CountryRel, graph.LinkID(w.CountryRel, w.ID, c), w.ID, c, caseID, 0)
	return ok && (created || newCase)
}

// attachIdentifier is attachIdentifiersCypher for one identifier.
func (g *OfflineGraph) attachIdentifier(caseID, owner, id, key, kind, value, relID string) bool {
	iid, ok := g.idents[key]
	if !ok {
		iid = id
		if g.nodes[iid] != nil {
			return false // the id constraint would refuse the node
		}
		g.idents[key] = iid
		i := &offNode{labels: []string{string(graph.KindIdentifier), "Entity"}, props: make(propList, 0, 14)}
		for _, p := range []kv{{"key", key}, {"id", id}, {"kind", kind}, {"value", value}, {"sources", []string{}},
			{"createdAt", g.now}, {"updatedAt", g.now}} {
			i.props.set(p.k, p.v)
		}
		i.props.set("sortName", sortNameValue(i.props)) // its value, lower-cased
		g.addNode(iid, i)
	}
	i := g.nodes[iid]
	g.appendSource(&i.props, caseID)
	i.addLabel(g.key(caseLabelPrefix, caseID))
	for _, k := range []string{g.key(graph.CreatedKeyPrefix, caseID), g.key(graph.UpdatedKeyPrefix, caseID)} {
		if _, ok := i.props.get(k); !ok {
			i.props.set(k, g.now)
		}
	}
	_, created, newCase, ok := g.mergeRel(graph.RelUses, relID, owner, iid, caseID, 0)
	return ok && (created || newCase)
}

// markVictimData is markVictimDataCypher for one person.
func (g *OfflineGraph) markVictimData(id string) {
	p := g.nodes[id]
	if p == nil || !slices.Contains(p.labels, string(graph.RoleVictim)) {
		return
	}
	for _, r := range g.out[id] {
		if r.typ != graph.RelUses {
			continue
		}
		i := g.nodes[r.to]
		v, _ := i.props.get("kind")
		kind, _ := v.(string)
		if _, marked := i.props.get("victimData"); !marked && slices.Contains(graph.SensitiveIdentifierKinds, kind) &&
			slices.Contains(i.labels, string(graph.KindIdentifier)) {
			i.props.set("victimData", true)
		}
	}
}
