package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
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
	caseIDPattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._/\-]{0,79}$`)
	refPattern    = regexp.MustCompile(`^[\p{L}\p{N}._/\-]{1,80}$`)
)

// checkCaseID validates an agency case number.
func checkCaseID(errs *ValidationErrors, field, id string) {
	if !caseIDPattern.MatchString(id) {
		errs.add(field, "a case id is 1 to 80 letters, digits, '.', '_', '/' or '-', starting with a letter or digit")
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
// (endpoints plus the discriminator of its type, see linkIdentity).
func linkID(relType string, parts ...string) string {
	h := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return strings.ToLower(relType) + ":" + hex.EncodeToString(h[:10])
}
