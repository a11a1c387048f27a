package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"time"

	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/server"
)

// DefaultAddr is where `cablesearch serve` listens without --addr: the
// loopback interface only, so that exposing an index is a choice.
const DefaultAddr = "127.0.0.1:8080"

// shutdownGrace is how long serve waits for requests in flight after
// SIGINT or SIGTERM before closing their connections.
const shutdownGrace = 10 * time.Second

// runServe implements `cablesearch serve [--index DIR] [--addr HOST:PORT]`:
// it opens the index read-only and serves the JSON API and the web page
// until ctx is cancelled (SIGINT, SIGTERM), then shuts down gracefully.
// The listening address goes to stderr ("serve: listening on
// http://127.0.0.1:8080/"), as do failed requests.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", "[--index DIR] [--addr HOST:PORT]", stderr)
	var opts server.Options
	dir := fs.String("index", index.DefaultDir(), "index folder (default: $CABLESEARCH_INDEX, else ./"+index.DefaultDirName+")")
	addr := fs.String("addr", DefaultAddr, "address to listen on (HOST:PORT; port 0 picks a free one)")
	fs.DurationVar(&opts.Timeout, "timeout", 10*time.Second, "time limit of one search, cable or page")
	fs.DurationVar(&opts.QueueTimeout, "queue-timeout", 30*time.Second, "longest wait for a search slot before answering 503")
	fs.DurationVar(&opts.ExportTimeout, "export-timeout", 60*time.Second, "time limit of one export")
	fs.IntVar(&opts.MaxPageSize, "max-page-size", 100, "largest limit= of /api/search (larger ones are clamped)")
	fs.IntVar(&opts.MaxExport, "max-export", 10000, "most cables in one export")
	fs.IntVar(&opts.MaxConcurrent, "max-concurrent", 0, "searches run at once, the others wait (default 4 x CPUs)")
	fs.BoolVar(&opts.AccessLog, "access-log", false, "log one line per request to stderr")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return &usageError{fmt.Sprintf("serve: unexpected argument %q", fs.Arg(0))}
	}
	if *dir == "" {
		return &usageError{"serve: empty --index"}
	}
	if opts.Timeout <= 0 || opts.ExportTimeout <= 0 || opts.QueueTimeout <= 0 {
		return &usageError{"serve: --timeout, --queue-timeout and --export-timeout must be positive"}
	}
	ix, err := index.Open(*dir)
	if err != nil {
		return err
	}
	defer ix.Close()
	logger := log.New(stderr, "", log.LstdFlags)
	opts.Log = logger

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	srv := &http.Server{
		Handler:           server.New(ix, opts),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		// The longest answer is an export; leave it room to finish.
		WriteTimeout:   max(opts.QueueTimeout+opts.Timeout, opts.ExportTimeout) + 10*time.Second,
		IdleTimeout:    2 * time.Minute,
		MaxHeaderBytes: 64 << 10,
		ErrorLog:       logger,
	}
	n, _ := ix.DocCount()
	fmt.Fprintf(stderr, "serve: %d cables from %s; listening on http://%s/\n", n, ix.Dir(), ln.Addr())

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	fmt.Fprintln(stderr, "serve: shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		return fmt.Errorf("serve: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}
