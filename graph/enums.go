package graph

import (
	"bytes"
	"slices"
)

// The closed vocabularies of the model. GraphQL declares the same values as
// enums; importers and the API both check against these lists.
var (
	Genders         = []string{"MALE", "FEMALE", "OTHER", "UNKNOWN"}
	VictimTypes     = []string{"TRAFFICKED_WORKER", "FRAUD_TARGET", "BOTH"}
	VictimStatuses  = []string{"MISSING", "HELD", "ESCAPED", "RESCUED", "REPATRIATED", "DECEASED", "UNKNOWN"}
	ControlMethods  = []string{"WITHHELD_DOCUMENTS", "DEBT_BONDAGE", "THREATS", "PHYSICAL_ABUSE", "RESTRICTED_MOVEMENT", "CONFISCATED_PHONE", "FORCED_LABOUR", "OTHER"}
	OrgKinds        = []string{"CRIME_GROUP", "FRONT_COMPANY", "RECRUITMENT_AGENCY", "ARMED_GROUP", "OTHER"}
	CompoundStatus  = []string{"ACTIVE", "RAIDED", "RELOCATED", "CLOSED", "UNKNOWN"}
	ScamTypes       = []string{"PIG_BUTCHERING", "CRYPTO_INVESTMENT", "ROMANCE", "IMPERSONATION", "ILLEGAL_GAMBLING", "OTHER"}
	AccountKinds    = []string{"BANK", "E_WALLET", "CRYPTO_WALLET", "MONEY_TRANSFER"}
	AccountStatuses = []string{"ACTIVE", "FROZEN", "CLOSED"}
	Channels        = []string{"TELEGRAM", "FACEBOOK", "JOB_SITE", "WHATSAPP", "LINE", "IN_PERSON", "OTHER"}
	RecruitMethods  = []string{"JOB_OFFER", "ABDUCTION", "INTIMATE_PARTNER", "FAMILY_FRIEND", "OTHER"}
	TravelModes     = []string{"AIR", "LAND", "SEA"}
	HoldingRoles    = []string{"OWNER", "CONTROLLER", "NOMINEE", "MULE"}
	PaymentReasons  = []string{"RANSOM", "SCAM_LOSS", "FEE", "DEBT"}
	IdentifierKinds = []string{"PHONE", "EMAIL", "TELEGRAM", "WHATSAPP", "LINE", "WECHAT", "FACEBOOK", "TIKTOK", "URL", "PASSPORT", "NATIONAL_ID"}
	CaseStatuses    = []string{"OPEN", "CLOSED", "ARCHIVED"}
)

// checkEnum records an error when v is set and not one of allowed.
func checkEnum(errs *ValidationErrors, field, v string, allowed []string) {
	if v != "" && !slices.Contains(allowed, v) {
		errs.Add(field, "must be one of %v", allowed)
	}
}

func checkEnums(errs *ValidationErrors, field string, vs []string, allowed []string) {
	for _, v := range vs {
		if !slices.Contains(allowed, v) {
			errs.Add(field, "must contain only %v", allowed)
			return
		}
	}
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
