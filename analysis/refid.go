package analysis

import (
	"github.com/blevesearch/bleve/v2/analysis"
)

// RefIDFilter keeps a joined reference ID such as "09moscow521" whole and
// also emits its parts "09", "moscow", "521" at consecutive positions
// (the whole token shares the position of "09"), so that the phrase
// queries "09MOSCOW521", "09 MOSCOW 521" and "MOSCOW 521" all match text
// written either way. Leading zeros of the number are dropped in the
// whole token ("09moscow000521" → "09moscow521"). The tokens after a
// reference ID move up by two positions.
//
// The year part is also emitted in four digits at the same position
// ("09" and "2009"; years above 10 are 19YY), because cables often cite
// "2000 ISLAMABAD 6055" for 00ISLAMABAD6055.
//
// It expects lower-cased terms (put it after FoldFilter) and recognises
// two digits, letters, digits; a cheap byte check runs before the full
// scan.
type RefIDFilter struct{}

// NewRefIDFilter returns a RefIDFilter.
func NewRefIDFilter() *RefIDFilter { return &RefIDFilter{} }

// splitRefID returns the end of the year and of the station of a
// reference-ID-shaped term, or ok=false.
func splitRefID(b []byte) (yearEnd, stationEnd int, ok bool) {
	// Shortest ID: "09X1"; pre-check two leading digits and a letter.
	if len(b) < 4 || !isDigit(b[0]) || !isDigit(b[1]) || !isLower(b[2]) {
		return 0, 0, false
	}
	i := 2
	for i < len(b) && isLower(b[i]) {
		i++
	}
	if i == len(b) {
		return 0, 0, false
	}
	for j := i; j < len(b); j++ {
		if !isDigit(b[j]) {
			return 0, 0, false
		}
	}
	return 2, i, true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isLower(c byte) bool { return 'a' <= c && c <= 'z' }

// Filter adds the parts of reference IDs.
func (f *RefIDFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	var out analysis.TokenStream
	shift := 0
	for i, t := range input {
		t.Position += shift
		ye, se, ok := splitRefID(t.Term)
		if !ok {
			if out != nil {
				out = append(out, t)
			}
			continue
		}
		if out == nil {
			out = make(analysis.TokenStream, i, len(input)+8)
			copy(out, input[:i])
		}
		term := t.Term
		num := trimZeros(term[se:])
		whole := make([]byte, 0, se+len(num))
		whole = append(append(whole, term[:se]...), num...)
		// The parts' offsets are those of their bytes in the source, unless
		// folding changed the term's length ("00É00"): then each part
		// takes the whole token's, so that no offset falls inside a rune.
		yearEnd, stStart, stEnd, serStart := t.Start+ye, t.Start+ye, t.Start+se, t.Start+se
		if len(term) != t.End-t.Start {
			yearEnd, stStart, stEnd, serStart = t.End, t.Start, t.End, t.Start
		}
		out = append(out,
			&analysis.Token{Term: whole, Start: t.Start, End: t.End, Position: t.Position, Type: t.Type},
			&analysis.Token{Term: term[:ye], Start: t.Start, End: yearEnd, Position: t.Position, Type: analysis.Numeric},
			&analysis.Token{Term: fullYear(term[0], term[1]), Start: t.Start, End: yearEnd, Position: t.Position, Type: analysis.Numeric},
			&analysis.Token{Term: term[ye:se], Start: stStart, End: stEnd, Position: t.Position + 1, Type: analysis.AlphaNumeric},
			&analysis.Token{Term: term[se:], Start: serStart, End: t.End, Position: t.Position + 2, Type: analysis.Numeric},
		)
		shift += 2
	}
	if out == nil {
		return input
	}
	return out
}

// fullYear expands a two-digit year: above 10 is 19YY, otherwise 20YY
// (the cables run from 1966 to 2010).
func fullYear(d1, d2 byte) []byte {
	if yy := int(d1-'0')*10 + int(d2-'0'); yy > 10 {
		return []byte{'1', '9', d1, d2}
	}
	return []byte{'2', '0', d1, d2}
}

// NumberFilter strips the leading zeros of all-digit terms: "000521" →
// "521", "0000" → "0". Cables zero-pad reference numbers
// ("ISLAMABAD 000648") while citations often do not.
type NumberFilter struct{}

// NewNumberFilter returns a NumberFilter.
func NewNumberFilter() *NumberFilter { return &NumberFilter{} }

// Filter strips leading zeros.
func (f *NumberFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		if len(t.Term) > 1 && t.Term[0] == '0' && allDigits(t.Term) {
			t.Term = trimZeros(t.Term)
		}
	}
	return input
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

// trimZeros drops leading zeros of a digit string, keeping one digit.
func trimZeros(b []byte) []byte {
	i := 0
	for i < len(b)-1 && b[i] == '0' {
		i++
	}
	return b[i:]
}
