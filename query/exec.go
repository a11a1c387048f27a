package query

import (
	"context"
	"encoding/binary"
	"math"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	bq "github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zapx "github.com/blevesearch/zapx/v17"

	"github.com/cablesearch/cablesearch/index"
)

// The flat executor scores queries made only of terms, conjunctions,
// disjunctions and boolean queries -- words, ANDs and ORs of words,
// keyword filters and whole-year date ranges -- without bleve's tree of
// searchers. bleve's tree hands every matching document up through a
// searcher per term and per composite, each taking a DocumentMatch from
// the pool, merging, scoring and returning it (about 100 ns per matching
// cable for a word, whose two fields make three searchers); the flat
// executor computes the exact set of matching documents of a segment
// with roaring bitmaps of the postings, walks it once, reads the
// frequency and norm of each term that holds the document straight from
// its postings iterator, and computes the score with bleve's own
// formulas in bleve's order of operations:
//
//   - a term scores BM25 over the snapshot's statistics (document count,
//     the term's document count, the field's average length), times its
//     query weight (boost × idf × query norm), as bleve's TermQueryScorer;
//   - the query norm is 1/sqrt of the sum of the squared weights of the
//     whole tree (bleve's root searcher sets it on every scoring term;
//     a single term keeps a weight of 1);
//   - a conjunction sums its children's scores, a disjunction sums its
//     matching children's and multiplies by matching/all (coord), both
//     over the children sorted by document count as bleve sorts its
//     searchers; a boolean query sums its must and matching should parts.
//
// The scores are therefore bit for bit bleve's (TestFlatSameResults
// compares whole results with the executor on and off). Queries with
// anything else (phrases, prefixes, fuzzy words, numeric ranges, match
// all, more than DisjunctionHeapTakeover children in a disjunction) and
// searches that need term locations or explanations go to bleve.

// flatQueries turns the flat executor on; tests compare with it off.
var flatQueries = true

// flatUsed counts the searches the flat executor ran (for tests).
var flatUsed atomic.Int64

// flat node kinds.
const (
	flatTerm = iota
	flatConj
	flatDisj
	flatBool
	flatPhrase
)

// flatNode is a node of a compiled query.
type flatNode struct {
	kind int

	// flatTerm
	field, term string
	boost       float64
	count       uint64 // documents holding the term in the snapshot
	idf         float64
	avgLen      float64
	weight      float64 // queryWeight: boost × idf × query norm (1 at the root)
	pls         []segment.PostingsList
	it          segment.PostingsIterator
	cur         uint64 // local number of the pending posting; noMore when none
	freq        uint64
	norm        float64   // when length is noLength
	length      uint64    // the posting's field length (zap's norm bits)
	norms       []float64 // lengthNorm by field length (normsFor)
	locs        bool      // read term locations (a phrase's term)
	// constant: a term of a field whose postings all have frequency 1
	// and field length 1 (index.SingleTerm): matched from its postings
	// bitmap, without reading frequencies and norms, with one score.
	constant   bool
	deleted    []*roaring.Bitmap // per segment
	cit        roaring.IntPeekable
	constScore float64
	places     []uint64 // the pending posting's locations: array position<<32 | position

	// flatPhrase: terms in phrase order (kids has them by count)
	terms []*flatNode

	// flatConj, flatDisj: the children in bleve's order (by count)
	kids []*flatNode
	// flatDisj: bleve's coord factor, matching/all children, by matching
	coords []float64
	// flatTerm: idf × tf × k1 by frequency below len(sqrtCache)
	nums []float64
	// flatBool
	must, should, mustNot *flatNode
	// scoring: the children whose scores make n's, in bleve's order (the
	// kids; a boolean query's must and should parts), for the counts,
	// weights and query norm bleve takes over its searchers
	scoring []*flatNode
	notBM   *roaring.Bitmap // mustNot's documents in the current segment

	// exact: bitmap gives exactly the matching documents (not a
	// superset, as for a phrase: the documents holding all its terms)
	exact bool

	// per document
	matched bool
	score   float64
}

const noMore = math.MaxUint64

// flatCompiler compiles bleve queries over one snapshot.
type flatCompiler struct {
	snap     *scorch.IndexSnapshot
	docTotal uint64
	avgLens  map[string]float64
	leaves   []*flatNode
}

// compile gives the flat form of q, or nil when q has a part the
// executor does not handle.
func (fc *flatCompiler) compile(q bq.Query) (*flatNode, error) {
	switch q := q.(type) {
	case *candidateQuery:
		return fc.compile(q.q)
	case *bq.TermQuery:
		if q.FieldVal == "" {
			return nil, nil
		}
		return fc.leaf(q.FieldVal, q.Term, q.BoostVal.Value())
	case *phraseQuery:
		// Our phrase searcher: bleve's conjunction of the terms (its
		// score), kept where the terms stand at consecutive positions.
		n := &flatNode{kind: flatPhrase}
		for _, t := range q.terms {
			leaf, err := fc.leaf(q.field, t, q.boost)
			if leaf == nil || err != nil {
				return nil, err
			}
			leaf.locs = true
			n.terms = append(n.terms, leaf)
		}
		n.kids = sortedByCount(slices.Clone(n.terms))
		n.scoring = n.kids
		return n, nil
	case *bq.ConjunctionQuery:
		kids, err := fc.all(q.Conjuncts)
		if kids == nil || err != nil {
			return nil, err
		}
		kids = sortedByCount(kids)
		return &flatNode{kind: flatConj, kids: kids, scoring: kids}, nil
	case *bq.DisjunctionQuery:
		if q.Min > 1 || len(q.Disjuncts) > searcher.DisjunctionHeapTakeover {
			return nil, nil
		}
		kids, err := fc.all(q.Disjuncts)
		if kids == nil || err != nil {
			return nil, err
		}
		coords := make([]float64, len(kids)+1)
		for c := range coords {
			coords[c] = float64(c) / float64(len(kids))
		}
		kids = sortedByCount(kids)
		return &flatNode{kind: flatDisj, kids: kids, scoring: kids, coords: coords}, nil
	case *bq.BooleanQuery:
		if q.Filter != nil {
			return nil, nil
		}
		var parts [3]*flatNode
		for i, sub := range []bq.Query{q.Must, q.Should, q.MustNot} {
			if sub == nil {
				continue
			}
			n, err := fc.compile(sub)
			if n == nil || err != nil {
				return nil, err
			}
			parts[i] = n
		}
		must, should, not := parts[0], parts[1], parts[2]
		if not != nil && !not.isExact() {
			return nil, nil // a phrase under a NOT: its bitmap would exclude too much
		}
		switch {
		case must == nil && should == nil:
			return nil, nil // match none, or everything but mustNot
		case not == nil && should == nil:
			return must, nil
		case not == nil && must == nil:
			return should, nil
		}
		n := &flatNode{kind: flatBool, must: must, should: should, mustNot: not}
		for _, p := range []*flatNode{must, should} {
			if p != nil {
				n.scoring = append(n.scoring, p)
			}
		}
		return n, nil
	}
	return nil, nil
}

// all compiles qs; nil when one of them cannot be, or there are none.
func (fc *flatCompiler) all(qs []bq.Query) ([]*flatNode, error) {
	if len(qs) == 0 {
		return nil, nil
	}
	kids := make([]*flatNode, 0, len(qs))
	for _, q := range qs {
		n, err := fc.compile(q)
		if n == nil || err != nil {
			return nil, err
		}
		kids = append(kids, n)
	}
	return kids, nil
}

// leaf compiles a term: its postings in each segment and its statistics.
func (fc *flatCompiler) leaf(field, term string, boost float64) (*flatNode, error) {
	avg, ok := fc.avgLens[field]
	if !ok {
		card, err := fc.snap.FieldCardinality(field)
		if err != nil {
			return nil, err
		}
		avg = math.Ceil(float64(card) / float64(fc.docTotal))
		fc.avgLens[field] = avg
	}
	if avg <= 0 {
		return nil, nil // bleve would score with tf-idf
	}
	n := &flatNode{kind: flatTerm, field: field, term: term, boost: boost, avgLen: avg, norms: normsFor(avg),
		constant: index.SingleTerm(field)}
	for _, ss := range fc.snap.Segments() {
		dict, err := ss.Segment().Dictionary(field)
		if err != nil {
			return nil, err
		}
		var pl segment.PostingsList
		if dict != nil {
			if pl, err = dict.PostingsList([]byte(term), ss.Deleted(), nil); err != nil {
				return nil, err
			}
			if pl != nil {
				if _, ok := pl.(orInto); !ok {
					return nil, nil
				}
				n.count += pl.Count()
			}
		}
		n.pls = append(n.pls, pl)
		n.deleted = append(n.deleted, ss.Deleted())
	}
	// As bleve's TermQueryScorer (BM25: avgLen > 0).
	n.idf = math.Log(1 + (float64(fc.docTotal)-float64(n.count)+0.5)/(float64(n.count)+0.5))
	n.nums = make([]float64, len(sqrtCache))
	for f, tf := range sqrtCache {
		n.nums[f] = n.idf * (tf * search.BM25_k1)
	}
	n.weight = 1
	fc.leaves = append(fc.leaves, n)
	return n, nil
}

// byCount sorts nodes as bleve's OrderedSearcherList sorts searchers.
type byCount []*flatNode

func (s byCount) Len() int           { return len(s) }
func (s byCount) Less(i, j int) bool { return s[i].docCount() < s[j].docCount() }
func (s byCount) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }

func sortedByCount(kids []*flatNode) []*flatNode {
	sort.Sort(byCount(kids))
	return kids
}

// docCount is bleve's Count of the node's searcher: a term's document
// count, the sum of the children's for the others (must and should for
// a boolean query).
func (n *flatNode) docCount() uint64 {
	if n.kind == flatTerm {
		return n.count
	}
	var c uint64
	for _, k := range n.scoring {
		c += k.docCount()
	}
	return c
}

// sqWeight is bleve's Weight of the node's searcher.
func (n *flatNode) sqWeight() float64 {
	if n.kind == flatTerm {
		sum := n.boost * n.idf
		return sum * sum
	}
	var w float64
	for _, k := range n.scoring {
		w += k.sqWeight()
	}
	return w
}

// setQueryNorm is bleve's SetQueryNorm, down to the terms.
func (n *flatNode) setQueryNorm(qn float64) {
	if n.kind == flatTerm {
		n.weight = n.boost * n.idf * qn
		return
	}
	for _, k := range n.scoring {
		k.setQueryNorm(qn)
	}
}

// isExact reports whether n's bitmap is exactly its matches: false
// when a phrase is in it.
func (n *flatNode) isExact() bool {
	switch n.kind {
	case flatTerm:
		return true
	case flatPhrase:
		return false
	case flatBool:
		return (n.must == nil || n.must.isExact()) && (n.should == nil || n.should.isExact()) && (n.mustNot == nil || n.mustNot.isExact())
	}
	for _, k := range n.kids {
		if !k.isExact() {
			return false
		}
	}
	return true
}

// bitmap gives the documents of segment seg that n matches (deleted ones
// excluded), and stores the mustNot sets of boolean nodes for the walk.
func (n *flatNode) bitmap(seg int, deleted *roaring.Bitmap) *roaring.Bitmap {
	switch n.kind {
	case flatTerm:
		bm := roaring.New()
		if pl := n.pls[seg]; pl != nil {
			pl.(orInto).OrInto(bm)
			if deleted != nil {
				bm.AndNot(deleted)
			}
		}
		return bm
	case flatConj, flatPhrase:
		var bm *roaring.Bitmap
		for _, k := range n.kids {
			kb := k.bitmap(seg, deleted)
			if bm == nil {
				bm = kb
			} else {
				bm.And(kb)
			}
		}
		return bm
	case flatDisj:
		bms := make([]*roaring.Bitmap, len(n.kids))
		for i, k := range n.kids {
			bms[i] = k.bitmap(seg, deleted)
		}
		return roaring.FastOr(bms...)
	}
	var bm *roaring.Bitmap
	if n.must != nil {
		bm = n.must.bitmap(seg, deleted)
		if n.should != nil {
			n.should.setNots(seg, deleted)
		}
	} else {
		bm = n.should.bitmap(seg, deleted)
	}
	n.notBM = nil
	if n.mustNot != nil {
		n.notBM = n.mustNot.bitmap(seg, deleted)
		bm.AndNot(n.notBM)
	}
	return bm
}

// setNots sets the mustNot sets of the boolean nodes under n for segment
// seg, where bitmap does not (n is an optional should part, whose own set
// is not needed).
func (n *flatNode) setNots(seg int, deleted *roaring.Bitmap) {
	if n.kind == flatBool {
		n.notBM = nil
		if n.mustNot != nil {
			n.notBM = n.mustNot.bitmap(seg, deleted)
		}
	}
	for _, k := range n.scoring {
		k.setNots(seg, deleted)
	}
}

// start opens the postings iterators of the scoring terms of n for
// segment seg, each restricted to the documents of match.
func (n *flatNode) start(seg int, match *roaring.Bitmap) error {
	switch n.kind {
	case flatTerm:
		n.it, n.cit, n.cur = nil, nil, noMore
		pl := n.pls[seg]
		if pl == nil {
			return nil
		}
		if n.constant && !n.locs {
			// bleve's score for frequency 1 and field length 1.
			tf := sqrtCache[1]
			score := n.idf * (tf * search.BM25_k1) / (tf + n.norms[1])
			if n.weight != 1.0 {
				score = score * n.weight
			}
			n.constScore = score
			bm := roaring.New()
			pl.(orInto).OrInto(bm)
			if del := n.deleted[seg]; del != nil {
				bm.AndNot(del)
			}
			if match != nil {
				bm.And(match)
			}
			n.cit = bm.Iterator()
			n.nextConst()
			return nil
		}
		it := pl.Iterator(true, true, n.locs, nil)
		if oi, ok := it.(segment.OptimizablePostingsIterator); ok && match != nil {
			if _, one := oi.DocNum1Hit(); !one {
				if bm := oi.ActualBitmap(); bm != nil {
					if in := roaring.And(bm, match); in.GetCardinality() < bm.GetCardinality() {
						oi.ReplaceActual(in)
					}
				}
			}
		}
		n.it = it
		return n.pull()
	}
	for _, k := range n.scoring {
		if err := k.start(seg, match); err != nil {
			return err
		}
	}
	return nil
}

// nextConst moves a constant term to its next document.
func (n *flatNode) nextConst() {
	if n.cit.HasNext() {
		n.cur = uint64(n.cit.Next())
	} else {
		n.cur = noMore
	}
}

// pull reads a term's next posting.
func (n *flatNode) pull() error {
	p, err := n.it.Next()
	if err != nil {
		return err
	}
	if p == nil {
		n.cur = noMore
		return nil
	}
	if zp, ok := p.(*zapx.Posting); ok {
		n.cur, n.freq, n.length = zp.Number(), zp.Frequency(), zp.NormUint64()
	} else {
		// Not zap's: a norm without its field length.
		n.cur, n.freq, n.length = p.Number(), p.Frequency(), noLength
		n.norm = p.Norm()
	}
	if n.locs {
		n.places = n.places[:0]
		sorted := true
		for _, l := range p.Locations() {
			var ap uint64
			if aps := l.ArrayPositions(); len(aps) > 0 {
				ap = aps[0]
			}
			place := ap<<32 | l.Pos()
			if k := len(n.places); k > 0 && place < n.places[k-1] {
				sorted = false
			}
			n.places = append(n.places, place)
		}
		if !sorted {
			slices.Sort(n.places)
		}
	}
	return nil
}

// eval sets n.matched and n.score for document d of the current
// segment, moving the terms that hold d to their next posting. Every
// scoring term is evaluated at every document of the walk, so none falls
// behind.
func (n *flatNode) eval(d uint64) error {
	switch n.kind {
	case flatTerm:
		if n.cit != nil {
			if n.cur < d {
				n.cit.AdvanceIfNeeded(uint32(d))
				n.nextConst()
			}
			n.matched = n.cur == d
			if n.matched {
				n.score = n.constScore
				n.nextConst()
			}
			return nil
		}
		for n.cur < d {
			if err := n.pull(); err != nil {
				return err
			}
		}
		n.matched = n.cur == d
		if !n.matched {
			return nil
		}
		// bleve's TermQueryScorer.docScore (BM25) and query weight; the
		// numerator idf × tf × k1 of small frequencies comes from a table
		// of the same products.
		var tf, num float64
		if n.freq < uint64(len(sqrtCache)) {
			tf, num = sqrtCache[n.freq], n.nums[n.freq]
		} else {
			tf = math.Sqrt(float64(n.freq))
			num = n.idf * (tf * search.BM25_k1)
		}
		score := num / (tf + n.lengthNorm())
		if n.weight != 1.0 {
			score = score * n.weight
		}
		n.score = score
		if n.locs {
			// The phrase reads places first; it pulls (after).
			return nil
		}
		return n.pull()
	case flatPhrase:
		var sum float64
		all := true
		for _, k := range n.kids {
			if err := k.eval(d); err != nil {
				return err
			}
			if k.matched {
				sum += k.score
			} else {
				all = false
			}
		}
		n.matched, n.score = all && n.placed(), sum
		for _, k := range n.terms {
			if k.matched {
				if err := k.pull(); err != nil {
					return err
				}
			}
		}
		return nil
	case flatConj:
		var sum float64
		all := true
		for _, k := range n.kids {
			if err := k.eval(d); err != nil {
				return err
			}
			if k.matched {
				sum += k.score
			} else {
				all = false
			}
		}
		n.matched, n.score = all, sum
		return nil
	case flatDisj:
		var sum float64
		count := 0
		for _, k := range n.kids {
			if err := k.eval(d); err != nil {
				return err
			}
			if k.matched {
				sum += k.score
				count++
			}
		}
		n.matched = count > 0
		if n.matched {
			n.score = sum * n.coords[count] // coord: count / len(kids)
		}
		return nil
	}
	var must, should *flatNode
	if n.must != nil {
		if err := n.must.eval(d); err != nil {
			return err
		}
		must = n.must
	}
	if n.should != nil {
		if err := n.should.eval(d); err != nil {
			return err
		}
		should = n.should
	}
	excluded := n.notBM != nil && n.notBM.Contains(uint32(d))
	var sum float64
	switch {
	case excluded:
		n.matched = false
	case must != nil:
		n.matched = must.matched
		sum += must.score
		if should != nil && should.matched {
			sum += should.score
		}
	default:
		n.matched = should.matched
		sum += should.score
	}
	n.score = sum
	return nil
}

// placed reports whether the phrase's terms, all at the current
// document, stand at consecutive positions of one array element.
func (n *flatNode) placed() bool {
	for _, first := range n.terms[0].places {
		ok := true
		for k := 1; k < len(n.terms) && ok; k++ {
			_, ok = slices.BinarySearch(n.terms[k].places, first+uint64(k))
		}
		if ok {
			return true
		}
	}
	return false
}

// noLength marks a posting whose field length is not known.
const noLength = math.MaxUint64

// lengthNorm gives BM25's k1 × (1 - b + b × length/average length) for
// the current posting, as bleve computes it: from zap's norm
// (float32(1/sqrt(length))) turned back into a length, 1/norm². The
// values of field lengths below maxNormCache come from a table per
// average length, shared by all searches (lengthNorms), so the square
// root and divisions are not done per posting.
func (n *flatNode) lengthNorm() float64 {
	if n.length < maxNormCache {
		return n.norms[n.length]
	}
	norm := n.norm
	if n.length != noLength {
		norm = float64(float32(1.0 / math.Sqrt(float64(n.length)))) // zap's Posting.Norm
	}
	return bm25LengthNorm(norm, n.avgLen)
}

// bm25LengthNorm is the length part of bleve's BM25 for a norm.
func bm25LengthNorm(norm, avgLen float64) float64 {
	fieldLength := 1 / (norm * norm)
	return search.BM25_k1 * (1 - search.BM25_b + (search.BM25_b * fieldLength / avgLen))
}

// maxNormCache bounds the field lengths of the lengthNorms tables.
const maxNormCache = 1 << 14

// lengthNorms holds, per average field length, the lengthNorm of every
// field length below maxNormCache (128 KB each; an index has a few
// average lengths, one per field).
var lengthNorms sync.Map // float64 -> []float64

// normsFor gives the lengthNorms table of an average length.
func normsFor(avgLen float64) []float64 {
	if t, ok := lengthNorms.Load(avgLen); ok {
		return t.([]float64)
	}
	t := make([]float64, maxNormCache)
	for l := range t {
		t[l] = bm25LengthNorm(float64(float32(1.0/math.Sqrt(float64(l)))), avgLen)
	}
	v, _ := lengthNorms.LoadOrStore(avgLen, t)
	return v.([]float64)
}

// sqrtCache is bleve's scorer.SqrtCache, the same square roots.
var sqrtCache = func() []float64 {
	c := make([]float64, 64)
	for i := range c {
		c[i] = math.Sqrt(float64(i))
	}
	return c
}()

// flatSearcher walks the matching documents of a compiled query, segment
// by segment, and hands each to bleve's collector with its score.
type flatSearcher struct {
	root    *flatNode
	segs    []*scorch.SegmentSnapshot
	seg     int
	offset  uint64 // global number of the current segment's first document
	it      roaring.IntPeekable
	matches uint64 // upper bound given as Count

	// merge: the query is an OR of terms (a word, words ORed): its
	// matches are the union of the terms' postings, walked by merging
	// the terms' iterators (the smallest pending document next) rather
	// than through a bitmap of the union.
	merge  bool
	leaves []*flatNode
	inSeg  bool
}

// flatSearcherFor compiles q over r; nil when the executor does not
// handle it.
func flatSearcherFor(ctx context.Context, q bq.Query, r bleveindex.IndexReader, options search.SearcherOptions) (search.Searcher, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok || options.Explain || options.IncludeTermVectors || options.Score == "none" {
		return nil, nil
	}
	if cb, ok := ctx.Value(search.GetScoringModelCallbackKey).(search.GetScoringModelCallbackFn); !ok || cb() != bleveindex.BM25Scoring {
		return nil, nil
	}
	if ctx.Value(search.BM25StatsKey) != nil || ctx.Value(search.FieldTermSynonymMapKey) != nil {
		return nil, nil
	}
	docTotal, err := snap.DocCount()
	if err != nil || docTotal == 0 {
		return nil, err
	}
	fc := flatCompiler{snap: snap, docTotal: docTotal, avgLens: map[string]float64{}}
	root, err := fc.compile(q)
	if root == nil || err != nil {
		return nil, err
	}
	if root.kind != flatTerm {
		// bleve's root composite sets its query norm on the whole tree;
		// a lone term searcher keeps a query weight of 1.
		root.setQueryNorm(1.0 / math.Sqrt(root.sqWeight()))
	}
	flatUsed.Add(1)
	s := &flatSearcher{root: root, segs: snap.Segments(), seg: -1, matches: root.docCount(),
		merge: root.onlyOr(), leaves: fc.leaves}
	return s, nil
}

// nextSegment moves to the next segment with matches.
func (s *flatSearcher) nextSegment() (bool, error) {
	for {
		if s.seg >= 0 {
			s.offset += s.segs[s.seg].Segment().Count()
		}
		s.seg++
		if s.seg >= len(s.segs) {
			return false, nil
		}
		if s.merge {
			// Deleted documents: the postings lists exclude them.
			if err := s.root.start(s.seg, nil); err != nil {
				return false, err
			}
			s.inSeg = true
			return true, nil
		}
		match := s.root.bitmap(s.seg, s.segs[s.seg].Deleted())
		if match.IsEmpty() {
			continue
		}
		if err := s.root.start(s.seg, match); err != nil {
			return false, err
		}
		s.it = match.Iterator()
		return true, nil
	}
}

// next gives the next matching document: its global number and score.
func (s *flatSearcher) next() (doc uint64, score float64, found bool, err error) {
	if s.merge {
		return s.nextMerged()
	}
	for {
		for s.it == nil || !s.it.HasNext() {
			ok, err := s.nextSegment()
			if !ok || err != nil {
				s.it = nil
				s.seg = len(s.segs)
				return 0, 0, false, err
			}
		}
		d := uint64(s.it.Next())
		if err := s.root.eval(d); err != nil {
			return 0, 0, false, err
		}
		if s.root.matched {
			return s.offset + d, s.root.score, true, nil
		}
		// a document of a phrase's terms without the phrase
	}
}

// nextMerged is next for an OR of terms: the smallest pending document
// of the terms' iterators.
func (s *flatSearcher) nextMerged() (doc uint64, score float64, found bool, err error) {
	for {
		if !s.inSeg {
			ok, err := s.nextSegment()
			if !ok || err != nil {
				s.seg = len(s.segs)
				return 0, 0, false, err
			}
		}
		d := uint64(noMore)
		for _, l := range s.leaves {
			d = min(d, l.cur)
		}
		if d == noMore {
			s.inSeg = false
			continue
		}
		if err := s.root.eval(d); err != nil {
			return 0, 0, false, err
		}
		return s.offset + d, s.root.score, true, nil
	}
}

// onlyOr reports whether n is a term or an OR of ORs of terms.
func (n *flatNode) onlyOr() bool {
	switch n.kind {
	case flatTerm:
		return true
	case flatDisj:
		for _, k := range n.kids {
			if !k.onlyOr() {
				return false
			}
		}
		return true
	}
	return false
}

// Next implements bleve's Searcher.
func (s *flatSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	doc, score, found, err := s.next()
	if !found || err != nil {
		return nil, err
	}
	dm := ctx.DocumentMatchPool.Get()
	dm.IndexInternalID = bleveindex.NewIndexInternalID(dm.IndexInternalID, doc)
	dm.Score = score
	return dm, nil
}

// Advance implements bleve's Searcher: the first match at or after id.
// (bleve's collector only calls Next; this walks forward to id.)
func (s *flatSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	var want uint64
	if len(id) == 8 {
		want = binary.BigEndian.Uint64(id)
	}
	for {
		dm, err := s.Next(ctx)
		if dm == nil || err != nil || binary.BigEndian.Uint64(dm.IndexInternalID) >= want {
			return dm, err
		}
		ctx.DocumentMatchPool.Put(dm)
	}
}

// Weight implements bleve's Searcher.
func (s *flatSearcher) Weight() float64 { return s.root.sqWeight() }

// SetQueryNorm implements bleve's Searcher.
func (s *flatSearcher) SetQueryNorm(qn float64) { s.root.setQueryNorm(qn) }

// Count implements bleve's Searcher.
func (s *flatSearcher) Count() uint64 { return s.matches }

// Min implements bleve's Searcher.
func (s *flatSearcher) Min() int { return 0 }

// Size implements bleve's Searcher.
func (s *flatSearcher) Size() int { return 256 }

// DocumentMatchPoolSize implements bleve's Searcher.
func (s *flatSearcher) DocumentMatchPoolSize() int { return 1 }

// Close implements bleve's Searcher.
func (s *flatSearcher) Close() error { return nil }

// flatHit is a match of the flat top-N walk: its score and global
// document number.
type flatHit struct {
	score float64
	doc   uint64
}

// worse reports whether a ranks after b: lower score, or the same score
// and later in the index (bleve's collector breaks ties by the order it
// collects hits, which is index order).
func (a flatHit) worse(b flatHit) bool {
	if a.score != b.score {
		return a.score < b.score
	}
	return a.doc > b.doc
}

// flatTop runs q with the flat executor, without bleve's collector:
// the count of matches and the best from+size of them by score, ranked
// as bleve ranks them, as DocumentMatches with their internal and
// external IDs. ok is false when the executor does not handle q (the
// caller then asks bleve). The collector costs a DocumentMatch taken
// from its pool, reset and put back for every matching cable.
func flatTop(ctx context.Context, idx *index.Index, q bq.Query, size, from int) (res *bleve.SearchResult, ok bool, err error) {
	start := time.Now()
	ai, err := idx.Advanced()
	if err != nil {
		return nil, false, err
	}
	r, err := ai.Reader()
	if err != nil {
		return nil, false, err
	}
	defer r.Close()
	im, isImpl := idx.Mapping().(*mapping.IndexMappingImpl)
	if !isImpl {
		return nil, false, nil
	}
	model := im.ScoringModel
	sctx := context.WithValue(ctx, search.GetScoringModelCallbackKey, search.GetScoringModelCallbackFn(func() string { return model }))
	sr, err := flatSearcherFor(sctx, q, r, search.SearcherOptions{})
	if sr == nil || err != nil {
		return nil, false, err
	}
	s := sr.(*flatSearcher)
	keep := from + size
	heap := make([]flatHit, 0, keep)
	var total uint64
	for {
		doc, score, found, err := s.next()
		if err != nil {
			return nil, false, err
		}
		if !found {
			break
		}
		total++
		if total%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, false, err
			}
		}
		h := flatHit{score, doc}
		if len(heap) < keep {
			heap = append(heap, h)
			up(heap, len(heap)-1)
		} else if keep > 0 && heap[0].worse(h) {
			heap[0] = h
			down(heap, 0)
		}
	}
	slices.SortFunc(heap, func(a, b flatHit) int {
		if a.worse(b) {
			return 1
		}
		if b.worse(a) {
			return -1
		}
		return 0
	})
	res = &bleve.SearchResult{Total: total, Hits: search.DocumentMatchCollection{}}
	if from < len(heap) {
		for _, h := range heap[from:] {
			id := bleveindex.NewIndexInternalID(nil, h.doc)
			ext, err := r.ExternalID(id)
			if err != nil {
				return nil, false, err
			}
			res.Hits = append(res.Hits, &search.DocumentMatch{ID: ext, IndexInternalID: id, Score: h.score})
		}
	}
	if len(heap) > 0 {
		res.MaxScore = heap[0].score
	}
	res.Took = time.Since(start)
	res.Status = &bleve.SearchStatus{Total: 1, Successful: 1}
	return res, true, nil
}

// up and down keep heap a min-heap by rank: heap[0] is the worst kept
// hit.
func up(heap []flatHit, i int) {
	for i > 0 {
		p := (i - 1) / 2
		if !heap[i].worse(heap[p]) {
			return
		}
		heap[i], heap[p] = heap[p], heap[i]
		i = p
	}
}

func down(heap []flatHit, i int) {
	for {
		w := i
		if l := 2*i + 1; l < len(heap) && heap[l].worse(heap[w]) {
			w = l
		}
		if r := 2*i + 2; r < len(heap) && heap[r].worse(heap[w]) {
			w = r
		}
		if w == i {
			return
		}
		heap[i], heap[w] = heap[w], heap[i]
		i = w
	}
}
