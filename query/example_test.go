package query_test

import (
	"context"
	"errors"
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

func ExampleLookupCable() {
	dir, err := os.MkdirTemp("", "cablesearch-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)

	mk := func(id, date, subject string, refs ...string) *cablesearch.Cable {
		created, _ := time.Parse("2006-01-02", date)
		return &cablesearch.Cable{
			ID: id, RawID: id, Created: created, Classification: "CONFIDENTIAL",
			Subject: subject, References: refs,
			Paragraphs: []cablesearch.Paragraph{{N: 1, Marking: "C", Text: subject + "."}},
		}
	}
	list := []*cablesearch.Cable{
		mk("08MOSCOW3060", "2008-10-15", "Gas pipeline talks"),
		mk("09MOSCOW521", "2009-02-26", "Customs dispute", "08MOSCOW3060", "08STATE1"),
		mk("09PARIS100", "2009-06-03", "French views on gas", "09MOSCOW521"),
	}
	ixDir := filepath.Join(dir, "idx")
	if _, err := index.BuildCables(context.Background(), ixDir, index.BuildOptions{}, index.Cables(list...)); err != nil {
		fmt.Println(err)
		return
	}
	ix, err := index.Open(ixDir)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ix.Close()

	for _, ref := range []string{"09 MOSCOW 521", "MOSCOW 00000521", "09MOSCOW999"} {
		v, err := query.LookupCable(context.Background(), ix, ref)
		if errors.Is(err, query.ErrNotFound) {
			fmt.Printf("%s: not found\n", ref)
			continue
		} else if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("%s: %s %q cited by %v\n", ref, v.ID, v.Subject, v.CitedBy)
		for _, r := range v.References {
			fmt.Printf("  cites %s (in index: %v)\n", r, v.ReferencesInIndex[r])
		}
	}
	// Output:
	// 09 MOSCOW 521: 09MOSCOW521 "Customs dispute" cited by [09PARIS100]
	//   cites 08MOSCOW3060 (in index: true)
	//   cites 08STATE1 (in index: false)
	// MOSCOW 00000521: 09MOSCOW521 "Customs dispute" cited by [09PARIS100]
	//   cites 08MOSCOW3060 (in index: true)
	//   cites 08STATE1 (in index: false)
	// 09MOSCOW999: not found
}
