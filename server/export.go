package server

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cablesearch/cablesearch/query"
)

// Export formats of /api/export.
const (
	FormatCSV   = "csv"
	FormatJSONL = "jsonl"
)

// ExportColumns are the CSV header and the JSON field names of an export
// row (query.ExportColumns).
var ExportColumns = query.ExportColumns

// exportChunk is the number of cables fetched per search while exporting.
const exportChunk = 250

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
	ew, err := query.NewExportWriter(bw, format)
	if err != nil {
		return // the client went away
	}
	write := ew.Write
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
