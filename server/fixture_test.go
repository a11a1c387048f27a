package server_test

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/server"
)

var update = flag.Bool("update", false, "rewrite testdata/screenshots/search.png")

// sampleDir is ../testdata/sample, the bundled sample of real cables.
var sampleDir = filepath.Join("..", "testdata", "sample")

// The sample index is built once per test binary, in a folder removed by
// TestMain.
var (
	sampleOnce sync.Once
	sampleIx   *index.Index
	sampleErr  error
	tmpRoot    string
)

func TestMain(m *testing.M) {
	flag.Parse()
	var err error
	if tmpRoot, err = os.MkdirTemp("", "cablesearch-server-test"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	if sampleIx != nil {
		sampleIx.Close()
	}
	os.RemoveAll(tmpRoot)
	os.Exit(code)
}

// sampleIndex returns the index of the bundled sample (about 330 cables).
func sampleIndex(t testing.TB) *index.Index {
	t.Helper()
	sampleOnce.Do(func() {
		dir := filepath.Join(tmpRoot, "sample.index")
		if _, sampleErr = index.Build(context.Background(), dir, index.BuildOptions{}, sampleDir); sampleErr != nil {
			return
		}
		sampleIx, sampleErr = index.Open(dir)
	})
	if sampleErr != nil {
		t.Fatalf("build sample index: %v", sampleErr)
	}
	return sampleIx
}

// newSample returns a handler over the sample index with opts.
func newSample(t testing.TB, opts server.Options) http.Handler {
	t.Helper()
	opts.Log = testLogger(t)
	return server.New(sampleIndex(t), opts)
}

// hostileCables are synthetic cables whose text tries to get markup into
// the page.
func hostileCables() []*cablesearch.Cable {
	created := time.Date(2009, 3, 4, 12, 0, 0, 0, time.UTC)
	return []*cablesearch.Cable{
		{
			ID: "09REYKJAVIK901", RawID: "09REYKJAVIK901", Created: created, Classification: "SECRET", Level: "SECRET",
			Origin: `Embassy <b>Nowhere</b>`, Station: "REYKJAVIK",
			Subject:    `<script>alert("subject")</script> PAYLOAD`,
			Tags:       []string{"PREL", `<IMG SRC=X>`},
			References: []string{"09REYKJAVIK902", "09REYKJAVIK999"},
			Header:     `<script>alert("header")</script>`,
			Paragraphs: []cablesearch.Paragraph{
				{N: 1, Marking: "S", Text: `The payload is <script>alert("para")</script> & <img src=x onerror=alert(1)> "quoted" 'single'.`},
				{N: 2, Marking: `<i>C</i>`, Text: `A second payload: </mark><mark>fake</mark> &lt;b&gt;entity&lt;/b&gt;.`},
			},
			Source: cablesearch.Source{File: "synthetic", Line: 1},
		},
		{
			ID: "09REYKJAVIK902", RawID: "09REYKJAVIK902", Created: created.AddDate(0, -1, 0), Classification: "UNCLASSIFIED",
			Origin: "Embassy Nowhere", Station: "REYKJAVIK", Subject: "Plain cable",
			Paragraphs: []cablesearch.Paragraph{{N: 1, Text: "Nothing to see."}},
			Source:     cablesearch.Source{File: "synthetic", Line: 2},
		},
	}
}

// hostileIndex builds an index of hostileCables in a temporary folder.
func hostileIndex(t testing.TB) *index.Index {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "idx")
	if _, err := index.BuildCables(context.Background(), dir, index.BuildOptions{}, index.Cables(hostileCables()...)); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// get runs a GET of target (a raw request URI, not cleaned by any
// client) on h.
func get(t testing.TB, h http.Handler, target string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}
