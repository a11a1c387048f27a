package query

import (
	"cmp"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/internal/testcorpus"
)

// sample is the index of testdata/sample shared by the internal tests,
// built once per test binary (about 5 s) and removed by TestMain.
var sample struct {
	once sync.Once
	dir  string
	ix   *index.Index
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if sample.ix != nil {
		sample.ix.Close()
	}
	if sample.dir != "" {
		os.RemoveAll(sample.dir)
	}
	os.Exit(code)
}

// sampleIndex opens the shared index of testdata/sample.
func sampleIndex(t *testing.T) *index.Index {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the sample index (about 5 s)")
	}
	sample.once.Do(func() {
		if sample.dir, sample.err = os.MkdirTemp("", "query-sample-"); sample.err != nil {
			return
		}
		dir := filepath.Join(sample.dir, "idx")
		td := testcorpus.TestdataDir()
		if _, sample.err = index.Build(context.Background(), dir, index.BuildOptions{Workers: 2}, filepath.Join(td, "sample")); sample.err != nil {
			return
		}
		sample.ix, sample.err = index.Open(dir)
	})
	if sample.err != nil {
		t.Fatal(sample.err)
	}
	return sample.ix
}

// sampleQueries are the queries of the relevance suite of the sample,
// and a few with many hits.
func sampleQueries(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testcorpus.TestdataDir(), "queries", "sample", "searches.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []struct{ Query string }
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatal(err)
	}
	qs := []string{"the", "embassy", "iran nuclear", "the embassy", `"of the"`, "iran -tag:PTER", "gas OR oil*", `"human rights" minister`}
	for _, c := range cases {
		if c.Query != "" && !slices.Contains(qs, c.Query) {
			qs = append(qs, c.Query)
		}
	}
	return qs
}

// sortedLocations gives the paras locations of a hit in one order.
func sortedLocations(h *search.DocumentMatch) map[string]search.Locations {
	return sortedLocationsOf(h, index.FieldParas)
}

// sortedLocationsOf gives the locations of a hit in field in one order.
func sortedLocationsOf(h *search.DocumentMatch, field string) map[string]search.Locations {
	out := map[string]search.Locations{}
	for term, locs := range h.Locations[field] {
		l := slices.Clone(locs)
		slices.SortFunc(l, func(a, b *search.Location) int {
			if c := slices.Compare(a.ArrayPositions, b.ArrayPositions); c != 0 {
				return c
			}
			return cmp.Compare(a.Pos, b.Pos)
		})
		out[term] = l
	}
	return out
}

// TestWithLocations checks that the second pass gives each hit the term
// locations and paragraph fields that one search with IncludeLocations
// gives it, for every query of the relevance suite.
func TestWithLocations(t *testing.T) {
	ix := sampleIndex(t)
	ctx := context.Background()
	for _, s := range sampleQueries(t) {
		q, err := Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q): %v", s, err)
		}
		bq, err := toBleveOn(ix, q)
		if err != nil {
			t.Fatalf("ToBleve(%q): %v", s, err)
		}
		one := bleve.NewSearchRequestOptions(bq, 50, 0, false)
		one.IncludeLocations = true
		one.Fields = paraFields
		want, err := ix.SearchInContext(ctx, one)
		if err != nil {
			t.Fatal(err)
		}
		two := bleve.NewSearchRequestOptions(bq, 50, 0, false)
		got, err := ix.SearchInContext(ctx, two)
		if err != nil {
			t.Fatal(err)
		}
		if err := withLocations(ctx, ix, bq, got.Hits, paraFields); err != nil {
			t.Fatalf("withLocations(%q): %v", s, err)
		}
		if len(got.Hits) != len(want.Hits) {
			t.Fatalf("%q: %d hits in two passes, %d in one", s, len(got.Hits), len(want.Hits))
		}
		located := 0
		for i, g := range got.Hits {
			w := want.Hits[i]
			if g.ID != w.ID || g.Score != w.Score {
				t.Errorf("%q hit %d: %s %g in two passes, %s %g in one", s, i, g.ID, g.Score, w.ID, w.Score)
				continue
			}
			if gl, wl := sortedLocations(g), sortedLocations(w); !reflect.DeepEqual(gl, wl) {
				t.Errorf("%q %s: locations\n%v in two passes,\n%v in one", s, g.ID, gl, wl)
			}
			for _, f := range paraFields {
				if !reflect.DeepEqual(g.Fields[f], w.Fields[f]) {
					t.Errorf("%q %s: field %s differs", s, g.ID, f)
				}
			}
			if len(g.Locations[index.FieldParas]) > 0 {
				located++
			}
		}
		if s == "embassy" && located == 0 {
			t.Errorf("%q: no hit with locations in paras", s)
		}
	}
}

func TestPhrasesOnly(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{`"in the wake of"`, true},
		{`"quetta shura" OR "money laundering"`, true},
		{`"human rights" -tag:PREL -torture`, true},
		{`"human rights" origin:moscow created:2008`, true},
		{`"human rights" minister`, false},
		{`"of the"`, false},  // one common gram: searched as a term
		{`"embassy"`, false}, // one word: searched as a term
		{`iran nuclear`, false},
		{`bophuth*`, false},
		{`qadhafy~2`, false},
		{`09MOSCOW521`, false},
		{`subject:"gas deal"`, false},
		{`tag:PREL`, false},
		{``, false},
	}
	for _, tt := range tests {
		q, err := Parse(tt.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.in, err)
		}
		if got := phrasesOnly(q); got != tt.want {
			t.Errorf("phrasesOnly(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
}
