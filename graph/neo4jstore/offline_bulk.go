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
	fixup := func(typ, id string, keys []string, props propList) error {
		set := make(map[string]any, len(keys))
		for _, k := range keys {
			v, _ := props.get(k)
			switch v.(type) {
			case string, []string:
			default:
				return fmt.Errorf("bulk import: %s of %s: a %T has no CSV form", k, id, v)
			}
			set[k] = v
		}
		out.FixupCount++
		return enc.Encode(BulkFixup{Type: typ, ID: id, Props: set})
	}

	var sig, scratch []byte
	nodes := &csvFiles{dir: dir, prefix: "nodes", files: map[string]*csvFile{}}
	for _, id := range g.order {
		n := g.nodes[id]
		sig = signature(sig[:0], n.props, "id")
		f, err := nodes.file(sig, n.props, "id", "id:ID,:LABEL")
		if err != nil {
			nodes.close()
			return out, err
		}
		csvQuote(f.w, id)
		f.w.WriteString(",\"")
		for i, l := range n.labels {
			if i > 0 {
				f.w.WriteRune(BulkArrayDelimiter)
			}
			csvEscaped(f.w, l)
		}
		f.w.WriteByte('"')
		scratch = f.shape.row(f.w, n.props, scratch)
		if f.shape.fixups != nil {
			if err := fixup("", id, f.shape.fixups, n.props); err != nil {
				nodes.close()
				return out, err
			}
		}
	}
	for _, name := range schemaStateMarks {
		var p propList
		p.set("name", name)
		p.set("at", g.now)
		f, err := nodes.file([]byte("SchemaState"), p, "", ":ID(SchemaState),:LABEL")
		if err != nil {
			nodes.close()
			return out, err
		}
		f.w.WriteString(name + ",SchemaState")
		scratch = f.shape.row(f.w, p, scratch)
	}
	if err := nodes.close(); err != nil {
		return out, err
	}
	out.Nodes, out.NodeCount = nodes.paths, len(g.order)+len(schemaStateMarks)

	rels := &csvFiles{dir: dir, prefix: "rels", files: map[string]*csvFile{}}
	for _, id := range g.relIDs {
		r := g.rels[id]
		sig = signature(append(append(sig[:0], r.typ...), 0), r.props, "")
		f, err := rels.file(sig, r.props, "", ":START_ID,:END_ID,:TYPE")
		if err != nil {
			rels.close()
			return out, err
		}
		csvQuote(f.w, r.from)
		f.w.WriteByte(',')
		csvQuote(f.w, r.to)
		f.w.WriteByte(',')
		f.w.WriteString(string(r.typ))
		scratch = f.shape.row(f.w, r.props, scratch)
		if f.shape.fixups != nil {
			if err := fixup(string(r.typ), id, f.shape.fixups, r.props); err != nil {
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

// row writes an element's property columns of the shape (its keys, in
// the same order), and the line's end. Write errors surface at Flush.
func (s shape) row(w *bufio.Writer, props propList, scratch []byte) []byte {
	i := 0
	for _, p := range props {
		if i < len(s.keys) && p.k == s.keys[i] {
			w.WriteByte(',')
			scratch = csvValue(w, p.v, scratch)
			i++
		}
	}
	w.WriteByte('\n')
	return scratch
}
