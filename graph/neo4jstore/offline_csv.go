package neo4jstore

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"
)

// BulkArrayDelimiter separates the elements of a list in the bulk
// importer's CSV (its --array-delimiter): the unit separator, which no
// name or alias a person types holds. An element that does holds it, and
// any value the CSV cannot say (an empty list, a line break),
// goes into the fix-ups instead (see BulkFixup).
const BulkArrayDelimiter = '\x1f'

// csvType is the bulk importer's type of a value, "" when the CSV cannot
// hold it (it is then a fix-up).
func csvType(v any) string {
	switch v := v.(type) {
	case string:
		if strings.ContainsAny(v, "\r\n") {
			return ""
		}
		return "string"
	case []string:
		if len(v) == 0 {
			return ""
		}
		for _, s := range v {
			if s == "" || strings.ContainsAny(s, "\r\n"+string(BulkArrayDelimiter)) {
				return ""
			}
		}
		return "string[]"
	case bool:
		return "boolean"
	case int64:
		return "long"
	case float64:
		return "double"
	case time.Time:
		return "datetime"
	case []time.Time:
		if len(v) == 0 {
			return ""
		}
		return "datetime[]"
	case dbtype.Point2D:
		if v.SpatialRefId == 4326 {
			return "point"
		}
	}
	return ""
}

// csvValue writes v as the bulk importer reads a value of csvType(v).
// scratch is a buffer for numbers, returned for the next call.
func csvValue(w *bufio.Writer, v any, scratch []byte) []byte {
	switch v := v.(type) {
	case string:
		csvQuote(w, v)
	case []string:
		w.WriteByte('"')
		for i, s := range v {
			if i > 0 {
				w.WriteRune(BulkArrayDelimiter)
			}
			csvEscaped(w, s)
		}
		w.WriteByte('"')
	case bool:
		scratch = strconv.AppendBool(scratch[:0], v)
		w.Write(scratch)
	case int64:
		scratch = strconv.AppendInt(scratch[:0], v, 10)
		w.Write(scratch)
	case float64:
		scratch = strconv.AppendFloat(scratch[:0], v, 'g', -1, 64)
		w.Write(scratch)
	case time.Time:
		scratch = v.UTC().AppendFormat(scratch[:0], time.RFC3339Nano)
		w.Write(scratch)
	case []time.Time:
		for i, t := range v {
			if i > 0 {
				w.WriteRune(BulkArrayDelimiter)
			}
			scratch = t.UTC().AppendFormat(scratch[:0], time.RFC3339Nano)
			w.Write(scratch)
		}
	case dbtype.Point2D:
		fmt.Fprintf(w, `"{latitude:%s,longitude:%s,crs:'WGS-84'}"`,
			strconv.FormatFloat(v.Y, 'g', -1, 64), strconv.FormatFloat(v.X, 'g', -1, 64))
	}
	return scratch
}

func csvQuote(w *bufio.Writer, s string) {
	w.WriteByte('"')
	csvEscaped(w, s)
	w.WriteByte('"')
}

// csvEscaped writes s with each quote doubled.
func csvEscaped(w *bufio.Writer, s string) {
	for {
		i := strings.IndexByte(s, '"')
		if i < 0 {
			w.WriteString(s)
			return
		}
		w.WriteString(s[:i+1])
		w.WriteByte('"')
		s = s[i+1:]
	}
}

// shape is the typed property keys of a node or relationship, in key
// order, and the keys whose values the CSV cannot hold (fix-ups): the
// elements of one shape share a CSV file and its header.
type shape struct {
	keys, types []string
	fixups      []string
}

func shapeOf(props propList, skip string) shape {
	var s shape
	for _, p := range props {
		if p.k == skip {
			continue
		}
		if t := csvType(p.v); t != "" {
			s.keys = append(s.keys, p.k)
			s.types = append(s.types, t)
		} else {
			s.fixups = append(s.fixups, p.k)
		}
	}
	return s
}

// signature appends to buf what tells one shape from another, without
// building the shape: the look-up of an element's file allocates nothing.
func signature(buf []byte, props propList, skip string) []byte {
	for _, p := range props {
		if p.k != skip {
			buf = append(append(append(buf, p.k...), 0), csvType(p.v)...)
			buf = append(buf, 0)
		}
	}
	return buf
}

// csvFiles writes the elements of each shape into a file of its own,
// opened the first time the shape is seen.
type csvFiles struct {
	dir    string
	prefix string
	files  map[string]*csvFile
	paths  []string
}

type csvFile struct {
	f     *os.File
	w     *bufio.Writer
	shape shape
}

// file is the file of the shape of signature sig; lead is the header's
// columns before the properties.
func (c *csvFiles) file(sig []byte, props propList, skip, lead string) (*csvFile, error) {
	if f, ok := c.files[string(sig)]; ok {
		return f, nil
	}
	s := shapeOf(props, skip)
	header, err := s.header(lead)
	if err != nil {
		return nil, err
	}
	path := fmt.Sprintf("%s/%s-%03d.csv", c.dir, c.prefix, len(c.paths))
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	cf := &csvFile{f: f, w: bufio.NewWriterSize(f, 1<<20), shape: s}
	c.files[string(sig)] = cf
	c.paths = append(c.paths, path)
	_, err = cf.w.WriteString(header + "\n")
	return cf, err
}

func (c *csvFiles) close() error {
	var first error
	for _, f := range c.files {
		if err := f.w.Flush(); err != nil && first == nil {
			first = err
		}
		if err := f.f.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// csvHeaderKey is a property's column: its key, with the type after the
// last colon (a per-case key holds colons of its own, which the importer
// leaves in the name). A key the header cannot hold is refused.
func csvHeaderKey(key, typ string) (string, error) {
	if key == "" || strings.ContainsAny(key, "\",\r\n") {
		return "", fmt.Errorf("bulk import: property key %q cannot be a CSV column", key)
	}
	return key + ":" + typ, nil
}
