package main

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/cablesearch/cablesearch/cmd/cablesynth/synth"
	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/query"
)

// ciCables is the size of the CI benchmark corpus.
const ciCables = 2000

var (
	ciOnce   sync.Once
	ciDir    string
	ciCorpus string
	ciBody   int64
	ciErr    error
)

// ciCorpusFile writes ciCables synthetic cables recombined from the
// bundled testdata/sample (so it needs nothing outside the module) into
// a temporary folder shared by the benchmarks of this run.
func ciCorpusFile(b *testing.B) (string, int64) {
	b.Helper()
	ciOnce.Do(func() {
		ciDir, ciErr = os.MkdirTemp("", "cablebench-ci")
		if ciErr != nil {
			return
		}
		var p *synth.Pool
		p, ciErr = synth.LoadPool(filepath.Join("..", "..", "testdata", "sample"), "")
		if ciErr != nil {
			return
		}
		ciCorpus = filepath.Join(ciDir, "synth.csv")
		f, err := os.Create(ciCorpus)
		if err != nil {
			ciErr = err
			return
		}
		st, err := p.Generate(f, ciCables, 1)
		f.Close()
		ciBody, ciErr = st.BodyBytes, err
	})
	if ciErr != nil {
		b.Fatal(ciErr)
	}
	return ciCorpus, ciBody
}

// BenchmarkBuildCI builds an index of 2,000 synthetic cables per
// iteration with index.Build (the defaults of cablesearch index) and
// reports cables/s; MB/s is of body text.
func BenchmarkBuildCI(b *testing.B) {
	corpus, body := ciCorpusFile(b)
	b.SetBytes(body)
	b.ReportAllocs()
	for b.Loop() {
		dir := filepath.Join(b.TempDir(), "idx")
		st, err := index.Build(context.Background(), dir, index.BuildOptions{}, corpus)
		if err != nil {
			b.Fatal(err)
		}
		if st.Cables != ciCables {
			b.Fatalf("indexed %d cables, want %d", st.Cables, ciCables)
		}
		b.ReportMetric(float64(st.IndexBytes)/float64(body), "index/body")
	}
	b.ReportMetric(float64(ciCables*b.N)/b.Elapsed().Seconds(), "cables/s")
}

// BenchmarkQueryCI runs one query of each class on an index of the
// 2,000 synthetic cables.
func BenchmarkQueryCI(b *testing.B) {
	corpus, _ := ciCorpusFile(b)
	dir := filepath.Join(ciDir, "idx")
	if _, err := os.Stat(dir); err != nil {
		if _, err := index.Build(context.Background(), dir, index.BuildOptions{}, corpus); err != nil {
			b.Fatal(err)
		}
	}
	ix, err := index.Open(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer ix.Close()
	seen := map[string]bool{}
	for _, q := range DefaultQueries([]string{"09MOSCOW521"}) {
		if seen[q.Class] {
			continue
		}
		seen[q.Class] = true
		req := q.OursRequest()
		b.Run(q.Class, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := query.Search(context.Background(), ix, req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
