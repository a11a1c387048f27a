package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/index"
)

// TestConvertTSVDuplicates checks that a canonical ID met more than once
// reaches the peers as the index builder keeps it: each TSV row equals the
// row of the cable the index returns, whichever copy is the fuller, for
// duplicates merged in one batch and after their first copy was written.
func TestConvertTSVDuplicates(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2009, 3, d, 10, 0, 0, 0, time.UTC) }
	para := func(texts ...string) []cablesearch.Paragraph {
		var ps []cablesearch.Paragraph
		for i, s := range texts {
			ps = append(ps, cablesearch.Paragraph{N: i + 1, Text: s})
		}
		return ps
	}
	cable := func(id, subject, origin string, created time.Time, paras ...string) *cablesearch.Cable {
		return &cablesearch.Cable{ID: id, RawID: id, Subject: subject, Origin: origin, Station: "MOSCOW",
			Classification: "CONFIDENTIAL", Created: created, Tags: []string{"PREL"}, Paragraphs: para(paras...)}
	}
	cables := []*cablesearch.Cable{
		// The first copy is shorter: the second is kept, its empty
		// subject filled from the first.
		cable("09MOSCOW521", "FIRST COPY", "Embassy Moscow", day(1), "The embassy met the minister."),
		cable("09MOSCOW521", "", "Embassy Moscow", day(2), "Sanctions were discussed at length.", "Hizballah was not."),
		cable("09MOSCOW522", "ONLY COPY", "Embassy Moscow", day(3), "Nothing repeated here."),
		// The first copy is the fuller: it stays.
		cable("09MOSCOW523", "LONG COPY", "Embassy Moscow", day(4), "Human rights were raised.", "So was the embassy."),
		cable("09MOSCOW523", "SHORT", "Embassy Moscow", day(5), "Prime minister."),
		// Three copies, the middle one the fullest.
		cable("09MOSCOW524", "A", "Embassy Moscow", day(6), "one"),
		cable("09MOSCOW524", "B", "", day(7), "two two two two"),
		cable("09MOSCOW524", "C", "Embassy Moscow", day(8), "three"),
	}
	dir := t.TempDir()
	corpus := filepath.Join(dir, "dups.jsonl")
	var js bytes.Buffer
	for _, c := range cables {
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatal(err)
		}
		js.Write(b)
		js.WriteByte('\n')
	}
	if err := os.WriteFile(corpus, js.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	var tsv bytes.Buffer
	info, err := ConvertTSV(context.Background(), &tsv, corpus)
	if err != nil {
		t.Fatal(err)
	}
	if info.Cables != 4 || info.Duplicates != 4 || info.Skipped != 0 {
		t.Fatalf("ConvertTSV = %+v, want 4 cables, 4 duplicates, 0 skipped", info)
	}
	rows := map[string]string{}
	for _, l := range strings.Split(strings.TrimSuffix(tsv.String(), "\n"), "\n") {
		id, _, _ := strings.Cut(l, "\t")
		if _, ok := rows[id]; ok {
			t.Fatalf("%s written twice", id)
		}
		rows[id] = l
	}
	if got := rows["09MOSCOW521"]; !strings.Contains(got, "FIRST COPY\tSanctions were discussed") {
		t.Errorf("09MOSCOW521 row %q: want the second copy's text under the first copy's subject", got)
	}

	// BatchSize 1 writes each first copy before its duplicates arrive
	// (the builder's late merge); the default merges them in one batch.
	for _, batch := range []int{0, 1} {
		idxDir := filepath.Join(dir, "idx", string(rune('a'+batch)))
		if _, err := index.Build(context.Background(), idxDir, index.BuildOptions{BatchSize: batch}, corpus); err != nil {
			t.Fatal(err)
		}
		ix, err := index.Open(idxDir)
		if err != nil {
			t.Fatal(err)
		}
		for id, want := range rows {
			c, err := ix.Cable(id)
			if err != nil || c == nil {
				t.Fatalf("batch %d: Cable(%s) = %v, %v", batch, id, c, err)
			}
			var b bytes.Buffer
			w := bufio.NewWriter(&b)
			tsvRow(w, c)
			w.Flush()
			if got := strings.TrimSuffix(b.String(), "\n"); got != want {
				t.Errorf("batch %d: %s\nindex %q\ntsv   %q", batch, id, got, want)
			}
		}
		ix.Close()
	}
}
