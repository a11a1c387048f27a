package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"

	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/query"
)

// queryVariant is one way of running a query on the bleve index, for the
// before-and-after figures of the query proposals in BENCHMARKS.md.
type queryVariant struct {
	name, what string
	run        func(ctx context.Context, ix *index.Index, q bq.Query, words []string) (uint64, error)
}

// stored fields of a hit, as query.Search asks for them without
// paragraphs.
var hitMeta = []string{index.FieldSubject, index.FieldOrigin, index.FieldClassification, index.FieldCreated}

func searchReq(q bq.Query, docIDSort, locations bool) *bleve.SearchRequest {
	sr := bleve.NewSearchRequestOptions(q, 10, 0, false)
	sr.Fields = hitMeta
	if docIDSort {
		sr.SortByCustom(search.SortOrder{&search.SortScore{Desc: true}, &search.SortDocID{}})
	}
	if locations {
		sr.IncludeLocations = true
		sr.Fields = append(append([]string(nil), hitMeta...), index.FieldParas, index.FieldParaNums, index.FieldParaMarks)
	}
	return sr
}

var queryVariants = []queryVariant{
	{"as-is", "query.ToBleve, score then SortDocID, no locations (what the plain classes run)", func(ctx context.Context, ix *index.Index, q bq.Query, _ []string) (uint64, error) {
		r, err := ix.SearchInContext(ctx, searchReq(q, true, false))
		if err != nil {
			return 0, err
		}
		return r.Total, nil
	}},
	{"no-docid-sort", "the same, sorted by score only", func(ctx context.Context, ix *index.Index, q bq.Query, _ []string) (uint64, error) {
		r, err := ix.SearchInContext(ctx, searchReq(q, false, false))
		if err != nil {
			return 0, err
		}
		return r.Total, nil
	}},
	{"locations", "with IncludeLocations and the paragraph fields (what the paragraph class runs)", func(ctx context.Context, ix *index.Index, q bq.Query, _ []string) (uint64, error) {
		r, err := ix.SearchInContext(ctx, searchReq(q, true, true))
		if err != nil {
			return 0, err
		}
		return r.Total, nil
	}},
	{"two-phase", "no-docid-sort, then locations for the top 10 only (DocIDQuery ∧ query)", func(ctx context.Context, ix *index.Index, q bq.Query, _ []string) (uint64, error) {
		r, err := ix.SearchInContext(ctx, searchReq(q, false, false))
		if err != nil {
			return 0, err
		}
		ids := make([]string, len(r.Hits))
		for i, h := range r.Hits {
			ids[i] = h.ID
		}
		if len(ids) > 0 {
			q2 := bq.NewConjunctionQuery([]bq.Query{bq.NewDocIDQuery(ids), q})
			if _, err := ix.SearchInContext(ctx, searchReq(q2, false, true)); err != nil {
				return 0, err
			}
		}
		return r.Total, nil
	}},
	{"subject+paras", "each word on subject^3 OR paras only (no summary, comment), score sort", func(ctx context.Context, ix *index.Index, _ bq.Query, words []string) (uint64, error) {
		var conj []bq.Query
		for _, w := range words {
			s := bq.NewMatchQuery(w)
			s.SetField(index.FieldSubject)
			s.SetBoost(3)
			p := bq.NewMatchQuery(w)
			p.SetField(index.FieldParas)
			conj = append(conj, bq.NewDisjunctionQuery([]bq.Query{s, p}))
		}
		r, err := ix.SearchInContext(ctx, searchReq(bq.NewConjunctionQuery(conj), false, false))
		if err != nil {
			return 0, err
		}
		return r.Total, nil
	}},
}

// runQueryExperiment implements `cablebench queries --index DIR [--reps
// N]`: a few word queries run each way of queryVariants; prints the
// median wall latency, the mean process CPU time per run (user+system of
// the whole process, so including GC: the figure that holds on a loaded
// machine) and the hit count of each.
func runQueryExperiment(ctx context.Context, args []string, stdout io.Writer) error {
	var dir string
	reps := 7
	for i := 0; i < len(args); i++ {
		switch args[i] {
		case "--index":
			i++
			dir = args[i]
		case "--reps":
			i++
			fmt.Sscan(args[i], &reps)
		}
	}
	if dir == "" {
		return errors.New("usage: cablebench queries --index DIR [--reps N]")
	}
	ix, err := index.Open(dir)
	if err != nil {
		return err
	}
	defer ix.Close()
	n, _ := ix.DocCount()
	fmt.Fprintf(stdout, "%d cables; warm median wall ms / mean process CPU ms of %d runs (hits)\n\n| query |", n, reps)
	for _, v := range queryVariants {
		fmt.Fprintf(stdout, " %s |", v.name)
	}
	fmt.Fprintf(stdout, "\n|---|")
	for range queryVariants {
		fmt.Fprintf(stdout, "---:|")
	}
	fmt.Fprintln(stdout)
	for _, words := range [][]string{{"the"}, {"embassy"}, {"sanctions"}, {"nuclear", "iran"}, {"the", "embassy"}, {"terrorism", "border", "police"}} {
		text := fmt.Sprint(words)
		qq, err := query.Parse(text[1 : len(text)-1])
		if err != nil {
			return err
		}
		bqq, err := query.ToBleve(qq, query.ToBleveOptions{})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "| `%s` |", text[1:len(text)-1])
		for _, v := range queryVariants {
			var total uint64
			if total, err = v.run(ctx, ix, bqq, words); err != nil { // warm-up
				return fmt.Errorf("%s: %w", v.name, err)
			}
			ts := make([]float64, reps)
			cpu0 := cpuNow()
			for k := range ts {
				t := time.Now()
				if _, err := v.run(ctx, ix, bqq, words); err != nil {
					return err
				}
				ts[k] = ms(time.Since(t))
			}
			cpu := (cpuNow() - cpu0) * 1e3 / float64(reps)
			sort.Float64s(ts)
			fmt.Fprintf(stdout, " %s / %s (%d) |", f1(ts[len(ts)/2]), f1(cpu), total)
		}
		fmt.Fprintln(stdout)
	}
	fmt.Fprintln(stdout)
	for _, v := range queryVariants {
		fmt.Fprintf(stdout, "- %s: %s\n", v.name, v.what)
	}
	fmt.Fprintf(stdout, "\nload %s\n", readLoad().Raw)
	return nil
}
