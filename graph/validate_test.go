package graph

import (
	"strings"
	"testing"
)

func TestNormalizePhoneMeetsOnE164(t *testing.T) {
	cases := []struct{ raw, region, want string }{
		{"010-1234-5678", "KR", "+821012345678"},
		{"+82 10 1234 5678", "", "+821012345678"},
		{"+855 96 999 0001", "KH", "+855969990001"},
		{"081 234 5678", "TH", "+66812345678"},
	}
	for _, c := range cases {
		got, err := NormalizePhone(c.raw, c.region)
		if err != nil || got != c.want {
			t.Errorf("NormalizePhone(%q, %q) = %q, %v; want %q", c.raw, c.region, got, err, c.want)
		}
	}
	for _, bad := range []string{"12", "not a phone", "+82 1"} {
		if _, err := NormalizePhone(bad, "KR"); err == nil {
			t.Errorf("NormalizePhone(%q) accepted a bad number", bad)
		}
	}
}

func TestIdentifierKeysNormalise(t *testing.T) {
	cases := []struct{ kind, value, region, key string }{
		{"TELEGRAM", "@SEA_Jobs_HR", "", "TELEGRAM:sea_jobs_hr"},
		{"TELEGRAM", "https://t.me/sea_jobs_hr", "", "TELEGRAM:sea_jobs_hr"},
		{"EMAIL", "Recruit@Example.COM", "", "EMAIL:recruit@example.com"},
		{"PASSPORT", "m 1234-5678", "", "PASSPORT:M12345678"},
		{"PHONE", "010 1234 5678", "KR", "PHONE:+821012345678"},
		{"URL", "https://Jobs.Example.com/apply/#top", "", "URL:https://jobs.example.com/apply"},
	}
	for _, c := range cases {
		key, _, err := IdentifierKey(c.kind, c.value, c.region)
		if err != nil || key != c.key {
			t.Errorf("IdentifierKey(%s, %q) = %q, %v; want %q", c.kind, c.value, key, err, c.key)
		}
	}
	if _, _, err := IdentifierKey("PASSPORT", "M1234567890123456789012", ""); err == nil {
		t.Error("an overlong passport number was accepted")
	}
}

func TestAccountKeyNormalisesNumbersAndAddresses(t *testing.T) {
	k1, _, _, errs := AccountKey("BANK", "KH", "", "ALOTKHPP", "", "000-999 0001", "")
	k2, _, _, errs2 := AccountKey("BANK", "KH", "", "alotkhpp", "", "0009990001", "")
	if len(errs)+len(errs2) > 0 || k1 != k2 || k1 != "BANK:KH:ALOTKHPP:0009990001" {
		t.Fatalf("same bank account written two ways: %q vs %q (%v %v)", k1, k2, errs, errs2)
	}
	tron := "TQ5Yb8nX1kWz3mVdLpH7rC9sJfE2gAu4Ko"
	k, _, _, errs := AccountKey("CRYPTO_WALLET", "", "tron", "", "", tron, "")
	if len(errs) > 0 || k != "CRYPTO_WALLET:TRON:"+tron {
		t.Fatalf("TRON key %q %v: base58 must keep its case", k, errs)
	}
	evm := "0xAbCdEf0123456789aBcDeF0123456789AbCdEf01"
	k, _, _, _ = AccountKey("CRYPTO_WALLET", "", "ETHEREUM", "", "", evm, "")
	if k != "CRYPTO_WALLET:ETHEREUM:"+strings.ToLower(evm) {
		t.Fatalf("EVM key %q: hex addresses are lower-cased", k)
	}
	if _, _, _, errs := AccountKey("BANK", "", "", "", "", "12345", ""); len(errs) != 2 {
		t.Fatalf("a bank account without country and institution: want 2 problems, got %v", errs)
	}
}

func TestPartialDates(t *testing.T) {
	for _, ok := range []string{"2025", "2025-06", "2025-06-20"} {
		if _, err := ParsePartialDate(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"2025-13", "2025-02-30", "20250620", "June 2025", "1850"} {
		if _, err := ParsePartialDate(bad); err == nil {
			t.Errorf("%s was accepted", bad)
		}
	}
}

func TestDecimalIsExact(t *testing.T) {
	a, _ := ParseDecimal("0.1")
	b, _ := ParseDecimal("0.2")
	if sum := a.Value().Add(b.Value()).String(); sum != "0.3" {
		t.Fatalf("0.1 + 0.2 = %s", sum)
	}
	if d, _ := ParseDecimal("12500.50"); d != "12500.5" {
		t.Fatalf("canonical form: %s", d)
	}
	if _, err := ParseDecimal("1e400x"); err == nil {
		t.Fatal("garbage accepted")
	}
}

func TestPersonValidationNamesEveryField(t *testing.T) {
	bad := "XX"
	gender := Gender("ROBOT")
	in := PersonInput{CaseID: "C-1", Name: ptr("A"), Nationality: []string{bad}, Gender: &gender,
		Identifiers: []IdentifierInput{{Kind: "PHONE", Value: "0009"}}}
	_, err := in.write("", []Label{RoleVictim}, "KR")
	errs, ok := err.(ValidationErrors)
	if !ok || len(errs) != 2 {
		t.Fatalf("want 2 problems, got %v", err)
	}
	fields := []string{errs[0].Field, errs[1].Field}
	want := []string{"input.nationality", "input.identifiers[0].value"}
	for i := range want {
		if fields[i] != want[i] {
			t.Errorf("problem %d is about %s, want %s", i, fields[i], want[i])
		}
	}
	// An optional value outside its vocabulary (issue 13) is left out with
	// a warning, not a problem that costs the record.
	in.Nationality, in.Identifiers = nil, nil
	w, err := in.write("", []Label{RoleVictim}, "KR")
	if err != nil || len(w.Warnings) != 1 || w.Warnings[0].Field != "input.gender" || w.Props["gender"] != nil {
		t.Fatalf("an unknown gender: %v, warnings %v, stored %v", err, w.Warnings, w.Props["gender"])
	}
}

func TestCountriesAreComplete(t *testing.T) {
	all := AllCountries()
	if len(all) < 249 {
		t.Fatalf("%d countries; ISO 3166-1 has 249", len(all))
	}
	for _, code := range []string{"KH", "MM", "LA", "TH", "PH", "KR", "CN", "ID", "VN", "IN", "KE"} {
		if _, err := NormalizeCountry(strings.ToLower(code)); err != nil {
			t.Errorf("%s: %v", code, err)
		}
	}
}

func ptr[T any](v T) *T { return &v }

// TestAnImpossibleDaySaysSo: 31 February is a day that does not exist,
// not a date in the wrong form.
func TestAnImpossibleDaySaysSo(t *testing.T) {
	for in, want := range map[string]string{
		"1999-02-31": "no such day: February 1999 has 28 days",
		"2024-02-30": "no such day: February 2024 has 29 days",
		"2025-04-31": "no such day: April 2025 has 30 days",
		"2025-13-01": "want an ISO date YYYY, YYYY-MM or YYYY-MM-DD",
		"31/02/1999": "want an ISO date YYYY, YYYY-MM or YYYY-MM-DD",
	} {
		if _, err := ParsePartialDate(in); err == nil || err.Error() != want {
			t.Errorf("%s: %v, want %q", in, err, want)
		}
	}
	if d, err := ParsePartialDate("2024-02-29"); err != nil || d != "2024-02-29" {
		t.Errorf("a leap day: %q %v", d, err)
	}
}
