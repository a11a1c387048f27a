package query

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"slices"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bleveindex "github.com/blevesearch/bleve_index_api"
)

// phraseQuery is a phrase of two or more distinct terms at consecutive
// positions in one field: what most quoted phrases analyse to. It finds
// the same cables, with the same scores and term locations, as bleve's
// MatchPhraseQuery, but checks the positions of each candidate directly
// in the term locations of the conjunction of its terms, where bleve's
// phrase searcher first builds a map of every location of the candidate
// (half the CPU of "human rights" in the profile). Phrases of any other
// shape (several terms at one position, gaps, a repeated term) stay
// MatchPhraseQuery (see phrase in bleve.go).
type phraseQuery struct {
	field string
	terms []string
	text  string // as typed, for the JSON form
	boost float64
}

// SetBoost implements bleve's BoostableQuery.
func (q *phraseQuery) SetBoost(b float64) { q.boost = b }

// Boost implements bleve's BoostableQuery.
func (q *phraseQuery) Boost() float64 { return q.boost }

// MarshalJSON gives the phrase as typed, its terms, field and boost.
func (q *phraseQuery) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Phrase string   `json:"match_phrase"`
		Terms  []string `json:"terms"`
		Field  string   `json:"field"`
		Boost  float64  `json:"boost,omitempty"`
	}{q.text, q.terms, q.field, q.boost})
}

// Searcher implements bleve's Query.
func (q *phraseQuery) Searcher(ctx context.Context, r bleveindex.IndexReader, _ mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	options.IncludeTermVectors = true
	ts := make([]search.Searcher, 0, len(q.terms))
	closeAll := func() {
		for _, s := range ts {
			s.Close()
		}
	}
	for _, t := range q.terms {
		s, err := searcher.NewTermSearcher(ctx, r, t, q.field, q.boost, options)
		if err != nil {
			closeAll()
			return nil, fmt.Errorf("phrase %q: %w", q.text, err)
		}
		ts = append(ts, s)
	}
	must, err := searcher.NewConjunctionSearcher(ctx, r, ts, options)
	if err != nil {
		closeAll()
		return nil, fmt.Errorf("phrase %q: %w", q.text, err)
	}
	// As bleve's PhraseSearcher: the query norm of the conjunction alone
	// (a parent searcher sets its own).
	must.SetQueryNorm(1 / math.Sqrt(must.Weight()))
	return &phraseSearcher{must: must, terms: q.terms}, nil
}

// phraseSearcher keeps the documents of the conjunction of its terms
// whose term locations hold the terms at consecutive positions of one
// array element, with only those locations.
type phraseSearcher struct {
	must  search.Searcher
	terms []string
	// Reused per document: the locations of each term (indexes into
	// FieldTermLocations), and which of them are kept.
	byTerm [][]int
	keep   []bool
}

// Next implements bleve's Searcher: the next document holding the
// phrase.
func (s *phraseSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for {
		dm, err := s.must.Next(ctx)
		if err != nil || dm == nil {
			return nil, err
		}
		if s.match(dm) {
			return dm, nil
		}
		ctx.DocumentMatchPool.Put(dm)
	}
}

// Advance implements bleve's Searcher: the first document at or after
// id holding the phrase.
func (s *phraseSearcher) Advance(ctx *search.SearchContext, id bleveindex.IndexInternalID) (*search.DocumentMatch, error) {
	dm, err := s.must.Advance(ctx, id)
	if err != nil || dm == nil {
		return nil, err
	}
	if s.match(dm) {
		return dm, nil
	}
	ctx.DocumentMatchPool.Put(dm)
	return s.Next(ctx)
}

// match reports whether dm holds the phrase, and leaves in its
// FieldTermLocations only the locations of the phrase's occurrences.
// Entries are moved by swapping, so that each slot keeps its own
// ArrayPositions array (bleve reuses them when the match is recycled).
func (s *phraseSearcher) match(dm *search.DocumentMatch) bool {
	ftls := dm.FieldTermLocations
	if cap(s.byTerm) < len(s.terms) {
		s.byTerm = make([][]int, len(s.terms))
	}
	s.byTerm = s.byTerm[:len(s.terms)]
	for k := range s.byTerm {
		s.byTerm[k] = s.byTerm[k][:0]
	}
	for i := range ftls {
		if k := slices.Index(s.terms, ftls[i].Term); k >= 0 {
			s.byTerm[k] = append(s.byTerm[k], i)
		}
	}
	byPlace := func(a, b int) int {
		if c := slices.Compare(ftls[a].Location.ArrayPositions, ftls[b].Location.ArrayPositions); c != 0 {
			return c
		}
		return cmp.Compare(ftls[a].Location.Pos, ftls[b].Location.Pos)
	}
	for _, l := range s.byTerm {
		if !slices.IsSortedFunc(l, byPlace) {
			slices.SortFunc(l, byPlace)
		}
	}
	s.keep = slices.Grow(s.keep[:0], len(ftls))[:len(ftls)]
	clear(s.keep)
	found := false
	for _, first := range s.byTerm[0] {
		ap, pos := ftls[first].Location.ArrayPositions, ftls[first].Location.Pos
		ok := true
		for k := 1; k < len(s.terms) && ok; k++ {
			_, ok = s.find(ftls, k, ap, pos+uint64(k))
		}
		if !ok {
			continue
		}
		found = true
		s.keep[first] = true
		for k := 1; k < len(s.terms); k++ {
			i, _ := s.find(ftls, k, ap, pos+uint64(k))
			s.keep[i] = true
		}
	}
	if !found {
		return false
	}
	w := 0
	for i := range ftls {
		if s.keep[i] {
			ftls[w], ftls[i] = ftls[i], ftls[w]
			w++
		}
	}
	dm.FieldTermLocations = ftls[:w]
	return true
}

// find gives the index in ftls of the location of term k at array
// positions ap and position pos, if there is one.
func (s *phraseSearcher) find(ftls []search.FieldTermLocation, k int, ap search.ArrayPositions, pos uint64) (int, bool) {
	l := s.byTerm[k]
	j, ok := slices.BinarySearchFunc(l, pos, func(i int, pos uint64) int {
		if c := slices.Compare(ftls[i].Location.ArrayPositions, ap); c != 0 {
			return c
		}
		return cmp.Compare(ftls[i].Location.Pos, pos)
	})
	if !ok {
		return 0, false
	}
	return l[j], true
}

// The rest of bleve's Searcher, as its PhraseSearcher has it.

func (s *phraseSearcher) Close() error               { return s.must.Close() }
func (s *phraseSearcher) Weight() float64            { return s.must.Weight() }
func (s *phraseSearcher) SetQueryNorm(n float64)     { s.must.SetQueryNorm(n) }
func (s *phraseSearcher) Count() uint64              { return s.must.Count() }
func (s *phraseSearcher) Min() int                   { return 0 }
func (s *phraseSearcher) DocumentMatchPoolSize() int { return s.must.DocumentMatchPoolSize() + 1 }

func (s *phraseSearcher) Size() int {
	return int(reflect.TypeOf(*s).Size()) + s.must.Size()
}
