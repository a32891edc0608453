package graph

import (
	"slices"
	"strings"

	"github.com/agnivade/levenshtein"
)

// Agencies write the closed vocabularies as people write them: "male", "M",
// "held", "Pig butchering". A value is read as its canonical form when it
// is one of the allowed values in another case or with spaces or hyphens
// for underscores, or one of the short forms below; anything else is
// refused with the allowed values and the nearest of them
// (docs/formats.md, "Accepted spellings").

// enumAliases are the short forms of canonical values. A form counts only
// for a vocabulary that holds its value, so "U" is UNKNOWN as a gender and
// nothing as a compound status.
var enumAliases = map[string]string{
	"M": "MALE", "MAN": "MALE", "F": "FEMALE", "WOMAN": "FEMALE",
	"X": "OTHER", "U": "UNKNOWN", "UNK": "UNKNOWN", "N/A": "UNKNOWN",
	"EWALLET": "E_WALLET", "CRYPTO": "CRYPTO_WALLET", "WALLET": "CRYPTO_WALLET",
	"ID": "NATIONAL_ID", "ID_CARD": "NATIONAL_ID", "MAIL": "EMAIL", "E_MAIL": "EMAIL",
	"TEL": "PHONE", "MOBILE": "PHONE", "FB": "FACEBOOK",
}

// CanonicalEnum reads v as one of allowed, as agencies write it; ok is
// false when it is none of them.
func CanonicalEnum(v string, allowed []string) (canonical string, ok bool) {
	k := enumKey(v)
	if slices.Contains(allowed, k) {
		return k, true
	}
	if a, found := enumAliases[k]; found && slices.Contains(allowed, a) {
		return a, true
	}
	return v, false
}

// enumKey is v in upper case, trimmed, with spaces and hyphens as
// underscores.
func enumKey(v string) string {
	return underscores.Replace(strings.ToUpper(strings.TrimSpace(v)))
}

// underscores is built once: enumKey runs for every enum value of every
// imported record.
var underscores = strings.NewReplacer(" ", "_", "-", "_")

// EnumReason says what a refused value should have been: the allowed
// values, plainly, and the nearest one when it is near. It never repeats
// the value (it may be a victim's).
func EnumReason(v string, allowed []string) string {
	reason := "must be one of " + strings.Join(allowed, ", ")
	if s := Nearest(enumKey(v), allowed); s != "" {
		reason += "; did you mean " + s + "?"
	}
	return reason
}

// Nearest is the candidate closest to v in edits, when few enough edits
// (a third of the longer word, at least one) make it a likely typo; ""
// otherwise or on a tie.
func Nearest(v string, candidates []string) string {
	best, bestDist, tie := "", -1, false
	for _, c := range candidates {
		d := levenshtein.ComputeDistance(v, c)
		switch {
		case bestDist < 0 || d < bestDist:
			best, bestDist, tie = c, d, false
		case d == bestDist:
			tie = true
		}
	}
	limit := max(1, max(len(v), len(best))/3)
	if best == "" || tie || bestDist > limit {
		return ""
	}
	return best
}
