package index_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/blevesearch/bleve/v2"

	"github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/index"
)

// ExampleBuildCables builds an index from cables made in Go; a cable seen
// twice is indexed once.
func ExampleBuildCables() {
	tmp, err := os.MkdirTemp("", "cablesearch-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(tmp)

	list := []*cablesearch.Cable{
		{ID: "09MOSCOW521", RawID: "09MOSCOW521", Subject: "GAS TALKS",
			Paragraphs: []cablesearch.Paragraph{{N: 1, Marking: "C", Text: "The Ambassador met the Minister of Energy."}}},
		{ID: "08STATE12345", RawID: "08STATE12345", Subject: "DEMARCHE",
			Paragraphs: []cablesearch.Paragraph{{N: 1, Text: "Please deliver the demarche on Iran."}}},
		{ID: "09MOSCOW521", RawID: "09MOSCOW00521", Subject: "GAS TALKS"},
	}
	st, err := index.BuildCables(context.Background(), filepath.Join(tmp, "idx"), index.BuildOptions{}, index.Cables(list...))
	if err != nil {
		panic(err)
	}
	fmt.Println("cables:", st.Cables, "documents:", st.Docs, "duplicates:", st.Duplicates)
	// Output:
	// cables: 2 documents: 2 duplicates: 1
}

// ExampleOpen opens an index read-only and runs a phrase query over the
// paragraphs, analysed with the query-side analyzer.
func ExampleOpen() {
	tmp, err := os.MkdirTemp("", "cablesearch-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(tmp)
	dir := filepath.Join(tmp, "idx")
	cable := &cablesearch.Cable{ID: "09MOSCOW521", RawID: "09MOSCOW521",
		Paragraphs: []cablesearch.Paragraph{
			{N: 1, Text: "Summary of the talks."},
			{N: 2, Text: "REF: 09 MOSCOW 000400. The Minister of Energy agreed."}}}
	if _, err := index.BuildCables(context.Background(), dir, index.BuildOptions{}, index.Cables(cable)); err != nil {
		panic(err)
	}

	ix, err := index.Open(dir)
	if err != nil {
		panic(err)
	}
	defer ix.Close()
	for _, phrase := range []string{"minister of energy", "09MOSCOW400"} {
		q := bleve.NewMatchPhraseQuery(phrase)
		q.SetField(index.FieldParas)
		q.Analyzer = "cable_text_query"
		req := bleve.NewSearchRequest(q)
		req.IncludeLocations = true
		res, err := ix.Search(req)
		if err != nil {
			panic(err)
		}
		for _, hit := range res.Hits {
			for _, locs := range hit.Locations[index.FieldParas] {
				fmt.Printf("%q: %s paragraph index %d\n", phrase, hit.ID, locs[0].ArrayPositions[0])
				break
			}
		}
	}
	// Output:
	// "minister of energy": 09MOSCOW521 paragraph index 1
	// "09MOSCOW400": 09MOSCOW521 paragraph index 1
}

// ExampleBuild builds an index from files: here two lines in the format of
// `cablesearch parse --json`, the same cable twice.
func ExampleBuild() {
	tmp, err := os.MkdirTemp("", "cablesearch-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(tmp)
	corpus := filepath.Join(tmp, "cables.jsonl")
	line := `{"id":"09MOSCOW521","raw_id":"%s","created":"2009-02-18T12:00:00Z","classification":"CONFIDENTIAL","origin":"Embassy Moscow","subject":"GAS TALKS","tags":["ENRG","RS"],"references":[],"paragraphs":[{"n":1,"marking":"C","text":"The Ambassador met the Minister of Energy."}]}` + "\n"
	data := fmt.Sprintf(line, "09MOSCOW521") + fmt.Sprintf(line, "09MOSCOW00521")
	if err := os.WriteFile(corpus, []byte(data), 0o644); err != nil {
		panic(err)
	}

	st, err := index.Build(context.Background(), filepath.Join(tmp, "idx"), index.BuildOptions{}, corpus)
	if err != nil {
		panic(err)
	}
	fmt.Println("records:", st.Records, "cables:", st.Cables, "duplicates:", st.Duplicates, "skipped:", st.SkippedTotal())
	// Output:
	// records: 2 cables: 1 duplicates: 1 skipped: 0
}
