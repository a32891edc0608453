package resolution

import (
	"sort"
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
// per reading (Lee, Yi, Rhee; Huang, Ng, Wong) lets the spellings meet. A
// name of three words or more also gives its keys without each inner
// word (a middle name in one file only: Nguyen Van Hung, Hung Nguyen);
// the first and last words stay, so that no key is a surname with a
// common middle name (Nguyen Thi). A person's name of one word gives no
// key: alone it is most often a surname (Kim, Tan). An organisation's
// one-word name is a key.
func BlockingKeys(p Profile) []string {
	return Prepare(p).BlockingKeys()
}

// BlockingKeys are the profile's BlockingKeys, from its parsed names.
func (p Prepared) BlockingKeys() []string {
	org := p.org
	seen := map[string]bool{}
	var out []string
	for _, pn := range p.names {
		if len(pn.tokens) == 1 && !org {
			continue
		}
		variants := [][]token{pn.tokens}
		for drop := 1; drop < len(pn.tokens)-1; drop++ {
			variants = append(variants, append(append([]token(nil), pn.tokens[:drop]...), pn.tokens[drop+1:]...))
		}
		for _, ts := range variants {
			var lists [][]string
			for _, t := range ts {
				if pn.script == "Han" {
					// Pinyin alone: a Latin word carries the pinyin of
					// the dialect spellings it may be (Ng: huang), so
					// the Han side need not carry every dialect reading
					// (about a hundred keys for 黄志明).
					lists = append(lists, t.keys[:1])
				} else {
					lists = append(lists, t.keys)
				}
			}
			for _, reading := range product(lists, "") {
				if len(out) >= maxBlockingKeys {
					return out
				}
				if k := "n_" + sortedLetters(reading); !seen[k] {
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
