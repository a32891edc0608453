package graph

import "strings"

// The values of the enums that choose a code path (which statement runs,
// which algorithm, which direction a trail goes). Code compares with these
// constants, never with string literals, so a misspelt value is a compile
// error; gqlgen.yml binds each GraphQL value to its constant (enum_values),
// so generation fails if one goes, and resolvers/kinds_test.go checks that
// the lists below hold exactly the schema's values.
//
// Naming: the type's name followed by the value in CamelCase
// (HubMetricPageRank is HubMetric's PAGERANK), so the constants of one
// enum sort together and read as the enum they belong to.

// HubType values: the entities a hubs ranking keeps.
const (
	HubTypeRecruiter    HubType = "RECRUITER"
	HubTypeAccount      HubType = "ACCOUNT"
	HubTypeCompound     HubType = "COMPOUND"
	HubTypePerson       HubType = "PERSON"
	HubTypeOrganization HubType = "ORGANIZATION"
	HubTypeIdentifier   HubType = "IDENTIFIER"
	HubTypeAny          HubType = "ANY"
)

// HubMetric values: four domain metrics counted in Cypher, three
// structural ones computed in Go over a subgraph (Structural).
const (
	HubMetricVictimsRecruited HubMetric = "VICTIMS_RECRUITED"
	HubMetricMoneyReceived    HubMetric = "MONEY_RECEIVED"
	HubMetricDistinctPayers   HubMetric = "DISTINCT_PAYERS"
	HubMetricVictimsHeld      HubMetric = "VICTIMS_HELD"
	HubMetricDegree           HubMetric = "DEGREE"
	HubMetricPageRank         HubMetric = "PAGERANK"
	HubMetricBetweenness      HubMetric = "BETWEENNESS"
)

// Structural says whether the metric is computed in Go over a bounded
// subgraph (DEGREE, PAGERANK, BETWEENNESS): the costly ones, which the
// server allows once per request and which stop at the request deadline.
func (m HubMetric) Structural() bool {
	switch m {
	case HubMetricDegree, HubMetricPageRank, HubMetricBetweenness:
		return true
	}
	return false
}

// SearchType values: the kinds of entity a search may be limited to.
const (
	SearchTypePerson       SearchType = "PERSON"
	SearchTypeVictim       SearchType = "VICTIM"
	SearchTypeRecruiter    SearchType = "RECRUITER"
	SearchTypeOrganization SearchType = "ORGANIZATION"
	SearchTypeCompound     SearchType = "COMPOUND"
	SearchTypeBankAccount  SearchType = "BANK_ACCOUNT"
	SearchTypeIdentifier   SearchType = "IDENTIFIER"
)

// TrailDirection values. A trail asked BOTH ways is walked OUT and then IN;
// each of its paths goes one way (TrailPath.Direction is OUT or IN).
const (
	TrailDirectionOut  TrailDirection = "OUT"
	TrailDirectionIn   TrailDirection = "IN"
	TrailDirectionBoth TrailDirection = "BOTH"
)

// FlowKind values: what a cross-border flow map counts.
const (
	FlowKindVictims FlowKind = "VICTIMS"
	FlowKindMoney   FlowKind = "MONEY"
)

// ListOrderField values: what a list is sorted by.
const (
	ListOrderFieldName      ListOrderField = "NAME"
	ListOrderFieldCreatedAt ListOrderField = "CREATED_AT"
	ListOrderFieldUpdatedAt ListOrderField = "UPDATED_AT"
	ListOrderFieldID        ListOrderField = "ID"
)

// OrderDirection values.
const (
	OrderDirectionAsc  OrderDirection = "ASC"
	OrderDirectionDesc OrderDirection = "DESC"
)

// ImportFormat values: the case-file formats an upload may name.
const (
	ImportFormatJSON ImportFormat = "JSON"
	ImportFormatCSV  ImportFormat = "CSV"
	ImportFormatFTM  ImportFormat = "FTM"
)

// FileFormat is the format as the importer (casefile.Open), the import
// command's --format and a case file's stored importFormat spell it: in
// lower case ("json", "csv", "ftm"). The GraphQL value is upper case, as
// enum values are.
func (f ImportFormat) FileFormat() string { return strings.ToLower(string(f)) }

// Every value of each enum above, in the schema's order: the test that the
// schema and graph agree compares these with the schema's values.
var (
	HubTypes        = []HubType{HubTypeRecruiter, HubTypeAccount, HubTypeCompound, HubTypePerson, HubTypeOrganization, HubTypeIdentifier, HubTypeAny}
	HubMetrics      = []HubMetric{HubMetricVictimsRecruited, HubMetricMoneyReceived, HubMetricDistinctPayers, HubMetricVictimsHeld, HubMetricDegree, HubMetricPageRank, HubMetricBetweenness}
	SearchTypes     = []SearchType{SearchTypePerson, SearchTypeVictim, SearchTypeRecruiter, SearchTypeOrganization, SearchTypeCompound, SearchTypeBankAccount, SearchTypeIdentifier}
	TrailDirections = []TrailDirection{TrailDirectionOut, TrailDirectionIn, TrailDirectionBoth}
	FlowKinds       = []FlowKind{FlowKindVictims, FlowKindMoney}
	ListOrderFields = []ListOrderField{ListOrderFieldName, ListOrderFieldCreatedAt, ListOrderFieldUpdatedAt, ListOrderFieldID}
	OrderDirections = []OrderDirection{OrderDirectionAsc, OrderDirectionDesc}
	ImportFormats   = []ImportFormat{ImportFormatJSON, ImportFormatCSV, ImportFormatFTM}
)
