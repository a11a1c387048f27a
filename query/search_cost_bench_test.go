//go:build unix

package query_test

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/query"
)

// costModes are the ways TestSearchCost runs each query: as the command
// line does by default (top 10 with 3 paragraphs each), without
// paragraphs, in paragraph mode, newest and oldest first (the third page
// with paragraphs, and paragraph mode, newest first), with the month
// histogram (which finds the oldest and newest matching cables), and with
// the terms facets.
var costModes = []struct {
	name string
	req  query.Request
}{
	{"plain", query.Request{MaxParagraphs: -1}},
	{"paras", query.Request{}},
	{"pmode", query.Request{ParagraphMode: true}},
	{"newest", query.Request{Sort: query.SortNewest, MaxParagraphs: -1}},
	{"oldest", query.Request{Sort: query.SortOldest, MaxParagraphs: -1}},
	{"newest3", query.Request{Sort: query.SortNewest, From: 20, Size: 10}},
	{"pnewest", query.Request{Sort: query.SortNewest, ParagraphMode: true}},
	{"month", query.Request{MaxParagraphs: -1, Facets: []string{query.FacetMonth}}},
	{"page3", query.Request{From: 20, Size: 10}},
	{"facets", query.Request{MaxParagraphs: -1, Facets: []string{query.FacetOrigin, query.FacetClassification, query.FacetTags, query.FacetYear}}},
}

// costQueries are the queries of TestSearchCost: the words of
// `cablebench queries`, phrases of common and of rarer words, a bare
// citation with and without its year, words with filters, and fields
// only.
var costQueries = []string{
	"the", "embassy", "sanctions", "nuclear iran", "the embassy", "terrorism border police",
	`"in the wake of"`, "05KINSHASA1757", "KINSHASA 001757",
	`"human rights"`, `"of the"`, `sanctions origin:"Embassy Ankara"`, "the origin:moscow created:2009..2010",
	"iran created:2008..2009", "ceasefire created:2005..2007",
	"id:05KINSHASA1757", `tag:PREL origin:"Embassy Ankara"`,
}

// TestSearchCost measures query.Search itself (not a bleve variant) on a
// built index: the mean process CPU time per call over
// CABLESEARCH_BENCH_REPS runs (default 9) after one warm-up, with the
// hit count and a digest of the whole result (hits, scores, paragraphs,
// snippets, facets) so that a change to the search code can show it
// answers the same. It is skipped unless CABLESEARCH_QUERY_INDEX names an
// index:
//
//	go run ./cmd/cablebench build --index /tmp/q/ours25k.index /tmp/s6/synth25k.csv
//	CABLESEARCH_QUERY_INDEX=/tmp/q/ours25k.index go test ./query -run SearchCost -v
//
// Each mode and query is a subtest (-run 'SearchCost/paras/the$' runs
// one, for a profile).
// CABLESEARCH_QUERY_DUMP, when set, names a file that receives every
// result as JSON lines, to compare two runs in detail.
func TestSearchCost(t *testing.T) {
	dir := os.Getenv("CABLESEARCH_QUERY_INDEX")
	if dir == "" {
		t.Skip("set CABLESEARCH_QUERY_INDEX to a built index to measure query.Search")
	}
	reps := 9
	if s := os.Getenv("CABLESEARCH_BENCH_REPS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("CABLESEARCH_BENCH_REPS=%q", s)
		}
		reps = n
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	var dump *json.Encoder
	if p := os.Getenv("CABLESEARCH_QUERY_DUMP"); p != "" {
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		dump = json.NewEncoder(f)
	}
	ctx := context.Background()
	var sum float64
	for _, m := range costModes {
		for _, q := range costQueries {
			t.Run(m.name+"/"+q, func(t *testing.T) {
				req := m.req
				req.Query = q
				res, err := query.Search(ctx, ix, req) // warm-up, and the answer
				if err != nil {
					t.Fatalf("Search(%q, %s): %v", q, m.name, err)
				}
				res.Took = 0
				js, err := json.Marshal(res)
				if err != nil {
					t.Fatal(err)
				}
				if dump != nil {
					if err := dump.Encode(map[string]any{"mode": m.name, "query": q, "result": res}); err != nil {
						t.Fatal(err)
					}
				}
				cpu0 := cpuTime()
				for range reps {
					if _, err := query.Search(ctx, ix, req); err != nil {
						t.Fatal(err)
					}
				}
				ms := float64(cpuTime()-cpu0) / float64(reps) / float64(time.Millisecond)
				sum += ms
				n := len(res.Hits) + len(res.ParagraphHits)
				t.Logf("%-7s %-26q %8.2f CPU ms  total %6d  page %3d  digest %x", m.name, q, ms, res.Total, n, sha256.Sum256(js))
			})
		}
	}
	t.Logf("sum %.1f CPU ms; load %s", sum, loadavg())
}
