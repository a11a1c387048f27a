package query

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/cablesearch/cablesearch/index"
)

// TestPhraseQueryMatchesBleve checks that phraseQuery finds the same
// cables, with the same scores and the same term locations, as bleve's
// MatchPhraseQuery, for phrases of two to four words taken from the
// paragraphs of the sample (so most of them match), in paras and
// subject, alone and inside a disjunction as ToBleve builds them.
func TestPhraseQueryMatchesBleve(t *testing.T) {
	ix := sampleIndex(t)
	ctx := context.Background()
	all := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 40, 0, false)
	all.Fields = []string{index.FieldParas, index.FieldSubject}
	res, err := ix.SearchInContext(ctx, all)
	if err != nil {
		t.Fatal(err)
	}
	phrases := []string{"human rights", "prime minister", "in the wake of", "ex officio", "soft heart and a hard head", "09 MOSCOW 521"}
	for i, h := range res.Hits {
		texts := append(storedStrings(h.Fields[index.FieldParas]), storedStrings(h.Fields[index.FieldSubject])...)
		words := strings.FieldsFunc(strings.Join(texts, " "), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		for k, n := 7*i, 2; k+n <= len(words) && len(phrases) < 400; k, n = k+41, n%3+2 {
			phrases = append(phrases, strings.Join(words[k:k+n], " "))
		}
	}
	checked, matched := 0, 0
	for _, text := range phrases {
		toks := phraseAnalyzer().Analyze([]byte(text))
		terms := simplePhrase(toks)
		if terms == nil {
			continue
		}
		checked++
		for _, field := range []string{index.FieldParas, index.FieldSubject} {
			fast := func() bq.Query { return &phraseQuery{field: field, terms: terms, text: text, boost: 1} }
			slow := func() bq.Query {
				p := bq.NewMatchPhraseQuery(text)
				p.SetField(field)
				p.Analyzer = PhraseAnalyzer
				return p
			}
			other := func() bq.Query { return term(index.FieldParas, "embassi") }
			for _, shape := range []string{"alone", "or"} {
				build := func(q bq.Query) bq.Query {
					if shape == "or" {
						return anyOf([]bq.Query{q, other()})
					}
					return q
				}
				run := func(q bq.Query) *bleve.SearchResult {
					sr := bleve.NewSearchRequestOptions(build(q), 1000, 0, false)
					sr.IncludeLocations = true
					r, err := ix.SearchInContext(ctx, sr)
					if err != nil {
						t.Fatalf("%q: %v", text, err)
					}
					return r
				}
				got, want := run(fast()), run(slow())
				if got.Total != want.Total || len(got.Hits) != len(want.Hits) {
					t.Errorf("%q in %s (%s): %d hits, bleve's phrase %d", text, field, shape, got.Total, want.Total)
					continue
				}
				if shape == "alone" && got.Total > 0 {
					matched++
				}
				for j := range got.Hits {
					g, w := got.Hits[j], want.Hits[j]
					if g.ID != w.ID || g.Score != w.Score {
						t.Errorf("%q in %s (%s) hit %d: %s %v, bleve's phrase %s %v", text, field, shape, j, g.ID, g.Score, w.ID, w.Score)
						break
					}
					for _, f := range []string{index.FieldParas, index.FieldSubject} {
						if gl, wl := sortedLocationsOf(g, f), sortedLocationsOf(w, f); !reflect.DeepEqual(gl, wl) {
							t.Errorf("%q in %s (%s) %s: %s locations\n%v, bleve's phrase\n%v", text, field, shape, g.ID, f, gl, wl)
						}
					}
				}
			}
		}
	}
	if checked < 100 || matched < 50 {
		t.Errorf("%d phrases checked, %d with hits; want at least 100 and 50", checked, matched)
	}
	t.Logf("%d phrases checked, %d with hits", checked, matched)
}
