package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/index"
)

// CorpusInfo describes a corpus as converted for the peers.
type CorpusInfo struct {
	Path string `json:"path"`
	// Cables is the number of parsed cables written, Skipped the records
	// that did not parse, Duplicates the copies merged into a cable of the
	// same canonical ID (as the index builder merges them).
	Cables     int `json:"cables"`
	Skipped    int `json:"skipped"`
	Duplicates int `json:"duplicates"`
	// BodyBytes is the size of the paragraph texts (the body column of
	// the TSV), the denominator of every MB/s figure.
	BodyBytes int64 `json:"body_bytes"`
	// SourceBytes is the size of the corpus files.
	SourceBytes int64 `json:"source_bytes"`
	// SampleIDs are a few canonical IDs of the corpus, for ID lookups.
	SampleIDs []string `json:"sample_ids"`
}

// tsvClean replaces the TSV separators inside a field by spaces.
var tsvClean = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ", "\x1e", " ")

// tsvRow writes one cable as the peers' seven TSV columns: id, date
// (YYYY-MM-DD), origin, classification, tags (space-separated), subject
// and body (paragraphs joined by U+001E).
func tsvRow(w *bufio.Writer, c *cablesearch.Cable) int {
	w.WriteString(tsvClean.Replace(c.ID))
	w.WriteByte('\t')
	if c.Created.IsZero() {
		w.WriteString("1900-01-01")
	} else {
		w.WriteString(c.Created.UTC().Format("2006-01-02"))
	}
	w.WriteByte('\t')
	w.WriteString(tsvClean.Replace(c.Origin))
	w.WriteByte('\t')
	w.WriteString(tsvClean.Replace(c.Classification))
	w.WriteByte('\t')
	w.WriteString(tsvClean.Replace(strings.Join(c.Tags, " ")))
	w.WriteByte('\t')
	w.WriteString(tsvClean.Replace(c.Subject))
	w.WriteByte('\t')
	n := 0
	for i, p := range c.Paragraphs {
		if i > 0 {
			w.WriteByte('\x1e')
		}
		w.WriteString(tsvClean.Replace(p.Text))
		n += len(p.Text)
	}
	w.WriteByte('\n')
	return n
}

// ConvertTSV parses the cables of paths with the project's readers (in
// parallel) and writes them to out in the peers' TSV format, in input
// order.
//
// A canonical ID met more than once is written once, as the index builder
// keeps it (index.MergeCopies): the copy with the most text (subject and
// paragraphs; the earlier source on a tie), its empty fields filled from
// the other copies, written where its last copy is met. Writing the first copy
// instead gave the peers other text than ours for those cables (47 of
// the 92 repeated IDs of the full-scale synthetic corpus, up to 20 cables
// of a word's hit count). This reads the corpus twice: once to count the
// copies of each ID, once to write.
func ConvertTSV(ctx context.Context, out io.Writer, paths ...string) (CorpusInfo, error) {
	var info CorpusInfo
	copies := map[string]int{}
	if _, err := eachCable(ctx, paths, func(c *cablesearch.Cable) { copies[c.ID]++ }); err != nil {
		return info, err
	}
	bw := bufio.NewWriterSize(out, 1<<20)
	type pending struct {
		c    *cablesearch.Cable
		left int
	}
	dups := map[string]*pending{}
	var ids []string
	write := func(c *cablesearch.Cable) {
		info.BodyBytes += int64(tsvRow(bw, c))
		info.Cables++
		ids = append(ids, c.ID)
	}
	skipped, err := eachCable(ctx, paths, func(c *cablesearch.Cable) {
		n := copies[c.ID]
		if n <= 1 {
			write(c)
			return
		}
		d := dups[c.ID]
		if d == nil {
			dups[c.ID] = &pending{c: c, left: n - 1}
			return
		}
		d.c = index.MergeCopies(c, d.c)
		info.Duplicates++
		if d.left--; d.left == 0 {
			write(d.c)
			delete(dups, c.ID)
		}
	})
	info.Skipped = skipped
	if err != nil {
		return info, err
	}
	// Copies the second pass did not meet again (the corpus changed).
	rest := make([]string, 0, len(dups))
	for id := range dups {
		rest = append(rest, id)
	}
	sort.Strings(rest)
	for _, id := range rest {
		write(dups[id].c)
	}
	// Two IDs, a third and two thirds of the way in, with a station a
	// citation can spell.
	for _, at := range []int{len(ids) / 3, 2 * len(ids) / 3} {
		for k := at; k < len(ids); k++ {
			if _, st, _, ok := cablesearch.SplitID(ids[k]); ok && cablesearch.ValidStation(st) {
				info.SampleIDs = append(info.SampleIDs, ids[k])
				break
			}
		}
	}
	return info, bw.Flush()
}

// eachCable parses the cables of paths in parallel and calls fn with each
// cable that has an ID, in input order. It returns the number of records
// that did not parse.
func eachCable(ctx context.Context, paths []string, fn func(*cablesearch.Cable)) (skipped int, err error) {
	r := cablesearch.NewReader(cablesearch.ReaderOptions{}, paths...)
	defer r.Close()
	type job struct {
		rec *cablesearch.Record
		c   *cablesearch.Cable
		err error
		wg  sync.WaitGroup
	}
	workers := runtime.NumCPU()
	jobs := make(chan *job, 256)
	order := make(chan *job, 256)
	for range workers {
		go func() {
			for j := range jobs {
				j.c, j.err = cablesearch.ParseRecord(j.rec)
				j.rec = nil
				j.wg.Done()
			}
		}()
	}
	var readErr error
	go func() {
		defer close(order)
		defer close(jobs)
		for ctx.Err() == nil {
			rec, err := r.Next()
			if err == io.EOF {
				return
			}
			j := &job{rec: rec, err: err}
			j.wg.Add(1)
			if err != nil {
				var pe *cablesearch.ParseError
				if !errors.As(err, &pe) {
					readErr = err
					j.wg.Done()
					order <- j
					return
				}
				j.wg.Done()
			} else {
				jobs <- j
			}
			order <- j
		}
	}()
	for j := range order {
		j.wg.Wait()
		if j.err != nil || j.c == nil || j.c.ID == "" {
			skipped++
			continue
		}
		fn(j.c)
	}
	if readErr != nil {
		return skipped, readErr
	}
	return skipped, ctx.Err()
}
