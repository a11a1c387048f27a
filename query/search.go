package query

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode"

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
	sr := bleve.NewSearchRequestOptions(narrow(withFilters("")), size, from, false)
	// Term locations: with them bleve would build the locations of every
	// matching cable, not just of the page, so the main search goes
	// without them (and without the paragraph texts) and withLocations
	// adds them to the page (or to the paragraph-mode window) afterwards
	// -- unless every word to show is in a phrase and the flat executor
	// is off: bleve's phrase searcher reads the locations anyway to
	// match. The flat executor matches the phrase from the positions
	// alone (twice as fast), and matching it again on the page's cables
	// costs next to nothing.
	sr.Fields = metaFields
	if req.ParagraphMode {
		sr.Fields = nil // rankParagraphs loads the cables it needs
	}
	phrases, words := highlighted(q)
	// A query without words to highlight (fields, dates, IDs) has no
	// matching paragraphs: no locations to ask for.
	locations := (req.ParagraphMode || req.MaxParagraphs > 0) && phrases+words > 0
	onePass := locations && onlyPhrases(phrases, words) && !flatQueries
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
	// The page's stored fields are read after the search, from the hits'
	// segments (loadFields), not by bleve.
	load := sr.Fields
	if directFields {
		sr.Fields = nil
	}
	// Ranked by score without facets: the flat executor's own top N,
	// when it handles the query; bleve otherwise.
	var res *bleve.SearchResult
	if flatQueries && directFields && len(sr.Facets) == 0 && !sr.IncludeLocations && (req.Sort == "" || req.Sort == SortRelevance) {
		var ok bool
		if res, ok, err = flatTop(ctx, idx, sr.Query, sr.Size, sr.From); err != nil {
			return nil, fmt.Errorf("query: search: %w", err)
		} else if !ok {
			res = nil
		}
	}
	if res == nil {
		if res, err = idx.SearchInContext(ctx, sr); err != nil {
			return nil, fmt.Errorf("query: search: %w", err)
		}
	}
	if directFields {
		if err := loadFields(idx, res.Hits, load); err != nil {
			return nil, err
		}
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
// segment per candidate, skipped for candidates whose first two bytes
// begin no term of the field (hasPrefix: a yearless citation's hundred
// candidates 00X to 99X are then the forty-odd years the index has).
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
		if len(c) >= 2 {
			has, err := hasPrefix(idx, field, c[:2])
			if err != nil {
				return nil, err
			}
			if !has {
				continue
			}
		}
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

// termPrefixes caches, per open index, field and two-byte prefix,
// whether some term of the field starts with the prefix (an index is
// read-only once open; at most a few hundred entries per index, never
// dropped, as tagMeanings).
var termPrefixes sync.Map // prefixKey -> bool

type prefixKey struct {
	idx           *index.Index
	field, prefix string
}

// hasPrefix reports whether field holds a term starting with prefix in
// idx (termPrefixes).
func hasPrefix(idx *index.Index, field, prefix string) (bool, error) {
	key := prefixKey{idx, field, prefix}
	if v, ok := termPrefixes.Load(key); ok {
		return v.(bool), nil
	}
	d, err := idx.FieldDictPrefix(field, []byte(prefix))
	if err != nil {
		return false, err
	}
	e, err := d.Next()
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return false, err
	}
	termPrefixes.Store(key, e != nil)
	return e != nil, nil
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
