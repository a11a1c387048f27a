package query

import (
	"strconv"
	"strings"
	"time"
)

// Q is a node of a parsed query. The concrete types are *MatchAll, *Term,
// *Phrase, *Prefix, *Fuzzy, *Field, *Ref, *Citation, *DateRange, *And, *Or
// and *Not.
//
// String gives the query in the query language such that Parse(q.String())
// returns a query equal to q (reflect.DeepEqual) for every q that Parse
// returned.
type Q interface {
	String() string
	node()
}

// MatchAll matches every cable: the empty query and "*".
type MatchAll struct{}

// Term is one bare word, searched in the subject, summary, comment and
// paragraph texts (analysed like the text).
type Term struct {
	Text string
}

// Phrase is a quoted sequence of words that must appear in that order. Text
// has its runs of white space collapsed to one space.
type Phrase struct {
	Text string
}

// Prefix is a word ending in "*": any word starting with Text. Prefixes are
// not analysed (no stemming), only lower-cased.
type Prefix struct {
	Text string
}

// Fuzzy is a word ending in "~" or "~N": words within edit distance Dist
// (1 or 2) of Text.
type Fuzzy struct {
	Text string
	Dist int
}

// Field restricts a value to one field of the cable. Name is one of
// subject, summary, comment (text fields) or tag, origin, station, class,
// marking, signer, classifiedby (keyword fields). Value is a *Term,
// *Phrase, *Prefix or (text fields only) *Fuzzy. Keyword values are stored
// canonical: tag, station, signer and marking upper-cased, class mapped
// to a level, caveat or whole marking (see doc.go).
type Field struct {
	Name  string
	Value Q
}

// Ref kinds.
const (
	RefID      = "id"      // the cable with this ID (id: and ref:)
	RefCites   = "cites"   // cables whose references include ID
	RefCitedBy = "citedby" // cables that cable ID cites
)

// Ref is a fielded cable reference: id:X, ref:X (the same), cites:X and
// citedby:X. ID is canonical ("09MOSCOW521"), or station and serial without
// a year ("MOSCOW521") when the citation gave none.
type Ref struct {
	Kind string
	ID   string
}

// Citation is a bare reference ID typed as a query clause ("09MOSCOW521",
// "09 MOSCOW 521", "MOSCOW 00000521"). It finds that cable first, then the
// cables citing or mentioning it. ID is as in Ref.
type Citation struct {
	ID string
}

// DateRange restricts a date field ("created" or "released") to the
// half-open interval [Start, End). A zero Start or End is unbounded. Both
// are UTC midnights.
type DateRange struct {
	Field      string
	Start, End time.Time
}

// And matches cables that match every child. Children has two or more
// elements in a parsed query.
type And struct {
	Children []Q
}

// Or matches cables that match any child. Children has two or more
// elements in a parsed query.
type Or struct {
	Children []Q
}

// Not matches cables that do not match Child.
type Not struct {
	Child Q
}

func (*MatchAll) node()  {}
func (*Term) node()      {}
func (*Phrase) node()    {}
func (*Prefix) node()    {}
func (*Fuzzy) node()     {}
func (*Field) node()     {}
func (*Ref) node()       {}
func (*Citation) node()  {}
func (*DateRange) node() {}
func (*And) node()       {}
func (*Or) node()        {}
func (*Not) node()       {}

func (*MatchAll) String() string { return "*" }
func (q *Term) String() string   { return q.Text }
func (q *Phrase) String() string { return quote(q.Text) }
func (q *Prefix) String() string { return q.Text + "*" }
func (q *Fuzzy) String() string  { return q.Text + "~" + strconv.Itoa(q.Dist) }
func (q *Field) String() string  { return q.Name + ":" + q.Value.String() }
func (q *Citation) String() string {
	if yearless(q.ID) {
		return yearlessString(q.ID)
	}
	return q.ID
}

func (q *Ref) String() string {
	if yearless(q.ID) {
		return q.Kind + ":" + quote(yearlessString(q.ID))
	}
	return q.Kind + ":" + q.ID
}

func (q *DateRange) String() string {
	if !q.Start.IsZero() && !q.End.IsZero() {
		// One whole year, month or day prints as that period.
		s, e := q.Start, q.End
		switch {
		case s.YearDay() == 1 && e.Equal(s.AddDate(1, 0, 0)):
			return q.Field + ":" + s.Format("2006")
		case s.Day() == 1 && e.Equal(s.AddDate(0, 1, 0)):
			return q.Field + ":" + s.Format("2006-01")
		case e.Equal(s.AddDate(0, 0, 1)):
			return q.Field + ":" + s.Format("2006-01-02")
		}
	}
	var lo, hi string
	if !q.Start.IsZero() {
		lo = fmtStart(q.Start)
	}
	if !q.End.IsZero() {
		hi = fmtEnd(q.End)
	}
	return q.Field + ":" + lo + ".." + hi
}

func (q *And) String() string {
	if len(q.Children) == 0 {
		return "*"
	}
	var b strings.Builder
	plussed := make([]bool, len(q.Children))
	for i, c := range q.Children {
		if i > 0 {
			b.WriteByte(' ')
		}
		switch c.(type) {
		case *And, *Or:
			b.WriteString("(" + c.String() + ")")
			continue
		}
		// Bare words side by side may be read back as one multi-word
		// citation ("09 MOSCOW 521") that the parser did not see; a '+'
		// (a no-op) before the word breaks the chain without adding
		// nesting or clauses.
		if q.joinsCitation(i, plussed) {
			b.WriteByte('+')
			plussed[i] = true
		}
		b.WriteString(c.String())
	}
	return b.String()
}

// joinsCitation reports whether child i, printed bare after the children
// before it, would be read back as part of a citation: year station
// serial, or station 0serial.
func (q *And) joinsCitation(i int, plussed []bool) bool {
	if i == 0 {
		return false
	}
	prev := lastWord(q.Children[i-1])
	if prev == "" {
		return false
	}
	switch c := q.Children[i].(type) {
	case *Term:
		if isStation(c.Text) && isYear(prev) {
			return true
		}
		if isSerial(c.Text) && isStation(prev) {
			if c.Text[0] == '0' {
				return true
			}
			_, plain := q.Children[i-1].(*Term)
			return plain && !plussed[i-1] && i >= 2 && isYear(lastWord(q.Children[i-2]))
		}
	case *Citation:
		return yearless(c.ID) && isYear(prev)
	}
	return false
}

// lastWord gives the bare word q ends with when printed, or "".
func lastWord(q Q) string {
	switch q := q.(type) {
	case *Term:
		return q.Text
	case *Citation:
		if yearless(q.ID) {
			s := yearlessString(q.ID)
			return s[strings.LastIndexByte(s, ' ')+1:]
		}
	case *Not:
		return lastWord(q.Child)
	}
	return ""
}

func (q *Or) String() string {
	if len(q.Children) == 0 {
		return "-*"
	}
	var b strings.Builder
	for i, c := range q.Children {
		if i > 0 {
			b.WriteString(" OR ")
		}
		s := c.String()
		if _, ok := c.(*Or); ok {
			s = "(" + s + ")"
		}
		if a, ok := c.(*And); ok && len(a.Children) < 2 {
			s = "(" + s + ")"
		}
		b.WriteString(s)
	}
	return b.String()
}

func (q *Not) String() string {
	switch q.Child.(type) {
	case *And, *Or:
		return "-(" + q.Child.String() + ")"
	}
	return "-" + q.Child.String()
}

// quote writes s as a quoted phrase, escaping '"' and '\'.
func quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' || s[i] == '\\' {
			b.WriteByte('\\')
		}
		b.WriteByte(s[i])
	}
	b.WriteByte('"')
	return b.String()
}

// yearless reports whether a citation ID lacks its two-digit year.
func yearless(id string) bool { return id == "" || !isDigit(id[0]) }

// yearlessString prints "MOSCOW521" as "MOSCOW 00000521", the form of the
// cable header, which the parser reads back as the same citation.
func yearlessString(id string) string {
	i := strings.IndexFunc(id, func(r rune) bool { return '0' <= r && r <= '9' })
	if i < 0 {
		return id
	}
	serial := id[i:]
	for len(serial) < 8 {
		serial = "0" + serial
	}
	if serial[0] != '0' {
		serial = "0" + serial
	}
	return id[:i] + " " + serial
}

// fmtStart gives the coarsest date form whose start is t.
func fmtStart(t time.Time) string {
	switch {
	case t.Month() == 1 && t.Day() == 1:
		return t.Format("2006")
	case t.Day() == 1:
		return t.Format("2006-01")
	}
	return t.Format("2006-01-02")
}

// fmtEnd gives the coarsest date form whose exclusive end is t.
func fmtEnd(t time.Time) string {
	switch {
	case t.Month() == 1 && t.Day() == 1:
		return t.AddDate(-1, 0, 0).Format("2006")
	case t.Day() == 1:
		return t.AddDate(0, -1, 0).Format("2006-01")
	}
	return t.AddDate(0, 0, -1).Format("2006-01-02")
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

func isCaps(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < 'A' || s[i] > 'Z' {
			return false
		}
	}
	return true
}
