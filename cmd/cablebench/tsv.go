package main

import (
	"bufio"
	"context"
	"errors"
	"io"
	"runtime"
	"strings"
	"sync"

	"github.com/cablesearch/cablesearch"
)

// CorpusInfo describes a corpus as converted for the peers.
type CorpusInfo struct {
	Path string `json:"path"`
	// Cables is the number of parsed cables written, Skipped the records
	// that did not parse.
	Cables  int `json:"cables"`
	Skipped int `json:"skipped"`
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
// parallel, written in input order) and writes them to out in the peers'
// TSV format. A cable whose canonical ID was already written is left out,
// as the index builder merges it.
func ConvertTSV(ctx context.Context, out io.Writer, paths ...string) (CorpusInfo, error) {
	var info CorpusInfo
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
	bw := bufio.NewWriterSize(out, 1<<20)
	seen := map[string]bool{}
	var ids []string
	for j := range order {
		j.wg.Wait()
		if j.err != nil || j.c == nil || j.c.ID == "" || seen[j.c.ID] {
			info.Skipped++
			continue
		}
		seen[j.c.ID] = true
		info.BodyBytes += int64(tsvRow(bw, j.c))
		info.Cables++
		ids = append(ids, j.c.ID)
	}
	if readErr != nil {
		return info, readErr
	}
	if err := ctx.Err(); err != nil {
		return info, err
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
