package analysis

import (
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// FoldFilter folds case and removes diacritics: "Côte" → "cote",
// "STRASSE" and "Straße" → "strasse", fullwidth "ＩＡＥＡ" → "iaea", the
// ligature "ﬁ" → "fi".
//
// ASCII terms (almost all of a cable) take a fast path that copies only
// terms holding an upper-case letter. Other
// terms go through cases.Fold, NFKD, removal of non-spacing marks and
// NFC, with a fresh Caser per term: x/text documents that a
// Caser may be stateful, and bleve shares one filter across its analysis
// goroutines, so the filter itself holds no state.
type FoldFilter struct{}

// NewFoldFilter returns a FoldFilter.
func NewFoldFilter() *FoldFilter { return &FoldFilter{} }

// Filter folds every token's term.
func (f *FoldFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		t.Term = Fold(t.Term)
	}
	return input
}

// Fold returns b case-folded without diacritics. It never changes b; an
// ASCII b that is already lower case is returned as is.
func Fold(b []byte) []byte {
	ascii := true
	for _, c := range b {
		if c >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		// Copy on the first change: terms alias the field's text, which
		// bleve may also store.
		for i, c := range b {
			if 'A' <= c && c <= 'Z' {
				out := make([]byte, len(b))
				copy(out, b)
				for j := i; j < len(out); j++ {
					if c := out[j]; 'A' <= c && c <= 'Z' {
						out[j] = c + ('a' - 'A')
					}
				}
				return out
			}
		}
		return b
	}
	// Fold case (a fresh Caser per call: a Caser may be stateful), then
	// decompose, drop the non-spacing marks and recompose. The Form and
	// Caser Bytes methods avoid the 4 KB buffers of a transform.Chain.
	d := norm.NFKD.Bytes(cases.Fold().Bytes(b))
	out := make([]byte, 0, len(d))
	for i := 0; i < len(d); {
		r, n := utf8.DecodeRune(d[i:])
		if !unicode.Is(unicode.Mn, r) {
			out = append(out, d[i:i+n]...)
		}
		i += n
	}
	return norm.NFC.Bytes(out)
}
