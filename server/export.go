package server

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/cablesearch/cablesearch/query"
)

// Export formats of /api/export.
const (
	FormatCSV   = "csv"
	FormatJSONL = "jsonl"
)

// ExportColumns are the CSV header and the JSON field names of an export
// row, in order: the columns of cablesearch query --format csv|jsonl.
var ExportColumns = []string{"id", "citation", "paragraph", "marking", "created", "classification", "origin", "subject", "score", "snippet", "url"}

// exportChunk is the number of cables fetched per search while exporting.
const exportChunk = 250

// ExportRow is one row of an export: one matching paragraph of a cable,
// or the cable alone (Paragraph nil) when the query matched no paragraph
// text (a match in the subject or metadata only, or the query "*"). The
// fields are those of cablesearch query --format csv|jsonl.
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
	// WikiLeaksURL).
	URL string `json:"url"`
}

// WikiLeaksURL gives the address of cable id on wikileaks.org: the
// cablegate page by creation date, with the anchor of paragraph n when
// n > 0 (https://wikileaks.org/cable/2009/02/09MOSCOW521.html#par12), or
// the PlusD page when the date is unknown.
func WikiLeaksURL(id string, created time.Time, n int) string {
	if created.IsZero() {
		return "https://wikileaks.org/plusd/cables/" + id + "_a.html"
	}
	u := fmt.Sprintf("https://wikileaks.org/cable/%04d/%02d/%s.html", created.Year(), int(created.Month()), id)
	if n > 0 {
		u += "#par" + strconv.Itoa(n)
	}
	return u
}

// plainSnippet turns a query snippet (escaped HTML with <mark>s) into
// plain text.
func plainSnippet(s string) string {
	s = strings.ReplaceAll(s, "<mark>", "")
	s = strings.ReplaceAll(s, "</mark>", "")
	return html.UnescapeString(s)
}

// exportRows gives the rows of one hit, its paragraphs best first.
func exportRows(h query.Hit) []ExportRow {
	base := ExportRow{ID: h.ID, Citation: h.ID, Origin: h.Origin, Classification: h.Classification, Subject: h.Subject, Score: h.Score}
	if !h.Created.IsZero() {
		base.Created = h.Created.UTC().Format(time.RFC3339)
	}
	if len(h.Paragraphs) == 0 {
		base.URL = WikiLeaksURL(h.ID, h.Created, 0)
		return []ExportRow{base}
	}
	rows := make([]ExportRow, 0, len(h.Paragraphs))
	for _, p := range h.Paragraphs {
		r := base
		n := p.N
		r.Paragraph = &n
		r.Citation = h.ID + " ¶" + strconv.Itoa(n)
		r.Marking = p.Marking
		r.Snippet = plainSnippet(p.Snippet)
		r.URL = WikiLeaksURL(h.ID, h.Created, n)
		rows = append(rows, r)
	}
	return rows
}

// record gives the CSV fields of r in ExportColumns order.
func (r ExportRow) record() []string {
	n := ""
	if r.Paragraph != nil {
		n = strconv.Itoa(*r.Paragraph)
	}
	return []string{r.ID, r.Citation, n, r.Marking, r.Created, r.Classification, r.Origin, r.Subject,
		strconv.FormatFloat(r.Score, 'f', 4, 64), r.Snippet, r.URL}
}

// apiExport answers GET /api/export: the cables matching the query (and
// filters and sort, as /api/search takes them), at most limit= of them
// (default and bound Options.MaxExport), one row per matching paragraph,
// as CSV (format=csv, the default) or JSON lines (format=jsonl).
func (s *server) apiExport(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query()
	format := strings.ToLower(strings.TrimSpace(v.Get("format")))
	if format == "" {
		format = FormatCSV
	}
	if format != FormatCSV && format != FormatJSONL {
		writeError(w, http.StatusBadRequest, fmt.Sprintf("server: format=%q: want csv or jsonl", format))
		return
	}
	// Paging, facets and paragraph counts are the export's own.
	pv := url.Values{}
	for k, x := range v {
		pv[k] = x
	}
	for _, k := range []string{"limit", "offset", "facets", "paragraphs", "mode"} {
		pv.Del(k)
	}
	pv.Set("facets", "")
	req, err := s.searchRequest(pv)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	limit, err := intParam(v, "limit", s.opts.MaxExport)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	limit = min(limit, s.opts.MaxExport)
	sb, err := intParam(v, "snippet_bytes", 0)
	if err != nil {
		writeError(w, http.StatusBadRequest, err.Error())
		return
	}
	req.SnippetBytes = min(sb, 4000)
	req.MaxParagraphs = 100
	ctx, cancel := context.WithTimeout(r.Context(), s.opts.ExportTimeout)
	defer cancel()

	chunk := func(from int) (*query.Result, error) {
		req.From, req.Size = from, min(exportChunk, limit-from)
		return s.search(ctx, req)
	}
	var res *query.Result
	if limit > 0 {
		if res, err = chunk(0); err != nil {
			s.fail(w, r, err, s.opts.ExportTimeout)
			return
		}
	} else {
		res = &query.Result{}
	}

	hd := w.Header()
	hd.Set("Cache-Control", "no-store")
	hd.Set("X-Total-Count", strconv.FormatUint(res.Total, 10))
	hd.Set("X-Export-Limit", strconv.Itoa(limit))
	if format == FormatCSV {
		hd.Set("Content-Type", "text/csv; charset=utf-8")
	} else {
		hd.Set("Content-Type", "application/jsonl; charset=utf-8")
	}
	hd.Set("Content-Disposition", `attachment; filename="cablesearch-export.`+format+`"`)

	bw := bufio.NewWriterSize(w, 32<<10)
	var cw *csv.Writer
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if format == FormatCSV {
		cw = csv.NewWriter(bw)
		cw.Write(ExportColumns)
	}
	write := func(res *query.Result) error {
		for _, h := range res.Hits {
			for _, row := range exportRows(h) {
				var err error
				if cw != nil {
					err = cw.Write(row.record())
				} else {
					err = enc.Encode(row)
				}
				if err != nil {
					return err
				}
			}
		}
		if cw != nil {
			cw.Flush()
			return cw.Error()
		}
		return nil
	}
	done := 0
	for {
		if err := write(res); err != nil {
			return // the client went away
		}
		done += len(res.Hits)
		if len(res.Hits) == 0 || done >= limit || uint64(done) >= res.Total {
			break
		}
		if res, err = chunk(done); err != nil {
			// The status is sent: cut the answer so that the client sees
			// an incomplete transfer rather than a short export.
			s.opts.Log.Printf("server: export %s: cut after %d cables: %v", r.URL.RequestURI(), done, err)
			bw.Flush()
			panic(http.ErrAbortHandler)
		}
	}
	bw.Flush()
}
