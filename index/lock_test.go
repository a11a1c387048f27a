package index_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/index"
)

// TestBuildLock runs a build that waits midway and starts a second build
// and an update of the same folder meanwhile: both fail at once with
// ErrLocked and a message naming the running build's PID and the lock
// file; once the first build ends the lock file is gone and the next
// build runs.
func TestBuildLock(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	gate := make(chan struct{})
	slow := func(yield func(*cablesearch.Cable, error) bool) {
		for n := range 20 {
			if n == 10 {
				<-gate
			}
			if !yield(synthCable(n), nil) {
				return
			}
		}
	}
	first := make(chan error, 1)
	go func() {
		_, err := index.BuildCables(context.Background(), dir, index.BuildOptions{BatchSize: 5}, slow)
		first <- err
	}()
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := os.Stat(index.LockPath(dir)); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the first build did not take its lock")
		}
		time.Sleep(5 * time.Millisecond)
	}
	want := fmt.Sprintf("index: another build of %s is running (pid %d); wait for it, or remove %s if that process is gone", dir, os.Getpid(), index.LockPath(dir))
	for _, update := range []bool{false, true} {
		_, err := index.BuildCables(context.Background(), dir, index.BuildOptions{Update: update}, cables(synthCable(99)))
		if !errors.Is(err, index.ErrLocked) || !strings.Contains(err.Error(), want) {
			t.Errorf("second build (update %v) = %v, want ErrLocked: %q", update, err, want)
		}
	}
	close(gate)
	if err := <-first; err != nil {
		t.Fatalf("first build: %v", err)
	}
	if _, err := os.Stat(index.LockPath(dir)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("lock file after the build: %v, want it removed", err)
	}
	if _, err := index.BuildCables(context.Background(), dir, index.BuildOptions{Update: true}, cables(synthCable(99))); err != nil {
		t.Errorf("build after the first ended: %v", err)
	}
	if got := docCount(t, dir); got != 21 {
		t.Errorf("DocCount = %d, want 21", got)
	}
}

// TestBuildLockStale: a lock file left by a killed build (its PID
// written, no process holding it) does not block the next build where
// the lock is a flock.
func TestBuildLockStale(t *testing.T) {
	switch runtime.GOOS {
	case "darwin", "dragonfly", "freebsd", "linux", "netbsd", "openbsd":
	default:
		t.Skip("no flock: a stale lock file must be removed by hand")
	}
	dir := filepath.Join(t.TempDir(), "idx")
	if err := os.WriteFile(index.LockPath(dir), []byte("999999999\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := index.BuildCables(context.Background(), dir, index.BuildOptions{}, cables(synthCable(1))); err != nil {
		t.Fatalf("build over a stale lock file: %v", err)
	}
	if _, err := os.Stat(index.LockPath(dir)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale lock file after the build: %v, want it removed", err)
	}
}
