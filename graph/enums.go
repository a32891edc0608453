package graph

import (
	"bytes"
)

// The closed vocabularies of the model. GraphQL declares the same values as
// enums; importers and the API both check against these lists.
var (
	Genders          = []string{"MALE", "FEMALE", "OTHER", "UNKNOWN"}
	VictimTypes      = []string{"TRAFFICKED_WORKER", "FRAUD_TARGET", "BOTH"}
	VictimStatuses   = []string{"MISSING", "HELD", "ESCAPED", "RESCUED", "REPATRIATED", "DECEASED", "UNKNOWN"}
	ControlMethods   = []string{"WITHHELD_DOCUMENTS", "DEBT_BONDAGE", "THREATS", "PHYSICAL_ABUSE", "RESTRICTED_MOVEMENT", "CONFISCATED_PHONE", "FORCED_LABOUR", "OTHER"}
	OrgKinds         = []string{"CRIME_GROUP", "FRONT_COMPANY", "RECRUITMENT_AGENCY", "ARMED_GROUP", "OTHER"}
	CompoundStatuses = []string{"ACTIVE", "RAIDED", "RELOCATED", "CLOSED", "UNKNOWN"}
	ScamTypes        = []string{"PIG_BUTCHERING", "CRYPTO_INVESTMENT", "ROMANCE", "IMPERSONATION", "ILLEGAL_GAMBLING", "OTHER"}
	AccountKinds     = []string{"BANK", "E_WALLET", "CRYPTO_WALLET", "MONEY_TRANSFER"}
	AccountStatuses  = []string{"ACTIVE", "FROZEN", "CLOSED"}
	Channels         = []string{"TELEGRAM", "FACEBOOK", "JOB_SITE", "WHATSAPP", "LINE", "IN_PERSON", "OTHER"}
	RecruitMethods   = []string{"JOB_OFFER", "ABDUCTION", "INTIMATE_PARTNER", "FAMILY_FRIEND", "OTHER"}
	TravelModes      = []string{"AIR", "LAND", "SEA"}
	HoldingRoles     = []string{"OWNER", "CONTROLLER", "NOMINEE", "MULE"}
	PaymentReasons   = []string{"RANSOM", "SCAM_LOSS", "FEE", "DEBT"}
	IdentifierKinds  = []string{"PHONE", "EMAIL", "TELEGRAM", "WHATSAPP", "LINE", "WECHAT", "FACEBOOK", "TIKTOK", "URL", "PASSPORT", "NATIONAL_ID"}
	CaseStatuses     = []string{"OPEN", "CLOSED", "ARCHIVED"}
)

// The GraphQL enums are bound to these named types (gqlgen.yml, models:),
// so a value read from the schema, the model and the store keeps its
// vocabulary in its type. Their values are the lists above; input is
// checked against them here (checkEnum), since an importer builds inputs
// without GraphQL's coercion. Stored properties hold the plain string.
type (
	Gender           string
	VictimType       string
	VictimStatus     string
	ControlMethod    string
	RecruiterKind    string
	OrganizationKind string
	CompoundStatus   string
	ScamType         string
	AccountKind      string
	AccountStatus    string
	IdentifierKind   string
	Channel          string
	RecruitMethod    string
	TravelMode       string
	HoldingRole      string
	PaymentReason    string
	Role             string
	HubType          string
	HubMetric        string
	SearchType       string
	TrailDirection   string
	FlowKind         string
	ImportFormat     string
	ListOrderField   string
	OrderDirection   string
)

// The values of Role (GraphQL's Role enum): the roles a node plays, as the
// API names them (the labels are RoleRecruiter and RoleVictim).
const (
	RecruiterRole Role = "RECRUITER"
	VictimRole    Role = "VICTIM"
)

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
