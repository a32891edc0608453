package resolution

import (
	"strings"
	"unicode"

	"github.com/scamgraph/scamgraph/graph/names"
)

// A token is one word of a name with all the Latin spellings it may take:
// a Hangul surname with Lee/Yi/Rhee, a Han given name with its pinyin
// and Hokkien spellings, a Latin word with the Han or Korean surnames and
// syllables it may stand for (Ng: huang and wu).
type token struct {
	raw   string   // as written
	forms []string // Latin spellings, a-z
	keys  []string // phoneticKey of each form, without repeats
	// written is a Latin word as typed, lower-case, with its diacritics
	// ("" for other scripts); marked says it had diacritics.
	written string
	marked  bool
}

func newToken(raw string, forms []string, written string, marked bool) token {
	t := token{raw: raw, written: written, marked: marked}
	seenF, seenK := map[string]bool{}, map[string]bool{}
	for _, f := range forms {
		if f == "" || seenF[f] {
			continue
		}
		seenF[f] = true
		t.forms = append(t.forms, f)
		if k := phoneticKey(f); !seenK[k] {
			seenK[k] = true
			t.keys = append(t.keys, k)
		}
	}
	return t
}

// A parsedName is a name as tokens, with the script it was written in.
type parsedName struct {
	raw    string
	script string // Hangul, Han, Thai, Burmese, Khmer or Latin
	tokens []token
	marked bool // some word carries diacritics
}

// maxForms caps the spellings of one token or name: a Han given name of
// three characters with five spellings each would otherwise give 125.
const maxForms = 128

// parseName reads a name in any script. For an organisation, legal
// forms (Co., Ltd, 有限公司) are dropped and a Han or Hangul name is read
// word by word rather than as surname and given name.
func parseName(name string, org bool) parsedName {
	if org {
		for _, s := range orgSuffixesScript {
			name = strings.ReplaceAll(name, s, " ")
		}
	}
	p := parsedName{raw: strings.TrimSpace(name), script: scriptOf(name)}
	switch p.script {
	case "Hangul":
		p.tokens = hangulTokens(name, org)
	case "Han":
		p.tokens = hanTokens(name, org)
	case "Thai":
		words, alts := names.RomanizeThai(name)
		raws := strings.Fields(name)
		for i, w := range words {
			raw := w
			if i < len(raws) && len(raws) == len(words) {
				raw = raws[i]
			}
			p.tokens = append(p.tokens, newToken(raw, append([]string{w}, alts[i]...), "", false))
		}
	case "Burmese":
		syl, _ := names.RomanizeBurmese(name)
		for _, s := range syl {
			p.tokens = append(p.tokens, newToken(s, []string{s}, "", false))
		}
	case "Khmer":
		words, _ := names.RomanizeKhmer(name)
		for _, w := range words {
			p.tokens = append(p.tokens, newToken(w, []string{w}, "", false))
		}
	default:
		p.tokens = latinTokens(name, org)
	}
	for _, t := range p.tokens {
		p.marked = p.marked || t.marked
	}
	return p
}

// scriptOf names the script most letters of name are written in.
func scriptOf(name string) string {
	counts := map[string]int{}
	for _, r := range name {
		switch {
		case r >= 0xAC00 && r <= 0xD7A3:
			counts["Hangul"]++
		case names.IsHan(r):
			counts["Han"]++
		case names.IsThai(r):
			counts["Thai"]++
		case names.IsBurmese(r):
			counts["Burmese"]++
		case names.IsKhmer(r):
			counts["Khmer"]++
		case unicode.IsLetter(r):
			counts["Latin"]++
		}
	}
	best, n := "Latin", 0
	for _, s := range []string{"Latin", "Hangul", "Han", "Thai", "Burmese", "Khmer"} {
		if counts[s] > n {
			best, n = s, counts[s]
		}
	}
	return best
}

func hangulTokens(name string, org bool) []token {
	if org {
		var out []token
		for _, w := range strings.Fields(name) {
			var parts [][]string
			for _, r := range w {
				if s := names.KoreanSyllableSpellings(string(r)); s != nil {
					parts = append(parts, s)
				}
			}
			if len(parts) > 0 {
				out = append(out, newToken(w, product(parts, ""), "", false))
			}
		}
		return out
	}
	compact := strings.Join(strings.Fields(name), "")
	var hangul []rune
	for _, r := range compact {
		if r >= 0xAC00 && r <= 0xD7A3 {
			hangul = append(hangul, r)
		}
	}
	surname, given := names.SplitKoreanName(string(hangul))
	out := []token{newToken(surname, names.KoreanSurnameSpellings(surname), "", false)}
	if given != "" {
		var parts [][]string
		for _, r := range given {
			parts = append(parts, names.KoreanSyllableSpellings(string(r)))
		}
		out = append(out, newToken(given, product(parts, ""), "", false))
	}
	return out
}

func hanTokens(name string, org bool) []token {
	var out []token
	if org {
		for _, r := range name {
			if s := names.HanSyllableSpellings(r); names.IsHan(r) && s != nil {
				out = append(out, newToken(string(r), s, "", false))
			}
		}
		return out
	}
	n := names.ReadHanName(name)
	if len(n.Surname) == 0 {
		return nil
	}
	var chars []rune
	for _, r := range name {
		if names.IsHan(r) {
			chars = append(chars, r)
		}
	}
	cut := len(chars) - len(n.Given)
	out = append(out, newToken(string(chars[:cut]), n.Surname, "", false))
	if len(n.Given) > 0 {
		out = append(out, newToken(string(chars[cut:]), product(n.Given, ""), "", false))
	}
	return out
}

func latinTokens(name string, org bool) []token {
	var out []token
	for _, w := range splitLatin(name) {
		f := w.folded
		if org && orgSuffixes[f] {
			continue
		}
		if !org && nameParticles[f] {
			continue
		}
		if full, ok := givenNamePrefixes[f]; ok && !org {
			out = append(out, newToken(w.raw, []string{full}, full, false))
			continue
		}
		out = append(out, newToken(w.raw, latinForms(f), w.written, w.marked))
	}
	return out
}

// latinForms are the spellings a Latin word may stand for: itself, the
// Revised Romanisation of the Korean surnames it spells (Rhee: i), the
// pinyin of the Han surnames (Ng: huang, wu) and given-name syllables
// (Chee: zhi) it spells. Two Latin spellings of one Asian name meet
// through these.
func latinForms(w string) []string {
	forms := []string{w}
	for _, h := range names.KoreanSurnamesSpelled(w) {
		forms = append(forms, strings.Join(names.HangulSyllables(h), ""))
	}
	forms = append(forms, names.HanSurnamesSpelled(w)...)
	forms = append(forms, names.PinyinOfSyllable(w)...)
	return forms
}

// product joins one item of each list in every combination, in order,
// at most maxForms of them.
func product(lists [][]string, sep string) []string {
	out := []string{""}
	for i, l := range lists {
		var next []string
		for _, prefix := range out {
			for _, s := range l {
				if i > 0 {
					next = append(next, prefix+sep+s)
				} else {
					next = append(next, s)
				}
				if len(next) >= maxForms {
					break
				}
			}
			if len(next) >= maxForms {
				break
			}
		}
		out = next
	}
	if len(lists) == 0 {
		return nil
	}
	return out
}

// Transliterations are the comparable Latin forms of one name, in
// lower-case a-z words: "정하늘" gives "jeong haneul", "chung haneul",
// "jeong hanul" and more; "Santos, Maria Clara" gives "santos maria
// clara". The first is the primary reading (Revised Romanisation, pinyin,
// RTGS, the folded Latin).
func Transliterations(name string) []string {
	p := parseName(name, false)
	var lists [][]string
	for _, t := range p.tokens {
		lists = append(lists, t.forms)
	}
	return product(lists, " ")
}
