package cablesearch

import (
	_ "embed"
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

// Index cleaning (cablemap's clean_content recipe), a line scanner.

// cleanContent prepares body text for indexing: paragraph numbers and
// markings, section rules and page headers, SUMMARY/COMMENT labels, lone
// SIPDIS lines and redaction runs (xxx) are removed.
func cleanContent(s string) string {
	lines := strings.Split(s, "\n")
	out := make([]string, 0, len(lines))
	skipBlank := false
	for _, line := range lines {
		t := strings.TrimSpace(line)
		if skipBlank {
			skipBlank = false
			if t == "" {
				continue
			}
		}
		if t == "SIPDIS" {
			// A lone SIPDIS line goes with the blank line before it.
			if n := len(out); n > 0 && strings.TrimSpace(out[n-1]) == "" {
				out = out[:n-1]
			}
			continue
		}
		if isPageHeader(t) || isSectionMark(t) {
			skipBlank = true
			continue
		}
		if isCleanRule(t) {
			out = append(out, "")
			continue
		}
		if _, rest, ok := paragraphNumber(line); ok {
			if _, r2, _, ok := portionMarking(rest); ok {
				rest = r2
			}
			line = rest
		}
		line = stripSectionLabel(line)
		line = removeEndLabels(line)
		out = append(out, line)
	}
	return removeXRuns(strings.Join(out, "\n"))
}

// isSectionMark reports a section header such as "BLA 0000001 003.2 OF
// 39" that isPageHeader's stricter form misses.
func isSectionMark(t string) bool {
	f := strings.Fields(t)
	if len(f) < 5 || f[len(f)-2] != "OF" || !allDigits(f[len(f)-1]) {
		return false
	}
	return allDigits(strings.Replace(f[len(f)-3], ".", "", 1)) && allDigits(f[len(f)-4]) && len(f[len(f)-4]) >= 5
}

// isCleanRule reports a delimiter line: ---, ===, ___, ///, ###, ***, ....
func isCleanRule(t string) bool {
	if len(t) < 3 {
		return false
	}
	c := t[0]
	if strings.IndexByte("-=_/#*.", c) < 0 {
		return false
	}
	for i := 1; i < len(t); i++ {
		if t[i] != c {
			return false
		}
	}
	return c != '.' || len(t) >= 4
}

// stripSectionLabel drops a leading "Summary:", "Summary and action
// request.", "Comment:" label.
func stripSectionLabel(line string) string {
	for _, lab := range [...]string{"SUMMARY", "COMMENT"} {
		if !tgHasPrefixFold(line, lab) {
			continue
		}
		j := len(lab)
		if tgHasPrefixFold(line[j:], " AND ") {
			k := strings.IndexAny(line[j:], ".:")
			if k < 0 || k > 40 {
				return line
			}
			j += k
		}
		if j < len(line) && (line[j] == '.' || line[j] == ':') {
			j++
			for j < len(line) && (line[j] == ' ' || line[j] == '\t') {
				j++
			}
			return line[j:]
		}
	}
	return line
}

// removeEndLabels removes "End Summary.", "End Comment and ...." and the
// blanks after them.
func removeEndLabels(line string) string {
	fs := newFoldScanner(line, "END ")
	for off := 0; ; {
		i := fs.next(off)
		if i < 0 {
			return line
		}
		j := i + 4
		var lab string
		switch {
		case tgHasPrefixFold(line[j:], "SUMMARY"):
			lab = "SUMMARY"
		case tgHasPrefixFold(line[j:], "COMMENT"):
			lab = "COMMENT"
		default:
			off = i + 1
			continue
		}
		j += len(lab)
		if tgHasPrefixFold(line[j:], " AND ") {
			k := j + 5
			for k < len(line) && tgIsLetter(line[k]) {
				k++
			}
			j = k
		}
		if j < len(line) && line[j] == '.' {
			j++
		}
		for j < len(line) && (line[j] == ' ' || line[j] == '\t') {
			j++
		}
		return line[:i] + removeEndLabels(line[j:])
	}
}

// removeXRuns deletes runs of two or more x or X (redaction markers).
func removeXRuns(s string) string {
	if !strings.Contains(s, "xx") && !strings.Contains(s, "XX") && !strings.Contains(s, "xX") && !strings.Contains(s, "Xx") {
		return s
	}
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		if s[i]|0x20 == 'x' && i+1 < len(s) && s[i+1]|0x20 == 'x' {
			for i < len(s) && s[i]|0x20 == 'x' {
				i++
			}
			continue
		}
		b = append(b, s[i])
		i++
	}
	return string(b)
}
