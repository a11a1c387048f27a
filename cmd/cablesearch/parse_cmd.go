package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/cablesearch/cablesearch"
)

// runParse implements `cablesearch parse [--json] PATH...`: it reads every
// cable under PATH and prints it, one JSON object per line with --json.
// Bad input is reported on stderr, one line each, and counted in the
// summary; it does not change the exit status unless --strict is given,
// which stops at the first bad cable with status 1.
func runParse(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("parse", "[--json] PATH...", stderr)
	asJSON := fs.Bool("json", false, "print one JSON object per cable (the parse --json contract)")
	format := fs.String("format", "", "force the input format (html, csv, textpage, text, jsonl, flat); default: detect")
	strict := fs.Bool("strict", false, "stop at the first bad cable")
	quiet := fs.BoolP("quiet", "q", false, "print only the summary and errors")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return &usageError{"parse: no PATH given"}
	}
	r := cablesearch.NewReader(cablesearch.ReaderOptions{Format: *format}, fs.Args()...)
	defer r.Close()

	w := bufio.NewWriterSize(stdout, 64<<10)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	var n, bad int
	perFormat := map[string]int{}
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		c, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *cablesearch.ParseError
			if !errors.As(err, &pe) {
				return err
			}
			bad++
			w.Flush()
			fmt.Fprintln(stderr, err)
			if *strict {
				return errReported
			}
			continue
		}
		n++
		perFormat[c.Source.Format]++
		switch {
		case *quiet:
		case *asJSON:
			if err := enc.Encode(c); err != nil {
				return fmt.Errorf("write: %w", err)
			}
		default:
			printCable(w, c)
		}
	}
	w.Flush()
	fmt.Fprintf(stderr, "parse: %d cables%s, %d errors\n", n, formatCounts(perFormat), bad)
	return nil
}

func formatCounts(m map[string]int) string {
	if len(m) == 0 {
		return ""
	}
	var parts []string
	for _, f := range []string{"html", "csv", "textpage", "text", "jsonl", "flat"} {
		if m[f] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", f, m[f]))
		}
	}
	return " (" + strings.Join(parts, ", ") + ")"
}

// printCable writes a short readable view of a parsed cable.
func printCable(w io.Writer, c *cablesearch.Cable) {
	fmt.Fprintf(w, "%s  %s  %s  %s\n", c.ID, c.Created.Format("2006-01-02 15:04"), c.Classification, c.Origin)
	if c.Subject != "" {
		fmt.Fprintf(w, "  subject: %s\n", c.Subject)
	}
	if len(c.Tags) > 0 {
		fmt.Fprintf(w, "  tags: %s\n", strings.Join(c.Tags, " "))
	}
	if len(c.References) > 0 {
		fmt.Fprintf(w, "  refs: %s\n", strings.Join(c.References, " "))
	}
	fmt.Fprintf(w, "  paragraphs: %d  source: %s (%s)\n", len(c.Paragraphs), c.Source, c.Source.Format)
}
