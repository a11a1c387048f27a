package query

import (
	"strings"

	bleveanalysis "github.com/blevesearch/bleve/v2/analysis"
)

// Snippets find the byte ranges of their matches by analysing the
// paragraph again, not from the byte offsets of the term locations: the
// index keeps only the positions of the terms (schema 3 stores every
// offset as 0, to save a tenth of its size). The analyzer is the one the
// text fields are indexed with, so the tokens of a paragraph come out at
// the positions bleve reports; a match is the token with the location's
// position and term. Matching on the position, not on the term alone,
// keeps phrase highlights exact: bleve reports only the locations of the
// phrase's own words, not every occurrence of them. The analysis runs in
// a tokenScratch, whose memory serves from one snippet to the next.

// termPos is a match as a term location gives it: the term and its
// position (1 for the first token) in the paragraph.
type termPos struct {
	term string
	pos  int
}

// byPosition indexes the terms of matches by position.
func byPosition(matches []termPos) map[int][]string {
	m := make(map[int][]string, len(matches))
	for _, x := range matches {
		m[x.pos] = append(m[x.pos], x.term)
	}
	return m
}

// matchingRanges appends to ranges the byte ranges of the tokens whose
// position and term are in byPos, for the tokens before position stop
// (all when stop is 0).
func matchingRanges(ranges [][2]int, toks bleveanalysis.TokenStream, byPos map[int][]string, stop int) [][2]int {
	for _, tok := range toks {
		if stop > 0 && tok.Position >= stop {
			break
		}
		for _, term := range byPos[tok.Position] {
			if term == string(tok.Term) {
				ranges = append(ranges, [2]int{tok.Start, tok.End})
				break
			}
		}
	}
	return ranges
}

// matchRanges gives the byte ranges in text of the matches: the tokens
// of the cable_text analysis of text whose position and term are those
// of a match. Matches that no token answers are left out.
func matchRanges(text string, matches []termPos) [][2]int {
	if len(matches) == 0 {
		return nil
	}
	sc := getScratch()
	defer putScratch(sc)
	return matchingRanges(nil, sc.analyze(text), byPosition(matches), 0)
}

// snippet is Snippet(text, matchRanges(text, matches), size), but it
// analyses only as much of text as the snippet can show when it can: a
// window of size bytes starting at most size/4 before the first match
// ends before first+size, so the ranges past that are never used.
//
// A prefix cut at white space gives the same tokens as the whole text
// (at the same positions: the filters renumber only from what precedes),
// except at its last position, where a common gram with the next word is
// missing; so the tokens before the last position are used, and the
// prefix is lengthened until they reach past first+size and a non-space
// byte beyond it (which keeps Snippet from joining a shown match to a
// later one across white space).
func snippet(text string, matches []termPos, size int) string {
	if len(matches) == 0 {
		return Snippet(text, nil, size)
	}
	sc := getScratch()
	defer putScratch(sc)
	byPos := byPosition(matches)
	first := matches[0].pos
	for _, m := range matches {
		first = min(first, m.pos)
	}
	// About 8 bytes a position is generous for cable English, so one
	// analysis is usually enough.
	cut := 8*first + size + 64
	for cut < len(text) {
		cut = nextSpace(text, cut)
		if cut >= len(text) {
			break
		}
		toks := sc.analyze(text[:cut])
		if len(toks) == 0 {
			cut *= 2
			continue
		}
		last := toks[len(toks)-1].Position
		exact := cut // the tokens starting before exact are complete
		for i := len(toks) - 1; i >= 0 && toks[i].Position == last; i-- {
			exact = toks[i].Start
		}
		ranges := matchingRanges(nil, toks, byPos, last)
		if len(ranges) > 0 {
			need := ranges[0][0] + size
			if need < exact && strings.TrimSpace(text[need:exact]) != "" {
				return Snippet(text, ranges, size)
			}
			cut = max(2*cut, need+64)
			continue
		}
		cut *= 2
	}
	return Snippet(text, matchingRanges(nil, sc.analyze(text), byPos, 0), size)
}

// nextSpace gives the index of the first ASCII white space byte of text
// at or after i, or len(text).
func nextSpace(text string, i int) int {
	if i >= len(text) {
		return len(text)
	}
	if j := strings.IndexAny(text[i:], " \n\t\r"); j >= 0 {
		return i + j
	}
	return len(text)
}
