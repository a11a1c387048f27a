package cablesearch

import (
	"strings"
)

// Body structure: numbered paragraphs, portion markings, page headers,
// SUMMARY / COMMENT sections and the signature. See CABLE-FORMAT.md b.6.

// paragraphNumber reads the number that opens a paragraph line: "1.",
// "¶12.", "  3. (C)". rest is the text after "N." with leading blanks
// removed; pilcrow tells whether the HTML paragraph sign (or its mangled
// bytes) preceded the number.
func paragraphNumber(line string) (n int, rest string, ok bool) {
	n, rest, _, ok = paragraphNumberP(line)
	return
}

func paragraphNumberP(line string) (n int, rest string, pilcrow, ok bool) {
	i := 0
	for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
		i++
	}
	// "¶" is C2 B6 in UTF-8; text copies mangle it into other bytes.
	j := i
	for j < len(line) && j-i < 4 && (line[j] >= 0x80 || line[j] == '?') {
		j++
	}
	if j > i {
		pilcrow = true
		i = j
	}
	d := i
	for i < len(line) && isDigit(line[i]) && i-d < 3 {
		n = n*10 + int(line[i]-'0')
		i++
	}
	if i == d || n == 0 || i >= len(line) || line[i] != '.' {
		return 0, "", false, false
	}
	i++
	if i < len(line) {
		c := line[i]
		if !(c == ' ' || c == '\t' || c == '(' || tgIsLetter(c) || c == '"' || c == '-') {
			return 0, "", false, false
		}
	}
	return n, strings.TrimLeft(line[i:], " \t"), pilcrow, true
}

// portionMarking splits a leading portion marking off s: "(SBU) text",
// "C) text", "(C - ENTIRE TEXT) text".
func portionMarking(s string) (marking, rest string, entire, ok bool) {
	if strings.HasPrefix(s, "(") {
		j := strings.IndexByte(s, ')')
		if j > 1 && j <= 32 && isMarking(s[1:j]) {
			m, e := normalizeMarking(s[1:j])
			return m, strings.TrimLeft(strings.TrimPrefix(s[j+1:], "."), " \t"), e, true
		}
		// Lower-case markings ("(u)", "(sbu)", "(s/nf)") in mixed-case
		// cables; only short all-lower-case forms, so that "(a)" list
		// items are not taken for markings.
		if j > 1 && j <= 6 && lowerMarking(s[1:j]) {
			m, e := normalizeMarking(strings.ToUpper(s[1:j]))
			return m, strings.TrimLeft(strings.TrimPrefix(s[j+1:], "."), " \t"), e, true
		}
		return "", s, false, false
	}
	j := strings.IndexByte(s, ')')
	if j > 0 && j <= 12 && !strings.ContainsAny(s[:j], " (") && isMarking(s[:j]) {
		m, e := normalizeMarking(s[:j])
		return m, strings.TrimLeft(s[j+1:], " \t"), e, true
	}
	return "", s, false, false
}

// lowerMarking reports whether s is a portion marking written in lower
// case: u, c, s, sbu, ts, lou, fouo, or one with a /nf caveat.
func lowerMarking(s string) bool {
	switch s {
	case "u", "c", "s", "sbu", "ts", "lou", "fouo", "s/nf", "c/nf", "sbu/nf", "u/fouo", "s//nf", "c//nf":
		return true
	}
	return false
}

// isPageHeader reports whether trimmed line t is a page or section
// header: "PAGE 02 ROME 01196 01 OF 02 082030Z", "MOSCOW 00000521 002 OF
// 004", "TRIPOLI 00000402 001.2 OF 003".
func isPageHeader(t string) bool {
	if strings.HasPrefix(t, "PAGE ") {
		// The whole line must be the page header: text may follow it on
		// the same line in HTML copies.
		loc := pageNoise.FindStringIndex(t)
		return loc != nil && loc[0] == 0 && strings.TrimSpace(t[loc[1]:]) == ""
	}
	k := strings.Index(t, " OF ")
	if k < 0 {
		return false
	}
	f := strings.Fields(t)
	if len(f) < 4 || len(f) > 9 {
		return false
	}
	o := -1
	for i, w := range f {
		if w == "OF" {
			o = i
			break
		}
	}
	if o < 3 || o != len(f)-2 || !allDigits(f[o+1]) {
		return false
	}
	sec := strings.Replace(f[o-1], ".", "", 1)
	if !allDigits(sec) || !allDigits(f[o-2]) || len(f[o-2]) < 5 {
		return false
	}
	for _, w := range f[:o-2] {
		for i := 0; i < len(w); i++ {
			c := w[i]
			if !(c >= 'A' && c <= 'Z') && c != '-' && c != '\'' {
				return false
			}
		}
	}
	return true
}

// isClassificationLine reports whether trimmed line t is only a
// classification repeated at a page break or at the end.
func isClassificationLine(t string) bool {
	switch t {
	case "CONFIDENTIAL", "SECRET", "UNCLASSIFIED", "UNCLAS", "LIMITED OFFICIAL USE",
		"SECRET//NOFORN", "CONFIDENTIAL//NOFORN", "SECRET NOFORN", "CONFIDENTIAL NOFORN",
		"UNCLASSIFIED//FOR OFFICIAL USE ONLY", "TOP SECRET", "SENSITIVE BUT UNCLASSIFIED":
		return true
	}
	return false
}

// isNoiseLine reports whether trimmed line t carries no text: page
// headers, lone classifications, SIPDIS, end markers.
func isNoiseLine(t string) bool {
	if t == "" {
		return false
	}
	switch t {
	case "SIPDIS", "NNNN", "BT", "SIPDIS SIPDIS":
		return true
	}
	if isClassificationLine(t) || isPageHeader(t) || isRule(t) {
		return true
	}
	// Repeated caption of a later section, NARA routing lines and
	// "CONFIDENTIAL PTQ2532" record marks.
	if isSpacedBanner(t) && strings.Contains(t, "SECTION") {
		return true
	}
	if (strings.HasPrefix(t, "INFO ") || strings.HasPrefix(t, "ACTION ")) && strings.Contains(t, "-00") {
		return true
	}
	if strings.HasPrefix(t, "E.O. 1") && strings.Contains(t, "TAGS") {
		// Caption repeated at a section break.
		return true
	}
	if sp := strings.IndexByte(t, ' '); sp > 0 && isClassificationLine(t[:sp]) {
		rest := t[sp+1:]
		if !strings.Contains(rest, " ") && strings.IndexAny(rest, "0123456789") >= 0 {
			return true
		}
	}
	return false
}

// trimClassificationSuffix drops a classification left at the end of a
// line before a page break ("... THEY REALIZE  CONFIDENTIAL").
func trimClassificationSuffix(b []byte) []byte {
	for _, w := range [...]string{"CONFIDENTIAL", "UNCLASSIFIED", "SECRET", "LIMITED OFFICIAL USE"} {
		if len(b) > len(w) && string(b[len(b)-len(w):]) == w && b[len(b)-len(w)-1] == ' ' {
			b = b[:len(b)-len(w)]
			for len(b) > 0 && b[len(b)-1] == ' ' {
				b = b[:len(b)-1]
			}
			return b
		}
	}
	return b
}

// captionLabel reports whether trimmed line t starts a caption element.
func captionLabel(t string) bool {
	for _, p := range [...]string{"E.O.", "E. O.", "EO 1", "EO:", "DECL", "TAGS", "TAG ", "SUBJECT", "SUBJ", "UBJECT", "REF", "CLASSIFIED BY", "CLASSFIED BY", "SIPDIS", "NOFORN", "EXDIS", "NODIS", "LIMDIS"} {
		if tgHasPrefixFold(t, p) {
			return true
		}
	}
	if isSpacedBanner(t) {
		return true
	}
	if _, _, _, ok := parseCaptionLine(t); ok {
		return true
	}
	return false
}

// entireTextLevel reads "CONFIDENTIAL - ENTIRE TEXT" and returns the
// marking it applies ("C").
func entireTextLevel(t string) string {
	i := strings.Index(t, "ENTIRE TEXT")
	if i < 0 || i > 40 {
		return ""
	}
	w := strings.Trim(t[:i], " -.(")
	switch w {
	case "CONFIDENTIAL", "C":
		return "C"
	case "SECRET", "S":
		return "S"
	case "UNCLASSIFIED", "U", "UNCLAS":
		return "U"
	case "LIMITED OFFICIAL USE", "LOU":
		return "LOU"
	case "SBU":
		return "SBU"
	}
	return ""
}

// parseParagraphs splits the body (after the caption) into paragraphs.
// bodyStart is the offset where paragraph 0 may start.
func parseParagraphs(body string) []Paragraph {
	var (
		paras    []Paragraph
		cur      []byte
		curN     = 0
		curMark  string
		started  = false // inside a numbered paragraph
		last     = 0
		inherit  string
		blank    = false
		inCaptn  = true
		captCont = false
		prevLine = -1 // index in cur where the previous line starts
	)
	flush := func() {
		text := strings.TrimSpace(string(cur))
		if curN == 0 && curMark == "" {
			// An unnumbered text may still open with "(C)".
			if m, rest, _, ok := portionMarking(text); ok && strings.HasPrefix(text, "(") {
				curMark, text = m, rest
			}
		}
		if started || text != "" {
			m := curMark
			if m == "" {
				m = inherit
			}
			paras = append(paras, Paragraph{N: curN, Marking: m, Text: text})
		}
		cur = cur[:0]
		blank = false
		prevLine = -1
	}
	p1 := firstParagraphStart(body)
	// HTML copies mark every real paragraph with "¶"; then a number
	// without it is a list item unless it is the next number.
	usesPilcrow := strings.Contains(body, "¶")
	// The "¶N." numbers in order, to reject a typo jump ("¶27." between
	// ¶3 and ¶4) when a later number fits between.
	type pilNum struct{ off, n int }
	var pils []pilNum
	if usesPilcrow {
		for o := 0; o < len(body); {
			e := strings.IndexByte(body[o:], '\n')
			l := body[o:]
			if e >= 0 {
				l = body[o : o+e]
			}
			if n, _, pil, ok := paragraphNumberP(l); ok && pil {
				pils = append(pils, pilNum{o, n})
			}
			if e < 0 {
				break
			}
			o += e + 1
		}
	}
	typoJump := func(off, last, n int) bool {
		seen := 0
		for _, p := range pils {
			if p.off <= off {
				continue
			}
			if p.n > last && p.n < n {
				return true
			}
			if seen++; seen > 20 {
				break
			}
		}
		return false
	}
	off := 0
	for off < len(body) {
		end := strings.IndexByte(body[off:], '\n')
		var line string
		lineStart := off
		if end < 0 {
			line = body[off:]
			off = len(body)
		} else {
			line = body[off : off+end]
			off += end + 1
		}
		line = strings.TrimRight(line, " \t\r\\")
		if strings.Contains(line, "PAGE ") && !isPageHeader(strings.TrimSpace(line)) {
			if loc := pageNoise.FindStringIndex(line); loc != nil {
				// A page header glued into the text; drop the classification
				// just before it too.
				before := strings.TrimRight(line[:loc[0]], " ")
				for _, w := range [...]string{"CONFIDENTIAL", "UNCLASSIFIED", "SECRET", "LIMITED OFFICIAL USE"} {
					before = strings.TrimSuffix(before, w)
				}
				line = strings.TrimRight(before, " ") + " " + strings.TrimLeft(line[loc[1]:], " ")
				cur = trimClassificationSuffix(cur)
			}
		}
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "SIPDIS ") {
			// SIPDIS glued to the start of a text line.
			t = strings.TrimSpace(t[len("SIPDIS "):])
		}
		if inCaptn {
			if p1 >= 0 && lineStart >= p1 {
				inCaptn = false
			} else {
				if t == "" {
					captCont = false
					continue
				}
				if captionLabel(t) {
					captCont = true
					cur = cur[:0]
					prevLine = -1
					continue
				}
				if captCont {
					continue
				}
				if lv := entireTextLevel(t); lv != "" {
					inherit = lv
				}
			}
		}
		if isNoiseLine(t) {
			if isPageHeader(t) {
				cur = trimClassificationSuffix(cur)
			}
			continue
		}
		if n, rest, pil, ok := paragraphNumberP(line); ok && !inCaptn {
			mark, rest2, entire, hasMark := portionMarking(rest)
			accept := n == last+1 || (n > last && pil && !typoJump(lineStart, last, n)) ||
				(!usesPilcrow && n > last && n <= last+3 && hasMark) || (last == 0 && pil)
			if accept {
				if !hasMark {
					if lv := entireTextLevel(rest); lv != "" {
						mark, entire = lv, true
					}
				}
				if entire {
					inherit = mark
				}
				flush()
				started = true
				curN, last, curMark = n, n, mark
				cur = append(cur, rest2...)
				prevLine = 0
				continue
			}
		}
		if t == "" {
			blank = len(cur) > 0
			continue
		}
		if len(cur) > 0 {
			if blank {
				cur = append(cur, "\n\n"...)
			} else {
				cur = append(cur, '\n')
			}
		}
		blank = false
		prevLine = len(cur)
		cur = append(cur, t...)
	}
	_ = prevLine
	flush()
	// Drop the trailing signature block from the last paragraph is left to
	// the caller; an empty paragraph 0 is omitted.
	out := paras[:0]
	for _, p := range paras {
		if p.N == 0 && p.Text == "" {
			continue
		}
		out = append(out, p)
	}
	return out
}

// Summary and comment.

// findSummary returns the SUMMARY section of body text.
func findSummary(text string) string {
	endAt, endLen := findEndLabel(text, "SUMMARY")
	start := -1
	fs := newFoldScanner(text, "SUMM")
	for off := 0; off < len(text); {
		i := fs.next(off)
		if i < 0 {
			break
		}
		off = i + 4
		if endAt >= 0 && i >= endAt {
			break
		}
		lab := summaryLabel(text, i)
		if lab < 0 {
			continue
		}
		start = lab
		break
	}
	if start < 0 {
		if endAt < 0 {
			return ""
		}
		// Only END SUMMARY: the summary is the first paragraph.
		p := firstParagraphStart(text[:endAt])
		if p < 0 {
			return ""
		}
		start = p
	}
	var s string
	if endAt >= start {
		s = text[start:endAt]
	} else {
		s = text[start:]
		// To the next blank line or dash rule.
		s = strings.TrimLeft(s, " \t\n-=")
		if k := strings.Index(s, "\n\n"); k >= 0 {
			s = s[:k]
		}
		if k := indexBlankLine(s); k >= 0 {
			s = s[:k]
		}
		if k := strings.Index(s, "---"); k >= 0 {
			s = s[:k]
		}
	}
	_ = endLen
	return tidySection(s, "SUMMARY")
}

// indexBlankLine finds a line with only blanks.
func indexBlankLine(s string) int {
	off := 0
	for {
		k := strings.IndexByte(s[off:], '\n')
		if k < 0 {
			return -1
		}
		k += off
		j := k + 1
		for j < len(s) && (s[j] == ' ' || s[j] == '\t') {
			j++
		}
		if j < len(s) && s[j] == '\n' {
			return k
		}
		if j >= len(s) {
			return -1
		}
		off = k + 1
	}
}

// summaryLabel checks that "SUMM..." at i is a section label and returns
// where the section text starts, or -1.
func summaryLabel(text string, i int) int {
	// Before: only blanks, dashes, a paragraph number, a marking or BEGIN
	// since the line start.
	lb := max(0, i-80)
	ls := strings.LastIndexByte(text[lb:i], '\n') + 1 + lb
	if ls == lb && lb > 0 {
		return -1
	}
	pre := strings.TrimSpace(text[ls:i])
	if pre != "" {
		if n, rest, ok := paragraphNumber(pre + " x"); ok && n > 0 {
			pre = strings.TrimSuffix(rest, "x")
			pre = strings.TrimSpace(pre)
		}
		if _, rest, _, ok := portionMarking(pre + " x"); ok {
			pre = strings.TrimSpace(strings.TrimSuffix(rest, "x"))
		}
		pre = strings.Trim(pre, "-=¶ ")
		if pre != "" && !strings.EqualFold(pre, "BEGIN") {
			return -1
		}
	}
	j := i + 4
	for j < len(text) && tgIsLetter(text[j]) {
		j++
	}
	w := strings.ToUpper(text[i:j])
	if w != "SUMMARY" && w != "SUMMAY" && w != "SUMMARIES" {
		return -1
	}
	// "Summary and Comment", "Summary/Comment": skip to the punctuation.
	rest := text[j:]
	if tgHasPrefixFold(rest, " AND ") || strings.HasPrefix(rest, "/") {
		k := strings.IndexAny(rest, ":.\n")
		if k < 0 || k > 40 {
			return -1
		}
		j += k
		rest = text[j:]
	}
	if rest != "" {
		c := rest[0]
		if !(c == ':' || c == '.' || c == ' ' || c == '\n' || c == '\t' || c == '-' || c == '=') {
			return -1
		}
	}
	return j
}

// findEndLabel finds "END <label>" (any case, any blanks between) and
// returns its offset and length, or -1. It scans for the (rare) label
// and looks back for END, which is cheaper than scanning for "end".
func findEndLabel(text, label string) (int, int) {
	fs := newFoldScanner(text, label)
	for off := 0; off < len(text); {
		j := fs.next(off)
		if j < 0 {
			return -1, 0
		}
		off = j + len(label)
		k := j
		for k > 0 && (text[k-1] == ' ' || text[k-1] == '\n' || text[k-1] == '\t') {
			k--
		}
		if k == j || k < 3 || !strings.EqualFold(text[k-3:k], "END") {
			continue
		}
		i := k - 3
		if i > 0 && tgIsLetter(text[i-1]) {
			continue
		}
		return i, j + len(label) - i
	}
	return -1, 0
}

// tidySection strips labels, paragraph numbers and markings from a
// SUMMARY or COMMENT section and squeezes blanks, keeping line breaks.
func tidySection(s, label string) string {
	var out []string
	for line := range strings.SplitSeq(s, "\n") {
		t := strings.TrimSpace(strings.TrimRight(line, "\\"))
		for k := 0; k < 4; k++ {
			t0 := t
			t = strings.TrimLeft(t, "¶ :.")
			if isRule(t) {
				t = ""
			}
			if _, rest, ok := paragraphNumber(t); ok {
				t = rest
			}
			if _, rest, _, ok := portionMarking(t); ok {
				t = rest
			}
			if tgHasPrefixFold(t, label) {
				j := len(label)
				for j < len(t) && tgIsLetter(t[j]) {
					j++
				}
				r := t[j:]
				if tgHasPrefixFold(r, " AND ") || strings.HasPrefix(r, "/") {
					if k := strings.IndexAny(r, ":."); k >= 0 && k < 40 {
						r = r[k:]
					}
				}
				t = strings.TrimLeft(r, " :.-")
			}
			if t == t0 {
				break
			}
		}
		t = strings.TrimSpace(t)
		if t == "" || isNoiseLine(t) {
			continue
		}
		out = append(out, t)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// findComment returns the first COMMENT: ... END COMMENT section.
func findComment(text string) string {
	endAt, _ := findEndLabel(text, "COMMENT")
	if endAt < 0 {
		return ""
	}
	fs := newFoldScanner(text[:endAt], "COMMENT")
	for off := 0; off < endAt; {
		i := fs.next(off)
		if i < 0 {
			return ""
		}
		off = i + 7
		if i > 0 && tgIsLetter(text[i-1]) {
			continue
		}
		j := i + 7
		if j < len(text) && (text[j] == ':' || text[j] == '.') {
			return tidySection(text[j+1:endAt], "COMMENT")
		}
	}
	return ""
}

// Signature.

// findSigners returns the signer surnames at the end of body. With c14n,
// known misspellings are corrected.
func findSigners(body string, c14n bool) []string {
	tail := body
	if len(tail) > 1500 {
		tail = tail[len(tail)-1500:]
	}
	lines := strings.Split(tail, "\n")
	for i := len(lines) - 1; i >= 0 && i >= len(lines)-25; i-- {
		t := strings.TrimSpace(strings.TrimRight(lines[i], "\\"))
		t = strings.TrimRight(t, "#")
		t = strings.TrimSpace(t)
		if t == "" || isNoiseLine(t) || signatureNoise(t) {
			continue
		}
		if w := strings.Fields(t); len(w) <= 2 && isTitleCaseName(w) {
			// Modern cables sign in mixed case: "Murphy".
			t = strings.ToUpper(t)
		}
		if !isSignerLine(t) {
			// Signature glued to the last sentence: "CONSIDERED.  EAGLETON".
			k := strings.LastIndex(t, ". ")
			if k < 0 {
				return nil
			}
			last := strings.TrimSpace(t[k+2:])
			if isTitleCaseName([]string{last}) {
				if sentenceWords[last] {
					return nil
				}
				last = strings.ToUpper(last)
			}
			if !isSignerLine(last) || strings.Contains(last, " ") {
				return nil
			}
			t = last
		}
		t = strings.TrimRight(t, ".")
		name := strings.Join(strings.Fields(t), " ")
		if c14n {
			if fix, ok := signerTypos[name]; ok {
				// "KEEGANPAAL" is two signers.
				return strings.Split(fix, "|")
			}
		}
		return []string{name}
	}
	return nil
}

// signatureNoise reports lines that may follow the signature.
func signatureNoise(t string) bool {
	if strings.Trim(t, ".-_>*/\" ") == "" {
		return true
	}
	for _, p := range [...]string{"Declassified/Released", "NOTE BY", "NOTE:", "Review ", "REVIEW ", "END TEXT", "QUOTE", "UNQUOTE"} {
		if strings.HasPrefix(t, p) {
			if p == "Review " || p == "REVIEW " {
				return strings.IndexAny(t, "0123456789") >= 0
			}
			return true
		}
	}
	if strings.Contains(t, "CABLE ENDS") || strings.Contains(t, "@") {
		return true
	}
	// Record IDs and junk with long digit runs ("2004CARACA0154",
	// "2002ROME01748 - Classif...").
	if len(t) > 40 {
		return false
	}
	run := 0
	for i := 0; i < len(t); i++ {
		if isDigit(t[i]) {
			run++
			if run >= 4 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// isSignerLine reports whether t looks like a signature: one to three
// upper-case words ("BURNS", "DE PREE", "O'DONOHUE", "STRAUSZ-HUPE").
func isSignerLine(t string) bool {
	if len(t) < 2 || len(t) > 40 {
		return false
	}
	words := strings.Fields(t)
	if len(words) > 3 {
		return false
	}
	for i := 0; i < len(t); i++ {
		c := t[i]
		if !(c >= 'A' && c <= 'Z') && c != ' ' && c != '\'' && c != '-' && c != '.' {
			return false
		}
	}
	if isClassificationLine(t) || strings.Contains(t, ". ") {
		return false
	}
	switch t {
	case "END", "END TEXT.", "END TEXT", "REGARDS", "SIPDIS", "NNNN", "NNN", "BT", "UNQTE", "QTE":
		return false
	}
	return true
}

// signerTypos fixes surnames misspelled in signatures.
var signerTypos = map[string]string{
	"RICCIARDNE": "RICCIARDONE", "RICCARDONE": "RICCIARDONE", "RICCIARDONNE": "RICCIARDONE",
	"YAVANOVITCH": "YOVANOVITCH", "YOVANOVICH": "YOVANOVITCH",
	"KHALILZHAD": "KHALILZAD", "KHALILZAHD": "KHALILZAD",
	"BERYLE": "BEYRLE", "BYERLE": "BEYRLE", "BEYRLEE": "BEYRLE",
	"RJONES": "JONES", "ODONOHUE": "O'DONOHUE",
	// Glued pairs (cablemap's whole-cable expectations).
	"KEEGANPAAL": "KEEGAN|PAAL", "JOHNSONKEANE": "JOHNSON|KEANE",
	"BIGUSBELL": "BIGUS|BELL", "STEWARTBALTIMORE": "STEWART|BALTIMORE",
}

// isRule reports whether t is a section rule ("-------", "=====",
// "‐‐‐‐").
func isRule(t string) bool {
	if len(t) < 3 {
		return false
	}
	for _, r := range t {
		if r != '-' && r != '=' && r != '_' && r != '‐' && r != ' ' {
			return false
		}
	}
	return true
}

// isTitleCaseName reports whether words look like a name written
// "Murphy" or "De Pree".
func isTitleCaseName(words []string) bool {
	if len(words) == 0 {
		return false
	}
	for _, w := range words {
		if len(w) < 2 || w[0] < 'A' || w[0] > 'Z' {
			return false
		}
		lower := 0
		for i := 1; i < len(w); i++ {
			c := w[i]
			if c >= 'a' && c <= 'z' {
				lower++
			} else if !(c >= 'A' && c <= 'Z') && c != '\'' && c != '-' {
				return false
			}
		}
		if lower == 0 {
			return false
		}
		switch w {
		case "Regards", "Thanks", "Thank", "Sincerely", "End", "Text", "Signed", "Cheers", "Best", "Note", "Comment", "Summary":
			return false
		}
	}
	return true
}

// sentenceWords start sentences and are not signatures.
var sentenceWords = map[string]bool{
	"The": true, "This": true, "That": true, "These": true, "Those": true, "They": true,
	"There": true, "Then": true, "Thus": true, "We": true, "He": true, "She": true,
	"It": true, "Its": true, "In": true, "On": true, "At": true, "As": true, "And": true,
	"But": true, "Or": true, "If": true, "Post": true, "Embassy": true, "Mission": true,
	"Begin": true, "Our": true, "His": true, "Her": true, "Their": true, "For": true,
	"With": true, "From": true, "To": true, "By": true, "Of": true, "An": true, "A": true,
}

// dropSignature removes the signer's line from the end of the last
// paragraph.
func dropSignature(ps []Paragraph, signers []string) {
	if len(ps) == 0 || len(signers) == 0 {
		return
	}
	p := &ps[len(ps)-1]
	k := strings.LastIndexByte(p.Text, '\n')
	last := strings.TrimSpace(p.Text[k+1:])
	last = strings.TrimRight(last, "#.")
	if k >= 0 && strings.EqualFold(last, signers[len(signers)-1]) {
		p.Text = strings.TrimSpace(p.Text[:k])
	}
}
