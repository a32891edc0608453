package names

import "strings"

// Revised Romanisation of Korean (2000), syllable by syllable, as names
// are romanised: the sound changes between syllables that the system
// applies to words are not applied to given names (정하늘 is Jeong Haneul).
//
// Written by hand: no Go module served here romanises Hangul (those tried
// were refused by the module proxy, and unidecode writes 최 as "coe" and
// 박 as "bag"). A precomposed syllable is U+AC00 + (initial*21 + vowel)*28
// + final (Unicode's Hangul syllable arithmetic).
var (
	rrInitials = [19]string{"g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h"}
	rrVowels   = [21]string{"a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi", "yu", "eu", "ui", "i"}
	rrFinals   = [28]string{"", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"}
)

const (
	firstSyllable = 0xAC00
	lastSyllable  = 0xD7A3
)

// HangulSyllables are the Revised Romanisations of the Hangul syllables
// of s, in order; other characters are left out.
func HangulSyllables(s string) []string {
	var out []string
	for _, r := range s {
		if r < firstSyllable || r > lastSyllable {
			continue
		}
		i := int(r - firstSyllable)
		initial, vowel, final := i/(21*28), i%(21*28)/28, i%28
		out = append(out, rrInitials[initial]+rrVowels[vowel]+rrFinals[final])
	}
	return out
}

// RomanizeKoreanName writes a Korean name given in Hangul, surname first,
// as Revised Romanisation does: "정하늘" is "jeong haneul". A two-syllable
// surname (남궁, 황보, ...) stays whole. Text that is not Hangul gives "".
func RomanizeKoreanName(name string) string {
	name = strings.Join(strings.Fields(name), "")
	syl := HangulSyllables(name)
	if len(syl) == 0 {
		return ""
	}
	n := 1
	if len(syl) > 2 && compoundSurnames[string([]rune(name)[:2])] {
		n = 2
	}
	if len(syl) == n {
		return strings.Join(syl, "")
	}
	return strings.Join(syl[:n], "") + " " + strings.Join(syl[n:], "")
}
