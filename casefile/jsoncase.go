// Package casefile reads case files (the JSON case format, CSV sheets and
// FollowTheMoney, see docs/formats.md) and writes them into the graph
// through graph's validated write operations.
package casefile

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"reflect"

	"github.com/scamgraph/scamgraph/graph"
)

// Case is one case file in the JSON case format (docs/formats.md), whole
// in memory: for building small cases in code (tests, the demo). Files are
// read by streaming (JSONSource).
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
	Country        *string            `json:"country,omitempty"`
	OpenedAt       *graph.PartialDate `json:"openedAt,omitempty"`
	Classification *string            `json:"classification,omitempty"`
	Status         *string            `json:"status,omitempty"`
	Description    *string            `json:"description,omitempty"`
	Fictional      *bool              `json:"fictional,omitempty"`
}

// Entity is a person, organisation, compound or account of the file.
type Entity struct {
	Ref         string                  `json:"ref"`
	Type        string                  `json:"type"`
	Roles       []string                `json:"roles,omitempty"`
	ID          *string                 `json:"id"` // attach to an entity already in the graph
	Name        *string                 `json:"name,omitempty"`
	Aliases     []string                `json:"aliases,omitempty"`
	Identifiers []graph.IdentifierInput `json:"identifiers,omitempty"`

	Gender         *string            `json:"gender,omitempty"`
	BirthDate      *graph.PartialDate `json:"birthDate,omitempty"`
	Nationality    stringOrList       `json:"nationality,omitempty"`
	VictimType     *string            `json:"victimType,omitempty"`
	Status         *string            `json:"status,omitempty"`
	ControlMethods []string           `json:"controlMethods,omitempty"`
	ConsentToShare *bool              `json:"consentToShare,omitempty"`
	ActiveFrom     *graph.PartialDate `json:"activeFrom,omitempty"`
	ActiveTo       *graph.PartialDate `json:"activeTo,omitempty"`

	Kind               *string              `json:"kind,omitempty"`
	Country            *string              `json:"country,omitempty"`
	RegistrationNumber *string              `json:"registrationNumber,omitempty"`
	City               *string              `json:"city,omitempty"`
	Address            *string              `json:"address,omitempty"`
	Location           *graph.LocationInput `json:"location,omitempty"`
	EstimatedWorkers   *int                 `json:"estimatedWorkers,omitempty"`
	ScamTypes          []string             `json:"scamTypes,omitempty"`

	Institution   *string `json:"institution,omitempty"`
	BankCode      *string `json:"bankCode,omitempty"`
	AccountNumber *string `json:"accountNumber,omitempty"`
	Iban          *string `json:"iban,omitempty"`
	Currency      *string `json:"currency,omitempty"`
	Chain         *string `json:"chain,omitempty"`
}

// Link is a relationship between two refs of the file (or a ref and an ISO
// country code).
type Link struct {
	Type           string             `json:"type"`
	From           string             `json:"from"`
	To             string             `json:"to"`
	Date           *graph.PartialDate `json:"date,omitempty"`
	Since          *graph.PartialDate `json:"since,omitempty"`
	Until          *graph.PartialDate `json:"until,omitempty"`
	Channel        *string            `json:"channel,omitempty"`
	Method         *string            `json:"method,omitempty"`
	PromisedJob    *string            `json:"promisedJob,omitempty"`
	PromisedSalary *string            `json:"promisedSalary,omitempty"`
	Order          *int               `json:"order,omitempty"`
	Mode           *string            `json:"mode,omitempty"`
	Role           *string            `json:"role,omitempty"`
	TxID           *string            `json:"txId,omitempty"`
	Amount         *graph.Decimal     `json:"amount,omitempty"`
	Currency       *string            `json:"currency,omitempty"`
	AmountUsd      *graph.Decimal     `json:"amountUsd,omitempty"`
	Reference      *string            `json:"reference,omitempty"`
	Reason         *string            `json:"reason,omitempty"`
}

// stringOrList accepts "KR" or ["KR", "TH"].
type stringOrList []string

func (s *stringOrList) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*s = nil
		return nil
	}
	var one string
	if err := json.Unmarshal(b, &one); err == nil {
		*s = []string{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		// An UnmarshalTypeError: the decoder adds the field's name to it.
		return &json.UnmarshalTypeError{Value: "not a country code or a list of them", Type: reflect.TypeOf(many)}
	}
	*s = many
	return nil
}

// Source returns the case as a JSON case file source named name, with the
// sha256 of its JSON.
func (c *Case) Source(name string) (Source, string, error) {
	data, err := json.Marshal(c)
	if err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(data)
	return NewJSONSourceBytes(name, data), hex.EncodeToString(sum[:]), nil
}

// ImportCase imports a case built in code, as the file name.json would be.
func ImportCase(ctx context.Context, store Store, c *Case, opts Options) (*Report, error) {
	src, sum, err := c.Source(c.Case.ID + ".json")
	if err != nil {
		return nil, err
	}
	if opts.FileName == "" {
		opts.FileName = c.Case.ID + ".json"
	}
	return ImportSource(ctx, store, src, sum, opts)
}
