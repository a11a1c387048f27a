package server_test

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cablesearch/cablesearch/server"
)

// testLogger logs to t until the test ends, then drops lines (a server
// goroutine may still log after it).
func testLogger(t testing.TB) *log.Logger {
	w := &tWriter{t: t}
	t.Cleanup(func() { w.mu.Lock(); w.done = true; w.mu.Unlock() })
	return log.New(w, "", 0)
}

type tWriter struct {
	mu   sync.Mutex
	t    testing.TB
	done bool
}

func (w *tWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.done {
		w.t.Log(strings.TrimRight(string(p), "\n"))
	}
	return len(p), nil
}

// decode checks the status and JSON content type of rec and decodes it.
func decode(t *testing.T, rec interface {
	Result() *http.Response
}, wantStatus int, v any) {
	t.Helper()
	res := rec.Result()
	if res.StatusCode != wantStatus {
		var b bytes.Buffer
		b.ReadFrom(res.Body)
		t.Fatalf("status %d, want %d; body %s", res.StatusCode, wantStatus, b.String())
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("Content-Type %q, want application/json", ct)
	}
	if err := json.NewDecoder(res.Body).Decode(v); err != nil {
		t.Fatal(err)
	}
}

// TestSearchContract checks /api/search against the query --json contract
// of ARCHITECTURE.md: field names, default facets, paging.
func TestSearchContract(t *testing.T) {
	h := newSample(t, server.Options{})
	var m map[string]any
	decode(t, get(t, h, "/api/search?q=iran&limit=3"), http.StatusOK, &m)
	for _, k := range []string{"total", "hits", "facets", "query", "offset", "limit"} {
		if _, ok := m[k]; !ok {
			t.Errorf("no %q in answer", k)
		}
	}
	hits := m["hits"].([]any)
	if len(hits) != 3 || m["total"].(float64) < 10 || m["limit"].(float64) != 3 {
		t.Fatalf("total %v, %d hits, limit %v; want > 10, 3, 3", m["total"], len(hits), m["limit"])
	}
	for _, x := range hits {
		hit := x.(map[string]any)
		for _, k := range []string{"id", "score", "subject", "origin", "classification", "created", "paragraphs"} {
			if _, ok := hit[k]; !ok {
				t.Errorf("hit %v: no %q", hit["id"], k)
			}
		}
		paras := hit["paragraphs"].([]any)
		if len(paras) == 0 {
			t.Errorf("hit %v: no matching paragraphs", hit["id"])
		}
		for _, p := range paras {
			p := p.(map[string]any)
			for _, k := range []string{"n", "marking", "snippet"} {
				if _, ok := p[k]; !ok {
					t.Errorf("hit %v paragraph: no %q", hit["id"], k)
				}
			}
			if !strings.Contains(p["snippet"].(string), "<mark>") {
				t.Errorf("hit %v ¶%v: snippet without <mark>: %q", hit["id"], p["n"], p["snippet"])
			}
		}
	}
	facets := m["facets"].(map[string]any)
	for _, k := range []string{"origin", "classification", "tags", "year"} {
		vals, ok := facets[k].([]any)
		if !ok || len(vals) == 0 {
			t.Errorf("facet %s missing or empty: %v", k, facets[k])
			continue
		}
		v := vals[0].(map[string]any)
		if _, ok := v["value"]; !ok || v["count"].(float64) < 1 {
			t.Errorf("facet %s: first value %v", k, v)
		}
	}

	// Paging: the second page starts where the first ended.
	var p1, p2 struct {
		Hits []struct{ ID string } `json:"hits"`
	}
	decode(t, get(t, h, "/api/search?q=iran&limit=4&facets="), http.StatusOK, &p1)
	decode(t, get(t, h, "/api/search?q=iran&limit=2&offset=2&facets="), http.StatusOK, &p2)
	if len(p1.Hits) != 4 || len(p2.Hits) != 2 || p1.Hits[2].ID != p2.Hits[0].ID || p1.Hits[3].ID != p2.Hits[1].ID {
		t.Errorf("offset=2 gives %v, want hits 3-4 of %v", p2.Hits, p1.Hits)
	}
}

// TestSearchParameters checks sort, facets= and the facet filters.
func TestSearchParameters(t *testing.T) {
	h := newSample(t, server.Options{})
	type result struct {
		Total int `json:"total"`
		Hits  []struct {
			ID             string    `json:"id"`
			Classification string    `json:"classification"`
			Created        time.Time `json:"created"`
		} `json:"hits"`
		Facets map[string][]struct {
			Value string `json:"value"`
			Count int    `json:"count"`
		} `json:"facets"`
	}
	var all, secret, newest, months result
	decode(t, get(t, h, "/api/search?q=iran&facets=classification,year"), http.StatusOK, &all)
	if len(all.Facets) != 2 || all.Facets["classification"] == nil || all.Facets["year"] == nil {
		t.Errorf("facets=classification,year gives %v", all.Facets)
	}
	decode(t, get(t, h, "/api/search?q=iran&limit=100&classification=SECRET&facets=classification"), http.StatusOK, &secret)
	if secret.Total == 0 || secret.Total >= all.Total {
		t.Errorf("classification=SECRET: %d of %d cables", secret.Total, all.Total)
	}
	for _, hit := range secret.Hits {
		if hit.Classification != "SECRET" {
			t.Errorf("classification=SECRET gives %s (%s)", hit.ID, hit.Classification)
		}
	}
	// Disjunctive: the filtered facet still lists the other values.
	if len(secret.Facets["classification"]) < 2 {
		t.Errorf("filtered facet lists %v, want the other values too", secret.Facets["classification"])
	}
	decode(t, get(t, h, "/api/search?q=iran&limit=20&sort=newest&facets="), http.StatusOK, &newest)
	for i := 1; i < len(newest.Hits); i++ {
		if newest.Hits[i].Created.After(newest.Hits[i-1].Created) {
			t.Errorf("sort=newest: %s (%s) after %s (%s)", newest.Hits[i].ID, newest.Hits[i].Created, newest.Hits[i-1].ID, newest.Hits[i-1].Created)
		}
	}
	decode(t, get(t, h, "/api/search?q=*&year=2009&facets=month&limit=0"), http.StatusOK, &months)
	if len(months.Hits) != 0 || months.Total == 0 || len(months.Facets["month"]) == 0 {
		t.Errorf("limit=0&year=2009&facets=month: %d hits, total %d, months %v", len(months.Hits), months.Total, months.Facets["month"])
	}
	var pm struct {
		Hits          []any `json:"hits"`
		ParagraphHits []struct {
			ID string `json:"id"`
			N  int    `json:"n"`
		} `json:"paragraph_hits"`
	}
	decode(t, get(t, h, "/api/search?q=iran&mode=paragraphs&limit=5&facets="), http.StatusOK, &pm)
	if len(pm.Hits) != 0 || len(pm.ParagraphHits) != 5 {
		t.Errorf("mode=paragraphs: %d hits, %d paragraph hits; want 0, 5", len(pm.Hits), len(pm.ParagraphHits))
	}
	for _, v := range months.Facets["month"] {
		if !strings.HasPrefix(v.Value, "2009-") {
			t.Errorf("year=2009: month %s", v.Value)
		}
	}
}

// TestSearchBadRequest checks that what the user can fix is a 400 with a
// JSON message, the parser's for a malformed query.
func TestSearchBadRequest(t *testing.T) {
	h := newSample(t, server.Options{})
	tests := []struct {
		query string
		want  string // in the error message
	}{
		{`q="iran`, "query: position 0: unterminated phrase"},
		{`q=a+AND`, "query: position"},
		{`q=nosuchfield:x`, "query: position"},
		{`q=iran&limit=-1`, "limit="},
		{`q=iran&limit=ten`, "limit="},
		{`q=iran&offset=99999999`, "offset="},
		{`q=iran&sort=random`, "sort="},
		{`q=iran&facets=origin,colour`, `unknown facet "colour"`},
		{`q=iran&year=09`, "year="},
		{`q=iran&month=2009-13`, "month="},
		{`q=iran&mode=sentences`, "mode="},
	}
	for _, tt := range tests {
		var e struct{ Error string }
		t.Run(tt.query, func(t *testing.T) {
			decode(t, get(t, h, "/api/search?"+tt.query), http.StatusBadRequest, &e)
			if !strings.Contains(e.Error, tt.want) {
				t.Errorf("GET /api/search?%s: error %q, want it to contain %q", tt.query, e.Error, tt.want)
			}
		})
	}
}

// TestPageSizeClamp checks that limit= above MaxPageSize is clamped, not
// refused, and the answer says so.
func TestPageSizeClamp(t *testing.T) {
	var m struct {
		Limit int   `json:"limit"`
		Total int   `json:"total"`
		Hits  []any `json:"hits"`
	}
	decode(t, get(t, newSample(t, server.Options{}), "/api/search?q=*&limit=100000&facets="), http.StatusOK, &m)
	if m.Limit != 100 || len(m.Hits) != 100 {
		t.Errorf("default MaxPageSize: limit=100000 gives limit %d, %d hits; want 100, 100", m.Limit, len(m.Hits))
	}
	decode(t, get(t, newSample(t, server.Options{MaxPageSize: 5}), "/api/search?q=*&limit=50&facets="), http.StatusOK, &m)
	if m.Limit != 5 || len(m.Hits) != 5 || m.Total < 100 {
		t.Errorf("MaxPageSize 5: limit=50 gives limit %d, %d hits of %d; want 5, 5", m.Limit, len(m.Hits), m.Total)
	}
}

// TestTimeout checks that a search cut at the timeout answers 503 with a
// message, on the API and on the page.
func TestTimeout(t *testing.T) {
	h := newSample(t, server.Options{Timeout: time.Nanosecond})
	var e struct{ Error string }
	rec := get(t, h, "/api/search?q=iran+OR+gas+OR+oil")
	decode(t, rec, http.StatusServiceUnavailable, &e)
	if !strings.Contains(e.Error, "timeout") {
		t.Errorf("error %q, want it to mention the timeout", e.Error)
	}
	if rec.Header().Get("Retry-After") == "" {
		t.Error("503 without Retry-After")
	}
	if rec := get(t, h, "/?q=iran"); rec.Code != http.StatusServiceUnavailable || !strings.Contains(rec.Body.String(), "timeout") {
		t.Errorf("page: status %d, want 503 with a message", rec.Code)
	}
	if rec := get(t, h, "/api/cable/03ANKARA3694"); rec.Code != http.StatusServiceUnavailable {
		t.Errorf("cable: status %d, want 503", rec.Code)
	}
	// The health check does not search and stays up.
	if rec := get(t, h, "/healthz"); rec.Code != http.StatusOK {
		t.Errorf("healthz: status %d", rec.Code)
	}
}

// TestCable checks /api/cable/ID: the show --json contract, citation forms
// and 404.
func TestCable(t *testing.T) {
	h := newSample(t, server.Options{})
	var c map[string]any
	decode(t, get(t, h, "/api/cable/03ANKARA2521"), http.StatusOK, &c)
	for _, k := range []string{"id", "raw_id", "created", "released", "classification", "origin", "subject", "tags", "references", "paragraphs", "cited_by"} {
		if _, ok := c[k]; !ok {
			t.Errorf("no %q in cable", k)
		}
	}
	citedBy, _ := c["cited_by"].([]any)
	if c["id"] != "03ANKARA2521" || !slices.Contains(citedBy, any("03ANKARA3694")) {
		t.Errorf("id %v, cited_by %v; want 03ANKARA2521 cited by 03ANKARA3694", c["id"], c["cited_by"])
	}
	for _, form := range []string{"03%20ANKARA%202521", "2003%20ANKARA%202521", "03ankara2521"} {
		var c2 map[string]any
		decode(t, get(t, h, "/api/cable/"+form), http.StatusOK, &c2)
		if c2["id"] != "03ANKARA2521" {
			t.Errorf("/api/cable/%s: id %v", form, c2["id"])
		}
	}
	for _, missing := range []string{"99NOWHERE1", "03ANKARA2666", "not-an-id", "a/b/c"} {
		var e struct{ Error string }
		decode(t, get(t, h, "/api/cable/"+missing), http.StatusNotFound, &e)
		if e.Error == "" {
			t.Errorf("/api/cable/%s: empty error", missing)
		}
	}
}

// TestHealthz checks GET /healthz.
func TestHealthz(t *testing.T) {
	var m struct {
		Status string `json:"status"`
		Cables int    `json:"cables"`
	}
	decode(t, get(t, newSample(t, server.Options{}), "/healthz"), http.StatusOK, &m)
	if m.Status != "ok" || m.Cables < 300 {
		t.Errorf("healthz = %+v", m)
	}
}

var wikileaksURL = regexp.MustCompile(`^https://wikileaks\.org/cable/(19|20)\d\d/(0[1-9]|1[0-2])/[0-9]{2}[A-Z]+[0-9]+\.html(#par[1-9][0-9]*)?$`)

// TestExport checks CSV and JSON lines exports: one row per matching
// paragraph, the columns, citations and WikiLeaks permalinks, the limit.
func TestExport(t *testing.T) {
	h := newSample(t, server.Options{MaxExport: 7})
	rec := get(t, h, "/api/export?q=iran&format=csv")
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/csv") {
		t.Fatalf("csv: status %d, Content-Type %q: %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body.String())
	}
	if !strings.Contains(rec.Header().Get("Content-Disposition"), "attachment") {
		t.Errorf("Content-Disposition %q", rec.Header().Get("Content-Disposition"))
	}
	rows, err := csv.NewReader(rec.Body).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(rows[0], server.ExportColumns) {
		t.Fatalf("header %q, want %q", rows[0], server.ExportColumns)
	}
	ids := map[string]bool{}
	for _, r := range rows[1:] {
		ids[r[0]] = true
		id, cite, para, snippet, u := r[0], r[1], r[2], r[9], r[10]
		if !wikileaksURL.MatchString(u) {
			t.Errorf("row %q: url %q", r[:3], u)
		}
		if para != "" && (!strings.HasSuffix(u, "#par"+para) && para != "0" || cite != id+" ¶"+para) {
			t.Errorf("row %q: paragraph %s, url %s, citation %s", r[:3], para, u, cite)
		}
		if strings.Contains(snippet, "<mark>") || strings.Contains(snippet, "&#39;") {
			t.Errorf("row %q: snippet is not plain text: %q", r[:3], snippet)
		}
	}
	if len(ids) != 7 || len(rows) < 9 {
		t.Errorf("MaxExport 7: %d cables in %d rows; want 7 cables, several paragraphs", len(ids), len(rows)-1)
	}
	if got := rec.Header().Get("X-Total-Count"); got == "" || got == "7" {
		t.Errorf("X-Total-Count %q, want the full total", got)
	}

	// JSON lines, with limit= below MaxExport.
	rec = get(t, h, "/api/export?q=iran&format=jsonl&limit=2&classification=SECRET")
	if rec.Code != http.StatusOK {
		t.Fatalf("jsonl: status %d: %s", rec.Code, rec.Body.String())
	}
	sc := bufio.NewScanner(rec.Body)
	ids = map[string]bool{}
	n := 0
	for sc.Scan() {
		var row map[string]any
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		for _, k := range server.ExportColumns {
			if _, ok := row[k]; !ok {
				t.Errorf("line %d: no %q", n+1, k)
			}
		}
		if row["classification"] != "SECRET" {
			t.Errorf("classification=SECRET exports %v", row["classification"])
		}
		ids[row["id"].(string)] = true
		n++
	}
	if len(ids) != 2 {
		t.Errorf("limit=2: %d cables", len(ids))
	}

	var e struct{ Error string }
	decode(t, get(t, h, "/api/export?q=iran&format=xml"), http.StatusBadRequest, &e)
	decode(t, get(t, h, `/api/export?q="iran`), http.StatusBadRequest, &e)
	if !strings.Contains(e.Error, "unterminated phrase") {
		t.Errorf("bad query: %q", e.Error)
	}
}

// TestStaticAndTraversal checks that the embedded static files are served
// and that no other path can be read, however it is spelled.
func TestStaticAndTraversal(t *testing.T) {
	h := newSample(t, server.Options{})
	for name, ct := range map[string]string{"style.css": "text/css", "app.js": "text/javascript"} {
		rec := get(t, h, "/static/"+name)
		if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), ct) || rec.Header().Get("ETag") == "" {
			t.Errorf("/static/%s: status %d, Content-Type %q, ETag %q", name, rec.Code, rec.Header().Get("Content-Type"), rec.Header().Get("ETag"))
		}
		// A revalidation with the ETag answers 304.
		req, _ := http.NewRequest(http.MethodGet, "/static/"+name, nil)
		req.Header.Set("If-None-Match", rec.Header().Get("ETag"))
		rec2 := httptest.NewRecorder()
		h.ServeHTTP(rec2, req)
		if rec2.Code != http.StatusNotModified {
			t.Errorf("/static/%s with If-None-Match: status %d, want 304", name, rec2.Code)
		}
	}
	for _, target := range []string{
		"/static/../server.go",
		"/static/../../go.mod",
		"/static/%2e%2e/%2e%2e/go.mod",
		"/static/%2E%2E/server.go",
		"/static/..%2f..%2fgo.mod",
		"/static/..%5c..%5cgo.mod",
		"/static/..\\server.go",
		"/static//etc/passwd",
		"/static/%2fetc%2fpasswd",
		"/static/../templates/layout.html",
		"/static/%2e%2e/templates/layout.html",
		"/static/",
		"/../../../../etc/passwd",
		"/%2e%2e/%2e%2e/etc/passwd",
		"//etc/passwd",
		"/etc/passwd",
		"/assets/templates/layout.html",
		"/server.go",
		"/cable/../../go.mod",
		"/api/cable/../../../go.mod",
	} {
		rec := get(t, h, target)
		body := rec.Body.String()
		for _, leak := range []string{"root:", "package server", "module github.com", "{{define"} {
			if strings.Contains(body, leak) {
				t.Errorf("GET %s: status %d, body has %q", target, rec.Code, leak)
			}
		}
		switch {
		case rec.Code == http.StatusNotFound || rec.Code == http.StatusBadRequest:
		case rec.Code >= 300 && rec.Code < 400:
			// The mux redirects to the cleaned path; that path must not
			// serve a file either.
			loc := rec.Header().Get("Location")
			u, err := url.Parse(loc)
			if err != nil {
				t.Errorf("GET %s: Location %q: %v", target, loc, err)
				continue
			}
			if rec2 := get(t, h, u.RequestURI()); rec2.Code == http.StatusOK && strings.HasPrefix(u.Path, "/static/") {
				t.Errorf("GET %s redirects to %s, which serves a file", target, loc)
			}
		default:
			t.Errorf("GET %s: status %d, want 404, 400 or a redirect to a cleaned path", target, rec.Code)
		}
	}
}

// TestSecurityHeaders checks the headers every answer carries.
func TestSecurityHeaders(t *testing.T) {
	h := newSample(t, server.Options{})
	for _, target := range []string{"/", "/api/search?q=iran", "/cable/03ANKARA2521", "/nope"} {
		rec := get(t, h, target)
		csp := rec.Header().Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: Content-Security-Policy %q", target, csp)
		}
		if rec.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s: no X-Content-Type-Options", target)
		}
	}
	req := httptest.NewRequest(http.MethodPost, "/api/search?q=iran", nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST /api/search: status %d, want 405", rec.Code)
	}
}

// TestCache checks that cached answers are the same as fresh ones, that a
// count-only answer does not change the cached page it shares, and that
// concurrent identical searches agree.
func TestCache(t *testing.T) {
	cached := newSample(t, server.Options{})
	fresh := newSample(t, server.Options{CacheEntries: -1})
	for _, target := range []string{
		"/api/search?q=iran&limit=5",
		"/api/search?q=iran&limit=0&facets=",
		"/api/search?q=iran&limit=1&paragraphs=0&facets=",
		"/api/search?q=iran&limit=0&facets=",
		"/api/search?q=iran&limit=5",
	} {
		var a, b struct {
			Total  int             `json:"total"`
			Hits   json.RawMessage `json:"hits"`
			Facets json.RawMessage `json:"facets"`
		}
		decode(t, get(t, cached, target), http.StatusOK, &a)
		decode(t, get(t, fresh, target), http.StatusOK, &b)
		if a.Total != b.Total || string(a.Hits) != string(b.Hits) || string(a.Facets) != string(b.Facets) {
			t.Errorf("%s: cached answer differs:\n%s\n%s", target, a.Hits, b.Hits)
		}
	}
	var wg sync.WaitGroup
	bodies := make([]string, 20)
	for i := range bodies {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rec := get(t, cached, "/api/search?q=nuclear&limit=3&sort=oldest")
			var m map[string]any
			json.Unmarshal(rec.Body.Bytes(), &m)
			delete(m, "took_ns")
			b, _ := json.Marshal(m)
			bodies[i] = string(b)
		}()
	}
	wg.Wait()
	for i := range bodies {
		if bodies[i] != bodies[0] {
			t.Fatalf("concurrent answers differ:\n%s\n%s", bodies[0], bodies[i])
		}
	}
}

// TestDocs keeps API.md and openapi.yaml in step with the code: the export
// columns and the routes.
func TestDocs(t *testing.T) {
	header := strings.Join(server.ExportColumns, ",")
	for _, name := range []string{"API.md", "openapi.yaml"} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		doc := string(b)
		if !strings.Contains(doc, header) {
			t.Errorf("%s does not give the export header %s", name, header)
		}
		for _, route := range []string{"/api/search", "/api/cable/", "/api/export", "/healthz"} {
			if !strings.Contains(doc, route) {
				t.Errorf("%s does not document %s", name, route)
			}
		}
	}
}
