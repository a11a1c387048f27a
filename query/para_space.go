package query

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// collapseSpace is strings.Join(strings.Fields(s), " "): the runs of
// white space (unicode.IsSpace) of s become one space, and those at its
// ends are dropped. It builds the result in one pass and one allocation
// (Fields and Join take three), for the snippets of every page.
func collapseSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	start := -1 // of the run of non-space bytes being read
	for i := 0; i < len(s); {
		c, size := s[i], 1
		var space bool
		if c < utf8.RuneSelf {
			space = c == ' ' || '\t' <= c && c <= '\r'
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			space = unicode.IsSpace(r)
		}
		switch {
		case space && start >= 0:
			if b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s[start:i])
			start = -1
		case !space && start < 0:
			start = i
		}
		i += size
	}
	if start >= 0 {
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[start:])
	}
	return b.String()
}
