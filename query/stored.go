package query

import (
	"encoding/binary"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2/analysis/datetime/timestamp/microseconds"
	"github.com/blevesearch/bleve/v2/analysis/datetime/timestamp/milliseconds"
	"github.com/blevesearch/bleve/v2/analysis/datetime/timestamp/nanoseconds"
	"github.com/blevesearch/bleve/v2/analysis/datetime/timestamp/seconds"
	"github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/cablesearch/cablesearch/index"
)

// directFields makes Search read the page's stored fields with
// loadFields; tests compare with bleve's reading.
var directFields = true

// loadFields sets the stored fields named by fields on hits, as bleve's
// SearchRequest.Fields would (the same Go values: strings, float64s,
// RFC 3339 dates, slices for repeated values), read from each hit's
// segment by its internal number. bleve looks each hit up again by its
// ID (a dictionary lookup in every segment) and copies every stored field
// of the cable, paragraphs included, into a document before picking the
// few asked for: about 14 KB of garbage per hit, 80% of the allocation
// of a query for "the" on 25,000 cables (an allocation profile of 300
// runs: 41 of 51 MB).
func loadFields(idx *index.Index, hits search.DocumentMatchCollection, fields []string) error {
	if len(hits) == 0 || len(fields) == 0 {
		return nil
	}
	ai, err := idx.Advanced()
	if err != nil {
		return fmt.Errorf("query: stored fields: %w", err)
	}
	r, err := ai.Reader()
	if err != nil {
		return fmt.Errorf("query: stored fields: %w", err)
	}
	defer r.Close()
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return fmt.Errorf("query: stored fields: index reader %T", r)
	}
	segs := snap.Segments()
	offsets := make([]uint64, len(segs))
	var off uint64
	for i, ss := range segs {
		offsets[i] = off
		off += ss.Segment().Count()
	}
	want := make(map[string]bool, len(fields))
	for _, f := range fields {
		want[f] = true
	}
	for _, h := range hits {
		if len(h.IndexInternalID) != 8 {
			return fmt.Errorf("query: stored fields of %s: internal ID of %d bytes", h.ID, len(h.IndexInternalID))
		}
		g := binary.BigEndian.Uint64(h.IndexInternalID)
		k := sort.Search(len(offsets), func(i int) bool { return offsets[i] > g }) - 1
		if k < 0 {
			return fmt.Errorf("query: stored fields of %s: no segment holds number %d", h.ID, g)
		}
		same := false
		var verr error
		err := segs[k].VisitDocument(g-offsets[k], func(name string, typ byte, val []byte, pos []uint64) bool {
			if name == "_id" {
				same = string(val) == h.ID
				return same
			}
			if want[name] {
				v, err := storedValue(name, typ, val, pos)
				if err != nil {
					verr = err
					return false
				}
				if v != nil {
					h.AddFieldValue(name, v)
				}
			}
			return true
		})
		if err == nil {
			err = verr
		}
		if err != nil {
			return fmt.Errorf("query: stored fields of %s: %w", h.ID, err)
		}
		if !same {
			return fmt.Errorf("query: stored fields of %s: number %d holds another cable", h.ID, g)
		}
	}
	return nil
}

// storedValue gives the Go value bleve's LoadAndHighlightFields gives a
// stored field of type typ (nil for types the index does not store).
func storedValue(name string, typ byte, val []byte, pos []uint64) (any, error) {
	switch typ {
	case 't':
		return string(val), nil
	case 'n':
		n, err := document.NewNumericFieldFromBytes(name, pos, val).Number()
		if err != nil {
			return nil, nil
		}
		return n, nil
	case 'd':
		t, layout, err := document.NewDateTimeFieldFromBytes(name, pos, val).DateTime()
		if err != nil {
			return nil, nil
		}
		switch layout {
		case "":
			return t.Format(time.RFC3339), nil
		case seconds.Name:
			return strconv.FormatInt(t.Unix(), 10), nil
		case milliseconds.Name:
			return strconv.FormatInt(t.UnixMilli(), 10), nil
		case microseconds.Name:
			return strconv.FormatInt(t.UnixMicro(), 10), nil
		case nanoseconds.Name:
			return strconv.FormatInt(t.UnixNano(), 10), nil
		}
		return t.Format(layout), nil
	case 'b':
		b, err := document.NewBooleanFieldFromBytes(name, pos, val).Boolean()
		if err != nil {
			return nil, nil
		}
		return b, nil
	}
	return nil, fmt.Errorf("field %s: stored type %q not read", name, typ)
}
