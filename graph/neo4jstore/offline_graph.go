package neo4jstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/scamgraph/scamgraph/graph"
)

// OfflineGraph is the graph an online import would write into an empty
// database, built in memory, for Neo4j's bulk importer (`neo4j-admin
// database import full`, see WriteBulk): a first load of millions of rows
// that the online path writes at a few thousand rows a second. It is a
// casefile.Store: the importer reads, validates and reports exactly as
// online, and each write does here, in Go, what its statement does in
// Neo4j (upsertEntityTmpl, attachCountriesTmpl, attachIdentifiersCypher,
// markVictimDataCypher, upsertLinkTmpl, saveCaseFileCypher,
// recordImportCypher), so that several case files merge their claims as
// they would online. TestOfflineGraphEqualsOnlineImport holds the two
// graphs equal; a change to one of those statements must change its
// counterpart in offline_entities.go, offline_links.go or
// offline_cases.go. See docs/decisions.md, "A first load goes through
// the bulk importer".
//
// It starts from what Bootstrap writes into an empty database (the
// countries, the migrations' marks) and assumes nothing else: no erased
// victims, every case seen (Scope is ignored, as it is for a reader of
// every case).
type OfflineGraph struct {
	mu     sync.Mutex
	nodes  map[string]*offNode // by id
	order  []string            // node ids in creation order, for stable files
	idents map[string]string   // an identifier's key -> its node id
	rels   map[string]*offRel  // by id (a link id names its type)
	relIDs []string            // relationship ids in creation order
	out    map[string][]*offRel
	now    any // datetime() of every write (a time.Time): one timestamp, as a statement has
	keys   map[[2]string]string
	// firstSources are the sources lists of one case, shared by the
	// elements of that case (appendSource copies before it appends).
	firstSources map[string][]string
}

// offNode is a node: its labels (in the order they were added) and
// properties, as Go values of the types the store writes.
type offNode struct {
	labels []string
	props  propList
}

// offRel is a relationship between two nodes, by their ids.
type offRel struct {
	typ      graph.RelType
	from, to string
	props    propList
}

// schemaStateMarks are the migrations Bootstrap marks as done on an empty
// database (BackfillCaseLabels, BackfillCaseViews, BackfillLinkClaims):
// the bulk-imported graph carries the marks, so the first start-up skips
// them as it does on a database written online.
var schemaStateMarks = []string{"caseLabels", "caseViews", "linkClaims"}

// NewOfflineGraph is an empty database after Bootstrap: the countries.
func NewOfflineGraph() *OfflineGraph {
	g := &OfflineGraph{nodes: map[string]*offNode{}, idents: map[string]string{}, rels: map[string]*offRel{},
		out: map[string][]*offRel{}, now: time.Now().UTC(), keys: map[[2]string]string{}, firstSources: map[string][]string{}}
	for _, c := range graph.AllCountries() {
		n := &offNode{labels: []string{string(graph.KindCountry), "Entity"}}
		n.props.set("id", c.ID)
		n.props.set("code", c.Code)
		n.props.set("name", c.Name)
		n.props.set("region", c.Region)
		n.props.set("sortName", strings.ToLower(c.Name))
		g.addNode(c.ID, n)
	}
	return g
}

func (g *OfflineGraph) addNode(id string, n *offNode) {
	g.nodes[id] = n
	g.order = append(g.order, id)
}

// addLabel adds a label the node does not have yet.
func (n *offNode) addLabel(l string) {
	if !slices.Contains(n.labels, l) {
		n.labels = append(n.labels, l)
	}
}

// appendSource is `sources = CASE WHEN $caseId IN sources THEN sources ELSE
// sources + $caseId END`; it says whether the case was new.
func (g *OfflineGraph) appendSource(props *propList, caseID string) bool {
	v, _ := props.get("sources")
	src, _ := v.([]string)
	if slices.Contains(src, caseID) {
		return false
	}
	if len(src) == 0 {
		if _, ok := g.firstSources[caseID]; !ok {
			g.firstSources[caseID] = []string{caseID}
		}
		props.set("sources", g.firstSources[caseID])
		return true
	}
	props.set("sources", append(slices.Clip(src), caseID))
	return true
}

// sortNameValue is sortNameOf: the first of name, title, code, value and
// accountNumber that is set, lower-cased.
func sortNameValue(props propList) string {
	for _, k := range []string{"name", "title", "code", "value", "accountNumber"} {
		if v, ok := props.get(k); ok && v != nil {
			s, _ := v.(string)
			return strings.ToLower(s)
		}
	}
	return ""
}

// CaseRegion is Store.CaseRegion.
func (g *OfflineGraph) CaseRegion(_ context.Context, caseID string) (string, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.caseRegion(caseID)
}

func (g *OfflineGraph) caseRegion(caseID string) (string, error) {
	n := g.nodes[caseID]
	if n == nil || !slices.Contains(n.labels, string(graph.KindCaseFile)) {
		return "", &graph.ValidationError{Field: "input.caseId", Reason: "no such case file; create it first (createCaseFile)"}
	}
	v, _ := n.props.get("country")
	c, _ := v.(string)
	return c, nil
}

// StoredIDs is Store.StoredIDs, for every case.
func (g *OfflineGraph) StoredIDs(_ context.Context, _ graph.Scope, ids []string) (map[string]bool, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	out := map[string]bool{}
	for _, id := range ids {
		if g.nodes[id] != nil || g.rels[id] != nil {
			out[id] = true
		}
	}
	return out, nil
}

// mergeRel is `MERGE (a)-[r:TYPE {id: id}]->(b)` with the relationship
// new to it taking createdAt and empty sources, then the case joining its
// sources (caseAssertsRel, upsertLinkTmpl). ok is false when a
// relationship of that id joins other ends (online, the uniqueness
// constraint or upsertLinkTmpl's check on old refuses it).
// props is how many properties the new relationship will have beyond its
// id, sources and createdAt (its properties are allocated once).
func (g *OfflineGraph) mergeRel(t graph.RelType, id, from, to, caseID string, props int) (r *offRel, created, newCase, ok bool) {
	r = g.rels[id]
	if r != nil && (r.typ != t || r.from != from || r.to != to) {
		return nil, false, false, false
	}
	created = r == nil
	if created {
		r = &offRel{typ: t, from: from, to: to, props: make(propList, 0, 3+props)}
		r.props.set("id", id)
		r.props.set("sources", []string{})
		r.props.set("createdAt", g.now)
		g.rels[id] = r
		g.relIDs = append(g.relIDs, id)
		g.out[from] = append(g.out[from], r)
	}
	newCase = g.appendSource(&r.props, caseID)
	return r, created, newCase, true
}

// errOffline is a write the offline graph does not model.
func errOffline(format string, args ...any) error {
	return fmt.Errorf("offline graph: "+format, args...)
}
