package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// Proc is the account of one child process: wall time, CPU seconds and
// peak RSS from its rusage.
type Proc struct {
	WallSec float64 `json:"wall_s"`
	UserSec float64 `json:"user_s"`
	SysSec  float64 `json:"sys_s"`
	// MaxRSS is the peak resident set of the child, in bytes.
	MaxRSS int64  `json:"max_rss"`
	Stdout string `json:"-"`
}

// CPUSec is user plus system time.
func (p Proc) CPUSec() float64 { return p.UserSec + p.SysSec }

// runChild runs a command, logging its command line, output and errors
// to log, and returns its rusage. Standard output is also kept.
func runChild(ctx context.Context, log io.Writer, name string, args ...string) (Proc, error) {
	fmt.Fprintf(log, "$ %s %s\n", name, strings.Join(args, " "))
	cmd := exec.CommandContext(ctx, name, args...)
	var out bytes.Buffer
	cmd.Stdout = io.MultiWriter(&out, log)
	cmd.Stderr = log
	start := time.Now()
	err := cmd.Run()
	p := Proc{WallSec: time.Since(start).Seconds(), Stdout: out.String()}
	if cmd.ProcessState != nil {
		if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
			p.UserSec = float64(ru.Utime.Sec) + float64(ru.Utime.Usec)/1e6
			p.SysSec = float64(ru.Stime.Sec) + float64(ru.Stime.Usec)/1e6
			p.MaxRSS = ru.Maxrss * 1024 // kilobytes on Linux
		}
	}
	if err != nil {
		return p, fmt.Errorf("%s %s: %w", name, strings.Join(args, " "), err)
	}
	return p, nil
}

// dirSize is the apparent size of the files under path (du -sb).
func dirSize(path string) int64 {
	var n int64
	filepath.WalkDir(path, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if info, err := d.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

// LoadSample is one reading of /proc/loadavg.
type LoadSample struct {
	At    time.Time `json:"at"`
	Load1 float64   `json:"load1"`
	Load5 float64   `json:"load5"`
	Raw   string    `json:"raw"`
}

// readLoad reads /proc/loadavg.
func readLoad() LoadSample {
	b, err := os.ReadFile("/proc/loadavg")
	s := LoadSample{At: time.Now().UTC(), Raw: strings.TrimSpace(string(b))}
	if err == nil {
		f := strings.Fields(s.Raw)
		if len(f) >= 2 {
			s.Load1, _ = strconv.ParseFloat(f[0], 64)
			s.Load5, _ = strconv.ParseFloat(f[1], 64)
		}
	}
	return s
}

// loadLogger samples /proc/loadavg every interval until stopped.
type loadLogger struct {
	mu      sync.Mutex
	samples []LoadSample
	stop    chan struct{}
	done    chan struct{}
}

func startLoadLogger(interval time.Duration) *loadLogger {
	l := &loadLogger{stop: make(chan struct{}), done: make(chan struct{})}
	l.add()
	go func() {
		defer close(l.done)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-l.stop:
				return
			case <-t.C:
				l.add()
			}
		}
	}()
	return l
}

func (l *loadLogger) add() {
	s := readLoad()
	l.mu.Lock()
	l.samples = append(l.samples, s)
	l.mu.Unlock()
}

// Stop ends sampling and returns the samples, the last taken now.
func (l *loadLogger) Stop() []LoadSample {
	close(l.stop)
	<-l.done
	l.add()
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]LoadSample(nil), l.samples...)
}

// since returns the mean and max 1-minute load of the samples taken
// after t.
func (l *loadLogger) since(t time.Time) (mean, maxv float64) {
	l.add()
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, s := range l.samples {
		if s.At.Before(t) {
			continue
		}
		mean += s.Load1
		maxv = max(maxv, s.Load1)
		n++
	}
	if n > 0 {
		mean /= float64(n)
	}
	return mean, maxv
}
