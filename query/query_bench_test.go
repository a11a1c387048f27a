package query_test

import (
	"context"
	"testing"

	"github.com/cablesearch/cablesearch/query"
)

var benchQueries = []string{
	`ex officio customs`,
	`("gas deal" OR pipeline*) -tag:prel origin:moscow created:2008-03..2009-06`,
	`09 MOSCOW 521 cites:08MOSCOW3060 class:secret marking:S/NF subject:iran~`,
}

func BenchmarkParse(b *testing.B) {
	for _, s := range benchQueries {
		b.Run(s[:10], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := query.Parse(s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkParseToBleve(b *testing.B) {
	for _, s := range benchQueries {
		b.Run(s[:10], func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				q, err := query.Parse(s)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := query.ToBleve(q, query.ToBleveOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkSearch(b *testing.B) {
	ix := openFixture(b)
	for _, req := range []query.Request{
		{Query: "ex officio customs"},
		{Query: "gas OR customs", Facets: query.FacetNames, Filters: map[string][]string{"origin": {"Embassy Moscow"}}},
	} {
		b.Run(req.Query, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := query.Search(context.Background(), ix, req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
