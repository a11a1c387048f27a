package query

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"strconv"
	"strings"
	"time"
)

// ExportColumns are the CSV header and the JSON field names of an export
// row, in order: the columns of `cablesearch query --format csv|jsonl`
// and of the HTTP API's /api/export.
var ExportColumns = []string{"id", "citation", "paragraph", "marking", "created", "classification", "origin", "subject", "score", "snippet", "url"}

// ExportRow is one row of an export: one matching paragraph of a cable,
// or the cable alone (Paragraph nil) when the query matched no paragraph
// text (a match in the subject or metadata only, or the query "*").
type ExportRow struct {
	ID string `json:"id"`
	// Citation is how a researcher cites the paragraph: "09MOSCOW521 ¶12"
	// (the ID alone without a paragraph).
	Citation string `json:"citation"`
	// Paragraph is the paragraph number (0 is the text before ¶1).
	Paragraph *int `json:"paragraph"`
	// Marking is the paragraph's portion marking ("C", "S/NF"), or "".
	Marking string `json:"marking"`
	// Created is the cable's creation time, RFC 3339 UTC ("" if unknown).
	Created        string  `json:"created"`
	Classification string  `json:"classification"`
	Origin         string  `json:"origin"`
	Subject        string  `json:"subject"`
	Score          float64 `json:"score"`
	// Snippet is plain text around the matches (no HTML, no marks).
	Snippet string `json:"snippet"`
	// URL is the cable on wikileaks.org with the paragraph anchor (see
	// Permalink).
	URL string `json:"url"`
}

// Cite writes a paragraph citation the way researchers do:
// "09MOSCOW521 ¶12".
func Cite(id string, n int) string { return id + " ¶" + strconv.Itoa(n) }

// Permalink gives the address of cable id on wikileaks.org: the cablegate
// page by creation date (cable/YYYY/MM/ID.html, the path of the original
// release, still mirrored), with the anchor of paragraph n when n > 0
// (https://wikileaks.org/cable/2009/02/09MOSCOW521.html#par12, the anchor
// the cable pages carry), or the PlusD page when the date is unknown.
func Permalink(id string, created time.Time, n int) string {
	if created.IsZero() {
		return "https://wikileaks.org/plusd/cables/" + id + "_a.html"
	}
	u := fmt.Sprintf("https://wikileaks.org/cable/%04d/%02d/%s.html", created.Year(), int(created.Month()), id)
	if n > 0 {
		u += "#par" + strconv.Itoa(n)
	}
	return u
}

// PlainSnippet turns a snippet (escaped HTML with <mark>s) into plain
// text.
func PlainSnippet(s string) string {
	s = strings.ReplaceAll(s, "<mark>", "")
	s = strings.ReplaceAll(s, "</mark>", "")
	return html.UnescapeString(s)
}

// ExportRows flattens a result: in paragraph mode one row per ranked
// paragraph; otherwise one row per matching paragraph of each hit, best
// first, or one per hit without a matching paragraph.
func ExportRows(res *Result) []ExportRow {
	row := func(id string, score float64, created time.Time, class, origin, subject string) ExportRow {
		r := ExportRow{ID: id, Citation: id, Classification: class, Origin: origin, Subject: subject, Score: score, URL: Permalink(id, created, 0)}
		if !created.IsZero() {
			r.Created = created.UTC().Format(time.RFC3339)
		}
		return r
	}
	para := func(r ExportRow, created time.Time, n int, marking, snippet string) ExportRow {
		r.Paragraph = &n
		r.Citation = Cite(r.ID, n)
		r.Marking = marking
		r.Snippet = PlainSnippet(snippet)
		r.URL = Permalink(r.ID, created, n)
		return r
	}
	var rows []ExportRow
	for _, p := range res.ParagraphHits {
		rows = append(rows, para(row(p.ID, p.Score, p.Created, p.Classification, p.Origin, p.Subject), p.Created, p.N, p.Marking, p.Snippet))
	}
	for _, h := range res.Hits {
		base := row(h.ID, h.Score, h.Created, h.Classification, h.Origin, h.Subject)
		if len(h.Paragraphs) == 0 {
			rows = append(rows, base)
			continue
		}
		for _, p := range h.Paragraphs {
			rows = append(rows, para(base, h.Created, p.N, p.Marking, p.Snippet))
		}
	}
	return rows
}

// Record gives the CSV fields of r in ExportColumns order. Text cells that
// a spreadsheet would read as a formula (starting with =, +, -, @, a tab
// or a carriage return) get a leading apostrophe: cable text is untrusted.
func (r ExportRow) Record() []string {
	n := ""
	if r.Paragraph != nil {
		n = strconv.Itoa(*r.Paragraph)
	}
	return []string{r.ID, r.Citation, n, r.Marking, r.Created, safeCell(r.Classification), safeCell(r.Origin), safeCell(r.Subject),
		strconv.FormatFloat(r.Score, 'f', 4, 64), safeCell(r.Snippet), r.URL}
}

// safeCell neutralises a CSV cell that spreadsheets would evaluate.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// ExportWriter writes export rows as CSV (with a header line) or JSON
// lines.
type ExportWriter struct {
	cw  *csv.Writer
	enc *json.Encoder
}

// NewExportWriter returns a writer of format "csv" or "jsonl" on w. The CSV
// header is written at once.
func NewExportWriter(w io.Writer, format string) (*ExportWriter, error) {
	switch format {
	case "csv":
		ew := &ExportWriter{cw: csv.NewWriter(w)}
		return ew, ew.cw.Write(ExportColumns)
	case "jsonl":
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		return &ExportWriter{enc: enc}, nil
	}
	return nil, fmt.Errorf("query: export format %q: want csv or jsonl", format)
}

// Write writes the rows of a result.
func (ew *ExportWriter) Write(res *Result) error {
	for _, r := range ExportRows(res) {
		var err error
		if ew.cw != nil {
			err = ew.cw.Write(r.Record())
		} else {
			err = ew.enc.Encode(r)
		}
		if err != nil {
			return err
		}
	}
	return ew.Flush()
}

// Flush flushes buffered CSV output.
func (ew *ExportWriter) Flush() error {
	if ew.cw != nil {
		ew.cw.Flush()
		return ew.cw.Error()
	}
	return nil
}
