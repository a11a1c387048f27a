package index

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress reports a build as it goes: a progress bar (bytes read, with
// rate and ETA when the corpus size is known; cables and errors in the
// description) on a terminal, otherwise a plain line every interval.
type progress struct {
	w        io.Writer
	bar      *progressbar.ProgressBar
	start    time.Time
	records  atomic.Int64
	bytes    atomic.Int64
	errors   atomic.Int64
	cables   atomic.Int64
	mu       sync.Mutex // serialises writes to w
	done     chan struct{}
	stopOnce sync.Once
	wg       sync.WaitGroup
}

// newProgress starts reporting to w (nil: no reporting). total is the
// corpus size in bytes, or -1 when unknown.
func newProgress(w io.Writer, interval time.Duration, total int64) *progress {
	p := &progress{w: w, start: time.Now(), done: make(chan struct{})}
	if w == nil {
		return p
	}
	tick := interval
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		p.bar = progressbar.NewOptions64(total,
			progressbar.OptionSetWriter(w),
			progressbar.OptionShowBytes(true),
			progressbar.OptionSetWidth(30),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionShowElapsedTimeOnFinish(),
			progressbar.OptionClearOnFinish(),
			progressbar.OptionSetDescription("indexing"),
		)
		tick = 250 * time.Millisecond
	}
	p.wg.Go(func() {
		t := time.NewTicker(tick)
		defer t.Stop()
		for {
			select {
			case <-p.done:
				return
			case <-t.C:
				p.report()
			}
		}
	})
	return p
}

func (p *progress) read(n int64) { p.records.Add(1); p.bytes.Add(n) }
func (p *progress) failed()      { p.errors.Add(1) }
func (p *progress) indexed(n int) {
	p.cables.Add(int64(n))
}

func (p *progress) report() {
	p.mu.Lock()
	defer p.mu.Unlock()
	secs := time.Since(p.start).Seconds()
	cables := p.cables.Load()
	if p.bar != nil {
		p.bar.Describe(fmt.Sprintf("%d cables, %.0f/s, %d errors", cables, float64(cables)/secs, p.errors.Load()))
		_ = p.bar.Set64(p.bytes.Load())
		return
	}
	fmt.Fprintf(p.w, "index: %d records, %d cables indexed, %.1f MB, %.0f cables/s, %d errors, %s\n",
		p.records.Load(), cables, float64(p.bytes.Load())/1e6, float64(cables)/secs, p.errors.Load(),
		time.Since(p.start).Round(time.Second))
}

// log writes one line to w without tearing the progress bar.
func (p *progress) log(w io.Writer, line string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.bar != nil {
		_ = p.bar.Clear()
	}
	fmt.Fprintln(w, line)
}

// stop ends the reporting (idempotent).
func (p *progress) stop() {
	p.stopOnce.Do(func() {
		close(p.done)
		p.wg.Wait()
		if p.bar != nil {
			p.mu.Lock()
			_ = p.bar.Finish()
			p.mu.Unlock()
		}
	})
}
