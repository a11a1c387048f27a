package main

import (
	"fmt"
	"math"
	"sort"
	"strings"
)

// classStats is the spread of one engine's per-query medians in a class.
type classStats struct {
	N                 int
	P50, P95, Max     float64
	ColdP50, ColdMax  float64
	worstID           string
	worstRatio, ratio float64
}

// percentile returns the p-th percentile (0..1) of sorted xs, nearest rank.
func percentile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	k := int(math.Ceil(p*float64(len(xs)))) - 1
	return xs[max(0, min(k, len(xs)-1))]
}

func statsOf(rs []QueryResult) classStats {
	var warm, cold []float64
	for _, r := range rs {
		warm = append(warm, r.WarmMs)
		cold = append(cold, r.ColdMs)
	}
	sort.Float64s(warm)
	sort.Float64s(cold)
	return classStats{N: len(rs), P50: percentile(warm, 0.5), P95: percentile(warm, 0.95), Max: percentile(warm, 1),
		ColdP50: percentile(cold, 0.5), ColdMax: percentile(cold, 1)}
}

// byEngine groups results: engine -> query ID -> result.
func byEngine(res *Results) map[string]map[string]QueryResult {
	m := map[string]map[string]QueryResult{}
	for _, r := range res.Queries {
		if m[r.Engine] == nil {
			m[r.Engine] = map[string]QueryResult{}
		}
		m[r.Engine][r.ID] = r
	}
	return m
}

func engines(res *Results) []string {
	var out []string
	for _, e := range []string{EngineOurs, EngineLucene, EngineSQLite} {
		for _, r := range res.Queries {
			if r.Engine == e {
				out = append(out, e)
				break
			}
		}
	}
	return out
}

func f1(x float64) string {
	switch {
	case math.IsNaN(x) || math.IsInf(x, 0):
		return "–"
	case x >= 100:
		return fmt.Sprintf("%.0f", x)
	case x >= 10:
		return fmt.Sprintf("%.1f", x)
	}
	return fmt.Sprintf("%.2f", x)
}

func ratio(a, b float64) string {
	if b <= 0 || math.IsNaN(a) || math.IsNaN(b) {
		return "–"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

// Goal is one line of issue 6's goals.
type Goal struct {
	What  string
	Ours  string
	Peer  string
	Ratio float64
	Limit float64
}

// Goals evaluates issue 6's goals against Lucene.
func Goals(res *Results) []Goal {
	var ours, luc *BuildResult
	for i := range res.Builds {
		switch res.Builds[i].Engine {
		case EngineOurs:
			ours = &res.Builds[i]
		case EngineLucene:
			luc = &res.Builds[i]
		}
	}
	var g []Goal
	if ours != nil && luc != nil {
		g = append(g,
			Goal{"build wall time ≤ Lucene's", f1(ours.WallSec) + " s", f1(luc.WallSec) + " s", ours.WallSec / luc.WallSec, 1},
			Goal{"build CPU seconds (for reference)", f1(ours.CPUSec()) + " s", f1(luc.CPUSec()) + " s", ours.CPUSec() / luc.CPUSec(), 1},
			Goal{"index size ≤ Lucene's", mb(ours.IndexBytes), mb(luc.IndexBytes), float64(ours.IndexBytes) / float64(luc.IndexBytes), 1},
		)
	}
	if ours != nil {
		g = append(g, Goal{"peak build RSS < 2 GB", mb(ours.MaxRSS), "", float64(ours.MaxRSS) / 2e9, 1})
	}
	m := byEngine(res)
	if m[EngineOurs] != nil && m[EngineLucene] != nil {
		var o, l []float64
		for id, r := range m[EngineOurs] {
			if lr, ok := m[EngineLucene][id]; ok {
				o = append(o, r.WarmMs)
				l = append(l, lr.WarmMs)
			}
		}
		sort.Float64s(o)
		sort.Float64s(l)
		g = append(g, Goal{"typical (median) warm query ≤ 1.5× Lucene's", f1(percentile(o, 0.5)) + " ms", f1(percentile(l, 0.5)) + " ms", percentile(o, 0.5) / percentile(l, 0.5), 1.5})
		worst, worstClass := 0.0, ""
		for _, c := range Classes {
			so, sl := statsOf(filterClass(m[EngineOurs], c)), statsOf(filterClass(m[EngineLucene], c))
			if so.N == 0 || sl.N == 0 {
				continue
			}
			if r := so.P50 / sl.P50; r > worst {
				worst, worstClass = r, c
			}
		}
		g = append(g, Goal{"no query class worse than 3× (class p50, worst: " + worstClass + ")", "", "", worst, 3})
	}
	return g
}

func filterClass(m map[string]QueryResult, class string) []QueryResult {
	var out []QueryResult
	for _, r := range m {
		if r.Class == class {
			out = append(out, r)
		}
	}
	return out
}

func mb(n int64) string { return fmt.Sprintf("%.0f MB", float64(n)/1e6) }

// Markdown writes the report.
func Markdown(res *Results) string {
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	p("## cablebench %s\n\n", res.Date.Format("2006-01-02 15:04 UTC"))
	p("Corpus: `%s`: %d cables, %.1f MB of body text (paragraphs), %.1f MB on disk. ", res.Corpus.Path, res.Corpus.Cables, float64(res.Corpus.BodyBytes)/1e6, float64(res.Corpus.SourceBytes)/1e6)
	p("Host: %s CPUs (%s); %s; Lucene %s (%s); SQLite %s (Python %s). Peer analysis: `%s`. Warm = median of %d runs.",
		res.Host["cpus"], res.Host["cpu"], res.Host["go"], res.Host["lucene"], res.Host["java"], res.Host["sqlite"], res.Host["python"], res.Analysis, res.Reps)
	if rev := res.Host["vcs.revision"]; rev != "" {
		p(" Built from %s (uncommitted changes: %s).", rev, res.Host["vcs.modified"])
	}
	p("\n\n")
	if len(res.Load) > 0 {
		var sum, mx float64
		for _, s := range res.Load {
			sum += s.Load1
			mx = max(mx, s.Load1)
		}
		p("Load (/proc/loadavg, sampled every 10 s, %d samples): start `%s`, end `%s`, mean 1-min load %.2f, max %.2f.\n\n",
			len(res.Load), res.Load[0].Raw, res.Load[len(res.Load)-1].Raw, sum/float64(len(res.Load)), mx)
	}
	if len(res.Builds) > 0 {
		p("### Build\n\n| engine | wall s | CPU s (user+sys) | docs/s | MB/s body | peak RSS | index | index/body | segments | load1 mean/max | note |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n")
		for _, bd := range res.Builds {
			p("| %s | %s | %s | %.0f | %s | %s | %s | %.2f | %d | %.1f / %.1f | %s |\n", bd.Engine, f1(bd.WallSec), f1(bd.CPUSec()), bd.DocsPerSec, f1(bd.MBPerSec), mb(bd.MaxRSS), mb(bd.IndexBytes),
				float64(bd.IndexBytes)/float64(max(1, res.Corpus.BodyBytes)), bd.Segments, bd.LoadMean, bd.LoadMax, bd.Note)
		}
		p("\n")
	}
	if g := Goals(res); len(g) > 0 {
		p("### Issue 6 goals (cablesearch vs Lucene, same run)\n\n| goal | cablesearch | Lucene | ratio | met |\n|---|---:|---:|---:|---|\n")
		for _, x := range g {
			met := "yes"
			if x.Ratio > x.Limit {
				met = "**no**"
			}
			if strings.HasPrefix(x.What, "build CPU") {
				met = ""
			}
			p("| %s | %s | %s | %.2f | %s |\n", x.What, x.Ours, x.Peer, x.Ratio, met)
		}
		p("\n")
	}
	m := byEngine(res)
	engs := engines(res)
	if len(engs) > 0 {
		p("### Query latency by class (ms; warm p50 / p95 / max over the class's queries; cold p50)\n\n| class | n |")
		for _, e := range engs {
			p(" %s warm | %s cold |", e, e)
		}
		if m[EngineLucene] != nil && m[EngineOurs] != nil {
			p(" ours/Lucene warm p50 |")
		}
		p("\n|---|---:|")
		for range engs {
			p("---:|---:|")
		}
		if m[EngineLucene] != nil && m[EngineOurs] != nil {
			p("---:|")
		}
		p("\n")
		for _, c := range Classes {
			n := 0
			for _, r := range m[engs[0]] {
				if r.Class == c {
					n++
				}
			}
			if n == 0 {
				continue
			}
			p("| %s | %d |", c, n)
			for _, e := range engs {
				s := statsOf(filterClass(m[e], c))
				p(" %s / %s / %s | %s |", f1(s.P50), f1(s.P95), f1(s.Max), f1(s.ColdP50))
			}
			if m[EngineLucene] != nil && m[EngineOurs] != nil {
				p(" %s |", ratio(statsOf(filterClass(m[EngineOurs], c)).P50, statsOf(filterClass(m[EngineLucene], c)).P50))
			}
			p("\n")
		}
		p("\nIndex open: ")
		for _, e := range engs {
			p("%s %s ms; ", e, f1(res.OpenMs[e]))
		}
		p("\n\n")

		p("### Per query (warm median ms, cold ms, hit count)\n\n| query | class |")
		for _, e := range engs {
			p(" %s |", e)
		}
		p(" ours/Lucene |\n|---|---|")
		for range engs {
			p("---:|")
		}
		p("---:|\n")
		for _, r := range res.Queries {
			if r.Engine != engs[0] {
				continue
			}
			p("| %s | %s |", r.ID, r.Class)
			for _, e := range engs {
				x, ok := m[e][r.ID]
				if !ok {
					p(" – |")
					continue
				}
				p(" %s (%s) n=%d |", f1(x.WarmMs), f1(x.ColdMs), x.Count)
			}
			lr, ok := m[EngineLucene][r.ID]
			if ok && m[EngineOurs] != nil {
				p(" %s |\n", ratio(m[EngineOurs][r.ID].WarmMs, lr.WarmMs))
			} else {
				p(" – |\n")
			}
		}
		p("\n")
		p("### Correctness gate (hit counts)\n\n")
		var diffs []string
		for _, r := range res.Queries {
			if r.Engine != engs[0] {
				continue
			}
			var cs []string
			same := true
			for _, e := range engs {
				if x, ok := m[e][r.ID]; ok {
					cs = append(cs, fmt.Sprintf("%s %d", e, x.Count))
					if x.Count != r.Count {
						same = false
					}
				}
			}
			if !same {
				diffs = append(diffs, fmt.Sprintf("- `%s` (%s): %s", r.ID, r.Class, strings.Join(cs, ", ")))
			}
		}
		if len(diffs) == 0 {
			p("All counts agree.\n\n")
		} else {
			p("%d of %d queries differ:\n\n%s\n\n", len(diffs), len(m[engs[0]]), strings.Join(diffs, "\n"))
		}
	}
	if len(res.QPS) > 0 {
		p("### Concurrent throughput (closed loop over the query set)\n\n| engine | workers | queries | q/s | p50 ms | p99 ms | max ms |\n|---|---:|---:|---:|---:|---:|---:|\n")
		for _, q := range res.QPS {
			p("| %s | %d | %d | %.1f | %s | %s | %s |\n", q.Engine, q.Workers, q.N, q.QPS, f1(q.P50Ms), f1(q.P99Ms), f1(q.MaxMs))
		}
		p("\n")
	}
	for _, n := range res.Notes {
		p("- %s\n", n)
	}
	return b.String()
}
