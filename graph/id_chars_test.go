package graph

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// The hand-written checks accept exactly what the grammar's patterns
// accept: on strings built from the characters at the classes' edges,
// and on the fuzz corpus's kind of input.
func TestIDCharsMatchThePatterns(t *testing.T) {
	alphabet := []string{"a", "z", "A", "Z", "0", "9", "f", "g", "F", ".", "_", "/", "-", ":", " ", "é", "민", "๑", "٣", "\u200b", "\xff", "@", "~", "\x00", "\t", "\v", "\u00a0", "\U000F0000"}
	r := rand.New(rand.NewPCG(1, 2))
	var inputs []string
	for range 200000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		inputs = append(inputs, b.String())
	}
	inputs = append(inputs, "", strings.Repeat("a", 80), strings.Repeat("a", 81), strings.Repeat("민", 80), strings.Repeat("민", 81),
		"0123abcd-0123-4567-89ab-0123456789ab", "0123abcd-0123-4567-89ab-0123456789aB", "0123abcd-0123-4567-89ab-0123456789abc",
		"0123abcd-0123-4567-89ab-0123456789a", "0123abcd+0123-4567-89ab-0123456789ab", "KH-NCA-2026/0142", "_X")
	for _, s := range inputs {
		if got, want := isCaseID(s), CaseIDPattern.MatchString(s); got != want {
			t.Fatalf("isCaseID(%q) = %v, the pattern says %v", s, got, want)
		}
		if got, want := isRef(s), refPattern.MatchString(s); got != want {
			t.Fatalf("isRef(%q) = %v, the pattern says %v", s, got, want)
		}
		if got, want := isUUID(s), uuidPattern.MatchString(s); got != want {
			t.Fatalf("isUUID(%q) = %v, the pattern says %v", s, got, want)
		}
		for _, key := range []string{s, "BANK:" + s, "BANK_X:KH:" + s, "CRYPTO_WALLET:" + s + ":" + s} {
			if got, want := isAccountKey(key), accountKeyPattern.MatchString(key); got != want {
				t.Fatalf("isAccountKey(%q) = %v, the pattern says %v", key, got, want)
			}
		}
	}
	for _, key := range []string{"BANK:KH:" + strings.Repeat("x", 120), "BANK:KH:" + strings.Repeat("x", 121), "B:KH:1", strings.Repeat("B", 31) + ":KH:1",
		"BANK:KH:ABA:111\v222", "BANK:KH:ABA:111\u00a0222", "BANK:KH:ABA:111\u200e222", "BANK:KH:ABA:1:2", "BANK::1", "BANK:KH:"} {
		if got, want := isAccountKey(key), accountKeyPattern.MatchString(key); got != want {
			t.Fatalf("isAccountKey(%q) = %v, the pattern says %v", key, got, want)
		}
	}
	for range 20000 {
		b := []byte("0123abcd-0123-4567-89ab-0123456789ab")
		b[r.IntN(len(b))] = "0af-gA:"[r.IntN(7)]
		if got, want := isUUID(string(b)), uuidPattern.MatchString(string(b)); got != want {
			t.Fatalf("isUUID(%q) = %v, the pattern says %v", b, got, want)
		}
	}
}
