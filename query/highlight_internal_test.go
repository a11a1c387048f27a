package query

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/blevesearch/bleve/v2"

	"github.com/cablesearch/cablesearch/analysis"
	"github.com/cablesearch/cablesearch/index"
)

// TestMatchRangesAgainstOffsets checks that the byte ranges found by
// analysing a paragraph again (matchRanges) are those bleve stores as the
// offsets of the term locations, and that snippet, which analyses only a
// prefix of the paragraph where it can, gives the same snippets. The
// paragraphs are those of testdata/sample, indexed in memory with the
// cable_text analyzer and its offsets (whatever the index schema keeps),
// and searched with every query of the relevance suite and a few more.
func TestMatchRangesAgainstOffsets(t *testing.T) {
	ix := sampleIndex(t)
	ctx := context.Background()
	all := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 100000, 0, false)
	all.Fields = []string{index.FieldParas}
	res, err := ix.SearchInContext(ctx, all)
	if err != nil {
		t.Fatal(err)
	}
	paras := make(map[string][]string, len(res.Hits))
	m := bleve.NewIndexMapping()
	f := bleve.NewTextFieldMapping()
	f.Analyzer = analysis.TextAnalyzer
	f.IncludeTermVectors = true
	f.Store = false
	dm := bleve.NewDocumentStaticMapping()
	dm.AddFieldMappingsAt(index.FieldParas, f)
	m.DefaultMapping = dm
	mem, err := bleve.NewMemOnly(m)
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	b := mem.NewBatch()
	for _, h := range res.Hits {
		paras[h.ID] = storedStrings(h.Fields[index.FieldParas])
		if err := b.Index(h.ID, map[string]any{index.FieldParas: paras[h.ID]}); err != nil {
			t.Fatal(err)
		}
	}
	if err := mem.Batch(b); err != nil {
		t.Fatal(err)
	}

	qs := append(sampleQueries(t), `"the embassy"`, `"in the"`, "embassy of the", `"ambassador" -tag:PREL`)
	compared, offsets := 0, 0
	for _, s := range qs {
		q, err := Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q): %v", s, err)
		}
		bq, err := ToBleve(q, ToBleveOptions{References: func(string) ([]string, error) { return nil, nil }})
		if err != nil {
			t.Fatalf("ToBleve(%q): %v", s, err)
		}
		sr := bleve.NewSearchRequestOptions(bq, 40, 0, false)
		sr.IncludeLocations = true
		got, err := mem.SearchInContext(ctx, sr)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range got.Hits {
			texts := paras[h.ID]
			// The stored offsets, by paragraph.
			want := map[int][][2]int{}
			for _, locs := range h.Locations[index.FieldParas] {
				for _, l := range locs {
					if len(l.ArrayPositions) > 0 {
						i := int(l.ArrayPositions[0])
						want[i] = append(want[i], [2]int{int(l.Start), int(l.End)})
					}
				}
			}
			for _, p := range matchedParas(h, len(texts)) {
				text := texts[p.i]
				gotR, wantR := sortedRanges(matchRanges(text, p.matches)), sortedRanges(want[p.i])
				compared++
				for _, r := range wantR {
					if r[1] > 0 {
						offsets++
					}
				}
				if !slices.Equal(gotR, wantR) {
					t.Errorf("%q %s paragraph %d: ranges %v by analysis, %v stored (matches %v)", s, h.ID, p.i, gotR, wantR, p.matches)
					continue
				}
				for _, size := range []int{240, 40, 1000} {
					if g, w := snippet(text, p.matches, size), Snippet(text, wantR, size); g != w {
						t.Errorf("%q %s paragraph %d: snippet of %d bytes\n%s\nwant\n%s", s, h.ID, p.i, size, g, w)
					}
				}
			}
		}
	}
	if compared < 200 || offsets < 200 {
		t.Errorf("compared %d paragraphs with %d stored ranges, want at least 200 of each", compared, offsets)
	}
	t.Logf("%d queries, %d paragraphs compared, %d stored ranges", len(qs), compared, offsets)
}

func sortedRanges(rs [][2]int) [][2]int {
	rs = slices.Clone(rs)
	slices.SortFunc(rs, func(a, b [2]int) int {
		if c := cmp.Compare(a[0], b[0]); c != 0 {
			return c
		}
		return cmp.Compare(a[1], b[1])
	})
	return slices.Compact(rs)
}

func TestMatchRanges(t *testing.T) {
	text := "The Embassy of the United States; the embassy's staff. Embassy!"
	tests := []struct {
		matches []termPos
		want    string
	}{
		{nil, "[]"},
		{[]termPos{{"embassi", 2}}, "[[4 11]]"},
		{[]termPos{{"embassi", 2}, {"embassi", 8}, {"embassi", 10}}, "[[4 11] [38 47] [55 62]]"},
		{[]termPos{{"the_embassi", 1}}, "[[0 11]]"},      // a common gram spans its two words
		{[]termPos{{"embassi", 3}, {"nowher", 2}}, "[]"}, // right term at the wrong position; a term not there
	}
	for _, tt := range tests {
		got := fmt.Sprint(sortedRanges(matchRanges(text, tt.matches)))
		if got != tt.want {
			t.Errorf("matchRanges(%q, %v) = %s, want %s", text, tt.matches, got, tt.want)
		}
	}
}

// TestSnippetConcurrent runs snippet from several goroutines at once, as
// concurrent searches do with the shared analyzer, and checks each result
// against the same call made alone (run with -race to check the sharing).
func TestSnippetConcurrent(t *testing.T) {
	text := "The Ambassador met the Minister of Foreign Affairs (REF 09 MOSCOW 521) about sanctions; XXXXXXXXXXXX said the sanctions would hold. "
	texts := make([]string, 8)
	for i := range texts {
		texts[i] = strings.Repeat(text, i+1)
	}
	matches := []termPos{{"sanction", 18}, {"the_minist", 4}, {"xxredactedxx", 19}}
	want := make([]string, len(texts))
	for i, s := range texts {
		want[i] = snippet(s, matches, 120)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 50 {
				i := (g + k) % len(texts)
				if got := snippet(texts[i], matches, 120); got != want[i] {
					errs <- got
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for got := range errs {
		t.Errorf("concurrent snippet = %q, differs from the same call alone", got)
	}
	if !strings.Contains(want[0], "<mark>") {
		t.Errorf("snippet(%q) = %q, want a match marked", texts[0], want[0])
	}
}
