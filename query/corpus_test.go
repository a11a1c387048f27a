package query_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/internal/testcorpus"
	"github.com/cablesearch/cablesearch/query"
)

// TestSearchCorpus indexes some real cable pages of the shared corpus and
// checks that each cable is found first by its ID in several citation
// forms, and by a phrase from one of its paragraphs with that paragraph
// as a hit.
func TestSearchCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("builds an index of real cables")
	}
	root := testcorpus.Dir()
	if root == "" {
		t.Skip("shared corpus absent")
	}
	all, err := filepath.Glob(filepath.Join(root, "html", "*.html"))
	if err != nil || len(all) == 0 {
		t.Skip("no html cables in the corpus")
	}
	slices.Sort(all)
	files := all[:min(len(all), 120)]
	dir := filepath.Join(t.TempDir(), "idx")
	if _, err := index.Build(context.Background(), dir, index.BuildOptions{Workers: 1}, files...); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	checked := 0
	for _, f := range files[:min(len(files), 40)] {
		id := strings.TrimSuffix(filepath.Base(f), ".html")
		c, err := ix.Cable(id)
		if err != nil || c == nil {
			continue // merged under another ID, or not parsed
		}
		yy, station, serial, ok := cablesearch.SplitID(c.ID)
		if !ok {
			continue
		}
		checked++
		spaced := strings.Join([]string{fmtYY(yy), station, serial}, " ")
		for _, q := range []string{c.ID, spaced, "id:" + c.ID, `ref:"` + spaced + `"`} {
			res, err := query.Search(context.Background(), ix, query.Request{Query: q, Size: 3})
			if err != nil {
				t.Fatalf("Search(%q): %v", q, err)
			}
			if len(res.Hits) == 0 || res.Hits[0].ID != c.ID {
				t.Errorf("Search(%q) = %s, want %s first", q, ids(res), c.ID)
			}
		}
		// A phrase of five words from the longest paragraph.
		var para cablesearch.Paragraph
		for _, p := range c.Paragraphs {
			if len(p.Text) > len(para.Text) {
				para = p
			}
		}
		// Five consecutive words of letters only (no punctuation, numbers
		// or redactions, which the analyzer treats specially).
		fields := strings.Fields(para.Text)
		var words []string
		for i := range fields {
			if !isWord(fields[i]) {
				words = words[:0]
				continue
			}
			words = append(words, fields[i])
			if len(words) == 5 {
				break
			}
		}
		if len(words) < 5 {
			continue
		}
		phrase := `"` + strings.Join(words, " ") + `"`
		res, err := query.Search(context.Background(), ix, query.Request{Query: phrase, Size: 50})
		if err != nil {
			t.Fatalf("Search(%s): %v", phrase, err)
		}
		found := false
		for _, h := range res.Hits {
			if h.ID != c.ID {
				continue
			}
			found = true
			if len(h.Paragraphs) == 0 || !strings.Contains(h.Paragraphs[0].Snippet, "<mark>") {
				t.Errorf("Search(%s): hit %s has no marked paragraph: %+v", phrase, c.ID, h.Paragraphs)
			}
		}
		if !found {
			t.Errorf("Search(%s) did not find %s", phrase, c.ID)
		}
	}
	if checked < 10 {
		t.Errorf("only %d cables checked", checked)
	}
	res, err := query.Search(context.Background(), ix, query.Request{Facets: query.FacetNames})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"origin", "classification", "tags", "year"} {
		if len(res.Facets[name]) == 0 {
			t.Errorf("facet %s is empty over %d cables", name, res.Total)
		}
	}
}

func fmtYY(yy int) string { return fmt.Sprintf("%02d", yy) }

func isWord(s string) bool {
	for _, r := range s {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') || r == 'X' && strings.Count(s, "X") > 3 {
			return false
		}
	}
	return s != ""
}
