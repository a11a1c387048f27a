package main

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/query"
)

// Query classes, in report order.
const (
	ClassWord         = "word"
	ClassAnd          = "and"
	ClassOr           = "or"
	ClassPhraseRare   = "phrase-rare"
	ClassPhraseCommon = "phrase-common"
	ClassFilter       = "field-filter"
	ClassDate         = "date-range"
	ClassFacets       = "facets"
	ClassParagraphs   = "paragraphs"
	ClassID           = "id-lookup"
)

// Classes lists the query classes in report order.
var Classes = []string{ClassWord, ClassAnd, ClassOr, ClassPhraseRare, ClassPhraseCommon, ClassFilter, ClassDate, ClassFacets, ClassParagraphs, ClassID}

// BenchQuery is one benchmark query: the peer form (the fields the
// Lucene and SQLite runners read, as in ../shared/bench/queries.jsonl)
// and how cablesearch runs it.
type BenchQuery struct {
	ID    string   `json:"id"`
	Class string   `json:"class"`
	Type  string   `json:"type"` // term, and, or, phrase, id
	Terms []string `json:"terms"`
	// Filters, as the peers take them.
	Origin         string `json:"origin,omitempty"`
	Classification string `json:"classification,omitempty"`
	YearFrom       int    `json:"year_from,omitempty"`
	YearTo         int    `json:"year_to,omitempty"`
	// Facets asks for the top 10 origins, classifications, tags and
	// years of all hits (1) as well as the top 10 hits.
	Facets int `json:"facets,omitempty"`

	// Ours is the cablesearch query text when it is not derived from
	// Type and Terms (citation forms).
	Ours string `json:"-"`
	// Paragraphs asks cablesearch for the matching paragraphs with
	// snippets (3 per hit); other queries ask for none, so that every
	// engine does top 10 plus an exact count.
	Paragraphs bool `json:"-"`
}

// OursRequest returns the cablesearch request of q.
func (q BenchQuery) OursRequest() query.Request {
	req := query.Request{Size: 10, MaxParagraphs: -1}
	if q.Paragraphs {
		req.MaxParagraphs = 3
	}
	var parts []string
	if q.Ours != "" {
		parts = append(parts, q.Ours)
	} else {
		switch q.Type {
		case "phrase":
			parts = append(parts, `"`+strings.Join(q.Terms, " ")+`"`)
		case "or":
			parts = append(parts, strings.Join(q.Terms, " OR "))
		case "id":
			parts = append(parts, "id:"+q.Terms[0])
		default:
			parts = append(parts, q.Terms...)
		}
	}
	if q.Origin != "" {
		parts = append(parts, fmt.Sprintf("origin:%q", q.Origin))
	}
	if q.YearFrom > 0 {
		parts = append(parts, fmt.Sprintf("created:%d..%d", q.YearFrom, q.YearTo))
	}
	if q.Classification != "" {
		// The whole marking, exactly, as the peers compare it (class:
		// with a level name would also take the NOFORN variants).
		req.Filters = map[string][]string{query.FacetClassification: {q.Classification}}
	}
	if q.Facets != 0 {
		req.Facets = []string{query.FacetOrigin, query.FacetClassification, query.FacetTags, query.FacetYear}
	}
	req.Query = strings.Join(parts, " ")
	return req
}

// PeerJSON is the JSON line of q for the peer runners.
func (q BenchQuery) PeerJSON() string {
	b, _ := json.Marshal(q)
	return string(b)
}

// DefaultQueries returns the query set: the shared queries.jsonl (words
// from rare to stop words, AND, OR, phrases, filters) grouped into the
// classes, plus date ranges, facets, paragraph hits and ID lookups in
// citation forms of ids (canonical IDs present in the corpus).
func DefaultQueries(ids []string) []BenchQuery {
	w := func(id, class, typ string, terms ...string) BenchQuery {
		return BenchQuery{ID: id, Class: class, Type: typ, Terms: terms}
	}
	qs := []BenchQuery{
		w("term_common", ClassWord, "term", "the"),
		w("term_embassy", ClassWord, "term", "embassy"),
		w("term_sanctions", ClassWord, "term", "sanctions"),
		w("term_hizballah", ClassWord, "term", "hizballah"),
		w("term_mutex", ClassWord, "term", "mutex"),
		w("term_rare", ClassWord, "term", "trampoline"),
		w("and_nuclear_iran", ClassAnd, "and", "nuclear", "iran"),
		w("and_sanctions_oil", ClassAnd, "and", "sanctions", "oil"),
		w("and_visa_consulate", ClassAnd, "and", "visa", "consulate"),
		w("and_the_embassy", ClassAnd, "and", "the", "embassy"),
		w("and3", ClassAnd, "and", "terrorism", "border", "police"),
		w("or_nuclear_sanctions", ClassOr, "or", "nuclear", "sanctions"),
		w("or_hamas_hizballah", ClassOr, "or", "hamas", "hizballah"),
		w("or3", ClassOr, "or", "ceasefire", "insurgents", "militia"),
		w("phrase_nuclear_negotiations", ClassPhraseRare, "phrase", "nuclear", "negotiations"),
		w("phrase_human_rights", ClassPhraseRare, "phrase", "human", "rights"),
		w("phrase_prime_minister", ClassPhraseRare, "phrase", "prime", "minister"),
		w("phrase_the_embassy", ClassPhraseCommon, "phrase", "the", "embassy"),
		w("phrase_of_the", ClassPhraseCommon, "phrase", "of", "the"),
		w("phrase_in_the", ClassPhraseCommon, "phrase", "in", "the"),
	}
	f := w("filt_origin", ClassFilter, "and", "sanctions")
	f.Origin = "Embassy Ankara"
	qs = append(qs, f)
	f = w("filt_class", ClassFilter, "and", "nuclear", "iran")
	f.Classification = "SECRET"
	qs = append(qs, f)
	f = w("filt_all", ClassFilter, "and", "embassy")
	f.Origin, f.Classification, f.YearFrom, f.YearTo = "Embassy Baghdad", "CONFIDENTIAL", 2008, 2010
	qs = append(qs, f)
	f = w("filt_origin_common", ClassFilter, "and", "the")
	f.Origin = "Secretary of State"
	qs = append(qs, f)
	f = w("date_ceasefire", ClassDate, "and", "ceasefire")
	f.YearFrom, f.YearTo = 2005, 2007
	qs = append(qs, f)
	f = w("date_iran", ClassDate, "and", "iran")
	f.YearFrom, f.YearTo = 2008, 2009
	qs = append(qs, f)
	f = w("date_common", ClassDate, "and", "the")
	f.YearFrom, f.YearTo = 2009, 2010
	qs = append(qs, f)
	for _, terms := range [][]string{{"iran"}, {"nuclear", "iran"}, {"the"}} {
		f = w("facets_"+strings.Join(terms, "_"), ClassFacets, "and", terms...)
		f.Facets = 1
		qs = append(qs, f)
	}
	for _, p := range []BenchQuery{
		w("paras_nuclear_iran", ClassParagraphs, "and", "nuclear", "iran"),
		w("paras_human_rights", ClassParagraphs, "phrase", "human", "rights"),
		w("paras_the", ClassParagraphs, "term", "the"),
	} {
		p.Paragraphs = true
		qs = append(qs, p)
	}
	for k, id := range ids {
		yy, st, serial, ok := cablesearch.SplitID(id)
		if !ok {
			continue
		}
		year := 1900 + yy
		if yy <= 10 {
			year = 2000 + yy
		}
		forms := []string{
			id,
			fmt.Sprintf("%02d %s %s", yy, st, serial),
			fmt.Sprintf("%s %08s", st, serial),
			fmt.Sprintf("id:\"%d %s %s\"", year, st, serial),
		}
		for j, form := range forms {
			q := w(fmt.Sprintf("id%d_form%d", k+1, j+1), ClassID, "id", id)
			q.Ours = form
			qs = append(qs, q)
		}
	}
	return qs
}
