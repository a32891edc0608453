package graph_test

import (
	"strings"
	"testing"
	"unicode"

	"github.com/scamgraph/scamgraph/graph"
)

func TestParseEntityID(t *testing.T) {
	for _, ok := range []string{
		"person:A-1:VA", "organization:KH-NCA/2026.1:O_2", "compound:B-1:C1", "person:6f1c2a9e-6b7d-4a51-9f0e-0c8f1d2b3a4c",
		"account:BANK:KH:ABABANK:111222333", "account:BANK:IBAN:DE44500105175407324931", "account:CRYPTO_WALLET:TRON:TXyz123",
		"identifier:PHONE:+855969990001", "identifier:TELEGRAM:some_handle", "identifier:PASSPORT:ZZ1234567", "country:KH",
	} {
		if _, err := graph.ParseEntityID(ok); err != nil {
			t.Errorf("%q refused: %v", ok, err)
		}
	}
	for _, bad := range []string{
		"", " person:A-1:VA", "\tperson:A-1:VA", "person:A-1:VA ", "person:A-1:VA\n", "Person:A-1:VA", "person:A-1", "person:A-1:VA:x",
		"person::VA", "person:A 1:VA", "account:", "account:BANK KH", "identifier:PHONE:+855 96 999 0001", "identifier:TELEGRAM:@Some_Handle",
		"identifier:NOPE:x", "country:kh", "country:XX", "country:KHM", "holds:0123456789abcdef0123", "person:A-1:V\u200bA",
	} {
		if _, err := graph.ParseEntityID(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, err := graph.ParseLinkID("holds:0123456789abcdef0123"); err != nil {
		t.Error(err)
	}
	for _, bad := range []string{" holds:0123456789abcdef0123", "holds:0123456789ABCDEF0123", "nope:0123456789abcdef0123", "holds:0123"} {
		if _, err := graph.ParseLinkID(bad); err == nil {
			t.Errorf("link id %q accepted", bad)
		}
	}
}

// FuzzParseEntityID: an id that is accepted has no space, tab, newline or
// control character anywhere, so what is checked is what is written.
func FuzzParseEntityID(f *testing.F) {
	for _, s := range []string{"person:A-1:VA", " person:A-1:VA", "account:BANK:KH:X:1", "identifier:PHONE:+855969990001", "country:KH", "compound:a:b\t"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if _, err := graph.ParseEntityID(s); err != nil {
			return
		}
		if strings.TrimSpace(s) != s || strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
			t.Fatalf("accepted %q", s)
		}
	})
}
