package query

import (
	"errors"
	"fmt"
	"slices"
	"sort"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/numeric"
	"github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// errNotScorch is returned by newStoredDocs for an index reader that is
// not scorch's (every index this package opens is).
var errNotScorch = errors.New("index reader is not a scorch snapshot")

// storedDocs reads the stored fields of single documents of a scorch
// snapshot.
type storedDocs struct {
	segs   []*scorch.SegmentSnapshot
	starts []uint64 // global number of the first document of each segment
	buf    []byte
	values map[string][]any
}

// newStoredDocs gives the reader of the stored fields of r's documents.
func newStoredDocs(r bleveindex.IndexReader) (*storedDocs, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("%w (%T)", errNotScorch, r)
	}
	sd := &storedDocs{segs: snap.Segments(), values: map[string][]any{}}
	// As scorch numbers documents: each segment's after all the
	// documents, deleted or not, of the segments before it.
	n := uint64(0)
	for _, s := range sd.segs {
		sd.starts = append(sd.starts, n)
		n += s.Segment().Count()
	}
	return sd, nil
}

// load sets in h.Fields the stored values of fields (text or numeric
// fields) of document id, as bleve's search sets a hit's Fields (one
// value as itself, several as a []any in stored order; a text as a string,
// a number as a float64), but by visiting the stored fields of the
// document rather than decoding all of them into a bleve document first.
// The texts of the document share one string.
func (sd *storedDocs) load(id bleveindex.IndexInternalID, h *search.DocumentMatch, fields []string) error {
	num := id.Value()
	i := sort.Search(len(sd.starts), func(i int) bool { return sd.starts[i] > num }) - 1
	if i < 0 {
		return fmt.Errorf("document number %d not found", num)
	}
	// A text's place among its field's values, and its bytes in buf.
	type text struct {
		field      string
		j          int
		start, end int
	}
	var texts []text
	clear(sd.values)
	buf := sd.buf[:0]
	err := sd.segs[i].VisitDocument(num-sd.starts[i], func(name string, typ byte, val []byte, _ []uint64) bool {
		if !slices.Contains(fields, name) {
			return true
		}
		switch typ {
		case 't':
			texts = append(texts, text{name, len(sd.values[name]), len(buf), len(buf) + len(val)})
			buf = append(buf, val...)
			sd.values[name] = append(sd.values[name], nil) // set below
		case 'n':
			if i64, err := numeric.PrefixCoded(val).Int64(); err == nil {
				sd.values[name] = append(sd.values[name], numeric.Int64ToFloat64(i64))
			}
		}
		return true
	})
	sd.buf = buf
	if err != nil {
		return err
	}
	all := string(buf)
	for _, t := range texts {
		sd.values[t.field][t.j] = all[t.start:t.end]
	}
	if h.Fields == nil && len(sd.values) > 0 {
		h.Fields = make(map[string]any, len(sd.values))
	}
	for k, vs := range sd.values {
		if len(vs) == 1 {
			h.Fields[k] = vs[0]
		} else {
			h.Fields[k] = slices.Clone(vs)
		}
	}
	return nil
}
