package server

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/query"
)

// pageFacets are the terms facets of the web page, in display order, with
// their headings.
var pageFacets = []struct{ Name, Title string }{
	{query.FacetClassification, "Classification"},
	{query.FacetOrigin, "Origin"},
	{query.FacetTags, "TAGS"},
	{query.FacetMarking, "Paragraph marking"},
}

// pageFacetSize is the number of values shown per facet.
const pageFacetSize = 12

// parseTemplates parses the page templates of assets/templates: each page
// is its own template set sharing layout.html.
func parseTemplates() map[string]*template.Template {
	funcs := template.FuncMap{
		"comma": comma,
		"date": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.UTC().Format("2006-01-02")
		},
		"datetime": func(t time.Time) string {
			if t.IsZero() {
				return ""
			}
			return t.UTC().Format("2006-01-02 15:04 UTC")
		},
	}
	m := map[string]*template.Template{}
	for _, name := range []string{"search", "cable", "error"} {
		m[name] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(assets,
			"assets/templates/layout.html", "assets/templates/"+name+".html"))
	}
	return m
}

// render executes page template name with data into a buffer first, so
// that a template failure is a clean 500 rather than half a page.
func (s *server) render(w http.ResponseWriter, code int, name string, data any) {
	var b bytes.Buffer
	if err := s.tmpl[name].Execute(&b, data); err != nil {
		s.opts.Log.Printf("server: render %s: %v", name, err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(code)
	w.Write(b.Bytes())
}

// errorPage is the data of error.html.
type errorPage struct {
	Title   string
	Q       string
	Status  int
	Message string
}

// pageError renders the error page.
func (s *server) pageError(w http.ResponseWriter, r *http.Request, code int, msg string) {
	s.render(w, code, "error", errorPage{Title: http.StatusText(code), Status: code, Message: msg})
}

// comma writes n with thousands separators: 251,287.
func comma(n any) string {
	var s string
	switch n := n.(type) {
	case int:
		s = strconv.Itoa(n)
	case uint64:
		s = strconv.FormatUint(n, 10)
	default:
		s = fmt.Sprint(n)
	}
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// safeSnippet makes a query snippet safe to insert as HTML: every piece of
// text between the <mark> and </mark> tags is unescaped and escaped again,
// so that whatever the snippet holds, the only markup that comes through
// is balanced <mark> elements.
func safeSnippet(s string) template.HTML {
	var b strings.Builder
	open := false
	for s != "" {
		i := strings.Index(s, "<")
		if i < 0 {
			i = len(s)
		}
		b.WriteString(html.EscapeString(html.UnescapeString(s[:i])))
		s = s[i:]
		switch {
		case strings.HasPrefix(s, "<mark>"):
			if !open {
				b.WriteString("<mark>")
				open = true
			}
			s = s[len("<mark>"):]
		case strings.HasPrefix(s, "</mark>"):
			if open {
				b.WriteString("</mark>")
				open = false
			}
			s = s[len("</mark>"):]
		case s != "":
			b.WriteString("&lt;")
			s = s[1:]
		}
	}
	if open {
		b.WriteString("</mark>")
	}
	return template.HTML(b.String())
}

// pageState is everything the search page shows, as its URL says it:
// /?q=...&sort=...&page=N&origin=...&tags=...&year=...&month=...
type pageState struct {
	Q       string
	Sort    string
	Page    int
	Filters map[string][]string
}

// parseState reads the search page's URL.
func parseState(v url.Values) (pageState, error) {
	st := pageState{Q: v.Get("q"), Page: 1}
	var err error
	if st.Sort, err = parseSort(v); err != nil {
		return st, err
	}
	if st.Sort == "date" {
		st.Sort = query.SortNewest
	}
	if p, err := intParam(v, "page", 1); err != nil {
		return st, err
	} else if p > 1 {
		st.Page = p
	}
	st.Filters, err = parseFilters(v)
	return st, err
}

// values encodes the state; page 1 and relevance order are left out.
func (st pageState) values() url.Values {
	v := url.Values{}
	if st.Q != "" {
		v.Set("q", st.Q)
	}
	if st.Sort != "" && st.Sort != query.SortRelevance {
		v.Set("sort", st.Sort)
	}
	for _, name := range query.FacetNames {
		for _, x := range st.Filters[name] {
			v.Add(name, x)
		}
	}
	if st.Page > 1 {
		v.Set("page", strconv.Itoa(st.Page))
	}
	return v
}

// URL gives the page's address.
func (st pageState) URL() string {
	if e := st.values().Encode(); e != "" {
		return "/?" + e
	}
	return "/"
}

// clone copies st with its own filter map, back at page 1.
func (st pageState) clone() pageState {
	c := st
	c.Page = 1
	c.Filters = map[string][]string{}
	for k, v := range st.Filters {
		c.Filters[k] = slices.Clone(v)
	}
	return c
}

// toggle selects value of facet, or unselects it when selected. Changing
// the years drops the months.
func (st pageState) toggle(facet, value string) pageState {
	c := st.clone()
	vals := c.Filters[facet]
	if i := slices.Index(vals, value); i >= 0 {
		vals = slices.Delete(vals, i, i+1)
	} else {
		vals = append(vals, value)
	}
	if len(vals) == 0 {
		delete(c.Filters, facet)
	} else {
		c.Filters[facet] = vals
	}
	if facet == query.FacetYear {
		delete(c.Filters, query.FacetMonth)
	}
	return c
}

// without drops every value of facet (and the months with the years).
func (st pageState) without(facet string) pageState {
	c := st.clone()
	delete(c.Filters, facet)
	if facet == query.FacetYear {
		delete(c.Filters, query.FacetMonth)
	}
	return c
}

// searchPage is the data of search.html.
type searchPage struct {
	Title    string
	Q        string
	Sort     string
	State    pageState
	Hidden   []hiddenField // filters carried by the search form
	Searched bool
	Error    string
	Total    uint64
	First    int
	Last     int
	Took     string
	Hits     []hitView
	Chips    []chip
	Facets   []facetView
	Years    *histogram
	Months   *histogram
	PrevURL  string
	NextURL  string
	FirstURL string
	PageNo   int
	Pages    int
	CSVURL   string
	JSONLURL string
	ClearURL string
}

type hiddenField struct{ Name, Value string }

// chip is a selected filter value with the link that removes it.
type chip struct {
	Facet, Value, RemoveURL string
}

type hitView struct {
	ID             string
	URL            string
	Subject        string
	Origin         string
	Classification string
	Created        time.Time
	Paragraphs     []paraHitView
}

type paraHitView struct {
	N       int
	Marking string
	URL     string
	Snippet template.HTML
}

type facetView struct {
	Name, Title string
	Values      []facetValueView
	ClearURL    string
}

type facetValueView struct {
	Value    string
	Label    string // tooltip: the meaning of a TAGS code
	Count    int
	Selected bool
	URL      string
}

// histogram is the year or month bar chart: one bar per period between
// the first and the last with cables, empty ones included.
type histogram struct {
	Title    string
	Facet    string
	Bars     []bar
	Max      int
	ClearURL string
}

type bar struct {
	Value    string // 2009, 2009-03
	Label    string // shown under the bar (every few bars)
	Count    int
	Height   int // 0..20, twentieths of the tallest bar
	Selected bool
	URL      string
	// End marks the label of the first or last bar, hidden on narrow
	// screens when other labels are shown.
	End bool
}

// pageSearch renders GET /.
func (s *server) pageSearch(w http.ResponseWriter, r *http.Request) {
	st, err := parseState(r.URL.Query())
	p := searchPage{Title: "cablesearch", Q: st.Q, Sort: st.Sort, State: st, ClearURL: "/"}
	if err != nil {
		p.Error = err.Error()
		s.render(w, http.StatusBadRequest, "search", p)
		return
	}
	p.ClearURL = pageState{Q: st.Q, Sort: st.Sort}.URL()
	for _, name := range query.FacetNames {
		for _, v := range st.Filters[name] {
			p.Hidden = append(p.Hidden, hiddenField{name, v})
			p.Chips = append(p.Chips, chip{name, v, st.toggle(name, v).URL()})
		}
	}
	if st.Q != "" {
		p.Title = st.Q + " · cablesearch"
	}
	size := s.opts.PageSize
	maxPage := s.opts.MaxOffset/size + 1
	if st.Page > maxPage {
		p.Error = fmt.Sprintf("server: page %d: at most %d pages; narrow the query", st.Page, maxPage)
		s.render(w, http.StatusBadRequest, "search", p)
		return
	}
	req := query.Request{
		Query: st.Q, From: (st.Page - 1) * size, Size: size, Sort: st.Sort,
		Facets:    []string{query.FacetClassification, query.FacetOrigin, query.FacetTags, query.FacetMarking, query.FacetYear},
		FacetSize: pageFacetSize, Filters: st.Filters,
	}
	if years := st.Filters[query.FacetYear]; len(years) == 1 {
		req.Facets = append(req.Facets, query.FacetMonth)
	}
	if req.Q, err = query.Parse(st.Q); err != nil {
		p.Error = err.Error()
		s.render(w, http.StatusBadRequest, "search", p)
		return
	}
	res, err := s.search(r.Context(), req)
	if err != nil {
		code, msg := errorStatus(err, s.opts.Timeout)
		if code >= 500 && !errors.Is(err, context.Canceled) {
			s.opts.Log.Printf("server: %s: %v", r.URL.RequestURI(), err)
		}
		p.Error = msg
		s.render(w, code, "search", p)
		return
	}
	p.Searched = true
	p.Total = res.Total
	p.Took = res.Took.Round(time.Millisecond).String()
	if res.Took < time.Millisecond {
		p.Took = "<1ms"
	}
	p.First = req.From + 1
	p.Last = req.From + len(res.Hits)
	for _, h := range res.Hits {
		hv := hitView{ID: h.ID, URL: "/cable/" + url.PathEscape(h.ID), Subject: h.Subject, Origin: h.Origin,
			Classification: h.Classification, Created: h.Created}
		for _, ph := range h.Paragraphs {
			hv.Paragraphs = append(hv.Paragraphs, paraHitView{N: ph.N, Marking: ph.Marking,
				URL: hv.URL + "#p" + strconv.Itoa(ph.N), Snippet: safeSnippet(ph.Snippet)})
		}
		p.Hits = append(p.Hits, hv)
	}
	for _, f := range pageFacets {
		p.Facets = append(p.Facets, makeFacet(st, f.Name, f.Title, res.Facets[f.Name]))
	}
	p.Years = yearHistogram(st, res.Facets[query.FacetYear])
	if months, ok := res.Facets[query.FacetMonth]; ok {
		p.Months = monthHistogram(st, st.Filters[query.FacetYear][0], months)
	}
	// Paging.
	total := int(min(res.Total, uint64(s.opts.MaxOffset+size)))
	p.PageNo, p.Pages = st.Page, (total+size-1)/size
	first := st
	first.Page = 1
	p.FirstURL = first.URL()
	if st.Page > 1 {
		prev := st
		prev.Page--
		p.PrevURL = prev.URL()
	}
	if st.Page < p.Pages {
		next := st
		next.Page++
		p.NextURL = next.URL()
	}
	ev := st.values()
	ev.Del("page")
	ev.Set("format", FormatCSV)
	p.CSVURL = "/api/export?" + ev.Encode()
	ev.Set("format", FormatJSONL)
	p.JSONLURL = "/api/export?" + ev.Encode()
	s.render(w, http.StatusOK, "search", p)
}

// makeFacet builds one facet box: the counted values, plus any selected
// value that did not make the list.
func makeFacet(st pageState, name, title string, vals []query.FacetValue) facetView {
	f := facetView{Name: name, Title: title}
	sel := st.Filters[name]
	if len(sel) > 0 {
		f.ClearURL = st.without(name).URL()
	}
	seen := map[string]bool{}
	add := func(value string, count int) {
		fv := facetValueView{Value: value, Count: count, Selected: slices.Contains(sel, value), URL: st.toggle(name, value).URL()}
		if name == query.FacetTags {
			fv.Label = cablesearch.LookupTag(value).Meaning
		}
		f.Values = append(f.Values, fv)
		seen[value] = true
	}
	for _, v := range vals {
		add(v.Value, v.Count)
	}
	for _, v := range sel {
		if !seen[v] {
			add(v, 0)
		}
	}
	return f
}

// yearHistogram fills the years between the first and the last counted.
func yearHistogram(st pageState, vals []query.FacetValue) *histogram {
	h := &histogram{Title: "Cables by year", Facet: query.FacetYear}
	if len(st.Filters[query.FacetYear]) > 0 {
		h.ClearURL = st.without(query.FacetYear).URL()
	}
	counts := map[int]int{}
	lo, hi := 0, 0
	for _, v := range vals {
		y, err := strconv.Atoi(v.Value)
		if err != nil {
			continue
		}
		counts[y] = v.Count
		if lo == 0 || y < lo {
			lo = y
		}
		hi = max(hi, y)
	}
	for _, y := range st.Filters[query.FacetYear] {
		if n, err := strconv.Atoi(y); err == nil && lo != 0 {
			lo, hi = min(lo, n), max(hi, n)
		}
	}
	if lo == 0 {
		return h
	}
	step := 1
	if hi-lo >= 12 {
		step = 5
	}
	for y := lo; y <= hi; y++ {
		v := strconv.Itoa(y)
		b := bar{Value: v, Count: counts[y], Selected: slices.Contains(st.Filters[query.FacetYear], v), URL: st.toggle(query.FacetYear, v).URL()}
		if y == lo || y == hi || (y%step == 0 && y-lo >= step/2+1 && hi-y >= step/2+1) {
			b.Label = v
			b.End = step > 1 && (y == lo || y == hi)
		}
		h.Bars = append(h.Bars, b)
	}
	scale(h)
	return h
}

// monthHistogram shows the twelve months of year.
func monthHistogram(st pageState, year string, vals []query.FacetValue) *histogram {
	h := &histogram{Title: "Cables by month of " + year, Facet: query.FacetMonth}
	if len(st.Filters[query.FacetMonth]) > 0 {
		h.ClearURL = st.without(query.FacetMonth).URL()
	}
	counts := map[string]int{}
	for _, v := range vals {
		counts[v.Value] = v.Count
	}
	for m := 1; m <= 12; m++ {
		v := fmt.Sprintf("%s-%02d", year, m)
		h.Bars = append(h.Bars, bar{Value: v, Label: time.Month(m).String()[:3], Count: counts[v],
			Selected: slices.Contains(st.Filters[query.FacetMonth], v), URL: st.toggle(query.FacetMonth, v).URL()})
	}
	scale(h)
	return h
}

// scale sets the bar heights in twentieths of the tallest; a bar with
// cables is at least one twentieth tall.
func scale(h *histogram) {
	for _, b := range h.Bars {
		h.Max = max(h.Max, b.Count)
	}
	for i := range h.Bars {
		if h.Max > 0 && h.Bars[i].Count > 0 {
			h.Bars[i].Height = max(1, (h.Bars[i].Count*20+h.Max/2)/h.Max)
		}
	}
}
