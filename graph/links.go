package graph

// Link is a relationship as the API sees it: its stable id, its type, its
// two ends and the case files that assert it.
type Link interface {
	LinkID() string
	LinkType() RelType
	Ends() (from, to string)
}

// Edge is what every relationship carries.
type Edge struct {
	Provenance
	FromID string `json:"-"`
	ToID   string `json:"-"`
	// ClaimVariants are the values the visible cases' claims disagree on
	// (GraphQL variants).
	ClaimVariants []Variant `json:"-"`
}

// LinkID is the relationship's stable id.
func (e Edge) LinkID() string { return e.ID }

// Ends are the ids of the start and end nodes.
func (e Edge) Ends() (string, string) { return e.FromID, e.ToID }

// Recruitment is RECRUITED: a recruiter brought a victim in.
type Recruitment struct {
	Edge
	Date           PartialDate    `json:"date"`
	Channel        *Channel       `json:"channel"`
	Method         *RecruitMethod `json:"method"`
	PromisedJob    *string        `json:"promisedJob"`
	PromisedSalary *string        `json:"promisedSalary"`
}

// RecruitsFor is RECRUITS_FOR: a recruiter supplies a compound, or works
// for a recruiting agency (an organisation) that does.
type RecruitsFor struct {
	Edge
	Since PartialDate `json:"since"`
	Until PartialDate `json:"until"`
}

// Detention is HELD_AT: a victim held at a compound.
type Detention struct {
	Edge
	Since PartialDate `json:"since"`
	Until PartialDate `json:"until"`
}

// JourneyStep is TRANSITED: one step of a victim's journey, in order.
type JourneyStep struct {
	Edge
	Order int         `json:"order"`
	Date  PartialDate `json:"date"`
	Mode  *TravelMode `json:"mode"`
}

// Nationality is NATIONAL_OF.
type Nationality struct{ Edge }

// Situated is LOCATED_IN: where a compound, organisation or account is.
type Situated struct{ Edge }

// Operation is OPERATED_BY: a compound run by an organisation.
type Operation struct {
	Edge
	Since PartialDate `json:"since"`
	Until PartialDate `json:"until"`
}

// Membership is MEMBER_OF.
type Membership struct {
	Edge
	Role *string `json:"role"`
}

// Holding is HOLDS: who owns, controls or fronts an account.
type Holding struct {
	Edge
	Role *HoldingRole `json:"role"`
}

// Transfer is TRANSFERRED: one transaction between two accounts.
type Transfer struct {
	Edge
	TxID      *string     `json:"txId"`
	Amount    Decimal     `json:"amount"`
	Currency  string      `json:"currency"`
	AmountUsd *Decimal    `json:"amountUsd"`
	Date      PartialDate `json:"date"`
	Reference *string     `json:"reference"`
}

// Payment is PAID: a victim (or family) paying ransom, fees, or a scam loss.
type Payment struct {
	Edge
	Amount    Decimal        `json:"amount"`
	Currency  string         `json:"currency"`
	AmountUsd *Decimal       `json:"amountUsd"`
	Date      PartialDate    `json:"date"`
	Reason    *PaymentReason `json:"reason"`
}

// Usage is USES: an entity uses an identifier.
type Usage struct{ Edge }

// Relocation is RELOCATED_TO: a compound moved to another site.
type Relocation struct {
	Edge
	Date PartialDate `json:"date"`
}

func (Recruitment) LinkType() RelType { return RelRecruited }
func (RecruitsFor) LinkType() RelType { return RelRecruitsFor }
func (Detention) LinkType() RelType   { return RelHeldAt }
func (JourneyStep) LinkType() RelType { return RelTransited }
func (Nationality) LinkType() RelType { return RelNationalOf }
func (Situated) LinkType() RelType    { return RelLocatedIn }
func (Operation) LinkType() RelType   { return RelOperatedBy }
func (Membership) LinkType() RelType  { return RelMemberOf }
func (Holding) LinkType() RelType     { return RelHolds }
func (Transfer) LinkType() RelType    { return RelTransferred }
func (Payment) LinkType() RelType     { return RelPaid }
func (Usage) LinkType() RelType       { return RelUses }
func (Relocation) LinkType() RelType  { return RelRelocatedTo }

func (e *Edge) SetEnds(from, to string) { e.FromID, e.ToID = from, to }

func (e *Edge) SetVariants(v []Variant) { e.ClaimVariants = v }
