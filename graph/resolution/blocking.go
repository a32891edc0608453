package resolution

import (
	"sort"
	"strings"
)

// maxBlockingKeys caps the keys of one profile: a Han name with dialect
// spellings of every syllable has many readings.
const maxBlockingKeys = 256

// BlockingKeys are short strings such that two profiles of one person
// share at least one key in nearly every case, while a key is shared by
// few different people (never a surname alone). Only name-derived keys:
// shared identifiers and accounts are found through the graph. Keys are
// single tokens of [a-z0-9_].
//
// A key is "n_" and the sorted letters of the phonetic keys of all the
// words of one reading of a name: sorting the letters makes it blind to
// word order and to where a name is split (Ha Neul, Haneul), and one key
// per reading (Lee, Yi, Rhee; Huang, Ng, Wong) lets the spellings meet.
// A name of three words or more also gives its keys without each one
// word (a middle name in one file only: Nguyen Van Hung, Hung Nguyen),
// but never down to fewer than two words.
func BlockingKeys(p Profile) []string {
	org := strings.EqualFold(p.Kind, "Organization")
	seen := map[string]bool{}
	var out []string
	for _, name := range p.Names {
		pn := parseName(name, org)
		var variants [][]token
		variants = append(variants, pn.tokens)
		if len(pn.tokens) >= 3 {
			for drop := range pn.tokens {
				v := append(append([]token(nil), pn.tokens[:drop]...), pn.tokens[drop+1:]...)
				variants = append(variants, v)
			}
		}
		for _, ts := range variants {
			if len(ts) == 0 || (len(ts) == 1 && !org && len(pn.tokens) == 1) {
				// A one-word name (Aung, Sok) is too common to block on
				// alone; the word is still a key when it is all the name
				// there is, for an organisation.
				if len(ts) == 0 {
					continue
				}
			}
			var lists [][]string
			for _, t := range ts {
				lists = append(lists, t.keys)
			}
			for _, reading := range product(lists, "") {
				if len(out) >= maxBlockingKeys {
					return out
				}
				k := "n_" + sortedLetters(reading)
				if len(k) > 4 && !seen[k] {
					seen[k] = true
					out = append(out, k)
				}
			}
		}
	}
	return out
}

func sortedLetters(s string) string {
	b := []byte(s)
	sort.Slice(b, func(i, j int) bool { return b[i] < b[j] })
	return string(b)
}
