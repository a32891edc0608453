package resolution

import (
	"regexp"
	"slices"
	"testing"
)

var keyPattern = regexp.MustCompile(`^[a-z0-9_]+$`)

func TestBlockingKeysAreSingleTokens(t *testing.T) {
	for _, n := range []string{"정하늘", "黄志明", "Santos, Maria Clara", "สมชาย ใจดี", "Trần Thị Mai", "အောင်ကျော်မင်း", "O'Brien-Smith, J."} {
		keys := BlockingKeys(person(n))
		if len(keys) == 0 {
			t.Errorf("%s: no keys", n)
		}
		for _, k := range keys {
			if !keyPattern.MatchString(k) {
				t.Errorf("%s: key %q", n, k)
			}
		}
	}
}

// No key is a surname alone: a one-word name gives none, and a longer
// name keeps at least two words in every key.
func TestBlockingKeysNeverASurnameAlone(t *testing.T) {
	for _, n := range []string{"Kim", "Nguyen", "王", "김"} {
		if keys := BlockingKeys(person(n)); len(keys) != 0 {
			t.Errorf("%s alone gives keys %v", n, keys)
		}
	}
	surnameKeys := map[string]bool{}
	for _, n := range []string{"Kim", "Nguyen", "Tran", "Wang", "Huang", "Ng", "Lee", "Park"} {
		for _, r := range Transliterations(n) {
			surnameKeys["n_"+sortedLetters(phoneticKey(r))] = true
		}
	}
	for _, n := range []string{"Kim Ji-woo", "Nguyen Thi Lan", "Tran Van Hung", "王伟", "黄志明", "이민호", "박서준"} {
		for _, k := range BlockingKeys(person(n)) {
			if surnameKeys[k] {
				t.Errorf("%s: key %s is a surname alone", n, k)
			}
		}
	}
}

// Look-alikes one syllable apart fall in different blocks, where their
// names allow it; spellings of one name fall in one.
func TestBlockingKeysSeparateAndJoin(t *testing.T) {
	meet := func(a, b string) bool {
		ka, kb := BlockingKeys(person(a)), BlockingKeys(person(b))
		return slices.ContainsFunc(ka, func(k string) bool { return slices.Contains(kb, k) })
	}
	for _, p := range [][2]string{{"Kim Ji-woo", "Kim Ji-hoo"}, {"Ng Chee Meng", "Ng Chee Keong"}, {"Choi Yu-ri", "Choi Yu-jin"}} {
		if meet(p[0], p[1]) {
			t.Errorf("%s and %s share a key", p[0], p[1])
		}
	}
	for _, p := range [][2]string{{"정하늘", "Chung Ha Nul"}, {"Hung Nguyen", "Nguyễn Văn Hùng"}, {"Huang Zhiming", "Ng Chee Meng"}, {"Do-yun Kang", "Kang Doyun"}} {
		if !meet(p[0], p[1]) {
			t.Errorf("%s and %s share no key", p[0], p[1])
		}
	}
}
