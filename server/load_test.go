package server_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/server"
)

// loadQueries are the searches of the load test: words, phrases,
// prefixes, fuzzy words, fields, dates, citations and boolean queries,
// each combined with the parameter sets of loadParams.
var loadQueries = []string{
	"iran", "nuclear", `"human rights"`, "gas pipeline", "terror*", "moscow~",
	"tag:PREL", "tag:russia", "origin:moscow", "class:secret", "class:noforn", "marking:S/NF",
	"created:2009", "after:2008-06 before:2009", "iran OR iraq", "military -iraq",
	`subject:"visit"`, "ambassador minister", "election* fraud", "*",
	"09MOSCOW521", "cites:03ANKARA2521", "oil AND (price OR export)", "corruption police",
}

// loadBad are malformed queries mixed into the load: each must get a
// 400 with the parser's message, however busy the server is.
var loadBad = []string{`"unterminated`, "(iran OR", "created:2009-13", "nosuchfield:x", "a - b", "AND"}

// loadParams are the parameter sets added to a query: default facets,
// paging, sort, filters, more facets, paragraph mode.
var loadParams = []string{
	"",
	"&limit=20&offset=20",
	"&sort=newest&facets=year,month",
	"&classification=SECRET&classification=CONFIDENTIAL",
	"&facets=origin,classification,tags,year,month,marking&facet_size=20",
	"&mode=paragraphs&limit=10",
	"&year=2009&facets=month",
	"&limit=50&paragraphs=5",
}

// TestLoad is the loopback load test, run only with CABLESEARCH_LOAD=1:
// CABLESEARCH_LOAD_CLIENTS (default 200) clients send requests back to
// back for CABLESEARCH_LOAD_DURATION (default 20s) to a real HTTP server
// on 127.0.0.1, over the sample index and, when it exists, the index
// named by CABLESEARCH_LOAD_INDEX (default /tmp/corpus.index). Eight
// requests in ten are searches (loadQueries × loadParams), one a search
// page, one a cable; one in twenty of the searches is malformed (loadBad)
// and must get a 400. It reports throughput, p50/p90/p99 latency per kind
// and fails on any error (a status other than 200 or a transport error).
// CABLESEARCH_LOAD_CACHE=0 turns the result cache off (every request
// searches).
//
//	CABLESEARCH_LOAD=1 go test ./server -run TestLoad -v -timeout 10m
func TestLoad(t *testing.T) {
	if os.Getenv("CABLESEARCH_LOAD") == "" {
		t.Skip("set CABLESEARCH_LOAD=1 to run the loopback load test")
	}
	clients := envInt(t, "CABLESEARCH_LOAD_CLIENTS", 200)
	dur := 20 * time.Second
	if s := os.Getenv("CABLESEARCH_LOAD_DURATION"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil {
			t.Fatal(err)
		}
		dur = d
	}
	t.Run("sample", func(t *testing.T) { loadRun(t, sampleIndex(t), clients, dur) })
	dir := os.Getenv("CABLESEARCH_LOAD_INDEX")
	if dir == "" {
		dir = "/tmp/corpus.index"
	}
	if _, err := os.Stat(dir); err != nil {
		t.Logf("no index at %s: corpus run skipped", dir)
		return
	}
	t.Run("corpus", func(t *testing.T) {
		ix, err := index.Open(dir)
		if errors.Is(err, index.ErrSchemaMismatch) {
			t.Skip(err)
		}
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		loadRun(t, ix, clients, dur)
	})
}

func envInt(t *testing.T, name string, def int) int {
	s := os.Getenv(name)
	if s == "" {
		return def
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		t.Fatalf("%s=%q: want a positive number", name, s)
	}
	return n
}

// sample is one request's outcome.
type sample struct {
	kind string
	d    time.Duration
	err  string // "" when the request succeeded
}

func loadRun(t *testing.T, ix *index.Index, clients int, dur time.Duration) {
	opts := server.Options{Log: testLogger(t)}
	if os.Getenv("CABLESEARCH_LOAD_CACHE") == "0" {
		opts.CacheEntries = -1
	}
	ts := httptest.NewServer(server.New(ix, opts))
	defer ts.Close()
	n, _ := ix.DocCount()

	// Cable IDs to fetch: the first hits of a few queries.
	var ids []string
	for _, q := range []string{"iran", "*", "nuclear", "embassy"} {
		res, err := http.Get(ts.URL + "/api/search?facets=&paragraphs=0&limit=50&q=" + url.QueryEscape(q))
		if err != nil {
			t.Fatal(err)
		}
		var body struct{ Hits []struct{ ID string } }
		err = decodeBody(res, &body)
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range body.Hits {
			ids = append(ids, h.ID)
		}
	}
	if len(ids) == 0 {
		t.Fatal("no cables to fetch")
	}

	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients, IdleConnTimeout: time.Minute}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 60 * time.Second}

	ctx, cancel := context.WithTimeout(context.Background(), dur)
	defer cancel()
	results := make([][]sample, clients)
	var wg sync.WaitGroup
	start := time.Now()
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				k := c*7919 + i*104729 // spread the mix across clients
				var kind, target string
				want := http.StatusOK
				switch {
				case k%20 == 2:
					kind, target, want = "bad", "/api/search?q="+url.QueryEscape(loadBad[k/20%len(loadBad)]), http.StatusBadRequest
				case k%10 == 0:
					kind, target = "page", "/?q="+url.QueryEscape(loadQueries[k/10%len(loadQueries)])
				case k%10 == 1:
					kind, target = "cable", "/api/cable/"+ids[k/10%len(ids)]
				default:
					kind = "search"
					target = "/api/search?q=" + url.QueryEscape(loadQueries[k%len(loadQueries)]) + loadParams[k/len(loadQueries)%len(loadParams)]
				}
				t0 := time.Now()
				res, err := client.Get(ts.URL + target)
				s := sample{kind: kind}
				if err != nil {
					s.err = err.Error()
				} else {
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode != want {
						s.err = fmt.Sprintf("%s: status %d", target, res.StatusCode)
					}
				}
				s.d = time.Since(t0)
				results[c] = append(results[c], s)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)

	byKind := map[string][]time.Duration{}
	var errs []string
	total := 0
	for _, rs := range results {
		for _, s := range rs {
			total++
			if s.err != "" {
				errs = append(errs, s.err)
				continue
			}
			byKind[s.kind] = append(byKind[s.kind], s.d)
			byKind["all"] = append(byKind["all"], s.d)
		}
	}
	t.Logf("cache %v; %d cables, %d clients, %s: %d requests, %.0f req/s, %d errors", opts.CacheEntries > 0 || opts.CacheEntries == 0, n, clients, elapsed.Round(time.Millisecond), total, float64(total)/elapsed.Seconds(), len(errs))
	for _, kind := range []string{"all", "search", "page", "cable", "bad"} {
		ds := byKind[kind]
		if len(ds) == 0 {
			continue
		}
		slices.Sort(ds)
		pct := func(p float64) time.Duration {
			return ds[min(len(ds)-1, int(p*float64(len(ds))))].Round(time.Millisecond)
		}
		t.Logf("  %-6s %6d ok, %6.0f req/s, p50 %v, p90 %v, p99 %v, max %v", kind, len(ds), float64(len(ds))/elapsed.Seconds(), pct(0.50), pct(0.90), pct(0.99), ds[len(ds)-1].Round(time.Millisecond))
	}
	for i, e := range errs {
		if i == 10 {
			t.Errorf("... and %d more errors", len(errs)-10)
			break
		}
		t.Errorf("error: %s", e)
	}
}

func decodeBody(res *http.Response, v any) error {
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d: %s", res.StatusCode, b)
	}
	return json.Unmarshal(b, v)
}
