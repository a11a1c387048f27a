//go:build unix

package query_test

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/query"
)

// latencyQuery is one entry of testdata/latency/queries.json: a query in
// the cablesearch language (Q) and the same query for SQLite FTS5 (FTS and
// the structured filters), in one class.
type latencyQuery struct {
	ID             string `json:"id"`
	Class          string `json:"class"`
	Q              string `json:"q"`
	FTS            string `json:"fts"`
	Origin         string `json:"origin,omitempty"`
	Classification string `json:"classification,omitempty"` // the whole marking
	Level          string `json:"level,omitempty"`          // the level, with or without caveats
	YearFrom       int    `json:"year_from,omitempty"`
	YearTo         int    `json:"year_to,omitempty"`
	Facets         bool   `json:"facets,omitempty"`
	Paragraphs     bool   `json:"paragraphs,omitempty"`
}

// latencyRow is the measure of one query by one engine.
type latencyRow struct {
	ID    string    `json:"id"`
	Class string    `json:"class"`
	Count int       `json:"count"`
	Runs  []float64 `json:"runs_ms"`
	CPU   float64   `json:"cpu_ms"`
}

// latencyClasses are the query classes of issue 4, in table order.
var latencyClasses = []string{"word", "and", "or", "phrase_rare", "phrase_common", "filter", "facets", "paragraphs"}

// TestLatencyVsSQLite measures the latency of each query class on an
// index of the whole corpus, and of SQLite FTS5 over the same text in the
// same run. It is skipped unless CABLESEARCH_BENCH_INDEX names a built
// index:
//
//	go run ./cmd/cablesearch index --index /tmp/corpus.index /work/shared/corpus/{html,html-full,csv,flat,text,textpage}
//	CABLESEARCH_BENCH_INDEX=/tmp/corpus.index go test ./query -run LatencyVsSQLite -v -timeout 30m
//
// It writes the cables of the index (the text cablesearch searches) as
// the TSV of /work/shared/bench/README.md into CABLESEARCH_BENCH_OUT (a
// temporary folder by default), builds the SQLite database with
// testdata/latency/sqlite_fts5.py (python3), runs each query once to warm
// and CABLESEARCH_BENCH_REPS times (default 7) on both engines, and
// prints p50 and p95 per class over all timed runs of the class's
// queries, with the mean CPU time per query and each query's counts.
//
// cablesearch answers as the command line does: the top 10 by BM25 with
// up to 3 matching paragraphs and their snippets per hit, the exact count,
// the four facets origin, classification, tags and year for the facets
// class, and paragraph mode for the paragraphs class. SQLite answers the
// top 10 by bm25 with a snippet, the exact count, and GROUP BY for the
// facets; its paragraph class searches a table of paragraphs (so an AND
// there needs both words in one paragraph, where cablesearch ranks the
// paragraphs of the cables having both words).
func TestLatencyVsSQLite(t *testing.T) {
	dir := os.Getenv("CABLESEARCH_BENCH_INDEX")
	if dir == "" {
		t.Skip("set CABLESEARCH_BENCH_INDEX to an index of the corpus to run the latency benchmark")
	}
	reps := 7
	if s := os.Getenv("CABLESEARCH_BENCH_REPS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("CABLESEARCH_BENCH_REPS=%q", s)
		}
		reps = n
	}
	out := os.Getenv("CABLESEARCH_BENCH_OUT")
	if out == "" {
		out = t.TempDir()
	}
	var qs []latencyQuery
	data, err := os.ReadFile(filepath.Join("testdata", "latency", "queries.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &qs); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	ctx := context.Background()

	// The same text for SQLite: every cable of the index.
	tsv := filepath.Join(out, "corpus.tsv")
	n, err := writeTSV(ctx, ix, tsv)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %d cables to %s", n, tsv)
	script, _ := filepath.Abs(filepath.Join("testdata", "latency", "sqlite_fts5.py"))
	qpath, _ := filepath.Abs(filepath.Join("testdata", "latency", "queries.json"))
	db := filepath.Join(out, "fts5.db")
	if _, err := os.Stat(db); err != nil || os.Getenv("CABLESEARCH_BENCH_REBUILD") != "" {
		cmd := exec.Command("python3", script, "build", db, tsv)
		cmd.Stderr = os.Stderr
		b, err := cmd.Output()
		if err != nil {
			t.Fatalf("sqlite build: %v", err)
		}
		t.Logf("%s", strings.TrimSpace(string(b)))
	}

	// cablesearch first, then SQLite, one engine at a time.
	t.Logf("load before: %s", loadavg())
	var ours []latencyRow
	for _, q := range qs {
		req := query.Request{Query: q.Q, Size: 10}
		if q.Facets {
			req.Facets = []string{query.FacetOrigin, query.FacetClassification, query.FacetTags, query.FacetYear}
		}
		req.ParagraphMode = q.Paragraphs
		run := func() (int, error) {
			res, err := query.Search(ctx, ix, req)
			if err != nil {
				return 0, err
			}
			if q.Paragraphs {
				return res.ParagraphTotal, nil
			}
			return int(res.Total), nil
		}
		count, err := run() // warm
		if err != nil {
			t.Fatalf("%s: %v", q.ID, err)
		}
		row := latencyRow{ID: q.ID, Class: q.Class, Count: count}
		cpu0 := cpuTime()
		for range reps {
			start := time.Now()
			if _, err := run(); err != nil {
				t.Fatal(err)
			}
			row.Runs = append(row.Runs, float64(time.Since(start).Microseconds())/1e3)
		}
		row.CPU = float64((cpuTime() - cpu0).Microseconds()) / 1e3 / float64(reps)
		ours = append(ours, row)
	}
	t.Logf("load between: %s", loadavg())
	sqlOut := filepath.Join(out, "sqlite_results.json")
	cmd := exec.Command("python3", script, "query", db, qpath, sqlOut, strconv.Itoa(reps))
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("sqlite queries: %v\n%s", err, b)
	}
	t.Logf("load after: %s", loadavg())
	var theirs []latencyRow
	data, err = os.ReadFile(sqlOut)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &theirs); err != nil {
		t.Fatal(err)
	}

	var b strings.Builder
	fmt.Fprintf(&b, "\n%d cables, %d queries, %d timed runs each (after one warm-up); wall ms over all runs of a class; CPU ms mean per query\n\n", n, len(qs), reps)
	fmt.Fprintf(&b, "| class | queries | cablesearch p50 | p95 | CPU | SQLite FTS5 p50 | p95 | CPU | p50 ratio |\n|---|---|---|---|---|---|---|---|---|\n")
	for _, class := range latencyClasses {
		o, ocpu, nq := classRuns(ours, class)
		s, scpu, _ := classRuns(theirs, class)
		if nq == 0 {
			continue
		}
		fmt.Fprintf(&b, "| %s | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f |\n", class, nq,
			pct(o, 50), pct(o, 95), ocpu, pct(s, 50), pct(s, 95), scpu, pct(o, 50)/pct(s, 50))
	}
	all, allCPU, _ := classRuns(ours, "")
	sAll, sCPU, _ := classRuns(theirs, "")
	fmt.Fprintf(&b, "| all | %d | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %.2f |\n", len(qs), pct(all, 50), pct(all, 95), allCPU, pct(sAll, 50), pct(sAll, 95), sCPU, pct(all, 50)/pct(sAll, 50))
	fmt.Fprintf(&b, "\n| query | cablesearch count | median ms | SQLite count | median ms |\n|---|---|---|---|---|\n")
	for i, r := range ours {
		var s latencyRow
		if i < len(theirs) {
			s = theirs[i]
		}
		fmt.Fprintf(&b, "| %s | %d | %.1f | %d | %.1f |\n", r.ID, r.Count, pct(r.Runs, 50), s.Count, pct(s.Runs, 50))
	}
	t.Log(b.String())
	if err := os.WriteFile(filepath.Join(out, "latency.md"), []byte(b.String()), 0o644); err != nil {
		t.Log(err)
	}
}

// classRuns gathers the run times of a class ("" for all), the mean CPU
// time per query and the number of queries.
func classRuns(rows []latencyRow, class string) (runs []float64, cpu float64, n int) {
	for _, r := range rows {
		if class == "" || r.Class == class {
			runs = append(runs, r.Runs...)
			cpu += r.CPU
			n++
		}
	}
	if n > 0 {
		cpu /= float64(n)
	}
	return runs, cpu, n
}

// pct is the p-th percentile (nearest rank) of xs.
func pct(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	k := int(p/100*float64(len(s))+0.5) - 1
	return s[min(max(k, 0), len(s)-1)]
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	return strings.TrimSpace(string(b))
}

// writeTSV writes every cable of ix in the TSV of the shared bench
// runners (id, date, origin, classification, tags, subject, paragraphs
// joined by U+001E) with an eighth column of paragraph numbers.
func writeTSV(ctx context.Context, ix *index.Index, path string) (int, error) {
	f, err := os.Create(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<20)
	clean := strings.NewReplacer("\t", " ", "\n", " ", "\r", " ", "\x1e", " ")
	n := 0
	const page = 1000
	for from := 0; ; from += page {
		sr := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), page, from, false)
		sr.SortByCustom(search.SortOrder{&search.SortDocID{}})
		res, err := ix.SearchInContext(ctx, sr)
		if err != nil {
			return n, err
		}
		for _, h := range res.Hits {
			c, err := ix.Cable(h.ID)
			if err != nil || c == nil {
				return n, fmt.Errorf("cable %s: %v", h.ID, err)
			}
			texts := make([]string, len(c.Paragraphs))
			nums := make([]string, len(c.Paragraphs))
			for i, p := range c.Paragraphs {
				texts[i], nums[i] = clean.Replace(p.Text), strconv.Itoa(p.N)
			}
			date := ""
			if !c.Created.IsZero() {
				date = c.Created.Format("2006-01-02")
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", c.ID, date, clean.Replace(c.Origin), clean.Replace(c.Classification),
				strings.Join(c.Tags, " "), clean.Replace(c.Subject), strings.Join(texts, "\x1e"), strings.Join(nums, " "))
			n++
		}
		if len(res.Hits) < page {
			break
		}
	}
	if err := w.Flush(); err != nil {
		return n, err
	}
	return n, f.Close()
}
