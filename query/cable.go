package query

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/index"
)

// ErrNotFound is returned (wrapped) by LookupCable when no cable of the
// index answers to the reference.
var ErrNotFound = errors.New("cable not found")

// ErrAmbiguous is returned (wrapped) by LookupCable when a reference
// without a year ("MOSCOW 00000521") matches cables of several years; the
// message lists them.
var ErrAmbiguous = errors.New("reference matches several cables")

// MaxCitedBy bounds CableView.CitedBy (the most cited cables of the full
// release are cited a few hundred times).
const MaxCitedBy = 5000

// CableView is a cable as stored in the index with what the index knows
// about its neighbours. Its JSON form is the show --json contract: the
// cable as in parse --json plus cited_by and references_in_index.
type CableView struct {
	*cablesearch.Cable
	// CitedBy are the canonical IDs of the cables in the index whose
	// references include this cable, oldest first (at most MaxCitedBy).
	CitedBy []string `json:"cited_by"`
	// ReferencesInIndex says, for each ID of Cable.References, whether
	// that cable is in the index.
	ReferencesInIndex map[string]bool `json:"references_in_index"`
}

// LookupCable finds the cable that ref names, in any citation form:
// "09MOSCOW521", "09moscow521", "09 MOSCOW 521", "2009 MOSCOW 521",
// "MOSCOW 00000521" (no year: found when only one year has that serial),
// a malformed or raw variant ID as a source wrote it
// ("08ECTION01OF02MANAMA492"), or a station alias ("05RIO123"). It
// returns the stored cable with the IDs of the cables citing it and which
// of its references are in the index.
//
// The error wraps ErrNotFound when nothing matches and ErrAmbiguous when a
// yearless reference matches several cables.
func LookupCable(ctx context.Context, ix *index.Index, ref string) (*CableView, error) {
	c, err := resolveCable(ctx, ix, ref)
	if err != nil {
		return nil, err
	}
	v := &CableView{Cable: c, CitedBy: []string{}, ReferencesInIndex: map[string]bool{}}
	if v.CitedBy, err = citedBy(ctx, ix, c.ID); err != nil {
		return nil, err
	}
	if len(c.References) > 0 {
		have, err := existingIDs(ctx, ix, c.References)
		if err != nil {
			return nil, err
		}
		for _, r := range c.References {
			v.ReferencesInIndex[r] = have[r]
		}
	}
	return v, nil
}

// resolveCable tries the direct forms of ref as canonical IDs first, then
// searches the id and raw_ids fields.
func resolveCable(ctx context.Context, ix *index.Index, ref string) (*cablesearch.Cable, error) {
	s := strings.Join(strings.Fields(ref), " ")
	if s == "" {
		return nil, fmt.Errorf("query: empty cable reference: %w", ErrNotFound)
	}
	if len(s) > 200 {
		return nil, fmt.Errorf("query: %.40q... is not a cable reference: %w", s, ErrNotFound)
	}
	var cands []string
	add := func(id string) {
		if id != "" && !yearless(id) && !contains(cands, id) {
			cands = append(cands, id)
		}
	}
	add(s)
	add(strings.ToUpper(s))
	cited, citedOK := parseCitationValue(s)
	if citedOK {
		add(cited)
	}
	if id, ok := cablesearch.ParseCitation(s, 0); ok {
		add(id)
	}
	if !strings.Contains(s, " ") {
		add(cablesearch.CanonicalID(s))
	}
	for _, id := range cands {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		c, err := ix.Cable(id)
		if err != nil {
			return nil, fmt.Errorf("query: look up %s: %w", id, err)
		}
		if c != nil {
			return c, nil
		}
	}

	// Raw IDs as a source wrote them, and yearless citations.
	var qs []bleveQuery
	up := strings.ToUpper(s)
	qs = append(qs, term(index.FieldRawIDs, up))
	if compact := strings.ReplaceAll(up, " ", ""); compact != up {
		qs = append(qs, term(index.FieldRawIDs, compact))
	}
	if citedOK {
		t := translator{opt: optionsFor(ix)}
		q, err := t.idMatch(cited, 1, index.FieldID, index.FieldRawIDs)
		if err != nil {
			return nil, fmt.Errorf("query: look up %q: %w", s, err)
		}
		qs = append(qs, q)
	}
	sr := bleve.NewSearchRequestOptions(or(qs...), 20, 0, false)
	sr.SortByCustom(search.SortOrder{&search.SortDocID{}})
	res, err := ix.SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("query: look up %q: %w", s, err)
	}
	switch len(res.Hits) {
	case 0:
		return nil, fmt.Errorf("query: no cable %q in the index: %w", s, ErrNotFound)
	case 1:
	default:
		ids := make([]string, len(res.Hits))
		for i, h := range res.Hits {
			ids[i] = h.ID
		}
		return nil, fmt.Errorf("query: %q matches %d cables (%s); give the year: %w", s, res.Total, strings.Join(ids, ", "), ErrAmbiguous)
	}
	id := res.Hits[0].ID
	c, err := ix.Cable(id)
	if err != nil {
		return nil, fmt.Errorf("query: look up %s: %w", id, err)
	}
	if c == nil {
		return nil, fmt.Errorf("query: no cable %q in the index: %w", s, ErrNotFound)
	}
	return c, nil
}

// citedBy lists the cables whose refs field holds id, oldest first (by
// created_sort, as the date sorts of Search), then by ID; it loads no
// stored field.
func citedBy(ctx context.Context, ix *index.Index, id string) ([]string, error) {
	sr := bleve.NewSearchRequestOptions(term(index.FieldRefs, id), MaxCitedBy, 0, false)
	sr.Score = "none"
	sr.SortByCustom(append(dateSort(false), &search.SortDocID{}))
	res, err := ix.SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("query: cables citing %s: %w", id, err)
	}
	ids := make([]string, 0, len(res.Hits))
	for _, h := range res.Hits {
		if h.ID != id {
			ids = append(ids, h.ID)
		}
	}
	return ids, nil
}

// existingIDs reports which of ids are cables of the index.
func existingIDs(ctx context.Context, ix *index.Index, ids []string) (map[string]bool, error) {
	have := map[string]bool{}
	sr := bleve.NewSearchRequestOptions(termsFilter(index.FieldID, ids), len(ids), 0, false)
	sr.Score = "none"
	res, err := ix.SearchInContext(ctx, sr)
	if err != nil {
		return nil, fmt.Errorf("query: references in index: %w", err)
	}
	for _, h := range res.Hits {
		have[h.ID] = true
	}
	return have, nil
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}
