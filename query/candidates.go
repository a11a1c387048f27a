package query

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// candidateQuery runs a query whose matches are known to lie in a set of
// documents that the postings bitmaps of its terms give cheaply: the
// intersection of the clauses of its conjunctions ("nuclear iran
// class:SECRET" lies in nuclear ∩ iran ∩ SECRET). Its searcher walks that
// set and advances the query's own searcher to each candidate in turn,
// so the query's searcher scores and returns exactly what it would have
// returned alone (same documents, scores and term locations), but a
// conjunction no longer steps through the postings of its largest
// clause, advancing the others at every step: for a word filtered by
// origin, the searcher visited every cable holding the word (thousands)
// to find the hundred from that post.
//
// The set may hold documents that do not match (it ignores must-not
// clauses, phrases' positions and the minimum of a disjunction); it never
// lacks one that does. Queries for which no such set narrows anything
// (one word, an OR of words) are run as they are.
type candidateQuery struct {
	q bq.Query
}

// narrowQueries turns candidateQuery on; tests compare with it off.
var narrowQueries = true

// narrow wraps q in a candidateQuery (when narrowQueries is set).
func narrow(q bq.Query) bq.Query {
	if !narrowQueries {
		return q
	}
	return &candidateQuery{q: q}
}

// MarshalJSON gives the wrapped query's JSON form.
func (c *candidateQuery) MarshalJSON() ([]byte, error) { return json.Marshal(c.q) }

// Searcher implements bleve's Query.
func (c *candidateQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return c.q.Searcher(ctx, r, m, options)
	}
	if flatQueries {
		s, err := flatSearcherFor(ctx, c.q, r, options)
		if s != nil || err != nil {
			return s, err
		}
	}
	cb := candidateBuilder{snap: snap, m: m, dicts: map[string][]segment.TermDictionary{}}
	set, err := cb.of(c.q)
	if err != nil {
		return nil, fmt.Errorf("query: candidates: %w", err)
	}
	if set == nil || !set.narrowed {
		return c.q.Searcher(ctx, r, m, options)
	}
	return c.q.Searcher(ctx, &narrowReader{IndexSnapshot: snap, set: set}, m, options)
}

// candidateSet is a set of documents, one bitmap of local document
// numbers per segment of the snapshot (nil: none in that segment).
// narrowed tells whether an intersection made it smaller than a union of
// postings.
type candidateSet struct {
	bms      []*roaring.Bitmap
	narrowed bool
}

// candidateBuilder computes candidate sets over the segments of snap.
type candidateBuilder struct {
	snap  *scorch.IndexSnapshot
	m     mapping.IndexMapping
	dicts map[string][]segment.TermDictionary
}

// orInto is the zap postings list's union into a bitmap (deleted
// documents included: they only make the set larger).
type orInto interface{ OrInto(*roaring.Bitmap) }

// term gives the documents holding term in field.
func (cb *candidateBuilder) term(field, term string) (*candidateSet, error) {
	segs := cb.snap.Segments()
	dicts, ok := cb.dicts[field]
	if !ok {
		dicts = make([]segment.TermDictionary, len(segs))
		for i, ss := range segs {
			d, err := ss.Segment().Dictionary(field)
			if err != nil {
				return nil, err
			}
			dicts[i] = d
		}
		cb.dicts[field] = dicts
	}
	set := &candidateSet{bms: make([]*roaring.Bitmap, len(segs))}
	for i, d := range dicts {
		if d == nil {
			continue
		}
		pl, err := d.PostingsList([]byte(term), nil, nil)
		if err != nil {
			return nil, err
		}
		if pl == nil || pl.Count() == 0 {
			continue
		}
		oi, ok := pl.(orInto)
		if !ok {
			return nil, nil // not a zap segment: no set
		}
		bm := roaring.New()
		oi.OrInto(bm)
		set.bms[i] = bm
	}
	return set, nil
}

// of gives a set holding every document q matches, or nil when it
// knows none smaller than the whole index.
func (cb *candidateBuilder) of(q bq.Query) (*candidateSet, error) {
	switch q := q.(type) {
	case *bq.TermQuery:
		return cb.term(q.FieldVal, q.Term)
	case *phraseQuery:
		qs := make([]bq.Query, len(q.terms))
		for i, t := range q.terms {
			qs[i] = term(q.field, t)
		}
		return cb.all(qs)
	case *bq.MatchQuery:
		if q.Fuzziness != 0 || q.FieldVal == "" {
			return nil, nil
		}
		name := q.Analyzer
		if name == "" {
			name = cb.m.AnalyzerNameForPath(q.FieldVal)
		}
		a := cb.m.AnalyzerNamed(name)
		if a == nil {
			return nil, nil
		}
		toks := a.Analyze([]byte(q.Match))
		if len(toks) == 0 {
			return nil, nil
		}
		qs := make([]bq.Query, len(toks))
		for i, t := range toks {
			qs[i] = term(q.FieldVal, string(t.Term))
		}
		if q.Operator == bq.MatchQueryOperatorOr {
			return cb.any(qs)
		}
		return cb.all(qs)
	case *bq.ConjunctionQuery:
		return cb.all(q.Conjuncts)
	case *bq.DisjunctionQuery:
		if q.Min > 1 {
			return nil, nil
		}
		return cb.any(q.Disjuncts)
	case *bq.BooleanQuery:
		if q.Must != nil {
			set, err := cb.of(q.Must)
			if err != nil || set == nil || q.Filter == nil {
				return set, err
			}
			f, err := cb.of(q.Filter)
			if err != nil {
				return nil, err
			}
			return intersect(set, f), nil
		}
		if q.Should != nil && q.MustNot == nil && q.Filter == nil {
			return cb.of(q.Should)
		}
		return nil, nil
	case *candidateQuery:
		return cb.of(q.q)
	}
	return nil, nil
}

// all gives the intersection of the sets of qs (nil when none has one).
func (cb *candidateBuilder) all(qs []bq.Query) (*candidateSet, error) {
	var set *candidateSet
	for _, q := range qs {
		s, err := cb.of(q)
		if err != nil {
			return nil, err
		}
		set = intersect(set, s)
	}
	return set, nil
}

// any gives the union of the sets of qs (nil when one of them has none).
func (cb *candidateBuilder) any(qs []bq.Query) (*candidateSet, error) {
	sets := make([]*candidateSet, 0, len(qs))
	for _, q := range qs {
		s, err := cb.of(q)
		if err != nil || s == nil {
			return nil, err
		}
		sets = append(sets, s)
	}
	if len(sets) == 0 {
		return nil, nil
	}
	if len(sets) == 1 {
		return sets[0], nil
	}
	out := &candidateSet{bms: make([]*roaring.Bitmap, len(sets[0].bms))}
	for i := range out.bms {
		var bms []*roaring.Bitmap
		for _, s := range sets {
			if s.bms[i] != nil {
				bms = append(bms, s.bms[i])
			}
		}
		switch len(bms) {
		case 0:
		case 1:
			out.bms[i] = bms[0]
		default:
			out.bms[i] = roaring.FastOr(bms...)
		}
	}
	for _, s := range sets {
		out.narrowed = out.narrowed || s.narrowed
	}
	return out, nil
}

// intersect gives a ∩ b, where nil stands for every document.
func intersect(a, b *candidateSet) *candidateSet {
	if a == nil {
		return b
	}
	if b == nil {
		return a
	}
	out := &candidateSet{bms: make([]*roaring.Bitmap, len(a.bms)), narrowed: true}
	for i := range out.bms {
		if a.bms[i] != nil && b.bms[i] != nil {
			out.bms[i] = roaring.And(a.bms[i], b.bms[i])
		}
	}
	return out
}

// narrowReader is an index snapshot whose term readers give only the
// documents of a candidate set. The query's searchers are bleve's own,
// built over it: the statistics they score with (document counts, term
// counts, field lengths) are the snapshot's, so a document of the set
// gets the score it would get over the snapshot; documents outside the
// set, which the query cannot match, are never visited.
type narrowReader struct {
	*scorch.IndexSnapshot
	set *candidateSet
}

// TermFieldReader implements bleve's IndexReader: the postings of term in
// field, restricted to the candidate set of each segment.
func (r *narrowReader) TermFieldReader(ctx context.Context, term []byte, field string, includeFreq, includeNorm, includeTermVectors bool) (bleveindex.TermFieldReader, error) {
	segs := r.Segments()
	t := &narrowTFR{includeFreq: includeFreq, includeNorm: includeNorm, includeVectors: includeTermVectors}
	var offset uint64
	for i, ss := range segs {
		seg := ss.Segment()
		n := seg.Count()
		base := offset
		offset += n
		dict, err := seg.Dictionary(field)
		if err != nil {
			return nil, err
		}
		if dict == nil {
			continue
		}
		pl, err := dict.PostingsList(term, ss.Deleted(), nil)
		if err != nil {
			return nil, err
		}
		if pl == nil {
			continue
		}
		// Count is the term's document count over the whole snapshot, as
		// bleve's reader gives it: the idf of the score.
		t.count += pl.Count()
		cand := r.set.bms[i]
		if cand == nil {
			continue
		}
		it := pl.Iterator(includeFreq, includeNorm, includeTermVectors, nil)
		if oi, ok := it.(segment.OptimizablePostingsIterator); ok {
			if d, ok := oi.DocNum1Hit(); ok {
				if !cand.Contains(uint32(d)) {
					continue
				}
			} else if bm := oi.ActualBitmap(); bm != nil {
				oi.ReplaceActual(roaring.And(bm, cand))
			}
		} else {
			return nil, fmt.Errorf("query: postings of %s:%s cannot be narrowed (%T)", field, term, it)
		}
		t.segs = append(t.segs, narrowSegment{offset: base, end: offset, pl: pl, cand: cand, it: it})
	}
	return t, nil
}

// narrowSegment is one segment's postings of a narrowTFR: documents
// offset to end-1 in global numbers.
type narrowSegment struct {
	offset, end uint64
	pl          segment.PostingsList
	cand        *roaring.Bitmap
	it          segment.PostingsIterator
}

// narrowTFR reads one term's postings over the segments of a
// narrowReader, in global document order.
type narrowTFR struct {
	segs                                     []narrowSegment
	cur                                      int
	count                                    uint64
	last                                     uint64 // global number of the last posting given
	started                                  bool
	includeFreq, includeNorm, includeVectors bool
}

// Next implements bleve's TermFieldReader.
func (t *narrowTFR) Next(pre *bleveindex.TermFieldDoc) (*bleveindex.TermFieldDoc, error) {
	for t.cur < len(t.segs) {
		s := &t.segs[t.cur]
		p, err := s.it.Next()
		if err != nil {
			return nil, err
		}
		if p != nil {
			return t.doc(s, p, pre), nil
		}
		t.cur++
	}
	return nil, nil
}

// Advance implements bleve's TermFieldReader: the first posting at or
// after id.
func (t *narrowTFR) Advance(id bleveindex.IndexInternalID, pre *bleveindex.TermFieldDoc) (*bleveindex.TermFieldDoc, error) {
	if len(id) != 8 {
		return nil, fmt.Errorf("query: internal ID of %d bytes", len(id))
	}
	g := binary.BigEndian.Uint64(id)
	if t.started && g <= t.last {
		// Backwards (or onto the current posting): start the segments
		// again, as bleve's reader does.
		for i := range t.segs {
			s := &t.segs[i]
			s.it = s.pl.Iterator(t.includeFreq, t.includeNorm, t.includeVectors, nil)
			if oi, ok := s.it.(segment.OptimizablePostingsIterator); ok {
				if _, ok := oi.DocNum1Hit(); !ok {
					if bm := oi.ActualBitmap(); bm != nil {
						oi.ReplaceActual(roaring.And(bm, s.cand))
					}
				}
			}
		}
		t.cur, t.started = 0, false
	}
	for t.cur < len(t.segs) && t.segs[t.cur].end <= g {
		t.cur++
	}
	if t.cur >= len(t.segs) {
		return nil, nil
	}
	s := &t.segs[t.cur]
	if g <= s.offset {
		return t.Next(pre)
	}
	p, err := s.it.Advance(g - s.offset)
	if err != nil {
		return nil, err
	}
	if p == nil {
		t.cur++
		return t.Next(pre)
	}
	return t.doc(s, p, pre), nil
}

// doc fills a TermFieldDoc from a posting of segment s, as bleve's reader
// does.
func (t *narrowTFR) doc(s *narrowSegment, p segment.Posting, rv *bleveindex.TermFieldDoc) *bleveindex.TermFieldDoc {
	if rv == nil {
		rv = &bleveindex.TermFieldDoc{}
	}
	g := s.offset + p.Number()
	t.last, t.started = g, true
	rv.ID = bleveindex.NewIndexInternalID(rv.ID, g)
	if t.includeFreq {
		rv.Freq = p.Frequency()
	}
	if t.includeNorm {
		rv.Norm = p.Norm()
	}
	if t.includeVectors {
		locs := p.Locations()
		if cap(rv.Vectors) < len(locs) {
			rv.Vectors = make([]*bleveindex.TermFieldVector, len(locs))
			backing := make([]bleveindex.TermFieldVector, len(locs))
			for i := range backing {
				rv.Vectors[i] = &backing[i]
			}
		}
		rv.Vectors = rv.Vectors[:len(locs)]
		for i, loc := range locs {
			*rv.Vectors[i] = bleveindex.TermFieldVector{
				Start:          loc.Start(),
				End:            loc.End(),
				Pos:            loc.Pos(),
				ArrayPositions: loc.ArrayPositions(),
				Field:          loc.Field(),
			}
		}
	}
	return rv
}

// Count implements bleve's TermFieldReader: the term's document count
// over the whole snapshot (not the set).
func (t *narrowTFR) Count() uint64 { return t.count }

// Close implements bleve's TermFieldReader.
func (t *narrowTFR) Close() error { return nil }

// Size implements bleve's TermFieldReader.
func (t *narrowTFR) Size() int { return 64 + 64*len(t.segs) }
