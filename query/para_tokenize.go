package query

import (
	"sync"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/segment"

	"github.com/cablesearch/cablesearch/analysis"
)

// tokenScratch analyses paragraph text for snippets with the cable_text
// analysis in memory kept from one use to the next: a copy of the text,
// and the tokens of bleve's unicode tokenizer (the tokenizer of
// cable_text: the same terms, offsets, positions and types) before the
// filters. bleve's tokenizer allocates its tokens anew for each text, and
// sizes its first array of them by the length of the first word (room for
// a token per byte when a paragraph opens with "1."): most of the garbage
// of a page's snippets. A scratch is for one goroutine at a time; get one
// with getScratch and give it back with putScratch once its tokens are no
// longer used.
type tokenScratch struct {
	input  []byte
	chunks [][]bleveanalysis.Token // tokens, tokenChunk a chunk, reused
	stream bleveanalysis.TokenStream
}

// tokenChunk is the number of tokens allocated at once: a chunk is never
// grown, so the tokens handed out stay where they are.
const tokenChunk = 128

var scratchPool = sync.Pool{New: func() any { return new(tokenScratch) }}

func getScratch() *tokenScratch   { return scratchPool.Get().(*tokenScratch) }
func putScratch(sc *tokenScratch) { scratchPool.Put(sc) }

// textFilters are the token filters of the cable_text analyzer, shared:
// the analysis package keeps its components safe for concurrent use
// (bleve shares them too).
var textFilters = sync.OnceValue(func() []bleveanalysis.TokenFilter {
	return analysis.NewTextAnalyzer().TokenFilters
})

// analyze gives the tokens of the cable_text analysis of text. They live
// in sc: valid until sc analyses again or is put back.
func (sc *tokenScratch) analyze(text string) bleveanalysis.TokenStream {
	sc.input = append(sc.input[:0], text...)
	toks := sc.tokenize(sc.input)
	for _, f := range textFilters() {
		toks = f.Filter(toks)
	}
	return toks
}

// tokenize gives the tokens of bleve's unicode tokenizer of input.
func (sc *tokenScratch) tokenize(input []byte) bleveanalysis.TokenStream {
	rv := sc.stream[:0]
	chunk, used := 0, 0
	seg := segment.NewWordSegmenterDirect(input)
	start, pos := 0, 1
	for seg.Segment() {
		b := seg.Bytes()
		end := start + len(b)
		if typ := seg.Type(); typ != segment.None {
			if chunk == len(sc.chunks) {
				sc.chunks = append(sc.chunks, make([]bleveanalysis.Token, tokenChunk))
			}
			t := &sc.chunks[chunk][used]
			if used++; used == tokenChunk {
				chunk, used = chunk+1, 0
			}
			*t = bleveanalysis.Token{Term: b, Start: start, End: end, Position: pos, Type: tokenType(typ)}
			rv = append(rv, t)
			pos++
		}
		start = end
	}
	sc.stream = rv
	return rv
}

// tokenType maps a word type of the segmenter to a token type, as bleve's
// unicode tokenizer does.
func tokenType(t int) bleveanalysis.TokenType {
	switch t {
	case segment.Ideo, segment.Kana:
		return bleveanalysis.Ideographic
	case segment.Number:
		return bleveanalysis.Numeric
	}
	return bleveanalysis.AlphaNumeric
}
