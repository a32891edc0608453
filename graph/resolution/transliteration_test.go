package resolution

import (
	"slices"
	"testing"
)

// The Latin forms of names in each script: the standard reading first,
// then the spellings other files use. The expected readings are the
// romanisation systems' own (RR, pinyin, RTGS) and common spellings.
func TestTransliterations(t *testing.T) {
	for _, c := range []struct {
		name    string
		first   string
		include []string
	}{
		{"정하늘", "jeong haneul", []string{"chung hanul", "jung haneul"}},     // Hangul: RR, then MR-like and surname spellings
		{"이민호", "i minho", []string{"lee minho", "yi minho", "rhee minho"}}, // 이: Lee/Yi/Rhee
		{"박서준", "bak seojun", []string{"park seojun", "pak sojun"}},         // 박: Park/Pak, 서 as so
		{"王建国", "wang jianguo", []string{"wong jianguo"}},                   // Han: pinyin
		{"黄志明", "huang zhiming", []string{"ng cheemeng", "wong chiming"}},   // Hokkien and Cantonese
		{"陈美玲", "chen meiling", []string{"tan meiling", "chan meiling"}},    // 陈: Tan/Chan
		{"สมชาย ใจดี", "somchai chaidi", nil},                               // Thai: RTGS
		{"Trần Thị Mai", "tran thi mai", nil},                               // Vietnamese folded
		{"Phạm Đức Long", "pham duc long", nil},                             // đ is d
		{"အောင်ကျော်မင်း", "aung kyaw min", nil},                            // Burmese syllables
		{"សុខ ដារ៉ា", "sok dara", nil},                                      // Khmer words
		{"Santos, Maria Clara", "santos maria clara", nil},                  // comma form
		{"Mohd Faizal bin Ahmad", "muhammad faizal ahmad", nil},             // prefix spelled out, bin dropped
		{"Jeong Ha-neul", "jeong haneul", nil},                              // hyphen joins
	} {
		got := Transliterations(c.name)
		if len(got) == 0 || got[0] != c.first {
			t.Errorf("%s: first reading %q, want %q (all: %v)", c.name, first(got), c.first, got)
			continue
		}
		for _, want := range c.include {
			if !slices.Contains(got, want) {
				t.Errorf("%s: readings lack %q: %v", c.name, want, got)
			}
		}
	}
}

func first(s []string) string {
	if len(s) == 0 {
		return ""
	}
	return s[0]
}

// Two spellings of one name compare as the same name whatever the
// order, split, script or romanisation; the name is then the main reason.
func TestNamesMatchAcrossScriptsAndSpellings(t *testing.T) {
	for _, p := range [][2]string{
		{"정하늘", "Jeong Ha-neul"}, {"정하늘", "Chung Ha Nul"}, {"Jeong Ha-neul", "Jeong Haneul"}, {"Jeong Ha Neul", "Jeong Haneul"},
		{"이민호", "Rhee Min-ho"}, {"Park Seo-jun", "Bak Seojun"}, {"Choe Yuri", "Choi Yu-ri"},
		{"王建国", "Jianguo Wang"}, {"王建国", "Wang Jian Guo"}, {"黄志明", "Ng Chee Meng"}, {"Huang Zhiming", "Wong Chi Ming"},
		{"陈美玲", "Tan Mei Ling"}, {"Chan Mei Ling", "Chen Meiling"},
		{"สมชาย ใจดี", "Somchai Jaidee"}, {"นภา ศรีสุข", "Napha Srisuk"}, {"Naphaa Sri-suk", "Napha Srisuk"},
		{"Trần Thị Mai", "Mai Tran Thi"}, {"Maria Clara Santos", "Santos, Maria Clara"},
		{"M. Rizky Pratama", "Muhammad Rizky Pratama"}, {"Muhd Faizal bin Ahmad", "Mohamad Faizal Ahmad"},
		{"Aung Kyaw Min", "အောင်ကျော်မင်း"}, {"Sok Dara", "សុខ ដារ៉ា"},
	} {
		m := compareNames(parseName(p[0], false), parseName(p[1], false))
		if m.weight < wNameShort {
			t.Errorf("%s vs %s: name weight %.1f (%s), want a full match", p[0], p[1], m.weight, m.reason)
		}
	}
}

// A given name one syllable, one letter or one tone mark apart is
// another person's: the names weigh against.
func TestNamesOneSyllableApartDiffer(t *testing.T) {
	for _, p := range [][2]string{
		{"Kim Ji-woo", "Kim Ji-hoo"}, {"Ng Chee Meng", "Ng Chee Keong"}, {"Nguyen Thi Lan", "Nguyen Thi Lanh"},
		{"Rizky Pratama", "Rizki Saputra"}, {"Trần Thị Mai", "Trần Thị Mại"}, {"Jeong Ha-neul", "Jeong Ha-eun"},
		{"王建国", "Wang Jianhua"}, {"Aung Kyaw Min", "Aung Kyaw Moe"}, {"สมชาย ใจดี", "Somsak Jaidee"},
	} {
		m := compareNames(parseName(p[0], false), parseName(p[1], false))
		if m.weight >= 0 {
			t.Errorf("%s vs %s: name weight %.1f (%s), want a negative weight", p[0], p[1], m.weight, m.reason)
		}
	}
}

// Folding diacritics is right against a name typed without them, but
// not between two names that both carry them.
func TestVietnameseToneMarks(t *testing.T) {
	plain := compareNames(parseName("Tran Thi Mai", false), parseName("Trần Thị Mại", false))
	marked := compareNames(parseName("Trần Thị Mai", false), parseName("Trần Thị Mại", false))
	if plain.weight <= 0 || marked.weight >= 0 {
		t.Errorf("plain vs marked %.1f (%s); marked vs marked %.1f (%s)", plain.weight, plain.reason, marked.weight, marked.reason)
	}
}
