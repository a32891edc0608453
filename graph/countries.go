package graph

import (
	"sort"
	"strings"
	"sync"

	"github.com/biter777/countries"
)

// Country is an ISO 3166-1 country. Countries exist from start-up, belong to
// no case and are visible in every scope.
type Country struct {
	ID     string `json:"id"`
	Code   string `json:"code"`
	Name   string `json:"name"`
	Region string `json:"region"`
}

func (Country) IsNode() {}

// GetID lets generic code read the id of any node type.
func (c Country) GetID() string { return c.ID }

// CountryID is the node id of a country code: "country:KH".
func CountryID(code string) string { return "country:" + code }

var (
	countryOnce sync.Once
	countryList []Country
	countryByA2 map[string]Country
)

// AllCountries is the ISO 3166-1 list (plus XK, Kosovo, which investigators
// and banks use though ISO has not assigned it), sorted by code.
func AllCountries() []Country {
	countryOnce.Do(func() {
		countryByA2 = map[string]Country{}
		for _, c := range countries.All() {
			a2 := c.Alpha2()
			if len(a2) != 2 {
				continue
			}
			region := c.Region().String()
			if region == "" || strings.Contains(region, "Unknown") {
				region = "Other"
			}
			ctry := Country{ID: CountryID(a2), Code: a2, Name: c.String(), Region: region}
			countryByA2[a2] = ctry
		}
		for _, c := range countryByA2 {
			countryList = append(countryList, c)
		}
		sort.Slice(countryList, func(i, j int) bool { return countryList[i].Code < countryList[j].Code })
	})
	return countryList
}

// NormalizeCountry reads a country as agencies write it: an ISO 3166-1
// alpha-2 or alpha-3 code or an English name, in any case ("kh", "KHM",
// "Cambodia"), and returns the alpha-2 code; or an error that names the
// expected form and, for a near miss, the country meant.
func NormalizeCountry(code string) (string, error) {
	AllCountries()
	c := strings.ToUpper(strings.TrimSpace(code))
	if _, ok := countryByA2[c]; ok {
		return c, nil
	}
	if len(c) > 2 {
		if a2 := countries.ByName(c).Alpha2(); len(a2) == 2 {
			if _, ok := countryByA2[a2]; ok {
				return a2, nil
			}
		}
	}
	reason := "not a country: give an ISO 3166-1 code (such as KH, TH, KR) or an English name"
	if a2 := nearestCountry(c); a2 != "" {
		reason += "; did you mean " + a2 + " (" + countryByA2[a2].Name + ")?"
	}
	return "", &ValidationError{Reason: reason}
}

// nearestCountry is the alpha-2 code of the country whose English name is
// a likely typo of name (see Nearest), or "".
func nearestCountry(name string) string {
	if len(name) < 4 {
		return "" // a mistyped code could be any of several countries
	}
	byName := map[string]string{}
	names := make([]string, 0, len(countryList))
	for _, c := range countryList {
		n := strings.ToUpper(c.Name)
		byName[n] = c.Code
		names = append(names, n)
	}
	return byName[Nearest(name, names)]
}
