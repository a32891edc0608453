package names

import (
	"strings"

	"github.com/mozillazg/go-pinyin"
)

// Han names are read with github.com/mozillazg/go-pinyin (Mandarin
// pinyin, the first reading of each character). It has no surname mode
// and no Southeast Asian readings, so the surname table of han_dialects.go
// gives the Hokkien, Cantonese, Teochew and Hakka spellings a Malaysian,
// Singaporean or Hong Kong file uses (黄: Ng, Wong, Wee), and the
// given-name syllable table their spellings of common given-name
// syllables (志 zhi: Chi, Chee).

// IsHan reports whether r is a CJK unified ideograph.
func IsHan(r rune) bool {
	return (r >= 0x4E00 && r <= 0x9FFF) || (r >= 0x3400 && r <= 0x4DBF) || (r >= 0xF900 && r <= 0xFAFF)
}

// HanName is a Han name read in Latin letters: the surname's spellings
// (pinyin first) and, per given-name character, its spellings (pinyin
// first).
type HanName struct {
	Surname []string
	Given   [][]string
}

// ReadHanName reads a Han name, surname first (a two-character surname
// such as 欧阳 stays whole); characters that are not Han are skipped.
func ReadHanName(name string) HanName {
	var chars []rune
	for _, r := range name {
		if IsHan(r) {
			chars = append(chars, r)
		}
	}
	if len(chars) == 0 {
		return HanName{}
	}
	n := 1
	if len(chars) > 2 && hanCompoundSurnames[string(chars[:2])] {
		n = 2
	}
	var out HanName
	sur := ""
	for _, r := range chars[:n] {
		sur += pinyinOf(r)
	}
	out.Surname = appendNew([]string{sur}, hanSurnameSpellings[string(chars[:n])]...)
	for _, r := range chars[n:] {
		out.Given = append(out.Given, HanSyllableSpellings(r))
	}
	return out
}

// HanSyllableSpellings are the spellings of one Han character as a
// given-name syllable: its pinyin first, then the dialect spellings of
// that syllable (志: zhi, chi, chee).
func HanSyllableSpellings(r rune) []string {
	py := pinyinOf(r)
	if py == "" {
		return nil
	}
	return appendNew([]string{py}, hanSyllableSpellings[py]...)
}

func pinyinOf(r rune) string {
	p := pinyin.SinglePinyin(r, pinyin.NewArgs())
	if len(p) == 0 {
		return ""
	}
	return p[0]
}

// HanSurnamesSpelled are the pinyin readings of the Han surnames a Latin
// spelling may stand for ("ng": huang and wu), so that Ng and Huang meet.
func HanSurnamesSpelled(latin string) []string {
	return hanSurnameBySpelling[latin]
}

// PinyinOfSyllable are the pinyin syllables a dialect spelling of a
// given-name syllable may stand for ("chee": zhi; "meng": ming).
func PinyinOfSyllable(latin string) []string {
	return hanSyllableBySpelling[latin]
}

var hanSurnameBySpelling = func() map[string][]string {
	m := map[string][]string{}
	for han, spellings := range hanSurnameSpellings {
		py := ""
		for _, r := range han {
			py += pinyinOf(r)
		}
		for _, s := range append([]string{py}, spellings...) {
			m[s] = appendNew(m[s], py)
		}
	}
	return m
}()

var hanSyllableBySpelling = func() map[string][]string {
	m := map[string][]string{}
	for py, spellings := range hanSyllableSpellings {
		for _, s := range spellings {
			m[s] = appendNew(m[s], py)
		}
	}
	return m
}()

// appendNew appends the items of add not yet in list, lower-cased.
func appendNew(list []string, add ...string) []string {
	for _, a := range add {
		a = strings.ToLower(a)
		found := false
		for _, l := range list {
			if l == a {
				found = true
				break
			}
		}
		if !found {
			list = append(list, a)
		}
	}
	return list
}
