package resolution

import (
	"fmt"
	"sort"
	"strings"

	"github.com/adrg/strutil"
	"github.com/adrg/strutil/metrics"
)

// Weights of the name signal, in log-odds (see score.go). A full match
// of a name of three or more syllables lifts the prior almost to even; a
// short name (a surname and one syllable: Wang Wei, Li Wei) is shared by
// so many people that it lifts less. Given names that differ, even by one
// syllable or one tone mark, are different people.
const (
	wNameFull    = 3.7
	wNameShort   = 2.5
	wMiddleExtra = -0.6 // per word present in one name only, at most two
	wNamePart    = 0.0
	wNameNear    = -1.5
	wNameDiffer  = -3.0
	// nearSimilarity is the Jaro-Winkler similarity (of phonetic keys)
	// from which two unmatched words count as close (Lan ~ Lanh) rather
	// than unrelated.
	nearSimilarity = 0.85
)

// A pair is word i of one name and word j of the other, with the key
// they share or their similarity.
type pair struct {
	i, j int
	key  string
	sim  float64
}

type nameMatch struct {
	weight float64
	reason string
}

var jaroWinkler = metrics.NewJaroWinkler()

// compareNames compares two names word by word, as sets: the order of
// the words does not matter (Mai Tran Thi is Tran Thi Mai), adjacent words
// on one side may form one word on the other (Ha Neul, Haneul), and a word
// present in one name only (a middle name) costs a little.
func compareNames(a, b parsedName) nameMatch {
	ta := append([]token(nil), a.tokens...)
	tb := append([]token(nil), b.tokens...)
	if len(ta) == 0 || len(tb) == 0 {
		return nameMatch{}
	}
	// Merge on the side with more words first: it is usually the one
	// that splits (Chee Meng against 志明), and joining the other side's
	// readings instead would multiply them for nothing.
	for changed := true; changed; {
		changed = false
		if len(ta) >= len(tb) {
			ta, changed = mergeRuns(ta, tb)
		}
		if !changed {
			tb, changed = mergeRuns(tb, ta)
		}
		if !changed && len(ta) < len(tb) {
			ta, changed = mergeRuns(ta, tb)
		}
	}

	var exact, conflicts, near []pair
	usedA, usedB := make([]bool, len(ta)), make([]bool, len(tb))
	for i := range ta {
		for j := range tb {
			if usedB[j] {
				continue
			}
			if k := sharedKey(ta[i].keys, tb[j].keys); k != "" {
				usedA[i], usedB[j] = true, true
				if toneConflict(&ta[i], &tb[j], a.marked && b.marked) {
					conflicts = append(conflicts, pair{i: i, j: j})
				} else {
					exact = append(exact, pair{i: i, j: j, key: k})
				}
				break
			}
		}
	}
	var candidates []pair
	for i := range ta {
		for j := range tb {
			if !usedA[i] && !usedB[j] {
				candidates = append(candidates, pair{i: i, j: j, sim: bestSimilarity(ta[i].keys, tb[j].keys)})
			}
		}
	}
	sort.SliceStable(candidates, func(x, y int) bool { return candidates[x].sim > candidates[y].sim })
	for _, c := range candidates {
		if c.sim >= nearSimilarity && !usedA[c.i] && !usedB[c.j] {
			usedA[c.i], usedB[c.j] = true, true
			near = append(near, c)
		}
	}
	leftA, leftB := unused(ta, usedA), unused(tb, usedB)

	pairText := func(ps []pair) string {
		var s []string
		for _, p := range ps {
			s = append(s, ta[p.i].raw+" vs "+tb[p.j].raw)
		}
		return strings.Join(s, ", ")
	}
	switch {
	case len(exact) == 0:
		return nameMatch{wNameDiffer, fmt.Sprintf("names differ: %s vs %s", a.raw, b.raw)}
	case len(conflicts) > 0:
		return nameMatch{wNameDiffer, "tone marks differ: " + pairText(conflicts)}
	case len(leftA) > 0 && len(leftB) > 0:
		return nameMatch{wNameDiffer, fmt.Sprintf("names differ: %s vs %s", strings.Join(leftA, " "), strings.Join(leftB, " "))}
	case len(near) > 0:
		return nameMatch{wNameNear, "names close but different: " + pairText(near)}
	case len(exact) == 1 && (len(ta) > 1 || len(tb) > 1):
		return nameMatch{wNamePart, fmt.Sprintf("only one name word matches: %s ~ %s", ta[exact[0].i].raw, tb[exact[0].j].raw)}
	}

	syl := 0
	for _, p := range exact {
		syl += syllables(p.key)
	}
	w := wNameFull
	if syl < 3 {
		w = wNameShort
	}
	var notes []string
	variant := false
	for _, p := range exact {
		// A key other than that of the first (standard) reading of a word
		// means a variant spelling was needed: Chung for 정, Ng for 黄.
		variant = variant || p.key != phoneticKey(ta[p.i].forms[0]) || p.key != phoneticKey(tb[p.j].forms[0])
	}
	for _, p := range []parsedName{a, b} {
		if p.script != "Latin" {
			notes = append(notes, p.script+" romanised")
		}
	}
	if variant {
		notes = append(notes, "variant spelling")
	} else if differentlySpelled(ta, tb, exact) {
		notes = append(notes, "spelled differently")
	}
	if a.marked != b.marked {
		notes = append(notes, "diacritics folded")
	}
	sort.Slice(exact, func(x, y int) bool { return exact[x].i < exact[y].i })
	for k := 1; k < len(exact); k++ {
		if exact[k].j < exact[k-1].j {
			notes = append(notes, "name order differs")
			break
		}
	}
	extra := append(leftA, leftB...)
	if len(extra) > 0 {
		w += wMiddleExtra * float64(min(len(extra), 2))
		notes = append(notes, "in one name only: "+strings.Join(extra, " "))
	}
	if syl < 3 {
		notes = append(notes, "a short name")
	}
	reason := fmt.Sprintf("name: %s ~ %s", a.raw, b.raw)
	if a.raw == b.raw {
		reason = "same name " + a.raw
	}
	if len(notes) > 0 {
		reason += " (" + strings.Join(notes, ", ") + ")"
	}
	return nameMatch{w, reason}
}

// mergeRuns joins two or three adjacent words of x where together they
// spell a word of y that no word of x spells alone: Jian Guo for Jianguo,
// Chee Meng for the Han given name 志明.
func mergeRuns(x, y []token) ([]token, bool) {
	var wanted []token
	for _, yt := range y {
		if !spelledAlone(x, yt) {
			wanted = append(wanted, yt)
		}
	}
	if len(wanted) == 0 {
		return x, false
	}
	for l := 3; l >= 2; l-- {
		for i := 0; i+l <= len(x); i++ {
			run := x[i : i+l]
			var lists [][]string
			var raws []string
			written, marked := "", false
			for _, t := range run {
				lists = append(lists, t.forms)
				raws = append(raws, t.raw)
				written += t.written
				marked = marked || t.marked
			}
			joined := newToken(strings.Join(raws, " "), product(lists, ""), written, marked)
			for _, yt := range wanted {
				if sharedKey(joined.keys, yt.keys) != "" {
					return append(append(append([]token(nil), x[:i]...), joined), x[i+l:]...), true
				}
			}
		}
	}
	return x, false
}

func spelledAlone(x []token, yt token) bool {
	for _, t := range x {
		if sharedKey(t.keys, yt.keys) != "" {
			return true
		}
	}
	return false
}

func sharedKey(a, b []string) string {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return x
			}
		}
	}
	return ""
}

// bestSimilarity is the highest Jaro-Winkler similarity between the
// keys of two words (github.com/adrg/strutil).
func bestSimilarity(a, b []string) float64 {
	best := 0.0
	for _, x := range a {
		for _, y := range b {
			if s := strutil.Similarity(x, y, jaroWinkler); s > best {
				best = s
			}
		}
	}
	return best
}

func unused(ts []token, used []bool) []string {
	var out []string
	for i, t := range ts {
		if !used[i] {
			out = append(out, t.raw)
		}
	}
	return out
}

// differentlySpelled reports whether matched words differ in more than
// order, case, hyphens, diacritics or where the name is split: Somchai
// Chaidi and Somchai Jaidee do, Mai Tran Thi and Trần Thị Mai do not.
func differentlySpelled(ta, tb []token, ps []pair) bool {
	var x, y string
	for _, p := range ps {
		x += ta[p.i].forms[0]
		y += tb[p.j].forms[0]
	}
	return sortedLetters(x) != sortedLetters(y)
}
