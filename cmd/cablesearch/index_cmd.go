package main

import (
	"context"
	"fmt"
	"io"

	"github.com/cablesearch/cablesearch/index"
)

// runIndex implements `cablesearch index [--index DIR] [--workers N]
// [--update] PATH...`: it builds a new index of the cables under PATH in
// DIR (replacing the one there only when complete), or with --update adds
// and replaces cables in the existing one. Progress and one line per bad
// record go to stderr, the summary to stdout. Skipped records are
// reported and counted but do not fail the build (a real corpus always has
// a few); with --strict the exit status is 1 when any record was skipped
// (the index is still published).
func runIndex(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("index", "[--index DIR] [--workers N] [--update] PATH...", stderr)
	var opts index.BuildOptions
	dir := fs.String("index", index.DefaultDir(), "index folder (default: $CABLESEARCH_INDEX, else ./"+index.DefaultDirName+")")
	fs.IntVar(&opts.Workers, "workers", 0, "parsing goroutines (default: number of CPUs)")
	fs.BoolVar(&opts.Update, "update", false, "add and replace cables in the existing index instead of rebuilding it")
	fs.StringVar(&opts.Format, "format", "", "force the input format (html, csv, textpage, text, jsonl, flat); default: detect")
	fs.IntVar(&opts.BatchSize, "batch-size", 0, "cables per index batch (default 250)")
	strict := fs.Bool("strict", false, "exit with status 1 when any record was skipped")
	quiet := fs.BoolP("quiet", "q", false, "no progress and no per-record error lines, only the summary")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return &usageError{"index: no PATH given"}
	}
	if *dir == "" {
		return &usageError{"index: empty --index"}
	}
	if !*quiet {
		opts.Progress = stderr
		opts.Log = stderr
	}
	st, err := index.Build(ctx, *dir, opts, fs.Args()...)
	if err != nil {
		return err
	}
	st.WriteSummary(stdout)
	if n := st.SkippedTotal(); n > 0 {
		fmt.Fprintf(stderr, "index: %d records skipped (index published)\n", n)
		if *strict {
			return errReported
		}
	}
	return nil
}
