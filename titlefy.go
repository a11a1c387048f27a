package cablesearch

import (
	_ "embed"
	"regexp"
	"strings"
	"sync"
)

// acronymsText is the list of acronyms kept in capitals by titlefy, one
// per line (3,340 entries from cablemap's list).
//
//go:embed data/acronyms.txt
var acronymsText string

var (
	acronymsOnce sync.Once
	acronyms     map[string]bool
)

func acronymSet() map[string]bool {
	acronymsOnce.Do(func() {
		acronyms = make(map[string]bool, 3400)
		for l := range strings.SplitSeq(acronymsText, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				acronyms[l] = true
			}
		}
	})
	return acronyms
}

// smallWords stay lower case inside a title.
var smallWords = map[string]bool{
	"a": true, "an": true, "and": true, "as": true, "at": true, "but": true, "by": true,
	"en": true, "for": true, "if": true, "in": true, "of": true, "on": true, "or": true,
	"the": true, "to": true, "v": true, "v.": true, "via": true, "vs": true, "vs.": true,
}

// titlefy gives the display form of a subject: words title-cased except
// acronyms (kept in capitals) and small words (lower case); words already
// in mixed case are kept.
func titlefy(s string) string {
	words := strings.Fields(s)
	capNext := true
	for i, w := range words {
		words[i] = titleToken(w, capNext)
		capNext = w == "-" || w == "--" || strings.HasSuffix(w, ":")
	}
	return strings.Join(words, " ")
}

// titleToken title-cases one blank-separated word.
func titleToken(w string, first bool) string {
	// Leading and trailing punctuation.
	i := 0
	for i < len(w) && strings.IndexByte("\"'([{", w[i]) >= 0 {
		i++
	}
	if strings.HasPrefix(w[i:], "“") || strings.HasPrefix(w[i:], "‘") {
		i += 3
	}
	j := len(w)
	for j > i {
		c := w[j-1]
		if strings.IndexByte("\"')]}?!:;,.", c) >= 0 {
			j--
			continue
		}
		if j-3 >= i && (w[j-3:j] == "”" || w[j-3:j] == "’") {
			j -= 3
			continue
		}
		break
	}
	core := w[i:j]
	if core == "" {
		return w
	}
	acr := acronymSet()
	// "U.S." keeps its final dot.
	if j < len(w) && w[j] == '.' && acr[strings.ToUpper(core)+"."] {
		return w[:i] + strings.ToUpper(core) + w[j:]
	}
	if tgHasUpper(core) && tgHasLower(core) {
		return w
	}
	if acr[strings.ToUpper(core)] && (first || !smallWords[strings.ToLower(core)]) {
		return w[:i] + strings.ToUpper(core) + w[j:]
	}
	// Parts split on "-" and "/".
	var b strings.Builder
	start := 0
	for k := 0; k <= len(core); k++ {
		if k < len(core) && core[k] != '-' && core[k] != '/' {
			continue
		}
		part := core[start:k]
		b.WriteString(titlePart(part, first && start == 0, start > 0))
		if k < len(core) {
			b.WriteByte(core[k])
		}
		start = k + 1
	}
	return w[:i] + b.String() + w[j:]
}

// titlePart title-cases one word part; first forces a capital.
func titlePart(p string, first, inner bool) string {
	if p == "" {
		return p
	}
	acr := acronymSet()
	up := strings.ToUpper(p)
	if lo := strings.ToLower(p); !first && !inner && smallWords[lo] {
		return lo
	}
	if acr[up] {
		return up
	}
	if isDigit(p[0]) {
		return strings.ToLower(p)
	}
	if len(p) >= 2 && strings.Trim(strings.ToLower(p), "x") == "" {
		return up
	}
	// Apostrophes: "GERMANY'S", "PNG'ING", "D'IVOIRE", "ROK’S".
	if k, n := tgApostrophe(p); k > 0 {
		base, rest := p[:k], p[k+n:]
		var bs string
		if acr[strings.ToUpper(base)] {
			bs = strings.ToUpper(base)
		} else {
			bs = tgCapitalize(base)
		}
		if len(base) == 1 {
			return bs + p[k:k+n] + tgCapitalize(rest)
		}
		return bs + p[k:k+n] + strings.ToLower(rest)
	}
	lo := strings.ToLower(p)
	if !first && !inner && smallWords[lo] {
		return lo
	}
	return tgCapitalize(p)
}

func tgApostrophe(s string) (int, int) {
	if k := strings.IndexByte(s, '\''); k >= 0 {
		return k, 1
	}
	if k := strings.Index(s, "’"); k >= 0 {
		return k, len("’")
	}
	return -1, 0
}

func tgCapitalize(s string) string {
	if s == "" {
		return s
	}
	lo := strings.ToLower(s)
	if lo[0] >= 'a' && lo[0] <= 'z' {
		return string(lo[0]-32) + lo[1:]
	}
	return lo
}

func tgHasUpper(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'A' && s[i] <= 'Z' {
			return true
		}
	}
	return false
}

func tgHasLower(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'a' && s[i] <= 'z' {
			return true
		}
	}
	return false
}

// Index cleaning (cablemap's clean_content recipe).

var (
	cleanParaRe    = regexp.MustCompile(`(?m)^[ \t]*¶?\d{1,3}\.[ \t]*(?:\((?:[A-Z]{1,4}(?:[/ -][A-Z/ -]{0,20})?)\)|[A-Z]{1,4}(?:/[A-Z]{1,4})?\))?[ \t]*`)
	cleanRuleRe    = regexp.MustCompile(`(?m)^[ \t]*(?:-{3,}|={3,}|_{3,}|/{3,}|#{3,}|\*{3,}|\.{4,})[ \t]*$`)
	cleanSectionRe = regexp.MustCompile(`(?m)^[A-Z][A-Z ]* \d{5,8} +\d{3}(?:\.\d)? OF \d{1,3}[ \t]*\n(?:[ \t]*\n)?`)
	cleanSumRe     = regexp.MustCompile(`(?mi)^(?:summary|comment)(?: and \w+(?: \w+)?)?[.:][ \t]*`)
	cleanEndRe     = regexp.MustCompile(`(?i)end (?:summary|comment)(?: and \w+)?\.?[ \t]*`)
	cleanSipdisRe  = regexp.MustCompile(`(?m)(?:\n[ \t]*)?\n[ \t]*SIPDIS[ \t]*$`)
	cleanXRe       = regexp.MustCompile(`(?i)xx+`)
)

// cleanContent prepares body text for indexing: paragraph numbers and
// markings, section rules and page headers, SUMMARY/COMMENT labels, lone
// SIPDIS lines and redaction runs (xxx) are removed.
func cleanContent(s string) string {
	s = cleanParaRe.ReplaceAllString(s, "")
	s = cleanSectionRe.ReplaceAllString(s, "")
	s = cleanRuleRe.ReplaceAllString(s, "")
	s = cleanSumRe.ReplaceAllString(s, "")
	s = cleanEndRe.ReplaceAllString(s, "")
	s = cleanSipdisRe.ReplaceAllString(s, "")
	s = cleanXRe.ReplaceAllString(s, "")
	return s
}
