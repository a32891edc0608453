package graph

// Inputs of the write operations. The GraphQL API binds its input types to
// these structs and the importers fill them, so both go through the same
// validation. A nil pointer or nil slice means "not given": on update the
// stored value stays.

// IdentifierInput is a phone, handle, e-mail, URL or document of an entity.
type IdentifierInput struct {
	Kind  IdentifierKind `json:"kind"`
	Value string         `json:"value"`
}

// PersonInput creates or updates a person, recruiter or victim.
type PersonInput struct {
	CaseID      string
	Ref         *string // stable reference within the case: makes the id, and so re-saving, idempotent
	PersonID    *string // give an existing person this role instead of creating one
	Name        *string
	Aliases     []string
	Gender      *Gender
	BirthDate   *PartialDate
	Nationality []string
	Identifiers []IdentifierInput

	VictimType     *VictimType
	Status         *VictimStatus
	ControlMethods []ControlMethod
	ConsentToShare *bool

	ActiveFrom *PartialDate
	ActiveTo   *PartialDate
}

// OrganizationInput creates or updates an organisation.
type OrganizationInput struct {
	CaseID             string
	Ref                *string
	Name               *string
	Aliases            []string
	Kind               *OrganizationKind
	Country            *string
	RegistrationNumber *string
	IsRecruiter        *bool
	ActiveFrom         *PartialDate
	ActiveTo           *PartialDate
	Identifiers        []IdentifierInput
}

// LocationInput is a WGS-84 point.
type LocationInput struct {
	Lat float64 `json:"lat"`
	Lon float64 `json:"lon"`
}

// CompoundInput creates or updates a compound.
type CompoundInput struct {
	CaseID           string
	Ref              *string
	Name             *string
	Aliases          []string
	Status           *CompoundStatus
	Country          *string
	City             *string
	Address          *string
	Location         *LocationInput
	EstimatedWorkers *int
	ScamTypes        []ScamType
	Identifiers      []IdentifierInput
}

// BankAccountInput creates or updates an account. The account key (kind,
// country or chain, institution, number) is its identity: the same account
// in two cases is one node.
type BankAccountInput struct {
	CaseID        string
	Kind          *AccountKind
	Country       *string
	Institution   *string
	BankCode      *string
	AccountNumber *string
	Iban          *string
	Currency      *string
	Chain         *string
	Status        *AccountStatus
	HolderName    *string
}

// CaseFileInput creates or updates a case file.
type CaseFileInput struct {
	ID             string
	Title          string
	Agency         string
	Country        *string
	Classification *string
	OpenedAt       *PartialDate
	Status         *string
	Description    *string
	Fictional      *bool
}

// CaseFileUpdateInput changes a case file's descriptive fields; those left
// out keep their value. Creating is CaseFileInput's, which refuses an id
// that exists: an agency's case number typed twice must not silently
// retitle the other team's case.
type CaseFileUpdateInput struct {
	Title          *string
	Agency         *string
	Country        *string
	Classification *string
	OpenedAt       *PartialDate
	Status         *string
	Description    *string
	Fictional      *bool
}

// LinkInput creates (or re-asserts) a relationship in a case.
type LinkInput struct {
	CaseID string
	Type   RelType
	From   string // node id
	To     string // node id, or an ISO country code for links to a country

	Date           *PartialDate
	Since          *PartialDate
	Until          *PartialDate
	Channel        *Channel
	Method         *RecruitMethod
	PromisedJob    *string
	PromisedSalary *string
	Order          *int
	Mode           *TravelMode
	Role           *string
	TxID           *string
	Amount         *Decimal
	Currency       *string
	AmountUsd      *Decimal
	Reference      *string
	Reason         *PaymentReason
}
