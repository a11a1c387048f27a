package server

// TEMPORARY shim until query.LookupCable is committed; not to be committed.

import (
	"context"
	"errors"
	"sort"

	"github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/query"
)

var errNotFound = errors.New("query: no such cable")

type cableView struct {
	*cablesearch.Cable
	CitedBy []string `json:"cited_by"`
}

func lookupCable(ctx context.Context, ix *index.Index, ref string) (*cableView, error) {
	id, ok := cablesearch.ParseCitation(ref, 0)
	if !ok {
		return nil, errNotFound
	}
	c, err := ix.Cable(id)
	if err != nil {
		return nil, err
	}
	if c == nil {
		return nil, errNotFound
	}
	res, err := query.Search(ctx, ix, query.Request{Q: &query.Ref{Kind: query.RefCites, ID: id}, Size: 1000, MaxParagraphs: -1})
	if err != nil {
		return nil, err
	}
	v := &cableView{Cable: c, CitedBy: []string{}}
	for _, h := range res.Hits {
		v.CitedBy = append(v.CitedBy, h.ID)
	}
	sort.Strings(v.CitedBy)
	return v, nil
}
