package analysis

import (
	"bytes"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
)

// DotsFilter splits words that a full stop without a space glued
// together. The unicode tokenizer keeps "letters.letters" as one word
// (UAX #29), so "sanctions.XXXXX", "U.S.in" and "www.state.gov" would be
// single terms that a search for sanctions, in or state never finds. A
// token is split at each full stop unless all its parts are single
// letters (abbreviations: "U.S", "e.g", "a.m" stay whole) or a part holds
// a digit (numbers, "3.5"); runs of single-letter parts stay together as
// one abbreviation ("U.S.in" → "U.S" "in"). The parts take consecutive
// positions and the tokens after them move up; offsets are those of the
// source text.
type DotsFilter struct{}

// NewDotsFilter returns a DotsFilter.
func NewDotsFilter() *DotsFilter { return &DotsFilter{} }

// Filter splits glued words.
func (f *DotsFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	var out analysis.TokenStream // nil until a split needs a new slice
	shift := 0
	for i, t := range input {
		t.Position += shift
		parts := dotParts(t.Term)
		if len(parts) < 2 {
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		if out == nil {
			out = make(analysis.TokenStream, i, len(input)+len(parts))
			copy(out, input[:i])
		}
		for k, p := range parts {
			out = append(out, &analysis.Token{
				Term:     t.Term[p[0]:p[1]],
				Start:    t.Start + p[0],
				End:      t.Start + p[1],
				Position: t.Position + k,
				Type:     t.Type,
			})
		}
		shift += len(parts) - 1
	}
	if out == nil {
		return input
	}
	return out
}

// dotParts gives the byte ranges of the words of term split at full
// stops, or nil when term stays whole.
func dotParts(term []byte) [][2]int {
	if bytes.IndexByte(term, '.') < 0 {
		return nil
	}
	// The dot-separated segments, with their letter counts.
	type seg struct{ lo, hi, letters int }
	var segs []seg
	long := false
	lo := 0
	for lo <= len(term) {
		hi := bytes.IndexByte(term[lo:], '.')
		if hi < 0 {
			hi = len(term)
		} else {
			hi += lo
		}
		s := seg{lo: lo, hi: hi}
		for i := lo; i < hi; {
			r, n := utf8.DecodeRune(term[i:hi])
			if unicode.IsDigit(r) {
				return nil
			}
			if unicode.IsLetter(r) {
				s.letters++
			}
			i += n
		}
		if s.hi > s.lo {
			segs = append(segs, s)
			long = long || s.letters > 1
		}
		lo = hi + 1
	}
	if !long || len(segs) < 2 {
		return nil
	}
	var parts [][2]int
	for i := 0; i < len(segs); {
		j := i + 1
		if segs[i].letters <= 1 {
			// A run of single letters is one abbreviation.
			for j < len(segs) && segs[j].letters <= 1 {
				j++
			}
		}
		parts = append(parts, [2]int{segs[i].lo, segs[j-1].hi})
		i = j
	}
	if len(parts) < 2 {
		return nil
	}
	return parts
}
