// Command cablebench benchmarks cablesearch against Lucene and SQLite FTS5
// on one corpus, in one run, so that every figure can be quoted as a ratio.
//
// Usage:
//
//	cablebench --corpus FILE [--work DIR] [--out PREFIX] [--engines LIST]
//	           [--reps N] [--qps-secs S] [--qps-workers LIST] [--analysis cable|std]
//	           [--build-cpuprofile F] [--build-memprofile F] [--query-cpuprofile F]
//	           [--skip-build] [--build LIST [--builds-from PREFIX.json]]
//	cablebench build --index DIR [--cpuprofile F] [--memprofile F] PATH...
//	cablebench mapping --corpus FILE [--n N] [--variants LIST] [--work DIR]
//	cablebench queries --index DIR [--reps N]
//
// The mapping subcommand builds the first N cables once per mapping
// variant (see variants in experiment.go) and prints the build time and
// index size of each, and the queries subcommand runs a few word queries
// on a built index in the ways listed in queryexp.go (with and without the
// doc-ID tie-break, locations for all hits or for the top 10 only, fewer
// text fields), for the before-and-after figures of BENCHMARKS.md.
//
// --build rebuilds only the listed engines and runs the queries of all of
// --engines on the indexes in --work; --builds-from then takes the other
// engines' build figures from an earlier run's JSON (noted in the table),
// so that a change to cablesearch is measured against peers whose
// indexes did not change, their queries still timed in the same run.
//
// For the corpus (a cables.csv file such as cmd/cablesynth writes, or any
// path the project's readers accept) it:
//
//  1. parses the cables with the project's readers and writes them in the
//     peers' TSV format (id, date, origin, classification, tags, subject,
//     body with paragraphs joined by U+001E) under --work;
//  2. builds each engine's index in a child process, reading the child's
//     rusage: wall time, user+system CPU seconds, peak RSS; then the index
//     size (du -sb). cablesearch is built by `cablebench build`, which is
//     index.Build with the defaults of `cablesearch index`; Lucene 8 by
//     peers/LBench.java (compiled with javac against /usr/share/java);
//     SQLite FTS5 by peers/sqlite_fts5.py;
//  3. runs the query set (see DefaultQueries: words, AND, OR, phrases of
//     rare and of common words, field filters, date ranges, four facets,
//     paragraph hits, ID lookups in citation forms) on each engine: cold
//     (first run after opening the index; the page cache stays warm) and
//     warm (one warm-up pass, 20 for the JVM, then the median of --reps);
//     every engine returns the top 10 by BM25 and an exact count;
//  4. runs a closed loop of 1, 2 and 4 workers over the query set for
//     --qps-secs each (cablesearch and Lucene);
//  5. compares hit counts across engines (the correctness gate) and
//     writes a Markdown report to standard output, and PREFIX.md and
//     PREFIX.json with --out.
//
// /proc/loadavg is sampled every 10 s and recorded with the results; on a
// shared machine, compare CPU seconds as well as wall times.
package main

import (
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/pflag"
)

//go:embed peers/LBench.java peers/sqlite_fts5.py
var peerFiles embed.FS

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil && !errors.Is(err, pflag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "cablebench:", err)
		os.Exit(1)
	}
}

// Results is the whole report, as written to PREFIX.json.
type Results struct {
	Date     time.Time          `json:"date"`
	Host     map[string]string  `json:"host"`
	Corpus   CorpusInfo         `json:"corpus"`
	Analysis string             `json:"peer_analysis"`
	Reps     int                `json:"reps"`
	Builds   []BuildResult      `json:"builds"`
	OpenMs   map[string]float64 `json:"open_ms"`
	Queries  []QueryResult      `json:"queries"`
	QPS      []QPSResult        `json:"qps"`
	Load     []LoadSample       `json:"loadavg"`
	Notes    []string           `json:"notes,omitempty"`
}

type options struct {
	corpus, work, out, analysis, heap string
	engines                           []string
	reps                              int
	qpsSecs                           float64
	qpsWorkers                        []int
	buildCPU, buildMem, queryCPU      string
	skipBuild                         bool
	build                             []string
	buildsFrom                        string
}

// run is the whole program.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "build" {
		return runBuildChild(ctx, args[1:], stdout)
	}
	if len(args) > 0 && args[0] == "mapping" {
		return runExperiment(ctx, args[1:], stdout, stderr)
	}
	if len(args) > 0 && args[0] == "queries" {
		return runQueryExperiment(ctx, args[1:], stdout)
	}
	fs := pflag.NewFlagSet("cablebench", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.corpus, "corpus", "", "corpus file or folder (cables.csv from cmd/cablesynth)")
	fs.StringVar(&o.work, "work", filepath.Join(os.TempDir(), "cablebench"), "work folder: TSV, indexes, logs")
	fs.StringVar(&o.out, "out", "", "write PREFIX.md and PREFIX.json")
	fs.StringSliceVar(&o.engines, "engines", []string{EngineOurs, EngineLucene, EngineSQLite}, "engines to run")
	fs.IntVar(&o.reps, "reps", 7, "warm runs per query (median reported)")
	fs.Float64Var(&o.qpsSecs, "qps-secs", 10, "seconds per concurrency run (0: none)")
	fs.IntSliceVar(&o.qpsWorkers, "qps-workers", []int{1, 2, 4}, "worker counts of the concurrency runs")
	fs.StringVar(&o.analysis, "analysis", "cable", "peer analysis: cable (stemmed, subject+body, like cablesearch) or std (StandardAnalyzer/unicode61, body only)")
	fs.StringVar(&o.heap, "lucene-heap", "4g", "JVM heap of the Lucene runs")
	fs.StringVar(&o.buildCPU, "build-cpuprofile", "", "CPU profile of the cablesearch build")
	fs.StringVar(&o.buildMem, "build-memprofile", "", "allocation profile of the cablesearch build")
	fs.StringVar(&o.queryCPU, "query-cpuprofile", "", "CPU profile of the cablesearch warm queries")
	fs.BoolVar(&o.skipBuild, "skip-build", false, "reuse the indexes and TSV already in --work")
	fs.StringSliceVar(&o.build, "build", nil, "engines to build (default: all of --engines); the others reuse their index in --work")
	fs.StringVar(&o.buildsFrom, "builds-from", "", "a PREFIX.json of an earlier run on the same --work: build figures of the engines not rebuilt")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if !fs.Changed("build") {
		o.build = o.engines
	}
	if o.corpus == "" {
		return errors.New("--corpus is required")
	}
	if err := os.MkdirAll(o.work, 0o755); err != nil {
		return err
	}
	logf, err := os.OpenFile(filepath.Join(o.work, "cablebench.log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer logf.Close()
	log := io.MultiWriter(logf, stderr)
	res, err := bench(ctx, o, log)
	if err != nil {
		return err
	}
	md := Markdown(res)
	io.WriteString(stdout, md)
	if o.out != "" {
		if err := os.MkdirAll(filepath.Dir(o.out), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(o.out+".md", []byte(md), 0o644); err != nil {
			return err
		}
		b, _ := json.MarshalIndent(res, "", " ")
		if err := os.WriteFile(o.out+".json", b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func has(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// warmFile reads a file to /dev/null so that builds start with it in the
// page cache.
func warmFile(path string) {
	if f, err := os.Open(path); err == nil {
		io.Copy(io.Discard, f)
		f.Close()
	}
}

func bench(ctx context.Context, o options, log io.Writer) (*Results, error) {
	ll := startLoadLogger(10 * time.Second)
	res := &Results{Date: time.Now().UTC(), Analysis: o.analysis, Reps: o.reps, OpenMs: map[string]float64{}}
	res.Host = hostInfo(ctx)
	fmt.Fprintf(log, "cablebench: %s, loadavg %s\n", o.corpus, readLoad().Raw)

	if err := writePeers(o.work); err != nil {
		return nil, err
	}
	tsv := filepath.Join(o.work, "corpus.tsv")
	infoPath := filepath.Join(o.work, "corpus.json")
	if b, err := os.ReadFile(infoPath); o.skipBuild && err == nil {
		json.Unmarshal(b, &res.Corpus)
	} else {
		t := time.Now()
		f, err := os.Create(tsv)
		if err != nil {
			return nil, err
		}
		info, err := ConvertTSV(ctx, f, o.corpus)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, err
		}
		info.Path = o.corpus
		if st, err := os.Stat(o.corpus); err == nil && !st.IsDir() {
			info.SourceBytes = st.Size()
		}
		res.Corpus = info
		b, _ := json.MarshalIndent(info, "", " ")
		os.WriteFile(infoPath, b, 0o644)
		fmt.Fprintf(log, "converted %d cables (%.1f MB of body text) to %s in %s\n", info.Cables, float64(info.BodyBytes)/1e6, tsv, time.Since(t).Round(time.Millisecond))
	}
	qs := DefaultQueries(res.Corpus.SampleIDs)
	classOf := map[string]string{}
	var qlines []string
	for _, q := range qs {
		classOf[q.ID] = q.Class
		qlines = append(qlines, q.PeerJSON())
	}
	qfile := filepath.Join(o.work, "queries.jsonl")
	if err := os.WriteFile(qfile, []byte(strings.Join(qlines, "\n")+"\n"), 0o644); err != nil {
		return nil, err
	}

	oursDir := filepath.Join(o.work, "ours.index")
	lucDir := filepath.Join(o.work, "lucene.index")
	sqlDB := filepath.Join(o.work, "fts5.db")
	var luc *lucene
	if has(o.engines, EngineLucene) {
		var err error
		if luc, err = setupLucene(ctx, log, o.work, o.analysis, o.heap); err != nil {
			return nil, err
		}
	}
	body := float64(res.Corpus.BodyBytes)
	finish := func(b *BuildResult, start time.Time) {
		if b.WallSec > 0 {
			b.DocsPerSec = float64(b.Docs) / b.WallSec
			b.MBPerSec = body / 1e6 / b.WallSec
		}
		b.LoadMean, b.LoadMax = ll.since(start)
		fmt.Fprintf(log, "%s: built %d docs in %.1f s (%.1f CPU s), %.1f MB, peak RSS %.0f MB, load1 %.1f\n", b.Engine, b.Docs, b.WallSec, b.CPUSec(), float64(b.IndexBytes)/1e6, float64(b.MaxRSS)/1e6, b.LoadMean)
		res.Builds = append(res.Builds, *b)
	}
	if !o.skipBuild {
		if has(o.build, EngineOurs) {
			warmFile(o.corpus)
			os.RemoveAll(oursDir)
			self, err := os.Executable()
			if err != nil {
				return nil, err
			}
			args := []string{"build", "--index", oursDir}
			if o.buildCPU != "" {
				args = append(args, "--cpuprofile", o.buildCPU)
			}
			if o.buildMem != "" {
				args = append(args, "--memprofile", o.buildMem)
			}
			start := time.Now()
			p, err := runChild(ctx, log, self, append(args, o.corpus)...)
			if err != nil {
				return nil, err
			}
			b := BuildResult{Engine: EngineOurs, Proc: p, IndexBytes: dirSize(oursDir)}
			var st struct {
				Docs int64 `json:"docs"`
			}
			if js, ok := strings.CutPrefix(strings.TrimSpace(p.Stdout), "BUILD "); ok {
				json.Unmarshal([]byte(js), &st)
			}
			b.Docs = st.Docs
			b.Segments = countSegments(oursDir)
			if o.buildCPU != "" {
				b.Note = "with CPU profiling"
			}
			finish(&b, start)
		}
		if luc != nil && has(o.build, EngineLucene) {
			warmFile(tsv)
			os.RemoveAll(lucDir)
			start := time.Now()
			p, err := runChild(ctx, log, "java", luc.java("build", lucDir, tsv, strconv.Itoa(1<<31-1), "2")...)
			if err != nil {
				return nil, err
			}
			m := kv(p.Stdout, "BUILD")
			b := BuildResult{Engine: EngineLucene, Proc: p, Docs: int64(m["docs"]), IndexBytes: dirSize(lucDir), Segments: int(m["segments"]),
				Note: "2 indexing threads, 256 MB RAM buffer, JVM -Xmx" + o.heap + ", no force-merge"}
			finish(&b, start)
		}
		if has(o.build, EngineSQLite) {
			warmFile(tsv)
			start := time.Now()
			p, err := runChild(ctx, log, "python3", filepath.Join(o.work, "peers", "sqlite_fts5.py"), "build", sqlDB, tsv, "--analysis="+o.analysis)
			if err != nil {
				return nil, err
			}
			m := kv(p.Stdout, "BUILD")
			b := BuildResult{Engine: EngineSQLite, Proc: p, Docs: int64(m["docs"]), IndexBytes: dirSize(sqlDB), Note: "one thread (Python sqlite3), content-less FTS5, no optimize"}
			finish(&b, start)
		}
	}

	if err := reuseBuilds(res, o, log); err != nil {
		return nil, err
	}

	// Queries.
	if has(o.engines, EngineOurs) {
		rs, openMs, err := queryOurs(ctx, oursDir, qs, o.reps, o.queryCPU)
		if err != nil {
			return nil, err
		}
		res.OpenMs[EngineOurs] = openMs
		res.Queries = append(res.Queries, rs...)
		fmt.Fprintf(log, "cablesearch: %d queries done\n", len(rs))
	}
	if luc != nil {
		p, err := runChild(ctx, log, "java", luc.java("query", lucDir, qfile, strconv.Itoa(o.reps))...)
		if err != nil {
			return nil, err
		}
		rs, err := parseResults(EngineLucene, p.Stdout, classOf)
		if err != nil {
			return nil, err
		}
		res.OpenMs[EngineLucene] = kv(p.Stdout, "OPEN")["ms"]
		res.Queries = append(res.Queries, rs...)
	}
	if has(o.engines, EngineSQLite) {
		p, err := runChild(ctx, log, "python3", filepath.Join(o.work, "peers", "sqlite_fts5.py"), "query", sqlDB, qfile, strconv.Itoa(o.reps), "--analysis="+o.analysis)
		if err != nil {
			return nil, err
		}
		rs, err := parseResults(EngineSQLite, p.Stdout, classOf)
		if err != nil {
			return nil, err
		}
		res.OpenMs[EngineSQLite] = kv(p.Stdout, "OPEN")["ms"]
		res.Queries = append(res.Queries, rs...)
	}

	// Concurrency.
	if o.qpsSecs > 0 {
		d := time.Duration(o.qpsSecs * float64(time.Second))
		for _, w := range o.qpsWorkers {
			if has(o.engines, EngineOurs) {
				r, err := qpsOurs(ctx, oursDir, qs, w, d)
				if err != nil {
					return nil, err
				}
				res.QPS = append(res.QPS, r)
				fmt.Fprintf(log, "cablesearch: %d workers: %.1f q/s\n", w, r.QPS)
			}
			if luc != nil {
				p, err := runChild(ctx, log, "java", luc.java("qps", lucDir, qfile, strconv.Itoa(w), strconv.Itoa(int(o.qpsSecs+0.5)))...)
				if err != nil {
					return nil, err
				}
				for _, line := range strings.Split(p.Stdout, "\n") {
					if js, ok := strings.CutPrefix(line, "QPS "); ok {
						var r QPSResult
						if err := json.Unmarshal([]byte(js), &r); err == nil {
							r.Engine = EngineLucene
							res.QPS = append(res.QPS, r)
						}
					}
				}
			}
		}
	}
	res.Load = ll.Stop()
	return res, nil
}

// countSegments counts the zap segment files of a scorch index.
func countSegments(dir string) int {
	m, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	return len(m)
}

// hostInfo records the machine and the versions of the engines.
func hostInfo(ctx context.Context) map[string]string {
	h := map[string]string{"go": runtime.Version(), "cpus": strconv.Itoa(runtime.NumCPU()), "goos": runtime.GOOS + "/" + runtime.GOARCH}
	// The commit the binary was built from, and whether the working tree
	// had uncommitted changes then (the shared checkout often has).
	if bi, ok := debug.ReadBuildInfo(); ok {
		for _, kv := range bi.Settings {
			switch kv.Key {
			case "vcs.revision", "vcs.modified", "vcs.time":
				h[kv.Key] = kv.Value
			}
		}
	}
	if out, err := exec.CommandContext(ctx, "java", "-version").CombinedOutput(); err == nil {
		h["java"] = strings.SplitN(strings.TrimSpace(string(out)), "\n", 2)[0]
	}
	if m, _ := filepath.Glob("/usr/share/java/lucene-core-*.jar"); len(m) > 0 {
		h["lucene"] = strings.TrimSuffix(strings.TrimPrefix(filepath.Base(m[0]), "lucene-core-"), ".jar")
	}
	if out, err := exec.CommandContext(ctx, "python3", "-c", "import sqlite3,sys;print(sqlite3.sqlite_version, sys.version.split()[0])").Output(); err == nil {
		f := strings.Fields(string(out))
		if len(f) == 2 {
			h["sqlite"], h["python"] = f[0], f[1]
		}
	}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				h["cpu"] = strings.TrimSpace(v)
				break
			}
		}
	}
	return h
}

// reuseBuilds copies, from o.buildsFrom, the build figures of the engines
// that run their queries in this run without being rebuilt, noting when
// they were measured.
func reuseBuilds(res *Results, o options, log io.Writer) error {
	if o.buildsFrom == "" || o.skipBuild {
		return nil
	}
	b, err := os.ReadFile(o.buildsFrom)
	if err != nil {
		return fmt.Errorf("--builds-from: %w", err)
	}
	var old Results
	if err := json.Unmarshal(b, &old); err != nil {
		return fmt.Errorf("--builds-from %s: %w", o.buildsFrom, err)
	}
	for _, e := range o.engines {
		if has(o.build, e) {
			continue
		}
		for _, ob := range old.Builds {
			if ob.Engine != e {
				continue
			}
			note := "built in the run of " + old.Date.Format("2006-01-02 15:04 MST")
			if ob.Note != "" {
				note = ob.Note + "; " + note
			}
			ob.Note = note
			res.Builds = append(res.Builds, ob)
			fmt.Fprintf(log, "%s: build figures from %s (%s)\n", e, o.buildsFrom, note)
		}
	}
	return nil
}
