package server

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

// TestLimited checks the two budgets of a search: the wait for a slot
// (QueueTimeout, then errBusy) and the search itself (Timeout).
func TestLimited(t *testing.T) {
	opts := Options{MaxConcurrent: 1, QueueTimeout: 20 * time.Millisecond, Timeout: 50 * time.Millisecond}
	opts.setDefaults()
	s := &server{opts: opts, sem: make(chan struct{}, opts.MaxConcurrent)}

	s.sem <- struct{}{} // the only slot is taken
	err := s.limited(context.Background(), func(context.Context) error { t.Error("ran without a slot"); return nil })
	if !errors.Is(err, errBusy) {
		t.Errorf("full server: %v, want errBusy", err)
	}
	if code, _ := errorStatus(err, opts.Timeout); code != http.StatusServiceUnavailable {
		t.Errorf("errBusy answers %d, want 503", code)
	}
	<-s.sem

	// A search that outlives Timeout is cut, even if it returns no error.
	err = s.limited(context.Background(), func(ctx context.Context) error { <-ctx.Done(); return nil })
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("slow search: %v, want DeadlineExceeded", err)
	}
	if code, msg := errorStatus(err, opts.Timeout); code != http.StatusServiceUnavailable || msg == "" {
		t.Errorf("timeout answers %d %q, want 503", code, msg)
	}

	// A gone client is not a busy server.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.limited(ctx, func(context.Context) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled request: %v", err)
	}
	if len(s.sem) != 0 {
		t.Errorf("%d slots still taken", len(s.sem))
	}
}
