package casefile

import (
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// A ref that is a valid ref is kept (readable ids); any other text becomes
// a stable digest that does not carry the text.
func TestMappedRef(t *testing.T) {
	if got := mappedRef("IN-2024-001"); got != "IN-2024-001" {
		t.Fatalf("a valid ref is kept: %q", got)
	}
	a, b := mappedRef("recruiter:+66 81 555 0101"), mappedRef("recruiter:+66 81 555 0101")
	if a != b || !fileRef.MatchString(a) || strings.Contains(a, "555") || a == mappedRef("recruiter:+66 81 555 0102") {
		t.Fatalf("digest refs: %q %q", a, b)
	}
}

func TestTemplateBracesAndColumns(t *testing.T) {
	p := &mappingParser{file: "m.yml", sheet: "s.csv", columns: map[string]int{"Bank": 0, "Account": 1}, header: []string{"Bank", "Account"}}
	tm, err := p.template(nil, "{{x}} {Bank}/{Account}")
	if err != nil {
		t.Fatal(err)
	}
	if got := tm.text([]string{" SICOTHBK ", "555"}); got != "{x} SICOTHBK/555" {
		t.Fatalf("text %q", got)
	}
	if !tm.empty([]string{"", " "}) || tm.empty([]string{"", "1"}) {
		t.Fatal("empty is every column empty")
	}
	for _, bad := range []string{"{Bank", "Bank}", "{Bnak}"} {
		if _, err := p.template(&yamlNodeAtLine3, bad); err == nil || !strings.HasPrefix(err.Error(), "m.yml:3: ") {
			t.Fatalf("%q: %v", bad, err)
		}
	}
}

// The same sheet through another mapping is another import.
func TestHashSourceIncludesTheMapping(t *testing.T) {
	const sheet, mapping = "../testdata/mappings/statement.csv", "../testdata/mappings/statement.yml"
	plain, err1 := hashSource(sheet)
	mapped, err2 := hashSource(sheet, mapping)
	other, err3 := hashSource(sheet, "../testdata/mappings/intake.yml")
	if err1 != nil || err2 != nil || err3 != nil || plain == mapped || mapped == other {
		t.Fatalf("hashes %s %s %s (%v %v %v)", plain, mapped, other, err1, err2, err3)
	}
}

var yamlNodeAtLine3 = yaml.Node{Line: 3}

// typeFields copies what prepareEntity reads: every field must be one of
// the case file's, and every type one a mapping may give.
func TestTypeFieldsAreEntityFields(t *testing.T) {
	for _, typ := range mappedEntityTypes {
		fields, ok := typeFields[kindOf(typ)]
		if !ok {
			t.Fatalf("no fields for %s", typ)
		}
		for _, f := range fields {
			if !slices.Contains(mappedEntityFields, f) {
				t.Errorf("%s: %s is not an entity field", typ, f)
			}
		}
	}
}

func TestConditions(t *testing.T) {
	yes, d := true, " d "
	filled := []condition{{col: 0, present: &yes}}
	debit := []condition{{col: 1, equals: &d}}
	if !holds(filled, []string{"1", ""}) || holds(filled, []string{"  ", ""}) || holds(filled, nil) {
		t.Fatal("present: true is a filled cell")
	}
	if !holds(debit, []string{"", "D"}) || holds(debit, []string{"", "C"}) {
		t.Fatal("equals ignores case and spaces")
	}
	if !holds(append(filled, debit...), []string{"1", "d"}) || holds(append(filled, debit...), []string{"", "d"}) {
		t.Fatal("a list of conditions must all hold")
	}
}
