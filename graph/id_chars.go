package graph

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The id grammar's character classes, checked by hand: every link and
// entity of an import parses its ids, and the regular expressions that
// state the grammar (CaseIDPattern, refPattern, uuidPattern,
// accountKeyPattern) were 7% of a bulk seed's CPU. TestIDCharsMatchThePatterns holds each to its pattern.

// isCaseID is CaseIDPattern.MatchString.
func isCaseID(s string) bool {
	if len(s) == 0 || len(s) > 80 || !isASCIIAlnum(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if c := s[i]; !isASCIIAlnum(c) && c != '.' && c != '_' && c != '/' && c != '-' {
			return false
		}
	}
	return true
}

// isRef is refPattern.MatchString: 1 to 80 letters, digits (any script),
// '.', '_', '/' or '-'.
func isRef(s string) bool {
	n := 0
	for _, r := range s {
		n++
		if n > 80 || r == utf8.RuneError || !(unicode.IsLetter(r) || unicode.IsNumber(r) || r == '.' || r == '_' || r == '/' || r == '-') {
			return false
		}
	}
	return n > 0
}

// isUUID is uuidPattern.MatchString: lower-case hex in groups of 8-4-4-4-12.
func isUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch c := s[i]; i {
		case 8, 13, 18, 23:
			if c != '-' {
				return false
			}
		default:
			if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
				return false
			}
		}
	}
	return true
}

// isAccountKey is accountKeyPattern.MatchString: a kind of 2 to 30
// capitals or '_', then 2 or 3 parts after a ':', each 1 to 120
// characters that are not white space (as RE2's \s), ':' or of
// Unicode's class C.
func isAccountKey(s string) bool {
	kind, rest, ok := strings.Cut(s, ":")
	if !ok || len(kind) < 2 || len(kind) > 30 {
		return false
	}
	for i := 0; i < len(kind); i++ {
		if c := kind[i]; !('A' <= c && c <= 'Z' || c == '_') {
			return false
		}
	}
	parts := strings.Split(rest, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return false
	}
	for _, p := range parts {
		n := 0
		for _, r := range p {
			n++
			if n > 120 || r == ' ' || r == '\t' || r == '\n' || r == '\f' || r == '\r' || unicode.Is(unicode.C, r) {
				return false
			}
		}
		if n == 0 {
			return false
		}
	}
	return true
}

func isASCIIAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
