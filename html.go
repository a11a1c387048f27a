package cablesearch

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"strings"
)

// A WikiLeaks cable page is read with a byte scan, not an HTML parser: the
// pages come from one generator and the parts we need are found by fixed
// markers.
//
//	<h3>Viewing cable 09MOSCOW521, SUBJECT</h3>
//	<table class='cable'> <tr><th>Reference ID</th>...</tr>
//	  <tr><td><a ...>09MOSCOW521</a></td> <td>created</td> <td>released</td>
//	      <td><a ... title='unclassified'>CONFIDENTIAL</a></td> <td>origin</td></tr>
//	  [<tr><td colspan='5'>Appears in these articles:<br /><a ...>URL</a><br />...</td></tr>]
//	</table>
//	<code><pre>header</pre></code>  (absent when the cable has no header)
//	<code><pre>body</pre></code>
//
// Inside <pre>, line ends are &#x000A;, TAGS are links and paragraphs
// carry anchors (<a id='par1' href='#par1'>¶</a>1.). The classification
// is the link text; its title attribute can disagree and is ignored.

var (
	errUnterminatedPre = errors.New("unterminated <pre> block (truncated page?)")
	errNoPre           = errors.New("no <pre> block (truncated page?)")
	errNoCable         = fmt.Errorf("page without a cable: %w", ErrEmpty)
)

// htmlPage is what the scan finds in a page.
type htmlPage struct {
	h3ID, h3Subject string
	heads           []string // the metadata column names (<th>)
	cells           []string // the metadata cells, as text
	media           []string
	pre             []string // <pre> blocks as plain text
}

// parseHTMLRecord parses a cable page.
func parseHTMLRecord(c *Cable, data []byte) error {
	data = toUTF8(data)
	var p htmlPage
	if err := scanHTML(data, &p); err != nil {
		return &ParseError{Field: "html", Err: err}
	}
	meta := p.meta()
	header, body := "", ""
	switch len(p.pre) {
	case 1:
		body = p.pre[0]
	default:
		header, body = p.pre[0], p.pre[1]
	}
	var dest []string
	if fr, ok := parseFinalRecord(body[findFinalRecord(body):]); ok {
		// The whole final-release record is in the body block.
		for i, v := range []string{fr.refid, fr.date, "", fr.classification, fr.origin} {
			if meta[i] == "" {
				meta[i] = v
			}
		}
		if strings.TrimSpace(fr.header) != "" {
			header = fr.header
		}
		body = fr.body
		dest = fr.destination
	}
	if meta[0] == "" {
		meta[0] = p.h3ID
	}
	setMeta(c, meta[0], meta[1], meta[2], meta[3], meta[4])
	c.MediaURIs = p.media
	parseTelegram(c, header, body)
	if c.Header == "" && strings.TrimSpace(header) != "" {
		c.Header = strings.TrimRight(header, " \n")
	}
	if c.Subject == "" && p.h3Subject != "" {
		c.Subject = p.h3Subject
	}
	mergeRefs(c, dest)
	return nil
}

// scanHTML finds the heading, metadata table and <pre> blocks of a page.
func scanHTML(data []byte, p *htmlPage) error {
	rest := data
	if i := bytes.Index(rest, []byte("<h3>Viewing cable ")); i >= 0 {
		s := rest[i+len("<h3>Viewing cable "):]
		if j := bytes.Index(s, []byte("</h3>")); j >= 0 {
			t := htmlText(s[:j])
			id, subj, _ := strings.Cut(t, ",")
			p.h3ID, p.h3Subject = strings.TrimSpace(id), strings.TrimSpace(subj)
			rest = s[j:]
		}
	}
	if i := indexAny(rest, "<table class='cable'>", `<table class="cable">`); i >= 0 {
		t := rest[i:]
		end := bytes.Index(t, []byte("</table>"))
		if end < 0 {
			end = len(t)
			if k := bytes.Index(t, []byte("<pre")); k >= 0 {
				end = k
			}
		}
		scanTable(t[:end], p)
		rest = t[end:]
	}
	for {
		i := bytes.Index(rest, []byte("<pre"))
		if i < 0 {
			break
		}
		s := rest[i+4:]
		gt := bytes.IndexByte(s, '>')
		if gt < 0 {
			return errUnterminatedPre
		}
		s = s[gt+1:]
		end := bytes.Index(s, []byte("</pre>"))
		if end < 0 {
			return errUnterminatedPre
		}
		p.pre = append(p.pre, preText(s[:end]))
		rest = s[end+len("</pre>"):]
	}
	if len(p.pre) == 0 {
		if len(p.cells) == 0 && p.h3ID == "" {
			// A browse or index page of a mirror: no cable at all.
			return errNoCable
		}
		return errNoPre
	}
	return nil
}

func indexAny(b []byte, seps ...string) int {
	for _, s := range seps {
		if i := bytes.Index(b, []byte(s)); i >= 0 {
			return i
		}
	}
	return -1
}

// meta gives the ID, created, released, classification and origin
// cells, by column name: the final release's table has "Date" for
// "Created" and no "Released" column.
func (p *htmlPage) meta() [5]string {
	var m [5]string
	if len(p.heads) == 0 {
		copy(m[:], p.cells)
		return m
	}
	for i, h := range p.heads {
		if i >= len(p.cells) {
			break
		}
		k := -1
		switch strings.ToLower(h) {
		case "reference id", "id":
			k = 0
		case "created", "date":
			k = 1
		case "released":
			k = 2
		case "classification":
			k = 3
		case "origin":
			k = 4
		}
		if k >= 0 {
			m[k] = p.cells[i]
		}
	}
	return m
}

// scanTable reads the <th> names and <td> cells of the metadata table.
func scanTable(t []byte, p *htmlPage) {
	for th := t; ; {
		i := bytes.Index(th, []byte("<th"))
		if i < 0 {
			break
		}
		s := th[i+3:]
		gt := bytes.IndexByte(s, '>')
		end := bytes.Index(s, []byte("</th>"))
		if gt < 0 || end < gt {
			break
		}
		p.heads = append(p.heads, htmlText(s[gt+1:end]))
		th = s[end:]
	}
	for {
		i := bytes.Index(t, []byte("<td"))
		if i < 0 {
			return
		}
		s := t[i+3:]
		gt := bytes.IndexByte(s, '>')
		if gt < 0 {
			return
		}
		s = s[gt+1:]
		end := bytes.Index(s, []byte("</td>"))
		if end < 0 {
			end = len(s)
		}
		cell := s[:end]
		t = s[end:]
		if bytes.Contains(cell, []byte("Appears in these articles")) {
			p.media = append(p.media, mediaLinks(cell)...)
			continue
		}
		if len(p.cells) < 5 && (len(p.heads) == 0 || len(p.cells) < len(p.heads)) {
			p.cells = append(p.cells, strings.TrimSpace(htmlText(cell)))
		}
	}
}

// mediaLinks reads the article links of the "Appears in these articles"
// cell. The href is the address, repaired where WikiLeaks doubled the
// scheme ("http://http://..."); the link text, which may lack the scheme
// ("www.spiegel.de"), is the fallback.
func mediaLinks(cell []byte) []string {
	var out []string
	for {
		i := bytes.Index(cell, []byte("<a "))
		if i < 0 {
			return out
		}
		cell = cell[i+3:]
		gt := bytes.IndexByte(cell, '>')
		end := bytes.Index(cell, []byte("</a>"))
		if gt < 0 || end < gt {
			return out
		}
		href := strings.TrimSpace(html.UnescapeString(attr(cell[:gt], "href")))
		text := htmlText(cell[gt+1 : end])
		cell = cell[end:]
		u := href
		for _, doubled := range []string{"http://http://", "http://https://", "https://http://", "https://https://"} {
			if strings.HasPrefix(strings.ToLower(u), doubled) {
				u = u[strings.Index(u, "//")+2:]
			}
		}
		if u == "" || strings.HasPrefix(u, "#") || strings.HasPrefix(u, "/") {
			u = text
		}
		if u == "" {
			continue
		}
		if !strings.Contains(u, "://") {
			u = "http://" + u
		}
		out = append(out, nfc(u))
	}
}

// attr gives the value of attribute name in a tag's attribute text.
func attr(tag []byte, name string) string {
	for _, q := range []string{"'", `"`} {
		key := []byte(name + "=" + q)
		if i := bytes.Index(tag, key); i >= 0 {
			v := tag[i+len(key):]
			if j := bytes.Index(v, []byte(q)); j >= 0 {
				return string(v[:j])
			}
		}
	}
	return ""
}

// htmlText strips the tags of a fragment and decodes its entities.
func htmlText(b []byte) string {
	var out []byte
	if bytes.IndexByte(b, '<') < 0 {
		out = b
	} else {
		out = make([]byte, 0, len(b))
		for len(b) > 0 {
			i := bytes.IndexByte(b, '<')
			if i < 0 {
				out = append(out, b...)
				break
			}
			out = append(out, b[:i]...)
			j := bytes.IndexByte(b[i:], '>')
			if j < 0 {
				break
			}
			b = b[i+j+1:]
		}
	}
	s := string(out)
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	return nfc(strings.Join(strings.Fields(s), " "))
}

// preText turns a <pre> block into plain text: tags dropped (link text
// kept), paragraph anchors (¶) dropped, entities decoded, a stray
// backslash at the end of a line removed.
func preText(b []byte) string {
	out := make([]byte, 0, len(b))
	for len(b) > 0 {
		i := bytes.IndexByte(b, '<')
		if i < 0 {
			out = append(out, b...)
			break
		}
		out = append(out, b[:i]...)
		b = b[i:]
		j := bytes.IndexByte(b, '>')
		if j < 0 {
			// A lone '<' in the text.
			out = append(out, b...)
			break
		}
		tag := b[:j+1]
		b = b[j+1:]
		if bytes.HasPrefix(tag, []byte("<a id='par")) || bytes.HasPrefix(tag, []byte(`<a id="par`)) {
			// Drop the ¶ anchor text, keep the number after it.
			if k := bytes.Index(b, []byte("</a>")); k >= 0 && k < 16 {
				b = b[k+4:]
			}
		}
	}
	s := string(out)
	if strings.IndexByte(s, '&') >= 0 {
		s = decodeEntities(s)
	}
	if strings.IndexByte(s, '\\') >= 0 {
		s = dropLineBackslashes(s)
	}
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	}
	return nfc(s)
}

// decodeEntities decodes &#x000A; quickly and every other entity with
// html.UnescapeString.
func decodeEntities(s string) string {
	s = strings.ReplaceAll(s, "&#x000A;", "\n")
	if strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	return s
}

// dropLineBackslashes removes a backslash (and the blanks after it) at the
// end of a line.
func dropLineBackslashes(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		t := strings.TrimRight(l, " \t")
		if strings.HasSuffix(t, "\\") {
			lines[i] = strings.TrimRight(strings.TrimSuffix(t, "\\"), " \t")
		}
	}
	return strings.Join(lines, "\n")
}

// finalRecord is the whole record as the final release printed it inside
// the body block of 55 pages.
type finalRecord struct {
	refid, date, origin, classification string
	destination                         []string
	header, body                        string
}

// findFinalRecord gives where the final-release record starts in a body
// block: at its top in 55 pages of the corpus, after a cut copy of the
// caption ("¶1.  (U) Visit..", then "id: 65100") in about 90 more. It
// returns 0 when there is none.
func findFinalRecord(block string) int {
	r := strings.Index(block, "\nrefid: ")
	if r < 0 || !strings.Contains(block[r:], "header ends") {
		return 0
	}
	d := strings.LastIndex(block[:r], "\ndate: ")
	if d < 0 || r-d > 80 {
		return 0
	}
	i := strings.LastIndex(block[:d], "id: ")
	if i < 0 || d-i > 80 {
		return 0
	}
	return i
}

// parseFinalRecord reads a body block of the form
//
//	id: 2745
//	date: 4/11/2002 20:44
//	refid: 02BOGOTA3281
//	origin: Embassy Bogota
//	classification: SECRET
//	destination: 02BOGOTA3101
//	header:
//	P 112044Z APR 02
//	...
//	----------------- header ends ----------------
//	body...
func parseFinalRecord(block string) (finalRecord, bool) {
	var fr finalRecord
	s := strings.TrimLeft(block, " \n")
	if !strings.HasPrefix(s, "id:") || !strings.Contains(s[:min(len(s), 400)], "\nrefid:") {
		return fr, false
	}
	for s != "" {
		line, rest, _ := strings.Cut(s, "\n")
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			break
		}
		key, val = strings.TrimSpace(key), strings.TrimSpace(val)
		switch key {
		case "id":
		case "date":
			fr.date = val
		case "refid":
			fr.refid = val
		case "origin":
			fr.origin = val
		case "classification":
			fr.classification = val
		case "destination":
			fr.destination = strings.FieldsFunc(val, func(r rune) bool { return r == ' ' || r == ',' || r == '|' || r == ';' })
		case "header":
			s = rest
			if val != "" {
				s = val + "\n" + rest
			}
			if i := strings.Index(s, "header ends"); i >= 0 {
				h := s[:i]
				if k := strings.LastIndexByte(h, '\n'); k >= 0 {
					h = h[:k]
				}
				fr.header = strings.Trim(h, "\n")
				b := s[i:]
				if _, after, ok := strings.Cut(b, "\n"); ok {
					b = after
				} else {
					b = ""
				}
				fr.body = strings.TrimLeft(b, "\n")
			} else {
				fr.body = s
			}
			return fr, true
		default:
			// Not the final-release shape after all.
			return fr, false
		}
		s = rest
	}
	return fr, fr.refid != ""
}
