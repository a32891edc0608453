package casefile

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
)

// fileRef is what a ref must be for the graph (graph/ids.go): a person's,
// an organisation's or a compound's id is kind:case:ref.
var fileRef = regexp.MustCompile(`^[\p{L}\p{N}._/\-]{1,80}$`)

// mappedRef turns the text a mapping's ref template gives in a row into
// the record's ref. Text that is already a ref (a case number such as
// IN-2024-017) is kept, so the graph's ids stay readable; any other text
// (with spaces or ':', a name, a phone number with its '+') becomes a
// digest of itself. The digest is the same in every import, so importing
// the sheet again finds the same entities, and it keeps what the
// template read (often a name) out of the ids.
func mappedRef(text string) string {
	if fileRef.MatchString(text) {
		return text
	}
	sum := sha256.Sum256([]byte(text))
	return "m-" + hex.EncodeToString(sum[:12])
}
