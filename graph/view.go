package graph

import (
	"encoding/json"
	"sort"
	"strings"
	"sync"
)

// WithheldName replaces the name of a victim who did not consent to
// sharing, for readers outside the victim's own case.
const WithheldName = "[withheld]"

// ViewProps is what a scoped reader may see of a node's properties. A node
// carries every case's claim (see upsertEntityTmpl) and shows the value
// last changed, which may come from a case the reader cannot see: for a
// reader of some cases, each property takes its value from the visible
// claims (the node's own value when a visible claim gave it, else the
// first visible claim by case id that has the property), a property only
// hidden cases gave is dropped, and the node's sources name only visible
// cases. Roles likewise come from the visible claims, and createdAt and
// updatedAt from the visible cases' times (see visibleTimestamps). Nodes
// without claims (countries, case files, identifiers) are returned as they
// are, with their sources (and an identifier's times) filtered.
func (s Scope) ViewProps(props map[string]any, labels []string) (map[string]any, []string) {
	if s.ViewsStoredValues() {
		return props, labels
	}
	type claim struct {
		caseID string
		cj     ClaimJSON
	}
	var visibleClaims []claim
	claimed := map[string]bool{}
	anyClaim := false
	for k, v := range props {
		caseID, ok := strings.CutPrefix(k, "claim:")
		if !ok {
			continue
		}
		anyClaim = true
		raw, _ := v.(string)
		var cj ClaimJSON
		if json.Unmarshal([]byte(raw), &cj) != nil {
			continue
		}
		for pk := range cj.Props {
			claimed[pk] = true
		}
		if s.claimShown(caseID) {
			visibleClaims = append(visibleClaims, claim{caseID, cj})
		}
	}
	out := make(map[string]any, len(props))
	for k, v := range props {
		if !isPerCaseKey(k) {
			out[k] = v
		}
	}
	if _, ok := props["sources"]; ok {
		out["sources"] = s.visibleSources(props)
	}
	s.visibleTimestamps(props, out)
	if !anyClaim {
		return out, labels
	}
	sort.Slice(visibleClaims, func(i, j int) bool { return visibleClaims[i].caseID < visibleClaims[j].caseID })
	for k := range claimed {
		own, hasOwn := props[k]
		delete(out, k)
		for _, c := range visibleClaims {
			v, ok := c.cj.Props[k]
			if !ok {
				continue
			}
			if hasOwn && SameValue(own, v) {
				out[k] = own
				break
			}
			if _, set := out[k]; !set {
				out[k] = v
			}
		}
	}
	roles := map[Label]bool{}
	for _, c := range visibleClaims {
		for _, r := range c.cj.Roles {
			roles[r] = true
		}
	}
	var ls []string
	for _, l := range labels {
		if (Label(l) == RoleVictim || Label(l) == RoleRecruiter) && !roles[Label(l)] {
			continue
		}
		ls = append(ls, l)
	}
	return out, ls
}

// ViewsStoredValues says whether the scope sees a node's stored values as
// they are: it reads every case and not one case's word, so that its view
// needs none of the per-case properties.
func (s Scope) ViewsStoredValues() bool { return s.all && s.word == "" }

// SameValue compares a stored property with a claim's JSON value.
// (Through JSON, since a claim's numbers and lists come back as float64
// and []any where the stored value is int64 and []string or []any.)
func SameValue(stored, claimed any) bool {
	a, err1 := json.Marshal(stored)
	b, err2 := json.Marshal(claimed)
	return err1 == nil && err2 == nil && string(a) == string(b)
}

// visibleSources are the cases among a record's sources that the scope
// sees: what a scoped reader gets as caseIds.
func (s Scope) visibleSources(props map[string]any) []any {
	src, _ := props["sources"].([]any)
	if s.all {
		return src
	}
	var keep []any
	for _, c := range src {
		if cs, _ := c.(string); s.SeesCase(cs) {
			keep = append(keep, c)
		}
	}
	return keep
}

// ownCase is the case that first recorded a node: a victim's own case,
// whose compartment may see a name withheld from others. It is kept on the
// node (ownCase) and does not move when that case withdraws (deletion,
// retraction): else one case's withdrawal would change what another
// case's readers are shown. Nodes written before it was kept fall back to
// the first of their sources, which keep the order in which cases came.
func ownCase(props map[string]any) string {
	if c, ok := props["ownCase"].(string); ok && c != "" {
		return c
	}
	if src := AsStrings(props["sources"]); len(src) > 0 {
		return src[0]
	}
	return ""
}

// withholdsName says whether a victim's name is withheld from the scope:
// the victim did not consent to sharing (as far as the scope can see) and
// the scope does not see the victim's own case.
func (s Scope) withholdsName(consent *bool, props map[string]any) bool {
	return !s.all && (consent == nil || !*consent) && !s.SeesCase(ownCase(props))
}

// ProtectVictim applies the victim-protection rules to a decoded person
// (see docs/access.md): birth dates are blank for readers with redaction,
// and the name and aliases of a victim who did not consent to sharing are
// withheld from readers who do not see the victim's own case.
func (s Scope) ProtectVictim(p *Person, props map[string]any) {
	if !p.IsVictim {
		return
	}
	if s.redactVictims {
		p.BirthDate = ""
	}
	if s.withholdsName(p.ConsentToShare, props) {
		p.Name, p.Aliases = WithheldName, nil
	}
}

// ReadLog collects the nodes a request read, so that the audit can record
// how many records were returned and which victims' records were read.
type ReadLog struct {
	mu      sync.Mutex
	nodes   map[string]bool
	victims map[string]bool
	hits    map[string]bool
}

// NewReadLog returns an empty log.
func NewReadLog() *ReadLog {
	return &ReadLog{nodes: map[string]bool{}, victims: map[string]bool{}, hits: map[string]bool{}}
}

// CrossCaseHit records that a case outside the reader's compartments was
// named to them (linkedCases, caseOverlaps): the audit records each.
func (l *ReadLog) CrossCaseHit(caseID string) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.hits[caseID] = true
}

// CrossCaseHits are the cases outside the reader's compartments that were
// named to them, sorted.
func (l *ReadLog) CrossCaseHits() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return sortedKeys(l.hits)
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (l *ReadLog) Record(n Node) {
	if l == nil || n == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.nodes[n.GetID()] = true
	if p, ok := n.(*Person); ok && p.IsVictim {
		l.victims[p.GetID()] = true
	}
}

// Count is the number of distinct nodes read.
func (l *ReadLog) Count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.nodes)
}

// VictimIDs are the ids of the victims whose records were read, sorted.
func (l *ReadLog) VictimIDs() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return sortedKeys(l.victims)
}

// SeesProps is visible() in Go, for a stored node's properties.
func (s Scope) SeesProps(props map[string]any) bool {
	if s.redactVictims {
		if marked, _ := props["victimData"].(bool); marked {
			return false
		}
	}
	return s.all || len(s.visibleSources(props)) > 0
}
