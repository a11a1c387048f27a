package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/internal/testcorpus"
)

func TestIndexCommand(t *testing.T) {
	sample := filepath.Join(testcorpus.TestdataDir(), "sample")
	if _, err := os.Stat(sample); err != nil {
		t.Skip("testdata/sample absent")
	}
	dir := filepath.Join(t.TempDir(), "idx")
	var stdout, stderr bytes.Buffer
	err := runIndex(context.Background(), []string{"--index", dir, "--workers", "2", sample}, &stdout, &stderr)
	if err != nil {
		t.Fatalf("runIndex: %v\n%s", err, stderr.String())
	}
	if !strings.Contains(stdout.String(), "indexed ") || !strings.Contains(stdout.String(), "index size:") {
		t.Errorf("summary missing:\n%s", stdout.String())
	}
	// The sample holds nine empty text files: reported, counted, not fatal
	// unless --strict.
	if !strings.Contains(stderr.String(), "empty input") || !strings.Contains(stdout.String(), "skipped: 9") {
		t.Errorf("skipped records not reported:\nstdout:\n%s\nstderr:\n%s", stdout.String(), stderr.String())
	}
	err = runIndex(context.Background(), []string{"--index", dir, "--strict", "-q", filepath.Join(sample, "text")}, &stdout, &stderr)
	if !errors.Is(err, errReported) {
		t.Errorf("--strict with skipped records: %v, want errReported", err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
}

func TestIndexCommandUsage(t *testing.T) {
	var stdout, stderr bytes.Buffer
	var ue *usageError
	if err := runIndex(context.Background(), nil, &stdout, &stderr); !errors.As(err, &ue) {
		t.Errorf("no PATH: %v, want a usage error", err)
	}
	if err := runIndex(context.Background(), []string{"--bogus", "x"}, &stdout, &stderr); !errors.As(err, &ue) {
		t.Errorf("bad flag: %v, want a usage error", err)
	}
	err := runIndex(context.Background(), []string{"--index", filepath.Join(t.TempDir(), "i"), "/no/such/corpus"}, &stdout, &stderr)
	if err == nil || errors.As(err, &ue) {
		t.Errorf("missing corpus: %v, want a plain error", err)
	}
}
