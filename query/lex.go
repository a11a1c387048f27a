package query

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokKind is the kind of a lexical token.
type tokKind int

const (
	tEOF    tokKind = iota
	tWord           // a bare word, as typed
	tPhrase         // a quoted string, unescaped, without its quotes
	tField          // "name:" directly followed by its value; text is the name
	tLParen         // (
	tRParen         // )
	tPlus           // + directly before a clause
	tMinus          // - directly before a clause
	tAnd            // AND
	tOr             // OR
	tNot            // NOT
)

func (k tokKind) String() string {
	switch k {
	case tEOF:
		return "end of query"
	case tWord:
		return "word"
	case tPhrase:
		return "phrase"
	case tField:
		return "field"
	case tLParen:
		return "'('"
	case tRParen:
		return "')'"
	case tPlus:
		return "'+'"
	case tMinus:
		return "'-'"
	case tAnd:
		return "AND"
	case tOr:
		return "OR"
	case tNot:
		return "NOT"
	}
	return "token"
}

// token is one lexical token; pos is its byte offset in the input.
type token struct {
	kind tokKind
	pos  int
	text string
}

// lexer is a plain state machine over the input: each call to next
// returns one token. After a field name the state is afterField, in which
// the value (a word or a phrase) must follow immediately; operators and
// keywords are not recognised there.
type lexer struct {
	s          string
	pos        int
	afterField bool
}

// lex splits s into tokens, ending with tEOF, or returns the first error.
func lex(s string) ([]token, error) {
	l := &lexer{s: s}
	var toks []token
	for {
		t, err := l.next()
		if err != nil {
			return nil, err
		}
		toks = append(toks, t)
		if t.kind == tEOF {
			return toks, nil
		}
	}
}

func isSpaceAt(s string, i int) (bool, int) {
	r, n := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r), n
}

// isWordEnd reports whether the byte at i ends a word.
func (l *lexer) isWordEnd(i int) bool {
	if i >= len(l.s) {
		return true
	}
	switch l.s[i] {
	case '(', ')', '"':
		return true
	}
	sp, _ := isSpaceAt(l.s, i)
	return sp
}

func (l *lexer) next() (token, error) {
	if l.afterField {
		l.afterField = false
		start := l.pos
		if l.isWordEnd(start) && (start >= len(l.s) || l.s[start] != '"') {
			return token{}, errAt(start, "expected a value right after the field name")
		}
		if l.s[start] == '"' {
			return l.phrase()
		}
		return token{kind: tWord, pos: start, text: l.word()}, nil
	}
	for l.pos < len(l.s) {
		sp, n := isSpaceAt(l.s, l.pos)
		if !sp {
			break
		}
		l.pos += n
	}
	start := l.pos
	if start >= len(l.s) {
		return token{kind: tEOF, pos: start}, nil
	}
	switch c := l.s[start]; c {
	case '(':
		l.pos++
		return token{kind: tLParen, pos: start, text: "("}, nil
	case ')':
		l.pos++
		return token{kind: tRParen, pos: start, text: ")"}, nil
	case '"':
		return l.phrase()
	case '+', '-':
		l.pos++
		if l.pos >= len(l.s) || l.s[l.pos] == ')' {
			return token{}, errAt(start, "expected a clause right after '%c'", c)
		}
		if sp, _ := isSpaceAt(l.s, l.pos); sp {
			return token{}, errAt(start, "expected a clause right after '%c'", c)
		}
		if c == '+' {
			return token{kind: tPlus, pos: start, text: "+"}, nil
		}
		return token{kind: tMinus, pos: start, text: "-"}, nil
	}
	w := l.word()
	switch w {
	case "AND":
		return token{kind: tAnd, pos: start, text: w}, nil
	case "OR":
		return token{kind: tOr, pos: start, text: w}, nil
	case "NOT":
		return token{kind: tNot, pos: start, text: w}, nil
	}
	if i := strings.IndexByte(w, ':'); i > 0 && isLetters(w[:i]) {
		l.pos = start + i + 1
		l.afterField = true
		return token{kind: tField, pos: start, text: w[:i]}, nil
	}
	return token{kind: tWord, pos: start, text: w}, nil
}

// word consumes and returns the bytes up to the next space, parenthesis or
// quote.
func (l *lexer) word() string {
	start := l.pos
	for !l.isWordEnd(l.pos) {
		_, n := utf8.DecodeRuneInString(l.s[l.pos:])
		l.pos += n
	}
	return l.s[start:l.pos]
}

// phrase consumes a quoted string starting at l.pos. Inside it, \" stands
// for a quote and \\ for a backslash; any other backslash is literal.
func (l *lexer) phrase() (token, error) {
	start := l.pos
	var b strings.Builder
	i := start + 1
	for i < len(l.s) {
		c := l.s[i]
		switch {
		case c == '"':
			l.pos = i + 1
			return token{kind: tPhrase, pos: start, text: b.String()}, nil
		case c == '\\' && i+1 < len(l.s) && (l.s[i+1] == '"' || l.s[i+1] == '\\'):
			b.WriteByte(l.s[i+1])
			i += 2
		default:
			b.WriteByte(c)
			i++
		}
	}
	return token{}, errAt(start, "unterminated phrase: expected a closing '\"'")
}

func isLetters(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if c < 'a' || c > 'z' {
			return false
		}
	}
	return s != ""
}
