package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/analysis"
	"github.com/cablesearch/cablesearch/index"
)

// variant is one mapping experiment: a change to index.NewMapping and to
// the documents of index.Document, measured against the unchanged ones.
type variant struct {
	name, what string
	mapping    func(im *mapping.IndexMappingImpl)
	doc        func(d map[string]interface{})
}

func fieldOf(im *mapping.IndexMappingImpl, name string) *mapping.FieldMapping {
	return im.DefaultMapping.Properties[name].Fields[0]
}

var variants = []variant{
	{name: "base", what: "index.NewMapping and index.Document as they are"},
	{name: "no-all", what: "disable the (empty) _all composite field", mapping: func(im *mapping.IndexMappingImpl) {
		im.DefaultMapping.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	}},
	{name: "no-meta", what: "leave out the stored meta JSON", doc: func(d map[string]interface{}) { delete(d, index.FieldMeta) }},
	{name: "paras-unstored", what: "paras not stored (text rebuilt elsewhere)", mapping: func(im *mapping.IndexMappingImpl) {
		fieldOf(im, index.FieldParas).Store = false
	}},
	{name: "paras-no-tv", what: "paras without term vectors (no phrases, no snippets: reference only)", mapping: func(im *mapping.IndexMappingImpl) {
		fieldOf(im, index.FieldParas).IncludeTermVectors = false
	}},
	{name: "paras-joined", what: "paragraphs as one field value joined by blank lines (no array positions)", doc: func(d map[string]interface{}) {
		if p, ok := d[index.FieldParas].([]string); ok {
			d[index.FieldParas] = strings.Join(p, "\n\n")
		}
	}},
	{name: "no-common-grams", what: "text fields analysed like cable_text without its common-grams filter", mapping: func(im *mapping.IndexMappingImpl) {
		plainAnalyzer(im, false)
	}},
	{name: "no-summary-comment", what: "summary and comment not indexed (they repeat paragraph text)", doc: func(d map[string]interface{}) {
		delete(d, index.FieldSummary)
		delete(d, index.FieldComment)
	}},
	{name: "zero-offsets", what: "text fields analysed with cable_text_index (positions kept, offsets 0)", mapping: func(im *mapping.IndexMappingImpl) {
		for _, f := range []string{index.FieldSubject, index.FieldSummary, index.FieldComment, index.FieldParas} {
			fieldOf(im, f).Analyzer = analysis.TextIndexAnalyzer
		}
	}},
	{name: "zero-offsets-no-summary", what: "zero-offsets + no-summary-comment", mapping: func(im *mapping.IndexMappingImpl) {
		for _, f := range []string{index.FieldSubject, index.FieldSummary, index.FieldComment, index.FieldParas} {
			fieldOf(im, f).Analyzer = analysis.TextIndexAnalyzer
		}
	}, doc: func(d map[string]interface{}) {
		delete(d, index.FieldSummary)
		delete(d, index.FieldComment)
	}},
	{name: "phrase-floor", what: "the least that answers exact phrases: paras joined, unstored, offsets 0, no grams; no summary, comment, meta", mapping: func(im *mapping.IndexMappingImpl) {
		plainAnalyzer(im, true)
		fieldOf(im, index.FieldParas).Store = false
	}, doc: floorDoc},
	{name: "postings-floor", what: "phrase-floor without term vectors: words and fields only, no phrases", mapping: func(im *mapping.IndexMappingImpl) {
		plainAnalyzer(im, true)
		fieldOf(im, index.FieldParas).Store = false
		for _, f := range []string{index.FieldSubject, index.FieldParas} {
			fieldOf(im, f).IncludeTermVectors = false
		}
	}, doc: floorDoc},
	{name: "lean", what: "no-all + no-meta + paras-joined", mapping: func(im *mapping.IndexMappingImpl) {
		im.DefaultMapping.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())
	}, doc: func(d map[string]interface{}) {
		delete(d, index.FieldMeta)
		if p, ok := d[index.FieldParas].([]string); ok {
			d[index.FieldParas] = strings.Join(p, "\n\n")
		}
	}},
}

// floorDoc is the document of the floor variants: the paragraphs joined
// in one value, and nothing but the keyword fields besides.
func floorDoc(d map[string]interface{}) {
	for _, f := range []string{index.FieldSummary, index.FieldComment, index.FieldMeta, index.FieldParaNums, index.FieldParaMarks} {
		delete(d, f)
	}
	if p, ok := d[index.FieldParas].([]string); ok {
		d[index.FieldParas] = strings.Join(p, "\n\n")
	}
}

// plainAnalyzer makes the text fields use the registered filters of
// cable_text, in order, without the last one (common grams), and then
// cable_no_offsets if zeroOffsets.
func plainAnalyzer(im *mapping.IndexMappingImpl, zeroOffsets bool) {
	filters := []string{analysis.DotsFilterName, analysis.RedactFilterName, analysis.FoldFilterName, en.PossessiveName,
		analysis.RefIDFilterName, analysis.NumberFilterName, analysis.StemFilterName}
	if zeroOffsets {
		filters = append(filters, analysis.NoOffsetsFilterName)
	}
	err := im.AddCustomAnalyzer("bench_text_plain", map[string]interface{}{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": filters,
	})
	if err != nil {
		panic(err)
	}
	for _, f := range []string{index.FieldSubject, index.FieldSummary, index.FieldComment, index.FieldParas} {
		fieldOf(im, f).Analyzer = "bench_text_plain"
	}
}

// runExperiment implements `cablebench mapping --corpus FILE [--n N]
// [--variants a,b]`: it builds the first N cables of the corpus once per
// mapping variant (2 writers, batches of 250, force-merge to one
// segment, as index.Build does) and prints wall time, process CPU
// seconds and index size of each.
func runExperiment(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var corpus, only, work string
	n := 5000
	for i := 0; i < len(args); i++ {
		switch args[i] {
		case "--corpus":
			i++
			corpus = args[i]
		case "--n":
			i++
			fmt.Sscan(args[i], &n)
		case "--variants":
			i++
			only = args[i]
		case "--work":
			i++
			work = args[i]
		}
	}
	if corpus == "" {
		return errors.New("usage: cablebench mapping --corpus FILE [--n N] [--variants a,b] [--work DIR]")
	}
	if work == "" {
		work = os.TempDir()
	}
	var cables []*cablesearch.Cable
	var body int64
	r := cablesearch.NewReader(cablesearch.ReaderOptions{}, corpus)
	for len(cables) < n {
		c, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			continue
		}
		cables = append(cables, c)
		body += int64(len(c.Text()))
	}
	r.Close()
	fmt.Fprintf(stdout, "| variant | wall s | CPU s | index MB | index/body | what |\n|---|---:|---:|---:|---:|---|\n")
	for _, v := range variants {
		if only != "" && !has(strings.Split(only, ","), v.name) {
			continue
		}
		dir, err := os.MkdirTemp(work, "cablebench-mapping-")
		if err != nil {
			return err
		}
		wall, cpu, size, err := buildVariant(ctx, filepath.Join(dir, "idx"), v, cables)
		os.RemoveAll(dir)
		if err != nil {
			return fmt.Errorf("%s: %w", v.name, err)
		}
		fmt.Fprintf(stdout, "| %s | %.1f | %.1f | %.1f | %.2f | %s |\n", v.name, wall, cpu, float64(size)/1e6, float64(size)/float64(body), v.what)
	}
	fmt.Fprintf(stdout, "\n%d cables, %.1f MB of body text; load %s\n", len(cables), float64(body)/1e6, readLoad().Raw)
	return nil
}

func cpuNow() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return float64(ru.Utime.Sec+ru.Stime.Sec) + float64(ru.Utime.Usec+ru.Stime.Usec)/1e6
}

func buildVariant(ctx context.Context, dir string, v variant, cables []*cablesearch.Cable) (wall, cpu float64, size int64, err error) {
	im := index.NewMapping()
	if v.mapping != nil {
		v.mapping(im)
	}
	start, cpu0 := time.Now(), cpuNow()
	idx, err := bleve.NewUsing(dir, im, scorch.Name, scorch.Name, nil)
	if err != nil {
		return 0, 0, 0, err
	}
	batches := make(chan []*cablesearch.Cable)
	var wg sync.WaitGroup
	var mu sync.Mutex
	var firstErr error
	for range 2 {
		wg.Go(func() {
			for list := range batches {
				b := idx.NewBatch()
				for _, c := range list {
					d := index.Document(c)
					if v.doc != nil {
						v.doc(d)
					}
					b.Index(c.ID, d)
				}
				if err := idx.Batch(b); err != nil {
					mu.Lock()
					firstErr = err
					mu.Unlock()
				}
			}
		})
	}
	for i := 0; i < len(cables); i += 250 {
		batches <- cables[i:min(i+250, len(cables))]
	}
	close(batches)
	wg.Wait()
	if firstErr != nil {
		idx.Close()
		return 0, 0, 0, firstErr
	}
	adv, err := idx.Advanced()
	if err == nil {
		if s, ok := adv.(*scorch.Scorch); ok {
			opt := mergeplan.SingleSegmentMergePlanOptions
			err = s.ForceMerge(ctx, &opt)
		}
	}
	if cerr := idx.Close(); err == nil {
		err = cerr
	}
	return time.Since(start).Seconds(), cpuNow() - cpu0, liveSize(dir), err
}

// liveSize is the size of a force-merged scorch index: its newest segment
// and its bolt file. Segments made obsolete by the merge may still be on
// disk after Close (scorch removes them asynchronously) and are not
// counted.
func liveSize(dir string) int64 {
	zaps, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	sort.Strings(zaps)
	var n int64
	if len(zaps) > 0 {
		if st, err := os.Stat(zaps[len(zaps)-1]); err == nil {
			n += st.Size()
		}
	}
	if st, err := os.Stat(filepath.Join(dir, "store", "root.bolt")); err == nil {
		n += st.Size()
	}
	return n
}
