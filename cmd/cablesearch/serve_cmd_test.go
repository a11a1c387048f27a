package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/index"
)

// syncBuffer is a bytes.Buffer safe for the server goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestServe starts `cablesearch serve` on a free loopback port over a
// small index, asks it for its health and a search, and stops it the way
// SIGINT does (cancelling the context): run returns nil.
func TestServe(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	cable := &cablesearch.Cable{ID: "09MOSCOW521", RawID: "09MOSCOW521", Subject: "GAS TALKS",
		Created:    time.Date(2009, 2, 18, 12, 0, 0, 0, time.UTC),
		Paragraphs: []cablesearch.Paragraph{{N: 1, Marking: "C", Text: "The Ambassador met the Minister of Energy."}}}
	if _, err := index.BuildCables(context.Background(), dir, index.BuildOptions{}, index.Cables(cable)); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() { done <- run(ctx, []string{"serve", "--index", dir, "--addr", "127.0.0.1:0"}, &stdout, &stderr) }()

	addrRE := regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+/)`)
	var base string
	for deadline := time.Now().Add(10 * time.Second); base == ""; {
		if m := addrRE.FindStringSubmatch(stderr.String()); m != nil {
			base = m[1]
			break
		}
		select {
		case err := <-done:
			t.Fatalf("serve ended early: %v; stderr:\n%s", err, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no listening address logged; stderr:\n%s", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}

	getJSON := func(path string, v any) int {
		t.Helper()
		res, err := http.Get(base + strings.TrimPrefix(path, "/"))
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("GET %s: %v: %s", path, err, b)
		}
		return res.StatusCode
	}
	var health struct {
		Status string `json:"status"`
		Cables int    `json:"cables"`
	}
	if code := getJSON("/healthz", &health); code != 200 || health.Status != "ok" || health.Cables != 1 {
		t.Errorf("healthz: %d %+v", code, health)
	}
	var res struct {
		Total int `json:"total"`
		Hits  []struct {
			ID string `json:"id"`
		} `json:"hits"`
	}
	if code := getJSON("/api/search?q=minister", &res); code != 200 || res.Total != 1 || res.Hits[0].ID != "09MOSCOW521" {
		t.Errorf("search: %d %+v", code, res)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve after cancel: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after its context was cancelled")
	}
	if !strings.Contains(stderr.String(), "shutting down") {
		t.Errorf("stderr: %s", stderr.String())
	}
}

// TestServeUsage checks the command line errors of serve.
func TestServeUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"serve", "--index", t.TempDir(), "extra"}, 2, `serve: unexpected argument "extra"`},
		{[]string{"serve", "--bogus"}, 2, "unknown flag: --bogus"},
		{[]string{"serve", "--index", ""}, 2, "serve: empty --index"},
		{[]string{"serve", "--timeout", "0s", "--index", t.TempDir()}, 2, "must be positive"},
		{[]string{"serve", "--index", filepath.Join(t.TempDir(), "missing")}, 1, "no index at"},
	}
	for _, tt := range tests {
		_, stderr, code := runCLI(t, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("run(%q) = exit %d, stderr %q; want exit %d, stderr containing %q", tt.args, code, stderr, tt.code, tt.want)
		}
	}
}
