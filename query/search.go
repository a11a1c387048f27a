package query

import (
	"cmp"
	"context"
	"fmt"
	"html"
	"maps"
	"math"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	bleveindex "github.com/blevesearch/bleve_index_api"

	"github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/analysis"
	"github.com/cablesearch/cablesearch/index"
)

// Facet names accepted in Request.Facets and Request.Filters.
const (
	FacetOrigin         = "origin"
	FacetClassification = "classification"
	FacetTags           = "tags"
	FacetYear           = "year"
	FacetMonth          = "month"
	FacetMarking        = "marking"
)

// FacetNames lists every facet, in the order results give them.
var FacetNames = []string{FacetOrigin, FacetClassification, FacetTags, FacetYear, FacetMonth, FacetMarking}

// termsFacetField maps a terms facet to its index field. The year facet
// counts the year keyword field (one term per cable, with DocValues)
// rather than ranges of the created date, which cost a numeric decode
// and a walk of the ranges for every hit.
var termsFacetField = map[string]string{
	FacetOrigin:         index.FieldOrigin,
	FacetClassification: index.FieldClassification,
	FacetTags:           index.FieldTags,
	FacetMarking:        index.FieldMarkings,
	FacetYear:           index.FieldYear,
	FacetMonth:          index.FieldMonth,
}

// maxYears bounds the year facet: more years than any index holds (the
// cables run from 1966 to 2010), so that every year with a cable is
// counted; maxMonthTerms does the same for the months.
const (
	maxYears      = 1000
	maxMonthTerms = 12 * maxYears
)

// facetRequest gives the bleve request of a terms facet: FacetSize
// values, or every year (month) for the year (month) facet.
func facetRequest(name string, req Request) *bleve.FacetRequest {
	size := req.FacetSize
	switch name {
	case FacetYear:
		size = maxYears
	case FacetMonth:
		size = maxMonthTerms
	}
	return bleve.NewFacetRequest(termsFacetField[name], size)
}

// Sort orders for Request.Sort.
const (
	SortRelevance = "relevance" // BM25 score, best first (the default)
	SortNewest    = "newest"    // created date, newest first ("date" is the same)
	SortOldest    = "oldest"    // created date, oldest first
)

// Request is one search. The zero value of every field but Query means
// the default.
type Request struct {
	// Query is the query text (see the package documentation).
	Query string
	// Q, when not nil, is used instead of parsing Query (for callers that
	// parsed or rewrote the query themselves).
	Q Q
	// From is the number of hits to skip (paging). Default 0.
	From int
	// Size is the number of hits to return. Default 10, at most 1000.
	Size int
	// Sort is SortRelevance (default), SortNewest ("date") or SortOldest.
	Sort string
	// Facets names the facets to count (FacetNames); none by default.
	Facets []string
	// FacetSize is the number of values per terms facet. Default 10.
	FacetSize int
	// Filters selects facet values: the hits must have one of the values
	// of each named facet (OR within a facet, AND across facets). Facets
	// are disjunctive: the counts of a filtered facet ignore its own
	// filter, so the other values stay visible with their counts.
	// Year values are "2009", month values "2009-03".
	Filters map[string][]string
	// MaxParagraphs is the number of matching paragraphs given per hit,
	// best first. Default 3; negative for none.
	MaxParagraphs int
	// SnippetBytes is the approximate length of a paragraph snippet, in
	// bytes. Default 240.
	SnippetBytes int
	// MaxMonths bounds the month histogram: at most this many months,
	// ending at the newest matching cable. Default 120.
	MaxMonths int
	// ParagraphMode ranks paragraphs instead of cables: Result.ParagraphHits
	// lists the matching paragraphs of the best ParagraphWindow cables,
	// each scored on its own (see the package documentation), paged with
	// From and Size; Result.Hits is then empty. Sort newest or oldest
	// orders paragraphs by their cable's date, then by score.
	ParagraphMode bool
	// ParagraphWindow is the number of best cables whose paragraphs are
	// ranked in paragraph mode. Default 200, and at least 2×(From+Size);
	// at most 2000.
	ParagraphWindow int
}

func (r *Request) setDefaults() {
	if r.Size <= 0 {
		r.Size = 10
	}
	r.Size = min(r.Size, 1000)
	r.From = max(r.From, 0)
	if r.FacetSize <= 0 {
		r.FacetSize = 10
	}
	if r.MaxParagraphs == 0 {
		r.MaxParagraphs = 3
	}
	if r.SnippetBytes <= 0 {
		r.SnippetBytes = 240
	}
	if r.MaxMonths <= 0 {
		r.MaxMonths = 120
	}
	if r.ParagraphWindow <= 0 {
		r.ParagraphWindow = 200
	}
	r.ParagraphWindow = min(max(r.ParagraphWindow, 2*(r.From+r.Size)), 2000)
}

// Result is the answer to a Request. Its JSON form is the query --json
// contract of the command line.
type Result struct {
	// Total is the number of matching cables.
	Total uint64 `json:"total"`
	// Hits are the cables of the requested page (empty in paragraph mode).
	Hits []Hit `json:"hits"`
	// Facets holds the requested facets by name; empty, not nil, when none
	// was asked for.
	Facets map[string][]FacetValue `json:"facets"`
	// ParagraphHits are the paragraphs of the requested page in paragraph
	// mode, best first; nil otherwise.
	ParagraphHits []ParagraphResult `json:"paragraph_hits,omitempty"`
	// ParagraphTotal is the number of matching paragraphs found in the
	// paragraph-mode window, and ParagraphCables the number of cables
	// of that window (the best Request.ParagraphWindow).
	ParagraphTotal  int `json:"paragraph_total,omitempty"`
	ParagraphCables int `json:"paragraph_cables,omitempty"`
	// Took is the time the search took.
	Took time.Duration `json:"took_ns"`
}

// ParagraphResult is one paragraph ranked in paragraph mode, with the
// fields of its cable.
type ParagraphResult struct {
	ID             string    `json:"id"`
	Subject        string    `json:"subject"`
	Origin         string    `json:"origin"`
	Classification string    `json:"classification"`
	Created        time.Time `json:"created"`
	N              int       `json:"n"`
	Marking        string    `json:"marking"`
	// Score is the paragraph's own score; CableScore the BM25 score of
	// its cable.
	Score      float64 `json:"score"`
	CableScore float64 `json:"cable_score"`
	// Snippet is HTML, as in ParagraphHit.
	Snippet string `json:"snippet"`
}

// Hit is one matching cable.
type Hit struct {
	ID             string    `json:"id"`
	Score          float64   `json:"score"`
	Subject        string    `json:"subject"`
	Origin         string    `json:"origin"`
	Classification string    `json:"classification"`
	Created        time.Time `json:"created"`
	// Paragraphs are the matching paragraphs, best first.
	Paragraphs []ParagraphHit `json:"paragraphs"`
}

// ParagraphHit is one matching paragraph of a hit.
type ParagraphHit struct {
	N       int    `json:"n"`
	Marking string `json:"marking"`
	// Snippet is HTML: the text around the matches, escaped, with each
	// match in <mark>...</mark> and "…" where text was cut.
	Snippet string `json:"snippet"`
}

// FacetValue is one value of a facet with the number of matching cables.
type FacetValue struct {
	Value string `json:"value"`
	Count int    `json:"count"`
}

// Stored fields read for each hit: metaFields by the main search, and
// paraFields, for the hits whose paragraphs are shown, with their term
// locations (withLocations). hitFields are both.
var (
	metaFields = []string{index.FieldSubject, index.FieldOrigin, index.FieldClassification, index.FieldCreated}
	paraFields = []string{index.FieldParas, index.FieldParaNums, index.FieldParaMarks}
	hitFields  = append(slices.Clip(metaFields), paraFields...)
)

// Search runs req on idx: hits ranked by BM25 (or by date), their
// matching paragraphs with snippets, and the requested facets.
func Search(ctx context.Context, idx *index.Index, req Request) (*Result, error) {
	start := time.Now()
	req.setDefaults()
	q := req.Q
	if q == nil {
		var err error
		if q, err = Parse(req.Query); err != nil {
			return nil, err
		}
	}
	base, err := toBleveOn(idx, q)
	if err != nil {
		return nil, err
	}
	for _, name := range req.Facets {
		if !slices.Contains(FacetNames, name) {
			return nil, fmt.Errorf("query: unknown facet %q (known: %s)", name, strings.Join(FacetNames, ", "))
		}
	}
	filters := map[string]bleveQuery{}
	for name, values := range req.Filters {
		if len(values) == 0 {
			continue
		}
		f, err := facetFilter(name, values)
		if err != nil {
			return nil, err
		}
		filters[name] = f
	}
	// withFilters gives the query with every filter but skip's.
	withFilters := func(skip string) bleveQuery {
		qs := []bleveQuery{base}
		for _, name := range FacetNames {
			if f, ok := filters[name]; ok && name != skip {
				qs = append(qs, f)
			}
		}
		return conjunction(qs...)
	}

	size, from := req.Size, req.From
	if req.ParagraphMode {
		size, from = req.ParagraphWindow, 0
	}
	sr := bleve.NewSearchRequestOptions(withFilters(""), size, from, false)
	// Term locations: with them bleve would build the locations of every
	// matching cable, not just of the page, so the main search goes
	// without them (and without the paragraph texts) and withLocations
	// adds them to the page (or to the paragraph-mode window) afterwards
	// -- unless every word to show is in a phrase: a phrase searcher
	// reads the locations anyway to match, and a second search would
	// match the phrase all over again.
	sr.Fields = metaFields
	if req.ParagraphMode {
		sr.Fields = nil // rankParagraphs loads the cables it needs
	}
	phrases, words := highlighted(q)
	// A query without words to highlight (fields, dates, IDs) has no
	// matching paragraphs: no locations to ask for.
	locations := (req.ParagraphMode || req.MaxParagraphs > 0) && phrases+words > 0
	onePass := locations && onlyPhrases(phrases, words)
	if onePass {
		sr.IncludeLocations = true
		if !req.ParagraphMode {
			sr.Fields = hitFields
		}
	}
	// Ties (equal scores, equal dates) are broken by bleve in the order it
	// collects the hits, the internal document number: deterministic for
	// a given index, so pages of one query neither overlap nor skip a hit.
	// An explicit SortDocID tie-break would read the external ID of every
	// candidate hit from the stored fields (16% of the CPU of a warm query,
	// 3x on a query with many hits).
	switch req.Sort {
	case "", SortRelevance:
		sr.SortByCustom(search.SortOrder{&search.SortScore{Desc: true}})
	case SortNewest, "date":
		sr.SortByCustom(dateSort(true))
	case SortOldest:
		sr.SortByCustom(dateSort(false))
	default:
		return nil, fmt.Errorf("query: unknown sort %q (want %s, %s or %s)", req.Sort, SortRelevance, SortNewest, SortOldest)
	}
	// Terms facets (year included) without a filter of their own ride on
	// the main search.
	for _, name := range req.Facets {
		if _, ok := termsFacetField[name]; ok && filters[name] == nil {
			sr.AddFacet(name, facetRequest(name, req))
		}
	}
	res, err := idx.SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("query: search: %w", err)
	}
	out := &Result{Total: res.Total, Hits: []Hit{}, Facets: map[string][]FacetValue{}}
	if locations && !onePass {
		fields := paraFields
		if req.ParagraphMode {
			fields = nil
		}
		if err := withLocations(ctx, idx, base, res.Hits, fields); err != nil {
			return nil, err
		}
	}
	if req.ParagraphMode {
		if out.ParagraphHits, out.ParagraphTotal, err = rankParagraphs(ctx, idx, res.Hits, req); err != nil {
			return nil, err
		}
		out.ParagraphCables = len(res.Hits)
	} else {
		for _, h := range res.Hits {
			out.Hits = append(out.Hits, makeHit(h, req))
		}
	}
	for _, name := range req.Facets {
		fr := res.Facets[name]
		if fr == nil {
			// Disjunctive: count without this facet's own filter.
			fsr := bleve.NewSearchRequestOptions(withFilters(name), 0, 0, false)
			fsr.AddFacet(name, facetRequest(name, req))
			fres, err := idx.SearchInContext(ctx, fsr)
			if err != nil {
				return nil, fmt.Errorf("query: facet %s: %w", name, err)
			}
			fr = fres.Facets[name]
		}
		vals := termValues(fr)
		if name == FacetYear || name == FacetMonth {
			// Oldest first, as a histogram.
			slices.SortFunc(vals, func(a, b FacetValue) int { return strings.Compare(a.Value, b.Value) })
		}
		if name == FacetMonth {
			vals = lastMonths(vals, req.MaxMonths)
		}
		out.Facets[name] = vals
	}
	out.Took = time.Since(start)
	return out, nil
}

// toBleveOn translates q with the lookups that need idx (optionsFor).
func toBleveOn(idx *index.Index, q Q) (bleveQuery, error) {
	return ToBleve(q, optionsFor(idx))
}

// optionsFor gives the translation options that look things up in idx:
// the references of a cable (citedby:), TAGS by meaning, and which IDs
// the index holds (yearless citations).
func optionsFor(idx *index.Index) ToBleveOptions {
	return ToBleveOptions{
		References: func(id string) ([]string, error) {
			c, err := idx.Cable(id)
			if err != nil || c == nil {
				return nil, err
			}
			return c.References, nil
		},
		TagsByMeaning: func(words string) ([]string, error) { return tagsByMeaning(idx, words) },
		Terms:         func(field string, candidates []string) ([]string, error) { return indexTerms(idx, field, candidates) },
	}
}

// indexTerms gives those of candidates that field holds in idx's term
// dictionary, in the order given: a lookup in the dictionary of each
// segment per candidate.
func indexTerms(idx *index.Index, field string, candidates []string) ([]string, error) {
	ai, err := idx.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := ai.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	rc, ok := r.(bleveindex.IndexReaderContains)
	if !ok {
		return nil, fmt.Errorf("index reader %T cannot look up terms", r)
	}
	dict, err := rc.FieldDictContains(field)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, c := range candidates {
		ok, err := dict.Contains([]byte(c))
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, c)
		}
	}
	return out, nil
}

// withLocations sets the term locations of hits, and the stored fields
// named by fields, from a second search of q restricted to the IDs of
// hits: the first phase of a search ranks without locations (which bleve
// would otherwise build for every matching cable), this one builds them
// for the few hits whose paragraphs are shown. The hits keep their own
// scores and order; only Locations and Fields are taken from the second
// search. q matches each hit again, so each gets the same locations as if
// the first search had asked for them.
func withLocations(ctx context.Context, idx *index.Index, q bleveQuery, hits search.DocumentMatchCollection, fields []string) error {
	if len(hits) == 0 {
		return nil
	}
	ids := make([]string, len(hits))
	for i, h := range hits {
		ids[i] = h.ID
	}
	sr := bleve.NewSearchRequestOptions(conjunction(bleve.NewDocIDQuery(ids), q), len(ids), 0, false)
	sr.IncludeLocations = true
	sr.Fields = fields
	res, err := idx.SearchInContext(ctx, sr)
	if err != nil {
		return fmt.Errorf("query: term locations: %w", err)
	}
	byID := make(map[string]*search.DocumentMatch, len(res.Hits))
	for _, d := range res.Hits {
		byID[d.ID] = d
	}
	for _, h := range hits {
		d := byID[h.ID]
		if d == nil {
			continue
		}
		h.Locations = d.Locations
		if len(d.Fields) > 0 && h.Fields == nil {
			h.Fields = make(map[string]any, len(d.Fields))
		}
		for k, v := range d.Fields {
			h.Fields[k] = v
		}
	}
	return nil
}

// highlighted counts the phrases and the other words of q that snippets
// highlight: those not under a Not; a phrase that is searched as one term
// counts as a word. Fielded values and keywords do not count: they
// highlight nothing in the paragraphs.
func highlighted(q Q) (phrases, words int) {
	var walk func(q Q)
	walk = func(q Q) {
		switch n := q.(type) {
		case *And:
			for _, c := range n.Children {
				walk(c)
			}
		case *Or:
			for _, c := range n.Children {
				walk(c)
			}
		case *Phrase:
			if _, one := phraseTerm(n.Text); one {
				words++ // searched as a term (bleve.go, phrase)
			} else {
				phrases++
			}
		case *Term, *Prefix, *Fuzzy, *Citation:
			words++
		}
	}
	walk(q)
	return phrases, words
}

// onlyPhrases reports whether the words that snippets highlight, as
// highlighted counts them, are all in phrases, with at least one phrase:
// then the main search takes the term locations itself (the phrase
// searcher reads them anyway).
func onlyPhrases(phrases, words int) bool { return phrases > 0 && words == 0 }

// termValues lists a terms facet, most frequent first.
func termValues(fr *search.FacetResult) []FacetValue {
	vals := []FacetValue{}
	if fr == nil || fr.Terms == nil {
		return vals
	}
	for _, t := range fr.Terms.Terms() {
		vals = append(vals, FacetValue{Value: t.Term, Count: t.Count})
	}
	return vals
}

// facetFilter builds the bleve filter for selected facet values: the
// values as terms of the facet's field, upper-cased for the code facets
// (classification, tags, marking), checked to be years or months for the
// year and month facets.
func facetFilter(name string, values []string) (bleveQuery, error) {
	field, ok := termsFacetField[name]
	if !ok {
		return nil, fmt.Errorf("query: unknown facet %q (known: %s)", name, strings.Join(FacetNames, ", "))
	}
	switch name {
	case FacetOrigin:
	case FacetYear, FacetMonth:
		for _, v := range values {
			if _, _, err := parseDate(v, 0); err != nil || (name == FacetYear) != (len(v) == 4) || (name == FacetMonth) != (len(v) == 7) {
				return nil, fmt.Errorf("query: %s filter %q: want %s", name, v, map[string]string{FacetYear: "a year like 2009", FacetMonth: "a month like 2009-03"}[name])
			}
		}
	default:
		up := make([]string, len(values))
		for i, v := range values {
			up[i] = strings.ToUpper(v)
		}
		values = up
	}
	return termsFilter(field, values), nil
}

// lastMonths keeps the months of vals (oldest first, empty months left
// out) that fall in the maxMonths calendar months ending at the newest.
func lastMonths(vals []FacetValue, maxMonths int) []FacetValue {
	if len(vals) == 0 {
		return vals
	}
	last, err := time.Parse("2006-01", vals[len(vals)-1].Value)
	if err != nil {
		return vals
	}
	first := last.AddDate(0, 1-maxMonths, 0).Format("2006-01")
	i, _ := slices.BinarySearchFunc(vals, first, func(v FacetValue, m string) int { return strings.Compare(v.Value, m) })
	return vals[i:]
}

// dateSort orders hits by created date, oldest first or (desc) newest
// first, cables without a date last either way.
//
// It sorts on created_sort, the created date as an RFC 3339 UTC keyword
// (one term per cable, whose byte order is the date order for the years
// 1000 to 9999; to the second, which cable dates do not go below), not on
// the created datetime field: bleve would read the
// numeric field's DocValues, several prefix-coded terms per cable, and
// decode the date of every hit to text, which made newest-first "the"
// cost three times its relevance search.
func dateSort(desc bool) search.SortOrder {
	return search.SortOrder{&search.SortField{
		Field:   index.FieldCreatedSort,
		Desc:    desc,
		Type:    search.SortFieldAsString,
		Missing: search.SortFieldMissingLast,
	}}
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
	tf      map[string]int
}

// terms is the number of distinct matching terms.
func (p *paraMatch) terms() int { return len(p.tf) }

// matchedParas groups the term locations of a hit's paras field by
// paragraph (their first array position), in no particular order.
func matchedParas(h *search.DocumentMatch, nparas int) []*paraMatch {
	byPara := map[int]*paraMatch{}
	for term, locs := range h.Locations[index.FieldParas] {
		for _, l := range locs {
			if len(l.ArrayPositions) == 0 {
				continue
			}
			i := int(l.ArrayPositions[0])
			if i < 0 || i >= nparas {
				continue
			}
			p := byPara[i]
			if p == nil {
				p = &paraMatch{i: i, tf: map[string]int{}}
				byPara[i] = p
			}
			p.matches = append(p.matches, termPos{term: term, pos: int(l.Pos)})
			p.tf[term]++
		}
	}
	list := make([]*paraMatch, 0, len(byPara))
	for _, p := range byPara {
		list = append(list, p)
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
			for t := range p.tf {
				all[t] = true
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
		for _, t := range slices.Sorted(maps.Keys(c.p.tf)) {
			f := float64(c.p.tf[t])
			s += idf[t] * f * (bm25K1 + 1) / (f + norm)
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

	// Second pass: the stored paragraphs of the shortlisted cables.
	var ids []string
	seen := map[string]bool{}
	for _, c := range top {
		if !seen[c.h.ID] {
			seen[c.h.ID] = true
			ids = append(ids, c.h.ID)
		}
	}
	sr := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery(ids), len(ids), 0, false)
	sr.Fields = hitFields
	sr.Score = "none"
	res, err := idx.SearchInContext(ctx, sr)
	if err != nil {
		return nil, 0, fmt.Errorf("query: paragraph texts: %w", err)
	}
	docs := make(map[string]*search.DocumentMatch, len(res.Hits))
	for _, d := range res.Hits {
		docs[d.ID] = d
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
	return strings.Join(strings.Fields(b.String()), " ")
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

// tagMeaning is an indexed TAGS code with the words of its meaning.
type tagMeaning struct {
	code  string
	words []string
}

// tagMeanings caches, per open index, the meanings of its TAGS codes
// (about 1,500 short entries; an index is read-only once open). Entries
// are never dropped: a program that opens many indexes in turn keeps one
// small list per index.
var tagMeanings sync.Map // *index.Index -> []tagMeaning

// tagsByMeaning returns the codes indexed in idx whose meaning (from
// cablesearch.LookupTag) contains every word of words, case and accents
// folded ("russia" -> RS, "political relations" -> PREL).
func tagsByMeaning(idx *index.Index, words string) ([]string, error) {
	want := meaningWords(words)
	if len(want) == 0 {
		return nil, nil
	}
	v, ok := tagMeanings.Load(idx)
	if !ok {
		dict, err := idx.FieldDict(index.FieldTags)
		if err != nil {
			return nil, err
		}
		var list []tagMeaning
		for {
			e, err := dict.Next()
			if err != nil {
				dict.Close()
				return nil, err
			}
			if e == nil {
				break
			}
			if m := cablesearch.LookupTag(e.Term).Meaning; m != "" {
				list = append(list, tagMeaning{code: e.Term, words: meaningWords(m)})
			}
		}
		dict.Close()
		v, _ = tagMeanings.LoadOrStore(idx, list)
	}
	var codes []string
	for _, tm := range v.([]tagMeaning) {
		if containsAll(tm.words, want) {
			codes = append(codes, tm.code)
		}
	}
	return codes, nil
}

// meaningWords splits s into folded words of letters and digits.
func meaningWords(s string) []string {
	return strings.FieldsFunc(string(analysis.Fold([]byte(s))), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func containsAll(have, want []string) bool {
	for _, w := range want {
		if !slices.Contains(have, w) {
			return false
		}
	}
	return true
}
