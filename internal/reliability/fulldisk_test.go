package reliability

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/internal/testcorpus"
)

// TestFullDisk builds on a real, small tmpfs (root only; skipped where
// mounting is not allowed): a build that fills the disk must end with an
// error in bounded time (bleve's persister and merger retry forever on
// ENOSPC), and the previous index must still open with its documents.
func TestFullDisk(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	if os.Geteuid() != 0 {
		t.Skip("needs root to mount a tmpfs")
	}
	mnt := t.TempDir()
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", mnt).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a tmpfs: %v: %s", err, out)
	}
	t.Cleanup(func() { exec.Command("umount", "-l", mnt).Run() })
	sample := filepath.Join(testcorpus.TestdataDir(), "sample")
	dir := filepath.Join(mnt, "idx")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if _, err := index.Build(ctx, dir, index.BuildOptions{}, filepath.Join(sample, "html-full")); err != nil {
		t.Fatalf("first build: %v", err)
	}
	start := time.Now()
	_, err := index.Build(ctx, dir, index.BuildOptions{}, sample)
	if err == nil {
		t.Fatal("build of 5.6 MB of cables into 12 MB of disk succeeded; the disk is larger than the test assumes")
	}
	if ctx.Err() != nil {
		t.Fatalf("build on a full disk did not end within 2 minutes: %v", err)
	}
	t.Logf("build on a full disk failed after %v: %v", time.Since(start).Round(time.Millisecond), err)
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatalf("previous index after the failed build: %v", err)
	}
	defer ix.Close()
	if n, err := ix.DocCount(); err != nil || n != 13 {
		t.Errorf("previous index holds %d documents (%v), want 13", n, err)
	}
}
