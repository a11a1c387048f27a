package query

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/internal/testcorpus"
)

// sharedIndex is an index of testdata/sample shared by the internal
// tests, built once per test binary (about 5 s) and removed by TestMain.
type sharedIndex struct {
	once sync.Once
	dir  string
	ix   *index.Index
	err  error
}

// sample is the sample built with the default options; segmented is it
// built in batches of 3 cables into segments of at most 4, left unmerged
// (about a hundred segments: candidate sets and global document numbers
// then span many).
var sample, segmented sharedIndex

func TestMain(m *testing.M) {
	code := m.Run()
	for _, s := range []*sharedIndex{&sample, &segmented} {
		if s.ix != nil {
			s.ix.Close()
		}
		if s.dir != "" {
			os.RemoveAll(s.dir)
		}
	}
	os.Exit(code)
}

// get builds (once) and opens the shared index with opts.
func (s *sharedIndex) get(t *testing.T, opts index.BuildOptions) *index.Index {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the sample index (about 5 s)")
	}
	s.once.Do(func() {
		if s.dir, s.err = os.MkdirTemp("", "query-sample-"); s.err != nil {
			return
		}
		dir := filepath.Join(s.dir, "idx")
		if _, s.err = index.Build(context.Background(), dir, opts, filepath.Join(testcorpus.TestdataDir(), "sample")); s.err != nil {
			return
		}
		s.ix, s.err = index.Open(dir)
	})
	if s.err != nil {
		t.Fatal(s.err)
	}
	return s.ix
}

// sampleIndex opens the shared index of testdata/sample.
func sampleIndex(t *testing.T) *index.Index {
	t.Helper()
	return sample.get(t, index.BuildOptions{Workers: 2})
}

// segmentedIndex opens the shared index of testdata/sample in many
// segments (segmented).
func segmentedIndex(t *testing.T) *index.Index {
	t.Helper()
	ix := segmented.get(t, index.BuildOptions{Workers: 2, BatchSize: 3, MaxSegmentDocs: 4, MaxMergeBytes: 1})
	if n := len(snapshot(t, ix).Segments()); n < 2 {
		t.Fatalf("%d segment(s); the test needs several", n)
	}
	return ix
}

// externalIndex opens the index named by CABLESEARCH_QUERY_INDEX (a
// larger one than the sample, see TestSearchCost), closed when the test
// or benchmark ends; it skips when the variable is unset.
func externalIndex(tb testing.TB) *index.Index {
	tb.Helper()
	dir := os.Getenv("CABLESEARCH_QUERY_INDEX")
	if dir == "" {
		tb.Skip("set CABLESEARCH_QUERY_INDEX to a built index")
	}
	ix, err := index.Open(dir)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}

// snapshot gives ix's scorch snapshot, closed when the test ends.
func snapshot(t *testing.T, ix *index.Index) *scorch.IndexSnapshot {
	t.Helper()
	ai, err := ix.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := ai.Reader()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		t.Fatalf("index reader %T", r)
	}
	return snap
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
		if got := onlyPhrases(highlighted(q)); got != tt.want {
			t.Errorf("onlyPhrases(highlighted(%q)) = %v, want %v", tt.in, got, tt.want)
		}
	}
}

// TestYearlessIDTerms checks that a yearless ID looked up as the terms
// of the index (ToBleveOptions.Terms, which Search sets) finds the same
// cables with the same scores as the regexp [0-9][0-9]ID over each
// field, for citations of cables and of references of the sample, by
// themselves and beside a word, and for one that matches nothing.
func TestYearlessIDTerms(t *testing.T) {
	t.Run("sample", func(t *testing.T) { testYearlessIDTerms(t, sampleIndex(t), nil) })
	// Serials that several years share, in the id and refs fields, and
	// one whose only year is in the refs of other cables.
	mk := func(id string, year int, refs ...string) *cablesearch.Cable {
		return &cablesearch.Cable{
			ID: id, RawID: id, Created: time.Date(year, 3, 1, 0, 0, 0, 0, time.UTC), Classification: "UNCLASSIFIED", Level: "UNCLASSIFIED",
			Origin: "Embassy Moscow", Station: "MOSCOW", Subject: "Gas report", References: refs,
			Source:     cablesearch.Source{File: "years", Line: 1},
			Paragraphs: []cablesearch.Paragraph{{N: 1, Marking: "U", Text: "The embassy reports on gas (MOSCOW 521)."}},
		}
	}
	cables := []*cablesearch.Cable{
		mk("08MOSCOW521", 2008), mk("09MOSCOW521", 2009, "08MOSCOW521"), mk("10MOSCOW521", 2010, "09MOSCOW521", "07MOSCOW521"),
		mk("09MOSCOW7", 2009, "08MOSCOW521", "07MOSCOW521", "99MOSCOW44"), mk("09MOSCOW8", 2009, "00MOSCOW44"),
	}
	dir := filepath.Join(t.TempDir(), "idx")
	if _, err := index.BuildCables(context.Background(), dir, index.BuildOptions{}, index.Cables(cables...)); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	t.Run("years", func(t *testing.T) {
		testYearlessIDTerms(t, ix, []string{"MOSCOW 000521", "MOSCOW 000521 gas", `cites:"MOSCOW 000521"`, "MOSCOW 00007", "MOSCOW 044", `id:"MOSCOW 000521"`})
	})
}

func testYearlessIDTerms(t *testing.T, ix *index.Index, queries []string) {
	var ids []string
	for _, field := range []string{index.FieldID, index.FieldRefs} {
		dict, err := ix.FieldDict(field)
		if err != nil {
			t.Fatal(err)
		}
		for n := 0; ; n++ {
			e, err := dict.Next()
			if err != nil {
				t.Fatal(err)
			}
			if e == nil {
				break
			}
			if n%40 == 0 {
				ids = append(ids, e.Term)
			}
		}
		dict.Close()
	}
	for _, id := range ids {
		_, station, serial, ok := cablesearch.SplitID(id)
		if !ok {
			continue
		}
		yearless := station + " 000" + serial
		queries = append(queries, yearless, yearless+" embassy", `id:"`+yearless+`"`, `cites:"`+yearless+`"`)
	}
	queries = append(queries, "NOWHERE 000123", "MOSCOW 000001 OR STATE 000001")
	if len(queries) < 8 {
		t.Fatalf("only %d queries from %d IDs", len(queries), len(ids))
	}
	ctx := context.Background()
	run := func(q bleveQuery) []string {
		t.Helper()
		sr := bleve.NewSearchRequestOptions(q, 100, 0, false)
		res, err := ix.SearchInContext(ctx, sr)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, h := range res.Hits {
			out = append(out, fmt.Sprintf("%s %v", h.ID, h.Score))
		}
		slices.Sort(out)
		return out
	}
	matched := 0
	for _, s := range queries {
		q, err := Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q): %v", s, err)
		}
		viaRegexp, err := ToBleve(q, ToBleveOptions{})
		if err != nil {
			t.Fatal(err)
		}
		viaTerms, err := toBleveOn(ix, q)
		if err != nil {
			t.Fatal(err)
		}
		if js, _ := json.Marshal(viaTerms); strings.Contains(string(js), "regexp") {
			t.Errorf("toBleveOn(%q) = %s, want no regexp", s, js)
		}
		want, got := run(viaRegexp), run(viaTerms)
		if !slices.Equal(got, want) {
			t.Errorf("%q: hits and scores by terms\n%v\nwant (by regexp)\n%v", s, got, want)
		}
		if len(want) > 0 {
			matched++
		}
	}
	t.Logf("%d queries, %d matching", len(queries), matched)
	if matched < len(queries)/2 {
		t.Errorf("only %d of %d queries match anything", matched, len(queries))
	}
}

// TestFacetFilter checks the filters of selected facet values: the
// values as terms of the facet's field, upper-cased for code facets, and
// a clear error for a malformed year or month or an unknown facet.
func TestFacetFilter(t *testing.T) {
	for _, tt := range []struct {
		name    string
		values  []string
		want    string // in the JSON of the filter
		wantErr string
	}{
		{FacetClassification, []string{"secret"}, `"term":"SECRET","field":"classification"`, ""},
		{FacetOrigin, []string{"Embassy Moscow"}, `"term":"Embassy Moscow","field":"origin"`, ""},
		{FacetYear, []string{"2009", "2010"}, `"term":"2010","field":"year"`, ""},
		{FacetMonth, []string{"2009-03"}, `"term":"2009-03","field":"month"`, ""},
		{FacetYear, []string{"2009-03"}, "", `year filter "2009-03": want a year like 2009`},
		{FacetMonth, []string{"2009"}, "", `month filter "2009": want a month like 2009-03`},
		{FacetMonth, []string{"2009-13"}, "", `month filter "2009-13"`},
		{"colour", []string{"red"}, "", `unknown facet "colour"`},
	} {
		q, err := facetFilter(tt.name, tt.values)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("facetFilter(%s, %v) error = %v, want %q", tt.name, tt.values, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("facetFilter(%s, %v): %v", tt.name, tt.values, err)
			continue
		}
		b, err := json.Marshal(q)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), tt.want) {
			t.Errorf("facetFilter(%s, %v) = %s, want it to contain %s", tt.name, tt.values, b, tt.want)
		}
	}
}
