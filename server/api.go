package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/cablesearch/cablesearch/query"
)

// DefaultFacets are the facets /api/search counts when facets= is absent:
// those of query --json.
var DefaultFacets = []string{query.FacetOrigin, query.FacetClassification, query.FacetTags, query.FacetYear}

// Bounds of the search parameters.
const (
	// MaxFilterValues is the most values one filter parameter may list.
	MaxFilterValues = 50
	// MaxParagraphs is the most matching paragraphs per hit (paragraphs=).
	MaxParagraphs = 20
)

// paramError is a bad query parameter (answered 400).
type paramError struct{ msg string }

func (e *paramError) Error() string { return "server: " + e.msg }

func badParam(format string, args ...any) error {
	return &paramError{fmt.Sprintf(format, args...)}
}

var (
	yearRE  = regexp.MustCompile(`^[0-9]{4}$`)
	monthRE = regexp.MustCompile(`^[0-9]{4}-(0[1-9]|1[0-2])$`)
)

// intParam reads a non-negative integer parameter, def when absent.
func intParam(v url.Values, name string, def int) (int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, badParam("%s=%q: want a whole number, 0 or more", name, s)
	}
	return n, nil
}

// parseFilters reads the facet filter parameters (origin=, classification=,
// tags=, year=, month=, marking=; each may repeat).
func parseFilters(v url.Values) (map[string][]string, error) {
	filters := map[string][]string{}
	for _, name := range query.FacetNames {
		var vals []string
		for _, x := range v[name] {
			x = strings.TrimSpace(x)
			if x == "" || slices.Contains(vals, x) {
				continue
			}
			switch {
			case name == query.FacetYear && !yearRE.MatchString(x):
				return nil, badParam("year=%q: want a year like 2009", x)
			case name == query.FacetMonth && !monthRE.MatchString(x):
				return nil, badParam("month=%q: want a month like 2009-03", x)
			}
			vals = append(vals, x)
		}
		if len(vals) > MaxFilterValues {
			return nil, badParam("%s: at most %d values", name, MaxFilterValues)
		}
		if len(vals) > 0 {
			filters[name] = vals
		}
	}
	return filters, nil
}

// parseSort checks sort=.
func parseSort(v url.Values) (string, error) {
	switch s := strings.TrimSpace(v.Get("sort")); s {
	case "", query.SortRelevance, query.SortNewest, "date", query.SortOldest:
		return s, nil
	default:
		return "", badParam("sort=%q: want %s, %s or %s", s, query.SortRelevance, query.SortNewest, query.SortOldest)
	}
}

// parseFacets reads facets= (a comma-separated list; absent means
// DefaultFacets, empty means none).
func parseFacets(v url.Values) ([]string, error) {
	if _, ok := v["facets"]; !ok {
		return DefaultFacets, nil
	}
	var out []string
	for _, f := range v["facets"] {
		for _, name := range strings.Split(f, ",") {
			name = strings.ToLower(strings.TrimSpace(name))
			if name == "" || slices.Contains(out, name) {
				continue
			}
			if !slices.Contains(query.FacetNames, name) {
				return nil, badParam("facets: unknown facet %q (known: %s)", name, strings.Join(query.FacetNames, ", "))
			}
			out = append(out, name)
		}
	}
	return out, nil
}

// searchRequest reads the parameters of /api/search (and, with limits of
// its own, /api/export) into a query.Request. Page sizes above
// MaxPageSize are clamped; offsets above MaxOffset are refused. The query
// is parsed here, so that a syntax error is told apart from a failure of
// the search.
func (s *server) searchRequest(v url.Values) (query.Request, error) {
	var req query.Request
	var err error
	if req.Q, err = query.Parse(v.Get("q")); err != nil {
		return req, err
	}
	req.Query = v.Get("q")
	if req.Size, err = intParam(v, "limit", s.opts.DefaultPageSize); err != nil {
		return req, err
	}
	req.Size = min(req.Size, s.opts.MaxPageSize)
	if req.Size == 0 {
		req.Size = -1 // no hits, only the total and the facets
	}
	if req.From, err = intParam(v, "offset", 0); err != nil {
		return req, err
	}
	if req.From > s.opts.MaxOffset {
		return req, badParam("offset=%d: at most %d; narrow the query instead of paging this deep", req.From, s.opts.MaxOffset)
	}
	if req.Sort, err = parseSort(v); err != nil {
		return req, err
	}
	if req.Facets, err = parseFacets(v); err != nil {
		return req, err
	}
	if req.FacetSize, err = intParam(v, "facet_size", 0); err != nil {
		return req, err
	}
	req.FacetSize = min(req.FacetSize, s.opts.MaxFacetSize)
	if req.Filters, err = parseFilters(v); err != nil {
		return req, err
	}
	switch mode := strings.TrimSpace(v.Get("mode")); mode {
	case "", "cables":
	case "paragraphs":
		req.ParagraphMode = true
	default:
		return req, badParam("mode=%q: want cables or paragraphs", mode)
	}
	np, err := intParam(v, "paragraphs", 3)
	if err != nil {
		return req, err
	}
	req.MaxParagraphs = min(np, MaxParagraphs)
	if np == 0 {
		req.MaxParagraphs = -1
	}
	return req, nil
}

// searchResponse is the answer of /api/search: the query --json object
// plus the canonical query and the paging actually applied.
type searchResponse struct {
	*query.Result
	// Query is the query in canonical form (query.Q.String()).
	Query string `json:"query"`
	// Offset and Limit are the paging applied (limit after clamping).
	Offset int `json:"offset"`
	Limit  int `json:"limit"`
}

// search runs req under a search slot and the search timeout, through
// the result cache for pages of at most MaxPageSize hits. A Size below
// zero asks for the total and facets only.
func (s *server) search(ctx context.Context, req query.Request) (*query.Result, error) {
	countOnly := req.Size < 0
	if countOnly {
		// Ask for one hit without paragraphs and drop it.
		req.Size, req.MaxParagraphs = 1, -1
	}
	run := func() (res *query.Result, err error) {
		err = s.limited(ctx, func(ctx context.Context) error {
			res, err = query.Search(ctx, s.ix, req)
			return err
		})
		return res, err
	}
	var res *query.Result
	var err error
	if s.cache != nil && req.Size <= s.opts.MaxPageSize {
		res, err = s.cache.get(ctx, req, run)
	} else {
		res, err = run()
	}
	if err != nil {
		return nil, err
	}
	if countOnly {
		c := *res // the cached result is shared: copy before changing
		c.Hits = []query.Hit{}
		res = &c
	}
	return res, nil
}

// apiSearch answers GET /api/search.
func (s *server) apiSearch(w http.ResponseWriter, r *http.Request) {
	req, err := s.searchRequest(r.URL.Query())
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	res, err := s.search(r.Context(), req)
	if err != nil {
		s.fail(w, r, err, s.opts.Timeout)
		return
	}
	limit := req.Size
	if limit < 0 {
		limit = 0
	}
	w.Header().Set("Cache-Control", "no-cache")
	writeJSON(w, http.StatusOK, searchResponse{Result: res, Query: req.Q.String(), Offset: req.From, Limit: limit})
}

// errorStatus maps an error of a search or lookup to a status code and
// message: 400 for what the user can fix, 503 for a timeout or a full
// server, 404 for an unknown cable, 500 otherwise.
func errorStatus(err error, timeout time.Duration) (int, string) {
	var pe *paramError
	var se *query.SyntaxError
	switch {
	case errors.As(err, &pe), errors.As(err, &se):
		return http.StatusBadRequest, err.Error()
	case errors.Is(err, errBusy):
		return http.StatusServiceUnavailable, err.Error()
	case errors.Is(err, context.DeadlineExceeded):
		return http.StatusServiceUnavailable, fmt.Sprintf("server: search cut at the %s timeout; narrow the query", timeout)
	case errors.Is(err, context.Canceled):
		return http.StatusServiceUnavailable, "server: request canceled"
	case errors.Is(err, query.ErrNotFound):
		return http.StatusNotFound, err.Error()
	case errors.Is(err, query.ErrAmbiguous):
		return http.StatusBadRequest, err.Error()
	}
	return http.StatusInternalServerError, err.Error()
}

// fail answers an API error, logging server-side failures.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error, timeout time.Duration) {
	code, msg := errorStatus(err, timeout)
	if code >= 500 && !errors.Is(err, context.Canceled) {
		s.opts.Log.Printf("server: %s: %v", r.URL.RequestURI(), err)
	}
	writeError(w, code, msg)
}

// apiCable answers GET /api/cable/ID with the cable as show --json gives
// it; ID may be any citation form.
func (s *server) apiCable(w http.ResponseWriter, r *http.Request) {
	v, err := s.lookup(r.Context(), r.PathValue("id"))
	if err != nil {
		s.fail(w, r, err, s.opts.Timeout)
		return
	}
	w.Header().Set("Cache-Control", "no-cache")
	writeJSON(w, http.StatusOK, v)
}

// lookup resolves ref to a cable under a search slot.
func (s *server) lookup(ctx context.Context, ref string) (v *query.CableView, err error) {
	err = s.limited(ctx, func(ctx context.Context) error {
		v, err = query.LookupCable(ctx, s.ix, ref)
		return err
	})
	return v, err
}
