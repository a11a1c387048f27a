// A telegram has two blocks of plain text.
//
// Block 1, the transmission header, names the precedence and date-time
// group, the sender and the addressees:
//
//	P 182318Z FEB 09
//	FM SECSTATE WASHDC
//	TO RUEHC/ALL DIPLOMATIC POSTS COLLECTIVE PRIORITY
//	XMT AMEMBASSY TRIPOLI
//	INFO RUEHTH/AMEMBASSY ATHENS 0121
//
// Block 2, the body, opens with the caption (classification banner with
// station and serial, handling words, E.O. line, TAGS, SUBJECT, REF,
// Classified By), then numbered paragraphs with portion markings, and ends
// with the signer's surname:
//
//	C O N F I D E N T I A L MOSCOW 000521
//	SIPDIS
//	E.O. 12958: DECL: 03/18/2018
//	TAGS: PREL, PGOV, RS
//	SUBJECT: ...
//	Classified By: Ambassador John Beyrle for reasons 1.4 (b) and (d)
//	¶1. (C) Summary: ...
//	BEYRLE
//
// Known quirks: old (NARA) cables carry the header inside the body and
// repeat "PAGE 02 ROME 01196 01 OF 02 082030Z" plus the classification at
// every page break; modern ones insert "MOSCOW 00000521 002 OF 004" at
// section breaks; partial records hold only an extract. Each rule is
// described in CABLE-FORMAT.md b.4-b.6.

package cablesearch

import (
	"strconv"
	"strings"
)

// captionMax bounds the caption text given to the TAGS and REF parsers.
const captionMax = 4000

// parseTelegram fills c from the transmission header (block 1, may be
// empty) and the body (block 2) of a telegram, both plain text with "\n"
// line ends. Metadata already set on c by the reader (ID, Created,
// Classification, Origin...) is kept; fields the text gives are added.
// When c.RawID is empty, the ID is derived from the text.
func parseTelegram(c *Cable, header, body string) {
	if strings.IndexByte(body, '\r') >= 0 {
		body = strings.ReplaceAll(body, "\r", "")
	}
	if strings.IndexByte(header, '\r') >= 0 {
		header = strings.ReplaceAll(header, "\r", "")
	}
	if c.Header == "" {
		c.Header = header
	}
	body = relineFlat(body)
	if !parseHeader(c, header) || c.From == nil {
		if h, rest, ok := splitHeaderFromBody(body); ok {
			parseHeader(c, h)
			if c.Header == "" {
				c.Header = h
			}
			body = rest
		}
	}
	if strings.Contains(body, partialMarker) {
		c.Partial = true
	}

	capEnd := captionEnd(body)
	caption := prefixUTF8(body, min(capEnd, captionMax))

	if c.RawID == "" {
		deriveID(c, header, body)
	}
	level := ""
	for line := range strings.SplitSeq(tgFirstLines(body, 12), "\n") {
		if lv, _, _, ok := parseCaptionLine(line); ok {
			level = lv
			break
		}
		if t := strings.TrimSpace(line); t != "" && level == "" {
			if lv, ok := bannerWords[strings.ReplaceAll(t, " ", "")]; ok {
				level = lv
				break
			}
		}
	}
	c.Handling = findHandling(caption)
	if c.Classification == "" && level != "" {
		c.Classification = level
		if level != "UNCLASSIFIED" && tgContains(c.Handling, "NOFORN") {
			c.Classification += "//NOFORN"
		}
	}
	c.Level, c.Caveats = splitClassification(c.Classification)

	c.EO, c.Declassify = parseDeclassify(caption)

	raw, tags := parseTags(caption)
	if len(c.Tags) == 0 {
		c.Tags = tags
	}
	c.RawTags = raw
	c.TagInfo = nil
	for _, t := range c.Tags {
		c.TagInfo = append(c.TagInfo, LookupTag(t))
	}
	if c.Subject == "" {
		c.Subject = extractSubject(caption, true)
	}
	refs, other := parseReferences(caption, c.Year(), c.ID)
	if len(c.References) == 0 {
		c.References = refs
	}
	c.OtherRefs = other

	cbText := prefixUTF8(body, min(capEnd, captionMax)+1500)
	if names := classifiedBy(cbText); len(names) > 0 {
		c.ClassifiedBy = normalizeName(names[0])
		c.ReasonSection, c.Reasons = parseReasons(cbText)
	}

	c.Summary = findSummary(prefixUTF8(body, 20000))
	c.Comment = findComment(body)
	c.Signers = findSigners(body, true)
	c.Paragraphs = parseParagraphs(body)
	dropSignature(c.Paragraphs, c.Signers)
	if c.Comment == "" {
		// No END COMMENT: a paragraph opening with "Comment:" is the
		// comment.
		for _, p := range c.Paragraphs {
			if tgHasPrefixFold(p.Text, "COMMENT:") || tgHasPrefixFold(p.Text, "COMMENT.") {
				c.Comment = tidySection(p.Text, "COMMENT")
				break
			}
		}
	}
}

// tgFirstLines returns the first n lines of s.
func tgFirstLines(s string, n int) string {
	off := 0
	for ; n > 0; n-- {
		k := strings.IndexByte(s[off:], '\n')
		if k < 0 {
			return s
		}
		off += k + 1
	}
	return s[:off]
}

// deriveID builds the raw ID from the caption line ("UNCLAS MOSCOW
// 000521") or an old page line ("PAGE 01 HARARE 05461 01 OF 02 271458Z")
// and the year of the cable.
func deriveID(c *Cable, header, body string) {
	year := c.Year()
	if year == 0 {
		return
	}
	try := func(text string, lines int) bool {
		for line := range strings.SplitSeq(tgFirstLines(text, lines), "\n") {
			_, st, serial, ok := parseCaptionLine(line)
			if !ok {
				// A banner glued after record fields ("Cable dated:...C O N
				// F I D E N T I A L ...", tab-separated exports).
				for _, b := range [...]string{"C O N F", "S E C R E T", "U N C L A S", "UNCLAS "} {
					if k := strings.Index(line, b); k > 0 {
						_, st, serial, ok = parseCaptionLine(line[k:])
						break
					}
				}
			}
			if ok {
				serial = strings.TrimLeft(serial, "0")
				if serial == "" {
					continue
				}
				yy := year % 100
				raw := strconv.Itoa(yy/10) + strconv.Itoa(yy%10) + st + serial
				c.RawID = raw
				c.ID = CanonicalID(raw)
				return true
			}
		}
		return false
	}
	if try(body, 40) {
		return
	}
	try(header, 40)
}

// splitHeaderFromBody finds a transmission header written at the top of
// the body (old cables, cablemap #14) and returns it and the rest.
func splitHeaderFromBody(body string) (header, rest string, ok bool) {
	lim := min(len(body), 6000)
	fm := -1
	off := 0
	for off < lim {
		k := strings.IndexByte(body[off:], '\n')
		line := body[off:]
		if k >= 0 {
			line = body[off : off+k]
		}
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "FM ") && len(t) > 4 && t[3] >= 'A' && t[3] <= 'Z' {
			fm = off
			break
		}
		if strings.HasPrefix(t, "SUBJECT") || strings.HasPrefix(t, "TAGS") {
			return "", body, false
		}
		if k < 0 {
			break
		}
		off += k + 1
	}
	if fm < 0 {
		return "", body, false
	}
	// The header runs to the first caption line after FM.
	off = fm
	first := true
	for off < len(body) {
		k := strings.IndexByte(body[off:], '\n')
		line := body[off:]
		if k >= 0 {
			line = body[off : off+k]
		}
		t := strings.TrimSpace(line)
		if !first && t != "" && !strings.HasPrefix(t, "TO ") && !strings.HasPrefix(t, "INFO ") &&
			(captionLabel(t) || isClassificationLine(t) || t == "BT") {
			return body[:off], body[off:], true
		}
		first = false
		if k < 0 {
			break
		}
		off += k + 1
	}
	return body, "", true
}

// relineFlat restores line breaks in a body whose newlines were lost (the
// "flat" export keeps two blanks where a line ended): a break goes
// before the caption labels and before paragraph numbers that follow two
// blanks ("...ORIGIN.  2.  (C)  MEANWHILE"). Bodies with line breaks are
// returned unchanged.
func relineFlat(body string) string {
	if len(body) < 400 || strings.Count(body[:min(len(body), 4000)], "\n") >= 3 {
		return body
	}
	b := make([]byte, 0, len(body)+len(body)/50)
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c == ' ' && i+2 < len(body) && body[i+1] == ' ' {
			j := i
			for j < len(body) && body[j] == ' ' {
				j++
			}
			rest := body[j:]
			brk := false
			if n, _, ok := paragraphNumber(firstLineOf(rest, 12)); ok && n > 0 {
				brk = true
			} else {
				for _, p := range [...]string{"SUBJECT", "SUBJ:", "TAGS", "E.O.", "EO 1", "REF", "CLASSIFIED BY", "Classified By", "Classified by", "SIPDIS", "END SUMMARY"} {
					if strings.HasPrefix(rest, p) {
						brk = true
						break
					}
				}
			}
			if brk {
				b = append(b, '\n')
				i = j - 1
				continue
			}
		}
		b = append(b, c)
	}
	return string(b)
}

// firstLineOf returns up to n bytes of s, stopping at a newline.
func firstLineOf(s string, n int) string {
	s = s[:min(len(s), n)]
	if k := strings.IndexByte(s, '\n'); k >= 0 {
		s = s[:k]
	}
	return s
}
