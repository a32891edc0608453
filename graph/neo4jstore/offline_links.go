package neo4jstore

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/scamgraph/scamgraph/graph"
)

// WriteLinks is Store.WriteLinks on the offline graph, as a reader of
// every case writes (the importer's scope on the command line): the
// contradiction checks and upsertLinkTmpl, row by row, and
// explainUnwritten's reasons for the rows refused.
func (g *OfflineGraph) WriteLinks(_ context.Context, scope graph.Scope, caseID string, rows []graph.PreparedLink) ([]graph.RowResult, error) {
	if !scope.SeesAll() {
		return nil, errOffline("an import into the offline graph writes as a reader of every case")
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if _, err := g.caseRegion(caseID); err != nil {
		return nil, err
	}
	results := make([]graph.RowResult, len(rows))
	contradicts := make([]bool, len(rows))
	firstTo := map[string]string{}
	for i, p := range rows {
		results[i].ID = p.Link.ID
		part := contradictionPart(p.Link)
		if part == nil {
			continue
		}
		key := fmt.Sprint(p.Link.RelType, "\x00", p.Link.From, "\x00", part)
		if to, seen := firstTo[key]; !seen {
			firstTo[key] = p.Link.To
		} else if to != p.Link.To {
			contradicts[i] = true
		}
		if g.contradicted(p.Link, part) {
			contradicts[i] = true
		}
	}
	// Online, the rows are written type by type after every check; a row
	// of this batch is never checked against another row's write.
	for i, p := range rows {
		if contradicts[i] {
			results[i].Err = g.explain(p.Link)
			continue
		}
		created, updated, ok := g.upsertLink(caseID, p.Link)
		if !ok {
			results[i].Err = g.explain(p.Link)
			continue
		}
		results[i].Created, results[i].Updated = created, updated
	}
	return results, nil
}

// contradicted is contradictionQueries: a relationship of the same type,
// start and discriminator to another end.
func (g *OfflineGraph) contradicted(w graph.LinkWrite, part any) bool {
	key := "txId"
	if w.RelType == graph.RelTransited {
		key = "order"
	}
	for _, r := range g.out[w.From] {
		if v, _ := r.props.get(key); r.typ == w.RelType && r.to != w.To && v == part {
			return true
		}
	}
	return false
}

// upsertLink is upsertLinkTmpl for one row; ok is false when it writes
// nothing (an end missing or of the wrong kind, or the id taken by a
// relationship between other ends).
func (g *OfflineGraph) upsertLink(caseID string, w graph.LinkWrite) (created, updated, ok bool) {
	rule := graph.LinkRules[w.RelType]
	a, b := g.nodes[w.From], g.nodes[w.To]
	if a == nil || b == nil || !hasLabelOf(a.labels, rule.From) || !hasLabelOf(b.labels, rule.To) {
		return false, false, false
	}
	r, _, newCase, ok := g.mergeRel(w.RelType, w.ID, w.From, w.To, caseID, 2*len(w.Props))
	if !ok {
		return false, false, false
	}
	prefix := graph.LinkClaimPrefix(caseID)
	changed := 0
	for k, v := range w.Props {
		ck := g.key(prefix, k)
		if old, has := r.props.get(ck); !has || !reflect.DeepEqual(old, v) {
			r.props.set(ck, v)
			r.props.set(g.key("", k), v)
			changed++
		}
	}
	return newCase, !newCase && changed > 0, true
}

func hasLabelOf(labels []string, want []graph.Label) bool {
	return slices.ContainsFunc(want, func(l graph.Label) bool { return slices.Contains(labels, string(l)) })
}

// explain is explainUnwritten for one row.
func (g *OfflineGraph) explain(w graph.LinkWrite) error {
	rule := graph.LinkRules[w.RelType]
	var errs graph.ValidationErrors
	checkEnd := func(field, verb, id string, want []graph.Label) {
		n := g.nodes[id]
		switch {
		case n == nil:
			errs.Add(field, "no node has this id")
		case !hasLabelOf(n.labels, want):
			errs.Add(field, "a %s link must %s a %s, not a %s", w.RelType, verb, strings.Join(strs(want), " or "), kindOf(n.labels))
		}
	}
	checkEnd("input.from", "start at", w.From, rule.From)
	checkEnd("input.to", "end at", w.To, rule.To)
	if len(errs) == 0 {
		errs = append(errs, graph.Contradiction(w.RelType))
	}
	return errs
}
