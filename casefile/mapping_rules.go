package casefile

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/scamgraph/scamgraph/graph"
)

// mapping reads the rules of a mapping: its entities first, so that a
// link can be checked against the entities it joins.
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
