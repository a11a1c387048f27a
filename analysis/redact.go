package analysis

import (
	"github.com/blevesearch/bleve/v2/analysis"
)

// Redacted is the term that stands for a redaction run: the
// "XXXXXXXXXXXX" WikiLeaks put in place of protected names.
const Redacted = "xxredactedxx"

// minRedaction is the shortest run of x's taken for a redaction.
const minRedaction = 3

// RedactFilter turns a redaction run into the single term Redacted.
// "XXXXXXXXXXXX" becomes "xxredactedxx"; a run glued to a word
// ("gentleXXX", "XXXXXXbased") is split into the word and the redaction
// at consecutive positions, and the positions of the tokens after it move
// up by one. Offsets stay those of the source text.
type RedactFilter struct{}

// NewRedactFilter returns a RedactFilter.
func NewRedactFilter() *RedactFilter { return &RedactFilter{} }

func isX(c byte) bool { return c == 'x' || c == 'X' }

// Filter replaces redaction runs.
func (f *RedactFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	var out analysis.TokenStream // nil until a glued run needs a new slice
	shift := 0
	for i, t := range input {
		t.Position += shift
		term := t.Term
		// Cheap pre-check: a run can only sit at either end of the term.
		if len(term) < minRedaction || !(isX(term[0]) || isX(term[len(term)-1])) {
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		lead := 0
		for lead < len(term) && isX(term[lead]) {
			lead++
		}
		if lead == len(term) || (lead >= minRedaction && isApostrophe(term[lead])) {
			// The whole token is x's, or x's with a possessive.
			t.Term = []byte(Redacted)
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		trail := 0
		for trail < len(term) && isX(term[len(term)-1-trail]) {
			trail++
		}
		var red, word *analysis.Token
		switch {
		case lead >= minRedaction:
			red = &analysis.Token{Term: []byte(Redacted), Start: t.Start, End: t.Start + lead, Position: t.Position, Type: t.Type}
			word = &analysis.Token{Term: term[lead:], Start: t.Start + lead, End: t.End, Position: t.Position + 1, Type: t.Type}
		case trail >= minRedaction:
			word = &analysis.Token{Term: term[:len(term)-trail], Start: t.Start, End: t.End - trail, Position: t.Position, Type: t.Type}
			red = &analysis.Token{Term: []byte(Redacted), Start: t.End - trail, End: t.End, Position: t.Position + 1, Type: t.Type}
		default:
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		if out == nil {
			out = make(analysis.TokenStream, i, len(input)+4)
			copy(out, input[:i])
		}
		if lead >= minRedaction {
			out = append(out, red, word)
		} else {
			out = append(out, word, red)
		}
		shift++
	}
	if out == nil {
		return input
	}
	return out
}

// isApostrophe reports whether c starts an apostrophe: ASCII or the
// first byte of "’" / "＇".
func isApostrophe(c byte) bool { return c == '\'' || c == 0xE2 || c == 0xEF }
