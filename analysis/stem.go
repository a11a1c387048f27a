package analysis

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
)

// StemFilter stems English words with the Snowball English (Porter2)
// stemmer. Terms holding a digit (reference IDs, numbers, dates), terms
// shorter than three bytes and the Redacted marker are left alone.
//
// Snowball rather than the original Porter stemmer: Porter2 fixes Porter's
// best-known over-stemming ("generously" → "generous", Porter "gener";
// "news" stays "news") and bleve's own English analyzer choice aside, the
// two cost about the same per term.
type StemFilter struct{}

// NewStemFilter returns a StemFilter.
func NewStemFilter() *StemFilter { return &StemFilter{} }

// Filter stems every eligible token.
func (f *StemFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		if len(t.Term) < 3 || hasDigit(t.Term) || string(t.Term) == Redacted {
			continue
		}
		env := snowballstem.NewEnv(string(t.Term))
		english.Stem(env)
		if s := env.Current(); s != string(t.Term) {
			t.Term = []byte(s) // never in place: terms alias the field text
		}
	}
	return input
}

// Stem returns the stem of one lower-case word, as StemFilter would.
func Stem(word string) string {
	if len(word) < 3 {
		return word
	}
	env := snowballstem.NewEnv(word)
	english.Stem(env)
	return env.Current()
}

func hasDigit(b []byte) bool {
	for _, c := range b {
		if isDigit(c) {
			return true
		}
	}
	return false
}
