package analysis

import (
	"hash/maphash"
	"sync"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/snowballstem"
	"github.com/blevesearch/snowballstem/english"
)

// StemFilter stems English words with the Snowball English (Porter2)
// stemmer. Terms holding a digit (reference IDs, numbers, dates), terms
// shorter than three bytes and the Redacted marker are left alone.
//
// Snowball rather than the original Porter stemmer: Porter2 fixes Porter's
// best-known over-stemming ("generously" → "generous", Porter "gener";
// "news" stays "news") and bleve's own English analyzer choice aside, the
// two cost about the same per term.
//
// Stems are memoised in a bounded cache (stemCacheSize words, then no
// more are added): Zipf's law makes a few thousand words most of the
// text, and a map lookup is several times cheaper than the stemmer. The
// cache is sharded behind read-write locks, so one filter is safe on
// bleve's concurrent analysis queue.
type StemFilter struct {
	seed   maphash.Seed
	shards [stemShards]stemShard
}

const (
	stemShards    = 16
	stemCacheSize = 1 << 17
)

type stemShard struct {
	mu sync.RWMutex
	m  map[string]string
}

// NewStemFilter returns a StemFilter.
func NewStemFilter() *StemFilter {
	f := &StemFilter{seed: maphash.MakeSeed()}
	for i := range f.shards {
		f.shards[i].m = make(map[string]string)
	}
	return f
}

// stem returns the stem of term, through the cache.
func (f *StemFilter) stem(term []byte) []byte {
	sh := &f.shards[maphash.Bytes(f.seed, term)%stemShards]
	sh.mu.RLock()
	s, ok := sh.m[string(term)]
	sh.mu.RUnlock()
	if !ok {
		env := snowballstem.NewEnv(string(term))
		english.Stem(env)
		s = env.Current()
		sh.mu.Lock()
		if len(sh.m) < stemCacheSize/stemShards {
			sh.m[string(term)] = s
		}
		sh.mu.Unlock()
	}
	if s == string(term) {
		return term
	}
	return []byte(s) // never in place: terms alias the field text
}

// Filter stems every eligible token.
func (f *StemFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		if len(t.Term) < 3 || hasDigit(t.Term) || string(t.Term) == Redacted {
			continue
		}
		t.Term = f.stem(t.Term)
	}
	return input
}

// Stem returns the stem of one lower-case word, as StemFilter would.
func Stem(word string) string {
	if len(word) < 3 {
		return word
	}
	env := snowballstem.NewEnv(word)
	english.Stem(env)
	return env.Current()
}

func hasDigit(b []byte) bool {
	for _, c := range b {
		if isDigit(c) {
			return true
		}
	}
	return false
}
