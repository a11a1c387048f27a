package cablesearch

import (
	_ "embed"
	"strconv"
	"strings"
	"sync"
)

// Reference IDs (CABLE-FORMAT.md b.2) are YY + station + serial:
// "09MOSCOW521". A few thousand WikiLeaks IDs are damaged; CanonicalID
// repairs them with general rules (section captions, caveats and suffixes
// glued in, doubled years, garbled station names), an alias table for
// station names and, for the handful of cases no rule can explain, the
// table in data/bad_ids.tsv.

//go:embed data/bad_ids.tsv
var badIDsData string

var (
	badIDsOnce sync.Once
	badIDs     map[string]string
)

func loadBadIDs() {
	badIDsOnce.Do(func() {
		badIDs = make(map[string]string)
		for _, line := range strings.Split(badIDsData, "\n") {
			if line == "" || line[0] == '#' {
				continue
			}
			raw, good, ok := strings.Cut(line, "\t")
			if ok {
				badIDs[strings.TrimSpace(raw)] = strings.TrimSpace(good)
			}
		}
	})
}

// idPrefixJunk are words glued between the year and the station: caveats
// (EFTO, NOFORN), the tail of UNCLASSIFIED (SIFIED) and the embassy.
var idPrefixJunk = [...]string{"AMEMBASSY", "EMBASSY", "EFTO", "NOFORN", "SIFIED", "FSC"}

// CanonicalID repairs and canonicalises a reference ID: malformed and
// invalid IDs are mapped to their good form, an EMBASSY infix is dropped
// and the station goes through the alias table ("05RIO123" ->
// "05RIODEJANEIRO123"). It returns the input upper-cased when nothing
// applies.
func CanonicalID(raw string) string {
	s := compactID(raw)
	if s == "" {
		return s
	}
	loadBadIDs()
	if good, ok := badIDs[s]; ok {
		s = good
	}
	yy, letters, serial, ok := looseSplitID(s)
	if !ok {
		return s
	}
	return yy + canonicalIDStation(letters) + serial
}

// compactID upper-cases raw and drops spaces, hyphens and apostrophes.
func compactID(raw string) string {
	var b strings.Builder
	b.Grow(len(raw))
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c >= 'a' && c <= 'z':
			b.WriteByte(c - 32)
		case c == ' ', c == '-', c == '\'', c == '\t', c == '\n', c == '\r':
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// canonicalIDStation maps the letters of an ID to a canonical station,
// dropping glued junk words when that yields a known station. Unknown
// stations are returned unchanged (after an EMBASSY prefix is dropped).
func canonicalIDStation(letters string) string {
	if st, ok := canonicalStation(letters, 0); ok {
		return st
	}
	for _, p := range idPrefixJunk {
		if rest, ok := strings.CutPrefix(letters, p); ok && rest != "" {
			if st, ok := canonicalStation(rest, 0); ok {
				return st
			}
		}
	}
	if st, ok := canonicalStation(letters, 4); ok {
		return st
	}
	for _, p := range idPrefixJunk {
		if rest, ok := strings.CutPrefix(letters, p); ok && rest != "" {
			if st, ok := canonicalStation(rest, 4); ok {
				return st
			}
			if p == "EMBASSY" || p == "AMEMBASSY" {
				return rest
			}
		}
	}
	return letters
}

// looseSplitID reads a possibly damaged ID: a two-digit (or doubled or
// four-digit) year, optional section-caption junk ("SECTION01OF03",
// "SECTIOQ1OF06", "01GF02"), the station letters, a serial, and optional
// suffix junk (TOSEC..., ZFR..., ZDK..., SUSPECTEDDUPLICATE<serial>).
func looseSplitID(s string) (yy, letters, serial string, ok bool) {
	i := 0
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	switch {
	case i == 2:
		yy = s[:2]
	case i == 4 && (s[:2] == s[2:4] || s[:2] == "19" || s[:2] == "20"):
		yy = s[2:4]
	case i > 2:
		// Year then section numbers without caption word: 0901OF02...
		yy = s[:2]
		i = 2
	default:
		return "", "", "", false
	}
	rest := s[i:]
	rest = stripSectionJunk(rest)
	j := 0
	for j < len(rest) && isUpper(rest[j]) {
		j++
	}
	if j == 0 {
		return "", "", "", false
	}
	letters = rest[:j]
	rest = rest[j:]
	k := 0
	for k < len(rest) && isDigit(rest[k]) {
		k++
	}
	if k == 0 {
		return "", "", "", false
	}
	serial = strings.TrimLeft(rest[:k], "0")
	tail := rest[k:]
	if d, found := strings.CutPrefix(tail, "SUSPECTEDDUPLICATE"); found && d != "" && allDigits(d) {
		serial = strings.TrimLeft(d, "0")
	}
	if serial == "" {
		return "", "", "", false
	}
	return yy, letters, serial, true
}

// stripSectionJunk removes a glued section caption at the start of rest:
// up to eight letters of a garbled "SECTION" followed by "nnOFmm" with the
// usual OCR damage (Q for 0, GF/QF/F/O for OF).
func stripSectionJunk(rest string) string {
	i := 0
	for i < len(rest) && i < 8 && strings.IndexByte("SECTIONQKG", rest[i]) >= 0 {
		i++
	}
	for start := i; start >= 0; start-- {
		if start > 0 && start < 3 {
			break // a caption word has at least three letters
		}
		if n := sectionNumbers(rest[start:]); n > 0 {
			return rest[start+n:]
		}
	}
	return rest
}

// sectionNumbers matches "nnOFmm" (with damage) at the start of s and
// returns its length, or 0.
func sectionNumbers(s string) int {
	i := 0
	for i < len(s) && i < 2 && (isDigit(s[i]) || s[i] == 'Q') {
		i++
	}
	if i == 0 || (i == 1 && s[0] == 'Q') {
		return 0
	}
	for _, of := range [...]string{"OF", "GF", "QF", "F", "O"} {
		if strings.HasPrefix(s[i:], of) {
			j := i + len(of)
			k := j
			for k < len(s) && k < j+2 && isDigit(s[k]) {
				k++
			}
			if k > j && k < len(s) && isUpper(s[k]) {
				return k
			}
		}
	}
	return 0
}

// SplitID splits a canonical ID into its two-digit year, station and
// serial. ok is false when id does not have the shape YY+STATION+SERIAL.
func SplitID(id string) (yy int, station, serial string, ok bool) {
	if len(id) < 4 || !isDigit(id[0]) || !isDigit(id[1]) {
		return 0, "", "", false
	}
	j := 2
	for j < len(id) && isUpper(id[j]) {
		j++
	}
	if j == 2 || j == len(id) {
		return 0, "", "", false
	}
	serial = id[j:]
	if len(serial) > 8 || !allDigits(serial) {
		return 0, "", "", false
	}
	yy = int(id[0]-'0')*10 + int(id[1]-'0')
	return yy, id[2:j], serial, true
}

// ParseCitation reads one citation of a cable in any written form
// ("09MOSCOW521", "09 MOSCOW 521", "MOSCOW 00000521", "08 MOSCOW 3060",
// "(99) ROME 2196", "2007 MANAGUA 2135") and returns its canonical ID.
// defaultYear (four digits) is used when the citation has no year; when
// it is 0 or less, a citation without a year is rejected.
// Anything else (a phrase, an unknown station, extra words) is rejected.
func ParseCitation(s string, defaultYear int) (id string, ok bool) {
	s = strings.TrimSpace(s)
	if s == "" || len(s) > 80 {
		return "", false
	}
	if strings.IndexAny(s, " \t\n") < 0 && len(s) > 0 && isDigit(s[0]) {
		id := CanonicalID(s)
		if _, st, _, ok := SplitID(id); ok && ValidStation(st) {
			return id, true
		}
	}
	toks := tokenizeRefs(s)
	// Allow trailing punctuation only.
	for len(toks) > 0 && toks[len(toks)-1].kind == tPunct && strings.IndexByte(".,;:", toks[len(toks)-1].p) >= 0 {
		toks = toks[:len(toks)-1]
	}
	if len(toks) == 0 {
		return "", false
	}
	p := refParser{toks: toks, yy: twoDigitYear(defaultYear)}
	c, next, ok := p.matchCite(0)
	if !ok || next != len(toks) {
		return "", false
	}
	return c.id, true
}

// twoDigitYear turns a four-digit year into its two-digit form; a value
// below 100 is taken as already two digits.
func twoDigitYear(year int) int {
	if year <= 0 {
		return -1
	}
	return year % 100
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }

func allDigits(s string) bool {
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

func fmtYY(yy int) string {
	if yy < 10 {
		return "0" + strconv.Itoa(yy)
	}
	return strconv.Itoa(yy)
}
