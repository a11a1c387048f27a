package analysis

import "github.com/blevesearch/bleve/v2/analysis"

// NoOffsetsFilter sets the byte offsets of every token to zero and keeps
// its position. The index stores a start and an end offset beside the
// position of every token occurrence (bleve has no positions-only term
// vectors); zeroed, they take one byte each instead of two or three, and
// the query side finds the offsets of the few snippets it shows by
// analysing their paragraphs again (query.Snippet's callers).
type NoOffsetsFilter struct{}

// NewNoOffsetsFilter returns the cable_no_offsets filter.
func NewNoOffsetsFilter() *NoOffsetsFilter { return &NoOffsetsFilter{} }

// Filter implements analysis.TokenFilter.
func (NoOffsetsFilter) Filter(in analysis.TokenStream) analysis.TokenStream {
	for _, t := range in {
		t.Start, t.End = 0, 0
	}
	return in
}
