package analysis

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/single"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
)

// Registered names (see register.go and doc.go).
const (
	// TextAnalyzer is the analyzer of cable text, with byte offsets: what
	// the query side uses to find the offsets of a snippet's matches.
	TextAnalyzer = "cable_text"
	// TextIndexAnalyzer is TextAnalyzer with every offset zeroed: what
	// the index mapping stores (positions only; see NoOffsetsFilter).
	TextIndexAnalyzer = "cable_text_index"
	// TextQueryAnalyzer is the query-side analyzer for phrases over
	// fields analysed with TextAnalyzer.
	TextQueryAnalyzer = "cable_text_query"
	// CodeAnalyzer keeps a value whole and upper-cases it (TAGS, codes).
	CodeAnalyzer = "cable_code"

	FoldFilterName             = "cable_fold"
	RedactFilterName           = "cable_redact"
	RefIDFilterName            = "cable_refid"
	NumberFilterName           = "cable_number"
	StemFilterName             = "cable_stem"
	CommonGramsFilterName      = "cable_common_grams"
	CommonGramsQueryFilterName = "cable_common_grams_query"
	UpperFilterName            = "cable_upper"
	DotsFilterName             = "cable_dots"
	NoOffsetsFilterName        = "cable_no_offsets"
)

// StemmedCommonWords returns CommonWords as they reach the common-grams
// filter: folded and stemmed, without duplicates.
func StemmedCommonWords() []string { return stemmedWords(CommonWords) }

// StemmedGramWords returns GramWords as StemmedCommonWords does.
func StemmedGramWords() []string { return stemmedWords(GramWords) }

func stemmedWords(words []string) []string {
	seen := make(map[string]bool, len(words))
	var out []string
	for _, w := range words {
		s := Stem(w)
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// NewCableCommonGramsFilter returns the common-grams filter of
// cable_text: StemmedGramWords pair with any neighbour, the rest of
// StemmedCommonWords with each other (query: the query-side filter).
func NewCableCommonGramsFilter(query bool) *CommonGramsFilter {
	if query {
		return NewTieredCommonGramsQueryFilter(StemmedGramWords(), StemmedCommonWords())
	}
	return NewTieredCommonGramsFilter(StemmedGramWords(), StemmedCommonWords())
}

// textFilters returns the token filters of cable text in order, the last
// one being the index- or query-side common-grams filter.
func textFilters(query bool) []analysis.TokenFilter {
	return append(plainFilters(), NewCableCommonGramsFilter(query))
}

// plainFilters returns the token filters of cable text before the common
// grams.
func plainFilters() []analysis.TokenFilter {
	return []analysis.TokenFilter{
		NewDotsFilter(),
		NewRedactFilter(),
		NewFoldFilter(),
		en.NewPossessiveFilter(),
		NewRefIDFilter(),
		NewNumberFilter(),
		NewStemFilter(),
	}
}

// NewTextAnalyzer returns the cable_text analyzer: the unicode tokenizer,
// then dots, redact, fold, possessive_en, refid, number, stem, common grams.
func NewTextAnalyzer() *analysis.DefaultAnalyzer {
	return &analysis.DefaultAnalyzer{
		Tokenizer:    unicode.NewUnicodeTokenizer(),
		TokenFilters: textFilters(false),
	}
}

// NewTextIndexAnalyzer returns the cable_text_index analyzer: cable_text
// followed by cable_no_offsets.
func NewTextIndexAnalyzer() *analysis.DefaultAnalyzer {
	return &analysis.DefaultAnalyzer{
		Tokenizer:    unicode.NewUnicodeTokenizer(),
		TokenFilters: append(textFilters(false), NewNoOffsetsFilter()),
	}
}

// NewTextQueryAnalyzer returns the cable_text_query analyzer: as
// cable_text, but its last filter keeps only the common grams and the
// words outside them (for phrase queries).
func NewTextQueryAnalyzer() *analysis.DefaultAnalyzer {
	return &analysis.DefaultAnalyzer{
		Tokenizer:    unicode.NewUnicodeTokenizer(),
		TokenFilters: textFilters(true),
	}
}

// NewCodeAnalyzer returns the cable_code analyzer: the whole value as one
// upper-cased token ("prel" → "PREL").
func NewCodeAnalyzer() *analysis.DefaultAnalyzer {
	return &analysis.DefaultAnalyzer{
		Tokenizer:    single.NewSingleTokenTokenizer(),
		TokenFilters: []analysis.TokenFilter{NewUpperFilter()},
	}
}
