package resolution

import (
	"encoding/json"
	"os"
	"testing"
)

// labelledPair is one pair of testdata/resolution/pairs.json (fictional
// people; see the README there).
type labelledPair struct {
	A, B labelledSide
	Same bool
	Why  string
}

type labelledSide struct {
	Name        string
	BirthDate   string
	Nationality string
	Gender      string
	Identifiers []struct{ Kind, Value string }
}

func (s labelledSide) profile(id string) Profile {
	p := Profile{ID: id, Kind: "Person", Names: []string{s.Name}, BirthDate: s.BirthDate, Gender: s.Gender}
	if s.Nationality != "" {
		p.Nationalities = []string{s.Nationality}
	}
	for _, i := range s.Identifiers {
		p.Identifiers = append(p.Identifiers, i.Kind+":"+i.Value)
	}
	return p
}

func loadPairs(t *testing.T) []labelledPair {
	t.Helper()
	return loadPairsFrom(t, "../../testdata/resolution/pairs.json")
}

func loadPairsFrom(t *testing.T, path string) []labelledPair {
	t.Helper()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var file struct{ Pairs []labelledPair }
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	return file.Pairs
}

// Precision and recall at DefaultThreshold on the labelled pairs: the
// measure issue 16 asks for (fails under 0.9, target 0.95).
func TestPrecisionAndRecallOnLabelledPairs(t *testing.T) {
	pairs := loadPairs(t)
	if len(pairs) < 60 {
		t.Fatalf("only %d labelled pairs", len(pairs))
	}
	precision, recall := measure(t, pairs)
	if precision < 0.9 || recall < 0.9 {
		t.Errorf("precision %.3f, recall %.3f: both must be at least 0.9", precision, recall)
	}
}

// The held-out pairs (testdata/resolution/heldout.json) were written after
// the rules were set, to measure how they carry over to names they were
// not built on. They are measured and logged, not tuned on; the test
// fails only if the rules fall apart there (under 0.8).
func TestPrecisionAndRecallOnHeldOutPairs(t *testing.T) {
	pairs := loadPairsFrom(t, "../../testdata/resolution/heldout.json")
	precision, recall := measure(t, pairs)
	for i, p := range pairs {
		if p.Same && !shareKey(BlockingKeys(p.A.profile("a")), BlockingKeys(p.B.profile("b"))) {
			t.Logf("held-out true pair %d (%q, %q) shares no blocking key", i, p.A.Name, p.B.Name)
		}
	}
	if precision < 0.8 || recall < 0.8 {
		t.Errorf("held out: precision %.3f, recall %.3f", precision, recall)
	}
}

// measure compares each pair at DefaultThreshold, logs the misclassified
// ones and returns precision and recall.
func measure(t *testing.T, pairs []labelledPair) (precision, recall float64) {
	t.Helper()
	var tp, fp, fn, tn int
	for i, p := range pairs {
		m := Compare(p.A.profile("a"), p.B.profile("b"))
		// Comparison is symmetric in its verdict.
		if back := Compare(p.B.profile("b"), p.A.profile("a")); (back.Score >= DefaultThreshold) != (m.Score >= DefaultThreshold) {
			t.Errorf("pair %d: %.3f one way, %.3f the other", i, m.Score, back.Score)
		}
		suggested := m.Score >= DefaultThreshold
		switch {
		case suggested && p.Same:
			tp++
		case suggested && !p.Same:
			fp++
		case !suggested && p.Same:
			fn++
		default:
			tn++
		}
		if suggested != p.Same {
			t.Logf("misclassified pair %d (same=%v, %s): %q vs %q: score %.3f, reasons %q", i, p.Same, p.Why, p.A.Name, p.B.Name, m.Score, m.Reasons)
		}
	}
	precision = float64(tp) / float64(max(tp+fp, 1))
	recall = float64(tp) / float64(max(tp+fn, 1))
	t.Logf("at threshold %.2f: precision %.3f, recall %.3f (%d true pairs found, %d false suggestions, %d missed, %d look-alikes kept apart)",
		DefaultThreshold, precision, recall, tp, fp, fn, tn)
	return precision, recall
}

// Every true pair must meet in at least one blocking key, or the store
// would never compare them; look-alikes meeting is fine (blocking only
// chooses what to compare), and is reported.
func TestBlockingKeysMeetForEveryTruePair(t *testing.T) {
	meetLookAlikes, lookAlikes := 0, 0
	for i, p := range loadPairs(t) {
		shared := shareKey(BlockingKeys(p.A.profile("a")), BlockingKeys(p.B.profile("b")))
		if p.Same && !shared {
			t.Errorf("pair %d (%s): %q and %q share no blocking key", i, p.Why, p.A.Name, p.B.Name)
		}
		if !p.Same {
			lookAlikes++
			if shared {
				meetLookAlikes++
			}
		}
	}
	t.Logf("%d of %d look-alike pairs share a blocking key (they are then compared and kept apart by the score)", meetLookAlikes, lookAlikes)
}

func shareKey(a, b []string) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}
