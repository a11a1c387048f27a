package cablesearch

import (
	"regexp"
	"strings"
)

// A text page is a cable page as a browser copies it: site chrome, the
// "Reference ID Created Released Classification Origin" row, the values
// on the next line (or one per line), then the header and body of the
// telegram as plain text. Mirrors on other sites have the same shape with
// their own chrome, sometimes with header lines missing.

// textPageValues matches the metadata values joined on one line.
var textPageValues = regexp.MustCompile(`^(\S+)\s+(\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2})\s+(\d{4}-\d{2}-\d{2}\s+\d{1,2}:\d{2})\s+((?:UNCLASSIFIED|CONFIDENTIAL|SECRET|TOP SECRET|LIMITED OFFICIAL USE)(?://(?:FOR OFFICIAL USE ONLY|[A-Z]+))*)(?:\s+(.*))?$`)

// viewingCable matches the page heading "Viewing cable ID, SUBJECT".
var viewingCable = regexp.MustCompile(`(?m)^\s*Viewing cable (\S+?),\s*(.*)$`)

// parseTextPageRecord parses text copied from a cable page.
func parseTextPageRecord(c *Cable, data []byte) error {
	s := cleanText(data)
	lines := strings.Split(s, "\n")
	start := -1
	for i, l := range lines {
		if strings.Join(strings.Fields(l), " ") == textPageMarker {
			start = i + 1
			break
		}
	}
	if start < 0 {
		// The row may be split over several lines (one cell a line).
		for i := range lines {
			if strings.TrimSpace(lines[i]) == "Reference ID" && containsTextPageMarker([]byte(strings.Join(lines[i:min(len(lines), i+6)], "\n"))) {
				start = i + 5
				break
			}
		}
	}
	if start < 0 {
		return &ParseError{Field: "textpage", Err: errNoMetadata}
	}
	var m []string
	acc := ""
	end := start
	for j := start; j < len(lines) && j < start+8; j++ {
		t := strings.TrimSpace(lines[j])
		if t == "" {
			continue
		}
		if acc == "" {
			acc = t
		} else {
			acc += " " + t
		}
		if mm := textPageValues.FindStringSubmatch(acc); mm != nil && strings.TrimSpace(mm[5]) != "" {
			m, end = mm, j+1
			break
		}
	}
	if m == nil {
		return &ParseError{Field: "textpage", Err: errNoMetadata}
	}
	setMeta(c, m[1], m[2], m[3], m[4], m[5])
	var subject string
	if mm := viewingCable.FindStringSubmatch(strings.Join(lines[:start], "\n")); mm != nil {
		subject = strings.TrimSpace(mm[2])
		if c.RawID == "" {
			c.RawID = mm[1]
		}
	}
	header, body := splitTelegram(lines[end:])
	parseTelegram(c, header, body)
	if c.Header == "" && strings.TrimSpace(header) != "" {
		c.Header = header
	}
	if c.Subject == "" {
		c.Subject = subject
	}
	return nil
}

// bannerLine matches the first line of a body caption: a classification
// banner, spaced or not.
var bannerLine = regexp.MustCompile(`^\s*(?:UNCLAS\b|UNCLASSIFIED\b|U N C L A S|C O N F|S E C R E T|CONFIDENTIAL\b|SECRET\b|TOP SECRET\b|LIMITED OFFICIAL USE\b|L I M I T E D)`)

// headerLine matches the lines a transmission header is made of.
var headerLine = regexp.MustCompile(`^\s*(?:VZCZC|[A-Z]{1,2}(?: [A-Z]{1,2})? \d{6}Z [A-Z]{3} \d{2}|FM |TO |INFO |DE |ZNR |ZNY |ZZH|RR |OO |PP |BT$|R \d|O \d|P \d|This record is a partial extract)`)

// splitTelegram splits a plain-text telegram into its header block and
// body. The body starts at the classification banner of the caption (a
// banner line followed by an FM line is still header: old cables repeat
// the classification at the top of the header). Failing a banner, it
// starts at the first blank line after the FM/TO/INFO block. Text that
// does not open with header lines is all body, unless its first lines are
// upper-case address lines ending at a banner (a header copied without
// its first lines).
func splitTelegram(lines []string) (header, body string) {
	first := 0
	for first < len(lines) && strings.TrimSpace(lines[first]) == "" {
		first++
	}
	lines = lines[first:]
	if len(lines) == 0 {
		return "", ""
	}
	limit := min(len(lines), 400)
	banner := -1
	for i := 0; i < limit; i++ {
		if bannerLine.MatchString(lines[i]) && !fmFollows(lines[i+1:min(len(lines), i+40)]) {
			banner = i
			break
		}
	}
	split := func(i, skip int) (string, string) {
		return strings.TrimRight(strings.Join(lines[:i], "\n"), " \n"), strings.Join(lines[i+skip:], "\n")
	}
	if banner == 0 {
		return "", strings.Join(lines, "\n")
	}
	if !headerLine.MatchString(lines[0]) {
		if banner > 0 && banner <= 60 && addressLines(lines[:banner]) {
			return split(banner, 0)
		}
		return "", strings.Join(lines, "\n")
	}
	if banner > 0 {
		return split(banner, 0)
	}
	sawFM := false
	for i := 0; i < limit; i++ {
		t := strings.TrimSpace(lines[i])
		if strings.HasPrefix(t, "FM ") {
			sawFM = true
		}
		if sawFM && t == "" {
			return split(i, 1)
		}
	}
	return "", strings.Join(lines, "\n")
}

// fmFollows tells whether an FM line comes in lines (before any blank
// line run that would end a header).
func fmFollows(lines []string) bool {
	for _, l := range lines {
		if strings.HasPrefix(strings.TrimSpace(l), "FM ") {
			return true
		}
		if bannerLine.MatchString(l) {
			return false
		}
	}
	return false
}

// addressLines tells whether lines look like the tail of a header:
// upper-case routing and address lines, no caption labels.
func addressLines(lines []string) bool {
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			continue
		}
		if strings.ToUpper(t) != t || strings.HasPrefix(t, "TAGS") || strings.HasPrefix(t, "SUBJ") || strings.HasPrefix(t, "E.O.") || strings.HasPrefix(t, "REF") {
			return false
		}
	}
	return true
}
