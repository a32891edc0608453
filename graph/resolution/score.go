package resolution

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// The score is a naive-Bayes style sum: each signal adds its weight in
// log-odds to a prior against a match (two profiles picked from a case
// load are almost never one entity), and Score is the logistic of the
// sum. Weights are set by hand from what each signal means, not fitted:
// the labelled pairs are too few to fit on, and a reviewer can follow
// "name +3.7, birth date +3, nationality +0.7".
const (
	wPrior            = -4.0
	wSameNationality  = 0.7
	wNationalityOther = -3.0
	wSameGender       = 0.5
	wGenderOther      = -4.0
	wSharedStrong     = 6.0 // the first shared identifier or account
	wSharedMore       = 1.5 // each further one
	wDocumentOther    = -4.0
	wContactOther     = -0.3 // people keep several phones and handles
	wSharedNeighbour  = 1.5
	wNeighbourMore    = 0.5
	maxNeighbours     = 3
)

// documentKinds identify one person or organisation each: two different
// values of one kind contradict. Phones, handles and e-mails do not: one
// person holds several.
func documentKind(kind string) bool {
	switch kind {
	case "PASSPORT", "NATIONAL_ID":
		return true
	}
	return strings.Contains(kind, "REGISTRATION") || strings.Contains(kind, "TAX") || strings.Contains(kind, "LICENSE") || strings.Contains(kind, "LICENCE")
}

type evidence struct {
	weight float64
	reason string
}

// Compare scores whether a and b are one person or organisation: Score
// in 0..1 (suggest at DefaultThreshold and above) and the reasons, most
// important first.
func Compare(a, b Profile) Match {
	return Prepare(a).Compare(Prepare(b))
}

// Prepared is a profile with its names parsed (transliterated and split
// into tokens, the costly part of a comparison), so that a store comparing
// each of a case's people with fifty candidates parses every name once.
type Prepared struct {
	Profile
	org   bool
	names []parsedName
}

// Prepare parses the profile's names.
func Prepare(p Profile) Prepared {
	pp := Prepared{Profile: p, org: strings.EqualFold(p.Kind, "Organization")}
	pp.names = parseNames(p.Names, pp.org)
	return pp
}

func parseNames(names []string, org bool) []parsedName {
	var out []parsedName
	for _, n := range names {
		if pn := parseName(n, org); len(pn.tokens) > 0 {
			out = append(out, pn)
		}
	}
	return out
}

// Compare is Compare of two prepared profiles.
func (a Prepared) Compare(b Prepared) Match {
	if a.Kind != "" && b.Kind != "" && !strings.EqualFold(a.Kind, b.Kind) {
		return Match{Score: 0, Reasons: []string{fmt.Sprintf("different kinds: %s vs %s", a.Kind, b.Kind)}}
	}
	org := a.org || b.org
	var ev []evidence
	add := func(w float64, reason string) {
		if reason != "" {
			ev = append(ev, evidence{w, reason})
		}
	}
	// A profile without a kind compared with an organisation reads its
	// names as an organisation's.
	an, bn := a.names, b.names
	if org && !a.org {
		an = parseNames(a.Names, true)
	}
	if org && !b.org {
		bn = parseNames(b.Names, true)
	}
	if nm, ok := bestNameMatch(an, bn); ok {
		add(nm.weight, nm.reason)
	}
	if !org {
		add(compareDates(a.BirthDate, b.BirthDate))
		add(compareGender(a.Gender, b.Gender))
	}
	add(compareNationalities(a.Nationalities, b.Nationalities))
	ev = append(ev, compareIdentifiers(a.Profile, b.Profile)...)
	ev = append(ev, compareNeighbours(a.Neighbours, b.Neighbours)...)

	total := wPrior
	for _, e := range ev {
		total += e.weight
	}
	sort.SliceStable(ev, func(i, j int) bool { return math.Abs(ev[i].weight) > math.Abs(ev[j].weight) })
	m := Match{Score: 1 / (1 + math.Exp(-total))}
	for _, e := range ev {
		m.Reasons = append(m.Reasons, e.reason)
	}
	return m
}

// bestNameMatch compares every name of a with every name of b (aliases
// included) and keeps the best.
func bestNameMatch(as, bs []parsedName) (nameMatch, bool) {
	best, found := nameMatch{}, false
	for _, px := range as {
		for _, py := range bs {
			if m := compareNames(px, py); !found || m.weight > best.weight {
				best, found = m, true
			}
		}
	}
	return best, found
}

func compareGender(a, b string) (float64, string) {
	a, b = strings.ToUpper(strings.TrimSpace(a)), strings.ToUpper(strings.TrimSpace(b))
	known := func(g string) bool { return g == "MALE" || g == "FEMALE" }
	switch {
	case !known(a) || !known(b):
		return 0, ""
	case a == b:
		return wSameGender, "same gender " + a
	}
	return wGenderOther, "different gender"
}

func compareNationalities(a, b []string) (float64, string) {
	if len(a) == 0 || len(b) == 0 {
		return 0, ""
	}
	for _, x := range a {
		for _, y := range b {
			if strings.EqualFold(x, y) {
				return wSameNationality, "same nationality " + strings.ToUpper(x)
			}
		}
	}
	return wNationalityOther, fmt.Sprintf("different nationality: %s vs %s", strings.Join(a, ","), strings.Join(b, ","))
}

// splitIdentifier cuts "KIND:value" and normalises the value for
// comparison: case, spaces, dashes, dots and a leading @ do not matter.
func splitIdentifier(s string) (kind, value, norm string) {
	kind, value, ok := strings.Cut(s, ":")
	if !ok {
		return "", s, ""
	}
	kind = strings.ToUpper(strings.TrimSpace(kind))
	norm = strings.ToLower(strings.TrimPrefix(strings.TrimSpace(value), "@"))
	norm = strings.NewReplacer(" ", "", "-", "", ".", "").Replace(norm)
	return kind, value, norm
}

// compareIdentifiers gives shared identifiers and accounts (strong: one
// phone or passport is rarely two people's) and contradicting documents.
func compareIdentifiers(a, b Profile) []evidence {
	var ev []evidence
	shared := 0
	addShared := func(reason string) {
		w := wSharedStrong
		if shared > 0 {
			w = wSharedMore
		}
		shared++
		ev = append(ev, evidence{w, reason})
	}
	bValues := map[string]map[string]bool{}
	for _, id := range b.Identifiers {
		k, _, n := splitIdentifier(id)
		if k == "" || n == "" {
			continue
		}
		if bValues[k] == nil {
			bValues[k] = map[string]bool{}
		}
		bValues[k][n] = true
	}
	aKinds := map[string]bool{}
	sharedKinds := map[string]bool{}
	for _, id := range a.Identifiers {
		k, v, n := splitIdentifier(id)
		if k == "" || n == "" {
			continue
		}
		aKinds[k] = true
		if bValues[k][n] && !sharedKinds[k+":"+n] {
			sharedKinds[k+":"+n] = true
			sharedKinds[k] = true
			addShared(fmt.Sprintf("shares %s %s", k, strings.TrimSpace(v)))
		}
	}
	kinds := make([]string, 0, len(aKinds))
	for k := range aKinds {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		if bValues[k] == nil || sharedKinds[k] {
			continue
		}
		if documentKind(k) {
			ev = append(ev, evidence{wDocumentOther, "different " + k})
		} else {
			ev = append(ev, evidence{wContactOther, "different " + k})
		}
	}
	bAccounts := map[string]bool{}
	for _, acc := range b.Accounts {
		bAccounts[strings.ToUpper(strings.TrimSpace(acc))] = true
	}
	seen := map[string]bool{}
	for _, acc := range a.Accounts {
		key := strings.ToUpper(strings.TrimSpace(acc))
		if bAccounts[key] && !seen[key] {
			seen[key] = true
			addShared("shares account " + strings.TrimSpace(acc))
		}
	}
	return ev
}

// compareNeighbours counts shared compounds, recruiters and
// organisations: two people of one name held in one compound are likely
// one. Capped, since a big compound links many people.
func compareNeighbours(a, b []string) []evidence {
	inB := map[string]bool{}
	for _, n := range b {
		inB[n] = true
	}
	var ev []evidence
	seen := map[string]bool{}
	for _, n := range a {
		if !inB[n] || seen[n] {
			continue
		}
		seen[n] = true
		w := wSharedNeighbour
		if len(ev) > 0 {
			w = wNeighbourMore
		}
		if len(ev) < maxNeighbours {
			ev = append(ev, evidence{w, "same neighbour " + n})
		}
	}
	return ev
}
