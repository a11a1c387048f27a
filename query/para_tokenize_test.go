package query

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"

	"github.com/cablesearch/cablesearch/analysis"
	"github.com/cablesearch/cablesearch/index"
)

// TestScratchTokenize checks that tokenScratch.tokenize gives the tokens
// of bleve's unicode tokenizer on every paragraph of the sample, a prefix
// of the kind snippet analyses, and awkward texts, one scratch serving
// all of them in turn; and that tokenScratch.analyze gives the tokens of
// the cable_text analyzer.
func TestScratchTokenize(t *testing.T) {
	texts := []string{
		"", " ", "1.", "1. (C) The Ambassador", "日本語のテキスト", "カタカナ and 漢字 42",
		"a" + strings.Repeat(" b", 300), strings.Repeat("x", 5000), "09 MOSCOW 521 (REF A) --- ¶ 12",
		"Côte d'Ivoire's \u00a0 non-breaking\u2003spaces", "emoji 😀 and \u200d joiners", "\xff\xfe invalid",
	}
	if !testing.Short() {
		ix := sampleIndex(t)
		all := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 100000, 0, false)
		all.Fields = []string{index.FieldParas}
		res, err := ix.SearchInContext(context.Background(), all)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			for _, p := range storedStrings(h.Fields[index.FieldParas]) {
				texts = append(texts, p)
				if cut := nextSpace(p, 300); cut < len(p) {
					texts = append(texts, p[:cut])
				}
			}
		}
	}
	bleveTok := unicode.NewUnicodeTokenizer()
	textAnalyzer := analysis.NewTextAnalyzer()
	sc := getScratch()
	defer putScratch(sc)
	for _, s := range texts {
		got := sc.tokenize([]byte(s))
		want := bleveTok.Tokenize([]byte(s))
		if len(got) != 0 || len(want) != 0 {
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("tokenize(%.60q):\n%v\nwant\n%v", s, got, want)
			}
		}
		got, want = sc.analyze(s), textAnalyzer.Analyze([]byte(s))
		if len(got) != 0 || len(want) != 0 {
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("analyze(%.60q):\n%v\nwant\n%v", s, got, want)
			}
		}
	}
	t.Logf("%d texts", len(texts))
}
