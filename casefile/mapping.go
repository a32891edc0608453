package casefile

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/scamgraph/scamgraph/graph"
)

// A mapping says how the columns of someone else's sheet (a bank
// statement, a call-detail record, a shelter's intake sheet) become the
// case file's entities and links, so such a sheet imports without being
// retyped into our sheets. It is read from YAML (docs/formats.md, "Column
// mappings") and checked against the sheet's header before any row is
// read: a mistake in it rejects the file as a whole, naming the mapping's
// line, instead of rejecting every row for the same reason.
type mapping struct {
	file     string // the mapping's name in reports
	entities []*entityRule
	links    []*linkRule
}

// entityRule makes at most one entity per row, named by its ref.
type entityRule struct {
	key         string // the name links use
	typ         string // Person, Victim, Recruiter, Organization, Compound, BankAccount
	line        int
	ref         cellTemplate
	when        []condition
	fields      []fieldRule
	identifiers []identifierRule
}

// constant is an entity the mapping gives whole (the holder of a
// statement's account): its ref names no column, so it is one entity for
// the whole file, emitted once.
func (r *entityRule) constant() bool { return !r.ref.hasColumn() }

// applies says whether the row makes this entity: its conditions hold and
// its ref's columns are not all empty.
func (r *entityRule) applies(cells []string) bool {
	return holds(r.when, cells) && (r.constant() || !r.ref.empty(cells))
}

type linkRule struct {
	typ      string
	line     int
	from, to *entityRule
	when     []condition
	fields   []fieldRule
}

// constant is a link between two constant entities with no column of its
// own: one link for the whole file.
func (r *linkRule) constant() bool {
	if !r.from.constant() || !r.to.constant() || len(r.when) > 0 {
		return false
	}
	for _, f := range r.fields {
		if f.value.hasColumn() {
			return false
		}
	}
	return true
}

func (r *linkRule) applies(cells []string) bool {
	return holds(r.when, cells) && r.from.applies(cells) && r.to.applies(cells)
}

// fieldRule gives one of the case file's fields (a column of our sheets).
type fieldRule struct {
	name  string
	line  int
	value cellTemplate
}

type identifierRule struct {
	kind  string
	line  int
	value cellTemplate
}

// condition is one test of a `when`: a column filled or empty, or equal
// to a text (ignoring case and surrounding spaces).
type condition struct {
	col     int
	present *bool
	equals  *string
}

func holds(when []condition, cells []string) bool {
	for _, c := range when {
		v := cell(cells, c.col)
		if c.present != nil && (v != "") != *c.present {
			return false
		}
		if c.equals != nil && !strings.EqualFold(v, strings.TrimSpace(*c.equals)) {
			return false
		}
	}
	return true
}

func cell(cells []string, i int) string {
	if i < 0 || i >= len(cells) {
		return ""
	}
	return strings.TrimSpace(cells[i])
}

// cellTemplate is a value built from a row: text and the cells of
// columns, in order ("acct:{Counterparty Account}").
type cellTemplate []templatePart

type templatePart struct {
	text string
	col  int // -1: text
}

func (t cellTemplate) hasColumn() bool {
	return slices.ContainsFunc(t, func(p templatePart) bool { return p.col >= 0 })
}

// empty is true when every column the template names is empty in the row.
func (t cellTemplate) empty(cells []string) bool {
	for _, p := range t {
		if p.col >= 0 && cell(cells, p.col) != "" {
			return false
		}
	}
	return true
}

func (t cellTemplate) text(cells []string) string {
	if len(t) == 1 {
		if t[0].col < 0 {
			return t[0].text
		}
		return cell(cells, t[0].col)
	}
	var b strings.Builder
	for _, p := range t {
		if p.col < 0 {
			b.WriteString(p.text)
		} else {
			b.WriteString(cell(cells, p.col))
		}
	}
	return b.String()
}

// mappedEntityTypes are the types an entity rule may have.
var mappedEntityTypes = []string{"Person", "Victim", "Recruiter", "Organization", "Compound", "BankAccount"}

// loadMapping reads the mapping at path and checks it against header, the
// columns of the sheet it will read (named sheet in messages).
func loadMapping(path string, header []string, sheet string) (*mapping, error) {
	name := filepath.Base(path)
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &RunError{fmt.Errorf("--mapping: %w", err)}
	}
	p := &mappingParser{file: name, sheet: sheet, columns: map[string]int{}}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, dup := p.columns[h]; !dup && h != "" {
			p.columns[h] = i
			p.header = append(p.header, h)
		}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, p.syntaxError(err)
	}
	if len(doc.Content) == 0 {
		return nil, &FileError{Location{File: name}, "is empty: a mapping has entities and links"}
	}
	return p.mapping(doc.Content[0])
}

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

func (p *mappingParser) mapping(root *yaml.Node) (*mapping, error) {
	top, err := p.keys(root, "the mapping", "entities", "links")
	if err != nil {
		return nil, err
	}
	m := &mapping{file: p.file}
	byKey := map[string]*entityRule{}
	var keys []string
	if n := top["entities"]; n != nil {
		if n.Kind != yaml.MappingNode {
			return nil, p.errorf(n, "entities must be a mapping from a name to an entity")
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k := n.Content[i]
			if _, dup := byKey[k.Value]; dup {
				return nil, p.errorf(k, "entity %q is declared twice", k.Value)
			}
			r, err := p.entity(k, n.Content[i+1])
			if err != nil {
				return nil, err
			}
			byKey[r.key] = r
			keys = append(keys, r.key)
			m.entities = append(m.entities, r)
		}
	}
	if len(m.entities) == 0 {
		return nil, p.errorf(root, "declares no entities")
	}
	if n := top["links"]; n != nil {
		if n.Kind != yaml.SequenceNode {
			return nil, p.errorf(n, "links must be a list")
		}
		for _, ln := range n.Content {
			r, err := p.link(ln, byKey, keys)
			if err != nil {
				return nil, err
			}
			m.links = append(m.links, r)
		}
	}
	return m, nil
}

// mappedEntityFields are the case file's entity fields a rule may give
// under fields (ref, type and identifiers have keys of their own).
var mappedEntityFields = slices.DeleteFunc(slices.Clone(entityColumns), func(c string) bool {
	return c == "ref" || c == "type" || c == "identifiers"
})

var mappedLinkFields = slices.DeleteFunc(slices.Clone(linkColumns), func(c string) bool {
	return c == "type" || c == "from" || c == "to"
})

func (p *mappingParser) entity(k, n *yaml.Node) (*entityRule, error) {
	what := "entity " + strconv.Quote(k.Value)
	ks, err := p.keys(n, what, "type", "ref", "when", "fields", "identifiers")
	if err != nil {
		return nil, err
	}
	r := &entityRule{key: k.Value, line: k.Line}
	if ks["type"] == nil {
		return nil, p.errorf(n, "%s has no type (%s)", what, strings.Join(mappedEntityTypes, ", "))
	}
	t, err := p.scalar(ks["type"], what+" type")
	if err != nil {
		return nil, err
	}
	if r.typ = entityType(t); r.typ == "" {
		return nil, p.errorf(ks["type"], "%s: unknown type %q; the types are %s%s", what, t, strings.Join(mappedEntityTypes, ", "), suggest(t, mappedEntityTypes))
	}
	if ks["ref"] == nil {
		return nil, p.errorf(n, "%s has no ref: the columns (a template such as \"acct:{Account}\") that name one %s, so that rows naming the same one make one entity", what, r.typ)
	}
	ref, err := p.scalar(ks["ref"], what+" ref")
	if err != nil {
		return nil, err
	}
	if r.ref, err = p.template(ks["ref"], ref); err != nil {
		return nil, err
	}
	if r.when, err = p.conditions(ks["when"]); err != nil {
		return nil, err
	}
	if r.fields, err = p.fields(ks["fields"], what, mappedEntityFields); err != nil {
		return nil, err
	}
	if n := ks["identifiers"]; n != nil {
		if n.Kind != yaml.SequenceNode {
			return nil, p.errorf(n, "%s identifiers must be a list of {kind, column}", what)
		}
		for _, in := range n.Content {
			id, err := p.identifier(in, what)
			if err != nil {
				return nil, err
			}
			r.identifiers = append(r.identifiers, id)
		}
	}
	for _, f := range r.fields {
		if !slices.Contains(typeFields[kindOf(r.typ)], f.name) {
			return nil, p.lineErrorf(f.line, "%s: a %s has no field %s; its fields are %s", what, r.typ, f.name, strings.Join(typeFields[kindOf(r.typ)], ", "))
		}
	}
	if len(r.identifiers) > 0 && !takesIdentifiers(r.typ) {
		return nil, p.errorf(ks["identifiers"], "%s: a %s has no identifiers: its accountNumber or iban is what finds it", what, r.typ)
	}
	if r.constant() {
		if len(r.when) > 0 {
			return nil, p.errorf(ks["when"], "%s: its ref names no column, so it is one entity for the whole file: it cannot have a when", what)
		}
		for _, f := range r.fields {
			if f.value.hasColumn() {
				return nil, p.lineErrorf(f.line, "%s: its ref names no column, so it is one entity for the whole file: field %s must be a value, not a column", what, f.name)
			}
		}
		for _, id := range r.identifiers {
			if id.value.hasColumn() {
				return nil, p.lineErrorf(id.line, "%s: its ref names no column, so it is one entity for the whole file: its identifiers must be values, not columns", what)
			}
		}
	}
	return r, nil
}

// entityType reads an entity type in any case, with or without spaces.
func entityType(v string) string {
	k := strings.NewReplacer(" ", "", "_", "", "-", "").Replace(strings.ToLower(v))
	for _, t := range mappedEntityTypes {
		if strings.ToLower(t) == k {
			return t
		}
	}
	return ""
}

func (p *mappingParser) link(n *yaml.Node, byKey map[string]*entityRule, keys []string) (*linkRule, error) {
	what := fmt.Sprintf("the link at line %d", n.Line)
	ks, err := p.keys(n, what, "type", "from", "to", "when", "fields")
	if err != nil {
		return nil, err
	}
	r := &linkRule{line: n.Line}
	if ks["type"] == nil {
		return nil, p.errorf(n, "%s has no type (%s)", what, strings.Join(fileLinkTypes, ", "))
	}
	t, err := p.scalar(ks["type"], what+" type")
	if err != nil {
		return nil, err
	}
	var ok bool
	if r.typ, ok = graph.CanonicalEnum(t, fileLinkTypes); !ok {
		return nil, p.errorf(ks["type"], "%s: type %s", what, graph.EnumReason(t, fileLinkTypes))
	}
	if r.typ == string(graph.RelTransited) {
		return nil, p.errorf(ks["type"], "%s: TRANSITED ends at a country, not an entity: a mapping cannot give it", what)
	}
	for _, end := range []struct {
		key  string
		into **entityRule
	}{{"from", &r.from}, {"to", &r.to}} {
		en := ks[end.key]
		if en == nil {
			return nil, p.errorf(n, "%s has no %s: the name of one of the mapping's entities (%s)", what, end.key, strings.Join(keys, ", "))
		}
		v, err := p.scalar(en, what+" "+end.key)
		if err != nil {
			return nil, err
		}
		if *end.into = byKey[v]; *end.into == nil {
			return nil, p.errorf(en, "%s: %s %q is not an entity of the mapping; the entities are %s%s", what, end.key, v, strings.Join(keys, ", "), suggest(v, keys))
		}
	}
	ends := linkEnds[graph.RelType(r.typ)]
	for i, end := range []*entityRule{r.from, r.to} {
		if !end.joins(ends[i]) {
			key := [2]string{"from", "to"}[i]
			return nil, p.errorf(ks[key], "%s: %s %q is a %s; a %s link goes %s", what, key, end.key, end.typ, r.typ, linkShape(ends))
		}
	}
	if r.when, err = p.conditions(ks["when"]); err != nil {
		return nil, err
	}
	if r.fields, err = p.fields(ks["fields"], what, mappedLinkFields); err != nil {
		return nil, err
	}
	for _, f := range r.fields {
		if !linkTakes(r.typ, f.name) {
			return nil, p.lineErrorf(f.line, "%s: a %s link has no field %s; its fields are %s", what, r.typ, f.name, strings.Join(graph.LinkProps[graph.RelType(r.typ)], ", "))
		}
	}
	return r, nil
}

// fields reads `fields:`, a mapping from one of allowed to a value.
func (p *mappingParser) fields(n *yaml.Node, what string, allowed []string) ([]fieldRule, error) {
	if n == nil {
		return nil, nil
	}
	if n.Kind != yaml.MappingNode {
		return nil, p.errorf(n, "%s fields must be a mapping from a field to a column or {value: ...}", what)
	}
	var out []fieldRule
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k := n.Content[i]
		if !slices.Contains(allowed, k.Value) {
			return nil, p.errorf(k, "%s: unknown field %q; the fields are %s%s", what, k.Value, strings.Join(allowed, ", "), suggest(k.Value, allowed))
		}
		if seen[k.Value] {
			return nil, p.errorf(k, "%s gives field %s twice", what, k.Value)
		}
		seen[k.Value] = true
		v, err := p.value(n.Content[i+1], what+" field "+k.Value)
		if err != nil {
			return nil, err
		}
		out = append(out, fieldRule{name: k.Value, line: k.Line, value: v})
	}
	return out, nil
}

func (p *mappingParser) identifier(n *yaml.Node, what string) (identifierRule, error) {
	what += " identifier"
	ks, err := p.keys(n, what, "kind", "column", "value", "template")
	if err != nil {
		return identifierRule{}, err
	}
	if ks["kind"] == nil {
		return identifierRule{}, p.errorf(n, "%s has no kind (%s)", what, strings.Join(graph.IdentifierKinds, ", "))
	}
	k, err := p.scalar(ks["kind"], what+" kind")
	if err != nil {
		return identifierRule{}, err
	}
	kind, ok := graph.CanonicalEnum(k, graph.IdentifierKinds)
	if !ok {
		return identifierRule{}, p.errorf(ks["kind"], "%s: kind %s", what, graph.EnumReason(k, graph.IdentifierKinds))
	}
	delete(ks, "kind")
	v, err := p.source(n, ks, what)
	return identifierRule{kind: kind, line: n.Line, value: v}, err
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

// template reads "text {Column} text"; "{{" and "}}" are literal braces.
func (p *mappingParser) template(n *yaml.Node, s string) (cellTemplate, error) {
	var t cellTemplate
	var text strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "{{") || strings.HasPrefix(s[i:], "}}"):
			text.WriteByte(s[i])
			i++
		case s[i] == '{':
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return nil, p.errorf(n, "template has { without }: a column is written {Column name}")
			}
			col, err := p.column(n, s[i+1:i+end])
			if err != nil {
				return nil, err
			}
			if text.Len() > 0 {
				t = append(t, templatePart{text: text.String(), col: -1})
				text.Reset()
			}
			t = append(t, col...)
			i += end
		case s[i] == '}':
			return nil, p.errorf(n, "template has } without {: a literal brace is written }}")
		default:
			text.WriteByte(s[i])
		}
	}
	if text.Len() > 0 || len(t) == 0 {
		t = append(t, templatePart{text: text.String(), col: -1})
	}
	return t, nil
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

// linkShape is "from Recruiter to Victim" for a link type's ends.
func linkShape(ends [2][]graph.Label) string {
	side := func(ls []graph.Label) string {
		names := make([]string, len(ls))
		for i, l := range ls {
			names[i] = string(l)
		}
		return strings.Join(names, " or ")
	}
	return "from " + side(ends[0]) + " to " + side(ends[1])
}
