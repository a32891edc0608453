package textsearch

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// SearchTokensVersion changes whenever SearchTokens changes, or another
// start-up migration must run once (see Bootstrap), so that the start-up
// backfill recomputes the tokens of every node made by an older version
// (see BackfillSearchTokens). 2: the victim-data marks.
const SearchTokensVersion = 2

// SearchTokens turns names into the tokens the full-text index stores and
// a query looks up. One Lucene analyzer cannot serve the scripts of this
// region: Thai, Khmer, Lao, Burmese and Chinese write words without spaces,
// Korean names are single words whose parts are searched alone, and
// Vietnamese is typed with or without its diacritics. So the tokens are
// computed here, the same way for what is stored and what is asked, and the
// index only splits on whitespace:
//
//   - text is NFKC-normalised and lower-cased; Latin letters lose their
//     diacritics (Nguyễn -> nguyen, đ -> d), so a name typed without them
//     matches;
//   - runs of letters of scripts written with spaces (Latin, Cyrillic,
//     Greek, ...) and digits become one token each (a word);
//   - runs of scripts written without spaces, and Hangul, become their
//     overlapping character bigrams (王大明 -> 王大 大明), or the character
//     itself for a run of one. A query of two or more characters from the
//     middle of a name then finds it; Thai and Khmer vowel signs and marks
//     stay with their letters, since they are part of the spelling. Han and
//     Hangul characters are also stored one by one, since one syllable (a
//     surname: 王, 김) is a meaningful query; a Thai or Khmer letter is not.
//
// An ICU dictionary segmenter would give real words for Thai and Khmer;
// Neo4j does not ship one and bigrams need no dictionary, at the price of
// some false candidates, which search then checks against the names (see
// MatchScore).
func SearchTokens(texts ...string) []string {
	seen := map[string]bool{}
	var out []string
	add := func(t string) {
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	for _, text := range texts {
		for _, tok := range tokenize(text, true) {
			add(tok)
		}
	}
	return out
}

// QueryTokens are the tokens of a search text, made as SearchTokens makes
// them but without the single characters of longer runs, which would match
// every name that shares one syllable.
func QueryTokens(text string) []string {
	seen := map[string]bool{}
	var out []string
	for _, t := range tokenize(text, false) {
		if !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	return out
}

// tokenize returns the tokens of one text in order, repeats included;
// withSyllables adds the single Han and Hangul characters of longer runs.
func tokenize(text string, withSyllables bool) []string {
	var out []string
	var run []rune
	runKind := kindNone
	flush := func() {
		if len(run) == 0 {
			return
		}
		if runKind == kindWord {
			out = append(out, string(run))
		} else {
			pairs := bigrams(run)
			out = append(out, pairs...)
			if withSyllables && len(run) > 1 {
				for _, r := range run {
					if unicode.In(r, unicode.Han, unicode.Hangul) {
						out = append(out, string(r))
					}
				}
			}
		}
		run = run[:0]
	}
	for _, r := range foldText(text) {
		k := runeKind(r)
		if k == kindMark {
			if len(run) > 0 {
				run = append(run, r) // a vowel sign or tone mark belongs to the letter before it
			}
			continue
		}
		if k != runKind || k == kindNone {
			flush()
			runKind = k
		}
		if k != kindNone {
			run = append(run, r)
		}
	}
	flush()
	return out
}

// bigrams are the overlapping pairs of letters of a run of a script written
// without spaces; a mark stays with the letter before it.
func bigrams(run []rune) []string {
	var units []string // letters with their marks
	for i := 0; i < len(run); i++ {
		j := i + 1
		for j < len(run) && runeKind(run[j]) == kindMark {
			j++
		}
		units = append(units, string(run[i:j]))
		i = j - 1
	}
	if len(units) == 1 {
		return units
	}
	out := make([]string, 0, len(units)-1)
	for i := 0; i+1 < len(units); i++ {
		out = append(out, units[i]+units[i+1])
	}
	return out
}

const (
	kindNone  = iota // spaces, punctuation, symbols: separators
	kindWord         // letters of scripts written with spaces, and digits
	kindChars        // letters of scripts written without spaces, and Hangul
	kindMark         // combining marks (Thai and Khmer vowel signs, tone marks)
)

var unspacedScripts = []*unicode.RangeTable{
	unicode.Han, unicode.Hangul, unicode.Hiragana, unicode.Katakana,
	unicode.Thai, unicode.Khmer, unicode.Lao, unicode.Myanmar, unicode.Tibetan,
}

func runeKind(r rune) int {
	if r < utf8.RuneSelf {
		// ASCII, most of what is typed and stored: no marks and no
		// unspaced script, so the table look-ups below are skipped
		// (docs/decisions.md, "Tokens classify ASCII without Unicode tables").
		if 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' {
			return kindWord
		}
		return kindNone
	}
	switch {
	case unicode.Is(unicode.Mn, r) || unicode.Is(unicode.Mc, r):
		return kindMark
	case unicode.IsLetter(r) && unicode.In(r, unspacedScripts...):
		return kindChars
	case unicode.IsLetter(r) || unicode.IsDigit(r):
		if unicode.In(r, unspacedScripts...) {
			return kindChars // Thai and Khmer digits
		}
		return kindWord
	}
	return kindNone
}

// foldText normalises a text for matching: NFKC (full-width forms become
// ASCII), lower case, and Latin letters without diacritics. Marks on other
// scripts are kept: a Thai tone mark changes the name.
func foldText(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if unicode.Is(unicode.Mn, r) && isLatinMark(r) {
			continue
		}
		switch r {
		case 'đ', 'Đ':
			r = 'd'
		case 'ø', 'Ø':
			r = 'o'
		case 'ł', 'Ł':
			r = 'l'
		case 'ß':
			b.WriteString("ss")
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return norm.NFKC.String(b.String())
}

// isLatinMark says whether a combining mark is one of the general
// diacritics Latin (and Vietnamese) letters decompose into; Thai, Khmer and
// other scripts have marks of their own blocks, which stay.
func isLatinMark(r rune) bool {
	return r >= 0x0300 && r <= 0x036F
}

// FoldedName is a name as search compares it: folded and with runs of
// separators made single spaces.
func FoldedName(s string) string {
	return strings.Join(strings.FieldsFunc(foldText(s), func(r rune) bool { return runeKind(r) == kindNone }), " ")
}
