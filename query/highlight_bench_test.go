package query

import (
	"strings"
	"testing"
)

// BenchmarkMatchRanges measures the re-analysis of one paragraph of
// about 1,000 bytes for the ranges of its matches.
func BenchmarkMatchRanges(b *testing.B) {
	text := strings.Repeat("The Ambassador met the Minister of Foreign Affairs on 12 March (REF 09 MOSCOW 521) to discuss sanctions. ", 10)
	matches := []termPos{{"sanction", 18}, {"ambassador", 2}, {"sanction", 36}}
	b.ReportAllocs()
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		if len(matchRanges(text, matches)) != 3 {
			b.Fatal("want 3 ranges")
		}
	}
}
