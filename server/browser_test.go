package server_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/cablesearch/cablesearch/server"
)

// screenshotPath is where -update writes the screenshot of a result page
// (kept in the repository so a newcomer sees what the page looks like).
var screenshotPath = filepath.Join("..", "testdata", "screenshots", "search.png")

// chromiumPath finds a Chromium binary: $CABLESEARCH_CHROMIUM, else
// chromium (Debian), chromium-browser or google-chrome on the PATH.
func chromiumPath() string {
	if p := os.Getenv("CABLESEARCH_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// TestBrowser drives the web page in a headless Chromium: '/' focuses the
// box, a typed query submitted with Enter shows results, clicking facet
// values narrows them (two facets at once, all in the URL), the year
// histogram filters, a result opens its cable, a ¶ permalink lands on its
// paragraph (the :target, scrolled into view), the browser's Back button
// restores the results, Tab moves from the box to the order, and on a
// phone-sized screen nothing is wider than the screen and the facets come
// after the results. It skips when no Chromium is installed (apt-get
// install chromium).
func TestBrowser(t *testing.T) {
	bin := chromiumPath()
	if bin == "" {
		t.Skip("no chromium binary (apt-get install chromium, or set CABLESEARCH_CHROMIUM)")
	}
	ts := httptest.NewServer(newSample(t, server.Options{}))
	defer ts.Close()

	allocOpts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx, allocOpts...)
	defer cancelAlloc()
	bctx, cancelBrowser := chromedp.NewContext(actx, chromedp.WithErrorf(t.Logf))
	defer cancelBrowser()

	do := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	eval := func(expr string) string {
		t.Helper()
		v, err := chromedp.Run(bctx, chromedp.Evaluate[string](expr))
		if err != nil {
			t.Fatalf("%s: %v", expr, err)
		}
		return v
	}
	attr := func(sel, name string) string {
		t.Helper()
		v, err := chromedp.Run(bctx, chromedp.AttributeValue(chromedp.CSS(sel), name))
		if err != nil || !v.Exists {
			t.Fatalf("attribute %s of %s: %v (exists %v)", name, sel, err, v.Exists)
		}
		return v.Value
	}
	// waitFor polls a JavaScript condition, riding over the navigations
	// that destroy the page's context under a running evaluation.
	waitFor := func(what, cond string) {
		t.Helper()
		for deadline := time.Now().Add(10 * time.Second); ; {
			ok, err := chromedp.Run(bctx, chromedp.Evaluate[bool](cond))
			if err == nil && ok {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: %s not true after 10 s (%v)", what, cond, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	total := func() int {
		t.Helper()
		s := eval(`document.getElementById('total').dataset.total`)
		n, err := strconv.Atoi(s)
		if err != nil {
			t.Fatalf("data-total %q", s)
		}
		return n
	}
	var loc string
	query := func() url.Values {
		t.Helper()
		loc = eval("location.href")
		u, err := url.Parse(loc)
		if err != nil {
			t.Fatal(err)
		}
		return u.Query()
	}

	// The home page; '/' focuses the search box.
	do("open the home page",
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.KeyEvent("/"),
	)
	if active := eval("document.activeElement.id"); active != "q" {
		t.Errorf("after '/', the focus is on %q, want the search box", active)
	}

	// Type a query and press Enter. (The '/' above reaches the box as a
	// character event of its own in CDP, which a real keyboard's
	// preventDefault suppresses: clear it.)
	eval(`document.getElementById('q').value = ''`)
	do("search", chromedp.SendKeys(chromedp.ID("q"), "iran\r"))
	waitFor("search", `location.search === '?q=iran' && document.readyState === 'complete' && document.querySelector('ol.hits li.hit') !== null`)
	if q := query(); q.Get("q") != "iran" || len(q) != 1 {
		t.Fatalf("after searching, the URL is %s, want ?q=iran", loc)
	}
	all := total()
	if all < 10 {
		t.Fatalf("iran: %d cables", all)
	}
	buf, err := chromedp.Run(bctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if len(buf) > 300<<10 {
		t.Errorf("screenshot is %d KB, want < 300 KB", len(buf)>>10)
	}
	if *update {
		if err := os.MkdirAll(filepath.Dir(screenshotPath), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(screenshotPath, buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// Click the first classification value: the URL says so and fewer
	// cables match.
	value := attr("#facet-classification a.fv", "data-value")
	do("click a classification",
		chromedp.Click(chromedp.CSS("#facet-classification a.fv")),
		chromedp.WaitVisible(chromedp.CSS("#facet-classification a.fv.on")),
	)
	if q := query(); q.Get("classification") != value || q.Get("q") != "iran" {
		t.Errorf("after clicking classification %q, the URL is %s", value, loc)
	}
	one := total()
	if one >= all || one == 0 {
		t.Errorf("classification %s: %d of %d cables", value, one, all)
	}

	// A second value of the same facet widens (OR), keeping both in the
	// URL; an origin narrows again (AND across facets).
	do("click a second classification",
		chromedp.Click(chromedp.CSS("#facet-classification li:nth-child(2) a.fv")),
		chromedp.WaitVisible(chromedp.CSS("#facet-classification li:nth-child(2) a.fv.on")),
	)
	if q := query(); len(q["classification"]) != 2 {
		t.Errorf("after a second classification, the URL is %s", loc)
	}
	two := total()
	if two <= one {
		t.Errorf("two classifications: %d cables, one: %d", two, one)
	}
	do("click an origin",
		chromedp.Click(chromedp.CSS("#facet-origin a.fv")),
		chromedp.WaitVisible(chromedp.CSS("#facet-origin a.fv.on")),
	)
	if q := query(); len(q["classification"]) != 2 || q.Get("origin") == "" {
		t.Errorf("after an origin, the URL is %s", loc)
	}
	if n := total(); n > two || n == 0 {
		t.Errorf("with an origin: %d cables, before %d", n, two)
	}

	// The year histogram: clicking the tallest bar filters on its year
	// and shows the months.
	do("open the results", chromedp.Navigate(ts.URL+"/?q=iran"), chromedp.WaitVisible(chromedp.ID("hist-year")))
	value = eval(`(() => {
		let best = null, n = -1;
		for (const a of document.querySelectorAll('#hist-year a.bar')) {
			const c = parseInt(a.title.split(': ')[1].replace(/,/g, ''), 10);
			if (c > n) { n = c; best = a; }
		}
		best.id = 'tallest';
		return best.dataset.value;
	})()`)
	do("click a year", chromedp.Click(chromedp.ID("tallest")), chromedp.WaitVisible(chromedp.ID("hist-month")))
	if q := query(); q.Get("year") != value {
		t.Errorf("after clicking year %s, the URL is %s", value, loc)
	}
	if n := total(); n >= all || n == 0 {
		t.Errorf("year %s: %d of %d cables", value, n, all)
	}

	// Open the first result's cable, then follow a ¶ permalink: the
	// paragraph is the :target and scrolled into view.
	do("open a cable",
		chromedp.Click(chromedp.CSS("ol.hits li.hit h2 a")),
		chromedp.WaitVisible(chromedp.ID("cable")),
	)
	id := attr("#cable", "data-id")
	if loc = eval("location.href"); !strings.HasSuffix(loc, "/cable/"+id) {
		t.Errorf("cable %s opened at %s", id, loc)
	}
	if n := eval(`String(document.querySelectorAll('.text .para').length)`); n == "0" || n == "1" {
		t.Fatalf("cable %s has %s paragraphs", id, n)
	}
	do("follow a ¶ permalink", chromedp.Click(chromedp.CSS(".text .para:last-child a.pn")))
	if _, err := chromedp.Run(bctx, chromedp.Poll[bool](`location.hash !== '' && document.querySelector(':target') !== null &&
		(() => { const r = document.querySelector(':target').getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; })()`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Errorf("after the ¶ link, no :target in view: %v", err)
	}
	hash, target := eval("location.hash"), eval(`document.querySelector(':target') ? document.querySelector(':target').id : ''`)
	if !strings.HasPrefix(hash, "#p") || target != hash[1:] {
		t.Errorf("after the ¶ link, hash %q, :target %q", hash, target)
	}

	// A ¶ link from the results opens the cable at that paragraph.
	do("open the results", chromedp.Navigate(ts.URL+"/?q=iran"), chromedp.WaitVisible(chromedp.CSS("ol.hits li.hit a.pn")))
	want := attr("ol.hits li.hit a.pn", "href")
	_, frag, _ := strings.Cut(want, "#")
	do("¶ link from the results", chromedp.Click(chromedp.CSS("ol.hits li.hit a.pn")))
	waitFor("¶ link from the results", `location.pathname.startsWith('/cable/') && document.readyState === 'complete' && document.querySelector(':target') !== null`)
	target = eval(`document.querySelector(':target') ? document.querySelector(':target').id : ''`)
	if loc = eval("location.href"); frag == "" || target != frag || !strings.HasSuffix(loc, want) {
		t.Errorf("¶ link %s: at %s, :target %q", want, loc, target)
	}

	// Back returns to the results, as the URL said.
	// (history.back rather than NavigateBack: a page restored from the
	// back-forward cache fires no load event for NavigateBack to see.)
	eval(`history.back(), ''`)
	waitFor("back", `location.pathname === '/' && document.getElementById('total') !== null`)
	if n := total(); n != all {
		t.Errorf("after Back, %d cables, want %d", n, all)
	}

	// The keyboard: Tab goes from the box to the order, then to Search.
	eval(`document.getElementById('q').focus(), ''`)
	do("tab", chromedp.KeyEvent("\t"))
	if a := eval("document.activeElement.id"); a != "sort" {
		t.Errorf("Tab from the box focuses %q, want the order", a)
	}

	// A phone: nothing wider than the screen, the facets below the
	// results.
	do("phone", chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile))
	for _, page := range []string{"/?q=iran&year=2009", "/cable/" + id} {
		do("open "+page, chromedp.Navigate(ts.URL+page), chromedp.WaitVisible(chromedp.CSS("main")))
		if w := eval(`String(document.documentElement.scrollWidth) + ' ' + String(window.innerWidth)`); func() bool {
			var sw, iw int
			fmt.Sscan(w, &sw, &iw)
			return sw > iw || iw == 0
		}() {
			t.Errorf("%s on a phone: page %s px wide for a %s px screen", page, strings.Fields(w)[0], strings.Fields(w)[1])
		}
	}
	do("open the results", chromedp.Navigate(ts.URL+"/?q=iran"), chromedp.WaitVisible(chromedp.ID("results")))
	if below := eval(`String(document.getElementById('refine').getBoundingClientRect().top > document.getElementById('results').getBoundingClientRect().bottom - 1)`); below != "true" {
		t.Error("on a phone, the facets are not below the results")
	}
}
