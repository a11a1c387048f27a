package cablesearch

import (
	"regexp"
	"strconv"
	"strings"
)

// The REF grammar (CABLE-FORMAT.md b.8). A REF block starts at a label
// (REF, REFS, REF(S), REFTEL, PROGRAM REF, "REF:" even glued to the word
// before) and ends at "Classified By", "Summary", the first numbered
// paragraph, a spaced banner or after refBlockMax bytes. Inside it:
//
//	block    = item { item }
//	item     = [bullet] subitem { ";" subitem }
//	bullet   = "A." | "A)" | "(A)" | "[A]" | "A:" | "A.)" | "A -" | "A" | "(1)"
//	           (letters in sequence; a doubled bullet "A. A)" counts once)
//	subitem  = cite { sep serial [year] } | other-text
//	cite     = [year] station-words [filler] [sep] serial [year]
//	         | serial station-words
//	year     = "06" | "2006" | "'06" | "(06)" | "094" | "-91" | "/08" | "(2002)"
//
// A bare serial inherits the year and station of the cite before it; an
// item that is only a serial inherits them from the previous item (or
// from the citing cable). Text items that name no cable become typed
// References (email, telcon, dtg, report, document, other).

const refBlockMax = 1200

var (
	// Page and section headers inside the block: "MOSCOW 00000521 002 OF
	// 004", "PAGE 02 ROME 01196 01 OF 02 082030Z".
	refPageHdrRe    = regexp.MustCompile(`(?i)\b\d{8}\s+\d{3}(?:\.\d+)?\s+OF\s+\d{3}\b|\bPAGE\s+\d+\s+[A-Z]+(?:\s+[A-Z]+)?\s+\d+(?:\s+\d+\s+OF\s+\d+)?\s+\d{6}Z?\b`)
	refBulletLineRe = regexp.MustCompile(`^\s*[(\[]?[A-Za-z][.)\]:]{1,2}\s*$`)
)

// parseReferences finds the REF block(s) in the caption text of a cable and
// returns the canonical IDs of the cited cables (deduplicated, in order,
// without selfID) and the non-cable references. year is the citing
// cable's four-digit year, used for citations without a year.
func parseReferences(text string, year int, selfID string) ([]string, []Reference) {
	all := parseRefList(text, year, selfID)
	if len(all) == 0 {
		return nil, nil
	}
	var ids []string
	var others []Reference
	seen := make(map[string]bool, len(all))
	for _, r := range all {
		if r.Kind != "cable" {
			others = append(others, r)
			continue
		}
		if !seen[r.Value] {
			seen[r.Value] = true
			ids = append(ids, r.Value)
		}
	}
	return ids, others
}

// parseRefList returns every reference of the REF block(s) in order, cable
// references included (Kind "cable", Value the canonical ID), without
// deduplication; self-references are dropped.
func parseRefList(text string, year int, selfID string) []Reference {
	selfYY, selfStation := -1, ""
	if selfID != "" {
		if yy, st, _, ok := SplitID(CanonicalID(selfID)); ok {
			selfYY, selfStation = yy, st
		}
	}
	yy := twoDigitYear(year)
	if year <= 0 {
		yy = selfYY
	}
	var out []Reference
	self := ""
	if selfID != "" {
		self = CanonicalID(selfID)
	}
	pos := 0
	for pos < len(text) {
		start, labelEnd, found := findRefLabel(text, pos)
		if !found {
			break
		}
		if !refLabelOK(text, start, labelEnd) {
			pos = labelEnd
			continue
		}
		// A bullet before the label on the same line ("A. REF AMMAN 222")
		// belongs to the block.
		ls := strings.LastIndexByte(text[:start], '\n') + 1
		if refBulletLineRe.MatchString(text[ls:start]) {
			labelEnd = ls
		}
		end := labelEnd + refBlockMax
		if end > len(text) {
			end = len(text)
		}
		for end > labelEnd && end < len(text) && text[end-1]&0xC0 == 0x80 {
			end-- // do not cut inside a UTF-8 sequence
		}
		block := text[labelEnd:end]
		block = block[:refEnd(block)]
		p := refParser{yy: yy, selfYY: selfYY, selfStation: selfStation}
		for _, r := range p.parseBlock(block) {
			if r.Kind == "cable" && r.Value == self {
				continue
			}
			out = append(out, r)
		}
		pos = labelEnd + len(block)
		if pos <= start {
			pos = start + 1
		}
	}
	return out
}

// refEnd returns where a REF block ends: "Classified By", "Summary",
// "Sensitive but unclassified", "This message/cable/is an action",
// paragraph 1 or a numbered paragraph with a marking, a spaced banner
// ("C O N F I D E N T I A L"), a dash or equals rule, SUBJECT:, TAGS:, an
// E.O. line; len(block) when none. A plain scan: this runs on every REF.
func refEnd(b string) int {
	for i := 0; i < len(b); i++ {
		c := b[i]
		if (i == 0 || b[i-1] == '\n') && refHeaderLine(b[i:]) {
			return i
		}
		prevSpace := i == 0 || b[i-1] == ' ' || b[i-1] == '\n' || b[i-1] == '\t' || b[i-1] == '\r' || i >= 2 && b[i-2] == 0xC2 && b[i-1] == 0xB6
		switch {
		case (c == '-' || c == '=') && i+4 <= len(b) && b[i+1] == c && b[i+2] == c && b[i+3] == c:
			return i
		case isDigit(c) && prevSpace:
			j := i
			for j < len(b) && j-i < 2 && isDigit(b[j]) {
				j++
			}
			if j < len(b) && isDigit(b[j]) {
				continue
			}
			k := j
			if k < len(b) && b[k] == ' ' {
				k++
			}
			if b[i:j] == "1" && k < len(b) && (b[k] == ',' || b[k] == ')') && prosePara(b[k+1:]) {
				return i // "1, On August 8" or "1) In October" opens the text
			}
			if k >= len(b) || b[k] != '.' {
				continue
			}
			k++
			for k < len(b) && (b[k] == ' ' || b[k] == '\t') {
				k++
			}
			if k >= len(b) {
				continue
			}
			if b[i:j] == "1" && (b[k] == '(' || isLetter(b[k])) {
				return i
			}
			if b[k] == '(' {
				if e := strings.IndexByte(b[k:min(len(b), k+8)], ')'); e > 0 && isParaMarking(b[k+1:k+e]) {
					return i
				}
			}
		case isLetter(c) && (i == 0 || !isLetter(b[i-1])):
			j := i
			for j < len(b) && isLetter(b[j]) {
				j++
			}
			w := strings.ToUpper(b[i:j])
			rest := b[j:]
			restT := strings.TrimLeft(rest, " \t\n\r")
			switch {
			case strings.HasPrefix(w, "CLASSI") && hasPrefixFold(restT, "BY") && restT != rest:
				return i
			case w == "SUMMARY":
				return i
			case w == "SENSITIVE" && hasPrefixFold(restT, "BUT") && hasPrefixFold(strings.TrimLeft(restT[3:], " \t\n\r"), "UNCLAS"):
				return i
			case w == "THIS" && (hasPrefixFold(restT, "MESSAGE") || hasPrefixFold(restT, "CABLE") || hasPrefixFold(restT, "IS AN ACTION")):
				return i
			case (w == "SUBJECT" || w == "TAGS") && strings.HasPrefix(strings.TrimLeft(rest, " \t"), ":"):
				return i
			case w == "E" && (strings.HasPrefix(rest, ".O.") || strings.HasPrefix(rest, ". O.") || strings.HasPrefix(rest, ".o.")):
				return i
			case len(w) == 1 && spacedBanner(b[i:]):
				return i
			}
			i = j - 1
		}
	}
	return len(b)
}

// prosePara reports whether s (after a paragraph number) starts with a
// capitalised word followed by a lower-case word: running text, not a
// reference list.
func prosePara(s string) bool {
	f := strings.Fields(s)
	if len(f) < 2 || len(f[0]) == 0 || !isUpper(f[0][0]) {
		return false
	}
	for i := 0; i < len(f[1]); i++ {
		if f[1][i] >= 'a' && f[1][i] <= 'z' {
			return true
		}
	}
	return false
}

// refHeaderLine reports a line of a transmission header or of a release's
// record dump (07LIMA2129 repeats its header inside the body), which ends
// a REF block.
func refHeaderLine(s string) bool {
	for _, p := range [...]string{"id:", "date:", "refid:", "origin:", "classification:", "destination:", "header:", "VZCZC", "FM ", "INFO ", "ZNR ", "ZNY "} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// spacedBanner reports five or more single letters separated by single
// spaces at the start of s ("C O N F I D E N T I A L", "S e c r e t").
func spacedBanner(s string) bool {
	n := 0
	for i := 0; i < len(s); i += 2 {
		if !isLetter(s[i]) || i+1 < len(s) && isLetter(s[i+1]) {
			break
		}
		n++
		if i+1 >= len(s) || s[i+1] != ' ' {
			break
		}
	}
	return n >= 5
}

func isParaMarking(m string) bool {
	switch strings.ToUpper(m) {
	case "U", "C", "S", "SBU", "C/NF", "S/NF", "S//NF", "TS":
		return true
	}
	return false
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

func containsFoldASCII(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if upper(s[i]) == sub[0] && strings.EqualFold(s[i:i+len(sub)], sub) {
			return true
		}
	}
	return false
}

// findRefLabel finds the next REF label at or after from: REF, REFS,
// REF(S), REFTEL(S) as a word, REF/REFS glued to the word before when a
// colon follows ("PRIMEREF:"), REFERENCE(S) with a colon. It is a plain
// scan: this runs on every cable.
func findRefLabel(text string, from int) (start, end int, ok bool) {
	for i := from; i+3 <= len(text); i++ {
		c := text[i]
		if c != 'R' && c != 'r' || upper(text[i+1]) != 'E' || upper(text[i+2]) != 'F' {
			continue
		}
		j := i + 3
		for j < len(text) && isLetter(text[j]) {
			j++
		}
		word := strings.ToUpper(text[i+3 : j])
		glued := i > 0 && isLetter(text[i-1])
		if word == "" && j+3 <= len(text) && text[j] == '(' && upper(text[j+1]) == 'S' && text[j+2] == ')' {
			j += 3
			word = "(S)"
		}
		colon := j
		for colon < len(text) && (text[colon] == ' ' || text[colon] == '\t') {
			colon++
		}
		hasColon := colon < len(text) && text[colon] == ':'
		switch word {
		case "", "S", "(S)", "TEL", "TELS":
			if glued && !(hasColon && (word == "" || word == "S")) {
				continue
			}
		case "ERENCE", "ERENCES":
			if glued || !hasColon {
				continue
			}
		default:
			continue
		}
		if hasColon {
			j = colon + 1
		}
		return i, j, true
	}
	return 0, 0, false
}

// refLabelOK accepts a REF label that is followed by a colon, or starts
// its line (after blanks, "¶" or a bullet), or follows upper-case text
// (a SUBJECT line running into "REF A. ..."). "(Ref B)" and "reftel" in
// a sentence are no labels.
func refLabelOK(text string, start, end int) bool {
	rest := strings.TrimLeft(text[end:], " \t")
	if strings.HasPrefix(rest, ":") || strings.HasSuffix(text[start:end], ":") {
		return true
	}
	// "REF A) CAIRO 77" in text that lost its newlines
	if strings.HasPrefix(text[start:end], "REF") && len(rest) >= 3 && (rest[0] >= 'A' && rest[0] <= 'C' && (rest[1] == ')' || rest[1] == '.') ||
		rest[0] == '(' && rest[1] >= 'A' && rest[1] <= 'C' && rest[2] == ')') {
		return true
	}
	ls := strings.LastIndexByte(text[:start], '\n') + 1
	before := strings.TrimSpace(strings.ReplaceAll(text[ls:start], "\u00b6", ""))
	if before == "" || refBulletLineRe.MatchString(before) {
		return true
	}
	if strings.HasPrefix(text[start:end], "REF") || strings.HasPrefix(text[start:end], "PROGRAM") {
		// upper-case text before: a subject line without its own end
		for i := 0; i < len(before); i++ {
			if before[i] >= 'a' && before[i] <= 'z' {
				return false
			}
		}
		return true
	}
	return false
}

type tokKind uint8

const (
	tWord tokKind = iota
	tNum
	tPunct
	tJunk
)

type rtok struct {
	kind  tokKind
	s     string // upper case; for numbers the digits
	p     byte   // the punctuation character
	glued bool   // split out of a mixed letters/digits token
	start int    // byte offsets in the block
	end   int
}

// tokenizeRefs splits s into words, numbers and punctuation. Apostrophes
// inside words are dropped ("N'DJAMENA"); "¶" and backslashes are spaces;
// a letter O among digits is a zero ("O1512") and a zero among letters is
// an O ("0TTAWA"); mixed tokens of the shapes 09CAIRO0561, 2005PANAMA,
// HK05511 are split, other mixed tokens are junk ("R162245Z", "9TH").
func tokenizeRefs(s string) []rtok {
	toks := make([]rtok, 0, len(s)/4)
	var buf []byte
	for i := 0; i < len(s); {
		c := s[i]
		if isAlnum(c) {
			start := i
			buf = buf[:0]
			for i < len(s) {
				c = s[i]
				if isAlnum(c) {
					buf = append(buf, upper(c))
					i++
					continue
				}
				// apostrophe (ASCII or U+2019) between letters
				if c == '\'' && i+1 < len(s) && isLetter(s[i+1]) && len(buf) > 0 && isUpper(buf[len(buf)-1]) {
					i++
					continue
				}
				if c == 0xE2 && i+3 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x99 && isLetter(s[i+3]) && len(buf) > 0 && isUpper(buf[len(buf)-1]) {
					i += 3
					continue
				}
				break
			}
			toks = appendAlnum(toks, string(buf), start, i)
			continue
		}
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\\' || c == '\f' || c == '\v':
			i++
		case c < 0x80:
			toks = append(toks, rtok{kind: tPunct, p: c, start: i, end: i + 1})
			i++
		default:
			// Non-ASCII: ¶ and spaces are skipped, quotes and dashes
			// become their ASCII punctuation.
			n := 1
			for i+n < len(s) && s[i+n]&0xC0 == 0x80 {
				n++
			}
			r := s[i : i+n]
			switch r {
			case "\u2019", "\u2018":
				toks = append(toks, rtok{kind: tPunct, p: '\'', start: i, end: i + n})
			case "\u2010", "\u2011", "\u2012", "\u2013", "\u2014":
				toks = append(toks, rtok{kind: tPunct, p: '-', start: i, end: i + n})
			case "\u201c", "\u201d":
				toks = append(toks, rtok{kind: tPunct, p: '"', start: i, end: i + n})
			}
			i += n
		}
	}
	return toks
}

func appendAlnum(toks []rtok, w string, start, end int) []rtok {
	digits, letters := 0, 0
	for i := 0; i < len(w); i++ {
		if isDigit(w[i]) {
			digits++
		} else {
			letters++
		}
	}
	switch {
	case letters == 0:
		return append(toks, rtok{kind: tNum, s: w, start: start, end: end})
	case digits == 0:
		return append(toks, rtok{kind: tWord, s: w, start: start, end: end})
	}
	// O read as zero among digits: "O1512", "O4".
	if strings.Trim(w, "O0123456789") == "" && digits >= 1 && len(w) >= 2 {
		return append(toks, rtok{kind: tNum, s: strings.ReplaceAll(w, "O", "0"), start: start, end: end})
	}
	// zero read as O among letters: "0TTAWA", "SANTIAG0", "COTON0U".
	if strings.Trim(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0") == "" && letters >= 3 {
		return append(toks, rtok{kind: tWord, s: strings.ReplaceAll(w, "0", "O"), start: start, end: end})
	}
	// Split into runs; accept [digits] letters [digits].
	var parts []string
	for i := 0; i < len(w); {
		j := i
		d := isDigit(w[i])
		for j < len(w) && isDigit(w[j]) == d {
			j++
		}
		parts = append(parts, w[i:j])
		i = j
	}
	ok := false
	switch len(parts) {
	case 2:
		ok = true // 09DHAHRAN, HK05511
	case 3:
		ok = isDigit(parts[0][0]) // 09CAIRO0561
	}
	if !ok {
		return append(toks, rtok{kind: tJunk, s: w, start: start, end: end})
	}
	off := start
	for _, p := range parts {
		k := tWord
		if isDigit(p[0]) {
			k = tNum
		}
		toks = append(toks, rtok{kind: k, s: p, glued: true, start: off, end: off + len(p)})
		off += len(p)
	}
	return toks
}

func isAlnum(c byte) bool  { return isDigit(c) || isLetter(c) }
func isLetter(c byte) bool { return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' }
func upper(c byte) byte {
	if c >= 'a' && c <= 'z' {
		return c - 32
	}
	return c
}

// refParser holds the state of one REF block.
type refParser struct {
	toks        []rtok
	src         string
	yy          int // citing year, two digits
	selfYY      int
	selfStation string
	last        *cite // last cable cited, for bare serials
}

type cite struct {
	id       string
	yy       int
	station  string
	yyBefore int
}

// refNoise are words that may precede the station words of a cite.
var refNoise = map[string]bool{
	"REF": true, "REFS": true, "REFTEL": true, "REFTELS": true, "REFERENCE": true,
	"UNCLASS": true, "UNCLASSIFIED": true, "CONFIDENTIAL": true, "SECRET": true,
	"SEE": true, "ALSO": true, "AND": true, "CABLE": true, "CABLES": true, "TELEGRAM": true,
}

// refFiller are words that may stand between the station and the serial.
var refFiller = map[string]bool{"CABLE": true, "CABLES": true, "TEL": true, "NO": true, "NR": true}

// bareFollow are the words that may follow a bare serial item.
var bareFollow = map[string]bool{"AND": true, "PREVIOUS": true, "NOTAL": true}

var monthWords = map[string]bool{
	"JAN": true, "JANUARY": true, "FEB": true, "FEBRUARY": true, "MAR": true, "MARCH": true,
	"APR": true, "APRIL": true, "MAY": true, "JUN": true, "JUNE": true, "JUL": true, "JULY": true,
	"AUG": true, "AUGUST": true, "SEP": true, "SEPT": true, "SEPTEMBER": true, "OCT": true,
	"OCTOBER": true, "NOV": true, "NOVEMBER": true, "DEC": true, "DECEMBER": true,
	"SECTION": true, "PART": true, "PRIORITY": true, "PAGE": true,
}

func (p *refParser) parseBlock(block string) []Reference {
	block = strings.ReplaceAll(block, `\n`, "  ")
	if containsFoldASCII(block, " OF ") || containsFoldASCII(block, "PAGE") {
		block = refPageHdrRe.ReplaceAllStringFunc(block, func(m string) string { return strings.Repeat(" ", len(m)) })
	}
	p.src = block
	p.toks = tokenizeRefs(block)
	var out []Reference
	// Split into items at bullets.
	type item struct {
		bullet     string
		start, end int
	}
	var items []item
	cur := item{}
	nextLetter, nextNum := byte('A'), 1
	curLabel := ""
	contentSince := false
	for i := 0; i < len(p.toks); {
		label, n := p.bulletAt(i)
		if n > 0 {
			accept := false
			if label == curLabel && curLabel != "" && (!contentSince || n > 1) {
				accept = true // doubled bullet "A. A)", or a repeated label
			} else if len(label) == 1 && isUpper(label[0]) && label[0] == nextLetter {
				accept = true
				nextLetter++
			} else if label == strconv.Itoa(nextNum) {
				accept = true
				nextNum++
			}
			if accept {
				if label != curLabel || contentSince {
					cur.end = i
					items = append(items, cur)
					cur = item{bullet: label, start: i + n}
				} else {
					cur.start = i + n
				}
				curLabel = label
				contentSince = false
				i += n
				continue
			}
		}
		t := p.toks[i]
		if !(t.kind == tWord && refNoise[t.s]) && !(t.kind == tPunct) {
			contentSince = true
		}
		i++
	}
	cur.end = len(p.toks)
	items = append(items, cur)

	for _, it := range items {
		// sub-items at ';'
		s := it.start
		first := true
		for k := it.start; k <= it.end; k++ {
			if k < it.end && !(p.toks[k].kind == tPunct && p.toks[k].p == ';') {
				continue
			}
			out = append(out, p.parseSubItem(s, k, it.bullet, first)...)
			first = false
			s = k + 1
		}
	}
	return out
}

// bulletAt reports a bullet at token i: its label and token length.
func (p *refParser) bulletAt(i int) (string, int) {
	t := p.toks
	at := func(k int) *rtok {
		if k < len(t) {
			return &t[k]
		}
		return nil
	}
	isLab := func(r *rtok) bool {
		return r != nil && !r.glued && (r.kind == tWord && len(r.s) == 1 || r.kind == tNum && len(r.s) <= 2 && r.s[0] != '0')
	}
	isP := func(r *rtok, c byte) bool { return r != nil && r.kind == tPunct && r.p == c }
	// (A) [A]
	if isP(at(i), '(') || isP(at(i), '[') {
		closer := byte(')')
		if t[i].p == '[' {
			closer = ']'
		}
		if isLab(at(i+1)) && isP(at(i+2), closer) {
			return t[i+1].s, 3
		}
		return "", 0
	}
	if !isLab(at(i)) || t[i].kind != tWord {
		return "", 0
	}
	// A letter glued to the previous word is no bullet ("SPEAKS-K.").
	if i > 0 && t[i-1].end == t[i].start && t[i-1].kind != tPunct {
		return "", 0
	}
	if i > 0 && t[i-1].end == t[i].start && isP(at(i-1), '-') {
		return "", 0
	}
	switch {
	case isP(at(i+1), '.') && isP(at(i+2), ')'):
		return t[i].s, 3
	case isP(at(i+1), ')'), isP(at(i+1), ':'):
		return t[i].s, 2
	case isP(at(i+1), '.'):
		// "J. Speaks" in a name is excluded by the letter sequence check.
		return t[i].s, 2
	case isP(at(i+1), '-'):
		return t[i].s, 2
	}
	// bare letter: after start, a number, a label word or punctuation,
	// and followed by a word or number.
	nx := at(i + 1)
	if nx == nil || nx.kind == tPunct || nx.kind == tJunk {
		return "", 0
	}
	if i > 0 {
		pv := t[i-1]
		if pv.kind == tWord && !refNoise[pv.s] && len(pv.s) > 1 {
			return "", 0
		}
		if pv.kind == tJunk {
			return "", 0
		}
	}
	return t[i].s, 1
}

// parseSubItem reads tokens [s,e) of one sub-item.
func (p *refParser) parseSubItem(s, e int, bullet string, first bool) []Reference {
	// skip leading noise
	for s < e && (p.toks[s].kind == tPunct && strings.IndexByte(":.,-)", p.toks[s].p) >= 0 || p.toks[s].kind == tWord && (p.toks[s].s == "REF" || p.toks[s].s == "REFS" || p.toks[s].s == "REFERENCE")) {
		s++
	}
	if s >= e {
		return nil
	}
	var out []Reference
	add := func(c cite) {
		out = append(out, Reference{Kind: "cable", Value: c.id, Bullet: bullet})
		cc := c
		p.last = &cc
	}
	// An item that is only a serial: "B. 2962 AND PREVIOUS", "A) 6307".
	if first && bullet != "" && p.toks[s].kind == tNum && !p.yearPrefixAt(s) && (s+1 >= e || p.toks[s+1].kind == tPunct || p.toks[s+1].kind == tWord && bareFollow[p.toks[s+1].s]) {
		if c, ok := p.bareSerial(s); ok {
			add(c)
			return out
		}
	}
	for j := s; j < e; {
		c, next, ok := p.matchCiteLimit(j, e)
		if ok {
			add(c)
			j = next
			// continuation serials
			for j < e {
				k := j
				if t := p.toks[k]; t.kind == tWord && (t.s == "AND" || t.s == "OR") || t.kind == tPunct && strings.IndexByte("&,/:", t.p) >= 0 {
					k++
				} else {
					break // a bare number needs a separator: "STATE 267453 1) In..."
				}
				if k >= e || p.toks[k].kind != tNum || p.yearPrefixAt(k) || p.dateAt(k) {
					break
				}
				if k+1 < e && p.toks[k+1].kind == tWord && !bareFollow[p.toks[k+1].s] && p.toks[k+1].s != "OR" {
					break // "230, 07 BsAs 1892": a year before unknown station words
				}
				sn := strings.TrimLeft(p.toks[k].s, "0")
				if sn == "" || len(sn) > 7 {
					break
				}
				nc := cite{yy: c.yy, station: c.station}
				k = p.skipSuffixYear(k+1, e, &nc)
				nc.id = fmtYY(nc.yy) + nc.station + sn
				add(nc)
				j = k
			}
			continue
		}
		if p.toks[j].kind == tWord {
			for j < e && p.isRunWord(j) {
				j = p.runNext(j)
			}
			if j < e && p.toks[j].kind != tWord {
				j++
			}
			continue
		}
		if p.toks[j].kind == tPunct && p.toks[j].p == '(' {
			// skip a parenthesised title or marking
			depth := 0
			for j < e {
				if p.toks[j].kind == tPunct {
					if p.toks[j].p == '(' {
						depth++
					} else if p.toks[j].p == ')' {
						depth--
						if depth == 0 {
							j++
							break
						}
					}
				}
				j++
			}
			continue
		}
		j++
	}
	if len(out) > 0 {
		return out
	}
	// Not a cable: a typed reference with the text as written.
	val := strings.TrimSpace(p.src[p.toks[s].start:p.toks[e-1].end])
	val = strings.Join(strings.Fields(val), " ")
	if len(val) > 250 {
		return nil // prose: the block end was missed
	}
	if val == "" || !strings.ContainsFunc(val, func(r rune) bool { return r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' }) {
		return nil
	}
	return []Reference{{Kind: refKind(val), Value: val, Bullet: bullet}}
}

var (
	refEmailRe  = regexp.MustCompile(`(?i)\bE-?MAILS?\b`)
	refTelconRe = regexp.MustCompile(`(?i)\bTEL(?:E)?CONS?\b|\bPHONE\s*CALL|\bTELEPHONE\b`)
	refDTGRe    = regexp.MustCompile(`(?i)\d{6}Z(?:\b|[A-Z]{3})|\bDTG\b`)
	refReportRe = regexp.MustCompile(`(?i)\bREPORTS?\b|\bTD-\d|\bIIR\b|\bOSC\b|\bINCSR\b`)
	refDocRe    = regexp.MustCompile(`(?i)\b\d+\s+FA[MH]\b|\bAPPENDIX\b|\bCFR\b|\bU\.?S\.?C\.?\b`)
)

// refKind types a non-cable reference from its text.
func refKind(v string) string {
	switch {
	case refEmailRe.MatchString(v):
		return "email"
	case refTelconRe.MatchString(v):
		return "telcon"
	case refDTGRe.MatchString(v):
		return "dtg"
	case refReportRe.MatchString(v):
		return "report"
	case refDocRe.MatchString(v):
		return "document"
	}
	return "other"
}

func (p *refParser) bareSerial(s int) (cite, bool) {
	sn := strings.TrimLeft(p.toks[s].s, "0")
	if sn == "" || len(sn) > 7 || p.dateAt(s) {
		return cite{}, false
	}
	var c cite
	switch {
	case p.last != nil:
		c = cite{yy: p.last.yy, station: p.last.station}
	case p.selfStation != "" && p.yy >= 0:
		c = cite{yy: p.yy, station: p.selfStation}
	default:
		return cite{}, false
	}
	p.skipSuffixYear(s+1, len(p.toks), &c)
	c.id = fmtYY(c.yy) + c.station + sn
	return c, true
}

// isRunWord reports whether token j can be part of station words.
func (p *refParser) isRunWord(j int) bool {
	return j < len(p.toks) && p.toks[j].kind == tWord
}

// runNext returns the index after word j, skipping a joiner ('-', '.',
// "'") when another word follows.
func (p *refParser) runNext(j int) int {
	k := j + 1
	if k+1 < len(p.toks) && p.toks[k].kind == tPunct && (p.toks[k].p == '-' || p.toks[k].p == '.' || p.toks[k].p == '\'') && p.toks[k+1].kind == tWord {
		if p.toks[k].p != '.' || len(p.toks[j].s) <= 2 { // "ST. PETERSBURG"
			return k + 1
		}
	}
	return k
}

// stationRunAt reports whether the words at j resolve to a station.
func (p *refParser) stationRunAt(j int) bool {
	_, _, ok := p.resolveRun(j, len(p.toks))
	return ok
}

// resolveRun reads the station words starting at j (after noise words) and
// returns the canonical station and the index after the station words.
func (p *refParser) resolveRun(j, e int) (station string, next int, ok bool) {
	var idx []int
	for k := j; k < e && p.isRunWord(k) && len(idx) < 8; k = p.runNext(k) {
		idx = append(idx, k)
	}
	if len(idx) == 0 {
		return "", 0, false
	}
	a := 0
	for a < len(idx)-1 && (refNoise[p.toks[idx[a]].s] || len(p.toks[idx[a]].s) == 1) {
		a++
	}
	for _, fuzzy := range [...]int{0, 6} {
		for b := min(len(idx), a+5); b > a; b-- {
			if b == a+1 && monthWords[p.toks[idx[a]].s] {
				continue
			}
			var sb strings.Builder
			for _, k := range idx[a:b] {
				sb.WriteString(p.toks[k].s)
			}
			key := sb.String()
			if len(key) < 2 {
				continue
			}
			if st, ok := canonicalStation(key, fuzzy); ok {
				return st, idx[b-1] + 1, true
			}
		}
	}
	return "", 0, false
}

// yearPrefixAt reports whether the number at k is a year followed by
// station words ("06 TBILISI", "2007-MANAGUA").
func (p *refParser) yearPrefixAt(k int) bool {
	if !yearLike(p.toks[k].s) {
		return false
	}
	j := k + 1
	if j < len(p.toks) && p.toks[j].kind == tPunct && p.toks[j].p == '-' {
		j++
	}
	return j < len(p.toks) && p.toks[j].kind == tWord && p.stationRunAt(j)
}

// dateAt reports a date "12/01/09" or "9/28" starting at k.
func (p *refParser) dateAt(k int) bool {
	t := p.toks
	if k+2 < len(t) && t[k+1].kind == tPunct && t[k+1].p == '/' && t[k+2].kind == tNum {
		if len(t[k].s) <= 2 && len(t[k+2].s) <= 2 {
			return true
		}
	}
	return false
}

func yearLike(s string) bool {
	switch len(s) {
	case 2:
		return true
	case 3:
		return s[0] == '0'
	case 4:
		return s[:2] == "19" || s[:2] == "20"
	}
	return false
}

func yearOf(s string) int {
	n, _ := strconv.Atoi(s[len(s)-2:])
	return n
}

// skipSuffixYear reads a year after a serial ("-91", "/08", "(08)",
// "(2002)", " 99") and returns the index after it.
func (p *refParser) skipSuffixYear(j, e int, c *cite) int {
	t := p.toks
	if j >= e {
		return j
	}
	if t[j].kind == tPunct && (t[j].p == '-' || t[j].p == '/') && j+1 < e && t[j+1].kind == tNum && len(t[j+1].s) == 2 && !(j+2 < e && t[j+2].kind == tPunct && t[j+2].p == '/') {
		c.yy = yearOf(t[j+1].s)
		return j + 2
	}
	if t[j].kind == tPunct && t[j].p == '(' && j+2 < e && t[j+1].kind == tNum && (len(t[j+1].s) == 2 || len(t[j+1].s) == 4 && yearLike(t[j+1].s)) && t[j+2].kind == tPunct && t[j+2].p == ')' {
		c.yy = yearOf(t[j+1].s)
		return j + 3
	}
	if t[j].kind == tNum && len(t[j].s) == 2 && t[j].start > 0 && !(j+1 < e && (t[j+1].kind == tWord || t[j+1].kind == tPunct && t[j+1].p == '/')) {
		c.yy = yearOf(t[j].s)
		return j + 1
	}
	return j
}

func (p *refParser) matchCite(j int) (cite, int, bool) {
	return p.matchCiteLimit(j, len(p.toks))
}

// matchCiteLimit matches one cite starting at token j, not beyond e.
func (p *refParser) matchCiteLimit(j, e int) (cite, int, bool) {
	t := p.toks
	k := j
	c := cite{yy: p.yy, yyBefore: -1}
	if k < e && t[k].kind == tPunct && (t[k].p == '\'' || t[k].p == '#') {
		k++
	}
	if k+2 < e && t[k].kind == tPunct && t[k].p == '(' && t[k+1].kind == tNum && yearLike(t[k+1].s) && t[k+2].kind == tPunct && t[k+2].p == ')' {
		c.yyBefore = yearOf(t[k+1].s)
		k += 3
	} else if k < e && t[k].kind == tNum && yearLike(t[k].s) && p.yearPrefixAt(k) {
		c.yyBefore = yearOf(t[k].s)
		k++
		if k < e && t[k].kind == tPunct && t[k].p == '-' {
			k++
		}
	}
	// serial before station: "870 ULAANBAATAR"
	if k < e && t[k].kind == tNum && c.yyBefore < 0 && len(strings.TrimLeft(t[k].s, "0")) >= 3 && !p.dateAt(k) {
		if st, next, ok := p.resolveRun(k+1, e); ok && (next >= e || t[next].kind == tPunct && strings.IndexByte(",;.)", t[next].p) >= 0) {
			sn := strings.TrimLeft(t[k].s, "0")
			if len(sn) <= 7 && c.yy >= 0 {
				c.station = st
				c.id = fmtYY(c.yy) + st + sn
				return c, next, true
			}
		}
		return cite{}, 0, false
	}
	if k >= e || t[k].kind != tWord {
		return cite{}, 0, false
	}
	st, next, ok := p.resolveRun(k, e)
	if !ok {
		return cite{}, 0, false
	}
	k = next
	// between station and serial
	for steps := 0; k < e && steps < 4; steps++ {
		switch {
		case t[k].kind == tWord && refFiller[t[k].s]:
			k++
		case t[k].kind == tPunct && strings.IndexByte(",:#-", t[k].p) >= 0:
			k++
		case t[k].kind == tNum && len(t[k].s) == 2 && k+1 < e && t[k+1].kind == tNum && len(t[k+1].s) >= 3:
			c.yyBefore = yearOf(t[k].s) // "SECSTATE 06 163201"
			k++
		case t[k].kind == tPunct && t[k].p == '(' && k+2 < e && t[k+2].kind == tPunct && t[k+2].p == ')':
			if t[k+1].kind == tNum && yearLike(t[k+1].s) {
				c.yyBefore = yearOf(t[k+1].s)
			} else if t[k+1].kind != tWord {
				return cite{}, 0, false
			}
			k += 3
		default:
			steps = 4
			continue
		}
	}
	if k >= e || t[k].kind != tNum || p.dateAt(k) {
		return cite{}, 0, false
	}
	sn := strings.TrimLeft(t[k].s, "0")
	if sn == "" || len(sn) > 7 || len(t[k].s) > 8 {
		return cite{}, 0, false
	}
	if k+2 < len(t) && t[k+1].kind == tPunct && t[k+1].p == '.' && t[k+2].kind == tPunct && t[k+2].p == '.' && t[k+1].start == t[k].end {
		return cite{}, 0, false // truncated: "LIMA 2..."
	}
	if c.yyBefore >= 0 {
		c.yy = c.yyBefore
	}
	if c.yy < 0 {
		return cite{}, 0, false
	}
	k = p.skipSuffixYear(k+1, e, &c)
	c.station = st
	c.id = fmtYY(c.yy) + st + sn
	return c, k, true
}
