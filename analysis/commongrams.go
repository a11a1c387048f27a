package analysis

import (
	"github.com/blevesearch/bleve/v2/analysis"
)

// CommonWords are the words whose pairs become bigram terms ("of_the",
// "demarch_on", "in_a") in cable_text: the 16 most frequent English
// function words, which make up about a quarter of the running text of a
// cable and whose posting lists make phrase queries slow. Keeping them
// indexed (no stop-word removal) keeps phrase positions exact: "demarche
// on Iran" is not found by "demarche Iran", and "secretary of state"
// does not match "secretary state".
//
// Two tiers. The words of GramWords ("the", "of": a tenth of all tokens)
// pair with any neighbour ("the_embassi", "govern_of"); the other common
// words pair only with another common word ("in_a", "to_be", "it_is").
// A phrase such as "agreed to sign" is then matched on the positions of
// "to" in the cables holding both "agreed" and "sign", as a phrase of
// rare words is.
//
// Measured on 2,000 synthetic cables (13.4 MB of text; BENCHMARKS.md,
// "Build: decisions"): no grams 39.5 MB and 6.5 CPU-s; all 16 words
// pairing with any neighbour (schema 1) 60.0 MB and 11-14 CPU-s; only
// "the" and "of" 45.9 MB; the two tiers 46.3 MB and 8 CPU-s. On 25,000
// cables, phrases of two common words outside any gram ("in a", "to be",
// "it is") were 4-9x slower than with grams, hence the second tier.
var CommonWords = []string{
	"the", "of", "and", "to", "a", "in", "for", "on",
	"is", "that", "with", "by", "as", "at", "be", "it",
}

// GramWords are the common words that pair with any neighbour; the rest
// of CommonWords pair only with each other.
var GramWords = []string{"the", "of"}

// GramSeparator joins the two words of a common-gram term.
const GramSeparator = '_'

// CommonGramsFilter emits, besides every token, a bigram term "w1_w2" for
// each pair of adjacent tokens where either word is common (with tiers:
// either word pairs with any neighbour, or both words are common), at the
// position of the first word (like Lucene's CommonGramsFilter). The index
// then holds "of_the" as a term, and a phrase made of common words can be
// answered from one short posting list instead of two huge ones.
//
// Tokens sharing a position (the parts of a reference ID) are paired with
// every token of the next position.
type CommonGramsFilter struct {
	// words maps a common word to its tier: tierAny pairs with any
	// neighbour, tierPair only with another common word.
	words map[string]uint8
	query bool
}

const (
	tierPair = 1
	tierAny  = 2
)

// NewCommonGramsFilter returns an index-side filter over the given common
// words (terms as they reach the filter: folded and stemmed), each
// pairing with any neighbour.
func NewCommonGramsFilter(words []string) *CommonGramsFilter {
	return NewTieredCommonGramsFilter(words, nil)
}

// NewTieredCommonGramsFilter returns an index-side filter where the words
// of anyWords pair with any neighbour and those of pairWords only with
// another word of either list.
func NewTieredCommonGramsFilter(anyWords, pairWords []string) *CommonGramsFilter {
	m := make(map[string]uint8, len(anyWords)+len(pairWords))
	for _, w := range pairWords {
		m[w] = tierPair
	}
	for _, w := range anyWords {
		m[w] = tierAny
	}
	return &CommonGramsFilter{words: m}
}

// NewCommonGramsQueryFilter returns the query-side companion of
// NewCommonGramsFilter (like Lucene's CommonGramsQueryFilter): it emits
// the bigrams and only those single words that are not part of a bigram,
// so the phrase "of the" becomes the single term "of_the" and "secretary
// of state" the phrase "secretari_of of_state". Use it for phrases only:
// for a bag-of-words query it would drop words.
func NewCommonGramsQueryFilter(words []string) *CommonGramsFilter {
	return NewTieredCommonGramsQueryFilter(words, nil)
}

// NewTieredCommonGramsQueryFilter is the query-side companion of
// NewTieredCommonGramsFilter.
func NewTieredCommonGramsQueryFilter(anyWords, pairWords []string) *CommonGramsFilter {
	f := NewTieredCommonGramsFilter(anyWords, pairWords)
	f.query = true
	return f
}

// tier gives the tier of a token's term, 0 for a word that is not common.
func (f *CommonGramsFilter) tier(t *analysis.Token) uint8 {
	return f.words[string(t.Term)]
}

// pairs reports whether two adjacent words of the given tiers make a gram.
func pairs(a, b uint8) bool {
	return a == tierAny || b == tierAny || (a != 0 && b != 0)
}

// Filter adds the bigrams.
func (f *CommonGramsFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	// Cheap pre-check: no common word, nothing to do.
	anyCommon := false
	for _, t := range input {
		if f.tier(t) != 0 {
			anyCommon = true
			break
		}
	}
	if !anyCommon {
		return input
	}
	out := make(analysis.TokenStream, 0, len(input)*2)
	var member []bool
	if f.query {
		member = make([]bool, len(input))
	}
	for i, t := range input {
		if !f.query {
			out = append(out, t)
		}
		ti := f.tier(t)
		for j := i + 1; j < len(input) && input[j].Position <= t.Position+1; j++ {
			n := input[j]
			if n.Position != t.Position+1 || !pairs(ti, f.tier(n)) {
				continue
			}
			term := make([]byte, 0, len(t.Term)+1+len(n.Term))
			term = append(append(append(term, t.Term...), GramSeparator), n.Term...)
			out = append(out, &analysis.Token{
				Term: term, Start: t.Start, End: n.End, Position: t.Position, Type: analysis.Shingle,
			})
			if f.query {
				member[i], member[j] = true, true
			}
		}
	}
	if !f.query {
		return out
	}
	// Query side: merge the grams (in position order already) with the
	// single words that belong to no gram, keeping position order.
	res := make(analysis.TokenStream, 0, len(out)+len(input))
	k := 0
	for i, t := range input {
		for k < len(out) && out[k].Position <= t.Position {
			res = append(res, out[k])
			k++
		}
		if !member[i] {
			res = append(res, t)
		}
	}
	return append(res, out[k:]...)
}
