package neo4jstore

import (
	"strings"
	"sync"
	"sync/atomic"

	"github.com/scamgraph/scamgraph/graph"
)

// Every node a case mentions carries the label "Case_<case id>" besides
// the case id in its sources. Neo4j indexes labels but not the elements of
// a list, so "the victims of case X" would be a scan of every victim
// filtered on sources; with the label it is a scan of the case's own
// nodes, however large the graph
// (docs/decisions.md, "A case's nodes carry its label").
// (A relationship from the case file would do the same, but every write
// of a case would lock the case file's node; see upsertEntityTmpl.)
// Writes set and remove the label with the case id as a parameter
// ($caseLabel, a dynamic label); the reads that filter by case name it in
// their text, from an id that CaseIDPattern allows (letters, digits, '.',
// '_', '/', '-'), inside backquotes: Neo4j 5.26 plans a dynamic label in a
// MATCH as a filter, not as a label scan.

const caseLabelPrefix = "Case_"

// caseLabel is the label of the nodes a case mentions.
func caseLabel(caseID string) string { return caseLabelPrefix + caseID }

// isCaseLabel tells a case's label from the model's labels.
func isCaseLabel(l string) bool { return strings.HasPrefix(l, caseLabelPrefix) }

type caseStatementKey struct{ tmpl, caseID string }

var (
	caseStatements     sync.Map // caseStatementKey -> statement
	caseStatementCount atomic.Int64
)

// maxCaseStatements bounds the cache (templates times cases, about 1 KB
// each). Past it a statement is built for each request (microseconds)
// instead of kept.
const maxCaseStatements = 5000

// caseStatement puts a case's label, backquoted, where a statement
// template says CASE_LABEL; false if the id is not one CaseIDPattern
// allows (then no node has its label, and the pattern is what keeps the
// id inside the backquotes).
func caseStatement(tmpl, caseID string) (string, bool) {
	if !graph.CaseIDPattern.MatchString(caseID) {
		return "", false
	}
	key := caseStatementKey{tmpl, caseID}
	if q, ok := caseStatements.Load(key); ok {
		return q.(string), true
	}
	q := strings.ReplaceAll(tmpl, "CASE_LABEL", "`"+caseLabel(caseID)+"`")
	if caseStatementCount.Add(1) <= maxCaseStatements {
		caseStatements.Store(key, q)
	}
	return q, true
}
