package server

import (
	"container/list"
	"context"
	"encoding/json"
	"errors"
	"slices"
	"sync"

	"github.com/cablesearch/cablesearch/query"
)

// resultCache keeps the answers of recent searches. The index is read-only
// while the server has it open, so an answer never goes stale; the cache
// is bounded by its number of entries and drops the least recently used.
// Identical searches running at the same time are done once (the others
// wait for the first), so a burst of readers opening the same shared link
// costs one search.
type resultCache struct {
	mu       sync.Mutex
	max      int
	ll       *list.List // of *cacheEntry, most recent first
	entries  map[string]*list.Element
	inflight map[string]*flight
}

type cacheEntry struct {
	key string
	res *query.Result
}

// flight is a search in progress that others wait for.
type flight struct {
	done chan struct{}
	res  *query.Result
	err  error
}

func newResultCache(max int) *resultCache {
	return &resultCache{max: max, ll: list.New(), entries: map[string]*list.Element{}, inflight: map[string]*flight{}}
}

// cacheKey is req in a canonical form: the parsed query written back and
// every field that changes the answer.
func cacheKey(req query.Request) string {
	filters := map[string][]string{}
	for k, v := range req.Filters {
		v = slices.Clone(v)
		slices.Sort(v)
		filters[k] = v
	}
	q := req.Query
	if req.Q != nil {
		q = req.Q.String()
	}
	b, _ := json.Marshal(struct {
		Q                      string
		From, Size             int
		Sort                   string
		Facets                 []string
		FacetSize              int
		Filters                map[string][]string
		MaxParagraphs, Snippet int
		MaxMonths              int
		ParagraphMode          bool
		ParagraphWindow        int
	}{q, req.From, req.Size, req.Sort, req.Facets, req.FacetSize, filters,
		req.MaxParagraphs, req.SnippetBytes, req.MaxMonths, req.ParagraphMode, req.ParagraphWindow})
	return string(b)
}

// get returns the cached answer to req, or runs do once for all the
// callers asking for req at the same time and caches a successful
// answer. The result is shared: callers must not modify it.
func (c *resultCache) get(ctx context.Context, req query.Request, do func() (*query.Result, error)) (*query.Result, error) {
	key := cacheKey(req)
	c.mu.Lock()
	if e, ok := c.entries[key]; ok {
		c.ll.MoveToFront(e)
		res := e.Value.(*cacheEntry).res
		c.mu.Unlock()
		return res, nil
	}
	if f, ok := c.inflight[key]; ok {
		c.mu.Unlock()
		select {
		case <-f.done:
			if f.err == nil || !errors.Is(f.err, context.Canceled) {
				// The answer, or an error this search would meet too
				// (a syntax error, the timeout).
				return f.res, f.err
			}
			// The first caller went away before its answer: search for
			// this one.
			return do()
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	f := &flight{done: make(chan struct{})}
	c.inflight[key] = f
	c.mu.Unlock()

	f.res, f.err = do()

	c.mu.Lock()
	delete(c.inflight, key)
	if f.err == nil {
		c.entries[key] = c.ll.PushFront(&cacheEntry{key: key, res: f.res})
		for c.ll.Len() > c.max {
			last := c.ll.Back()
			c.ll.Remove(last)
			delete(c.entries, last.Value.(*cacheEntry).key)
		}
	}
	c.mu.Unlock()
	close(f.done)
	return f.res, f.err
}
