package query

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	bq "github.com/blevesearch/bleve/v2/search/query"

	cablesearch "github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/analysis"
	"github.com/cablesearch/cablesearch/index"
)

// Analyzer names registered by the analysis package and used by the
// index mapping.
const (
	// PhraseAnalyzer analyses quoted phrases in body text fields.
	PhraseAnalyzer = analysis.TextQueryAnalyzer
)

// Boosts of the text fields searched by an unfielded word or phrase.
var textFields = []struct {
	name  string
	boost float64
}{
	{index.FieldSubject, 3},
	{index.FieldSummary, 2},
	{index.FieldComment, 1},
	{index.FieldParas, 1},
}

// Boosts of the parts of a bare citation: the cable itself first, then
// cables citing it, then cables mentioning it in their text.
const (
	citationSelfBoost  = 50
	citationCitesBoost = 5
)

// ToBleveOptions tunes ToBleve. The zero value is usable.
type ToBleveOptions struct {
	// References resolves citedby:X at execution time: it returns the
	// canonical IDs that cable X cites. When nil, a query using citedby:
	// is an error.
	References func(id string) ([]string, error)
	// TagsByMeaning, when not nil, gives the TAGS codes whose meaning
	// contains the words of a tag: value ("political relations" ->
	// PREL), which then match besides the value taken as a code.
	TagsByMeaning func(words string) ([]string, error)
	// Terms, when not nil, gives those of the candidate terms that the
	// index holds in field. A yearless ID (MOSCOW521, in any year) is
	// then matched as the terms 00MOSCOW521 to 99MOSCOW521 that exist:
	// the same terms a regexp over the field's dictionary finds (and
	// scored the same: a disjunction of them), without building the
	// regexp's automaton, which was most of the CPU of the query. When
	// nil, the regexp is used.
	Terms func(field string, candidates []string) ([]string, error)
}

// ErrNoResolver is returned by ToBleve for citedby: when no References
// function was given.
var ErrNoResolver = errors.New("query: citedby: needs an index to look up the cited cables")

// ToBleve translates q into a bleve query over the fields of package
// index:
//
//   - a bare word searches subject (boosted) or paras (each field
//     analysed by its own analyzer; all its tokens must match); a phrase
//     does the same with MatchPhraseQuery and the cable_text_query
//     analyzer, and a match in summary (boosted) or comment adds to its
//     score; fuzzy words are analysed, then matched with fuzziness;
//     prefixes are only folded (case and accents), not stemmed.
//   - And is a conjunction in which clauses that analyse to nothing
//     (punctuation) are skipped, with Not children as must-not clauses; a
//     Not on its own is "everything except".
//   - keyword fields (tag, station, signer, marking, class) are exact
//     upper-case terms (tag also by meaning, given TagsByMeaning); origin
//     matches the origin label exactly (as typed or title-cased) or the
//     station (upper-cased, without spaces), so origin:moscow and
//     origin:"Embassy Moscow" both work.
//   - dates are ranges [Start, End) on the created or released field.
//   - id:X matches the id and raw_ids fields; cites:X the refs field;
//     citedby:X the ids that opt.References(X) returns.
//   - a bare citation matches the cable (boosted), the cables citing it,
//     and the cables whose text mentions it.
func ToBleve(q Q, opt ToBleveOptions) (bq.Query, error) {
	t := translator{opt: opt}
	return t.tr(q)
}

type translator struct {
	opt ToBleveOptions
}

func (t *translator) tr(q Q) (bq.Query, error) {
	switch n := q.(type) {
	case *MatchAll:
		return bq.NewMatchAllQuery(), nil
	case *Term:
		if w, ok := wordTerm(n.Text); ok {
			return anyText(false, func(f string) bq.Query { return term(f, w) }), nil
		}
		return anyText(false, func(f string) bq.Query {
			m := bq.NewMatchQuery(n.Text)
			m.SetField(f)
			m.SetOperator(bq.MatchQueryOperatorAnd)
			return m
		}), nil
	case *Phrase:
		return anyText(true, func(f string) bq.Query { return phrase(f, n.Text) }), nil
	case *Prefix:
		return anyText(false, func(f string) bq.Query { return prefix(f, foldPrefix(n.Text)) }), nil
	case *Fuzzy:
		return anyText(false, func(f string) bq.Query { return fuzzy(f, n.Text, n.Dist) }), nil
	case *Field:
		return t.field(n)
	case *Ref:
		return t.ref(n)
	case *Citation:
		return t.citation(n.ID)
	case *DateRange:
		field := index.FieldCreated
		if n.Field == "released" {
			field = index.FieldReleased
		}
		incl, excl := true, false
		d := bq.NewDateRangeInclusiveQuery(n.Start, n.End, &incl, &excl)
		d.SetField(field)
		return d, nil
	case *And:
		var must, not []bq.Query
		for _, c := range n.Children {
			if d, ok := c.(*DateRange); ok && d.Field != "released" {
				if ys := wholeYears(d); ys != nil {
					// Whole years of created: year terms, as a clause of
					// the conjunction (which then skips to the cables of
					// those years) that adds next to nothing to the
					// score (yearsQuery). A range of created dates would
					// be a disjunction over the terms of a numeric range.
					must = append(must, yearsQuery(ys))
					continue
				}
				if ms := wholeMonths(d); ms != nil {
					// Whole months, the same way on the month field.
					must = append(must, keywordsQuery(index.FieldMonth, ms))
					continue
				}
			}
			if nc, ok := c.(*Not); ok {
				x, err := t.tr(nc.Child)
				if err != nil {
					return nil, err
				}
				not = append(not, x)
				continue
			}
			x, err := t.tr(c)
			if err != nil {
				return nil, err
			}
			must = append(must, x)
		}
		if len(must) == 0 {
			must = []bq.Query{bq.NewMatchAllQuery()}
		}
		return bq.NewBooleanQueryForQueryString(must, nil, not), nil
	case *Or:
		kids := make([]bq.Query, 0, len(n.Children))
		for _, c := range n.Children {
			x, err := t.tr(c)
			if err != nil {
				return nil, err
			}
			kids = append(kids, x)
		}
		if len(kids) == 0 {
			return matchNothing(), nil
		}
		return anyOf(kids), nil
	case *Not:
		x, err := t.tr(n.Child)
		if err != nil {
			return nil, err
		}
		return bq.NewBooleanQuery([]bq.Query{bq.NewMatchAllQuery()}, nil, []bq.Query{x}), nil
	case nil:
		return nil, errors.New("query: nil query")
	}
	return nil, fmt.Errorf("query: cannot translate %T", q)
}

// maxYearTerms bounds the years a created range may span to be searched
// as year terms (the cables run from 1966 to 2010).
const maxYearTerms = 50

// wholeYears gives the years of a date range made of whole years
// (created:2008..2009 is [2008-01-01, 2010-01-01)), at most maxYearTerms
// of them; nil for any other range.
func wholeYears(n *DateRange) []int {
	s, e := n.Start, n.End
	if s.IsZero() || e.IsZero() || !e.After(s) || e.Year()-s.Year() > maxYearTerms ||
		!s.Equal(time.Date(s.Year(), 1, 1, 0, 0, 0, 0, time.UTC)) || !e.Equal(time.Date(e.Year(), 1, 1, 0, 0, 0, 0, time.UTC)) {
		return nil
	}
	years := make([]int, 0, e.Year()-s.Year())
	for y := s.Year(); y < e.Year(); y++ {
		years = append(years, y)
	}
	return years
}

// maxMonthRange is the most months a created range may span to be
// searched as month terms: a disjunction of more is bleve's heap
// searcher, which the flat executor does not take.
const maxMonthRange = 10

// wholeMonths gives the months ("2009-03") of a date range made of at
// most maxMonthRange whole months (created:2009-03..2009-06 is
// [2009-03-01, 2009-07-01)); nil for any other range.
func wholeMonths(n *DateRange) []string {
	s, e := n.Start, n.End
	first := func(t time.Time) bool { return t.Equal(time.Date(t.Year(), t.Month(), 1, 0, 0, 0, 0, time.UTC)) }
	if s.IsZero() || e.IsZero() || !e.After(s) || !first(s) || !first(e) {
		return nil
	}
	var months []string
	for m := s; m.Before(e); m = m.AddDate(0, 1, 0) {
		if len(months) == maxMonthRange {
			return nil
		}
		months = append(months, m.Format("2006-01"))
	}
	return months
}

// yearBoost is the boost of the year terms of a created range: small
// enough that a year does not rank cables by its rarity (with a boost of
// 1, "the origin:moscow created:2009..2010" put every 2010 cable first),
// not 0, because a conjunction whose clauses all weigh 0 gets an infinite
// query norm in bleve (NaN scores for "created:2009 -tag:PREL").
const yearBoost = 1e-6

// yearsQuery matches the cables created in any of years (year field),
// adding next to nothing to their score.
func yearsQuery(years []int) bq.Query {
	vals := make([]string, len(years))
	for i, y := range years {
		vals[i] = strconv.Itoa(y)
	}
	return keywordsQuery(index.FieldYear, vals)
}

// keywordsQuery matches the cables holding any of vals in field (year,
// month), adding next to nothing to their score (yearBoost).
func keywordsQuery(field string, vals []string) bq.Query {
	qs := make([]bq.Query, len(vals))
	for i, v := range vals {
		t := bq.NewTermQuery(v)
		t.SetField(field)
		t.SetBoost(yearBoost)
		qs[i] = t
	}
	return or(qs...)
}

// matchNothing matches no document. It is not a MatchNoneQuery because
// an And skips those (they stand for words the analyzer drops, such as
// punctuation), and "citedby:X gas" must find nothing when X cites nothing.
func matchNothing() bq.Query { return term(index.FieldID, "") }

// anyText matches a word (phrase, prefix, fuzzy word) in the subject,
// boosted, or in the paragraph texts; with sections, a match in the
// summary or comment also adds to the score of a cable that matched.
//
// The summary and comment are sections of the paragraphs (the parser
// copies them out), so they need not be searched for recall; and making
// them alternatives beside subject and paras would let bleve's coord
// factor (matching clauses / all clauses) halve the score of every cable
// that has no SUMMARY section, which ranked "HIZBALLAH ON THE MOVE" above
// the two cables titled "HIZBALLAH MANIFESTO" for hizballah manifesto.
//
// Words go without the sections: two posting lists per word instead of
// four halve the CPU of a word query (BENCHMARKS.md, proposal 3), with the
// same hits and the relevance suite still met. Phrases keep them: a
// phrase of common words found in a cable's summary is a strong sign
// ("in the wake of", case 34 of the suite, needs it).
func anyText(sections bool, mk func(field string) bq.Query) bq.Query {
	var match, extra []bq.Query
	for _, f := range textFields {
		if !sections && (f.name == index.FieldSummary || f.name == index.FieldComment) {
			continue
		}
		q := mk(f.name)
		if f.boost != 1 {
			q.(bq.BoostableQuery).SetBoost(f.boost)
		}
		if f.name == index.FieldSummary || f.name == index.FieldComment {
			extra = append(extra, q)
		} else {
			match = append(match, q)
		}
	}
	if len(extra) == 0 {
		return anyOf(match)
	}
	return bq.NewBooleanQueryForQueryString([]bq.Query{anyOf(match)}, extra, nil)
}

// anyOf ORs queries, skipping those that analyse to nothing (a word of
// punctuation only), so that such a word does not empty an And.
func anyOf(qs []bq.Query) bq.Query {
	return bq.NewBooleanQueryForQueryString(nil, qs, nil)
}

// phrase matches text as a phrase in field. A phrase that analyses to
// one token -- a quoted word, or two common words that make one common
// gram ("of the" is the single term of_the) -- is a term query: it finds
// the same cables with the same term locations, where bleve's phrase
// searcher would read and check the locations of every candidate (a
// tenth of the CPU for "of the").
func phrase(field, text string) bq.Query {
	toks := phraseAnalyzer().Analyze([]byte(text))
	if len(toks) == 1 {
		return term(field, string(toks[0].Term))
	}
	if terms := simplePhrase(toks); terms != nil {
		return &phraseQuery{field: field, terms: terms, text: text, boost: 1}
	}
	p := bq.NewMatchPhraseQuery(text)
	p.SetField(field)
	p.Analyzer = PhraseAnalyzer
	return p
}

// phraseAnalyzer is the analyzer of phrases (cable_text_query), shared:
// the analysis package keeps its components safe for concurrent use.
var phraseAnalyzer = sync.OnceValue(func() bleveanalysis.Analyzer { return analysis.NewTextQueryAnalyzer() })

// simplePhrase gives the terms of a phrase's tokens when they are two or
// more distinct terms, one at each of consecutive positions: the phrases
// phraseQuery searches. Otherwise nil.
func simplePhrase(toks bleveanalysis.TokenStream) []string {
	if len(toks) < 2 {
		return nil
	}
	terms := make([]string, len(toks))
	for i, t := range toks {
		terms[i] = string(t.Term)
		if t.Position != toks[0].Position+i || slices.Contains(terms[:i], terms[i]) {
			return nil
		}
	}
	return terms
}

// indexAnalyzer is the analyzer of the text fields (cable_text_index),
// shared like phraseAnalyzer.
var indexAnalyzer = sync.OnceValue(func() bleveanalysis.Analyzer { return analysis.NewTextIndexAnalyzer() })

// wordTerm gives the single term a word analyses to in the text fields,
// if it analyses to one. Such a word is searched as a term query: bleve's
// MatchQuery would make it a conjunction of one term, which scores the
// same but costs a conjunction searcher's step for every matching cable
// (on bleve's searchers; the flat executor treats both alike).
func wordTerm(text string) (string, bool) {
	toks := indexAnalyzer().Analyze([]byte(text))
	if len(toks) != 1 {
		return "", false
	}
	return string(toks[0].Term), true
}

// phraseTerm gives the single term a phrase analyses to, if it analyses
// to one.
func phraseTerm(text string) (string, bool) {
	toks := phraseAnalyzer().Analyze([]byte(text))
	if len(toks) != 1 {
		return "", false
	}
	return string(toks[0].Term), true
}

// foldPrefix folds a prefix of body text the way the text analyzer folds
// words (case and diacritics: "Côte" -> "cote"). Prefixes are not stemmed,
// so a prefix longer than the stem of a word misses it ("officia*" does
// not find "officials", indexed as "offici").
func foldPrefix(s string) string { return string(analysis.Fold([]byte(s))) }

func prefix(field, text string) bq.Query {
	p := bq.NewPrefixQuery(text)
	p.SetField(field)
	return p
}

func fuzzy(field, text string, dist int) bq.Query {
	m := bq.NewMatchQuery(text)
	m.SetField(field)
	m.SetFuzziness(dist)
	m.SetOperator(bq.MatchQueryOperatorAnd)
	return m
}

func term(field, text string) bq.Query {
	q := bq.NewTermQuery(text)
	q.SetField(field)
	return q
}

func or(qs ...bq.Query) bq.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return bq.NewDisjunctionQuery(qs)
}

// field translates a fielded value.
func (t *translator) field(n *Field) (bq.Query, error) {
	switch n.Name {
	case "subject", "summary", "comment":
		f := map[string]string{"subject": index.FieldSubject, "summary": index.FieldSummary, "comment": index.FieldComment}[n.Name]
		switch v := n.Value.(type) {
		case *Term:
			m := bq.NewMatchQuery(v.Text)
			m.SetField(f)
			m.SetOperator(bq.MatchQueryOperatorAnd)
			return m, nil
		case *Phrase:
			return phrase(f, v.Text), nil
		case *Prefix:
			return prefix(f, foldPrefix(v.Text)), nil
		case *Fuzzy:
			return fuzzy(f, v.Text, v.Dist), nil
		}
	case "tag", "station", "signer", "marking", "class", "origin", "classifiedby":
		return t.keyword(n.Name, n.Value)
	}
	return nil, fmt.Errorf("query: cannot translate field %s:%s", n.Name, n.Value)
}

// valueText gives the text of a keyword value and whether it is a prefix.
func valueText(v Q) (string, bool) {
	switch v := v.(type) {
	case *Term:
		return v.Text, false
	case *Phrase:
		return v.Text, false
	case *Prefix:
		return v.Text, true
	case *Fuzzy:
		return v.Text, false
	}
	return "", false
}

func (t *translator) keyword(name string, v Q) (bq.Query, error) {
	text, isPrefix := valueText(v)
	match := func(field, s string) bq.Query {
		if isPrefix {
			return prefix(field, s)
		}
		return term(field, s)
	}
	up := strings.ToUpper(text)
	switch name {
	case "tag":
		// A code is matched exactly; with a TagsByMeaning lookup, so are
		// the codes whose meaning has the value's words.
		qs := []bq.Query{match(index.FieldTags, up)}
		if !isPrefix && t.opt.TagsByMeaning != nil {
			codes, err := t.opt.TagsByMeaning(text)
			if err != nil {
				return nil, fmt.Errorf("query: tag:%s: %w", v, err)
			}
			for _, c := range codes {
				if c != up {
					qs = append(qs, term(index.FieldTags, c))
				}
			}
		}
		return or(qs...), nil
	case "station":
		if s, ok := cablesearch.CanonicalStation(up); ok && !isPrefix {
			up = s
		}
		return stationMatch(up, isPrefix), nil
	case "signer":
		return match(index.FieldSigner, up), nil
	case "marking":
		return match(index.FieldMarkings, up), nil
	case "class":
		switch classKind(up) {
		case "classification":
			return term(index.FieldClassification, up), nil
		case "caveat":
			return term(index.FieldCaveats, up), nil
		}
		return term(index.FieldLevel, up), nil
	case "origin":
		station := strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return unicode.ToUpper(r)
		}, text)
		if s, ok := cablesearch.CanonicalStation(station); ok && !isPrefix {
			station = s
		}
		qs := []bq.Query{match(index.FieldOrigin, text)}
		if tc := titleCase(text); tc != text {
			qs = append(qs, match(index.FieldOrigin, tc))
		}
		qs = append(qs, stationMatch(station, isPrefix))
		return or(qs...), nil
	case "classifiedby":
		qs := []bq.Query{match(index.FieldClassifiedBy, text)}
		if tc := titleCase(text); tc != text {
			qs = append(qs, match(index.FieldClassifiedBy, tc))
		}
		return or(qs...), nil
	}
	return nil, fmt.Errorf("query: cannot translate field %s:", name)
}

// stationMatch matches the cables of a station (upper case, canonical)
// on the station field. Every index that opens (schema 3) was built after
// the readers began to fill Cable.Station from the canonical ID (commit
// d2c79a6), so the station part of the ID need not be matched too: that
// fallback, a regexp over every ID, made an origin: filter cost 30 times
// a term lookup.
func stationMatch(station string, isPrefix bool) bq.Query {
	if station == "" {
		return matchNothing()
	}
	if isPrefix {
		return prefix(index.FieldStation, station)
	}
	return term(index.FieldStation, station)
}

// titleCase upper-cases the first letter of each word and lower-cases the
// rest: "embassy moscow" -> "Embassy Moscow".
func titleCase(s string) string {
	prev := ' '
	return strings.Map(func(r rune) rune {
		defer func() { prev = r }()
		if unicode.IsSpace(prev) || prev == '-' {
			return unicode.ToUpper(r)
		}
		return unicode.ToLower(r)
	}, s)
}

// idMatch matches a canonical ID, or a yearless one ("MOSCOW521") in any
// year, on the given keyword fields.
// The boost is set on each leaf query: bleve does not apply the boost of a
// disjunction to its children's scores.
func (t *translator) idMatch(id string, boost float64, fields ...string) (bq.Query, error) {
	qs := make([]bq.Query, len(fields))
	for i, f := range fields {
		switch {
		case yearless(id) && t.opt.Terms != nil:
			q, err := t.anyYear(id, boost, f)
			if err != nil {
				return nil, err
			}
			qs[i] = q
			continue
		case yearless(id):
			r := bq.NewRegexpQuery("[0-9][0-9]" + regexp.QuoteMeta(id))
			r.SetField(f)
			qs[i] = r
		default:
			qs[i] = term(f, id)
		}
		if boost != 1 {
			qs[i].(bq.BoostableQuery).SetBoost(boost)
		}
	}
	return or(qs...), nil
}

// anyYear matches a yearless ID in any two-digit year on field: a
// disjunction of the terms of the 100 candidates (00ID to 99ID) that the
// index holds, each with the boost. That is the searcher bleve makes of
// the regexp [0-9][0-9]ID (a disjunction of the dictionary's matching
// terms, each boosted), so the cables and their scores are the same; and
// with no such term, an empty disjunction, which like the regexp's
// matches nothing and still counts as a clause of the enclosing
// disjunction.
func (t *translator) anyYear(id string, boost float64, field string) (bq.Query, error) {
	candidates := make([]string, 100)
	buf := make([]byte, 0, 2+len(id))
	for yy := range candidates {
		buf = append(buf[:0], byte('0'+yy/10), byte('0'+yy%10))
		candidates[yy] = string(append(buf, id...))
	}
	present, err := t.opt.Terms(field, candidates)
	if err != nil {
		return nil, fmt.Errorf("query: %s in any year: %w", id, err)
	}
	qs := make([]bq.Query, len(present))
	for i, s := range present {
		q := bq.NewTermQuery(s)
		q.SetField(field)
		if boost != 1 {
			q.SetBoost(boost)
		}
		qs[i] = q
	}
	return bq.NewDisjunctionQuery(qs), nil
}

func (t *translator) ref(n *Ref) (bq.Query, error) {
	switch n.Kind {
	case RefID:
		return t.idMatch(n.ID, 1, index.FieldID, index.FieldRawIDs)
	case RefCites:
		return t.idMatch(n.ID, 1, index.FieldRefs)
	case RefCitedBy:
		if t.opt.References == nil {
			return nil, ErrNoResolver
		}
		ids, err := t.opt.References(n.ID)
		if err != nil {
			return nil, fmt.Errorf("query: citedby:%s: %w", n.ID, err)
		}
		if len(ids) == 0 {
			return matchNothing(), nil
		}
		qs := make([]bq.Query, len(ids))
		for i, id := range ids {
			qs[i] = term(index.FieldID, id)
		}
		return or(qs...), nil
	}
	return nil, fmt.Errorf("query: unknown reference kind %q", n.Kind)
}

// citation: the cable itself (boosted), cables citing it, cables
// mentioning it in their text.
//
// Cables cite a cable of their own year without the year ("(BEIRUT
// 1013)"), so the text mention of an ID with a year is also its station
// and serial in a cable created that year, as the REF parser reads it.
// "Created that year" is one term of the year field: a range of created
// dates would enumerate the terms of a numeric range, a third of the
// CPU of the whole citation.
func (t *translator) citation(id string) (bq.Query, error) {
	self, err := t.idMatch(id, citationSelfBoost, index.FieldID, index.FieldRawIDs)
	if err != nil {
		return nil, err
	}
	cites, err := t.idMatch(id, citationCitesBoost, index.FieldRefs)
	if err != nil {
		return nil, err
	}
	qs := []bq.Query{self, cites, phrase(index.FieldParas, spacedID(id))}
	if yy, station, serial, ok := cablesearch.SplitID(id); ok {
		year := 2000 + yy // as the root package's Cable.Year: 11..99 are 19YY
		if yy > 10 {
			year = 1900 + yy
		}
		sameYear := term(index.FieldYear, strconv.Itoa(year))
		qs = append(qs, bq.NewConjunctionQuery([]bq.Query{phrase(index.FieldParas, station+" "+serial), sameYear}))
	}
	return bq.NewDisjunctionQuery(qs), nil
}

// spacedID writes "09MOSCOW521" as "09 MOSCOW 521", the form the text
// analyzer also emits for an ID in the body.
func spacedID(id string) string {
	var b strings.Builder
	for i := 0; i < len(id); i++ {
		if i > 0 && isDigit(id[i]) != isDigit(id[i-1]) {
			b.WriteByte(' ')
		}
		b.WriteByte(id[i])
	}
	return b.String()
}

// conjunction ANDs bleve queries (used to apply facet filters).
func conjunction(qs ...bq.Query) bq.Query {
	if len(qs) == 1 {
		return qs[0]
	}
	return bq.NewConjunctionQuery(qs)
}

// termsFilter matches documents whose keyword field holds any of values
// exactly (the values a terms facet reported).
func termsFilter(field string, values []string) bq.Query {
	qs := make([]bq.Query, len(values))
	for i, v := range values {
		qs[i] = term(field, v)
	}
	return or(qs...)
}

// bleveQuery is a translated query, for the files that must not import
// bleve's query package.
type bleveQuery = bq.Query
