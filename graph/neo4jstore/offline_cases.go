package neo4jstore

import (
	"context"
	"fmt"
	"reflect"
	"slices"

	"github.com/scamgraph/scamgraph/graph"
)

// SaveCaseFile is Store.SaveCaseFile on the offline graph: what
// saveCaseFileCypher does.
func (g *OfflineGraph) SaveCaseFile(_ context.Context, in graph.CaseFileInput) (graph.WriteResult, error) {
	props, err := in.Props()
	if err != nil {
		return graph.WriteResult{}, err
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	id := in.ID
	c := g.nodes[id]
	created := c == nil
	if created {
		c = &offNode{labels: []string{"Entity", string(graph.KindCaseFile)}}
		c.props.set("id", id)
		c.props.set("createdAt", g.now)
		c.props.set("updatedAt", g.now)
		c.props.set("sources", []string{id})
		g.addNode(id, c)
	}
	if !slices.Contains(c.labels, string(graph.KindCaseFile)) {
		return graph.WriteResult{}, fmt.Errorf("%w: id %s is taken by another kind of node", graph.ErrConflict, id)
	}
	changed := 0
	for k, v := range props {
		if old, ok := c.props.get(k); !ok || !reflect.DeepEqual(old, v) {
			changed++
		}
		c.props.set(k, v)
	}
	c.addLabel(caseLabel(id))
	c.props.set("sortName", sortNameValue(c.props))
	updated := !created && changed > 0
	if updated {
		c.props.set("updatedAt", g.now)
	}
	return graph.WriteResult{ID: id, Created: created, Updated: updated}, nil
}

// RecordImport is Store.RecordImport on the offline graph: what
// recordImportCypher does.
func (g *OfflineGraph) RecordImport(_ context.Context, caseID string, rec graph.ImportRecord) error {
	g.mu.Lock()
	defer g.mu.Unlock()
	c := g.nodes[caseID]
	if c == nil || !slices.Contains(c.labels, string(graph.KindCaseFile)) {
		return fmt.Errorf("case file %q: %w", caseID, graph.ErrNotFound)
	}
	appendLast(&c.props, "importSha256", rec.SHA256)
	appendLast(&c.props, "importFileName", rec.FileName)
	appendLast(&c.props, "importFormat", rec.Format)
	appendLast(&c.props, "importedBy", rec.By)
	appendLast(&c.props, "importedAt", rec.At.UTC())
	return nil
}

// appendLast is `(coalesce(list, []) + v)[-maxImportRecords..]`.
func appendLast[T any](props *propList, key string, v T) {
	old, _ := props.get(key)
	list, _ := old.([]T)
	list = append(slices.Clip(list), v)
	if len(list) > maxImportRecords {
		list = list[len(list)-maxImportRecords:]
	}
	props.set(key, list)
}
