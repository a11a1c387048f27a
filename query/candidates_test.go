package query

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/cablesearch/cablesearch/index"
)

// narrowCases are requests whose results must not change when the
// candidate sets narrow the search: conjunctions of words, filters,
// dates, phrases, negations, ORs under ANDs, facets and filters, sorts,
// paging and paragraph mode.
func narrowCases(queries []string) []Request {
	extra := []string{
		"sanctions origin:moscow", "nuclear iran class:SECRET", "embassy created:2008..2010",
		"the embassy -tag:PREL", `"human rights" origin:moscow`, "(gas OR oil) embassy",
		"gas OR (oil embassy)", "minister created:2009-03..2009-06", "tag:PREL embassy",
		`"the embassy" class:CONFIDENTIAL`, "visa consulate", "terrorism border police",
		"-embassy minister", "embassy -created:2009", "iran nuclear -\"human rights\"",
	}
	var reqs []Request
	for _, q := range append(queries, extra...) {
		reqs = append(reqs,
			Request{Query: q, Size: 20},
			Request{Query: q, Size: 5, From: 5, Sort: SortNewest, Facets: FacetNames},
			Request{Query: q, ParagraphMode: true, Size: 10},
			Request{Query: q, Facets: []string{FacetOrigin, FacetYear}, Filters: map[string][]string{FacetClassification: {"CONFIDENTIAL", "SECRET"}}},
		)
	}
	return reqs
}

// compareNarrowed runs each request with and without candidate sets and
// fails on any difference (hits, scores, paragraphs, snippets, facets,
// totals).
func compareNarrowed(t *testing.T, ix *index.Index, reqs []Request) {
	t.Helper()
	flatQueries = false
	defer func() { flatQueries = true }()
	compareModes(t, ix, reqs, true, func(on bool) { narrowQueries = on })
}

// compareModes runs each request with a mode on and off (set) and fails
// on any difference; with relaxPhrases, requests with a phrase under a
// conjunction are compared on totals and facets only (see below).
func compareModes(t *testing.T, ix *index.Index, reqs []Request, relaxPhrases bool, set func(on bool)) {
	t.Helper()
	defer set(true)
	ctx := context.Background()
	run := func(on bool, req Request) string {
		set(on)
		res, err := Search(ctx, ix, req)
		if err != nil {
			return "error: " + err.Error()
		}
		res.Took = 0
		b, err := json.Marshal(res)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, req := range reqs {
		want, got := run(false, req), run(true, req)
		if relaxPhrases && phraseUnderAnd(req) {
			// bleve's boolean searcher, advanced by a conjunction, can
			// lose the match of its should clause (the summary and comment
			// of a phrase) on an index of several segments: without the
			// candidate sets "human rights" minister scored
			// 00TASHKENT4223 without its summary's match. The candidate
			// sets step the conjunction onto fewer documents and keep it;
			// so these requests are compared on totals and facets only
			// (RELIABILITY.md, known problem 7).
			got, want = totalsAndFacets(t, got), totalsAndFacets(t, want)
		}
		if got != want {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			from := max(0, i-200)
			t.Errorf("%+v: from byte %d:\nnarrowed %.400s\nplain    %.400s", req, i, got[from:], want[from:])
		}
	}
}

func TestNarrowSameResults(t *testing.T) {
	t.Run("sample", func(t *testing.T) {
		compareNarrowed(t, sampleIndex(t), narrowCases(sampleQueries(t)))
	})
	t.Run("segments", func(t *testing.T) {
		ix := segmentedIndex(t)
		t.Logf("%d segments", len(snapshot(t, ix).Segments()))
		compareNarrowed(t, ix, narrowCases(sampleQueries(t)))
	})
	t.Run("external", func(t *testing.T) {
		ix := externalIndex(t)
		compareNarrowed(t, ix, narrowCases(sampleQueries(t)))
	})
}

// phraseUnderAnd reports whether req has a phrase that a conjunction
// advances: a phrase among other clauses, or with filters.
func phraseUnderAnd(req Request) bool {
	q, err := Parse(req.Query)
	if err != nil {
		return false
	}
	var phrase func(q Q) bool
	phrase = func(q Q) bool {
		switch n := q.(type) {
		case *Phrase:
			return true
		case *And:
			return slices.ContainsFunc(n.Children, phrase)
		case *Or:
			return slices.ContainsFunc(n.Children, phrase)
		case *Not:
			return phrase(n.Child)
		}
		return false
	}
	_, and := q.(*And)
	return phrase(q) && (and || len(req.Filters) > 0)
}

// totalsAndFacets keeps the total and facets of a result's JSON.
func totalsAndFacets(t *testing.T, res string) string {
	t.Helper()
	if strings.HasPrefix(res, "error: ") {
		return res
	}
	var r struct {
		Total           uint64          `json:"total"`
		Facets          json.RawMessage `json:"facets"`
		ParagraphCables int             `json:"paragraph_cables"`
	}
	if err := json.Unmarshal([]byte(res), &r); err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
