package query

import (
	"cmp"
	"context"
	"fmt"
	"html"
	"math"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/cablesearch/cablesearch/index"
)

// withLocations sets the term locations of hits, and the stored fields
// named by fields, for the few hits whose paragraphs are shown: the first
// phase of a search ranks without locations (which bleve would otherwise
// build for every matching cable). The hits keep their own scores and
// order; only Locations and Fields are set.
//
// The locations come from q's own searcher, with term vectors, advanced
// to each hit in turn on one reader of the index: q matches each hit
// again, so each gets the locations the first search would have given
// had it asked for them, without a second search (a conjunction with the
// hits' IDs, a collector, and every stored field of each hit decoded
// into a document). The stored fields are read with loadFields.
func withLocations(ctx context.Context, idx *index.Index, q bleveQuery, hits search.DocumentMatchCollection, fields []string) error {
	if len(hits) == 0 {
		return nil
	}
	ai, err := idx.Advanced()
	if err != nil {
		return fmt.Errorf("query: term locations: %w", err)
	}
	r, err := ai.Reader()
	if err != nil {
		return fmt.Errorf("query: term locations: %w", err)
	}
	defer r.Close()
	// The hits in the reader's document order (the order a searcher
	// advances in).
	type target struct {
		h  *search.DocumentMatch
		id bleveindex.IndexInternalID
	}
	targets := make([]target, 0, len(hits))
	for _, h := range hits {
		id, err := r.InternalID(h.ID)
		if err != nil {
			return fmt.Errorf("query: term locations: %s: %w", h.ID, err)
		}
		if id != nil {
			targets = append(targets, target{h, id})
		}
	}
	slices.SortFunc(targets, func(a, b target) int { return a.id.Compare(b.id) })
	s, err := q.Searcher(ctx, r, idx.Mapping(), search.SearcherOptions{IncludeTermVectors: true})
	if err != nil {
		return fmt.Errorf("query: term locations: %w", err)
	}
	defer s.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0)}
	var d *search.DocumentMatch
	matched := make(search.DocumentMatchCollection, 0, len(targets))
	for _, t := range targets {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("query: term locations: %w", err)
		}
		if d == nil || d.IndexInternalID.Compare(t.id) < 0 {
			if d, err = s.Advance(sctx, t.id); err != nil {
				return fmt.Errorf("query: term locations: %w", err)
			}
			if d == nil {
				break // no match at or after t: none for the rest
			}
		}
		if !d.IndexInternalID.Equals(t.id) {
			continue // t does not match (the searcher is past it)
		}
		d.Complete(nil)
		t.h.Locations = d.Locations
		matched = append(matched, t.h)
	}
	return loadFields(idx, matched, fields)
}

// makeHit reads the stored fields and paragraph matches of a bleve hit.
func makeHit(h *search.DocumentMatch, req Request) Hit {
	hit := Hit{ID: h.ID, Score: h.Score, Paragraphs: []ParagraphHit{}}
	hit.Subject, hit.Origin, hit.Classification, hit.Created = hitMeta(h)
	if req.MaxParagraphs <= 0 {
		return hit
	}
	sp := readStoredParas(h)
	list := matchedParas(h, len(sp.texts))
	slices.SortFunc(list, func(a, b *paraMatch) int {
		if c := cmp.Compare(b.terms(), a.terms()); c != 0 {
			return c
		}
		if c := cmp.Compare(len(b.matches), len(a.matches)); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	if len(list) > req.MaxParagraphs {
		list = list[:req.MaxParagraphs]
	}
	for _, p := range list {
		n, marking := sp.at(p.i)
		hit.Paragraphs = append(hit.Paragraphs, ParagraphHit{N: n, Marking: marking, Snippet: snippet(sp.texts[p.i], p.matches, req.SnippetBytes)})
	}
	return hit
}

// hitMeta reads the stored subject, origin, classification and created
// date of a hit.
func hitMeta(h *search.DocumentMatch) (subject, origin, class string, created time.Time) {
	subject, _ = h.Fields[index.FieldSubject].(string)
	origin, _ = h.Fields[index.FieldOrigin].(string)
	class, _ = h.Fields[index.FieldClassification].(string)
	if s, ok := h.Fields[index.FieldCreated].(string); ok {
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			created = t.UTC()
		}
	}
	return subject, origin, class, created
}

// storedParas are the stored paragraph texts, numbers and markings of a
// hit, aligned by array position.
type storedParas struct {
	texts []string
	nums  []float64
	marks []string
}

func readStoredParas(h *search.DocumentMatch) storedParas {
	return storedParas{
		texts: storedStrings(h.Fields[index.FieldParas]),
		nums:  storedFloats(h.Fields[index.FieldParaNums]),
		marks: storedStrings(h.Fields[index.FieldParaMarks]),
	}
}

// at gives the number and marking of the paragraph at array position i.
func (sp storedParas) at(i int) (n int, marking string) {
	if i < len(sp.nums) {
		n = int(sp.nums[i])
	}
	if i < len(sp.marks) {
		marking = sp.marks[i]
	}
	return n, marking
}

// paraMatch is the matches of a hit in one paragraph: where they are
// (term and position, as the term locations give them) and the number of
// matches of each term.
type paraMatch struct {
	i       int // array position in paras
	matches []termPos
	tf      []termCount // by term
}

// termCount is the number of matches of a term in a paragraph.
type termCount struct {
	term string
	n    int
}

// terms is the number of distinct matching terms.
func (p *paraMatch) terms() int { return len(p.tf) }

// matchedParas groups the term locations of a hit's paras field by
// paragraph (their first array position), in paragraph order, leaving
// out positions from nparas on (nparas >= 0).
func matchedParas(h *search.DocumentMatch, nparas int) []*paraMatch {
	locs := h.Locations[index.FieldParas]
	top := -1
	for _, ls := range locs {
		for _, l := range ls {
			if len(l.ArrayPositions) > 0 && l.ArrayPositions[0] < uint64(nparas) {
				top = max(top, int(l.ArrayPositions[0]))
			}
		}
	}
	if top < 0 {
		return nil
	}
	byPara := make([]paraMatch, top+1)
	n := 0
	for term, ls := range locs {
		for _, l := range ls {
			if len(l.ArrayPositions) == 0 || l.ArrayPositions[0] >= uint64(nparas) {
				continue
			}
			p := &byPara[l.ArrayPositions[0]]
			if len(p.matches) == 0 {
				n++
			}
			p.matches = append(p.matches, termPos{term: term, pos: int(l.Pos)})
			// The locations of one term come together.
			if k := len(p.tf) - 1; k >= 0 && p.tf[k].term == term {
				p.tf[k].n++
			} else {
				p.tf = append(p.tf, termCount{term, 1})
			}
		}
	}
	list := make([]*paraMatch, 0, n)
	for i := range byPara {
		if p := &byPara[i]; len(p.matches) > 0 {
			p.i = i
			slices.SortFunc(p.tf, func(a, b termCount) int { return strings.Compare(a.term, b.term) })
			list = append(list, p)
		}
	}
	return list
}

// BM25 parameters of the paragraph score (bleve's defaults).
const (
	bm25K1 = 1.2
	bm25B  = 0.75
)

// rankParagraphs scores every matching paragraph of hits on its own and
// returns the page req.From, req.Size of them, best first, with the
// number of matching paragraphs.
//
// The score is BM25 over paragraphs: for each matching term, its inverse
// document frequency (of cables, from the index) times its saturated
// frequency in the paragraph, normalised by the paragraph's length in
// words against the mean length of the paragraphs scored; the sum is then
// multiplied by the share of the hit's matching terms the paragraph holds,
// so that a paragraph with all the words of an AND query beats one with a
// single frequent word.
//
// It runs in two passes because loading a cable's stored fields means
// decompressing all its text: the hits come without stored fields, every
// matching paragraph is scored from the term locations without the length
// normalisation, and only the cables of the best paragraphWindow(req) of
// them are loaded, to normalise those by length, rank them again, and cut
// the snippets of the page.
func rankParagraphs(ctx context.Context, idx *index.Index, hits search.DocumentMatchCollection, req Request) ([]ParagraphResult, int, error) {
	type cand struct {
		h     *search.DocumentMatch
		rank  int // of the hit
		p     *paraMatch
		cover int // distinct terms of the whole hit
		score float64
	}
	var cands []cand
	for rank, h := range hits {
		ms := matchedParas(h, math.MaxInt32)
		all := map[string]bool{}
		for _, p := range ms {
			for _, t := range p.tf {
				all[t.term] = true
			}
		}
		for _, p := range ms {
			cands = append(cands, cand{h: h, rank: rank, p: p, cover: len(all)})
		}
	}
	if len(cands) == 0 {
		return []ParagraphResult{}, 0, nil
	}
	idf, err := termIDF(ctx, idx, hits)
	if err != nil {
		return nil, 0, err
	}
	// score with norm = k1·(1 - b + b·length/mean); k1 is a paragraph of
	// the mean length.
	score := func(c *cand, norm float64) float64 {
		s := 0.0
		// In term order, so that the sum (and the order of equal-looking
		// paragraphs) is the same from one search to the next.
		for _, t := range c.p.tf {
			f := float64(t.n)
			s += idf[t.term] * f * (bm25K1 + 1) / (f + norm)
		}
		return s * float64(c.p.terms()) / float64(max(c.cover, 1))
	}
	order := func(a, b cand) int {
		if req.Sort != "" && req.Sort != SortRelevance {
			// The hits are in date order already.
			if c := cmp.Compare(a.rank, b.rank); c != 0 {
				return c
			}
		}
		if c := cmp.Compare(b.score, a.score); c != 0 {
			return c
		}
		if c := cmp.Compare(a.h.ID, b.h.ID); c != 0 {
			return c
		}
		return cmp.Compare(a.p.i, b.p.i)
	}
	for i := range cands {
		cands[i].score = score(&cands[i], bm25K1)
	}
	slices.SortFunc(cands, order)
	total := len(cands)
	top := cands[:min(total, paragraphShortlist(req))]

	// Second pass: the stored paragraphs of the shortlisted cables, read
	// from their segments (loadFields).
	var load search.DocumentMatchCollection
	docs := map[string]*search.DocumentMatch{}
	for _, c := range top {
		if docs[c.h.ID] == nil {
			docs[c.h.ID] = c.h
			c.h.Fields = nil // the window's search asked for none
			load = append(load, c.h)
		}
	}
	if err := loadFields(idx, load, hitFields); err != nil {
		return nil, 0, fmt.Errorf("query: paragraph texts: %w", err)
	}
	stored := map[string]storedParas{}
	words := make([]float64, len(top))
	kept := top[:0]
	sum := 0.0
	for _, c := range top {
		d := docs[c.h.ID]
		if d == nil {
			continue
		}
		sp, ok := stored[c.h.ID]
		if !ok {
			sp = readStoredParas(d)
			stored[c.h.ID] = sp
		}
		if c.p.i >= len(sp.texts) {
			continue
		}
		words[len(kept)] = float64(countWords(sp.texts[c.p.i]))
		sum += words[len(kept)]
		kept = append(kept, c)
	}
	if len(kept) == 0 {
		return []ParagraphResult{}, total, nil
	}
	avg := max(sum/float64(len(kept)), 1)
	for i := range kept {
		kept[i].score = score(&kept[i], bm25K1*(1-bm25B+bm25B*words[i]/avg))
	}
	slices.SortFunc(kept, order)

	lo := min(req.From, len(kept))
	hi := min(lo+req.Size, len(kept))
	out := make([]ParagraphResult, 0, hi-lo)
	for _, c := range kept[lo:hi] {
		d, sp := docs[c.h.ID], stored[c.h.ID]
		r := ParagraphResult{ID: c.h.ID, Score: c.score, CableScore: c.h.Score}
		r.Subject, r.Origin, r.Classification, r.Created = hitMeta(d)
		r.N, r.Marking = sp.at(c.p.i)
		r.Snippet = snippet(sp.texts[c.p.i], c.p.matches, req.SnippetBytes)
		out = append(out, r)
	}
	return out, total, nil
}

// paragraphShortlist is the number of paragraphs, best by their score
// without length normalisation, that paragraph mode loads and ranks
// fully: five pages up to the requested one, at least 50.
func paragraphShortlist(req Request) int {
	return max(5*(req.From+req.Size), 50)
}

// termIDF gives the BM25 inverse document frequency, over cables, of
// every term matched in the paras field of hits.
func termIDF(ctx context.Context, idx *index.Index, hits search.DocumentMatchCollection) (map[string]float64, error) {
	ai, err := idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("query: paragraph scores: %w", err)
	}
	r, err := ai.Reader()
	if err != nil {
		return nil, fmt.Errorf("query: paragraph scores: %w", err)
	}
	defer r.Close()
	n, err := r.DocCount()
	if err != nil {
		return nil, fmt.Errorf("query: paragraph scores: %w", err)
	}
	idf := map[string]float64{}
	for _, h := range hits {
		for t := range h.Locations[index.FieldParas] {
			if _, ok := idf[t]; ok {
				continue
			}
			tfr, err := r.TermFieldReader(ctx, []byte(t), index.FieldParas, false, false, false)
			if err != nil {
				return nil, fmt.Errorf("query: paragraph scores: term %q: %w", t, err)
			}
			df := float64(tfr.Count())
			tfr.Close()
			idf[t] = math.Log(1 + (float64(n)-df+0.5)/(df+0.5))
		}
	}
	return idf, nil
}

// countWords counts the runs of letters and digits in s (ASCII bytes
// without decoding, for speed).
func countWords(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); {
		c := s[i]
		var w bool
		if c < utf8.RuneSelf {
			w = 'a' <= c|0x20 && c|0x20 <= 'z' || '0' <= c && c <= '9'
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			w = unicode.IsLetter(r) || unicode.IsDigit(r)
			i += size
		}
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// storedStrings reads a stored text field: one value comes back as a string,
// several as a slice.
func storedStrings(v any) []string {
	switch v := v.(type) {
	case string:
		return []string{v}
	case []any:
		out := make([]string, len(v))
		for i, x := range v {
			out[i], _ = x.(string)
		}
		return out
	}
	return nil
}

// storedFloats reads a stored numeric field like storedStrings.
func storedFloats(v any) []float64 {
	switch v := v.(type) {
	case float64:
		return []float64{v}
	case []any:
		out := make([]float64, len(v))
		for i, x := range v {
			out[i], _ = x.(float64)
		}
		return out
	}
	return nil
}

// Snippet cuts about size bytes of text around the first of the byte
// ranges (matches), escapes it as HTML and wraps each match in
// <mark>...</mark>. Cuts fall on spaces where possible and are shown
// with "…". White space (the line breaks of the telegram) is collapsed to
// single spaces.
func Snippet(text string, ranges [][2]int, size int) string {
	// Clip, sort and merge the ranges.
	rs := make([][2]int, 0, len(ranges))
	for _, r := range ranges {
		r[0], r[1] = max(r[0], 0), min(r[1], len(text))
		if r[0] < r[1] {
			rs = append(rs, r)
		}
	}
	slices.SortFunc(rs, func(a, b [2]int) int { return cmp.Compare(a[0], b[0]) })
	merged := rs[:0]
	for _, r := range rs {
		// Overlapping matches, and matches separated by white space only
		// (the words of a phrase), become one mark.
		if n := len(merged); n > 0 && (r[0] <= merged[n-1][1] || strings.TrimSpace(text[merged[n-1][1]:r[0]]) == "") {
			merged[n-1][1] = max(merged[n-1][1], r[1])
			continue
		}
		merged = append(merged, r)
	}
	// The window: some context before the first match.
	lo, hi := 0, len(text)
	if len(text) > size {
		first := 0
		if len(merged) > 0 {
			first = merged[0][0]
		}
		lo = max(0, first-size/4)
		hi = min(len(text), lo+size)
		if hi == len(text) {
			lo = max(0, hi-size)
		}
		lo, hi = cutAtSpace(text, lo, false), cutAtSpace(text, hi, true)
		if len(merged) > 0 && lo > merged[0][0] {
			lo = merged[0][0]
		}
	}
	var b strings.Builder
	if lo > 0 {
		b.WriteString("…")
	}
	pos := lo
	for _, r := range merged {
		if r[1] <= lo || r[0] >= hi {
			continue
		}
		s, e := max(r[0], lo), min(r[1], hi)
		b.WriteString(html.EscapeString(text[pos:s]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[s:e]))
		b.WriteString("</mark>")
		pos = e
	}
	b.WriteString(html.EscapeString(text[pos:hi]))
	if hi < len(text) {
		b.WriteString("…")
	}
	// Line breaks of the telegram and runs of spaces become one space.
	return collapseSpace(b.String())
}

// cutAtSpace moves a cut at byte i to a rune boundary next to a space:
// forward to the next space for the start of a window (back=false), back
// to the previous space for its end (back=true), within 30 bytes.
func cutAtSpace(text string, i int, back bool) int {
	if i <= 0 || i >= len(text) {
		return i
	}
	for !utf8.RuneStart(text[i]) && i > 0 {
		i--
	}
	for j := 0; j < 30; j++ {
		k := i + j
		if back {
			k = i - j
		}
		if k <= 0 || k >= len(text) {
			break
		}
		r, _ := utf8.DecodeRuneInString(text[k:])
		if unicode.IsSpace(r) {
			if back {
				return k
			}
			return k + 1
		}
	}
	return i
}
