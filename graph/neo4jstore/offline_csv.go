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
func csvValue(b *strings.Builder, v any) {
	switch v := v.(type) {
	case string:
		csvQuote(b, v)
	case []string:
		csvQuote(b, strings.Join(v, string(BulkArrayDelimiter)))
	case bool:
		b.WriteString(strconv.FormatBool(v))
	case int64:
		b.WriteString(strconv.FormatInt(v, 10))
	case float64:
		b.WriteString(strconv.FormatFloat(v, 'g', -1, 64))
	case time.Time:
		b.WriteString(v.UTC().Format(time.RFC3339Nano))
	case []time.Time:
		for i, t := range v {
			if i > 0 {
				b.WriteRune(BulkArrayDelimiter)
			}
			b.WriteString(t.UTC().Format(time.RFC3339Nano))
		}
	case dbtype.Point2D:
		fmt.Fprintf(b, `"{latitude:%s,longitude:%s,crs:'WGS-84'}"`,
			strconv.FormatFloat(v.Y, 'g', -1, 64), strconv.FormatFloat(v.X, 'g', -1, 64))
	}
}

func csvQuote(b *strings.Builder, s string) {
	b.WriteByte('"')
	b.WriteString(strings.ReplaceAll(s, `"`, `""`))
	b.WriteByte('"')
}

// shape is the typed property keys of a node or relationship, sorted,
// with its fix-ups apart: the elements of one shape share a CSV header.
type shape struct {
	keys, types []string
	fixups      map[string]any
}

func (s shape) name() string {
	parts := make([]string, len(s.keys))
	for i := range s.keys {
		parts[i] = s.keys[i] + ":" + s.types[i]
	}
	return strings.Join(parts, ",")
}

func shapeOf(props propList, skip string) shape {
	var s shape
	for _, p := range props {
		if p.k == skip {
			continue
		}
		t := csvType(p.v)
		if t == "" {
			if s.fixups == nil {
				s.fixups = map[string]any{}
			}
			s.fixups[p.k] = p.v
			continue
		}
		s.keys = append(s.keys, p.k)
		s.types = append(s.types, t)
	}
	return s
}

// csvFiles writes the rows of each shape into a file of its own, opened
// the first time the shape is seen: name(i) names the i-th file, header
// the header of a shape.
type csvFiles struct {
	dir    string
	prefix string
	files  map[string]*csvFile
	paths  []string
}

type csvFile struct {
	f *os.File
	w *bufio.Writer
}

func (c *csvFiles) file(key string, header func() string) (*bufio.Writer, error) {
	if f, ok := c.files[key]; ok {
		return f.w, nil
	}
	path := fmt.Sprintf("%s/%s-%03d.csv", c.dir, c.prefix, len(c.paths))
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	cf := &csvFile{f: f, w: bufio.NewWriterSize(f, 1<<20)}
	c.files[key] = cf
	c.paths = append(c.paths, path)
	_, err = cf.w.WriteString(header() + "\n")
	return cf.w, err
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
