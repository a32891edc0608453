package graph

import (
	"strings"
	"testing"
)

// TestValuesAreReadAsAgenciesWriteThem: the spellings docs/formats.md
// promises are read as the canonical value; a near miss is refused with
// the allowed values, plainly, and the one meant.
func TestValuesAreReadAsAgenciesWriteThem(t *testing.T) {
	for _, c := range []struct {
		in      string
		allowed []string
		want    string
	}{
		{"M", Genders, "MALE"}, {"f", Genders, "FEMALE"}, {"female", Genders, "FEMALE"}, {"X", Genders, "OTHER"}, {"U", Genders, "UNKNOWN"},
		{"held", VictimStatuses, "HELD"}, {" Repatriated ", VictimStatuses, "REPATRIATED"},
		{"pig butchering", ScamTypes, "PIG_BUTCHERING"}, {"crypto-investment", ScamTypes, "CRYPTO_INVESTMENT"},
		{"ransom", PaymentReasons, "RANSOM"}, {"facebook", Channels, "FACEBOOK"}, {"e-wallet", AccountKinds, "E_WALLET"},
		{"recruitment agency", OrgKinds, "RECRUITMENT_AGENCY"}, {"tel", IdentifierKinds, "PHONE"},
	} {
		if got, ok := CanonicalEnum(c.in, c.allowed); !ok || got != c.want {
			t.Errorf("%q: got %q %v, want %q", c.in, got, ok, c.want)
		}
	}
	// A short form counts only where its value is allowed.
	if _, ok := CanonicalEnum("U", CompoundStatuses[:2]); ok {
		t.Error("U read as a value its vocabulary does not have")
	}
	if got := EnumReason("femal", Genders); got != "must be one of MALE, FEMALE, OTHER, UNKNOWN; did you mean FEMALE?" {
		t.Errorf("near miss: %q", got)
	}
	if got := EnumReason("purple", Genders); strings.Contains(got, "did you mean") || strings.Contains(got, "purple") {
		t.Errorf("far miss: %q (no guess, never the value)", got)
	}

	for in, want := range map[string]string{"kh": "KH", "KHM": "KH", "Thailand": "TH", "KOR": "KR", "south korea": "KR", "Viet Nam": "VN"} {
		if got, err := NormalizeCountry(in); err != nil || got != want {
			t.Errorf("country %q: got %q, %v; want %s", in, got, err, want)
		}
	}
	_, err := NormalizeCountry("Thailnd")
	if err == nil || !strings.Contains(err.Error(), "did you mean TH (Thailand)?") {
		t.Errorf("a misspelt country: %v", err)
	}
	// Ids stay exact: a country id names the code, never a name.
	for _, id := range []string{"country:THA", "country:Thailand", "country:th"} {
		if _, err := ParseEntityID(id); err == nil {
			t.Errorf("%s parsed as an id", id)
		}
	}
}

// TestAWriteStoresTheCanonicalValue: what is stored is the canonical
// spelling, whatever the file wrote.
func TestAWriteStoresTheCanonicalValue(t *testing.T) {
	g, st := Gender("f"), VictimStatus("held")
	p, err := PreparePerson(PersonInput{CaseID: "C-1", Ref: ptr("V1"), Name: ptr("A"), Gender: &g, Status: &st, Nationality: []string{"Thailand"}}, "", []Label{RoleVictim}, "")
	if err != nil {
		t.Fatal(err)
	}
	if p.Entity.Props["gender"] != "FEMALE" || p.Entity.Props["status"] != "HELD" {
		t.Errorf("stored %v, %v", p.Entity.Props["gender"], p.Entity.Props["status"])
	}
}
