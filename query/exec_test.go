package query

import (
	"context"
	"maps"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/internal/testcorpus"
)

// TestFlatSameResults compares whole results (hits, scores to the last
// bit, paragraphs, facets, totals) with the flat executor on and off.
func TestFlatSameResults(t *testing.T) {
	flatCases := func(t *testing.T) []Request {
		reqs := narrowCases(sampleQueries(t))
		for _, q := range sampleQueries(t) {
			// Without paragraphs a phrase alone needs no term locations:
			// the executor then matches the phrase itself.
			reqs = append(reqs, Request{Query: q, Size: 30, MaxParagraphs: -1})
		}
		for _, q := range []string{"tag:PREL", "class:SECRET", "origin:moscow", "tag:PREL -tag:PGOV", "created:2009..2010 embassy -oil",
			"(embassy OR minister) -(gas OR oil)", "gas OR oil OR coal OR nuclear OR iran OR iraq OR syria OR israel OR egypt OR turkey OR russia"} {
			reqs = append(reqs, Request{Query: q, Size: 20}, Request{Query: q, Sort: SortOldest, Facets: FacetNames})
		}
		return reqs
	}
	compare := func(t *testing.T, ix *index.Index) {
		compareModes(t, ix, flatCases(t), false, func(on bool) { flatQueries = on })
	}
	t.Run("sample", func(t *testing.T) { compare(t, sampleIndex(t)) })
	t.Run("used", func(t *testing.T) {
		// The executor takes words, ANDs, ORs, NOTs, filters, whole
		// years and phrases; bleve keeps prefixes and other ranges.
		for _, c := range []struct {
			q    string
			flat bool
		}{
			{"the", true}, {"nuclear iran", true}, {"gas OR oil", true}, {"embassy -tag:PREL", true},
			{"iran created:2008..2009", true}, {"tag:PREL", true}, {`"human rights"`, true},
			{`"human rights" minister origin:moscow`, true}, {`embassy -"human rights"`, false},
			{"offic*", false}, {"iran created:2008-03..2009", false}, {"iran created:2009-03..2009-06", true},
		} {
			before := flatUsed.Load()
			if _, err := Search(context.Background(), sampleIndex(t), Request{Query: c.q, MaxParagraphs: -1}); err != nil {
				t.Fatal(err)
			}
			if got := flatUsed.Load() > before; got != c.flat {
				t.Errorf("%s: flat executor used %v, want %v", c.q, got, c.flat)
			}
		}
	})
	t.Run("fields", func(t *testing.T) {
		// The stored fields read by loadFields, and by bleve.
		compareModes(t, sampleIndex(t), flatCases(t), false, func(on bool) { directFields = on })
	})
	t.Run("segments", func(t *testing.T) {
		ix := segmentedIndex(t)
		compare(t, ix)
		compareModes(t, ix, flatCases(t), false, func(on bool) { directFields = on })
	})
	t.Run("deletions", func(t *testing.T) {
		if testing.Short() {
			t.Skip("builds an index")
		}
		// Deleted documents stay in their segment until a merge: the
		// executor must skip them and not count them (the term
		// statistics leave them out, as bleve's do).
		dir := filepath.Join(t.TempDir(), "idx")
		sample := filepath.Join(testcorpus.TestdataDir(), "sample")
		if _, err := index.Build(context.Background(), dir, index.BuildOptions{Workers: 2}, sample); err != nil {
			t.Fatal(err)
		}
		// Delete 15 cables through bleve itself (an update's merges would
		// purge them from a small index).
		w, err := bleve.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"00TASHKENT4223", "00HARARE5461", "00HARARE6677", "09MOSCOW521", "06PARIS6995"} {
			if err := w.Delete(id); err != nil {
				t.Fatal(err)
			}
		}
		res, err := w.Search(bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 10, 40, false))
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			if err := w.Delete(h.ID); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		ix, err := index.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		if n := deletedDocs(t, ix); n == 0 {
			t.Fatal("the update left no deleted documents; the test needs some")
		} else {
			t.Logf("%d deleted documents", n)
		}
		compare(t, ix)
		compareNarrowed(t, ix, narrowCases(sampleQueries(t)))
		compareModes(t, ix, flatCases(t), false, func(on bool) { directFields = on })
	})
	t.Run("external", func(t *testing.T) {
		ix := externalIndex(t)
		compare(t, ix)
	})
}

// FuzzFlatSameResults compares whole results with the flat executor on
// and off for any query that parses: the seeds are the relevance suite's
// queries and shapes the executor takes (ANDs, ORs, NOTs, phrases,
// fields, years).
func FuzzFlatSameResults(f *testing.F) {
	for _, q := range []string{
		"the", "nuclear iran", "gas OR oil", "embassy -tag:PREL", `"human rights" minister`,
		`(gas OR "oil field") -(embassy OR "prime minister") created:2008..2009`, "tag:PREL origin:moscow",
		`"the embassy" OR class:SECRET`, "-embassy", "iran created:2009", `id:"2009 MOSCOW 521"`,
	} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if _, err := Parse(q); err != nil {
			return
		}
		ix := sampleIndex(t)
		reqs := []Request{{Query: q, Size: 20, MaxParagraphs: -1}, {Query: q, Size: 5, From: 3}}
		compareModes(t, ix, reqs, false, func(on bool) { flatQueries = on })
	})
}

// deletedDocs counts the deleted documents in ix's segments.
func deletedDocs(t *testing.T, ix *index.Index) uint64 {
	t.Helper()
	var n uint64
	for _, ss := range snapshot(t, ix).Segments() {
		if d := ss.Deleted(); d != nil {
			n += d.GetCardinality()
		}
	}
	return n
}

// TestMonthTerms checks that a range of whole months beside other clauses
// (month terms) finds the cables the same range of dates does.
func TestMonthTerms(t *testing.T) {
	ix := sampleIndex(t)
	ids := func(q string) map[string]bool {
		res, err := Search(context.Background(), ix, Request{Query: q, Size: 1000, MaxParagraphs: -1})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total > 1000 {
			t.Fatalf("%s: %d hits, more than a page", q, res.Total)
		}
		m := map[string]bool{}
		for _, h := range res.Hits {
			m[h.ID] = true
		}
		return m
	}
	for _, c := range []struct{ word, months string }{
		{"embassy", "2009-03..2009-06"}, {"the", "2006-01..2006-10"}, {"minister", "2008-12"}, {"embassy", "1990-01..1990-02"},
	} {
		got := ids(c.word + " created:" + c.months)
		// The date range alone is searched on the created dates.
		dates, words := ids("created:"+c.months), ids(c.word)
		want := map[string]bool{}
		for id := range dates {
			if words[id] {
				want[id] = true
			}
		}
		if !maps.Equal(got, want) {
			t.Errorf("%s created:%s: %d cables, want the %d of the date range", c.word, c.months, len(got), len(want))
		}
		if c.months != "1990-01..1990-02" && len(want) == 0 {
			t.Errorf("%s created:%s: no cables; the case tests nothing", c.word, c.months)
		}
	}
}
