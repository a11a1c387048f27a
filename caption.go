package cablesearch

import (
	"html"
	"regexp"
	"strings"
	"unicode/utf8"
)

// The caption is the top of block 2: classification banner, handling
// words, office lines, E.O. line, TAGS, SUBJECT, REF and Classified By,
// before paragraph 1. See CABLE-FORMAT.md b.5.

// captionLimit bounds the caption search when no paragraph 1 is found.
const captionLimit = 2000

// subjectMax bounds a subject (the longest real ones are about 300 bytes).
const subjectMax = 400

var (
	// eoRe finds the executive order line: "E.O. 12958: DECL: 03/18/2018",
	// "EO 12958 DECL: 2020/02/23", "E.O. 11652: N/A".
	eoRe = regexp.MustCompile(`(?i)(?:^|[^A-Z])E\.?\s?O\.?\s*(\d{3,5})\b\s*:?\s*(?:(N\s*/\s*A)|DECL(?:ASSIFY)?\s*[:.]?\s*([^\n]*))?`)
	// declOnlyRe finds a DECL field without an E.O. number.
	declOnlyRe = regexp.MustCompile(`(?i)\bDECL\s*:\s*([^\n]*)`)
	// declDateRe reads M/D/Y or Y/M/D dates.
	declDateRe = regexp.MustCompile(`^(\d{1,4})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{1,4})`)
	// declCodeRe reads OADR and exemption codes ("X1, X5").
	declCodeRe = regexp.MustCompile(`^(?i)(OADR|X[1-8](?:\s*,\s*X[1-8])*|25X\d|MR|DNG)\b`)
	// subjectCutRe cuts a subject where a REF or Classified By glued on.
	subjectCutRe = regexp.MustCompile(`(?:REFS?:|REFTELS?:|Ref\(s\):|Refs?:|REF\(S\):|(?i:classified\s+by)|(?i:sensitive\s+but))`)
	// hyphenGapRe joins "US- LATIN" into "US-LATIN".
	hyphenGapRe = regexp.MustCompile(`([A-Za-z])- +([A-Za-z])`)
)

// captionEnd returns the offset where the caption of body ends: the
// start of paragraph 1, or captionLimit bytes.
func captionEnd(body string) int {
	if i := firstParagraphStart(body); i >= 0 {
		return i
	}
	return len(prefixUTF8(body, captionLimit))
}

// prefixUTF8 returns at most the first n bytes of s, not cutting a UTF-8
// sequence.
func prefixUTF8(s string, n int) string {
	if n >= len(s) {
		return s
	}
	if n < 0 {
		return ""
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// firstParagraphStart is the offset of the line that opens the first
// numbered paragraph: paragraph 1, else (extracts) the first "¶N." line,
// or -1.
func firstParagraphStart(body string) int {
	off := 0
	firstPil := -1
	for off < len(body) {
		end := strings.IndexByte(body[off:], '\n')
		line := body[off:]
		if end >= 0 {
			line = body[off : off+end]
		}
		if n, _, pil, ok := paragraphNumberP(line); ok {
			if n == 1 {
				return off
			}
			if pil && firstPil < 0 && strings.Contains(line, "¶") {
				firstPil = off
			}
		}
		if end < 0 {
			break
		}
		off += end + 1
	}
	return firstPil
}

// parseDeclassify reads the E.O. number and the declassification field
// of text. decl is an ISO date, a code ("OADR", "X1, X5") or "".
func parseDeclassify(text string) (eo, decl string) {
	rest := ""
	if m := eoRe.FindStringSubmatchIndex(text); m != nil {
		eo = text[m[2]:m[3]]
		if m[4] >= 0 {
			return eo, ""
		}
		if m[6] >= 0 {
			rest = text[m[6]:m[7]]
		}
	}
	if rest == "" {
		if m := declOnlyRe.FindStringSubmatch(text); m != nil {
			rest = m[1]
		}
	}
	rest = strings.TrimSpace(rest)
	if rest == "" {
		return eo, ""
	}
	if m := declDateRe.FindStringSubmatch(rest); m != nil {
		a, b, c := m[1], m[2], m[3]
		var y, mo, d int
		if len(a) == 4 {
			y, mo, d = tgAtoi(a), tgAtoi(b), tgAtoi(c)
		} else {
			mo, d, y = tgAtoi(a), tgAtoi(b), tgAtoi(c)
			switch len(c) {
			case 2:
				if y < 70 {
					y += 2000
				} else {
					y += 1900
				}
			case 4:
			default:
				return eo, ""
			}
		}
		if mo < 1 || mo > 12 || d < 1 || d > 31 || y < 1900 || y > 2100 {
			return eo, ""
		}
		return eo, tgPad4(y) + "-" + tgPad2(mo) + "-" + tgPad2(d)
	}
	if m := declCodeRe.FindStringSubmatch(rest); m != nil {
		return eo, strings.ToUpper(strings.Join(strings.Fields(m[1]), " "))
	}
	return eo, ""
}

func tgPad2(n int) string {
	return string([]byte{byte('0' + n/10%10), byte('0' + n%10)})
}

func tgPad4(n int) string {
	return string([]byte{byte('0' + n/1000%10), byte('0' + n/100%10), byte('0' + n/10%10), byte('0' + n%10)})
}

// tgHasPrefixFold reports whether s starts with the ASCII prefix p, ignoring
// case.
func tgHasPrefixFold(s, p string) bool {
	return len(s) >= len(p) && strings.EqualFold(s[:len(p)], p)
}

func tgIsLetter(b byte) bool { return 'a' <= b|0x20 && b|0x20 <= 'z' }

// subjectLabel returns the offset after a SUBJECT label at the start of
// line t ("SUBJECT:", "SUBJ:", "Subject ", "UBJECT:"), or -1.
func subjectLabel(t string) int {
	for _, p := range [...]string{"SUBJECT", "SUBJ", "UBJECT"} {
		if !tgHasPrefixFold(t, p) {
			continue
		}
		n := len(p)
		if n == len(t) {
			return n
		}
		c := t[n]
		if c == ':' {
			return n + 1
		}
		if p != "SUBJ" && (c == ' ' || c == '\t') {
			// "SUBJECT SAG AGREES" has no colon.
			rest := strings.TrimLeft(t[n:], " \t")
			if strings.HasPrefix(rest, ":") {
				return len(t) - len(rest) + 1
			}
			return n
		}
		if p == "SUBJ" && c == '.' {
			return n + 1
		}
	}
	return -1
}

// extractSubject finds the SUBJECT of caption text. With clean, a
// leading portion marking is removed.
func extractSubject(text string, clean bool) string {
	lines := strings.Split(text, "\n")
	start, col := -1, 0
	for i, l := range lines {
		t := strings.TrimLeft(l, " \t")
		if n := subjectLabel(t); n >= 0 {
			start, col = i, len(l)-len(t)+n
			break
		}
		// Mid-line label on a one-line caption: "... Subject: text".
		if j := tgIndexFold(l, " SUBJECT:"); j >= 0 {
			start, col = i, j+len(" SUBJECT:")
			break
		}
	}
	if start < 0 {
		return ""
	}
	var parts []string
	first := lines[start][col:]
	first = strings.TrimSpace(strings.ReplaceAll(first, "\\", ""))
	if first != "" {
		parts = append(parts, first)
	}
	for _, l := range lines[start+1:] {
		t := strings.TrimSpace(strings.ReplaceAll(l, "\\", ""))
		if t == "" {
			if len(parts) == 0 {
				continue
			}
			break
		}
		if subjectStops(t) {
			break
		}
		parts = append(parts, t)
	}
	s := strings.Join(parts, " ")
	if loc := subjectCutRe.FindStringIndex(s); loc != nil {
		s = s[:loc[0]]
	}
	if len(s) > subjectMax {
		// A runaway subject (lost line breaks): cut at a word.
		s = prefixUTF8(s, subjectMax)
		if k := strings.LastIndexByte(s, ' '); k > 0 {
			s = s[:k]
		}
	}
	return cleanSubject(s, clean)
}

// subjectStops reports whether line t (trimmed) ends a subject.
func subjectStops(t string) bool {
	if tgHasPrefixFold(t, "REF") && (len(t) == 3 || !tgIsLetter(t[3]) || tgHasPrefixFold(t, "REFS") || tgHasPrefixFold(t, "REFTEL")) {
		return true
	}
	if _, _, ok := paragraphNumber(t); ok {
		return true
	}
	if strings.HasPrefix(t, "¶") || isPageHeader(t) || isSpacedBanner(t) || isPageStart(t) {
		return true
	}
	for _, p := range [...]string{"CLASSIFIED BY", "CLASSIFIED:", "SENSITIVE BUT", "THIS IS AN ACTION REQUEST", "---", "===", "___", "E.O. 1", "TAGS:", "TAGS ", "SUMMARY"} {
		if tgHasPrefixFold(t, p) {
			return true
		}
	}
	return false
}

// cleanSubject squeezes whitespace, decodes entities and strips
// markings of a raw subject.
func cleanSubject(s string, clean bool) string {
	s = strings.ReplaceAll(s, "\\", "")
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	s = strings.Join(strings.Fields(s), " ")
	if strings.Contains(s, "- ") {
		s = hyphenGapRe.ReplaceAllString(s, "$1-$2")
	}
	if clean {
		if strings.HasPrefix(s, "(") {
			if j := strings.IndexByte(s, ')'); j > 0 && isMarking(s[1:j]) {
				s = strings.TrimSpace(s[j+1:])
			}
		}
		if strings.HasSuffix(s, ")") {
			if j := strings.LastIndexByte(s, '('); j > 0 && s[j-1] == ' ' && isMarking(s[j+1:len(s)-1]) {
				s = strings.TrimSpace(s[:j])
			}
		}
	}
	return s
}

// tgIndexFold is strings.Index ignoring ASCII case; sub must be upper
// case. See foldScanner for the forms it finds.
func tgIndexFold(s, sub string) int {
	f := newFoldScanner(s, sub)
	return f.next(0)
}

// foldScanner finds the occurrences of an upper-case ASCII word in s in
// upper, lower or title case ("END", "end", "End"; odd mixtures such as
// "eNd" are missed). Successive calls of next with growing offsets take
// linear time overall, as each form's next position is cached.
type foldScanner struct {
	s     string
	sub   string
	forms [3]string
	pos   [3]int // next candidate of each form; -2 unknown, -1 none
}

func newFoldScanner(s, sub string) *foldScanner {
	f := &foldScanner{s: s, sub: sub}
	p := sub[:min(len(sub), 4)]
	lo := strings.ToLower(p)
	ti := []byte(lo)
	for i, c := range ti {
		if c >= 'a' && c <= 'z' {
			ti[i] = c - 32
			break
		}
	}
	f.forms = [3]string{p, lo, string(ti)}
	f.pos = [3]int{-2, -2, -2}
	return f
}

// next returns the first occurrence at or after from, or -1.
func (f *foldScanner) next(from int) int {
	n := len(f.sub)
	if n == 0 {
		return from
	}
	best := -1
	for v := range f.forms {
		for {
			p := f.pos[v]
			if p == -1 {
				break
			}
			if p == -2 || p < from {
				k := -1
				if from <= len(f.s) {
					k = strings.Index(f.s[from:], f.forms[v])
				}
				if k < 0 {
					f.pos[v] = -1
					break
				}
				f.pos[v] = from + k
				p = from + k
			}
			if p+n <= len(f.s) && strings.EqualFold(f.s[p:p+n], f.sub) {
				if best < 0 || p < best {
					best = p
				}
				break
			}
			// Not a match: look further next time.
			from2 := p + 1
			k := strings.Index(f.s[from2:], f.forms[v])
			if k < 0 {
				f.pos[v] = -1
				break
			}
			f.pos[v] = from2 + k
		}
	}
	return best
}

// markingHeads are the first tokens of a portion marking.
var markingHeads = map[string]bool{
	"U": true, "C": true, "S": true, "TS": true, "SBU": true, "LOU": true,
	"CUI": true, "FOUO": true, "NF": true, "U/FOUO": true, "SECRET": true,
	"CONFIDENTIAL": true, "UNCLASSIFIED": true,
}

// isMarking reports whether s (without parentheses) is a portion marking:
// "U", "SBU", "S/NF", "S//NF", "C - ENTIRE TEXT", "C-REL UK", "SBU/N".
func isMarking(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 30 {
		return false
	}
	end := len(s)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '/' || c == '-' || c == ' ' || c == ',' {
			end = i
			break
		}
		if c < 'A' || c > 'Z' {
			return false
		}
	}
	return markingHeads[s[:end]]
}

// normalizeMarking turns a marking as written into its stored form:
// "S//NF" -> "S/NF", "C - ENTIRE TEXT" -> "C" (entire=true).
func normalizeMarking(s string) (m string, entire bool) {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, "ENTIRE TEXT"); i >= 0 {
		entire = true
		s = strings.TrimRight(s[:i], " -")
	}
	s = strings.ToUpper(s)
	for strings.Contains(s, "//") {
		s = strings.ReplaceAll(s, "//", "/")
	}
	s = strings.ReplaceAll(s, " / ", "/")
	s = strings.ReplaceAll(s, "/ ", "/")
	s = strings.ReplaceAll(s, "NOFORN", "NF")
	// "S NF", "S-NF" -> "S/NF".
	if i := strings.IndexAny(s, " -"); i > 0 && s[i+1:] == "NF" {
		s = s[:i] + "/NF"
	}
	return s, entire
}

// bannerWords maps a classification banner (spaces removed) to its level.
var bannerWords = map[string]string{
	"UNCLAS": "UNCLASSIFIED", "UNCLASSIFIED": "UNCLASSIFIED",
	"CONFIDENTIAL": "CONFIDENTIAL", "SECRET": "SECRET", "TOPSECRET": "TOP SECRET",
	"LIMITEDOFFICIALUSE": "LIMITED OFFICIAL USE",
}

// isSpacedBanner reports whether t starts with a letter-spaced
// classification ("C O N F I D E N T I A L").
func isSpacedBanner(t string) bool {
	return strings.HasPrefix(t, "C O N F") || strings.HasPrefix(t, "S E C R E T") ||
		strings.HasPrefix(t, "U N C L") || strings.HasPrefix(t, "T O P")
}

// handlingWords are the handling caveats recorded in Cable.Handling.
var handlingWords = map[string]bool{
	"SIPDIS": true, "NODIS": true, "EXDIS": true, "LIMDIS": true, "STADIS": true,
	"ROGER": true, "NOFORN": true, "EFTO": true, "CHEROKEE": true,
}

// parseCaptionLine reads a caption or old page line and returns the
// banner level, station words and serial: "C O N F I D E N T I A L
// SECTION 01 OF 02 HARARE 005461", "UNCLAS MOSCOW 000521", "PAGE 01
// HARARE 05461 01 OF 02 271458Z".
func parseCaptionLine(line string) (level, station, serial string, ok bool) {
	f := strings.Fields(line)
	i := 0
	page := false
	if len(f) > 2 && f[0] == "PAGE" && allDigits(f[1]) {
		page = true
		i = 2
	} else {
		// Banner, possibly letter-spaced.
		var b strings.Builder
		j := 0
		for j < len(f) && len(f[j]) == 1 && tgIsLetter(f[j][0]) {
			b.WriteString(f[j])
			j++
		}
		w := b.String()
		if lv, found := bannerWords[w]; found {
			level, i = lv, j
		} else if j == 0 {
			w = ""
			for k := 0; k < len(f) && k < 3; k++ {
				w += f[k]
				if lv, found := bannerWords[w]; found {
					level, i = lv, k+1
				}
			}
		}
		if level == "" {
			return "", "", "", false
		}
	}
	var st []string
	for ; i < len(f); i++ {
		w := f[i]
		if !page && w == "SECTION" && i+3 < len(f) && allDigits(f[i+1]) && len(f[i+2]) <= 3 {
			// "SECTION 01 OF 02", also garbled ("01 GF 02").
			i += 3
			continue
		}
		if handlingWords[strings.Trim(w, "/")] || strings.HasPrefix(w, "//") || w == "E" || w == "F" || w == "T" || w == "O" {
			if len(st) == 0 {
				continue
			}
			return "", "", "", false
		}
		if allDigits(w) {
			if len(st) == 0 || len(w) > 7 {
				return "", "", "", false
			}
			return level, strings.Join(st, ""), w, true
		}
		if d := leadingDigits(w); d >= 3 && d <= 7 && len(st) > 0 && strings.HasPrefix(w[d:], "SIPDIS") {
			// "RIYADH 002441SIPDISSIPDIS..." (line breaks lost).
			return level, strings.Join(st, ""), w[:d], true
		}
		for k := 0; k < len(w); k++ {
			c := w[k]
			if !(c >= 'A' && c <= 'Z') && c != '\'' && c != '-' {
				return "", "", "", false
			}
		}
		st = append(st, w)
		if len(st) > 4 {
			return "", "", "", false
		}
	}
	return "", "", "", false
}

// findHandling returns the handling words of caption text, in order.
func findHandling(text string) []string {
	var out []string
	for w := range strings.FieldsFuncSeq(text, func(r rune) bool {
		return !(r >= 'A' && r <= 'Z')
	}) {
		if handlingWords[w] && !tgContains(out, w) {
			out = append(out, w)
		}
	}
	return out
}

func tgContains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Classified By: the classifying official. See CABLE-FORMAT.md b.5.

var (
	// classifiedLabelRe matches the label and its repeated or prefixed
	// forms ("Classified By: (U) Classified by", "Classfied By:").
	classifiedLabelRe = regexp.MustCompile(`(?i)^(?:\s|:|\(u\)|\(c\)|\(sbu\)|1\.|this message|classified by|classfied by|classified (?:confidential|secret) by)+`)
	// charge d'affaires spellings are squeezed to "AFFAIRES" so that the
	// title list catches them; "a.i." is dropped.
	affairesRe = regexp.MustCompile(`(?i)\b(?:de|d)\s*[\\',’]*\s*'?\s*(?:af+[a-z]*)`)
	aiRe       = regexp.MustCompile(`(?i)(?:\ba\.\s?[iy]\.,?|\(a\.?i\.?\)|\bai\.)`)
	parenRe    = regexp.MustCompile(`\([^()]{0,20}\)`)
	// reasonRe finds "1.4 (b) and (d)", "1.5.D.", "1,4".
	reasonRe = regexp.MustCompile(`\b1\s?[.,]\s?([2-6])`)
)

// classifierStops are upper-case markers that end the classifier's name.
var classifierStops = []string{
	" FOR R", " FOR E.O", " FOR EO", " FOR 1", " FOR (", " FR R", " F0R R", " FOR 12958",
	" PER ", " BASED ", " UNDER ", " DUE TO", ";", "SUMMARY", "FOR REAS",
}

// titleWords are words of job titles and offices that precede a name.
var titleWords = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`ACTING DEPUTY CHIEF OF MISSION AMBASSADOR AMB POLITICAL
	COUNSELOR COUNSELLOR COUNSEL COUNSELR COUNSEOR COUNSLEOR COUNSELOUR COUSELOR COUNS COUN
	COUNCILOR COUNCILLOR MINISTER MIN ASSISTANT SECRETARY DCM CDA CHARGE AFFAIRES AFFAIRS AFFIARS
	POLOFF ECONOFF CONOFF POL ECON ECONOMIC CONSUL GENERAL PRINCIPAL OFFICER OFFICE OFF AIT
	DIRECTOR DIR DIRECOTR SECTION USEU USUN MCOUNSELOR ECONCOUNS INTERAGENCY PROVINCIAL
	COORDINATOR PRT GOVERNANCE INSTITUTIONAL UNIT ECPO TEAM LEADER HEAD LABOR ATTACHE DEFENSE
	LTC LEGAL ADVISER ADVISOR POLMIL MILITARY IO SPECIAL REPRESENTATIVE ENVOY CHAIRMAN MEMBER
	USDEL DELEGATE CONTROL ARMS CIEF CHIEF ECOPOL EMIN ECMIN POLMINCONS DAS PDAS AF NEA ISN EUR
	SCA WHA EAP INR PRM DRL RSO ARSO TDY DPO IPO COM MC PERMANENT REPRESENATIVE US U.S. DOS
	CLASSIFICATION GUIDE BY FOR AND THE TO OF DEPARTMENT STATE EMBASSY CONSULATE CONGEN
	LINE ADDED DIPLOMATIC SECURITY CENTRAL ASIA AT LARGE AMBASSADOR-AT-LARGE ECONOMICAL
	ACTING. A/S PDAS. LEGATT CONSULAR MGMT MANAGEMENT PAO PA PUBLIC OFFICE. SENIOR ADVISER.
	POLCOUNS ECONCOUN POLCOUN DEPUTY. CHARGE. AMB. DCM. VCI S/CT CT RAO MSG NSC PMIN POLMIN
	ECOMIN EXECUTIVE ASSISTANT. COMMERCIAL COMMERCE ATTACHE. FINANCIAL TREASURY POLICY
	PLANNING STAFF SUB-NATIONAL POL-MIL POL/MIL ECON/POL POLITICAL-MILITARY ENVIRONMENT
	SCIENCE TECHNOLOGY HEALTH EST&H UNDER UNDERSECRETARY SECRETARY. CG DPOL LEGATT. USTR
	POLMC POLCHIEF ECONCHIEF ADCM CHG POLOFFICER ECONOFFICER MGMTOFF POLECON ECONPOL`) {
		titleWords[w] = true
	}
}

// isTitleWord reports whether token w is part of a job title.
func isTitleWord(w string, mixed bool) bool {
	u := strings.ToUpper(strings.Trim(w, ".,'\\:()"))
	u = strings.ReplaceAll(u, "0", "O")
	if u == "" {
		return true
	}
	if titleWords[u] || strings.Contains(u, "COUNS") {
		return true
	}
	if strings.HasPrefix(u, "AMB") && len(u) >= 6 || strings.HasPrefix(u, "ABASS") || strings.HasPrefix(u, "AMABASS") {
		return true
	}
	if strings.Contains(u, "-") {
		all := true
		for p := range strings.SplitSeq(u, "-") {
			if !titleWords[p] {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	if i := strings.LastIndexByte(w, '/'); i >= 0 {
		after := strings.Trim(w[i+1:], ".,")
		if after == "" || strings.ToUpper(after) == after {
			return true
		}
	}
	if mixed && len(u) >= 2 && u == strings.Trim(w, ".,'\\:()") && !isNameSuffix(u) {
		// An all-capitals token in mixed-case text is an acronym.
		for i := 0; i < len(u); i++ {
			if !tgIsLetter(u[i]) {
				return false
			}
		}
		return true
	}
	for i := 0; i < len(u); i++ {
		if isDigit(u[i]) || u[i] == '?' {
			return true
		}
	}
	return false
}

func isNameSuffix(u string) bool {
	switch strings.TrimRight(u, ".") {
	case "JR", "SR", "II", "III", "IV":
		return true
	}
	return false
}

// classifiedBy returns the names of the classifying officials found in
// text, as written.
func classifiedBy(text string) []string {
	off := 0
	f1 := newFoldScanner(text, "CLASSIFIED BY")
	f2 := newFoldScanner(text, "CLASSFIED BY")
	for off < len(text) {
		i := f1.next(off)
		j := f2.next(off)
		if i < 0 || (j >= 0 && j < i) {
			i = j
		}
		if i < 0 {
			return nil
		}
		start := i
		if start > 0 && tgIsLetter(text[start-1]) {
			// "DECLASSIFIED BY NARA".
			off = start + len("CLASSIFIED BY")
			continue
		}
		names := classifierAt(text[start:])
		if len(names) > 0 {
			return names
		}
		off = start + len("CLASSIFIED BY")
	}
	return nil
}

// classifierAt reads the names after a "Classified By" label at the start
// of s.
func classifierAt(s string) []string {
	// Join the lines of the statement, up to a blank line.
	var b strings.Builder
	lines := 0
	for len(s) > 0 && lines < 6 && b.Len() < 400 {
		k := strings.IndexByte(s, '\n')
		line := s
		if k >= 0 {
			line = s[:k]
			s = s[k+1:]
		} else {
			s = ""
		}
		if len(line) > 400 {
			line = prefixUTF8(line, 400)
		}
		line = strings.ReplaceAll(line, "\\'", "'")
		trimmed := strings.TrimRight(line, " \t\\")
		if lines > 0 && strings.TrimSpace(trimmed) == "" {
			break
		}
		if lines > 0 {
			tt := strings.TrimSpace(trimmed)
			if isPageHeader(tt) || strings.HasPrefix(tt, "¶") {
				break
			}
			if _, _, ok := paragraphNumber(tt); ok {
				break
			}
		}
		b.WriteString(trimmed)
		lines++
		// Lines cut at column 71 break words: join them directly unless
		// the next line starts with a space.
		if !(len(trimmed) >= 71 && len(s) > 0 && s[0] != ' ') {
			b.WriteByte(' ')
		}
	}
	t := b.String()
	// Drop the label(s).
	if tgHasPrefixFold(t, "CLASSFIED BY") {
		t = t[len("CLASSFIED BY"):]
	} else {
		t = t[min(len(t), len("CLASSIFIED BY")):]
	}
	for {
		loc := classifiedLabelRe.FindStringIndex(t)
		if loc == nil || loc[1] == 0 {
			break
		}
		t = t[loc[1]:]
	}
	if tgHasPrefixFold(strings.TrimSpace(t), "SECTION") {
		return nil
	}
	up := strings.ToUpper(t)
	cut := len(t)
	for _, st := range classifierStops {
		if k := strings.Index(up, st); k >= 0 && k < cut {
			cut = k
		}
	}
	for _, st := range [...]string{"REAS", "RESON", "RASON", "REAO", "E.O", "EO 1", "CONFIDENTIAL", "SECRET", "UNCLASSIFIED"} {
		for k := strings.Index(up, st); k >= 0 && k < cut; {
			e := k + len(st)
			whole := st != "CONFIDENTIAL" && st != "SECRET" && st != "UNCLASSIFIED" || e >= len(up) || !tgIsLetter(up[e])
			if (k == 0 || !tgIsLetter(up[k-1])) && whole {
				cut = k
				break
			}
			n := strings.Index(up[k+1:], st)
			if n < 0 {
				break
			}
			k += 1 + n
		}
	}
	if loc := reasonRe.FindStringIndex(t); loc != nil && loc[0] < cut {
		cut = loc[0]
	}
	// Garbled text: a digit inside a word ("Sea3on").
	for k := 1; k+1 < cut; k++ {
		if c := t[k]; c >= '1' && c <= '9' && (tgIsLetter(t[k-1]) || tgIsLetter(t[k+1])) {
			cut = k
			for cut > 0 && tgIsLetter(t[cut-1]) {
				cut--
			}
			break
		}
	}
	t = t[:cut]
	if strings.Contains(t, "...") || strings.Contains(t, "…") {
		// A truncated preview ("Classified By: A...").
		return nil
	}
	// "O,Grady" is "O'Grady".
	if strings.IndexByte(t, ',') > 0 {
		b := []byte(t)
		for k := 1; k+1 < len(b); k++ {
			if b[k] == ',' && tgIsLetter(b[k-1]) && b[k+1] >= 'A' && b[k+1] <= 'Z' && (k < 2 || !tgIsLetter(b[k-2])) {
				b[k] = '\''
			}
		}
		t = string(b)
	}
	t = aiRe.ReplaceAllString(t, " ")
	t = affairesRe.ReplaceAllString(t, " AFFAIRES")
	t = parenRe.ReplaceAllString(t, " ")
	mixed := strings.ToUpper(t) != t
	var names []string
	segs := strings.Split(t, ",")
	for si := 0; si < len(segs); si++ {
		seg := segs[si]
		if len(names) > 0 && !tgContainsWordFold(seg, "AND") {
			continue
		}
		name := nameFromSegment(seg, mixed)
		if name == "" || strings.Trim(strings.ToLower(name), "x ") == "" {
			// No name, or a redacted one ("XXXXXXXXXXXX").
			continue
		}
		// Keep a suffix given as the next segment: "SIMONS, JR.".
		if si+1 < len(segs) {
			if suf := strings.TrimSpace(segs[si+1]); isNameSuffix(strings.ToUpper(suf)) {
				su := strings.ToUpper(strings.TrimRight(suf, "."))
				if su == "JR" || su == "SR" {
					name += ", " + suf
					if !strings.HasSuffix(suf, ".") {
						name += "."
					}
				} else {
					name += ", " + strings.TrimRight(suf, ".")
				}
				si++
			}
		}
		names = append(names, name)
		if len(names) == 2 {
			break
		}
	}
	return names
}

func tgContainsWordFold(s, w string) bool {
	for f := range strings.FieldsSeq(s) {
		if strings.EqualFold(f, w) {
			return true
		}
	}
	return false
}

// nameFromSegment takes the name at the end of a title-and-name segment:
// "Acting Deputy Chief of Mission Marc Wall" -> "Marc Wall".
func nameFromSegment(seg string, mixed bool) string {
	seg = strings.NewReplacer(":", " : ", " - ", " : ", "?", " : ").Replace(seg)
	f := strings.Fields(seg)
	// Trailing connectors ("Moriarty for for").
	for len(f) > 0 {
		u := strings.ToUpper(strings.Trim(f[len(f)-1], ".,:-"))
		if u == "FOR" || u == "AND" || u == "BY" || u == "" || u == ":" {
			f = f[:len(f)-1]
			continue
		}
		break
	}
	n := len(f)
	k := n
	for k > 0 {
		w := f[k-1]
		if w == ":" || (isTitleWord(w, mixed) && !isNameSuffix(strings.ToUpper(w))) {
			break
		}
		k--
		if j := strings.LastIndexByte(w, '/'); j >= 0 {
			// "DCM/Ted": the title ends at the slash.
			f[k] = w[j+1:]
			break
		}
	}
	// The object of a preposition is not part of the name:
	// "AMBASSADOR TO SUDAN TIMOTHY CARNEY".
	if n-k >= 3 && k > 0 {
		switch strings.ToUpper(f[k-1]) {
		case "TO", "FOR", "OF", "IN", "AND":
			k++
		}
	}
	if n-k > 4 {
		k = n - 4
	}
	name := strings.Join(f[k:], " ")
	name = strings.Trim(name, " ,;:-")
	if strings.HasSuffix(name, ".") {
		last := f[n-1]
		lu := strings.ToUpper(last)
		if !(lu == "JR." || lu == "SR." || len(strings.TrimRight(last, ".")) == 1 && n-k == 1) {
			name = strings.TrimRight(name, ".")
		}
	}
	return name
}

// normalizeName gives the display form of a classifier name: capitals
// title-cased, "0" read as "O"; names in mixed case are kept.
func normalizeName(s string) string {
	if fix, ok := nameTypos[strings.ToUpper(s)]; ok {
		s = fix
	}
	if strings.ToUpper(s) != s {
		return s
	}
	f := strings.Fields(s)
	for i, w := range f {
		w = strings.ReplaceAll(w, "0", "O")
		if isNameSuffix(strings.TrimRight(w, ".,")) && !strings.HasPrefix(strings.TrimRight(w, ".,"), "J") && !strings.HasPrefix(strings.TrimRight(w, ".,"), "S") {
			f[i] = w
			continue
		}
		f[i] = titleWord(w)
	}
	return strings.Join(f, " ")
}

// nameTypos fixes classifier names misspelled in the cables.
var nameTypos = map[string]string{
	"RICAHRD E. HOAGLAND": "RICHARD E. HOAGLAND",
}

// titleWord upper-cases the first letter of each part of w and
// lower-cases the rest ("MCNAMARA" -> "Mcnamara", "KIM-SCOTT" ->
// "Kim-Scott").
func titleWord(w string) string {
	b := []byte(strings.ToLower(w))
	up := true
	for i, c := range b {
		if up && c >= 'a' && c <= 'z' {
			b[i] = c - 32
		}
		up = c == '-' || c == '.' || c == '\'' || c == ' '
	}
	return string(b)
}

// parseReasons reads the classification reason letters and section after
// the classifier.
func parseReasons(text string) (section string, reasons []string) {
	i := tgIndexFold(text, "CLASSIFIED BY")
	if i < 0 {
		return "", nil
	}
	t := text[i:min(len(text), i+500)]
	loc := reasonRe.FindStringSubmatchIndex(t)
	if loc == nil {
		return "", nil
	}
	section = "1." + t[loc[2]:loc[3]]
	rest := t[loc[1]:min(len(t), loc[1]+40)]
	if k := strings.Index(rest, "\n\n"); k >= 0 {
		rest = rest[:k]
	}
	for k := 0; k < len(rest); k++ {
		c := rest[k] | 0x20
		if c < 'a' || c > 'h' {
			continue
		}
		if k > 0 && tgIsLetter(rest[k-1]) || k+1 < len(rest) && tgIsLetter(rest[k+1]) {
			continue
		}
		r := string(c)
		if !tgContains(reasons, r) {
			reasons = append(reasons, r)
		}
	}
	return section, reasons
}

// isPageStart reports whether t starts like an old page header
// ("PAGE 02 HARA..."), even when cut short.
func isPageStart(t string) bool {
	if !strings.HasPrefix(t, "PAGE ") {
		return false
	}
	r := strings.TrimLeft(t[5:], " ")
	return len(r) >= 2 && isDigit(r[0]) && isDigit(r[1])
}

// leadingDigits counts the ASCII digits that start s.
func leadingDigits(s string) int {
	n := 0
	for n < len(s) && isDigit(s[n]) {
		n++
	}
	return n
}
