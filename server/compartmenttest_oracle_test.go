package server_test

import (
	"testing"

	"github.com/scamgraph/scamgraph/auth"
	"github.com/scamgraph/scamgraph/internal/testneo4j"
)

// TestCompartmentPropertyOracle checks the property test's own oracle: a
// planted value of each kind is caught, and the withheld name of a
// non-consenting victim that another case also records is read as
// [withheld] by that case's reader, which the oracle accepts.
func TestCompartmentPropertyOracle(t *testing.T) {
	// A world where a later case records a non-consenting victim of an earlier one.
	var w *pWorld
	var victim *pEntity
	var attacher int
	for seed := int64(1); seed < 50 && victim == nil; seed++ {
		w = newWorld(seed, "orc")
		for _, e := range w.ents {
			if e.kind == "Victim" && !e.consent && len(e.mentions) > 1 {
				victim = e
				for c := range e.mentions {
					if c != e.owner {
						attacher = c
					}
				}
				break
			}
		}
	}
	if victim == nil {
		t.Fatal("no seed below 50 makes a non-consenting victim that two cases record")
	}
	run := startRun(t, testneo4j.Open(t), w)
	reader := run.reader[attacher]
	a := run.gql(reader, `query($id: ID!) { node(id: $id) { ...N } } `+nodeFragment, map[string]any{"id": victim.id})
	if len(a.resp.Errors) > 0 || dig(a.resp.Data, "node", "name") != "[withheld]" {
		t.Errorf("the reader of %s sees the victim of %s as %s", w.cases[attacher], w.cases[victim.owner], a.body)
	}
	s := pStep{kind: "node"}
	if vs := run.valueChecks(0, s, reader, "", a.body); len(vs) > 0 {
		t.Errorf("violations in a correct answer: %+v", vs)
	}

	// Planted values.
	var hiddenTok, withheldTok, emailTok string
	for k, cs := range w.tokens {
		if len(cs) == 1 && cs[victim.owner] && hiddenTok == "" && w.withheld[k] == 0 && !w.victimIDs[k] {
			hiddenTok = k
		}
	}
	for k, owner := range w.withheld {
		if owner == victim.owner && w.tokens[k][attacher] {
			withheldTok = k
		}
	}
	for k := range w.victimIDs {
		if w.tokens[k][victim.owner] {
			emailTok = k
		}
	}
	var viewer *pPrincipal
	for _, p := range run.principals {
		if p.role == auth.RoleViewer && !p.all && len(p.cases) == 1 && p.cases[victim.owner] {
			viewer = p
		}
	}
	w.erased[hiddenTok] = true
	for _, c := range []struct {
		who   *pPrincipal
		body  string
		class string
	}{
		{reader, `{"name":"` + withheldTok + `"}`, "consent"},
		{viewer, `{"value":"` + emailTok + `"}`, "viewer"},
		{run.admin, `{"name":"` + hiddenTok + `"}`, "erasure"},
	} {
		vs := run.valueChecks(0, s, c.who, "", c.body)
		if len(vs) != 1 || vs[0].class != c.class {
			t.Errorf("%s reading %s: %+v, want one %s violation", c.who, c.body, vs, c.class)
		}
		// A value the request itself carries is not a leak.
		if vs := run.valueChecks(0, s, c.who, c.body, c.body); len(vs) != 0 {
			t.Errorf("a value of the request counted: %+v", vs)
		}
	}
	delete(w.erased, hiddenTok)
	if vs := run.valueChecks(0, s, reader, "", `{"name":"`+hiddenTok+`"}`); len(vs) != 1 || vs[0].class != "hidden-value" {
		t.Errorf("a value only %s gives, read by %s: %+v", w.cases[victim.owner], reader, vs)
	}
}
