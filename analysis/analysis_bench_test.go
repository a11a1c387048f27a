package analysis_test

import (
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/registry"

	cablean "github.com/cablesearch/cablesearch/analysis"
)

// benchText is a cable-like paragraph (about 1 KB).
var benchText = strings.Repeat(`1. (C) Summary: On February 18, the Ambassador delivered the demarche on
Iran's nuclear program (REF A: 09 MOSCOW 000521; REF B: 08STATE12345) to Deputy Foreign
Minister XXXXXXXXXXXX, who said that the Government of Côte d'Ivoire would consider the
Secretary's proposal. End summary. `, 3)

// tokens returns a fresh token stream of benchText for each filter run
// (filters change tokens in place).
func benchTokens(b *testing.B) func() analysis.TokenStream {
	tok := unicode.NewUnicodeTokenizer()
	base := tok.Tokenize([]byte(benchText))
	return func() analysis.TokenStream {
		ts := make(analysis.TokenStream, len(base))
		for i, t := range base {
			c := *t
			ts[i] = &c
		}
		return ts
	}
}

func benchFilter(b *testing.B, f analysis.TokenFilter, prep ...analysis.TokenFilter) {
	fresh := benchTokens(b)
	b.SetBytes(int64(len(benchText)))
	b.ReportAllocs()
	for b.Loop() {
		// The copy and the preparing filters are timed too; subtract
		// BenchmarkCopyTokens (and the preparing filter) for the filter alone.
		ts := fresh()
		for _, p := range prep {
			ts = p.Filter(ts)
		}
		f.Filter(ts)
	}
}

type nopFilter struct{}

func (nopFilter) Filter(ts analysis.TokenStream) analysis.TokenStream { return ts }

// BenchmarkCopyTokens is the cost of the fresh token stream each filter
// benchmark starts from.
func BenchmarkCopyTokens(b *testing.B) { benchFilter(b, nopFilter{}) }

func BenchmarkDotsFilter(b *testing.B)   { benchFilter(b, cablean.NewDotsFilter()) }
func BenchmarkRedactFilter(b *testing.B) { benchFilter(b, cablean.NewRedactFilter()) }
func BenchmarkFoldFilter(b *testing.B)   { benchFilter(b, cablean.NewFoldFilter()) }
func BenchmarkRefIDFilter(b *testing.B) {
	benchFilter(b, cablean.NewRefIDFilter(), cablean.NewFoldFilter())
}
func BenchmarkNumberFilter(b *testing.B) { benchFilter(b, cablean.NewNumberFilter()) }
func BenchmarkStemFilter(b *testing.B) {
	benchFilter(b, cablean.NewStemFilter(), cablean.NewFoldFilter())
}
func BenchmarkCommonGramsFilter(b *testing.B) {
	benchFilter(b, cablean.NewCommonGramsFilter(cablean.StemmedCommonWords()), cablean.NewFoldFilter())
}
func BenchmarkCommonGramsQueryFilter(b *testing.B) {
	benchFilter(b, cablean.NewCommonGramsQueryFilter(cablean.StemmedCommonWords()), cablean.NewFoldFilter())
}

func benchAnalyzer(b *testing.B, name string) {
	a, err := registry.NewCache().AnalyzerNamed(name)
	if err != nil {
		b.Fatal(err)
	}
	in := []byte(benchText)
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		a.Analyze(in)
	}
}

func BenchmarkTextAnalyzer(b *testing.B)      { benchAnalyzer(b, cablean.TextAnalyzer) }
func BenchmarkTextQueryAnalyzer(b *testing.B) { benchAnalyzer(b, cablean.TextQueryAnalyzer) }

// BenchmarkEnglishAnalyzer is bleve's "en" analyzer (porter, stop words)
// for comparison.
func BenchmarkEnglishAnalyzer(b *testing.B) { benchAnalyzer(b, "en") }
