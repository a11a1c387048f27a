package query_test

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/query"
)

// openTiesFixture builds an index of n cables that tie on everything a
// search sorts by: the same created date and the same subject and text
// (only the IDs differ), plus one cable that says "gas" more often and
// one with a later date.
func openTiesFixture(t testing.TB, n int) *index.Index {
	t.Helper()
	day := time.Date(2009, 3, 1, 12, 0, 0, 0, time.UTC)
	mk := func(id string, created time.Time, text string) *cablesearch.Cable {
		return &cablesearch.Cable{
			ID: id, RawID: id, Created: created, Classification: "UNCLASSIFIED", Level: "UNCLASSIFIED",
			Origin: "Embassy Paris", Station: "PARIS", Subject: "Weekly gas report",
			Source:     cablesearch.Source{File: "ties", Line: 1},
			Paragraphs: []cablesearch.Paragraph{{N: 1, Marking: "U", Text: text}},
		}
	}
	var cables []*cablesearch.Cable
	for i := range n {
		cables = append(cables, mk(fmt.Sprintf("09PARIS%d", 100+i), day, "The gas supply is stable this week."))
	}
	cables = append(cables,
		mk("09PARIS1", day, "Gas, gas and more gas: the gas supply is short."),
		mk("09PARIS2", day.AddDate(0, 1, 0), "The gas supply is stable this month."),
	)
	return openCables(t, cables...)
}

// TestSearchPagingTies checks that pages of a search whose hits tie on
// score or date neither overlap nor skip a hit, and that the order is the
// same from one search to the next: ties are broken by bleve's internal
// document order, not by the cable ID.
func TestSearchPagingTies(t *testing.T) {
	const n = 40
	ix := openTiesFixture(t, n)
	ctx := context.Background()
	tests := []struct {
		q, sort     string
		first, last string // "" when it may be any of the tied cables
	}{
		{"", query.SortRelevance, "", ""},
		{"gas", query.SortRelevance, "09PARIS1", ""},
		{"gas supply", query.SortNewest, "09PARIS2", ""},
		{"gas", query.SortOldest, "", "09PARIS2"},
	}
	for _, tt := range tests {
		t.Run(tt.q+"/"+tt.sort, func(t *testing.T) {
			search := func(from, size int, pmode bool) []string {
				t.Helper()
				res, err := query.Search(ctx, ix, query.Request{Query: tt.q, Sort: tt.sort, From: from, Size: size, ParagraphMode: pmode})
				if err != nil {
					t.Fatalf("Search(%q, from %d, size %d): %v", tt.q, from, size, err)
				}
				if res.Total != n+2 {
					t.Fatalf("Search(%q): total %d, want %d", tt.q, res.Total, n+2)
				}
				var got []string
				for _, h := range res.Hits {
					got = append(got, h.ID)
				}
				for _, p := range res.ParagraphHits {
					got = append(got, fmt.Sprintf("%s ¶%d", p.ID, p.N))
				}
				return got
			}
			for _, pmode := range []bool{false, true} {
				if pmode && tt.q == "" {
					continue // no words, no matching paragraphs
				}
				all := search(0, n+2, pmode)
				if len(all) != n+2 {
					t.Fatalf("Search(%q, paragraph mode %v): %d hits, want %d", tt.q, pmode, len(all), n+2)
				}
				if again := search(0, n+2, pmode); !slices.Equal(again, all) {
					t.Errorf("Search(%q, paragraph mode %v) twice:\n%v\n%v", tt.q, pmode, all, again)
				}
				if s := slices.Clone(all); len(slices.Compact(slicesSorted(s))) != n+2 {
					t.Errorf("Search(%q, paragraph mode %v): a hit twice in %v", tt.q, pmode, all)
				}
				if !pmode && (tt.first != "" && all[0] != tt.first || tt.last != "" && all[len(all)-1] != tt.last) {
					t.Errorf("Search(%q, %s) = %v, want %q first and %q last", tt.q, tt.sort, all, tt.first, tt.last)
				}
				for _, size := range []int{1, 7} {
					var paged []string
					for from := 0; from < n+2; from += size {
						paged = append(paged, search(from, size, pmode)...)
					}
					if !slices.Equal(paged, all) {
						t.Errorf("Search(%q, paragraph mode %v) in pages of %d:\n%v\nwant\n%v", tt.q, pmode, size, paged, all)
					}
				}
			}
		})
	}
}

func slicesSorted(s []string) []string {
	slices.Sort(s)
	return s
}

// TestSearchYearsDoNotRank checks that a range of whole years (searched
// as terms of the year field) filters without ranking the cables of a
// rare year first: the cable that says "gas" most comes first; and that
// with no other clause to score, the scores stay numbers.
func TestSearchYearsDoNotRank(t *testing.T) {
	mk := func(id string, year int, text string) *cablesearch.Cable {
		return &cablesearch.Cable{
			ID: id, RawID: id, Created: time.Date(year, 5, 1, 0, 0, 0, 0, time.UTC), Classification: "UNCLASSIFIED", Level: "UNCLASSIFIED",
			Origin: "Embassy Paris", Station: "PARIS", Subject: "Report",
			Source:     cablesearch.Source{File: "years", Line: 1},
			Paragraphs: []cablesearch.Paragraph{{N: 1, Marking: "U", Text: text}},
		}
	}
	cables := []*cablesearch.Cable{mk("08PARIS1", 2008, "Gas, gas and gas again: the gas supply.")}
	for i := range 12 {
		cables = append(cables, mk(fmt.Sprintf("08PARIS%d", 100+i), 2008, "The oil supply is stable; gas prices rose on the news from the pipeline operators this week."))
	}
	cables = append(cables, mk("09PARIS1", 2009, "The oil supply is stable; gas prices rose on the news from the pipeline operators this week."))
	ix := openCables(t, cables...)
	for _, q := range []string{"gas created:2008..2009", "gas created:2007..2010 -tag:PREL", "created:2008..2009 -tag:PREL"} {
		res, err := query.Search(context.Background(), ix, query.Request{Query: q, Size: 3})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 14 || len(res.Hits) == 0 || strings.HasPrefix(q, "gas") && res.Hits[0].ID != "08PARIS1" {
			t.Errorf("Search(%q) = total %d, hits %s; want 14, 08PARIS1 first", q, res.Total, ids(res))
		}
		for _, h := range res.Hits {
			if math.IsNaN(h.Score) || math.IsInf(h.Score, 0) {
				t.Errorf("Search(%q): %s scores %v", q, h.ID, h.Score)
			}
		}
	}
}

// TestSearchDateSort checks the date sorts on cables of several dates
// (before 1970, two on one day, one given in another time zone) and
// cables without a date: newest and oldest first, undated cables last in
// both directions, in pages as in one; and the month histogram, whose
// span comes from the oldest and newest dated cables.
func TestSearchDateSort(t *testing.T) {
	est := time.FixedZone("EST", -5*3600)
	mk := func(id string, created time.Time) *cablesearch.Cable {
		text := "The gas supply."
		if created.IsZero() {
			text = "The gas pipeline."
		}
		return &cablesearch.Cable{
			ID: id, RawID: id, Created: created, Classification: "UNCLASSIFIED", Level: "UNCLASSIFIED",
			Origin: "Embassy Paris", Station: "PARIS", Subject: "Gas report",
			Source:     cablesearch.Source{File: "dates", Line: 1},
			Paragraphs: []cablesearch.Paragraph{{N: 1, Marking: "U", Text: text}},
		}
	}
	cables := []*cablesearch.Cable{
		mk("09PARIS3", time.Date(2009, 3, 12, 9, 0, 0, 0, time.UTC)),
		mk("PARIS90", time.Time{}),
		mk("66PARIS1", time.Date(1966, 12, 31, 23, 0, 0, 0, time.UTC)),
		mk("09PARIS4", time.Date(2009, 3, 12, 6, 0, 0, 0, est)), // 11:00 UTC, after 09PARIS3
		mk("10PARIS1", time.Date(2010, 2, 1, 0, 0, 0, 0, time.UTC)),
		mk("PARIS91", time.Time{}),
		mk("70PARIS1", time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)),
		mk("08PARIS1", time.Date(2008, 7, 4, 12, 30, 0, 0, time.UTC)),
	}
	ix := openCables(t, cables...)
	ctx := context.Background()
	dated := []string{"66PARIS1", "70PARIS1", "08PARIS1", "09PARIS3", "09PARIS4", "10PARIS1"}
	for _, sort := range []string{query.SortNewest, "date", query.SortOldest} {
		want := slices.Clone(dated)
		if sort != query.SortOldest {
			slices.Reverse(want)
		}
		search := func(from, size int) []string {
			t.Helper()
			res, err := query.Search(ctx, ix, query.Request{Query: "gas", Sort: sort, From: from, Size: size})
			if err != nil {
				t.Fatalf("Search(gas, %s): %v", sort, err)
			}
			return idsOf(res)
		}
		all := search(0, 20)
		if len(all) != len(cables) || !slices.Equal(all[:len(dated)], want) || !slices.Equal(slicesSorted(slices.Clone(all[len(dated):])), []string{"PARIS90", "PARIS91"}) {
			t.Errorf("Search(gas, %s) = %v, want %v then the two undated cables", sort, all, want)
		}
		var paged []string
		for from := 0; from < len(cables); from += 3 {
			paged = append(paged, search(from, 3)...)
		}
		if !slices.Equal(paged, all) {
			t.Errorf("Search(gas, %s) in pages of 3 = %v, want %v", sort, paged, all)
		}
	}
	for _, tt := range []struct {
		q      string
		months int
		filter []string // month facet filter (the facet is disjunctive)
		want   []FacetMonth
	}{
		{"gas created:2008..", 1000, nil, []FacetMonth{{"2008-07", 1}, {"2009-03", 2}, {"2010-02", 1}}},
		{"pipeline", 1000, nil, nil}, // the undated cables only: no months
		// The MaxMonths calendar months ending at the newest month.
		{"gas created:2008..", 12, nil, []FacetMonth{{"2009-03", 2}, {"2010-02", 1}}},
		{"gas created:2008..", 11, nil, []FacetMonth{{"2010-02", 1}}},
		{"gas created:2008..", 1000, []string{"2009-03"}, []FacetMonth{{"2008-07", 1}, {"2009-03", 2}, {"2010-02", 1}}},
	} {
		req := query.Request{Query: tt.q, Facets: []string{query.FacetMonth}, MaxMonths: tt.months}
		if tt.filter != nil {
			req.Filters = map[string][]string{query.FacetMonth: tt.filter}
		}
		res, err := query.Search(ctx, ix, req)
		if err != nil {
			t.Fatalf("Search(%q, month facet): %v", tt.q, err)
		}
		var got []FacetMonth
		for _, v := range res.Facets[query.FacetMonth] {
			got = append(got, FacetMonth{v.Value, v.Count})
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Search(%q, %d months, filter %v) months = %v, want %v", tt.q, tt.months, tt.filter, got, tt.want)
		}
		if tt.filter != nil && res.Total != 2 {
			t.Errorf("Search(%q, month filter %v) = %d cables, want 2", tt.q, tt.filter, res.Total)
		}
	}
}

// FacetMonth is a month facet value and its count, for comparisons.
type FacetMonth struct {
	Month string
	Count int
}

func idsOf(res *query.Result) []string {
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	return out
}
