package resolution

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// A word of a Latin name: folded to a-z and 0-9 (diacritics removed by
// Unicode decomposition, đ written d by hand since Unicode does not
// decompose it), with the original kept when it carried diacritics, so
// that two Vietnamese spellings that differ in a tone mark can be told
// apart (vietnamese.go).
type latinWord struct {
	raw     string // as written
	folded  string
	written string // lower-case NFC of the original, hyphens dropped
	marked  bool   // the original carried diacritics (or đ)
}

// splitLatin cuts a name into words at spaces, commas, dots and slashes;
// hyphens and apostrophes join ("Ha-neul" is one word, "haneul"), since
// comparison may split a word again where the other side has two.
func splitLatin(name string) []latinWord {
	var out []latinWord
	var raw []rune
	flush := func() {
		if len(raw) == 0 {
			return
		}
		w := foldWord(string(raw))
		if w.folded != "" {
			out = append(out, w)
		}
		raw = raw[:0]
	}
	for _, r := range name {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) || r == '-' || r == '\'' || r == '’':
			raw = append(raw, r)
		default:
			flush()
		}
	}
	flush()
	return out
}

var joiners = strings.NewReplacer("-", "", "'", "", "’", "")

func foldWord(raw string) latinWord {
	w := latinWord{raw: strings.Trim(raw, "-'’")}
	var b strings.Builder
	marked := false
	for _, r := range norm.NFD.String(strings.ToLower(w.raw)) {
		switch {
		case unicode.Is(unicode.Mn, r):
			marked = true
		case r == 'đ':
			marked = true
			b.WriteByte('d')
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		}
	}
	w.folded = b.String()
	w.marked = marked
	w.written = norm.NFC.String(strings.ToLower(joiners.Replace(w.raw)))
	return w
}

// givenNamePrefixes are the abbreviations of Muhammad in Malaysian,
// Indonesian and Bruneian names (M. Rizky is Muhammad Rizky).
var givenNamePrefixes = map[string]string{
	"m": "muhammad", "md": "muhammad", "mohd": "muhammad", "muhd": "muhammad", "mhd": "muhammad",
	"mohamad": "muhammad", "mohammad": "muhammad", "mohammed": "muhammad", "mohamed": "muhammad",
	"muhamad": "muhammad", "muhammed": "muhammad", "muhamed": "muhammad",
}

// nameParticles are words that link a name to a father's ("bin",
// "binti") and that many files leave out.
var nameParticles = map[string]bool{
	"bin": true, "binti": true, "binte": true, "bt": true, "bte": true, "bn": true,
}

// orgSuffixes are legal forms that one file writes and another leaves
// out: Co., Ltd, Sdn Bhd, PT, LLC.
var orgSuffixes = map[string]bool{
	"co": true, "ltd": true, "limited": true, "company": true, "corp": true, "corporation": true, "inc": true,
	"incorporated": true, "llc": true, "plc": true, "sdn": true, "bhd": true, "pt": true, "tbk": true, "cv": true,
	"pte": true, "gmbh": true, "sa": true, "srl": true, "jsc": true, "lp": true, "llp": true, "oy": true, "ag": true,
	"the": true, "and": true, "of": true,
}

// orgSuffixesScript are legal forms in other scripts, removed before
// transliteration: 有限公司, 주식회사, บริษัท ... จำกัด.
var orgSuffixesScript = []string{"股份有限公司", "有限公司", "有限責任公司", "公司", "주식회사", "(주)", "유한회사", "บริษัท", "จำกัด", "มหาชน", "(มหาชน)"}

// phoneticKey folds the spellings that romanisations of Asian names
// vary on, so that they compare equal: eo/o and eu/u (Korean RR and
// McCune-Reischauer), ee/i and oo/u (family spellings: Jaidee, Joon), j/ch
// (RTGS ch for จ, Jaidee for ใจ; Korean and Wade-Giles ch), doubled
// letters (Naphaa), and a final y for i (Rizky, Rizki). Everything else
// stays: a different consonant or vowel is a different name.
func phoneticKey(s string) string {
	// A loop rather than a strings.Replacer: keys are computed for every
	// spelling of every word compared, and this is several times faster.
	b := make([]byte, 0, len(s)+2)
	for i := 0; i < len(s); i++ {
		c := s[i]
		var next byte
		if i+1 < len(s) {
			next = s[i+1]
		}
		switch {
		case c == 'e' && next == 'o', c == 'e' && next == 'u', c == 'o' && next == 'o':
			// eo → o, eu → u, oo → u
			if next == 'o' && c == 'e' {
				b = append(b, 'o')
			} else {
				b = append(b, 'u')
			}
			i++
		case c == 'e' && next == 'e':
			b = append(b, 'i')
			i++
		case c == 'j':
			b = append(b, 'c', 'h')
		default:
			b = append(b, c)
		}
	}
	if n := len(b); n > 2 && b[n-1] == 'y' && !isVowel(b[n-2]) {
		b[n-1] = 'i'
	}
	out := b[:0]
	for i, c := range b {
		if i > 0 && c == b[i-1] {
			continue
		}
		out = append(out, c)
	}
	return string(out)
}

func isVowel(c byte) bool { return strings.IndexByte("aeiou", c) >= 0 }

// syllables estimates the syllables of a key by its vowel groups: "wei"
// is one, "jianguo" two. It tells a short name (Wang Wei, Li Wei: a
// surname and one syllable, shared by very many people) from a longer one.
func syllables(key string) int {
	n := 0
	for i := 0; i < len(key); i++ {
		if isVowel(key[i]) && (i == 0 || !isVowel(key[i-1])) {
			n++
		}
	}
	return n
}
