package index_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/index"
)

// BenchmarkBuildSynthetic builds an index of 2,000 synthetic cables
// (about 2.2 KB of text each) per iteration and reports cables/s.
func BenchmarkBuildSynthetic(b *testing.B) {
	const n = 2000
	list := make([]*cablesearch.Cable, n)
	var size int64
	for i := range list {
		list[i] = synthCable(i)
		for _, p := range list[i].Paragraphs {
			size += int64(len(p.Text))
		}
	}
	b.SetBytes(size)
	for b.Loop() {
		dir := filepath.Join(b.TempDir(), "idx")
		if _, err := index.BuildCables(context.Background(), dir, index.BuildOptions{}, index.Cables(list...)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "cables/s")
}
