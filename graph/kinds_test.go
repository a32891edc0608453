package graph

import (
	"slices"
	"testing"
)

// The parse functions are the only way from text to a Label or a RelType,
// so what they refuse can never be spliced into Cypher.
func TestParseRefusesUnknownKinds(t *testing.T) {
	for _, s := range []string{"", "HOLD", "holds", "Holds", " HOLDS", "HOLDS ", "HOLDS|PAID", "HOLDS]->(x) DETACH DELETE x //", "Entity"} {
		if rt, err := ParseRelType(s); err == nil {
			t.Errorf("ParseRelType(%q) = %q, want an error", s, rt)
		}
	}
	for _, s := range []string{"", "person", "PERSON", "Entity", "SchemaState", "Person:Victim", "Person) DETACH DELETE n //", "RECRUITED"} {
		if l, err := ParseLabel(s); err == nil {
			t.Errorf("ParseLabel(%q) = %q, want an error", s, l)
		}
	}
	if _, err := ParseLinkTypes([]string{"HOLDS", "HOLD"}); err == nil {
		t.Error("ParseLinkTypes accepted HOLD")
	}
}

func TestParseAcceptsEveryKind(t *testing.T) {
	for _, rt := range LinkTypes() {
		if got, err := ParseRelType(string(rt)); err != nil || got != rt {
			t.Errorf("ParseRelType(%q) = %q, %v", rt, got, err)
		}
	}
	for _, l := range Labels {
		if got, err := ParseLabel(string(l)); err != nil || got != l {
			t.Errorf("ParseLabel(%q) = %q, %v", l, got, err)
		}
	}
}

// Every link type's Go value says the type it is registered under, and
// every label a rule names is a known label.
func TestLinkRulesAgreeWithTheirTypes(t *testing.T) {
	if len(LinkRules) != 13 {
		t.Errorf("%d relationship types, want 13", len(LinkRules))
	}
	for rt, rule := range LinkRules {
		if got := rule.NewLink().LinkType(); got != rt {
			t.Errorf("LinkRules[%s].NewLink().LinkType() = %s", rt, got)
		}
		for _, l := range append(slices.Clone(rule.From), rule.To...) {
			if !slices.Contains(Labels, l) {
				t.Errorf("LinkRules[%s] names %q, not a label", rt, l)
			}
		}
	}
}
