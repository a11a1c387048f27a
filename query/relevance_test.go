package query_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/internal/testcorpus"
	"github.com/cablesearch/cablesearch/query"
)

// relevanceCase is one entry of testdata/queries/<suite>/searches.json:
// a query and what a researcher who read the cables expects of it.
type relevanceCase struct {
	// Comment says what the query is about and why the expectation holds
	// (the fact in the cable that makes it relevant).
	Comment string `json:"comment"`
	Query   string `json:"query"`
	// Sort is the order of the search (default relevance).
	Sort string `json:"sort,omitempty"`
	// Expect are cable IDs that must all be among the first Top hits
	// (default: len(Expect), i.e. exactly the first hits in any order).
	Expect []string `json:"expect"`
	Top    int      `json:"top,omitempty"`
	// First, when set, must be the first hit.
	First string `json:"first,omitempty"`
	// Total, when set, is the exact number of matching cables.
	Total *int `json:"total,omitempty"`
	// Absent are cable IDs that must not match at all.
	Absent []string `json:"absent,omitempty"`
	// Paragraphs are, per cable, paragraph numbers that must be among
	// the hit's matching paragraphs.
	Paragraphs map[string][]int `json:"paragraphs,omitempty"`
	// BestParagraph, when set ("ID ¶N"), must be the first paragraph of
	// the search in paragraph mode.
	BestParagraph string `json:"best_paragraph,omitempty"`
}

// TestRelevance runs the relevance suite of the bundled sample against
// an index of testdata/sample built in a temporary folder.
func TestRelevance(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample index (about 5 s)")
	}
	td := testcorpus.TestdataDir()
	data, err := os.ReadFile(filepath.Join(td, "queries", "sample", "searches.json"))
	if err != nil {
		t.Fatal(err)
	}
	var cases []relevanceCase
	if err := json.Unmarshal(data, &cases); err != nil {
		t.Fatalf("searches.json: %v", err)
	}
	if len(cases) < 30 {
		t.Errorf("%d queries in the suite, want at least 30", len(cases))
	}
	dir := filepath.Join(t.TempDir(), "idx")
	if _, err := index.Build(context.Background(), dir, index.BuildOptions{Workers: 2}, filepath.Join(td, "sample")); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	for i, c := range cases {
		t.Run(fmt.Sprintf("%02d", i+1), func(t *testing.T) {
			if c.Comment == "" || c.Query == "" && len(c.Expect) == 0 {
				t.Fatalf("entry %d: needs a comment, a query and expectations", i+1)
			}
			top := c.Top
			if top == 0 {
				top = len(c.Expect)
			}
			res, err := query.Search(context.Background(), ix, query.Request{
				Query: c.Query, Sort: c.Sort, Size: max(top, 50), MaxParagraphs: 1000,
			})
			if err != nil {
				t.Fatalf("Search(%q): %v", c.Query, err)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.ID)
			}
			show := strings.Join(got[:min(len(got), top+3)], " ")
			for _, id := range c.Expect {
				if k := slices.Index(got, id); k < 0 || k >= top {
					t.Errorf("%s\nSearch(%q): %s at rank %d, want within the first %d; got [%s]", c.Comment, c.Query, id, k+1, top, show)
				}
			}
			if c.First != "" && (len(got) == 0 || got[0] != c.First) {
				t.Errorf("%s\nSearch(%q): first hit [%s], want %s", c.Comment, c.Query, show, c.First)
			}
			if c.Total != nil && int(res.Total) != *c.Total {
				t.Errorf("%s\nSearch(%q): total %d, want %d; got [%s]", c.Comment, c.Query, res.Total, *c.Total, show)
			}
			for _, id := range c.Absent {
				if slices.Contains(got, id) {
					t.Errorf("%s\nSearch(%q): %s matches, want it absent", c.Comment, c.Query, id)
				}
			}
			for id, want := range c.Paragraphs {
				k := slices.Index(got, id)
				if k < 0 {
					t.Errorf("%s\nSearch(%q): %s absent, want paragraphs %v", c.Comment, c.Query, id, want)
					continue
				}
				var have []int
				for _, p := range res.Hits[k].Paragraphs {
					have = append(have, p.N)
				}
				for _, n := range want {
					if !slices.Contains(have, n) {
						t.Errorf("%s\nSearch(%q): %s ¶%d not among the matching paragraphs %v", c.Comment, c.Query, id, n, have)
					}
				}
			}
			if c.BestParagraph != "" {
				pr, err := query.Search(context.Background(), ix, query.Request{Query: c.Query, Sort: c.Sort, ParagraphMode: true, Size: 5})
				if err != nil {
					t.Fatalf("Search(%q) in paragraph mode: %v", c.Query, err)
				}
				var ps []string
				for _, p := range pr.ParagraphHits {
					ps = append(ps, fmt.Sprintf("%s ¶%d", p.ID, p.N))
				}
				if len(ps) == 0 || ps[0] != c.BestParagraph {
					t.Errorf("%s\nSearch(%q) in paragraph mode: [%s], want %s first", c.Comment, c.Query, strings.Join(ps, ", "), c.BestParagraph)
				}
			}
		})
	}
}
