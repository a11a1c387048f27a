package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/pflag"

	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/query"
)

// Engine names.
const (
	EngineOurs   = "cablesearch"
	EngineLucene = "lucene"
	EngineSQLite = "sqlite-fts5"
)

// BuildResult is one engine's index build.
type BuildResult struct {
	Engine string `json:"engine"`
	Proc
	Docs       int64   `json:"docs"`
	IndexBytes int64   `json:"index_bytes"`
	DocsPerSec float64 `json:"docs_per_s"`
	MBPerSec   float64 `json:"mb_per_s"`
	Segments   int     `json:"segments,omitempty"`
	Note       string  `json:"note,omitempty"`
	LoadMean   float64 `json:"load1_mean"`
	LoadMax    float64 `json:"load1_max"`
}

// QueryResult is one engine's figures for one query.
type QueryResult struct {
	Engine string  `json:"engine"`
	ID     string  `json:"id"`
	Class  string  `json:"class"`
	Count  int64   `json:"count"`
	ColdMs float64 `json:"cold_ms"`
	WarmMs float64 `json:"median_ms"`
	MinMs  float64 `json:"min_ms"`
	MaxMs  float64 `json:"max_ms"`
}

// QPSResult is one closed-loop concurrency run.
type QPSResult struct {
	Engine  string  `json:"engine"`
	Workers int     `json:"workers"`
	N       int     `json:"n"`
	QPS     float64 `json:"qps"`
	P50Ms   float64 `json:"p50_ms"`
	P99Ms   float64 `json:"p99_ms"`
	MaxMs   float64 `json:"max_ms"`
}

// runBuildChild implements `cablebench build`: index.Build with the
// defaults of `cablesearch index` (or the BuildOptions given as flags:
// batch size, batch bytes, writers, workers, GC percent, memory limit in
// bytes, segment cap and merge floor in documents, force-merge limit in
// bytes, merge fan-in), in this process, with optional CPU and heap profiles;
// it prints "BUILD {stats}".
func runBuildChild(ctx context.Context, args []string, stdout io.Writer) error {
	fs := pflag.NewFlagSet("cablebench build", pflag.ContinueOnError)
	var dir, cpuProf, memProf string
	var opts index.BuildOptions
	fs.StringVar(&dir, "index", "", "index folder to build")
	fs.StringVar(&cpuProf, "cpuprofile", "", "write a CPU profile of the build")
	fs.StringVar(&memProf, "memprofile", "", "write an allocation profile of the build")
	fs.IntVar(&opts.BatchSize, "batch-size", 0, "BuildOptions.BatchSize (0: default)")
	fs.IntVar(&opts.BatchBytes, "batch-bytes", 0, "BuildOptions.BatchBytes")
	fs.IntVar(&opts.Writers, "writers", 0, "BuildOptions.Writers")
	fs.IntVar(&opts.Workers, "workers", 0, "BuildOptions.Workers")
	fs.IntVar(&opts.GCPercent, "gc-percent", 0, "BuildOptions.GCPercent")
	fs.Int64Var(&opts.MemoryLimit, "memory-limit", 0, "BuildOptions.MemoryLimit, bytes")
	fs.IntVar(&opts.MaxSegmentDocs, "max-segment-docs", 0, "BuildOptions.MaxSegmentDocs")
	fs.IntVar(&opts.MergeFloorDocs, "merge-floor-docs", 0, "BuildOptions.MergeFloorDocs (0: default 250; negative: bleve's 2,000)")
	fs.Int64Var(&opts.MaxMergeBytes, "max-merge-bytes", 0, "BuildOptions.MaxMergeBytes")
	fs.IntVar(&opts.MergeFanIn, "merge-fan-in", 0, "BuildOptions.MergeFanIn (0: default 100; negative: bleve's 10)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	paths := fs.Args()
	if dir == "" || len(paths) == 0 {
		return fmt.Errorf("usage: cablebench build --index DIR [flags] PATH...\n%s", fs.FlagUsages())
	}
	if cpuProf != "" {
		f, err := os.Create(cpuProf)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	st, err := index.Build(ctx, dir, opts, paths...)
	if err != nil {
		return err
	}
	if memProf != "" {
		f, err := os.Create(memProf)
		if err != nil {
			return err
		}
		defer f.Close()
		// alloc_space in the heap profile is where the bytes went.
		if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
			return err
		}
	}
	b, _ := json.Marshal(map[string]any{"cables": st.Cables, "docs": st.Docs, "bytes": st.Bytes, "index_bytes": st.IndexBytes, "elapsed_s": st.Elapsed.Seconds(), "skipped": st.SkippedTotal()})
	fmt.Fprintf(stdout, "BUILD %s\n", b)
	return nil
}

// queryOurs runs the query set on the cablesearch index at dir: cold
// (each query the first after a fresh Open, page cache warm) then warm
// (one pass of warm-up, then the median of reps runs).
func queryOurs(ctx context.Context, dir string, qs []BenchQuery, reps int, cpuProf string) ([]QueryResult, float64, error) {
	out := make([]QueryResult, len(qs))
	var openMs float64
	for i, q := range qs {
		t0 := time.Now()
		ix, err := index.Open(dir)
		if err != nil {
			return nil, 0, err
		}
		if i == 0 {
			openMs = ms(time.Since(t0))
		}
		t := time.Now()
		res, err := query.Search(ctx, ix, q.OursRequest())
		cold := ms(time.Since(t))
		ix.Close()
		if err != nil {
			return nil, 0, fmt.Errorf("%s: %w", q.ID, err)
		}
		out[i] = QueryResult{Engine: EngineOurs, ID: q.ID, Class: q.Class, Count: int64(res.Total), ColdMs: cold}
	}
	ix, err := index.Open(dir)
	if err != nil {
		return nil, 0, err
	}
	defer ix.Close()
	for _, q := range qs {
		if _, err := query.Search(ctx, ix, q.OursRequest()); err != nil {
			return nil, 0, err
		}
	}
	if cpuProf != "" {
		f, err := os.Create(cpuProf)
		if err != nil {
			return nil, 0, err
		}
		defer f.Close()
		pprof.StartCPUProfile(f)
		defer pprof.StopCPUProfile()
	}
	for i, q := range qs {
		req := q.OursRequest()
		ts := make([]float64, reps)
		for k := range ts {
			t := time.Now()
			if _, err := query.Search(ctx, ix, req); err != nil {
				return nil, 0, err
			}
			ts[k] = ms(time.Since(t))
		}
		sort.Float64s(ts)
		out[i].WarmMs, out[i].MinMs, out[i].MaxMs = ts[len(ts)/2], ts[0], ts[len(ts)-1]
	}
	return out, openMs, nil
}

// qpsOurs runs a closed loop of workers over the query set for d.
func qpsOurs(ctx context.Context, dir string, qs []BenchQuery, workers int, d time.Duration) (QPSResult, error) {
	ix, err := index.Open(dir)
	if err != nil {
		return QPSResult{}, err
	}
	defer ix.Close()
	reqs := make([]query.Request, len(qs))
	for i, q := range qs {
		reqs[i] = q.OursRequest()
	}
	deadline := time.Now().Add(d)
	lat := make([][]float64, workers)
	var wg sync.WaitGroup
	var firstErr error
	var mu sync.Mutex
	start := time.Now()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; time.Now().Before(deadline); i++ {
				t := time.Now()
				if _, err := query.Search(ctx, ix, reqs[i%len(reqs)]); err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
					return
				}
				lat[w] = append(lat[w], ms(time.Since(t)))
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return QPSResult{}, firstErr
	}
	return qpsSummary(EngineOurs, workers, lat, time.Since(start)), nil
}

func qpsSummary(engine string, workers int, lat [][]float64, elapsed time.Duration) QPSResult {
	var all []float64
	for _, l := range lat {
		all = append(all, l...)
	}
	sort.Float64s(all)
	r := QPSResult{Engine: engine, Workers: workers, N: len(all)}
	if len(all) > 0 {
		r.QPS = float64(len(all)) / elapsed.Seconds()
		r.P50Ms, r.P99Ms, r.MaxMs = all[len(all)/2], all[len(all)*99/100], all[len(all)-1]
	}
	return r
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

// parseResults reads the "RESULT {json}" lines of a peer runner.
func parseResults(engine, out string, classOf map[string]string) ([]QueryResult, error) {
	var rs []QueryResult
	for _, line := range strings.Split(out, "\n") {
		js, ok := strings.CutPrefix(line, "RESULT ")
		if !ok {
			continue
		}
		var r QueryResult
		if err := json.Unmarshal([]byte(js), &r); err != nil {
			return nil, fmt.Errorf("%s: %q: %w", engine, line, err)
		}
		r.Engine, r.Class = engine, classOf[r.ID]
		rs = append(rs, r)
	}
	if len(rs) == 0 {
		return nil, fmt.Errorf("%s: no results in output", engine)
	}
	return rs, nil
}

var kvRe = regexp.MustCompile(`([a-z/]+)=([0-9.]+)`)

// kv reads the key=number pairs of the first output line starting with
// prefix.
func kv(out, prefix string) map[string]float64 {
	m := map[string]float64{}
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, prefix) {
			continue
		}
		for _, sm := range kvRe.FindAllStringSubmatch(line, -1) {
			m[sm[1]], _ = strconv.ParseFloat(sm[2], 64)
		}
		break
	}
	return m
}

// lucene is the Lucene peer: LBench.java compiled into dir.
type lucene struct {
	classes  string
	analysis string
	heap     string
}

func (l *lucene) java(args ...string) []string {
	return append([]string{"-Xmx" + l.heap, "-Danalysis=" + l.analysis, "-cp", l.classes + ":/usr/share/java/*", "LBench"}, args...)
}

// setupLucene writes and compiles LBench.java under work.
func setupLucene(ctx context.Context, log io.Writer, work, analysis, heap string) (*lucene, error) {
	src := filepath.Join(work, "peers", "LBench.java")
	classes := filepath.Join(work, "lucene-classes")
	if err := os.MkdirAll(classes, 0o755); err != nil {
		return nil, err
	}
	if _, err := runChild(ctx, log, "javac", "-nowarn", "-cp", "/usr/share/java/*", "-d", classes, src); err != nil {
		return nil, err
	}
	return &lucene{classes: classes, analysis: analysis, heap: heap}, nil
}

// writePeers writes the embedded peer runners to work/peers.
func writePeers(work string) error {
	dir := filepath.Join(work, "peers")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, name := range []string{"LBench.java", "sqlite_fts5.py"} {
		b, err := peerFiles.ReadFile("peers/" + name)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
