package server_test

import (
	"encoding/json"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/cablesearch/cablesearch/server"
)

// TestSearchPage checks the search page: results with ¶ links and marks,
// facet links that toggle filters in the URL, the histograms, paging and
// the export links.
func TestSearchPage(t *testing.T) {
	h := newSample(t, server.Options{PageSize: 5})
	rec := get(t, h, "/?q=iran")
	body := rec.Body.String()
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		t.Fatalf("status %d, Content-Type %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	for _, want := range []string{
		`id="total" data-total="`,
		`<mark>`,
		`class="pn" href="/cable/`,
		`id="facet-classification"`,
		`id="facet-origin"`,
		`id="facet-tags"`,
		`id="hist-year"`,
		`href="/?classification=SECRET&amp;q=iran"`,
		`href="/?page=2&amp;q=iran"`,
		`id="export-csv" href="/api/export?format=csv&amp;q=iran"`,
		`value="iran"`,
		`<script src="/static/app.js" defer></script>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("page has no %s", want)
		}
	}
	if n := strings.Count(body, `<li class="hit">`); n != 5 {
		t.Errorf("%d hits on the page, want 5", n)
	}

	// Two values of one facet and a year: the chips, the month histogram,
	// the hidden fields that keep the filters on the next search.
	rec = get(t, h, "/?q=iran&classification=SECRET&classification=CONFIDENTIAL&year=2009")
	body = rec.Body.String()
	for _, want := range []string{
		`id="hist-month"`,
		`<input type="hidden" name="classification" value="SECRET">`,
		`<input type="hidden" name="classification" value="CONFIDENTIAL">`,
		`<input type="hidden" name="year" value="2009">`,
		`class="fv on" href="/?classification=CONFIDENTIAL&amp;q=iran&amp;year=2009"`,
		`class="bar on" href="/?classification=SECRET&amp;classification=CONFIDENTIAL&amp;q=iran"`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("filtered page has no %s", want)
		}
	}
	total := func(body string) string {
		m := regexp.MustCompile(`data-total="(\d+)"`).FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no total")
		}
		return m[1]
	}
	if a, b := total(get(t, h, "/?q=iran").Body.String()), total(body); a == b {
		t.Errorf("filters did not change the total (%s)", a)
	}

	// A page past the end says so.
	if rec := get(t, h, "/?q=iran&page=400"); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "No cables on this page") {
		t.Errorf("page past the end: status %d", rec.Code)
	}

	// Errors are shown on the page with the status.
	for target, code := range map[string]int{`/?q="iran`: 400, "/?q=iran&page=x": 400, "/?q=iran&page=100000": 400, "/?year=nineteen": 400} {
		rec := get(t, h, target)
		if rec.Code != code || !strings.Contains(rec.Body.String(), `role="alert"`) {
			t.Errorf("GET %s: status %d, want %d with an alert", target, rec.Code, code)
		}
	}
	if rec := get(t, h, `/?q="iran`); !strings.Contains(rec.Body.String(), "unterminated phrase") {
		t.Error("the parser's message is not on the page")
	}
}

// TestCablePage checks a cable's page: ¶ anchors, references as links
// with the missing ones marked, the citing cables, redirects from other
// citation forms and 404.
func TestCablePage(t *testing.T) {
	h := newSample(t, server.Options{})
	rec := get(t, h, "/cable/03ANKARA3694")
	body := rec.Body.String()
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d", rec.Code)
	}
	for _, want := range []string{
		`<div class="para" id="p1">`,
		`<a class="pn" href="#p1"`,
		`<a href="/cable/03ANKARA2521">03ANKARA2521</a>`,
		`<span class="missing" title="not in this index">03ANKARA2666 <small>(not in index)</small></span>`,
		`href="https://wikileaks.org/cable/2003/`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("cable page has no %s", want)
		}
	}
	body = get(t, h, "/cable/03ANKARA2521").Body.String()
	if !strings.Contains(body, `id="cited-by"`) || !strings.Contains(body, `<a href="/cable/03ANKARA3694">03ANKARA3694</a>`) {
		t.Error("03ANKARA2521 does not list 03ANKARA3694 as citing it")
	}
	rec = get(t, h, "/cable/03%20ANKARA%202521")
	if rec.Code != http.StatusFound || rec.Header().Get("Location") != "/cable/03ANKARA2521" {
		t.Errorf("/cable/03 ANKARA 2521: status %d, Location %q; want 302 to /cable/03ANKARA2521", rec.Code, rec.Header().Get("Location"))
	}
	for _, target := range []string{"/cable/99NOWHERE1", "/cable/%3Cscript%3E", "/nope"} {
		rec := get(t, h, target)
		if rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), "<script>") {
			t.Errorf("GET %s: status %d, want 404 (escaped)", target, rec.Code)
		}
	}
}

// TestHostileText indexes cables whose text and metadata hold markup and
// checks that every page shows it as text and the JSON carries it intact.
func TestHostileText(t *testing.T) {
	h := server.New(hostileIndex(t), server.Options{Log: testLogger(t)})
	pages := map[string]string{
		"search":   "/?q=payload",
		"filtered": "/?q=payload&tags=%3CIMG+SRC%3DX%3E&origin=Embassy+%3Cb%3ENowhere%3C%2Fb%3E",
		"cable":    "/cable/09REYKJAVIK901",
		"error":    "/cable/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
		"query":    "/?q=%3Cscript%3E",
	}
	tag := regexp.MustCompile(`(?i)<\s*/?\s*([a-z][a-z0-9]*)`)
	allowed := map[string]bool{}
	for _, name := range strings.Fields("html head meta title link script body a header form label input select option button main footer details summary div p table tr td code kbd ul ol li span h1 h2 h3 nav section aside article dl dt dd time small pre mark") {
		allowed[name] = true
	}
	for name, target := range pages {
		rec := get(t, h, target)
		body := rec.Body.String()
		if rec.Code >= 500 {
			t.Errorf("%s: status %d", name, rec.Code)
		}
		for _, bad := range []string{`<script>alert`, `<img`, `<IMG`, `<b>Nowhere`, `<i>C</i>`, `<mark>fake`} {
			if strings.Contains(body, bad) {
				t.Errorf("%s page (%s) contains raw %s", name, target, bad)
			}
		}
		// Only the page's own elements occur, and the only script is
		// the page's own.
		for _, m := range tag.FindAllStringSubmatch(body, -1) {
			if !allowed[strings.ToLower(m[1])] {
				t.Errorf("%s page: unexpected element <%s>", name, m[1])
			}
		}
		if n := strings.Count(body, "<script"); n != 1 {
			t.Errorf("%s page: %d <script> elements, want 1", name, n)
		}
	}
	body := get(t, h, "/cable/09REYKJAVIK901").Body.String()
	for _, want := range []string{
		`&lt;script&gt;alert(&#34;para&#34;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;`,
		`&lt;/mark&gt;&lt;mark&gt;fake&lt;/mark&gt; &amp;lt;b&amp;gt;entity`,
		`&lt;script&gt;alert(&#34;subject&#34;)&lt;/script&gt;`,
		`Embassy &lt;b&gt;Nowhere&lt;/b&gt;`,
		`(&lt;i&gt;C&lt;/i&gt;)`,
		`<a href="/cable/09REYKJAVIK902">09REYKJAVIK902</a>`,
		`09REYKJAVIK999 <small>(not in index)</small>`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("cable page has no %s", want)
		}
	}
	body = get(t, h, "/?q=payload").Body.String()
	if !strings.Contains(body, "<mark>payload</mark> is &lt;script&gt;") {
		t.Errorf("search page: snippet not escaped around the mark:\n%s", snippetLines(body))
	}
	// The JSON API carries the text intact (JSON escaping only).
	var c struct {
		Subject    string `json:"subject"`
		Paragraphs []struct {
			Text string `json:"text"`
		} `json:"paragraphs"`
	}
	rec := get(t, h, "/api/cable/09REYKJAVIK901")
	if err := json.NewDecoder(rec.Body).Decode(&c); err != nil {
		t.Fatal(err)
	}
	if c.Subject != hostileCables()[0].Subject || len(c.Paragraphs) != 2 || c.Paragraphs[0].Text != hostileCables()[0].Paragraphs[0].Text {
		t.Errorf("API changed the text: %q, %v", c.Subject, c.Paragraphs)
	}
	// Exports are plain text: the snippet is unescaped, not HTML.
	rec = get(t, h, "/api/export?q=payload&format=jsonl")
	if !strings.Contains(rec.Body.String(), `<script>alert(\"para\")</script>`) {
		t.Errorf("export snippet is not the plain text: %s", rec.Body.String())
	}
}

// snippetLines gives the snippet lines of a page, unescaped, for failure
// messages.
func snippetLines(body string) string {
	var out []string
	for _, l := range strings.Split(body, "\n") {
		if strings.Contains(l, `class="snip"`) {
			out = append(out, html.UnescapeString(strings.TrimSpace(l)))
		}
	}
	return strings.Join(out, "\n")
}
