package names

import (
	"slices"
	"testing"
)

// RTGS of common Thai names as the Royal Institute writes them, read
// from its rules (pythainlp's royin gives the same).
func TestRomanizeThai(t *testing.T) {
	for in, want := range map[string][]string{
		"สมชาย ใจดี": {"somchai", "chaidi"},
		"นภา ศรีสุข": {"napha", "sisuk"},
		"สมศักดิ์":   {"somsak"}, // ์ silences ดิ
		"สุดา":       {"suda"},
		"ประเสริฐ":   {"prasoet"},
		"แก้ว":       {"kaeo"}, // tone mark dropped, final ว is o
		"เขียว":      {"khiao"},
		"บุญมี":      {"bunmi"},
		"วิชัย":      {"wichai"},
	} {
		if got, _ := RomanizeThai(in); !slices.Equal(got, want) {
			t.Errorf("RomanizeThai(%q) = %v, want %v", in, got, want)
		}
	}
	// ศรี is si in RTGS but Sri in most names: both are offered.
	if _, alts := RomanizeThai("ศรีสุข"); len(alts) != 1 || !slices.Contains(alts[0], "srisuk") {
		t.Errorf("ศรีสุข: alternatives %v lack srisuk", alts)
	}
}

func TestRomanizeBurmeseAndKhmer(t *testing.T) {
	if got, ok := RomanizeBurmese("အောင်ကျော်မင်း"); !ok || !slices.Equal(got, []string{"aung", "kyaw", "min"}) {
		t.Errorf("Burmese: %v %v", got, ok)
	}
	if got, ok := RomanizeKhmer("សុខ ដារ៉ា"); !ok || !slices.Equal(got, []string{"sok", "dara"}) {
		t.Errorf("Khmer: %v %v", got, ok)
	}
	// A syllable outside the table is reported, not guessed.
	if _, ok := RomanizeBurmese("အောင်ဿ"); ok {
		t.Error("an unknown Burmese syllable was read")
	}
}

func TestReadHanNameGivesPinyinThenDialects(t *testing.T) {
	n := ReadHanName("黄志明")
	if len(n.Surname) == 0 || n.Surname[0] != "huang" {
		t.Fatalf("surname %v: pinyin first", n.Surname)
	}
	for _, s := range []string{"ng", "wong", "wee", "oei"} {
		if !slices.Contains(n.Surname, s) {
			t.Errorf("黄 lacks %s: %v", s, n.Surname)
		}
	}
	if len(n.Given) != 2 || n.Given[0][0] != "zhi" || !slices.Contains(n.Given[0], "chee") || !slices.Contains(n.Given[1], "meng") {
		t.Errorf("given %v", n.Given)
	}
	if n := ReadHanName("欧阳明"); len(n.Given) != 1 || n.Surname[0] != "ouyang" {
		t.Errorf("compound surname: %+v", n)
	}
	if got := HanSurnamesSpelled("ng"); !slices.Contains(got, "huang") || !slices.Contains(got, "wu") {
		t.Errorf("Ng stands for 黄 and 吴: %v", got)
	}
}

func TestKoreanSyllableSpellings(t *testing.T) {
	for syl, want := range map[string][]string{
		"늘": {"neul", "nul"},
		"준": {"jun", "chun"},
		"우": {"u", "woo"},
		"서": {"seo", "so"},
		"도": {"do", "to"},
	} {
		got := KoreanSyllableSpellings(syl)
		if got[0] != want[0] {
			t.Errorf("%s: RR %q first, got %v", syl, want[0], got)
		}
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("%s: %v lacks %s", syl, got, w)
			}
		}
	}
	if KoreanSyllableSpellings("ab") != nil {
		t.Error("non-Hangul read")
	}
	if got := KoreanSurnamesSpelled("rhee"); !slices.Contains(got, "이") {
		t.Errorf("rhee: %v", got)
	}
}
