package casefile

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"
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
