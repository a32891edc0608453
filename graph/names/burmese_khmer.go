package names

import "strings"

// Burmese and Khmer names are romanised here by a small table of common
// name syllables (Burmese) and name words (Khmer): no Go module
// transliterates either script, a rule-based romaniser for them is a
// project of its own, and a name outside the table is better left
// unread (no Latin form, so no false match) than guessed.

// burmeseSyllables are common syllables of Burmese names, in the
// spellings Myanmar passports and files use. Burmese writes a name
// without spaces; Latin writes each syllable as a word (Aung Kyaw Min).
var burmeseSyllables = map[string]string{
	"အောင်": "aung", "ကျော်": "kyaw", "မင်း": "min", "မင်": "min", "ဇော်": "zaw", "ထွန်း": "tun", "ဝင်း": "win",
	"မြင့်": "myint", "စိုး": "soe", "မိုး": "moe", "နိုင်": "naing", "ဦး": "u", "ခင်": "khin", "မောင်": "maung",
	"သူ": "thu", "ရဲ": "ye", "လွင်": "lwin", "ဇင်": "zin", "ထက်": "htet", "ဖြိုး": "phyo", "ညီ": "nyi",
	"သိန်း": "thein", "ကို": "ko", "မ": "ma", "ချို": "cho", "နု": "nu", "ဟန်": "han", "အေး": "aye",
	"တင်": "tin", "စန်း": "san", "ကြည်": "kyi", "ဆု": "hsu", "လှ": "hla", "မြ": "mya", "ဖြူ": "phyu",
	"သန်း": "than", "ဝေ": "wai", "ပိုင်": "paing", "ဇေ": "zay", "ယာ": "yar", "သီ": "thi", "ရီ": "yi",
	"နွယ်": "nwe", "သက်": "thet", "ပြည့်": "pyae", "စု": "su", "လင်း": "lin", "ထိုက်": "htaik",
}

// khmerWords are common Khmer name words in the spellings Cambodian
// files use.
var khmerWords = map[string]string{
	"សុខ": "sok", "ដារ៉ា": "dara", "ចាន់": "chan", "សុភា": "sophea", "វុទ្ធី": "vuthy", "ស្រីមុំ": "sreymom",
	"ពិសី": "pisey", "រិទ្ធី": "rithy", "គីម": "kim", "ជា": "chea", "ហេង": "heng", "លី": "ly", "សេង": "seng",
	"ផល្លា": "phalla", "បុប្ផា": "bopha", "ស្រី": "srey", "វណ្ណា": "vanna", "សុខា": "sokha", "ចន្ថា": "chantha",
	"នារី": "neary", "មាស": "meas", "កែវ": "keo", "សំ": "sam", "ម៉ៅ": "mao", "សំណាង": "samnang",
	"សុវណ្ណ": "sovann", "ធីតា": "thida", "ពិសិដ្ឋ": "piseth", "វាសនា": "veasna", "សុធា": "sothea",
	"វីរៈ": "virak", "ហ៊ុន": "hun", "ឈឹម": "chhim", "ប៊ុន": "bun", "ស៊ុន": "sun", "ឡុង": "long",
}

// IsBurmese and IsKhmer report the script of r.
func IsBurmese(r rune) bool { return r >= 0x1000 && r <= 0x109F }

// IsKhmer reports whether r is in the Khmer block.
func IsKhmer(r rune) bool { return r >= 0x1780 && r <= 0x17FF }

// RomanizeBurmese reads a Burmese name syllable by syllable, longest
// table entry first; ok is false when some part is not in the table.
func RomanizeBurmese(name string) (syllables []string, ok bool) {
	return longestMatch(strings.Join(strings.Fields(name), ""), burmeseSyllables)
}

// RomanizeKhmer reads a Khmer name word by word (a word may also be
// several table words written together); ok is false when some part is
// not in the table.
func RomanizeKhmer(name string) (words []string, ok bool) {
	ok = true
	for _, w := range strings.Fields(name) {
		parts, good := longestMatch(w, khmerWords)
		ok = ok && good
		if len(parts) > 0 {
			words = append(words, strings.Join(parts, ""))
		}
	}
	return words, ok
}

func longestMatch(s string, table map[string]string) (out []string, ok bool) {
	rs := []rune(s)
	ok = true
	for i := 0; i < len(rs); {
		j := len(rs)
		for ; j > i; j-- {
			if latin, found := table[string(rs[i:j])]; found {
				out = append(out, latin)
				break
			}
		}
		if j == i {
			ok = false
			i++
			continue
		}
		i = j
	}
	return out, ok
}
