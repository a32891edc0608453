package graph_test

// Fuzz targets for the input normalisers that give entities their natural
// keys: a value that normalises differently the second time would split one
// phone, identifier or account into two nodes. They need no database.
// Run one with: go test -run '^$' -fuzz '^FuzzIdentifierKey$' -fuzztime 30s ./graph/
// (scripts/fuzz.sh runs them all).

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/scamgraph/scamgraph/graph"
)

// fuzzMarker is a passport number and, as its digits, a phone number that
// no error message may repeat.
const fuzzMarker = "ZZ98765432"

var fuzzHostile = []string{
	`'}) MATCH (n) DETACH DELETE n //`,
	`{ __schema { types { name } } }`,
	`'"` + "`" + `\'\"\\`,
	"a\x00b",
	"\xff\xfe\xfd",
	"\xc3\x28",
	strings.Repeat("9", 100<<10),
	"สมชาย", "សុខ ដារ៉ា", "김민준", "王小明", "Nguyễn Văn An",
	"\u0e51\u0e52\u0e53\u0e54\u0e55\u0e56\u0e57\u0e58",             // Thai digits
	"\uff10\uff18\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18", // full-width digits
	"\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668",             // Arabic-Indic digits
}

// e164 is the shape of the output. E.164 allows 15 digits, but
// libphonenumber knows valid German numbers of more (+49 and 14 digits).
var e164 = regexp.MustCompile(`^\+[1-9][0-9]+$`)

func FuzzNormalizePhone(f *testing.F) {
	for _, s := range [][2]string{
		{"010-1234-5678", "KR"}, {"+82 10 1234 5678", ""}, {"+855 96 999 0001", "KH"}, {"081 234 5678", "TH"},
		{"012 345 678", "KH"}, {"+66 81 234 5678", ""}, {"0912 345 678", "VN"}, {"+86 138 0013 8000", ""},
		{"+39 06 1234 5678", ""}, {"06 1234 5678", "IT"}, {"+1 201-555-0123", ""}, {"(201) 555-0123", "US"},
		{"+44 20 7946 0958 ext. 12", ""}, {"tel:+66-81-234-5678", ""}, {"00 66 81 234 5678", "KH"},
		{"+66 98765432", ""}, {"098765432", "TH"}, {fuzzMarker, "TH"}, {"1-800-FLOWERS", "US"},
	} {
		f.Add(s[0], s[1])
	}
	for _, h := range fuzzHostile {
		f.Add(h, "KH")
		f.Add("+855"+h, "")
	}
	f.Fuzz(func(t *testing.T, raw, region string) {
		out, err := graph.NormalizePhone(raw, region)
		if err != nil {
			fuzzCheckError(t, err, raw, func(v string) error { _, err := graph.NormalizePhone(v, region); return err })
			return
		}
		if !e164.MatchString(out) {
			t.Fatalf("NormalizePhone(%q, %q) = %q: not E.164 (+ and digits)", fuzzShort(raw), region, out)
		}
		for _, r := range []string{region, ""} {
			if again, err := graph.NormalizePhone(out, r); err != nil || again != out {
				t.Fatalf("NormalizePhone(%q, %q) = %q, but NormalizePhone(%q, %q) = %q, %v", fuzzShort(raw), region, out, out, r, again, err)
			}
		}
	})
}

func FuzzIdentifierKey(f *testing.F) {
	for _, s := range [][3]string{
		{"TELEGRAM", "@SEA_Jobs_HR", ""}, {"TELEGRAM", "https://t.me/sea_jobs_hr", ""}, {"LINE", "t.me/x.y-z", ""},
		{"EMAIL", "Recruit@Example.COM", ""}, {"EMAIL", "Somchai <s@example.com>", ""}, {"EMAIL", `"a.b"@example.com`, ""},
		{"PASSPORT", "m 1234-5678", ""}, {"NATIONAL_ID", "1-2345-67890-12-3", ""}, {"PASSPORT", "C 1234-567", ""},
		{"PHONE", "010 1234 5678", "KR"}, {"WHATSAPP", "+66 81 234 5678", ""}, {"PHONE", "081 234 5678", "TH"},
		{"URL", "https://Jobs.Example.com/apply/#top", ""}, {"URL", "http://example.com/a%20b?q=1", ""},
		{"FACEBOOK", "somchai.r", ""}, {"WECHAT", "王小明_88", ""}, {"TIKTOK", "@김민준", ""},
		{"PASSPORT", fuzzMarker, ""}, {"PASSPORT", fuzzMarker + "!", ""}, {"NATIONAL_ID", fuzzMarker + fuzzMarker + "ZZ", ""},
		{"PHONE", fuzzMarker, "TH"}, {"WHATSAPP", "98765432", ""}, {"EMAIL", "zz98765432@", ""}, {"URL", "ftp://98765432", ""},
		{"SIGNAL", fuzzMarker, ""},
	} {
		f.Add(s[0], s[1], s[2])
	}
	for i, h := range fuzzHostile {
		f.Add(graph.IdentifierKinds[i%len(graph.IdentifierKinds)], h, "KH")
	}
	f.Fuzz(func(t *testing.T, kind, value, region string) {
		key, norm, err := graph.IdentifierKey(kind, value, region)
		if err != nil {
			fuzzCheckError(t, err, value, func(v string) error { _, _, err := graph.IdentifierKey(kind, v, region); return err })
			return
		}
		if !slices.Contains(graph.IdentifierKinds, kind) {
			t.Fatalf("IdentifierKey accepted the unknown kind %q", kind)
		}
		if norm == "" || key != kind+":"+norm {
			t.Fatalf("IdentifierKey(%s, %q) = key %q, normalised %q: want the key KIND:normalised", kind, fuzzShort(value), key, norm)
		}
		// (every entry point decodes JSON, so values arrive as valid UTF-8)
		if utf8.ValidString(value) && (!utf8.ValidString(norm) || strings.ContainsRune(norm, 0)) {
			t.Fatalf("IdentifierKey(%s, %q) normalised to %q: invalid UTF-8 or NUL", kind, fuzzShort(value), norm)
		}
		key2, norm2, err := graph.IdentifierKey(kind, norm, region)
		if err != nil || key2 != key || norm2 != norm {
			t.Fatalf("IdentifierKey(%s, %q) = %q, but its normalised value %q gives %q, %v", kind, fuzzShort(value), key, norm, key2, err)
		}
	})
}

func FuzzAccountKey(f *testing.F) {
	for _, s := range [][7]string{
		{"BANK", "KH", "", "ALOTKHPP", "", "000-999 0001", ""},
		{"BANK", "TH", "", "SRBKTHBK", "Siam Riverside Bank", "123-4-56789-0", ""},
		{"BANK", "", "", "", "Westminster Test Bank", "", "GB82 WEST 1234 5698 7654 32"},
		{"BANK", "GB", "", "", "Westminster Test Bank", "98765432", "gb82-west-1234-5698-7654-32"},
		{"E_WALLET", "KH", "", "", "KhmerPay", "KP-0099-1234", ""},
		{"MONEY_TRANSFER", "PH", "", "", "Remit Co.", "MT/2024/0001", ""},
		{"CRYPTO_WALLET", "", "tron", "", "", "TQ5Yb8nX1kWz3mVdLpH7rC9sJfE2gAu4Ko", ""},
		{"CRYPTO_WALLET", "", "ETHEREUM", "", "", " 0xAbCdEf0123456789aBcDeF0123456789AbCdEf01 ", ""},
		{"CRYPTO_WALLET", "", "BITCOIN", "", "", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", ""},
		{"BANK", "TH", "", "", "Bank", fuzzMarker + "!", ""},
		{"BANK", "", "", "", "", fuzzMarker, fuzzMarker},
		{"CRYPTO_WALLET", "", "", "", "", "0x" + fuzzMarker, ""},
		{"", "", "", "", "", fuzzMarker, ""},
	} {
		f.Add(s[0], s[1], s[2], s[3], s[4], s[5], s[6])
	}
	for _, h := range fuzzHostile {
		f.Add("BANK", "KH", "", h, h, h, h)
	}
	f.Fuzz(func(t *testing.T, kind, country, chain, bankCode, institution, number, iban string) {
		key, normNumber, normIBAN, errs := graph.AccountKey(kind, country, chain, bankCode, institution, number, iban)
		if len(errs) > 0 {
			for _, e := range errs {
				if !strings.HasPrefix(e.Field, "input.") || e.Reason == "" {
					t.Fatalf("problem %q: not about an input field, or without a reason", e.Error())
				}
			}
			for _, v := range []string{number, iban} {
				fuzzCheckError(t, errs, v, func(v string) error {
					if _, _, _, errs := graph.AccountKey(kind, country, chain, bankCode, institution, v, v); len(errs) > 0 {
						return errs
					}
					return nil
				})
			}
			return
		}
		if key == "" || (normNumber == "" && normIBAN == "") {
			t.Fatalf("AccountKey accepted an account without number or IBAN: key %q", key)
		}
		key2, number2, iban2, errs := graph.AccountKey(kind, country, chain, bankCode, institution, normNumber, normIBAN)
		if len(errs) > 0 || key2 != key || number2 != normNumber || iban2 != normIBAN {
			t.Fatalf("AccountKey(%q, %q) = %q (%q, %q), but its normalised number and IBAN give %q (%q, %q) %v",
				fuzzShort(number), fuzzShort(iban), key, normNumber, normIBAN, key2, number2, iban2, errs)
		}
	})
}

var dateShape = regexp.MustCompile(`^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$`)

func FuzzPartialDate(f *testing.F) {
	for _, s := range []string{"2025", "2025-06", "2025-06-20", "1900", "2100-12-31", "2024-02-29", "2025-02-29",
		"2025-13", "2025-02-30", "20250620", "June 2025", "1850", "2025-6-1", "+2025", "2025-06-20T10:00:00Z", " 2025", "٢٠٢٥"} {
		f.Add(s)
	}
	for _, h := range fuzzHostile {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := graph.ParsePartialDate(s)
		var gql graph.PartialDate
		gqlErr := gql.UnmarshalGQL(s)
		if (err == nil) != (gqlErr == nil) || err == nil && gql != d {
			t.Fatalf("ParsePartialDate(%q) = %q, %v but UnmarshalGQL gives %q, %v", fuzzShort(s), d, err, gql, gqlErr)
		}
		if err != nil {
			if _, ok := gqlErr.(*graph.ValidationError); !ok {
				t.Fatalf("UnmarshalGQL(%q): %T, not a *ValidationError", fuzzShort(s), gqlErr)
			}
			return
		}
		year, _ := strconv.Atoi(string(d)[:min(4, len(d))])
		if string(d) != s || !dateShape.MatchString(string(d)) || year < 1900 || year > 2100 {
			t.Fatalf("ParsePartialDate(%q) = %q: not the canonical YYYY[-MM[-DD]] of a year 1900-2100", fuzzShort(s), d)
		}
		if again, err := graph.ParsePartialDate(string(d)); err != nil || again != d {
			t.Fatalf("ParsePartialDate(%q) = %q, parsed again %q, %v", s, d, again, err)
		}
		// written by the API (GraphQL) or in a case file (JSON), read back
		var buf bytes.Buffer
		d.MarshalGQL(&buf)
		unquoted, err := strconv.Unquote(buf.String())
		var fromGQL graph.PartialDate
		if err != nil || fromGQL.UnmarshalGQL(unquoted) != nil || fromGQL != d {
			t.Fatalf("date %q written as %s reads back as %q (%v)", d, buf.String(), fromGQL, err)
		}
		b, err := json.Marshal(d)
		var fromJSON graph.PartialDate
		if err != nil || json.Unmarshal(b, &fromJSON) != nil || fromJSON != d {
			t.Fatalf("date %q written as JSON %s reads back as %q (%v)", d, b, fromJSON, err)
		}
	})
}

// canonicalDecimal: no exponent, no +, no leading zeros, no trailing
// fractional zeros, no "-0"; also a valid JSON number.
var canonicalDecimal = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]*[1-9])?$`)

func FuzzDecimal(f *testing.F) {
	for _, s := range []string{"12500", "12500.50", "-3.2", "0.1", "0.30000000000000004", "1e3", "1.5E-7", "+5", ".5", "5.",
		"-0", "-0.000", "00012.500", "123456789012345678901234567890.123456789012345678", "0.000000000000000001",
		"0.0000000000000000001", "1e10000", "1e-18", "9007199254740993", "NaN", "Inf", "0x1p3", "1_000", "1,500.00", ""} {
		f.Add(s)
	}
	for _, h := range fuzzHostile {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := graph.ParseDecimal(s)
		var gql graph.Decimal
		gqlErr := gql.UnmarshalGQL(s)
		if (err == nil) != (gqlErr == nil) || err == nil && gql != d {
			t.Fatalf("ParseDecimal(%q) = %q, %v but UnmarshalGQL gives %q, %v", fuzzShort(s), d, err, gql, gqlErr)
		}
		if err != nil {
			if _, ok := gqlErr.(*graph.ValidationError); !ok {
				t.Fatalf("UnmarshalGQL(%q): %T, not a *ValidationError", fuzzShort(s), gqlErr)
			}
			return
		}
		if !canonicalDecimal.MatchString(string(d)) {
			t.Fatalf("ParseDecimal(%q) = %q: not in canonical plain notation", fuzzShort(s), fuzzShort(string(d)))
		}
		// exact: the same number as the input, to the last digit
		if exact, err := decimal.NewFromString(s); err != nil || !exact.Equal(d.Value()) {
			t.Fatalf("ParseDecimal(%q) = %q: a different number", fuzzShort(s), fuzzShort(string(d)))
		}
		if again, err := graph.ParseDecimal(string(d)); err != nil || again != d {
			t.Fatalf("ParseDecimal(%q) = %q, parsed again %q, %v", fuzzShort(s), fuzzShort(string(d)), fuzzShort(string(again)), err)
		}
		// read back from GraphQL (string or number) and from case files
		// (JSON string or number), never through a float
		var fromNumber, fromString, fromJSONNumber, fromJSONString graph.Decimal
		quoted, _ := json.Marshal(string(d))
		for _, c := range []struct {
			err error
			got *graph.Decimal
		}{
			{fromNumber.UnmarshalGQL(json.Number(d)), &fromNumber},
			{fromString.UnmarshalGQL(string(d)), &fromString},
			{json.Unmarshal([]byte(d), &fromJSONNumber), &fromJSONNumber},
			{json.Unmarshal(quoted, &fromJSONString), &fromJSONString},
		} {
			if c.err != nil || *c.got != d {
				t.Fatalf("decimal %q reads back as %q (%v)", fuzzShort(string(d)), fuzzShort(string(*c.got)), c.err)
			}
		}
		var buf bytes.Buffer
		d.MarshalGQL(&buf)
		if buf.String() != strconv.Quote(string(d)) {
			t.Fatalf("decimal %q written to GraphQL as %s, not a string", fuzzShort(string(d)), fuzzShort(buf.String()))
		}
	})
}

// fuzzCheckError checks that err is a *graph.ValidationError or
// ValidationErrors (callers type-assert) and does not repeat value. A value
// that the message of a different, junk input also contains is part of the
// fixed wording ("+855 12 345 678" is the example of a phone number), not a
// leak.
func fuzzCheckError(t *testing.T, err error, value string, messageFor func(string) error) {
	t.Helper()
	switch err.(type) {
	case *graph.ValidationError, graph.ValidationErrors:
	default:
		t.Fatalf("error %T is not a *graph.ValidationError: %v", err, err)
	}
	msg := err.Error()
	if strings.Contains(value, "98765432") && strings.Contains(msg, "98765432") {
		t.Fatalf("error repeats the value %q: %s", fuzzShort(value), fuzzShort(msg))
	}
	v := strings.TrimSpace(value)
	if len(v) < 4 || !strings.Contains(msg, v) {
		return
	}
	for _, junk := range []string{"\x01", "x", "@", "+1 000 000 0000", "+855 1", "0000"} {
		if other := messageFor(junk); other != nil && strings.Contains(other.Error(), v) {
			return
		}
	}
	t.Fatalf("error repeats the value %q: %s", fuzzShort(value), fuzzShort(msg))
}

func fuzzShort(s string) string {
	if len(s) > 200 {
		return s[:200] + "..."
	}
	return s
}
