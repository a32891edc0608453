package neo4jstore

// What a search text becomes: the natural keys of the identifiers and
// accounts it could be, looked up by equality, and the Lucene queries of
// the full-text index of names.

import (
	"net/mail"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/textsearch"
)

var (
	phoneLike    = regexp.MustCompile(`^\+?[0-9 ()./\-]{6,24}$`)
	accountLike  = regexp.MustCompile(`^[A-Za-z0-9 .\-/]{3,70}$`)
	handleKinds  = []string{"TELEGRAM", "LINE", "WECHAT", "FACEBOOK", "TIKTOK"}
	documentKind = []string{"PASSPORT", "NATIONAL_ID"}
)

// exactCandidates reads a search text as every kind of identifier it could
// be and returns their natural keys (see IdentifierKey), and the account
// numbers, IBANs and wallet addresses it could be (see AccountKey). Both are
// looked up by equality, so a text that is no identifier costs nothing.
func exactCandidates(text, region string) (keys, numbers []string) {
	addKey := func(kind, value, region string) {
		if k, _, err := graph.IdentifierKey(kind, value, region); err == nil && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	if phoneLike.MatchString(text) {
		addKey("PHONE", text, region)
		addKey("WHATSAPP", text, region)
	}
	if strings.Contains(text, "@") && !strings.HasPrefix(text, "@") {
		if _, err := mail.ParseAddress(text); err == nil {
			addKey("EMAIL", text, "")
		}
	}
	if strings.HasPrefix(text, "http://") || strings.HasPrefix(text, "https://") {
		addKey("URL", text, "")
	}
	if !strings.ContainsAny(text, " \t") || strings.HasPrefix(text, "@") {
		for _, k := range handleKinds {
			addKey(k, text, "")
		}
	}
	for _, k := range documentKind {
		addKey(k, text, "")
	}
	// an account number, IBAN or wallet address has digits: a name has
	// none, and is then not looked up as one (a round trip saved on every
	// search for a name)
	if accountLike.MatchString(text) && strings.ContainsAny(text, "0123456789") {
		strip := strings.NewReplacer(" ", "", "-", "", ".", "", "/", "")
		n := strip.Replace(text)
		for _, c := range []string{strings.ToUpper(n), n, strings.ToLower(n)} {
			if !slices.Contains(numbers, c) {
				numbers = append(numbers, c)
			}
		}
	}
	return keys, numbers
}

// luceneQuery ORs the query's tokens. A word of four letters or more may
// also match with one typo (Nguyen, Ngyuen), and the last word as a prefix
// (an investigator typing "somch" for Somchai). Tokens hold only letters,
// marks and digits (see tokenize), but are escaped all the same: the query
// string is Lucene syntax and must never carry an operator from the user.
func luceneQuery(tokens []string) string {
	var parts []string
	for i, t := range tokens {
		e := luceneEscape(t)
		parts = append(parts, e)
		if textsearch.IsWordToken(t) {
			n := utf8.RuneCountInString(t)
			if n >= 4 {
				parts = append(parts, e+"~1")
			}
			if i == len(tokens)-1 && n >= 2 {
				parts = append(parts, e+"*")
			}
		}
	}
	return strings.Join(parts, " OR ")
}

// exactLuceneQuery ORs the query's tokens as they are.
func exactLuceneQuery(tokens []string) string {
	parts := make([]string, len(tokens))
	for i, t := range tokens {
		parts[i] = luceneEscape(t)
	}
	return strings.Join(parts, " OR ")
}

func luceneEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`+-&|!(){}[]^"~*?:\/`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}
