package graph

import (
	"time"
)

// Node is anything `node(id)` can return.
type Node interface {
	IsNode()
	GetID() string
}

// Provenance is what every stored node and relationship carries: its stable
// id and the case files that mention it (the `sources` property).
type Provenance struct {
	ID      string   `json:"id"`
	CaseIDs []string `json:"sources"`
}

// GetID returns the stable id.
func (p Provenance) GetID() string { return p.ID }

// Timestamps are set by the database when a node is created or changed.
type Timestamps struct {
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// Person is a human being. The Recruiter and Victim roles are labels on the
// same node, so a trafficked worker forced to recruit others keeps both
// roles (the non-punishment principle) and neither fact is lost.
type Person struct {
	Provenance
	Timestamps
	Name      string      `json:"name"`
	Aliases   []string    `json:"aliases"`
	Gender    *Gender     `json:"gender"`
	BirthDate PartialDate `json:"birthDate"`

	IsVictim    bool `json:"-"`
	IsRecruiter bool `json:"-"`

	// Victim profile (set when IsVictim).
	VictimType     *VictimType     `json:"victimType"`
	Status         *VictimStatus   `json:"status"`
	ControlMethods []ControlMethod `json:"controlMethods"`
	ConsentToShare *bool           `json:"consentToShare"`

	// Recruiter profile (set when IsRecruiter).
	ActiveFrom PartialDate `json:"activeFrom"`
	ActiveTo   PartialDate `json:"activeTo"`
}

func (Person) IsNode() {}

// Roles lists the role labels this person carries.
func (p Person) Roles() []Role {
	var roles []Role
	if p.IsRecruiter {
		roles = append(roles, RecruiterRole)
	}
	if p.IsVictim {
		roles = append(roles, VictimRole)
	}
	return roles
}

// Victim is the victim view of a Person (same id).
type Victim struct{ *Person }

func (Victim) IsNode() {}

// Recruiter is the recruiter view of a Person or an Organization (same id):
// fake recruitment agencies recruit as much as individuals do.
type Recruiter struct {
	Provenance
	Name         string
	Aliases      []string
	ActiveFrom   PartialDate
	ActiveTo     PartialDate
	Person       *Person
	Organization *Organization
}

func (Recruiter) IsNode() {}

// Kind says whether the recruiter is a PERSON or an ORGANIZATION.
func (r Recruiter) Kind() RecruiterKind {
	if r.Organization != nil {
		return "ORGANIZATION"
	}
	return "PERSON"
}

// RecruiterOf returns the recruiter view of a node, or nil if it has no such role.
func RecruiterOf(n Node) *Recruiter {
	switch v := n.(type) {
	case *Person:
		if v.IsRecruiter {
			return &Recruiter{Provenance: v.Provenance, Name: v.Name, Aliases: v.Aliases, ActiveFrom: v.ActiveFrom, ActiveTo: v.ActiveTo, Person: v}
		}
	case *Organization:
		if v.IsRecruiter {
			return &Recruiter{Provenance: v.Provenance, Name: v.Name, Aliases: v.Aliases, ActiveFrom: v.ActiveFrom, ActiveTo: v.ActiveTo, Organization: v}
		}
	}
	return nil
}

// VictimOf returns the victim view of a node, or nil.
func VictimOf(n Node) *Victim {
	if p, ok := n.(*Person); ok && p.IsVictim {
		return &Victim{Person: p}
	}
	return nil
}

// Organization is a crime group, front company, fake recruitment agency or
// armed group.
type Organization struct {
	Provenance
	Timestamps
	Name               string            `json:"name"`
	Aliases            []string          `json:"aliases"`
	Kind               *OrganizationKind `json:"kind"`
	RegistrationNumber *string           `json:"registrationNumber"`
	IsRecruiter        bool              `json:"-"`
	ActiveFrom         PartialDate       `json:"activeFrom"`
	ActiveTo           PartialDate       `json:"activeTo"`
}

func (Organization) IsNode() {}

// Location is a WGS-84 point.
type Location struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// Compound is a scam compound: a site where trafficked workers are held.
type Compound struct {
	Provenance
	Timestamps
	Name             string          `json:"name"`
	Aliases          []string        `json:"aliases"`
	Status           *CompoundStatus `json:"status"`
	City             *string         `json:"city"`
	Address          *string         `json:"address"`
	Latitude         *float64        `json:"latitude"`
	Longitude        *float64        `json:"longitude"`
	EstimatedWorkers *int            `json:"estimatedWorkers"`
	ScamTypes        []ScamType      `json:"scamTypes"`
}

func (Compound) IsNode() {}

// Location is the compound's point, if known.
func (c Compound) Location() *Location {
	if c.Latitude == nil || c.Longitude == nil {
		return nil
	}
	return &Location{Lat: *c.Latitude, Lon: *c.Longitude}
}

// BankAccount is a bank account, e-wallet, crypto wallet or money-transfer
// account, identified by its account key (see AccountKey).
type BankAccount struct {
	Provenance
	Timestamps
	AccountKey    string         `json:"accountKey"`
	Kind          AccountKind    `json:"kind"`
	AccountNumber *string        `json:"accountNumber"`
	Iban          *string        `json:"iban"`
	Institution   *string        `json:"institution"`
	BankCode      *string        `json:"bankCode"`
	Currency      *string        `json:"currency"`
	Chain         *string        `json:"chain"`
	Status        *AccountStatus `json:"status"`
	HolderName    *string        `json:"name"`
}

func (BankAccount) IsNode() {}

// Identifier is a phone, e-mail, handle, URL or document number. Being a
// node, it links every entity that uses it across cases and countries.
type Identifier struct {
	Provenance
	Timestamps
	Key   string         `json:"key"`
	Kind  IdentifierKind `json:"kind"`
	Value string         `json:"value"`
}

func (Identifier) IsNode() {}

// CaseFile is one agency's case: the unit of provenance and of access.
type CaseFile struct {
	Provenance
	Timestamps
	Title          string      `json:"title"`
	Agency         string      `json:"agency"`
	Country        *string     `json:"country"`
	Classification *string     `json:"classification"`
	OpenedAt       PartialDate `json:"openedAt"`
	Status         *string     `json:"status"`
	Description    *string     `json:"description"`
	Fictional      bool        `json:"fictional"`

	ImportSHA256   []string    `json:"importSha256"`
	ImportFileName []string    `json:"importFileName"`
	ImportFormat   []string    `json:"importFormat"`
	ImportedBy     []string    `json:"importedBy"`
	ImportedAt     []time.Time `json:"importedAt"`
}

func (CaseFile) IsNode() {}
