package graph

import (
	"slices"
)

// Scope is the set of case files a caller may see. Every read takes one and
// filters inside the Cypher, so access control (issue: compartments) only has
// to build the right Scope. Countries are visible in every scope.
type Scope struct {
	all   bool
	cases []string
	// redactVictims withholds victims' identity documents, phone numbers,
	// e-mails and birth dates (the VIEWER role).
	redactVictims bool
	// reads, when set, records every node a read returns, for the audit.
	reads *ReadLog
	// word, when set, is the one case whose claims give properties and
	// roles (see CaseWord); what is visible is still decided by all/cases.
	word string
}

// AllCases sees everything: development mode and administrators.
func AllCases() Scope { return Scope{all: true} }

// OnlyCases sees the nodes and relationships mentioned by at least one of
// the given case files. An empty list sees nothing but countries.
func OnlyCases(caseIDs ...string) Scope {
	return Scope{cases: append([]string{}, caseIDs...)}
}

// WithVictimDetailsRedacted is the scope of a reader who must not see
// victims' identity documents, phone numbers, e-mail addresses and birth
// dates: identifiers of those kinds used by a victim are invisible (their
// ids carry their values), and victims' birth dates are blank.
func (s Scope) WithVictimDetailsRedacted() Scope {
	s.redactVictims = true
	return s
}

// WithReadLog records every node the scope's reads return into l.
func (s Scope) WithReadLog(l *ReadLog) Scope {
	s.reads = l
	return s
}

// CaseWord is the scope reading one case's word: what is visible is
// decided by s as before (the Cypher filters on s's cases and victims are
// protected as for s), but the properties and roles of nodes and
// relationships are those case caseID gave (its claims), not the values
// last changed by any case. A case-file export reads this way so that
// importing it back gives the case the same claims it had, and never
// writes another case's word as this case's.
func (s Scope) CaseWord(caseID string) Scope {
	s.word = caseID
	return s
}

// claimShown says whether a case's claim gives values to the reader: the
// word case alone for a CaseWord scope, else every visible case.
func (s Scope) claimShown(caseID string) bool {
	if s.word != "" {
		return caseID == s.word
	}
	return s.SeesCase(caseID)
}

// SeesAll says whether the scope sees every case.
func (s Scope) SeesAll() bool { return s.all }

// SeesCase says whether the scope sees a case file.
func (s Scope) SeesCase(id string) bool { return s.all || slices.Contains(s.cases, id) }

// WithCase is the scope plus one case: a writer sees what its own case
// says while it writes into it, even before the case is in its scope.
func (s Scope) WithCase(id string) Scope {
	if s.all || slices.Contains(s.cases, id) {
		return s
	}
	s.cases = append(slices.Clone(s.cases), id)
	return s
}

// Reads is the log that records what the scope's reads return, or nil.
func (s Scope) Reads() *ReadLog { return s.reads }

// RedactsVictimDetails says whether victims' details are withheld.
func (s Scope) RedactsVictimDetails() bool { return s.redactVictims }

// Sees reports whether a record with these sources is visible.
func (s Scope) Sees(sources []string) bool {
	if s.all {
		return true
	}
	for _, src := range sources {
		for _, c := range s.cases {
			if src == c {
				return true
			}
		}
	}
	return false
}
