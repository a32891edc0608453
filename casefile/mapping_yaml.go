package casefile

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/scamgraph/scamgraph/graph"
)

// mappingParser walks the YAML tree by hand rather than decoding it into
// structs, so that every mistake is reported with its own line and, for a
// misspelt key, column, type or field, the name meant.
type mappingParser struct {
	file, sheet string
	columns     map[string]int
	header      []string
}

func (p *mappingParser) errorf(n *yaml.Node, format string, args ...any) error {
	return &FileError{Location{File: p.file, Line: n.Line}, fmt.Sprintf(format, args...)}
}

func (p *mappingParser) lineErrorf(line int, format string, args ...any) error {
	return p.errorf(&yaml.Node{Line: line}, format, args...)
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// syntaxError reports YAML that does not parse at its line.
func (p *mappingParser) syntaxError(err error) error {
	msg := err.Error()
	line := 0
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
	}
	return &FileError{Location{File: p.file, Line: line}, "not a YAML mapping: " + strings.TrimPrefix(msg, "yaml: ")}
}

// suggest is "; did you mean X?" when v looks like a misspelt candidate.
func suggest(v string, candidates []string) string {
	if n := graph.Nearest(v, candidates); n != "" {
		return fmt.Sprintf("; did you mean %q?", n)
	}
	return ""
}

// keys returns the values of mapping node n by key, refusing a key that
// is not one of allowed (what names the node in messages).
func (p *mappingParser) keys(n *yaml.Node, what string, allowed ...string) (map[string]*yaml.Node, error) {
	if n.Kind != yaml.MappingNode {
		return nil, p.errorf(n, "%s must be a mapping of keys (%s)", what, strings.Join(allowed, ", "))
	}
	out := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if !slices.Contains(allowed, k.Value) {
			return nil, p.errorf(k, "unknown key %q in %s; the keys are %s%s", k.Value, what, strings.Join(allowed, ", "), suggest(k.Value, allowed))
		}
		if _, dup := out[k.Value]; dup {
			return nil, p.errorf(k, "%s has %q twice", what, k.Value)
		}
		out[k.Value] = v
	}
	return out, nil
}

func (p *mappingParser) scalar(n *yaml.Node, what string) (string, error) {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return "", p.errorf(n, "%s must be a single value", what)
	}
	return n.Value, nil
}

// value reads a field's value: a column's name, or {column: X},
// {value: constant} or {template: "text {Column} text"}.
func (p *mappingParser) value(n *yaml.Node, what string) (cellTemplate, error) {
	if n.Kind == yaml.ScalarNode {
		return p.column(n, n.Value)
	}
	ks, err := p.keys(n, what, "column", "value", "template")
	if err != nil {
		return nil, err
	}
	return p.source(n, ks, what)
}

// source reads the one of column, value and template that ks has.
func (p *mappingParser) source(n *yaml.Node, ks map[string]*yaml.Node, what string) (cellTemplate, error) {
	if len(ks) != 1 {
		return nil, p.errorf(n, "%s takes one of column, value or template", what)
	}
	for k, vn := range ks {
		v, err := p.scalar(vn, what+" "+k)
		if err != nil {
			return nil, err
		}
		switch k {
		case "column":
			return p.column(vn, v)
		case "value":
			return cellTemplate{{text: v, col: -1}}, nil
		default:
			return p.template(vn, v)
		}
	}
	return nil, nil
}

// column is the template of one column of the sheet.
func (p *mappingParser) column(n *yaml.Node, name string) (cellTemplate, error) {
	name = strings.TrimSpace(name)
	i, ok := p.columns[name]
	if !ok {
		return nil, p.errorf(n, "column %q is not in the header of %s%s", name, p.sheet, suggest(name, p.header))
	}
	return cellTemplate{{col: i}}, nil
}

// conditions reads `when:`, one condition or a list of them (all must
// hold).
func (p *mappingParser) conditions(n *yaml.Node) ([]condition, error) {
	if n == nil {
		return nil, nil
	}
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	var out []condition
	for _, cn := range items {
		ks, err := p.keys(cn, "when", "column", "present", "equals")
		if err != nil {
			return nil, err
		}
		if ks["column"] == nil || (ks["present"] == nil) == (ks["equals"] == nil) {
			return nil, p.errorf(cn, "when is {column: X, present: true}, {column: X, present: false} or {column: X, equals: text}")
		}
		name, err := p.scalar(ks["column"], "when column")
		if err != nil {
			return nil, err
		}
		col, err := p.column(ks["column"], name)
		if err != nil {
			return nil, err
		}
		c := condition{col: col[0].col}
		if pn := ks["present"]; pn != nil {
			var b bool
			if pn.Decode(&b) != nil {
				return nil, p.errorf(pn, "when present is true or false")
			}
			c.present = &b
		} else {
			v, err := p.scalar(ks["equals"], "when equals")
			if err != nil {
				return nil, err
			}
			c.equals = &v
		}
		out = append(out, c)
	}
	return out, nil
}
