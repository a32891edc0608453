package textsearch

import (
	"testing"
	"unicode"
)

// The ASCII fast path of runeKind gives what the Unicode tables give.
func TestRuneKindOfASCIIAsUnicodeTablesSay(t *testing.T) {
	for r := rune(0); r < 0x80; r++ {
		want := kindNone
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			want = kindWord
		}
		if got := runeKind(r); got != want {
			t.Errorf("runeKind(%q) = %d, want %d", r, got, want)
		}
	}
}
