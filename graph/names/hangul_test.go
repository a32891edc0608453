package names

import (
	"slices"
	"testing"
)

// Revised Romanisation as the National Institute of Korean Language writes
// names, syllable by syllable, for the names of the labelled pairs
// (testdata/resolution) and the demo's victims.
func TestRomanizeKoreanName(t *testing.T) {
	cases := map[string]string{
		"정하늘":  "jeong haneul",
		"이민호":  "i minho",
		"박서준":  "bak seojun",
		"최유리":  "choe yuri",
		"강도윤":  "gang doyun",
		"김민준":  "gim minjun",
		"김지우":  "gim jiu",
		"남궁민":  "namgung min",
		"남민수":  "nam minsu",
		"권 나연": "gwon nayeon",
		"한도윤":  "han doyun",
		"Kim":  "",
		"":     "",
	}
	for in, want := range cases {
		if got := RomanizeKoreanName(in); got != want {
			t.Errorf("RomanizeKoreanName(%q) = %q, want %q", in, got, want)
		}
	}
}

// Every syllable of the Hangul block romanises to Latin letters only, and
// the three parts of a syllable are read from Unicode's arithmetic: the
// first and last syllables and a few in between, checked by hand.
func TestHangulSyllablesCoverTheBlock(t *testing.T) {
	for r := rune(firstSyllable); r <= lastSyllable; r++ {
		s := HangulSyllables(string(r))
		if len(s) != 1 || s[0] == "" {
			t.Fatalf("%U: %v", r, s)
		}
		for _, c := range s[0] {
			if c < 'a' || c > 'z' {
				t.Fatalf("%U romanises to %q", r, s[0])
			}
		}
	}
	for in, want := range map[string]string{"가": "ga", "힣": "hit", "닭": "dak", "값": "gap", "의": "ui", "쌍": "ssang", "뙈": "ttwae"} {
		if got := HangulSyllables(in); !slices.Equal(got, []string{want}) {
			t.Errorf("%s: %v, want %s", in, got, want)
		}
	}
}

func TestKoreanSurnameSpellings(t *testing.T) {
	for surname, want := range map[string][]string{
		"이": {"i", "lee", "yi", "rhee", "ri", "rhie"},
		"박": {"bak", "park", "pak", "bahk"},
		"최": {"choe", "choi", "chey"},
		"정": {"jeong", "chung", "jung", "chong", "cheong"},
		"뷁": {"bwek"}, // ㄺ at the end of a syllable is k
		"K": nil,
	} {
		if got := KoreanSurnameSpellings(surname); !slices.Equal(got, want) {
			t.Errorf("KoreanSurnameSpellings(%q) = %v, want %v", surname, got, want)
		}
	}
}
