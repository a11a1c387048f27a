package index

import (
	"fmt"
	"io"
	"os"
	"runtime/metrics"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// buildTraceEnv names the environment variable that, when set to a file
// path, makes a build write a timeline there: one line a second with the
// process's CPU use, memory and bleve's counters, to see which part of
// the build keeps the cores busy.
const buildTraceEnv = "CABLESEARCH_BUILD_TRACE"

// buildTracer writes the timeline of buildTraceEnv.
type buildTracer struct {
	w     io.WriteCloser
	start time.Time
	stop  chan struct{}
	done  chan struct{}
	sc    *scorch.Scorch
	phase func() string
}

// startBuildTrace starts the timeline when buildTraceEnv is set; it
// returns nil otherwise. sc is the index being built (nil for bleve's
// counters left out) and phase returns the build's current phase.
func startBuildTrace(sc *scorch.Scorch, phase func() string) *buildTracer {
	path := os.Getenv(buildTraceEnv)
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil
	}
	t := &buildTracer{w: f, start: time.Now(), stop: make(chan struct{}), done: make(chan struct{}), sc: sc, phase: phase}
	fmt.Fprintln(f, "# s phase cpu gc% rssMB heapMB batches anaS idxS introS mergeBeg mergeEnd mergeS memMerge fileSegs memSegs files pause mergeMB")
	go t.loop()
	return t
}

// close stops the timeline and closes its file.
func (t *buildTracer) close() {
	if t == nil {
		return
	}
	close(t.stop)
	<-t.done
	t.w.Close()
}

func (t *buildTracer) loop() {
	defer close(t.done)
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	samples := []metrics.Sample{{Name: "/cpu/classes/gc/total:cpu-seconds"}, {Name: "/memory/classes/heap/objects:bytes"}}
	var lastCPU, lastGC float64
	last := time.Now()
	for {
		select {
		case <-t.stop:
			return
		case <-tick.C:
		}
		cpu := cpuSeconds()
		metrics.Read(samples)
		gc := samples[0].Value.Float64()
		heap := samples[1].Value.Uint64()
		now := time.Now()
		dt := now.Sub(last).Seconds()
		gcShare := 0.0
		if cpu > lastCPU {
			gcShare = 100 * (gc - lastGC) / (cpu - lastCPU)
		}
		line := fmt.Sprintf("%.0f %s %.2f %.0f %d %d", now.Sub(t.start).Seconds(), t.phase(), (cpu-lastCPU)/dt, gcShare, rssMB(), heap>>20)
		if s := t.sc; s != nil {
			m := s.StatsMap()
			u := func(k string) uint64 { v, _ := m[k].(uint64); return v }
			line += fmt.Sprintf(" %d %.0f %.0f %.0f %d %d %.0f %d %d %d %d %d %d", u("TotBatches"), float64(u("TotAnalysisTime"))/1e9,
				float64(u("TotIndexTime"))/1e9, float64(u("TotBatchIntroTime"))/1e9,
				u("TotFileMergeZapBeg"), u("TotFileMergeZapEnd"), float64(u("TotFileMergeZapTime"))/1e9, u("TotMemMergeZapEnd"),
				u("num_root_filesegments"), u("num_root_memorysegments"), u("num_files_on_disk"), u("TotPersisterSlowMergerPause"), u("TotFileMergeWrittenBytes")>>20)
		}
		fmt.Fprintln(t.w, line)
		lastCPU, lastGC, last = cpu, gc, now
	}
}

// rssMB is the resident set of the process in MB, from /proc (0 where
// there is none).
func rssMB() int {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	var size, rss int
	fmt.Sscan(string(b), &size, &rss)
	return rss * os.Getpagesize() >> 20
}
