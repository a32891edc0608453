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

// NormalizeCountry accepts an ISO alpha-2 code in any case and returns it in
// upper case, or an error that names the expected form.
func NormalizeCountry(code string) (string, error) {
	AllCountries()
	c := strings.ToUpper(strings.TrimSpace(code))
	if _, ok := countryByA2[c]; !ok {
		return "", &ValidationError{Reason: "not an ISO 3166-1 alpha-2 country code (such as KH, TH, KR)"}
	}
	return c, nil
}
