// Package casefile reads case files (the JSON case format; CSV sheets and
// FollowTheMoney come with the import issue) and writes them into the graph
// through graph's validated write operations.
package casefile

import (
	"encoding/json"
	"fmt"
	"io"

	"github.com/scamgraph/scamgraph/graph"
)

// Case is one case file in the JSON case format (docs/case-json.md).
type Case struct {
	Case     CaseHeader `json:"case"`
	Entities []Entity   `json:"entities"`
	Links    []Link     `json:"links"`
}

// CaseHeader describes the case file itself.
type CaseHeader struct {
	ID             string             `json:"id"`
	Title          string             `json:"title"`
	Agency         string             `json:"agency"`
	Country        *string            `json:"country"`
	OpenedAt       *graph.PartialDate `json:"openedAt"`
	Classification *string            `json:"classification"`
	Status         *string            `json:"status"`
	Description    *string            `json:"description"`
	Fictional      *bool              `json:"fictional"`
}

// Entity is a person, organisation, compound or account of the file.
type Entity struct {
	Ref         string                  `json:"ref"`
	Type        string                  `json:"type"`
	Roles       []string                `json:"roles"`
	ID          *string                 `json:"id"` // attach to an entity already in the graph
	Name        *string                 `json:"name"`
	Aliases     []string                `json:"aliases"`
	Identifiers []graph.IdentifierInput `json:"identifiers"`

	Gender         *string            `json:"gender"`
	BirthDate      *graph.PartialDate `json:"birthDate"`
	Nationality    stringOrList       `json:"nationality"`
	VictimType     *string            `json:"victimType"`
	Status         *string            `json:"status"`
	ControlMethods []string           `json:"controlMethods"`
	ConsentToShare *bool              `json:"consentToShare"`
	ActiveFrom     *graph.PartialDate `json:"activeFrom"`
	ActiveTo       *graph.PartialDate `json:"activeTo"`

	Kind               *string              `json:"kind"`
	Country            *string              `json:"country"`
	RegistrationNumber *string              `json:"registrationNumber"`
	City               *string              `json:"city"`
	Address            *string              `json:"address"`
	Location           *graph.LocationInput `json:"location"`
	EstimatedWorkers   *int                 `json:"estimatedWorkers"`
	ScamTypes          []string             `json:"scamTypes"`

	Institution   *string `json:"institution"`
	BankCode      *string `json:"bankCode"`
	AccountNumber *string `json:"accountNumber"`
	Iban          *string `json:"iban"`
	Currency      *string `json:"currency"`
	Chain         *string `json:"chain"`
}

// Link is a relationship between two refs of the file (or a ref and an ISO
// country code).
type Link struct {
	Type           string             `json:"type"`
	From           string             `json:"from"`
	To             string             `json:"to"`
	Date           *graph.PartialDate `json:"date"`
	Since          *graph.PartialDate `json:"since"`
	Until          *graph.PartialDate `json:"until"`
	Channel        *string            `json:"channel"`
	Method         *string            `json:"method"`
	PromisedJob    *string            `json:"promisedJob"`
	PromisedSalary *string            `json:"promisedSalary"`
	Order          *int               `json:"order"`
	Mode           *string            `json:"mode"`
	Role           *string            `json:"role"`
	TxID           *string            `json:"txId"`
	Amount         *graph.Decimal     `json:"amount"`
	Currency       *string            `json:"currency"`
	AmountUsd      *graph.Decimal     `json:"amountUsd"`
	Reference      *string            `json:"reference"`
	Reason         *string            `json:"reason"`
}

// stringOrList accepts "KR" or ["KR", "TH"].
type stringOrList []string

func (s *stringOrList) UnmarshalJSON(b []byte) error {
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*s = []string{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return fmt.Errorf("want a country code or a list of them")
	}
	*s = many
	return nil
}

// ReadJSON parses a case file. Unknown fields are an error, so a typo in a
// field name is reported instead of silently dropped.
func ReadJSON(r io.Reader) (*Case, error) {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	var c Case
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("case file: %w", err)
	}
	if c.Case.ID == "" {
		return nil, fmt.Errorf("case file: case.id is required")
	}
	return &c, nil
}
