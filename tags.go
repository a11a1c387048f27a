package cablesearch

import (
	_ "embed"
	"regexp"
	"strings"
	"sync"
)

// TAGS (CABLE-FORMAT.md b.7): the line is found by its label (TAGS, TAGS:,
// TAG, TAGES, TAS:, TABS, TGS, AGS:, any case), continues on the next line
// when the line ends with a comma or the next line holds only upper-case
// tag-like words, and is cut at page-header junk, classification words,
// SUBJECT and E.O. Items are separated by commas and spaces; multi-word
// free-text tags ("HUMAN RIGHTS", "TIP IN TURKEY", "ECONOMY AND FINANCE")
// and persons ("CLINTON HILLARY", "(STEINBERG, JAMES B.)") are kept
// whole. Corrections fix typos, wrong geographic codes and glued codes.
//
// The vocabulary (data/tags.tsv, see data/README.md) gives each code a kind,
// category and meaning.

//go:embed data/tags.tsv
var tagsData string

var (
	tagsOnce    sync.Once
	tagVocab    map[string]Tag
	tagPhrases  [][]string // multi-word tags, longest first
	tagGluePart map[string]bool
)

func loadTags() {
	tagsOnce.Do(func() {
		tagVocab = make(map[string]Tag, 1500)
		tagGluePart = make(map[string]bool, 400)
		phrases := map[string]bool{}
		for i, line := range strings.Split(tagsData, "\n") {
			if i == 0 || line == "" {
				continue
			}
			f := strings.Split(line, "\t")
			if len(f) < 4 {
				continue
			}
			code := strings.ToUpper(f[0])
			t := Tag{Code: code, Kind: f[1], Category: f[2], Meaning: f[3]}
			if _, dup := tagVocab[code]; !dup {
				tagVocab[code] = t
			}
			if strings.Contains(code, " ") && !strings.Contains(code, ",") && !tagPhraseExcluded[code] {
				phrases[code] = true
			}
			switch {
			case (t.Kind == "subject" || t.Kind == "program") && len(code) == 4 && isLetters(code):
				tagGluePart[code] = true
			case t.Kind == "organization" && len(code) >= 3 && len(code) <= 5 && isLetters(code):
				tagGluePart[code] = true
			}
		}
		for _, p := range extraTagPhrases {
			phrases[p] = true
		}
		for p := range phrases {
			tagPhrases = append(tagPhrases, strings.Fields(p))
		}
		// longest first, then alphabetical for determinism
		sortPhrases(tagPhrases)
	})
}

func sortPhrases(ps [][]string) {
	less := func(a, b []string) bool {
		if len(a) != len(b) {
			return len(a) > len(b)
		}
		return strings.Join(a, " ") < strings.Join(b, " ")
	}
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && less(ps[j], ps[j-1]); j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

// extraTagPhrases are the multi-word free-text tags of b.7 that the
// vocabulary does not list.
var extraTagPhrases = []string{
	"HUMAN RIGHTS", "GOI EXTERNAL", "GOI INTERNAL", "COUNTRY CLEARANCE",
	"MEDIA REACTION REPORT", "POLITICAL PARTIES", "ECONOMIC AFFAIRS",
	"CONSULAR AFFAIRS", "ISRAELI PALESTINIAN AFFAIRS", "GAZA DISENGAGEMENT",
	"IRAQI FREEDOM", "GLOBAL DEFENSE", "NEW ZEALAND", "COUNTER TERRORISM",
}

// tagPhraseExcluded are corpus-only vocabulary rows that are run-together
// tags, not phrases: they are split instead.
var tagPhraseExcluded = map[string]bool{
	"MASSMNUC NPT": true, "OFDA MEETINGS WITH AMBASSADOR": true,
	"PARMS COUNTER TERRORISM": true, "MERCOSUR FTAA": true,
}

// tagFixes are the typo and wrong-code corrections (canonical mode). An
// empty replacement drops the tag.
var tagFixes = map[string][]string{
	"POGOV": {"PGOV"}, "PGGV": {"PGOV"}, "PRGOV": {"PGOV"}, "PGOVE": {"PGOV"}, "PGOC": {"PGOV"},
	"PRELP": {"PREL"}, "PRL": {"PREL"}, "PTERE": {"PTER"}, "EEPET": {"EPET"},
	"ESENV": {"SENV"}, "SEVN": {"SENV"}, "MUCN": {"MNUC"},
	"ENERG": {"ENRG"}, "ENGY": {"ENRG"}, "PTERS": {"PTER"}, "PGOF": {"PGOV"}, "PHUS": {"PHUM"},
	"MOPPS": {"MOPS"}, "UNDESCO": {"UNESCO"}, "KWWMN": {"KWMN"}, "UNFCYP": {"UNFICYP"},
	"COUNTER TERRORISM": {"COUNTERTERRORISM"},
	"RU":                {"RS"}, "SYR": {"SY"},
	"POLMIL": {"POL", "MIL"},
	"SIPDIS": {},
	// persons written without the middle initial
	"STEINBERG, JAMES":   {"STEINBERG, JAMES B."},
	"STEINBERG, JAMES B": {"STEINBERG, JAMES B."},
	"BUSH, GEORGE":       {"BUSH, GEORGE W."},
}

var (
	tagStopLineRe = regexp.MustCompile(`(?i)^(?:SUBJ|E\.\s?O|EO\s|REF|CLASSIFIED|SIPDIS|DECL|SENSITIVE|UNCLAS|CONFIDENTIAL|SECRET|PAGE|\(|\d|\x{00B6})`)
	tagLikeLineRe = regexp.MustCompile(`^[A-Z][A-Z0-9/'&.\-]*(?:[ ,]+[A-Z][A-Z0-9/'&.\-]*)*[ ,]*$`)
)

// parseTags locates the TAGS line(s) in the caption text and returns the
// tags as found (upper-cased, split, deduplicated) and corrected.
func parseTags(text string) (raw, corrected []string) {
	s, ok := tagText(text)
	if !ok {
		return nil, nil
	}
	return splitTags(s, false), splitTags(s, true)
}

// unlabelledTags finds a TAGS line that lost its label (08BEIJING3662):
// the line right after the E.O. line, made of known codes.
func unlabelledTags(text string) (string, bool) {
	lines := strings.Split(text, "\n")
	for i := 0; i+1 < len(lines) && i < 60; i++ {
		l := strings.TrimSpace(lines[i])
		if !(strings.HasPrefix(l, "E.O.") || strings.HasPrefix(l, "EO ") || strings.HasPrefix(l, "E. O.")) {
			continue
		}
		next := strings.TrimSpace(lines[i+1])
		words := strings.FieldsFunc(next, func(r rune) bool { return r == ' ' || r == ',' })
		if len(words) < 2 || !tagLikeLineRe.MatchString(next) {
			return "", false
		}
		for _, w := range words {
			if k := TagKind(w); k == "unknown" || k == "person" {
				return "", false
			}
		}
		return next, true
	}
	return "", false
}

// findTagLabel returns the end of the first TAGS label (TAGS, TAGES,
// TAG, TABS, TGS followed by a blank or [:;,], or TAS:/AGS:), any case.
// A plain scan: this runs on every cable.
//
// A label that starts its line or carries a colon wins over an earlier
// one inside a sentence ("CORRECTED COPY - ADDED TAGS, AND CLASS BY").
func findTagLabel(text string) (int, bool) {
	weak := -1
	for from := 0; from < len(text); {
		start, end, ok := nextTagLabel(text, from)
		if !ok {
			break
		}
		ls := strings.LastIndexByte(text[:start], '\n') + 1
		if strings.TrimSpace(text[ls:start]) == "" || text[end-1] == ':' {
			return end, true
		}
		if weak < 0 {
			weak = end
		}
		from = end
	}
	return weak, weak >= 0
}

func nextTagLabel(text string, from int) (start, end int, ok bool) {
	for i := from; i < len(text); i++ {
		c := upper(text[i])
		if c != 'T' && c != 'A' || i > 0 && isLetter(text[i-1]) {
			continue
		}
		j := i
		for j < len(text) && j-i < 6 && isLetter(text[j]) {
			j++
		}
		if j < len(text) && isLetter(text[j]) {
			continue
		}
		w := strings.ToUpper(text[i:j])
		switch w {
		case "TAGS", "TAGES", "TAG", "TABS", "TGS":
			k := j
			for k < len(text) && (text[k] == ' ' || text[k] == '\t' || text[k] == '\n' || text[k] == '\r') {
				k++
			}
			if k < len(text) && (text[k] == ':' || text[k] == ';' || text[k] == ',') {
				return i, k + 1, true
			}
			if j < len(text) && (text[j] == ' ' || text[j] == '\t') {
				return i, j + 1, true
			}
		case "TAS", "AGS":
			if j < len(text) && text[j] == ':' {
				return i, j + 1, true
			}
		}
	}
	return 0, 0, false
}

// tagCut returns where the TAGS text of line ends: at a gap of five or
// more blanks (page-header junk), a classification word, SUBJ/SUBJECT,
// E.O., REF:, CLASSIFIED BY; len(line) when none.
func tagCut(line string) int {
	blanks := 0
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c == ' ' || c == '\t' {
			blanks++
			if blanks == 5 {
				return i - 4
			}
			continue
		}
		blanks = 0
		if !isLetter(c) || i > 0 && isLetter(line[i-1]) {
			continue
		}
		j := i
		for j < len(line) && isLetter(line[j]) {
			j++
		}
		w := strings.ToUpper(line[i:j])
		rest := line[j:]
		switch w {
		case "UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "SUBJ", "SUBJECT":
			return i
		case "LIMITED":
			if strings.HasPrefix(strings.ToUpper(rest), " OFFICIAL USE") {
				return i
			}
		case "E":
			if strings.HasPrefix(rest, ".O.") || strings.HasPrefix(rest, ". O.") || strings.HasPrefix(rest, ".o.") {
				return i
			}
		case "REF":
			if strings.HasPrefix(strings.TrimLeft(rest, " "), ":") {
				return i
			}
		case "CLASSIFIED":
			if strings.HasPrefix(strings.ToUpper(strings.TrimLeft(rest, " ")), "BY") {
				return i
			}
		}
		i = j - 1
	}
	return len(line)
}

// tagText returns the text of the TAGS field, continuation lines joined.
func tagText(text string) (string, bool) {
	if len(text) > 4000 {
		text = text[:4000]
	}
	end, ok := findTagLabel(text)
	if !ok {
		return unlabelledTags(text)
	}
	rest := text[end:]
	lines := strings.Split(rest, "\n")
	var b strings.Builder
	for i := 0; i < len(lines) && i < 6; i++ {
		line := strings.TrimRight(strings.ReplaceAll(lines[i], "\\", " "), " \t\r")
		cut := line[:tagCut(line)]
		b.WriteString(cut)
		b.WriteByte(' ')
		if len(cut) < len(line) || i+1 >= len(lines) {
			break
		}
		if strings.HasSuffix(strings.TrimSpace(cut), ",") {
			continue
		}
		next := strings.TrimSpace(strings.ReplaceAll(lines[i+1], "\\", " "))
		if c := tagCut(next); c > 0 {
			next = strings.TrimSpace(next[:c])
		}
		if next == "" || tagStopLineRe.MatchString(next) || !tagLikeLineRe.MatchString(next) || !tagLineKnown(cut, next) {
			break
		}
	}
	return b.String(), true
}

// tagLineKnown reports whether an upper-case line after the TAGS line
// continues it: at least half of its words are known codes, or its first
// word completes a phrase begun on the line before ("COUNTRY" /
// "CLEARANCE"). This keeps an unlabelled subject line out of the tags.
func tagLineKnown(prev, next string) bool {
	loadTags()
	words := strings.FieldsFunc(next, func(r rune) bool { return r == ' ' || r == ',' })
	if len(words) == 0 {
		return false
	}
	known := 0
	for _, w := range words {
		if _, ok := tagVocab[w]; ok || TagKind(w) != "unknown" || splitGlued(w) != nil {
			known++
		}
	}
	if 2*known >= len(words) {
		return true
	}
	pw := strings.Fields(strings.ToUpper(prev))
	if len(pw) > 0 && len(words) <= 3 {
		two := pw[len(pw)-1] + " " + words[0]
		for _, ph := range tagPhrases {
			if len(ph) >= 2 && ph[0]+" "+ph[1] == two {
				return true
			}
		}
	}
	return false
}

// splitTags tokenises the TAGS text; correct applies the corrections.
func splitTags(s string, correct bool) []string {
	loadTags()
	s = strings.ToUpper(s)
	var out []string
	seen := map[string]bool{}
	emit := func(t string) {
		t = strings.TrimSpace(t)
		if correct {
			if rep, ok := tagFixes[t]; ok {
				for _, r := range rep {
					if !seen[r] {
						seen[r] = true
						out = append(out, r)
					}
				}
				return
			}
		}
		if t == "" || seen[t] {
			return
		}
		seen[t] = true
		out = append(out, t)
	}
	for _, group := range splitTopCommas(s) {
		var words []string
		for group != "" {
			open := strings.IndexByte(group, '(')
			if open < 0 {
				words = append(words, tagWords(group)...)
				break
			}
			words = append(words, tagWords(group[:open])...)
			closeIdx := strings.IndexByte(group[open:], ')')
			var inner string
			if closeIdx < 0 {
				inner, group = group[open+1:], ""
			} else {
				inner, group = group[open+1:open+closeIdx], group[open+closeIdx+1:]
			}
			inner = strings.Join(strings.Fields(inner), " ")
			if strings.ContainsAny(inner, ", ") {
				if len(words) > 0 {
					tagRun(words, correct, emit)
					words = nil
				}
				emit(inner) // a person: "(STEINBERG, JAMES B.)"
			} else {
				words = append(words, tagWords(inner)...)
			}
		}
		tagRun(words, correct, emit)
	}
	return out
}

// splitTopCommas splits at commas outside parentheses.
func splitTopCommas(s string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(':
			depth++
		case ')':
			if depth > 0 {
				depth--
			}
		case ',', ';':
			if depth == 0 {
				out = append(out, s[start:i])
				start = i + 1
			}
		}
	}
	return append(out, s[start:])
}

func tagWords(s string) []string {
	f := strings.Fields(s)
	out := f[:0]
	for _, w := range f {
		w = strings.Trim(w, ":;.\"")
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// tagRun turns the words of one comma-separated group into tags.
func tagRun(words []string, correct bool, emit func(string)) {
	var unknown []string
	flush := func() {
		n := len(unknown)
		places := false
		for _, w := range unknown {
			if _, ok := canonicalStation(w, 0); ok {
				places = true // "USEU BRUSSELS" is no person
			}
		}
		if n >= 2 && n%2 == 0 && n <= 8 && !places {
			for i := 0; i < n; i += 2 {
				if correct {
					emit(unknown[i] + ", " + unknown[i+1])
				} else {
					emit(unknown[i] + " " + unknown[i+1])
				}
			}
		} else {
			for _, w := range unknown {
				emit(w)
			}
		}
		unknown = unknown[:0]
	}
	for i := 0; i < len(words); {
		// multi-word phrases
		if n, rest, ph, ok := matchTagPhrase(words[i:], correct); ok {
			flush()
			emit(ph)
			i += n
			if rest != "" {
				words[i-1] = rest
				i--
			}
			continue
		}
		w := words[i]
		if correct {
			if _, ok := tagFixes[w]; ok {
				flush()
				emit(w)
				i++
				continue
			}
		}
		if k := TagKind(w); k != "unknown" && k != "person" {
			flush()
			emit(w)
			i++
			continue
		}
		if correct {
			if parts := splitGlued(w); parts != nil {
				flush()
				for _, p := range parts {
					emit(p)
				}
				i++
				continue
			}
		}
		if _, ok := tagVocab[w]; ok || !isLetters(w) || len(w) < 2 {
			flush()
			emit(w)
			i++
			continue
		}
		unknown = append(unknown, w)
		i++
	}
	flush()
}

// matchTagPhrase matches a multi-word tag at the start of words. It
// returns the number of words used, the unused tail of the last word
// ("RIGHTSPOLMIL" after "HUMAN RIGHTS" leaves "POLMIL") and the tag.
func matchTagPhrase(words []string, correct bool) (n int, rest, phrase string, ok bool) {
	if len(words) < 2 {
		return 0, "", "", false
	}
	for _, ph := range tagPhrases {
		if len(ph) > len(words) {
			continue
		}
		match := true
		for j := 0; j < len(ph)-1; j++ {
			if words[j] != ph[j] {
				match = false
				break
			}
		}
		if !match {
			continue
		}
		last := words[len(ph)-1]
		lp := ph[len(ph)-1]
		if last == lp {
			return len(ph), "", joinPhrase(ph, correct), true
		}
		if correct && len(last) > len(lp)+1 && strings.HasPrefix(last, lp) {
			return len(ph), last[len(lp):], joinPhrase(ph, correct), true
		}
	}
	w0, w1 := words[0], words[1]
	switch {
	case w0 == "TIP" && w1 == "IN" && len(words) >= 3:
		return 3, "", "TIP IN " + words[2], true
	case w0 == "MEETINGS" && w1 == "WITH" && len(words) >= 3:
		return 3, "", "MEETINGS WITH " + words[2], true
	case w0 == "FOREIGN" && isLetters(w1):
		return 2, "", "FOREIGN " + w1, true
	case len(words) >= 3 && w1 == "AND" && isLetters(w0) && isLetters(words[2]) && len(w0) > 4 && len(words[2]) > 4 &&
		TagKind(w0) == "unknown" && TagKind(words[2]) == "unknown":
		return 3, "", w0 + " AND " + words[2], true
	}
	return 0, "", "", false
}

func joinPhrase(ph []string, correct bool) string {
	s := strings.Join(ph, " ")
	if correct && len(ph) == 2 {
		if t, ok := tagVocab[s]; ok && t.Kind == "person" {
			return ph[0] + ", " + ph[1]
		}
	}
	return s
}

// splitGlued splits a run-together token into known codes: 4-letter
// subject/program codes and short organization codes, with at most one
// 2-letter geographic code at either end ("PHUMBA" -> PHUM BA,
// "VTPREL" -> VT PREL, "KFRDKIRFCVIS..." -> KFRD KIRF CVIS ...).
func splitGlued(w string) []string {
	if len(w) < 5 || len(w) > 60 || !isLetters(w) {
		return nil
	}
	if p := segmentCodes(w); len(p) >= 2 {
		return p
	}
	if geo := w[:2]; TagKind(geo) == "geographic" {
		if p := segmentCodes(w[2:]); p != nil {
			return append([]string{geo}, p...)
		}
	}
	// one or two geographic codes at the end: PHUMBA, EINVECONSENVCSJA
	for n := 1; n <= 2 && len(w) > 2*n; n++ {
		tail := w[len(w)-2*n:]
		ok := true
		for i := 0; i < len(tail); i += 2 {
			ok = ok && TagKind(tail[i:i+2]) == "geographic"
		}
		if !ok {
			break
		}
		if p := segmentCodes(w[:len(w)-2*n]); p != nil {
			for i := 0; i < len(tail); i += 2 {
				p = append(p, tail[i:i+2])
			}
			return p
		}
	}
	return nil
}

func segmentCodes(w string) []string {
	p := segmentCodes1(w)
	for _, c := range p {
		if len(c) == 4 {
			return p
		}
	}
	return nil
}

func segmentCodes1(w string) []string {
	if w == "" {
		return []string{}
	}
	for _, l := range [...]int{4, 3, 5} {
		if l <= len(w) && tagGluePart[w[:l]] {
			if rest := segmentCodes1(w[l:]); rest != nil {
				return append([]string{w[:l]}, rest...)
			}
		}
	}
	return nil
}

func isLetters(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isUpper(s[i]) {
			return false
		}
	}
	return true
}

// LookupTag returns the kind, category and meaning of a TAGS code from the
// bundled vocabulary; an unknown code comes back with the kind its shape
// gives (a comma: person; K plus three letters: program; two letters:
// geographic) or "unknown".
func LookupTag(code string) Tag {
	loadTags()
	c := strings.ToUpper(strings.TrimSpace(code))
	if t, ok := tagVocab[c]; ok {
		return t
	}
	return Tag{Code: c, Kind: tagKindByShape(c)}
}

// TagKind returns the kind of a TAGS code: subject, program, geographic,
// organization, person or unknown.
func TagKind(code string) string {
	loadTags()
	c := code
	if !isUpperASCII(c) {
		c = strings.ToUpper(strings.TrimSpace(code))
	}
	if t, ok := tagVocab[c]; ok {
		return t.Kind
	}
	return tagKindByShape(c)
}

func isUpperASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 'a' && s[i] <= 'z' || s[i] == ' ' && (i == 0 || i == len(s)-1) {
			return false
		}
	}
	return true
}

func tagKindByShape(c string) string {
	switch {
	case strings.Contains(c, ","):
		return "person"
	case len(c) == 4 && c[0] == 'K' && isLetters(c):
		return "program"
	case len(c) == 2 && isLetters(c):
		return "geographic"
	}
	return "unknown"
}
