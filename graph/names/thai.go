package names

import "strings"

// Thai is romanised by the Royal Thai General System (RTGS, the Royal
// Institute's 1999 rules; pythainlp's "royin" engine is the reference).
// No Go module does this, so this is a compact rule set good for common
// names rather than a full romaniser: consonants by their initial and
// final sounds, the vowel signs and their combinations with เ แ โ ใ ไ,
// tone marks dropped, a consonant under ์ (thanthakhat) silent, and the
// unwritten vowel read as "o" in a closed syllable (สม: som) and "a" in an
// open one (นภา: napha). Words the rules misread still meet their Latin
// spelling when the string similarity or a shared identifier carries
// them; a full romaniser would need a dictionary of syllable boundaries.

type thaiConsonant struct{ initial, final string }

var thaiConsonants = map[rune]thaiConsonant{
	'ก': {"k", "k"}, 'ข': {"kh", "k"}, 'ฃ': {"kh", "k"}, 'ค': {"kh", "k"}, 'ฅ': {"kh", "k"}, 'ฆ': {"kh", "k"},
	'ง': {"ng", "ng"}, 'จ': {"ch", "t"}, 'ฉ': {"ch", "t"}, 'ช': {"ch", "t"}, 'ซ': {"s", "t"}, 'ฌ': {"ch", "t"},
	'ญ': {"y", "n"}, 'ฎ': {"d", "t"}, 'ฏ': {"t", "t"}, 'ฐ': {"th", "t"}, 'ฑ': {"th", "t"}, 'ฒ': {"th", "t"},
	'ณ': {"n", "n"}, 'ด': {"d", "t"}, 'ต': {"t", "t"}, 'ถ': {"th", "t"}, 'ท': {"th", "t"}, 'ธ': {"th", "t"},
	'น': {"n", "n"}, 'บ': {"b", "p"}, 'ป': {"p", "p"}, 'ผ': {"ph", "p"}, 'ฝ': {"f", "p"}, 'พ': {"ph", "p"},
	'ฟ': {"f", "p"}, 'ภ': {"ph", "p"}, 'ม': {"m", "m"}, 'ย': {"y", "i"}, 'ร': {"r", "n"}, 'ล': {"l", "n"},
	'ว': {"w", "o"}, 'ศ': {"s", "t"}, 'ษ': {"s", "t"}, 'ส': {"s", "t"}, 'ห': {"h", ""}, 'ฬ': {"l", "n"},
	'อ': {"", ""}, 'ฮ': {"h", ""},
}

const (
	thaiKaran = '์'
	thaiSaraA = 'ะ'
)

func isThaiConsonant(r rune) bool { _, ok := thaiConsonants[r]; return ok }
func isThaiPreVowel(r rune) bool  { return r >= 'เ' && r <= 'ไ' }
func isThaiPostVowel(r rune) bool {
	switch r {
	case 'ะ', 'ั', 'า', 'ำ', 'ิ', 'ี', 'ึ', 'ื', 'ุ', 'ู':
		return true
	}
	return false
}

// IsThai reports whether r is in the Thai block.
func IsThai(r rune) bool { return r >= 0x0E00 && r <= 0x0E7F }

// RomanizeThai writes each Thai word of name in RTGS ("สมชาย ใจดี":
// ["somchai", "chaidi"]). A word may have a second common spelling,
// given after it in alts: ศรี is "si" in RTGS and "sri" in most names.
func RomanizeThai(name string) (words []string, alts [][]string) {
	for _, w := range strings.Fields(name) {
		rtgs, common := romanizeThaiWord(w)
		if rtgs == "" {
			continue
		}
		words = append(words, rtgs)
		var a []string
		if common != rtgs {
			a = []string{common}
		}
		alts = append(alts, a)
	}
	return words, alts
}

// romanizeThaiWord gives the RTGS of one word and the common spelling
// that keeps the r of ศร/สร clusters.
func romanizeThaiWord(w string) (rtgs, common string) {
	rs := cleanThai(w)
	var b, c strings.Builder
	for i := 0; i < len(rs); {
		syl, alt, next := thaiSyllable(rs, i)
		if next <= i {
			i++
			continue
		}
		b.WriteString(syl)
		c.WriteString(alt)
		i = next
	}
	return b.String(), c.String()
}

// cleanThai drops tone marks, the shortener ็, the repetition sign and
// the letters silenced by ์ (with a vowel sign between, as in ศักดิ์).
func cleanThai(w string) []rune {
	var out []rune
	for _, r := range w {
		switch {
		case r >= '่' && r <= '๋', r == '็', r == 'ๆ':
			continue
		case r == thaiKaran:
			if n := len(out); n > 0 {
				if (out[n-1] == 'ิ' || out[n-1] == 'ุ') && n > 1 {
					out = out[:n-2]
				} else {
					out = out[:n-1]
				}
			}
			continue
		case IsThai(r):
			out = append(out, r)
		}
	}
	return out
}

// thaiSyllable reads one syllable from rs[i:]: [pre-vowel] initial
// [cluster] [vowel signs] [final].
func thaiSyllable(rs []rune, i int) (syl, alt string, next int) {
	n := len(rs)
	at := func(k int) rune {
		if k < n {
			return rs[k]
		}
		return 0
	}
	pre := rune(0)
	if isThaiPreVowel(at(i)) {
		pre = rs[i]
		i++
	}
	if !isThaiConsonant(at(i)) {
		if at(i) == 'ฤ' {
			return "rue", "rue", i + 1
		}
		return "", "", i + 1
	}
	c1 := rs[i]
	i++
	initial := thaiConsonants[c1].initial
	altInitial := initial
	opensVowel := func(k int) bool { return isThaiPostVowel(at(k)) || (pre != 0 && at(k) != 0) }
	switch {
	case (c1 == 'ห' || c1 == 'อ') && strings.ContainsRune("งญนมยรลว", at(i)) && opensVowel(i+1):
		// ห and อ before a sonorant only carry the tone: หมู is mu.
		initial = thaiConsonants[at(i)].initial
		altInitial = initial
		i++
	case (c1 == 'ศ' || c1 == 'ส' || c1 == 'ท') && at(i) == 'ร' && opensVowel(i+1):
		// ศร, สร and ทร are read s in RTGS (ศรี: si); names keep the r.
		initial, altInitial = "s", initial+"r"
		i++
	case strings.ContainsRune("กขคตปพผ", c1) && strings.ContainsRune("รลว", at(i)) && opensVowel(i+1):
		initial += thaiConsonants[at(i)].initial
		altInitial = initial
		i++
	}
	vowel, closed := "", true
	switch pre {
	case 'เ':
		switch {
		case at(i) == 'า':
			vowel, i = "ao", i+1
			if at(i) == thaiSaraA {
				vowel, i = "o", i+1
			}
		case at(i) == 'ี' && at(i+1) == 'ย':
			vowel, i = "ia", i+2
		case at(i) == 'ื' && at(i+1) == 'อ':
			vowel, i = "uea", i+2
		case at(i) == 'ิ', at(i) == 'อ':
			vowel, i = "oe", i+1
		case at(i) == thaiSaraA:
			vowel, i, closed = "e", i+1, false
		default:
			vowel = "e"
		}
	case 'แ':
		vowel = "ae"
		if at(i) == thaiSaraA {
			i, closed = i+1, false
		}
	case 'โ':
		vowel = "o"
		if at(i) == thaiSaraA {
			i, closed = i+1, false
		}
	case 'ใ', 'ไ':
		vowel, closed = "ai", false
	default:
		switch r := at(i); {
		case r == 'ั' && at(i+1) == 'ว':
			vowel, i = "ua", i+2
		case r == 'ื' && at(i+1) == 'อ':
			vowel, i = "ue", i+2
		case r == 'ำ':
			vowel, i, closed = "am", i+1, false
		case r == thaiSaraA:
			vowel, i, closed = "a", i+1, false
		case isThaiPostVowel(r):
			vowel, i = map[rune]string{'ั': "a", 'า': "a", 'ิ': "i", 'ี': "i", 'ึ': "ue", 'ื': "ue", 'ุ': "u", 'ู': "u"}[r], i+1
		case r == 'อ' && !isThaiPostVowel(at(i+1)):
			vowel, i = "o", i+1
		case r == 'ว' && isThaiConsonant(at(i+1)) && !isThaiPostVowel(at(i+2)):
			vowel, i = "ua", i+1
		case isThaiConsonant(r) && !isThaiPostVowel(at(i+1)) && r != 'อ':
			vowel = "o" // unwritten vowel of a closed syllable
		default:
			vowel, closed = "a", false // unwritten vowel of an open syllable
		}
	}
	final := ""
	if closed && isThaiConsonant(at(i)) && at(i) != 'อ' && !isThaiPostVowel(at(i+1)) {
		final = thaiConsonants[at(i)].final
		i++
	}
	return initial + vowel + final, altInitial + vowel + final, i
}
