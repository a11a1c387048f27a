package index_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2/index/scorch"
	zapx "github.com/blevesearch/zapx/v17"

	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/internal/testcorpus"
)

// TestSingleTermFields checks index.SingleTerm on a built index: every
// posting of every term of those fields has a frequency of 1 and a field
// length of 1 (the query side scores them without reading either).
func TestSingleTermFields(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the sample index")
	}
	dir := filepath.Join(t.TempDir(), "idx")
	if _, err := index.Build(context.Background(), dir, index.BuildOptions{BatchSize: 7, MaxMergeBytes: 1}, filepath.Join(testcorpus.TestdataDir(), "sample")); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ai, err := ix.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := ai.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	snap := r.(*scorch.IndexSnapshot)
	fields := []string{index.FieldID, index.FieldOrigin, index.FieldStation, index.FieldClassification, index.FieldLevel,
		index.FieldClassifiedBy, index.FieldYear, index.FieldMonth, index.FieldCreatedSort}
	for _, f := range fields {
		if !index.SingleTerm(f) {
			t.Errorf("SingleTerm(%s) = false", f)
		}
	}
	for _, f := range []string{index.FieldTags, index.FieldParas, index.FieldRefs, index.FieldSubject} {
		if index.SingleTerm(f) {
			t.Errorf("SingleTerm(%s) = true", f)
		}
	}
	postings := 0
	for _, ss := range snap.Segments() {
		seg := ss.Segment()
		for _, f := range fields {
			dict, err := seg.Dictionary(f)
			if err != nil {
				t.Fatal(err)
			}
			it := dict.AutomatonIterator(nil, nil, nil)
			for e, err := it.Next(); e != nil && err == nil; e, err = it.Next() {
				pl, err := dict.PostingsList([]byte(e.Term), nil, nil)
				if err != nil {
					t.Fatal(err)
				}
				pi := pl.Iterator(true, true, false, nil)
				for p, err := pi.Next(); p != nil; p, err = pi.Next() {
					if err != nil {
						t.Fatal(err)
					}
					postings++
					zp := p.(*zapx.Posting)
					if zp.Frequency() != 1 || zp.NormUint64() != 1 {
						t.Errorf("%s:%s doc %d: frequency %d, field length %d", f, e.Term, zp.Number(), zp.Frequency(), zp.NormUint64())
					}
				}
			}
		}
	}
	if postings < 1000 {
		t.Errorf("%d postings checked; want the sample's", postings)
	}
	t.Logf("%d postings in %d segments", postings, len(snap.Segments()))
}
