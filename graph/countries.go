package graph

import (
	"context"
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

// seedCountriesCypher creates or refreshes every country; re-running it
// changes nothing.
var seedCountriesCypher = `
UNWIND $countries AS row
MERGE (c:Country {code: row.code})
ON CREATE SET c:Entity, c.id = row.id, c.name = row.name, c.region = row.region, c.sortName = toLower(row.name)
WITH c, row WHERE c.name <> row.name OR c.region <> row.region OR c.sortName IS NULL
SET c.name = row.name, c.region = row.region, c.sortName = toLower(row.name)`

// SeedCountries makes sure all countries exist.
func (s *Store) SeedCountries(ctx context.Context) error {
	rows := make([]map[string]any, 0, 260)
	for _, c := range AllCountries() {
		rows = append(rows, map[string]any{"id": c.ID, "code": c.Code, "name": c.Name, "region": c.Region})
	}
	return s.write(ctx, func(r runner) error {
		_, err := r.collect(ctx, "seed_countries", seedCountriesCypher, map[string]any{"countries": rows})
		return err
	})
}
