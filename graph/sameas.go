package graph

import "time"

// Entity resolution (docs/resolution.md): pairs of people or organisations
// that may be one entity written two ways are suggested with their reasons
// and decided by people, case by case. A decision is stored as a SAME_AS
// relationship carrying each deciding case's claim; nothing is merged, so
// a wrong decision is undone by a later one and never loses a record.

// ResolutionStatus is where a pair stands for a reader: the latest
// decision of a case the reader sees, else SUGGESTED.
type ResolutionStatus string

const (
	ResolutionSuggested ResolutionStatus = "SUGGESTED"
	ResolutionConfirmed ResolutionStatus = "CONFIRMED"
	ResolutionRejected  ResolutionStatus = "REJECTED"
)

// ResolutionType says which kind of entity to resolve.
type ResolutionType string

const (
	ResolutionTypePerson       ResolutionType = "PERSON"
	ResolutionTypeOrganization ResolutionType = "ORGANIZATION"
)

// Label is the node label of the kind.
func (t ResolutionType) Label() Label {
	if t == ResolutionTypeOrganization {
		return KindOrganization
	}
	return KindPerson
}

// RelSameAs is the type of the decision relationship. It is not one of
// the model's link types (LinkTypes, LinkRules): reads, neighbourhoods,
// paths and exports leave it out unless they are asked to treat confirmed
// pairs as one (sameAs: true), and then follow only the pairs whose latest
// visible decision confirms them.
const RelSameAs RelType = "SAME_AS"

// SameAsLink is a confirmed SAME_AS pair as a link chart draws it: the
// edge between two names of one entity. Its sources are the visible
// deciding cases.
type SameAsLink struct{ Edge }

func (SameAsLink) LinkType() RelType { return RelSameAs }

// SameAsDecision is one case's decision on a pair.
type SameAsDecision struct {
	CaseID    string           `json:"caseId"`
	Status    ResolutionStatus `json:"status"`
	DecidedBy string           `json:"decidedBy"`
	DecidedAt time.Time        `json:"decidedAt"`
	Note      *string          `json:"note"`
	Score     *float64         `json:"score"`
}

// ResolutionCandidate is a pair that may be one entity, as one reader may
// see it. A candidate in a case outside the reader's compartments carries
// only HitCaseID and HitAgency (B nil, no score, no reasons).
type ResolutionCandidate struct {
	A         Node             `json:"a"`
	B         Node             `json:"b"`
	Score     *float64         `json:"score"`
	Reasons   []string         `json:"reasons"`
	Status    ResolutionStatus `json:"status"`
	Decisions []SameAsDecision `json:"decisions"`
	HitCaseID string           `json:"-"`
	HitAgency string           `json:"-"`
}

// LatestStatus is the status the decisions give: the latest one's, else
// SUGGESTED. Decisions are latest first.
func LatestStatus(decisions []SameAsDecision) ResolutionStatus {
	if len(decisions) == 0 {
		return ResolutionSuggested
	}
	return decisions[0].Status
}

// ResolutionQuery asks for candidates: of one case's entities (CaseID), or
// of the entities the reader may see that changed last; of the given
// kinds (all when empty); scoring at least MinScore; with the given
// statuses; at most First.
type ResolutionQuery struct {
	CaseID   string
	Types    []ResolutionType
	MinScore float64
	Statuses []ResolutionStatus
	First    int
}

// MaxResolutionCandidates bounds one answer.
const MaxResolutionCandidates = 500

// Checked is the query with its bounds applied, or a ValidationError.
func (q ResolutionQuery) Checked() (ResolutionQuery, error) {
	if q.First < 0 || q.First > MaxResolutionCandidates {
		return q, &ValidationError{Field: "first", Reason: "must be between 0 and 500"}
	}
	if q.MinScore < 0 || q.MinScore > 1 {
		return q, &ValidationError{Field: "minScore", Reason: "must be between 0 and 1"}
	}
	if len(q.Types) == 0 {
		q.Types = []ResolutionType{ResolutionTypePerson, ResolutionTypeOrganization}
	}
	if len(q.Statuses) == 0 {
		q.Statuses = []ResolutionStatus{ResolutionSuggested, ResolutionConfirmed}
	}
	return q, nil
}
