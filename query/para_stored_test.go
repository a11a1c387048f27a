package query

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/cablesearch/cablesearch/index"
)

// TestStoredDocs checks that storedDocs.load gives each document the
// Fields a bleve search gives it, on an index of several segments (each
// batch is a segment) with one, several or no paragraphs per document.
func TestStoredDocs(t *testing.T) {
	ix, err := bleve.New(filepath.Join(t.TempDir(), "idx"), index.NewMapping())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	n := 0
	for batch := range 4 {
		b := ix.NewBatch()
		for range 5 + batch {
			doc := map[string]any{index.FieldID: fmt.Sprintf("D%d", n), index.FieldSubject: fmt.Sprintf("subject %d", n)}
			var texts, marks []string
			var nums []float64
			for p := range n % 4 {
				texts = append(texts, fmt.Sprintf("paragraph %d of document %d, é ö", p, n))
				marks = append(marks, []string{"C", "S/NF", "U"}[p%3])
				nums = append(nums, float64(p+1))
			}
			if len(texts) > 0 {
				doc[index.FieldParas], doc[index.FieldParaMarks], doc[index.FieldParaNums] = texts, marks, nums
			}
			if err := b.Index(fmt.Sprintf("D%d", n), doc); err != nil {
				t.Fatal(err)
			}
			n++
		}
		if err := ix.Batch(b); err != nil {
			t.Fatal(err)
		}
	}
	sr := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), n, 0, false)
	sr.Fields = paraFields
	want, err := ix.Search(sr)
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Hits) != n {
		t.Fatalf("%d hits, want %d", len(want.Hits), n)
	}
	r, err := ix.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	reader, err := r.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	sd, err := newStoredDocs(reader)
	if err != nil {
		t.Fatal(err)
	}
	if len(sd.segs) < 2 {
		t.Logf("only %d segment(s): the segment offsets are not exercised", len(sd.segs))
	}
	for _, w := range want.Hits {
		id, err := reader.InternalID(w.ID)
		if err != nil || id == nil {
			t.Fatalf("InternalID(%s) = %v, %v", w.ID, id, err)
		}
		got := &search.DocumentMatch{ID: w.ID}
		if err := sd.load(id, got, paraFields); err != nil {
			t.Fatalf("load(%s): %v", w.ID, err)
		}
		if len(w.Fields) == 0 && len(got.Fields) == 0 {
			continue
		}
		if !reflect.DeepEqual(got.Fields, w.Fields) {
			t.Errorf("%s: fields\n%#v, want\n%#v", w.ID, got.Fields, w.Fields)
		}
	}
}
