package analysis_test

import (
	"testing"
	"unicode/utf8"

	cablean "github.com/cablesearch/cablesearch/analysis"
)

// FuzzTextAnalyzer checks what snippets and phrases rely on, for any
// input: every token's offsets lie inside the input, on rune boundaries,
// with Start <= End; positions start at 1 and never go down; and
// cable_text_index gives the same terms at the same positions with
// offsets 0.
func FuzzTextAnalyzer(f *testing.F) {
	for _, s := range []string{
		"The Embassy of Côte d'Ivoire cited 09 MOSCOW 521 and REF B: STATE 000123.",
		"the sanctions.XXXXX regime and U.S.in the custody; www.state.gov",
		"XXXXXXXXXXXX told gentleXXX about 3.5 percent of the A.M. meeting",
		"..a..b.. .. 1.2.3 é.é.é ÉTATS-UNIS",
		"",
	} {
		f.Add(s)
	}
	text, index := cablean.NewTextAnalyzer(), cablean.NewTextIndexAnalyzer()
	f.Fuzz(func(t *testing.T, in string) {
		toks := text.Analyze([]byte(in))
		idx := index.Analyze([]byte(in))
		if len(idx) != len(toks) {
			t.Fatalf("%q: cable_text_index gave %d tokens, cable_text %d", in, len(idx), len(toks))
		}
		last := 1
		for i, tok := range toks {
			if tok.Start < 0 || tok.End > len(in) || tok.Start > tok.End {
				t.Fatalf("%q: token %d %q has offsets %d:%d outside the input", in, i, tok.Term, tok.Start, tok.End)
			}
			if utf8.ValidString(in) && (!utf8.RuneStart(byteAt(in, tok.Start)) || !utf8.RuneStart(byteAt(in, tok.End))) {
				t.Fatalf("%q: token %d %q offsets %d:%d split a rune", in, i, tok.Term, tok.Start, tok.End)
			}
			if tok.Position < last {
				t.Fatalf("%q: token %d %q at position %d after position %d", in, i, tok.Term, tok.Position, last)
			}
			last = tok.Position
			x := idx[i]
			if string(x.Term) != string(tok.Term) || x.Position != tok.Position || x.Start != 0 || x.End != 0 {
				t.Fatalf("%q: token %d: index %q@%d [%d:%d], text %q@%d", in, i, x.Term, x.Position, x.Start, x.End, tok.Term, tok.Position)
			}
		}
	})
}

// byteAt gives s[i], or a rune-start byte at the end of s.
func byteAt(s string, i int) byte {
	if i >= len(s) {
		return 0
	}
	return s[i]
}
