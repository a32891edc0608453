// Package export writes subgraphs in the formats link-analysis tools open:
// Cytoscape.js elements JSON, GraphML (Gephi, yEd), CSV node and edge lists,
// and FollowTheMoney JSON lines (Aleph, and our own FtM import). It knows the graph's types, not HTTP.
package export

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/scamgraph/scamgraph/graph"
)

// Formats are the export formats and their content types.
var Formats = map[string]string{
	"cytoscape": "application/json",
	"graphml":   "application/graphml+xml",
	"nodes.csv": "text/csv; charset=utf-8",
	"edges.csv": "text/csv; charset=utf-8",
	"ftm":       "application/x-ndjson",
	// casefile is built by CaseFile (a case only), not Write.
	"casefile": "application/json",
}

type drawnEdge struct {
	ID, Type, Source, Target string
	Properties               map[string]any
	CaseIDs                  []string
}

func edgesOf(sg graph.Subgraph) []drawnEdge {
	out := make([]drawnEdge, 0, len(sg.Links))
	for _, l := range sg.Links {
		from, to := l.Ends()
		props := graph.LinkProperties(l)
		delete(props, "sources")
		out = append(out, drawnEdge{l.LinkID(), string(l.LinkType()), from, to, props, graph.LinkCases(l)})
	}
	return out
}

func nodesOf(sg graph.Subgraph) []graph.Drawn {
	out := make([]graph.Drawn, 0, len(sg.Nodes))
	for _, n := range sg.Nodes {
		out = append(out, graph.Draw(n))
	}
	return out
}

// Write writes sg in format (a key of Formats).
func Write(w io.Writer, format string, sg graph.Subgraph) error {
	switch format {
	case "cytoscape":
		return cytoscape(w, sg)
	case "graphml":
		return graphML(w, sg)
	case "nodes.csv":
		return nodesCSV(w, sg)
	case "edges.csv":
		return edgesCSV(w, sg)
	case "ftm":
		return ftm(w, sg)
	case "casefile":
		return fmt.Errorf("the casefile format is built by CaseFile, for a case")
	}
	return fmt.Errorf("unknown export format %q", format)
}

// cytoscape writes {"elements": {"nodes": [{"data": {...}}], "edges": [...]},
// "truncated": bool}: cy.add(json.elements) draws it.
func cytoscape(w io.Writer, sg graph.Subgraph) error {
	type el struct {
		Data map[string]any `json:"data"`
	}
	var doc struct {
		Elements struct {
			Nodes []el `json:"nodes"`
			Edges []el `json:"edges"`
		} `json:"elements"`
		Truncated bool `json:"truncated"`
	}
	doc.Elements.Nodes, doc.Elements.Edges = []el{}, []el{}
	for _, n := range nodesOf(sg) {
		data := map[string]any{}
		for k, v := range n.Properties {
			data[k] = v
		}
		data["id"], data["label"], data["type"], data["roles"] = n.ID, n.Label, n.Type, n.Roles
		doc.Elements.Nodes = append(doc.Elements.Nodes, el{data})
	}
	for _, e := range edgesOf(sg) {
		data := map[string]any{}
		for k, v := range e.Properties {
			data[k] = v
		}
		data["id"], data["source"], data["target"], data["type"], data["caseIds"] = e.ID, e.Source, e.Target, e.Type, e.CaseIDs
		doc.Elements.Edges = append(doc.Elements.Edges, el{data})
	}
	doc.Truncated = sg.Truncated
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	return enc.Encode(doc)
}

// flat renders a property value as text for GraphML and CSV.
func flat(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []any:
		parts := make([]string, len(x))
		for i, p := range x {
			parts[i] = flat(p)
		}
		return strings.Join(parts, ";")
	case nil:
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func keys(maps ...map[string]any) []string {
	set := map[string]bool{}
	for _, m := range maps {
		for k := range m {
			set[k] = true
		}
	}
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// graphML writes GraphML with every property as a string attribute.
func graphML(w io.Writer, sg graph.Subgraph) error {
	nodes, edges := nodesOf(sg), edgesOf(sg)
	var nodeProps, edgeProps []map[string]any
	for _, n := range nodes {
		nodeProps = append(nodeProps, n.Properties)
	}
	for _, e := range edges {
		edgeProps = append(edgeProps, e.Properties)
	}
	nk, ek := keys(nodeProps...), keys(edgeProps...)
	type data struct {
		Key   string `xml:"key,attr"`
		Value string `xml:",chardata"`
	}
	type key struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	}
	type node struct {
		ID   string `xml:"id,attr"`
		Data []data `xml:"data"`
	}
	type edge struct {
		ID     string `xml:"id,attr"`
		Source string `xml:"source,attr"`
		Target string `xml:"target,attr"`
		Data   []data `xml:"data"`
	}
	type doc struct {
		XMLName xml.Name `xml:"graphml"`
		NS      string   `xml:"xmlns,attr"`
		Keys    []key    `xml:"key"`
		Graph   struct {
			ID          string `xml:"id,attr"`
			EdgeDefault string `xml:"edgedefault,attr"`
			Nodes       []node `xml:"node"`
			Edges       []edge `xml:"edge"`
		} `xml:"graph"`
	}
	d := doc{NS: "http://graphml.graphdrawing.org/xmlns"}
	d.Keys = append(d.Keys, key{"n_label", "node", "label", "string"}, key{"n_type", "node", "type", "string"}, key{"n_roles", "node", "roles", "string"},
		key{"e_type", "edge", "type", "string"}, key{"e_cases", "edge", "caseIds", "string"})
	for _, k := range nk {
		d.Keys = append(d.Keys, key{"n_" + k, "node", k, "string"})
	}
	for _, k := range ek {
		d.Keys = append(d.Keys, key{"e_" + k, "edge", k, "string"})
	}
	d.Graph.ID, d.Graph.EdgeDefault = "scamgraph", "directed"
	for _, n := range nodes {
		x := node{ID: n.ID, Data: []data{{"n_label", n.Label}, {"n_type", string(n.Type)}, {"n_roles", joinRoles(n.Roles)}}}
		for _, k := range nk {
			if v, ok := n.Properties[k]; ok {
				x.Data = append(x.Data, data{"n_" + k, flat(v)})
			}
		}
		d.Graph.Nodes = append(d.Graph.Nodes, x)
	}
	for _, e := range edges {
		x := edge{ID: e.ID, Source: e.Source, Target: e.Target, Data: []data{{"e_type", e.Type}, {"e_cases", strings.Join(e.CaseIDs, ";")}}}
		for _, k := range ek {
			if v, ok := e.Properties[k]; ok {
				x.Data = append(x.Data, data{"e_" + k, flat(v)})
			}
		}
		d.Graph.Edges = append(d.Graph.Edges, x)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", " ")
	return enc.Encode(d)
}

func nodesCSV(w io.Writer, sg graph.Subgraph) error {
	return tableCSV(w, nodesOf(sg), []string{"id", "label", "type", "roles"},
		func(n graph.Drawn) ([]string, map[string]any) {
			return []string{n.ID, n.Label, string(n.Type), joinRoles(n.Roles)}, n.Properties
		})
}

func edgesCSV(w io.Writer, sg graph.Subgraph) error {
	return tableCSV(w, edgesOf(sg), []string{"id", "source", "target", "type", "caseIds"},
		func(e drawnEdge) ([]string, map[string]any) {
			return []string{e.ID, e.Source, e.Target, e.Type, strings.Join(e.CaseIDs, ";")}, e.Properties
		})
}

// tableCSV writes items as a CSV table: the columns head, whose values row
// gives, then one column for every property key that any item has.
func tableCSV[T any](w io.Writer, items []T, head []string, row func(T) (cells []string, props map[string]any)) error {
	cells := make([][]string, len(items))
	props := make([]map[string]any, len(items))
	for i, it := range items {
		cells[i], props[i] = row(it)
	}
	pk := keys(props...)
	cw := csv.NewWriter(w)
	_ = cw.Write(append(head, pk...))
	for i := range items {
		line := cells[i]
		for _, k := range pk {
			line = append(line, flat(props[i][k]))
		}
		_ = cw.Write(line)
	}
	cw.Flush()
	return cw.Error()
}

// joinRoles writes a node's roles as one text cell.
func joinRoles(roles []graph.Role) string {
	ss := make([]string, len(roles))
	for i, r := range roles {
		ss[i] = string(r)
	}
	return strings.Join(ss, ";")
}
