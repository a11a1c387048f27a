package analysis

import (
	"bytes"

	"github.com/blevesearch/bleve/v2/analysis"
)

// UpperFilter upper-cases terms and trims surrounding spaces, for TAGS
// and other codes kept whole: "prel" → "PREL", " KIPR " → "KIPR".
type UpperFilter struct{}

// NewUpperFilter returns an UpperFilter.
func NewUpperFilter() *UpperFilter { return &UpperFilter{} }

// Filter upper-cases every token's term.
func (f *UpperFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		t.Term = bytes.ToUpper(bytes.TrimSpace(t.Term))
	}
	return input
}
