//go:build unix

package query_test

import (
	"context"
	"os"
	"testing"

	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/query"
)

// paraBenchQueries are the paragraph-hit queries of cablebench's
// paragraphs class.
var paraBenchQueries = []struct{ name, q string }{
	{"the", "the"},
	{"human_rights", `"human rights"`},
	{"nuclear_iran", "nuclear iran"},
}

// BenchmarkParagraphHits measures query.Search for the top 10 hits with
// and without their 3 best paragraphs, and in paragraph mode (with the
// process CPU time per search), on the index named by
// CABLESEARCH_QUERY_INDEX (skipped when unset):
//
//	CABLESEARCH_QUERY_INDEX=/tmp/s7/w25/ours.index go test ./query -run '^$' -bench ParagraphHits -benchmem -count 6
func BenchmarkParagraphHits(b *testing.B) {
	dir := os.Getenv("CABLESEARCH_QUERY_INDEX")
	if dir == "" {
		b.Skip("set CABLESEARCH_QUERY_INDEX to a built index")
	}
	ix, err := index.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()
	for _, mode := range []struct {
		name  string
		max   int
		pmode bool
	}{{"paras", 3, false}, {"plain", -1, false}, {"pmode", 0, true}} {
		for _, q := range paraBenchQueries {
			b.Run(mode.name+"/"+q.name, func(b *testing.B) {
				req := query.Request{Query: q.q, Size: 10, MaxParagraphs: mode.max, ParagraphMode: mode.pmode}
				b.ReportAllocs()
				cpu0 := cpuTime()
				for b.Loop() {
					if _, err := query.Search(ctx, ix, req); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(cpuTime()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
			})
		}
	}
}
