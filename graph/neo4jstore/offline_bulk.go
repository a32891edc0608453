package neo4jstore

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// BulkFiles are what WriteBulk wrote into a directory: the bulk importer's
// input (`neo4jctl import DIR` passes every nodes-*.csv as --nodes and
// every rels-*.csv as --relationships), and the fix-ups to apply once the
// server runs (ApplyBulkFixups).
type BulkFiles struct {
	Nodes, Relationships []string
	Fixups               string
	NodeCount, RelCount  int
	FixupCount           int
}

// BulkFixupsFile is the fix-ups' file name in a bulk directory.
const BulkFixupsFile = "fixups.jsonl"

// BulkFixup is a value the importer's CSV cannot hold (an empty list, a
// line break), to be set once the server runs: one line of
// BulkFixupsFile. Type is the relationship's type, "" for a node.
type BulkFixup struct {
	Type  string         `json:"type,omitempty"`
	ID    string         `json:"id"`
	Props map[string]any `json:"props"`
}

// WriteBulk writes the graph as the bulk importer's CSV files into dir
// (which must exist), one file per shape of properties, and the fix-ups.
func (g *OfflineGraph) WriteBulk(dir string) (BulkFiles, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := BulkFiles{Fixups: filepath.Join(dir, BulkFixupsFile)}
	ff, err := os.Create(out.Fixups)
	if err != nil {
		return out, err
	}
	defer ff.Close()
	fw := bufio.NewWriter(ff)
	enc := json.NewEncoder(fw)
	fixup := func(typ, id string, props map[string]any) error {
		for k, v := range props {
			switch v.(type) {
			case string, []string:
			default:
				return fmt.Errorf("bulk import: %s of %s: a %T has no CSV form", k, id, v)
			}
		}
		out.FixupCount++
		return enc.Encode(BulkFixup{Type: typ, ID: id, Props: props})
	}

	nodes := &csvFiles{dir: dir, prefix: "nodes", files: map[string]*csvFile{}}
	var b strings.Builder
	for _, id := range g.order {
		n := g.nodes[id]
		s := shapeOf(n.props, "id")
		header, err := s.header("id:ID,:LABEL")
		if err != nil {
			nodes.close()
			return out, err
		}
		w, err := nodes.file(s.name(), func() string { return header })
		if err != nil {
			nodes.close()
			return out, err
		}
		b.Reset()
		csvQuote(&b, id)
		b.WriteByte(',')
		csvQuote(&b, strings.Join(n.labels, string(BulkArrayDelimiter)))
		s.row(&b, n.props)
		if _, err := w.WriteString(b.String()); err != nil {
			nodes.close()
			return out, err
		}
		if s.fixups != nil {
			if err := fixup("", id, s.fixups); err != nil {
				nodes.close()
				return out, err
			}
		}
	}
	w, err := nodes.file("SchemaState", func() string { return ":ID(SchemaState),:LABEL,name:string,at:datetime" })
	if err == nil {
		for _, name := range schemaStateMarks {
			b.Reset()
			fmt.Fprintf(&b, "%s,SchemaState,%s,", name, name)
			csvValue(&b, g.now)
			b.WriteByte('\n')
			w.WriteString(b.String())
		}
	}
	if cerr := nodes.close(); err == nil {
		err = cerr
	}
	if err != nil {
		return out, err
	}
	out.Nodes, out.NodeCount = nodes.paths, len(g.order)+len(schemaStateMarks)

	rels := &csvFiles{dir: dir, prefix: "rels", files: map[string]*csvFile{}}
	for _, id := range g.relIDs {
		r := g.rels[id]
		s := shapeOf(r.props, "")
		header, err := s.header(":START_ID,:END_ID,:TYPE")
		if err != nil {
			rels.close()
			return out, err
		}
		w, err := rels.file(string(r.typ)+"\x00"+s.name(), func() string { return header })
		if err != nil {
			rels.close()
			return out, err
		}
		b.Reset()
		csvQuote(&b, r.from)
		b.WriteByte(',')
		csvQuote(&b, r.to)
		b.WriteByte(',')
		b.WriteString(string(r.typ))
		s.row(&b, r.props)
		if _, err := w.WriteString(b.String()); err != nil {
			rels.close()
			return out, err
		}
		if s.fixups != nil {
			if err := fixup(string(r.typ), id, s.fixups); err != nil {
				rels.close()
				return out, err
			}
		}
	}
	if err := rels.close(); err != nil {
		return out, err
	}
	out.Relationships, out.RelCount = rels.paths, len(g.relIDs)
	if err := fw.Flush(); err != nil {
		return out, err
	}
	return out, ff.Close()
}

// header is the CSV header of a shape after its leading columns.
func (s shape) header(lead string) (string, error) {
	cols := []string{lead}
	for i, k := range s.keys {
		c, err := csvHeaderKey(k, s.types[i])
		if err != nil {
			return "", err
		}
		cols = append(cols, c)
	}
	return strings.Join(cols, ","), nil
}

// row writes a row's property columns of the shape, and the line's end.
func (s shape) row(b *strings.Builder, props propList) {
	i := 0
	for _, p := range props {
		if i < len(s.keys) && p.k == s.keys[i] {
			b.WriteByte(',')
			csvValue(b, p.v)
			i++
		}
	}
	b.WriteByte('\n')
}
