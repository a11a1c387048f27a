package query

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	cablesearch "github.com/cablesearch/cablesearch"
)

// Limits on the input of Parse.
const (
	MaxQueryBytes = 4096 // longest accepted query, in bytes
	MaxDepth      = 64   // deepest nesting of parentheses and negations
	MaxClauses    = 256  // most clauses (words, phrases, fields...) in one query
)

// SyntaxError is a query that cannot be parsed. Pos is the byte offset
// (from 0) in the query where the problem was found.
type SyntaxError struct {
	Pos int
	Msg string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("query: position %d: %s", e.Pos, e.Msg)
}

func errAt(pos int, format string, args ...any) *SyntaxError {
	return &SyntaxError{Pos: pos, Msg: fmt.Sprintf(format, args...)}
}

// Field names known to the parser, in the order listed in errors.
var knownFields = []string{
	"after", "before", "cites", "citedby", "class", "classifiedby",
	"comment", "created", "id", "marking", "origin", "ref", "released",
	"signer", "station", "subject", "summary", "tag",
}

// Parse parses a query (see the package documentation for the language).
// An empty query, or one of only white space, is MatchAll. Errors are
// *SyntaxError.
func Parse(s string) (Q, error) {
	if len(s) > MaxQueryBytes {
		return nil, errAt(MaxQueryBytes, "query too long (more than %d bytes)", MaxQueryBytes)
	}
	if !utf8.ValidString(s) {
		for i, r := range s {
			if r == utf8.RuneError {
				if _, n := utf8.DecodeRuneInString(s[i:]); n <= 1 {
					return nil, errAt(i, "invalid UTF-8")
				}
			}
		}
	}
	toks, err := lex(s)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	if p.peek().kind == tEOF {
		return &MatchAll{}, nil
	}
	q, err := p.parseOr()
	if err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tEOF {
		return nil, errAt(t.pos, "unexpected %s", describe(t))
	}
	// String may be longer than the input ("moscow~" is "moscow~1"); keep
	// it parseable.
	if n := len(q.String()); n > MaxQueryBytes {
		return nil, errAt(len(s), "query too long (%d bytes when written out, more than %d)", n, MaxQueryBytes)
	}
	return q, nil
}

type parser struct {
	toks    []token
	i       int
	depth   int
	clauses int
}

func (p *parser) peek() token { return p.toks[p.i] }

func (p *parser) peekAt(k int) token {
	if p.i+k < len(p.toks) {
		return p.toks[p.i+k]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) advance() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
	}
	return t
}

func describe(t token) string {
	switch t.kind {
	case tWord:
		return fmt.Sprintf("%q", t.text)
	case tPhrase:
		return "phrase"
	case tField:
		return fmt.Sprintf("field %q", t.text+":")
	}
	return t.kind.String()
}

// parseOr: or := and ("OR" and)*
func (p *parser) parseOr() (Q, error) {
	first, err := p.parseAnd()
	if err != nil {
		return nil, err
	}
	if p.peek().kind != tOr {
		return first, nil
	}
	kids := []Q{first}
	for p.peek().kind == tOr {
		p.advance()
		q, err := p.parseAnd()
		if err != nil {
			return nil, err
		}
		kids = append(kids, q)
	}
	return &Or{Children: kids}, nil
}

// parseAnd: and := unary (["AND"] unary)*
func (p *parser) parseAnd() (Q, error) {
	var kids []Q
	for {
		t := p.peek()
		switch t.kind {
		case tEOF, tRParen, tOr:
			if len(kids) == 0 {
				return nil, errAt(t.pos, "expected a search term, found %s", describe(t))
			}
			if len(kids) == 1 {
				return kids[0], nil
			}
			return &And{Children: kids}, nil
		case tAnd:
			if len(kids) == 0 {
				return nil, errAt(t.pos, "expected a search term before AND")
			}
			p.advance()
			if k := p.peek().kind; k == tEOF || k == tRParen || k == tOr || k == tAnd {
				return nil, errAt(p.peek().pos, "expected a search term after AND, found %s", describe(p.peek()))
			}
		}
		q, err := p.parseUnary()
		if err != nil {
			return nil, err
		}
		kids = append(kids, q)
	}
}

// parseUnary: unary := ("NOT" | "-") unary | "+" unary | primary
func (p *parser) parseUnary() (Q, error) {
	t := p.peek()
	switch t.kind {
	case tPlus:
		// '+' is a no-op; it neither nests nor counts as a clause.
		for p.peek().kind == tPlus {
			p.advance()
		}
		return p.parseUnary()
	case tNot, tMinus:
		p.depth++
		if p.depth > MaxDepth {
			return nil, errAt(t.pos, "query nested too deeply (more than %d levels)", MaxDepth)
		}
		p.advance()
		if t.kind == tNot {
			if k := p.peek().kind; k == tEOF || k == tRParen || k == tOr || k == tAnd {
				return nil, errAt(p.peek().pos, "expected a search term after NOT, found %s", describe(p.peek()))
			}
		}
		q, err := p.parseUnary()
		p.depth--
		if err != nil {
			return nil, err
		}
		return &Not{Child: q}, nil
	}
	return p.parsePrimary()
}

// parsePrimary: primary := "(" or ")" | phrase | field value | word
func (p *parser) parsePrimary() (Q, error) {
	t := p.peek()
	if t.kind != tLParen {
		p.clauses++
		if p.clauses > MaxClauses {
			return nil, errAt(t.pos, "too many clauses (more than %d)", MaxClauses)
		}
	}
	switch t.kind {
	case tLParen:
		p.depth++
		if p.depth > MaxDepth {
			return nil, errAt(t.pos, "query nested too deeply (more than %d levels)", MaxDepth)
		}
		p.advance()
		q, err := p.parseOr()
		if err != nil {
			return nil, err
		}
		if c := p.peek(); c.kind != tRParen {
			return nil, errAt(c.pos, "expected ')' to close '(' at position %d, found %s", t.pos, describe(c))
		}
		p.advance()
		p.depth--
		return q, nil
	case tPhrase:
		p.advance()
		text := strings.Join(strings.Fields(t.text), " ")
		if text == "" {
			return nil, errAt(t.pos, "empty phrase")
		}
		return &Phrase{Text: text}, nil
	case tField:
		p.advance()
		v := p.advance() // the lexer guarantees a word or phrase
		return p.parseField(t, v)
	case tWord:
		if t.text == "*" {
			p.advance()
			return &MatchAll{}, nil
		}
		if id, n := p.citationAhead(); n > 0 {
			for range n {
				p.advance()
			}
			return &Citation{ID: id}, nil
		}
		p.advance()
		return parseWord(t.text, t.pos)
	}
	return nil, errAt(t.pos, "expected a search term, found %s", describe(t))
}

// parseWord reads a bare word: "w" (Term), "w*" (Prefix), "w~" or "w~N"
// (Fuzzy). '*' and '~' are not allowed elsewhere in a word.
func parseWord(w string, pos int) (Q, error) {
	if i := strings.IndexByte(w, '~'); i >= 0 {
		base, dist := w[:i], w[i+1:]
		if base == "" {
			return nil, errAt(pos, "expected a word before '~'")
		}
		if j := strings.IndexByte(base, '*'); j >= 0 {
			return nil, errAt(pos+j, "'*' is only allowed at the end of a word")
		}
		d := 1
		switch dist {
		case "", "1":
		case "2":
			d = 2
		default:
			return nil, errAt(pos+i, "expected 1 or 2 after '~', found %q", dist)
		}
		return &Fuzzy{Text: base, Dist: d}, nil
	}
	if j := strings.IndexByte(w, '*'); j >= 0 {
		if j != len(w)-1 {
			return nil, errAt(pos+j, "'*' is only allowed at the end of a word")
		}
		if j == 0 {
			return nil, errAt(pos, "expected a word before '*'")
		}
		return &Prefix{Text: w[:j]}, nil
	}
	return &Term{Text: w}, nil
}

// citationAhead looks at the bare words starting at the current token
// and reports whether they form a cable citation: a compact ID
// ("09MOSCOW521"), year station serial ("09 MOSCOW 521", "2009 MOSCOW
// 521") or station serial with the serial written with leading zeros
// ("MOSCOW 00000521"). The station must be typed in capitals when it is a
// word of its own. n is the number of tokens used (0: no citation).
func (p *parser) citationAhead() (id string, n int) {
	w0 := p.peekAt(0)
	if id, ok := compactCitation(w0.text); ok {
		return id, 1
	}
	w1, w2 := p.peekAt(1), p.peekAt(2)
	if w1.kind != tWord {
		return "", 0
	}
	if w2.kind == tWord && isYear(w0.text) && isStation(w1.text) && isSerial(w2.text) {
		return fullCitation(w0.text, w1.text, w2.text), 3
	}
	if isStation(w0.text) && isSerial(w1.text) && w1.text[0] == '0' {
		return w0.text + strings.TrimLeft(w1.text, "0"), 2
	}
	return "", 0
}

// compactCitation recognises a one-word ID such as "09MOSCOW521" (any
// case), asking the root package first so that its station aliases and
// repairs of malformed IDs apply; a word must start with two digits.
//
// The result is a fixed point: the root package may repair an ID further
// when given its compact form ("00 MOSCO 1" is left alone, "00MOSCO1"
// becomes "00MOSCOW1"), so the result is fed back until it is stable, and
// String's compact form parses to the same ID.
func compactCitation(w string) (string, bool) {
	id, ok := compactCitation1(w)
	if !ok {
		return "", false
	}
	return stableID(id), true
}

// stableID feeds a compact ID back through compactCitation1 until it no
// longer changes (at most a few rounds).
func stableID(id string) string {
	for range 4 {
		next, ok := compactCitation1(id)
		if !ok || next == id {
			return id
		}
		id = next
	}
	return id
}

func compactCitation1(w string) (string, bool) {
	if len(w) < 4 || !isDigit(w[0]) || !isDigit(w[1]) || isDigits(w) {
		return "", false
	}
	if id, ok := cablesearch.ParseCitation(w, 0); ok && compactShape(id) {
		return id, true
	}
	if !compactShape(w) {
		return "", false
	}
	i := 2
	for i < len(w) && isLetter(w[i]) {
		i++
	}
	if i == 2 || !isSerial(w[i:]) {
		return "", false
	}
	return w[:2] + strings.ToUpper(w[2:i]) + strings.TrimLeft(w[i:], "0"), true
}

// compactShape reports whether id looks like YY + STATION + SERIAL:
// two digits, letters, then a serial.
func compactShape(id string) bool {
	if len(id) < 4 || !isDigit(id[0]) || !isDigit(id[1]) {
		return false
	}
	i := 2
	for i < len(id) && isLetter(id[i]) {
		i++
	}
	return i > 2 && isSerial(id[i:])
}

// fullCitation canonicalises year, station and serial.
func fullCitation(year, station, serial string) string {
	if id, ok := cablesearch.ParseCitation(year+" "+station+" "+serial, 0); ok && compactShape(id) {
		return stableID(id)
	}
	return stableID(year[len(year)-2:] + strings.ToUpper(station) + strings.TrimLeft(serial, "0"))
}

func isLetter(c byte) bool { c |= 0x20; return 'a' <= c && c <= 'z' }

func isYear(s string) bool {
	return len(s) == 2 && isDigits(s) ||
		len(s) == 4 && isDigits(s) && (s[:2] == "19" || s[:2] == "20")
}

func isStation(s string) bool {
	return len(s) >= 2 && isCaps(s) && s != "AND" && s != "OR" && s != "NOT"
}

// isSerial: digits, not all zero, at most 8 without leading zeros.
func isSerial(s string) bool {
	if len(s) > 16 || !isDigits(s) {
		return false
	}
	t := strings.TrimLeft(s, "0")
	return t != "" && len(t) <= 8
}

// parseCitationValue reads the value of id:, ref:, cites: and citedby: in
// any citation form; the station may be in any case here.
func parseCitationValue(v string) (string, bool) {
	f := strings.Fields(v)
	switch len(f) {
	case 1:
		return compactCitation(f[0])
	case 2:
		if isLetters(f[0]) && isSerial(f[1]) {
			return strings.ToUpper(f[0]) + strings.TrimLeft(f[1], "0"), true
		}
	case 3:
		if isYear(f[0]) && isLetters(f[1]) && isSerial(f[2]) {
			return fullCitation(f[0], f[1], f[2]), true
		}
	}
	if id, ok := cablesearch.ParseCitation(v, 0); ok && id != "" {
		return compactCitation(id)
	}
	return "", false
}

// parseField reads the value v of field f.
func (p *parser) parseField(f, v token) (Q, error) {
	name := strings.ToLower(f.text)
	quoted := v.kind == tPhrase
	val := v.text
	if quoted {
		val = strings.Join(strings.Fields(val), " ")
		if val == "" {
			return nil, errAt(v.pos, "empty value for %s:", name)
		}
	}
	switch name {
	case "id", "ref", "cites", "citedby":
		id, ok := parseCitationValue(val)
		if !ok {
			return nil, errAt(v.pos, "%s: %q is not a cable reference (for example 09MOSCOW521 or \"09 MOSCOW 521\")", name, val)
		}
		kind := name
		if kind == "ref" {
			kind = RefID
		}
		if kind == RefCitedBy && yearless(id) {
			return nil, errAt(v.pos, "citedby: needs a reference with its year, like 09MOSCOW521")
		}
		return &Ref{Kind: kind, ID: id}, nil
	case "created", "released", "after", "before":
		return parseDates(name, val, v.pos)
	case "subject", "summary", "comment":
		if quoted {
			return &Field{Name: name, Value: &Phrase{Text: val}}, nil
		}
		if val == "*" {
			return nil, errAt(v.pos, "expected a word after %s:", name)
		}
		q, err := parseWord(val, v.pos)
		if err != nil {
			return nil, err
		}
		return &Field{Name: name, Value: q}, nil
	case "tag", "station", "signer", "marking", "origin", "classifiedby", "class":
		if name != "origin" && name != "classifiedby" {
			val = strings.ToUpper(val)
		}
		if name == "class" {
			c, ok := classValue(val)
			if !ok {
				return nil, errAt(v.pos, "unknown classification %q (want a level: U, C, S, TS, LOU or its name; a caveat: NOFORN, FOUO; or a whole marking like SECRET//NOFORN)", v.text)
			}
			if !bareOK(c) {
				return &Field{Name: name, Value: &Phrase{Text: c}}, nil
			}
			val, quoted = c, false
		}
		if !quoted {
			q, err := parseWord(val, v.pos)
			if err != nil {
				return nil, err
			}
			if _, ok := q.(*Fuzzy); ok {
				return nil, errAt(v.pos, "%s: does not take fuzzy values ('~')", name)
			}
			if val == "*" {
				return nil, errAt(v.pos, "expected a value after %s:", name)
			}
			return &Field{Name: name, Value: q}, nil
		}
		if bareOK(val) {
			return &Field{Name: name, Value: &Term{Text: val}}, nil
		}
		return &Field{Name: name, Value: &Phrase{Text: val}}, nil
	}
	return nil, errAt(f.pos, "unknown field %q (known fields: %s)", f.text, strings.Join(knownFields, ", "))
}

// bareOK reports whether a field value can be written without quotes and
// be read back as the same term.
func bareOK(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		switch r {
		case '(', ')', '"', '*', '~':
			return false
		}
	}
	return !strings.ContainsFunc(s, unicode.IsSpace)
}

// Classification values accepted by class:, mapped to what is indexed:
// levels go to the level field, caveats to caveats, anything with "//"
// to the whole classification.
var classLevels = map[string]string{
	"U": "UNCLASSIFIED", "UNCLASSIFIED": "UNCLASSIFIED",
	"C": "CONFIDENTIAL", "CONFIDENTIAL": "CONFIDENTIAL",
	"S": "SECRET", "SECRET": "SECRET",
	"TS": "TOP SECRET", "TOP SECRET": "TOP SECRET", "TOPSECRET": "TOP SECRET",
	"LOU": "LIMITED OFFICIAL USE", "LIMITED OFFICIAL USE": "LIMITED OFFICIAL USE",
}

var classCaveats = map[string]string{
	"NF": "NOFORN", "NOFORN": "NOFORN",
	"FOUO": "FOUO", "FOR OFFICIAL USE ONLY": "FOUO",
}

// classValue canonicalises an upper-cased class: value.
func classValue(v string) (string, bool) {
	if c, ok := classLevels[v]; ok {
		return c, true
	}
	if c, ok := classCaveats[v]; ok {
		return c, true
	}
	if i := strings.Index(v, "//"); i > 0 {
		lvl, ok1 := classLevels[strings.TrimSpace(v[:i])]
		cav, ok2 := classCaveats[strings.TrimSpace(v[i+2:])]
		if ok1 && ok2 {
			if cav == "FOUO" {
				cav = "FOR OFFICIAL USE ONLY"
			}
			return lvl + "//" + cav, true
		}
	}
	return "", false
}

// classKind tells which index field a canonical class value is matched on.
func classKind(v string) string {
	switch {
	case strings.Contains(v, "//"):
		return "classification"
	case v == "NOFORN" || v == "FOUO":
		return "caveat"
	}
	return "level"
}

// parseDates reads the value of created:, released:, after: and before:.
func parseDates(name, v string, pos int) (Q, error) {
	r := &DateRange{Field: name}
	if name == "after" || name == "before" {
		r.Field = "created"
		if strings.Contains(v, "..") {
			return nil, errAt(pos, "%s: takes one date, not a range", name)
		}
		lo, _, err := parseDate(v, pos)
		if err != nil {
			return nil, err
		}
		if name == "after" {
			r.Start = lo
		} else {
			if lo.Year() == minYear && lo.YearDay() == 1 {
				return nil, errAt(pos, "before: %s is before the earliest date (%d)", v, minYear)
			}
			r.End = lo
		}
		return r, nil
	}
	loS, hiS, isRange := strings.Cut(v, "..")
	if !isRange {
		lo, hi, err := parseDate(v, pos)
		if err != nil {
			return nil, err
		}
		r.Start, r.End = lo, hi
		return r, nil
	}
	if loS == "" && hiS == "" {
		return nil, errAt(pos, "%s: expected a date before or after '..'", name)
	}
	if loS != "" {
		lo, _, err := parseDate(loS, pos)
		if err != nil {
			return nil, err
		}
		r.Start = lo
	}
	if hiS != "" {
		_, hi, err := parseDate(hiS, pos+len(loS)+2)
		if err != nil {
			return nil, err
		}
		r.End = hi
	}
	if !r.Start.IsZero() && !r.End.IsZero() && !r.Start.Before(r.End) {
		return nil, errAt(pos, "reversed date range %q: the start is after the end", v)
	}
	return r, nil
}

// Years accepted in dates.
const (
	minYear = 1900
	maxYear = 2100
)

// parseDate reads YYYY, YYYY-MM or YYYY-MM-DD and returns the first
// instant of that period and the first instant after it (UTC).
func parseDate(s string, pos int) (lo, hi time.Time, err error) {
	bad := func() (time.Time, time.Time, error) {
		return time.Time{}, time.Time{}, errAt(pos, "expected a date like 2009, 2009-03 or 2009-03-01, found %q", s)
	}
	if len(s) != 4 && len(s) != 7 && len(s) != 10 {
		return bad()
	}
	if !isDigits(s[:4]) {
		return bad()
	}
	y, _ := strconv.Atoi(s[:4])
	m, d := 1, 1
	if len(s) >= 7 {
		if s[4] != '-' || !isDigits(s[5:7]) {
			return bad()
		}
		m, _ = strconv.Atoi(s[5:7])
	}
	if len(s) == 10 {
		if s[7] != '-' || !isDigits(s[8:10]) {
			return bad()
		}
		d, _ = strconv.Atoi(s[8:10])
	}
	if y < minYear || y > maxYear {
		return time.Time{}, time.Time{}, errAt(pos, "year %d out of range (%d to %d)", y, minYear, maxYear)
	}
	if m < 1 || m > 12 {
		return time.Time{}, time.Time{}, errAt(pos, "impossible date %q: no month %d", s, m)
	}
	lo = time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if d < 1 || lo.Day() != d {
		return time.Time{}, time.Time{}, errAt(pos, "impossible date %q: no day %d in that month", s, d)
	}
	switch len(s) {
	case 4:
		hi = lo.AddDate(1, 0, 0)
	case 7:
		hi = lo.AddDate(0, 1, 0)
	default:
		hi = lo.AddDate(0, 0, 1)
	}
	return lo, hi, nil
}
