package cablesearch

import (
	"regexp"
	"strings"
	"time"
)

// partialMarker opens block 1 of cables WikiLeaks only had in part.
const partialMarker = "partial extract of the original cable"

var (
	// dtgLine matches the precedence + date-time-group line of a header:
	// "P 182318Z FEB 09", "O P 190243Z DEC 89".
	dtgLine = regexp.MustCompile(`^\s*((?:[A-Z] ){1,2})\s*(\d{6}Z\s+[A-Z]{3}\s+\d{2}(?:\d{2})?)\b`)
	// pageNoise matches the page-break header of old telegrams:
	// "PAGE 02        STATE   015113  182333Z".
	pageNoise = regexp.MustCompile(`PAGE\s+\d{2,3}\s+[A-Z][A-Z ]*?\s+\d{3,7}(?:\s+\d{2}\s+OF\s+\d{2})?\s+\d{6}Z`)
)

// headerPrecedences are the action precedences that may end a recipient
// line, longest first.
var headerPrecedences = []string{"NIACT IMMEDIATE", "IMMEDIATE", "PRIORITY", "PIORITY", "ROUTINE", "FLASH"}

// parseHeader reads the transmission header (block 1) into c. It returns
// true when the text looked like a header (it had a DTG or FM line).
func parseHeader(c *Cable, header string) bool {
	if header == "" {
		return false
	}
	partial := strings.Contains(header, partialMarker)
	if partial {
		c.Partial = true
	}
	found := false
	const (
		none = iota
		inTo
		inInfo
	)
	xmt := false // inside the XMT exclusions of a collective
	state := none
	var last *[]Recipient
	for line := range strings.SplitSeq(header, "\n") {
		line = strings.TrimRight(line, " \t\r\\")
		if strings.Contains(line, "PAGE") {
			line = pageNoise.ReplaceAllString(line, "")
		}
		t := strings.TrimSpace(line)
		if t == "" {
			continue
		}
		if c.DTG == "" && state == none {
			if m := dtgLine.FindStringSubmatch(line); m != nil {
				c.Precedence = strings.TrimSpace(m[1])
				c.DTG = strings.Join(strings.Fields(m[2]), " ")
				found = true
				continue
			}
		}
		if !partial && c.TransmissionID == "" {
			if i := strings.Index(t, "VZCZC"); i >= 0 {
				f := strings.Fields(t[i:])
				c.TransmissionID = f[0]
				continue
			}
		}
		switch {
		case strings.HasPrefix(t, "FM ") && c.From == nil:
			r := parseRecipient(t[3:])
			if r.Name != "" {
				c.From = &r
			}
			found = true
			state = none
			continue
		case t == "TO" || strings.HasPrefix(t, "TO "):
			state = inTo
			last, xmt = nil, false
			t = strings.TrimSpace(t[2:])
		case t == "INFO" || strings.HasPrefix(t, "INFO "):
			state = inInfo
			last, xmt = nil, false
			t = strings.TrimSpace(t[4:])
		case t == "BT" || t == "NNNN":
			state = none
			continue
		}
		if state == none || t == "" {
			continue
		}
		if t[0] == '-' || isOfficeList(t) {
			// NARA action/info office lists ("INFO LOG-00 NP-00 ...")
			// and dash rules are not addressees.
			state = none
			continue
		}
		isXMT := strings.HasPrefix(t, "XMT") && (len(t) == 3 || t[3] == ' ' || t[3] == '/')
		if isXMT || xmt {
			// XMT lines and the lines after them name posts excluded from
			// the collective above.
			name := t
			if isXMT {
				name = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t[3:]), "/"))
			}
			xmt = true
			if last != nil && len(*last) > 0 && name != "" {
				r := &(*last)[len(*last)-1]
				r.Except = append(r.Except, name)
			}
			continue
		}
		if state == inTo && partial {
			continue
		}
		r := parseRecipient(t)
		if r.Name == "" {
			continue
		}
		if state == inTo {
			c.To = append(c.To, r)
			last = &c.To
		} else {
			c.Info = append(c.Info, r)
			last = &c.Info
		}
	}
	if c.Created.IsZero() && c.DTG != "" {
		if t, ok := parseDTG(c.DTG); ok {
			c.Created = t
		}
	}
	return found
}

// parseRecipient splits "[ROUTE/]NAME [PRECEDENCE] [MCN]".
func parseRecipient(s string) Recipient {
	s = strings.TrimSpace(s)
	var r Recipient
	if i := strings.IndexByte(s, '/'); i >= 4 && i <= 8 && tgIsUpperWord(s[:i]) {
		r.Route = s[:i]
		s = strings.TrimSpace(s[i+1:])
	}
	f := strings.Fields(s)
	if n := len(f); n > 1 && len(f[n-1]) >= 3 && allDigits(f[n-1]) {
		r.MCN = f[n-1]
		f = f[:n-1]
	}
	s = strings.Join(f, " ")
	for _, p := range headerPrecedences {
		if strings.HasSuffix(s, " "+p) {
			r.Precedence = p
			s = strings.TrimSpace(s[:len(s)-len(p)])
			break
		}
	}
	r.Name = s
	return r
}

func tgIsUpperWord(s string) bool {
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

var monthIndex = map[string]time.Month{
	"JAN": 1, "FEB": 2, "MAR": 3, "APR": 4, "MAY": 5, "JUN": 6,
	"JUL": 7, "AUG": 8, "SEP": 9, "OCT": 10, "NOV": 11, "DEC": 12,
}

// parseDTG reads "281848Z DEC 66" as a UTC time.
func parseDTG(dtg string) (time.Time, bool) {
	f := strings.Fields(dtg)
	if len(f) != 3 || len(f[0]) != 7 || !allDigits(f[0][:6]) || !allDigits(f[2]) {
		return time.Time{}, false
	}
	m, ok := monthIndex[f[1]]
	if !ok {
		return time.Time{}, false
	}
	d := tgAtoi(f[0][0:2])
	h := tgAtoi(f[0][2:4])
	mi := tgAtoi(f[0][4:6])
	y := tgAtoi(f[2])
	switch len(f[2]) {
	case 2:
		y = expandYear(y)
	case 4:
	default:
		return time.Time{}, false
	}
	if d < 1 || d > 31 || h > 23 || mi > 59 {
		return time.Time{}, false
	}
	return time.Date(y, m, d, h, mi, 0, 0, time.UTC), true
}

// tgAtoi reads a short run of ASCII digits (the caller checked them).
func tgAtoi(s string) int {
	n := 0
	for i := 0; i < len(s) && i < 9; i++ {
		if isDigit(s[i]) {
			n = n*10 + int(s[i]-'0')
		}
	}
	return n
}

// isOfficeList reports whether t is a NARA routing list of office codes
// ("LOG-00   NP-00    ACQ-00", "NFAT-00  SAS-00     /006W").
func isOfficeList(t string) bool {
	n := 0
	for f := range strings.FieldsSeq(t) {
		i := strings.LastIndexByte(f, '-')
		if i > 0 && i < len(f)-1 && allDigits(f[i+1:]) {
			n++
			continue
		}
		if f[0] == '/' {
			continue
		}
		return false
	}
	return n > 0
}
