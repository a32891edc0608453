package synthetic_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/synthetic"
)

func TestTheSameSeedWritesTheSameNetwork(t *testing.T) {
	plan := synthetic.PlanFor(3000, 7)
	var a, b, c bytes.Buffer
	if err := plan.WriteCase(&a, 1); err != nil {
		t.Fatal(err)
	}
	_ = plan.WriteCase(&b, 1)
	_ = synthetic.PlanFor(3000, 8).WriteCase(&c, 1)
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("one seed, two networks")
	}
	if bytes.Equal(a.Bytes(), c.Bytes()) {
		t.Fatal("another seed, the same network")
	}
}

func TestPlanHasTheDomainsShapeAndSize(t *testing.T) {
	plan := synthetic.PlanFor(1_100_000, 1)
	if plan.Cases < 2 || plan.Nodes() < 1_000_000 || plan.Relationships() < 5_000_000 {
		t.Fatalf("top scale plan: %+v, %d nodes, %d relationships", plan, plan.Nodes(), plan.Relationships())
	}
	small := synthetic.PlanFor(3000, 1)
	var cases []casefile.Case
	for i := range small.Cases {
		var buf bytes.Buffer
		if err := small.WriteCase(&buf, i); err != nil {
			t.Fatal(err)
		}
		var c casefile.Case
		if err := json.Unmarshal(buf.Bytes(), &c); err != nil {
			t.Fatalf("case %d is not a JSON case file: %v", i, err)
		}
		cases = append(cases, c)
	}
	entities, links := 0, 0
	phones := map[string][]string{}
	wallets := map[string]int{}
	for _, c := range cases {
		entities += len(c.Entities)
		links += len(c.Links)
		for _, e := range c.Entities {
			for _, id := range e.Identifiers {
				if id.Kind == "PHONE" {
					phones[id.Value] = append(phones[id.Value], c.Case.ID)
				}
			}
			if e.Kind != nil && *e.Kind == "CRYPTO_WALLET" {
				wallets[*e.AccountNumber]++
			}
		}
	}
	if entities+links != small.Rows() {
		t.Errorf("rows: %d entities + %d links, plan says %d", entities, links, small.Rows())
	}
	shared := 0
	for _, cs := range phones {
		if len(cs) > 1 && cs[0] != cs[len(cs)-1] {
			shared++
		}
	}
	if shared == 0 {
		t.Error("no phone is shared between two cases: the cases do not overlap")
	}
	for addr, n := range wallets {
		if n != small.Cases {
			t.Errorf("wallet %s is in %d of %d cases", addr, n, small.Cases)
		}
	}
}

func TestPlanRowsWritesOneCaseOfAboutThatManyRows(t *testing.T) {
	for _, rows := range []int{1, 10_000, 1_000_000} {
		plan := synthetic.PlanRows(rows, 42)
		if plan.Cases != 1 || plan.UnitsPerCase < 1 {
			t.Fatalf("%d rows: %+v", rows, plan)
		}
		if rows > 1000 && (plan.Rows() > rows || plan.Rows() < rows*99/100) {
			t.Errorf("%d rows asked, the plan reads %d", rows, plan.Rows())
		}
	}
	plan := synthetic.PlanRows(10_000, 42)
	var buf bytes.Buffer
	if err := plan.WriteCase(&buf, 0); err != nil {
		t.Fatal(err)
	}
	var c casefile.Case
	if err := json.Unmarshal(buf.Bytes(), &c); err != nil {
		t.Fatal(err)
	}
	if got := len(c.Entities) + len(c.Links); got != plan.Rows() {
		t.Errorf("the case holds %d rows, the plan says %d", got, plan.Rows())
	}
}
