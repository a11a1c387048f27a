//go:build unix

package query

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
)

// BenchmarkParagraphPhase measures the two steps of the paragraph hits of
// a page of 10 hits on their own: the term locations and stored
// paragraphs (withLocations), and the paragraphs and snippets (makeHit).
// It is skipped unless CABLESEARCH_QUERY_INDEX names an index:
//
//	CABLESEARCH_QUERY_INDEX=/tmp/s7/w25/ours.index go test ./query -run '^$' -bench ParagraphPhase -benchmem -count 6
func BenchmarkParagraphPhase(b *testing.B) {
	ix := externalIndex(b)
	ctx := context.Background()
	for _, text := range []string{"the", "nuclear iran", `"human rights"`} {
		q, err := Parse(text)
		if err != nil {
			b.Fatal(err)
		}
		base, err := toBleveOn(ix, q)
		if err != nil {
			b.Fatal(err)
		}
		sr := bleve.NewSearchRequestOptions(base, 10, 0, false)
		sr.Fields = metaFields
		res, err := ix.SearchInContext(ctx, sr)
		if err != nil {
			b.Fatal(err)
		}
		fresh := func() search.DocumentMatchCollection {
			hits := make(search.DocumentMatchCollection, len(res.Hits))
			for i, h := range res.Hits {
				c := *h
				c.Fields = map[string]any{}
				for k, v := range h.Fields {
					c.Fields[k] = v
				}
				hits[i] = &c
			}
			return hits
		}
		b.Run("locations/"+text, func(b *testing.B) {
			b.ReportAllocs()
			cpu0 := procCPU()
			for b.Loop() {
				if err := withLocations(ctx, ix, base, fresh(), paraFields); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(procCPU()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
		})
		hits := fresh()
		if err := withLocations(ctx, ix, base, hits, paraFields); err != nil {
			b.Fatal(err)
		}
		req := Request{MaxParagraphs: 3}
		req.setDefaults()
		b.Run("hits/"+text, func(b *testing.B) {
			b.ReportAllocs()
			cpu0 := procCPU()
			for b.Loop() {
				for _, h := range hits {
					makeHit(h, req)
				}
			}
			b.ReportMetric(float64(procCPU()-cpu0)/float64(b.N)/1e6, "cpu-ms/op")
		})
	}
}

// procCPU is the CPU time of the process so far (user and system).
func procCPU() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
