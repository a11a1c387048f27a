package query

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestCollapseSpace checks collapseSpace against strings.Join and
// strings.Fields on fixed and random texts of spaces of every kind,
// letters, multi-byte runes and invalid UTF-8.
func TestCollapseSpace(t *testing.T) {
	texts := []string{
		"", " ", "a", " a ", "a  b", "\ta\n\nb\r\n", "a\u00a0b", "a\u0085b", "a\u2003\u3000b", "\v\fx",
		"é  ö", "\xff \xfe", "1. (C) The\n   Ambassador", "x\u200by", "…<mark>a</mark>  …",
	}
	parts := []string{" ", "\t", "\n", "\r", "\v", "\f", "\u00a0", "\u0085", "\u2003", "\u3000", "\u200b", "a", "bc", "é", "日", "\xff", "\xe2\x80", "<", "&"}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteString(parts[r.IntN(len(parts))])
		}
		texts = append(texts, b.String())
	}
	for _, s := range texts {
		if got, want := collapseSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Fatalf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
	}
}
