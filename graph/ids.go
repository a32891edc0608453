package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"slices"
	"strings"

	"github.com/google/uuid"
)

// Ids are stable strings, unique across all labels, readable by an
// investigator, and the same on every import of the same data:
//
//	person:<case>:<ref>        entity given a reference by its case file
//	organization:<case>:<ref>  (likewise compound:...)
//	account:<account key>      natural key, shared across cases
//	identifier:<KIND:value>    natural key, shared across cases
//	country:<ISO code>
//	<case id>                  a case file is named by its agency number
//
// Case ids may not contain ':' so that the forms cannot collide.

var (
	CaseIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/\-]{0,79}$`)
	refPattern    = regexp.MustCompile(`^[\p{L}\p{N}._/\-]{1,80}$`)
)

// checkCaseID validates an agency case number.
func checkCaseID(errs *ValidationErrors, field, id string) {
	if !isCaseID(id) {
		errs.Add(field, "a case id is 1 to 80 letters, digits, '.', '_', '/' or '-', starting with a letter or digit")
	}
}

// entityID derives the id of a case-local entity from its case and ref, or
// a fresh random one when no ref is given (an entity typed in by hand).
func entityID(prefix, caseID, ref string) string {
	if ref == "" {
		return prefix + ":" + uuid.NewString()
	}
	return prefix + ":" + caseID + ":" + ref
}

// linkID derives a relationship's id from its type and identity parts
// (endpoints plus the discriminator of its type, see LinkIdentity).
func LinkID(relType RelType, parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return strings.ToLower(string(relType)) + ":" + hex.EncodeToString(h[:10])
}

var (
	uuidPattern       = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
	accountKeyPattern = regexp.MustCompile(`^[A-Z_]{2,30}(:[^\s:\p{C}]{1,120}){2,3}$`)
	countryIDPattern  = regexp.MustCompile(`^country:[A-Z]{2}$`)
	linkIDPattern     = regexp.MustCompile(`^([a-z_]{2,20}):[0-9a-f]{20}$`)
)

// reasonNotAnID is the reason given for an id that does not follow the
// grammar above. The value is never repeated: it may be a passport number.
const reasonNotAnID = "not an id: person:<case>:<ref>, organization:..., compound:..., account:<key>, identifier:<KIND:value> or country:<XX>, written exactly (no spaces around it)"

// ParseEntityID checks that s is an entity id in its canonical form and
// returns its kind (KindPerson, KindOrganization, KindCompound,
// KindBankAccount, KindIdentifier or KindCountry). Nothing is trimmed or
// case-folded: an id that is not written exactly as the server writes it
// is refused, so the id a caller's right was checked on is the id written.
func ParseEntityID(s string) (kind Label, err error) {
	bad := &ValidationError{Reason: reasonNotAnID}
	prefix, rest, ok := strings.Cut(s, ":")
	if !ok || len(s) > 400 {
		return "", bad
	}
	switch prefix {
	case "person", "organization", "compound":
		kind = KindPerson
		if prefix == "organization" {
			kind = KindOrganization
		} else if prefix == "compound" {
			kind = KindCompound
		}
		if isUUID(rest) {
			return kind, nil
		}
		caseID, ref, ok := strings.Cut(rest, ":")
		if !ok || !isCaseID(caseID) || !isRef(ref) {
			return "", bad
		}
		return kind, nil
	case "account":
		if !isAccountKey(rest) {
			return "", bad
		}
		return KindBankAccount, nil
	case "identifier":
		idKind, value, ok := strings.Cut(rest, ":")
		if !ok || !slices.Contains(IdentifierKinds, idKind) {
			return "", bad
		}
		// Canonical means: normalising it again gives it back.
		if key, _, err := IdentifierKey(idKind, value, ""); err != nil || key != rest {
			return "", bad
		}
		return KindIdentifier, nil
	case "country":
		if !countryIDPattern.MatchString(s) {
			return "", bad
		}
		if c, err := NormalizeCountry(rest); err != nil || c != rest {
			return "", bad // an id names the code exactly, never a name
		}
		return KindCountry, nil
	}
	return "", bad
}

// ParseLinkID checks that s is a relationship id in its canonical form
// ("holds:3fa9...", see linkID) and returns its type.
func ParseLinkID(s string) (relType RelType, err error) {
	m := linkIDPattern.FindStringSubmatch(s)
	if m == nil {
		return "", &ValidationError{Reason: "not a link id: <type>:<20 hex digits>, as a link's id field gives it"}
	}
	t := RelType(strings.ToUpper(m[1]))
	if _, ok := LinkRules[t]; !ok {
		return "", &ValidationError{Reason: "not a link id: unknown link type"}
	}
	return t, nil
}

// ParseCaseID checks that s is a case id, written exactly.
func ParseCaseID(s string) error {
	if !CaseIDPattern.MatchString(s) {
		return &ValidationError{Reason: "not a case id: 1 to 80 letters, digits, '.', '_', '/' or '-', starting with a letter or digit"}
	}
	return nil
}

// LinkEndsAtCountry says whether a link type ends at a country, named by
// its ISO code (TRANSITED). It takes the type as a request gave it (the
// access check reads raw input, before the executor coerced it): an
// unknown type is not one.
func LinkEndsAtCountry(relType string) bool {
	t, err := ParseRelType(relType)
	if err != nil {
		return false
	}
	rule, ok := LinkRules[t]
	return ok && slices.Equal(rule.To, []Label{KindCountry})
}
