package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

func TestRunFlags(t *testing.T) {
	out := filepath.Join(t.TempDir(), "x.csv")
	var stderr bytes.Buffer
	err := run(context.Background(), []string{"--count", "20", "--seed", "2", "--from", filepath.Join("..", "..", "testdata", "sample"), "--out", out}, io.Discard, &stderr)
	if err != nil {
		t.Fatal(err, stderr.String())
	}
	if !strings.Contains(stderr.String(), "20 cables") {
		t.Errorf("summary %q", stderr.String())
	}
	if err := run(context.Background(), []string{"--count", "2"}, io.Discard, io.Discard); err == nil {
		t.Error("no --out: no error")
	}
}
