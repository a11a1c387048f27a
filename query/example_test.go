package query_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/query"
)

func ExampleParse() {
	for _, s := range []string{
		`ex officio customs`,
		`"gas deal" OR pipeline -tag:prel`,
		`09 MOSCOW 521`,
		`origin:"Embassy Moscow" class:S//NF created:2008-03..2009-06`,
		`before:2009 (iran OR tehran`,
	} {
		q, err := query.Parse(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(q)
	}
	// Output:
	// ex officio customs
	// "gas deal" OR pipeline -tag:PREL
	// 09MOSCOW521
	// origin:"Embassy Moscow" class:SECRET//NOFORN created:2008-03..2009-06
	// query: position 27: expected ')' to close '(' at position 12, found end of query
}

func ExampleSearch() {
	dir, err := os.MkdirTemp("", "cablesearch-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	created, _ := time.Parse("2006-01-02", "2009-02-26")
	cable := &cablesearch.Cable{
		ID: "09MOSCOW521", RawID: "09MOSCOW521", Created: created,
		Classification: "CONFIDENTIAL", Origin: "Embassy Moscow", Station: "MOSCOW",
		Subject: "Customs dispute", Tags: []string{"PREL", "ETRD"},
		Paragraphs: []cablesearch.Paragraph{
			{N: 1, Marking: "C", Text: "The deputy minister sat ex officio on the customs board."},
			{N: 2, Marking: "U", Text: "No further action."},
		},
	}
	cables := func(yield func(*cablesearch.Cable, error) bool) { yield(cable, nil) }
	ixDir := filepath.Join(dir, "idx")
	if _, err := index.BuildCables(context.Background(), ixDir, index.BuildOptions{}, cables); err != nil {
		fmt.Println(err)
		return
	}
	ix, err := index.Open(ixDir)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ix.Close()

	res, err := query.Search(context.Background(), ix, query.Request{
		Query:  `"ex officio" customs`,
		Facets: []string{query.FacetTags, query.FacetYear},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("total:", res.Total)
	for _, h := range res.Hits {
		fmt.Println(h.ID, h.Subject)
		for _, p := range h.Paragraphs {
			fmt.Printf("  %d (%s) %s\n", p.N, p.Marking, p.Snippet)
		}
	}
	fmt.Println("tags:", res.Facets[query.FacetTags])
	fmt.Println("year:", res.Facets[query.FacetYear])
	// Output:
	// total: 1
	// 09MOSCOW521 Customs dispute
	//   1 (C) The deputy minister sat <mark>ex officio</mark> on the <mark>customs</mark> board.
	// tags: [{ETRD 1} {PREL 1}]
	// year: [{2009 1}]
}
