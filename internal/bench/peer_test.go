package main

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/scamgraph/scamgraph/internal/benchreport"
)

func peerFamilyNamed(t *testing.T, name string) peerFamily {
	t.Helper()
	for _, f := range peerFamilies(sample{victims: []string{"v1"}, cases: []string{"c1"}}) {
		if f.name == name {
			return f
		}
	}
	t.Fatalf("no peer family %q", name)
	return peerFamily{}
}

// The two servers' answers to the nested query, in each one's shape,
// reduce to the same lines whatever the order of the lists; another
// compound, a missing victim or a null name does not.
func TestPeerNestedCanon(t *testing.T) {
	f := peerFamilyNamed(t, benchreport.FamilyNested)
	api := `{"node":{"asVictim":{"recruitedBy":[{"recruiter":{"name":"Rex","recruited":[
		{"victim":{"name":"Ann","heldAt":[{"compound":{"name":"K1"}}]}},
		{"victim":{"name":"Bo","heldAt":[]}},
		{"victim":{"name":"Cy","heldAt":[{"compound":{"name":"K2"}},{"compound":{"name":"K1"}}]}}]}}]}}}`
	peer := `{"victims":[{"recruitedBy":[{"name":"Rex","recruited":[
		{"name":"Cy","heldAt":[{"name":"K1"},{"name":"K2"}]},
		{"name":"Ann","heldAt":[{"name":"K1"}]},
		{"name":"Bo","heldAt":[]}]}]}]}`
	a, err := f.canonAPI([]byte(api))
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.canonPeer([]byte(peer))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"Rex\tAnn\tK1", "Rex\tBo\t", "Rex\tCy\tK1", "Rex\tCy\tK2"}
	if !slices.Equal(a, want) || !slices.Equal(p, want) {
		t.Fatalf("api %q, peer %q, want %q", a, p, want)
	}
	for _, other := range []string{
		strings.Replace(peer, `"K2"`, `"K3"`, 1),
		strings.Replace(peer, `{"name":"Bo","heldAt":[]}`, `{"name":"Bo","heldAt":[{"name":"K1"}]}`, 1),
		strings.Replace(peer, `,
		{"name":"Bo","heldAt":[]}`, ``, 1),
		strings.Replace(peer, `"name":"Ann"`, `"name":null`, 1),
	} {
		p, err := f.canonPeer([]byte(other))
		if err != nil {
			t.Fatal(err)
		}
		if slices.Equal(a, p) {
			t.Errorf("%s reads as the API's answer", other)
		}
	}
	// No such victim: both say nothing, alike.
	a, _ = f.canonAPI([]byte(`{"node":null}`))
	p, _ = f.canonPeer([]byte(`{"victims":[]}`))
	if len(a) != 0 || len(p) != 0 {
		t.Errorf("empty answers: api %q, peer %q", a, p)
	}
}

// A list page is compared in its order: the same victims in another
// order are a different page.
func TestPeerListCanon(t *testing.T) {
	f := peerFamilyNamed(t, benchreport.FamilyFilteredList)
	a, err := f.canonAPI([]byte(`{"victims":{"edges":[{"node":{"id":"v9","name":"Ann 9","status":"HELD"}},{"node":{"id":"v19","name":"bo 19","status":null}}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	p, err := f.canonPeer([]byte(`{"victims":[{"id":"v9","name":"Ann 9","status":"HELD"},{"id":"v19","name":"bo 19","status":null}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"v9\tAnn 9\tHELD", "v19\tbo 19\t<null>"}; !slices.Equal(a, want) || !slices.Equal(p, want) {
		t.Fatalf("api %q, peer %q, want %q", a, p, want)
	}
	p, _ = f.canonPeer([]byte(`{"victims":[{"id":"v19","name":"bo 19","status":null},{"id":"v9","name":"Ann 9","status":"HELD"}]}`))
	if slices.Equal(a, p) {
		t.Error("another order reads as the same page")
	}
	if d := firstDifference(a, p); !strings.Contains(d, "row 1") {
		t.Errorf("firstDifference = %q", d)
	}
}

// Both families draw their parameter as the API's family does, so that
// with the same random source the two servers get the same questions.
func TestPeerFamiliesAskWhatTheAPIAsks(t *testing.T) {
	s := sample{victims: []string{"v1", "v2", "v3"}, cases: []string{"c1", "c2"}, accounts: []string{"a"}, names: []string{"n"}}
	for _, pf := range peerFamilies(s) {
		var fam family
		for _, f := range families(s) {
			if f.name == pf.name {
				fam = f
			}
		}
		if fam.api == nil {
			t.Fatalf("peer family %q is not one of families()", pf.name)
		}
		r1, r2 := newRand(7), newRand(7)
		for range 20 {
			q, v := fam.api(r1)
			wq, wv := pf.api(pf.param(r2))
			if q != wq || !mapsEqual(v, wv) {
				t.Fatalf("%s: the API's family asks %q %v, the peer family's API query is %q %v", pf.name, q, v, wq, wv)
			}
		}
	}
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 42)) }

func mapsEqual(a, b map[string]any) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
