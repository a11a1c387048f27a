package query

import (
	"cmp"
	"context"
	"fmt"
	"html"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

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

// termsFacetField maps a terms facet to its index field.
var termsFacetField = map[string]string{
	FacetOrigin:         index.FieldOrigin,
	FacetClassification: index.FieldClassification,
	FacetTags:           index.FieldTags,
	FacetMarking:        index.FieldMarkings,
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
}

// Result is the answer to a Request. Its JSON form is the query --json
// contract of the command line.
type Result struct {
	Total  uint64                  `json:"total"`
	Hits   []Hit                   `json:"hits"`
	Facets map[string][]FacetValue `json:"facets,omitempty"`
	// Took is the time the search took.
	Took time.Duration `json:"took_ns"`
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

// stored fields read for each hit.
// The paragraph fields come last so that a prefix can leave them out.
var hitFields = []string{
	index.FieldSubject, index.FieldOrigin, index.FieldClassification, index.FieldCreated,
	index.FieldParas, index.FieldParaNums, index.FieldParaMarks,
}

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
	opt := ToBleveOptions{References: func(id string) ([]string, error) {
		c, err := idx.Cable(id)
		if err != nil || c == nil {
			return nil, err
		}
		return c.References, nil
	}}
	opt.TagsByMeaning = func(words string) ([]string, error) { return tagsByMeaning(idx, words) }
	base, err := ToBleve(q, opt)
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

	sr := bleve.NewSearchRequestOptions(withFilters(""), req.Size, req.From, false)
	sr.Fields = hitFields
	if req.MaxParagraphs < 0 {
		sr.Fields = hitFields[:4] // no paragraph texts to load
	}
	sr.IncludeLocations = req.MaxParagraphs > 0
	switch req.Sort {
	case "", SortRelevance:
		sr.SortByCustom(search.SortOrder{&search.SortScore{Desc: true}, &search.SortDocID{}})
	case SortNewest, "date":
		sr.SortByCustom(search.SortOrder{
			&search.SortField{Field: index.FieldCreated, Desc: true, Type: search.SortFieldAsDate, Missing: search.SortFieldMissingLast},
			&search.SortDocID{},
		})
	case SortOldest:
		sr.SortByCustom(search.SortOrder{
			&search.SortField{Field: index.FieldCreated, Type: search.SortFieldAsDate, Missing: search.SortFieldMissingLast},
			&search.SortDocID{},
		})
	default:
		return nil, fmt.Errorf("query: unknown sort %q (want %s, %s or %s)", req.Sort, SortRelevance, SortNewest, SortOldest)
	}
	// Terms facets without a filter of their own ride on the main search.
	for _, name := range req.Facets {
		if field, ok := termsFacetField[name]; ok && filters[name] == nil {
			sr.AddFacet(name, bleve.NewFacetRequest(field, req.FacetSize))
		}
	}
	res, err := idx.SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("query: search: %w", err)
	}
	out := &Result{Total: res.Total, Hits: make([]Hit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, makeHit(h, req))
	}
	if len(req.Facets) > 0 {
		out.Facets = map[string][]FacetValue{}
	}
	for _, name := range req.Facets {
		var vals []FacetValue
		var err error
		switch name {
		case FacetYear, FacetMonth:
			vals, err = dateFacet(ctx, idx, withFilters(name), name, req.MaxMonths)
		default:
			fr := res.Facets[name]
			if fr == nil {
				// Disjunctive: count without this facet's own filter.
				fsr := bleve.NewSearchRequestOptions(withFilters(name), 0, 0, false)
				fsr.AddFacet(name, bleve.NewFacetRequest(termsFacetField[name], req.FacetSize))
				fres, ferr := idx.SearchInContext(ctx, fsr)
				if ferr != nil {
					return nil, fmt.Errorf("query: facet %s: %w", name, ferr)
				}
				fr = fres.Facets[name]
			}
			vals = termValues(fr)
		}
		if err != nil {
			return nil, err
		}
		out.Facets[name] = vals
	}
	out.Took = time.Since(start)
	return out, nil
}

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

// facetFilter builds the bleve filter for selected facet values.
func facetFilter(name string, values []string) (bleveQuery, error) {
	if field, ok := termsFacetField[name]; ok {
		if name != FacetOrigin {
			up := make([]string, len(values))
			for i, v := range values {
				up[i] = strings.ToUpper(v)
			}
			values = up
		}
		return termsFilter(field, values), nil
	}
	if name != FacetYear && name != FacetMonth {
		return nil, fmt.Errorf("query: unknown facet %q (known: %s)", name, strings.Join(FacetNames, ", "))
	}
	ranges := make([][2]time.Time, 0, len(values))
	for _, v := range values {
		lo, hi, err := parseDate(v, 0)
		if err != nil || (name == FacetYear) != (len(v) == 4) || (name == FacetMonth) != (len(v) == 7) {
			return nil, fmt.Errorf("query: %s filter %q: want %s", name, v, map[string]string{FacetYear: "a year like 2009", FacetMonth: "a month like 2009-03"}[name])
		}
		ranges = append(ranges, [2]time.Time{lo, hi})
	}
	return datesFilter(index.FieldCreated, ranges), nil
}

// dateFacet counts cables per year or month of their created date,
// oldest first, leaving out empty buckets. The span is found first from
// the oldest and newest matching cable.
func dateFacet(ctx context.Context, idx *index.Index, q bleveQuery, name string, maxMonths int) ([]FacetValue, error) {
	vals := []FacetValue{}
	edge := func(desc bool) (time.Time, error) {
		sr := bleve.NewSearchRequestOptions(q, 1, 0, false)
		sr.Score = "none"
		sr.Fields = []string{index.FieldCreated}
		sr.SortByCustom(search.SortOrder{&search.SortField{Field: index.FieldCreated, Desc: desc, Type: search.SortFieldAsDate, Missing: search.SortFieldMissingLast}})
		res, err := idx.SearchInContext(ctx, sr)
		if err != nil || len(res.Hits) == 0 {
			return time.Time{}, err
		}
		s, _ := res.Hits[0].Fields[index.FieldCreated].(string)
		t, _ := time.Parse(time.RFC3339, s)
		return t.UTC(), nil
	}
	first, err := edge(false)
	if err != nil {
		return nil, fmt.Errorf("query: facet %s: %w", name, err)
	}
	last, err := edge(true)
	if err != nil {
		return nil, fmt.Errorf("query: facet %s: %w", name, err)
	}
	if first.IsZero() || last.IsZero() {
		return vals, nil
	}
	fr := bleve.NewFacetRequest(index.FieldCreated, 0)
	if name == FacetYear {
		for y := first.Year(); y <= last.Year(); y++ {
			fr.AddDateTimeRange(fmt.Sprint(y), time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC))
		}
	} else {
		m := time.Date(last.Year(), last.Month(), 1, 0, 0, 0, 0, time.UTC)
		lo := time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC)
		for n := 0; n < maxMonths && !m.Before(lo); n++ {
			fr.AddDateTimeRange(m.Format("2006-01"), m, m.AddDate(0, 1, 0))
			m = m.AddDate(0, -1, 0)
		}
	}
	fr.Size = len(fr.DateTimeRanges)
	sr := bleve.NewSearchRequestOptions(q, 0, 0, false)
	sr.AddFacet(name, fr)
	res, err := idx.SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("query: facet %s: %w", name, err)
	}
	if f := res.Facets[name]; f != nil {
		for _, d := range f.DateRanges {
			if d.Count > 0 {
				vals = append(vals, FacetValue{Value: d.Name, Count: d.Count})
			}
		}
	}
	sort.Slice(vals, func(i, j int) bool { return vals[i].Value < vals[j].Value })
	return vals, nil
}

// makeHit reads the stored fields and paragraph matches of a bleve hit.
func makeHit(h *search.DocumentMatch, req Request) Hit {
	hit := Hit{ID: h.ID, Score: h.Score, Paragraphs: []ParagraphHit{}}
	hit.Subject, _ = h.Fields[index.FieldSubject].(string)
	hit.Origin, _ = h.Fields[index.FieldOrigin].(string)
	hit.Classification, _ = h.Fields[index.FieldClassification].(string)
	if s, ok := h.Fields[index.FieldCreated].(string); ok {
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			hit.Created = t.UTC()
		}
	}
	if req.MaxParagraphs <= 0 {
		return hit
	}
	paras := storedStrings(h.Fields[index.FieldParas])
	nums := storedFloats(h.Fields[index.FieldParaNums])
	marks := storedStrings(h.Fields[index.FieldParaMarks])

	// Matches per paragraph: byte ranges and the distinct terms.
	type para struct {
		i      int
		ranges [][2]int
		terms  int
	}
	byPara := map[int]*para{}
	for term, locs := range h.Locations[index.FieldParas] {
		seen := map[int]bool{}
		for _, l := range locs {
			if len(l.ArrayPositions) == 0 {
				continue
			}
			i := int(l.ArrayPositions[0])
			if i < 0 || i >= len(paras) {
				continue
			}
			p := byPara[i]
			if p == nil {
				p = &para{i: i}
				byPara[i] = p
			}
			p.ranges = append(p.ranges, [2]int{int(l.Start), int(l.End)})
			if !seen[i] {
				seen[i] = true
				p.terms++
			}
		}
		_ = term
	}
	list := make([]*para, 0, len(byPara))
	for _, p := range byPara {
		list = append(list, p)
	}
	slices.SortFunc(list, func(a, b *para) int {
		if c := cmp.Compare(b.terms, a.terms); c != 0 {
			return c
		}
		if c := cmp.Compare(len(b.ranges), len(a.ranges)); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	})
	if len(list) > req.MaxParagraphs {
		list = list[:req.MaxParagraphs]
	}
	for _, p := range list {
		ph := ParagraphHit{Snippet: Snippet(paras[p.i], p.ranges, req.SnippetBytes)}
		if p.i < len(nums) {
			ph.N = int(nums[p.i])
		}
		if p.i < len(marks) {
			ph.Marking = marks[p.i]
		}
		hit.Paragraphs = append(hit.Paragraphs, ph)
	}
	return hit
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
// with "…".
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
	return strings.TrimSpace(b.String())
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
