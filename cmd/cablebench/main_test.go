package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestOursRequest(t *testing.T) {
	qs := DefaultQueries([]string{"09MOSCOW521"})
	byID := map[string]BenchQuery{}
	for _, q := range qs {
		byID[q.ID] = q
		if q.Class == "" || q.Type == "" || len(q.Terms) == 0 {
			t.Errorf("%s: incomplete %+v", q.ID, q)
		}
	}
	for id, want := range map[string]string{
		"phrase_of_the":  `"of the"`,
		"or3":            `ceasefire OR insurgents OR militia`,
		"filt_all":       `embassy origin:"Embassy Baghdad" created:2008..2010`,
		"id1_form2":      `09 MOSCOW 521`,
		"id1_form3":      `MOSCOW 00000521`,
		"date_ceasefire": `ceasefire created:2005..2007`,
	} {
		q, ok := byID[id]
		if !ok {
			t.Fatalf("no query %s", id)
		}
		if got := q.OursRequest().Query; got != want {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
	if r := byID["filt_all"].OursRequest(); len(r.Filters["classification"]) != 1 {
		t.Errorf("filt_all filters %v", r.Filters)
	}
	if r := byID["facets_iran"].OursRequest(); len(r.Facets) != 4 {
		t.Errorf("facets %v", r.Facets)
	}
	if r := byID["paras_the"].OursRequest(); r.MaxParagraphs <= 0 {
		t.Error("paragraph query without paragraphs")
	}
	var m map[string]any
	if err := json.Unmarshal([]byte(byID["filt_all"].PeerJSON()), &m); err != nil || m["year_from"] != 2008.0 || m["classification"] != "CONFIDENTIAL" {
		t.Errorf("peer JSON %v %v", m, err)
	}
}

// TestConvertTSV converts the bundled sample: seven columns, one line a
// cable, no stray separators.
func TestConvertTSV(t *testing.T) {
	var b bytes.Buffer
	info, err := ConvertTSV(context.Background(), &b, filepath.Join("..", "..", "testdata", "sample", "html"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if info.Cables == 0 || len(lines) != info.Cables || info.BodyBytes == 0 {
		t.Fatalf("%+v, %d lines", info, len(lines))
	}
	for _, l := range lines {
		f := strings.Split(l, "\t")
		if len(f) != 7 || len(f[1]) != 10 || f[0] == "" {
			t.Fatalf("bad row %.200q", l)
		}
	}
	if len(info.SampleIDs) == 0 {
		t.Error("no sample IDs")
	}
}

func TestMarkdown(t *testing.T) {
	res := &Results{Date: time.Now(), Host: map[string]string{}, Corpus: CorpusInfo{Cables: 10, BodyBytes: 1000}, OpenMs: map[string]float64{}}
	res.Builds = []BuildResult{
		{Engine: EngineOurs, Proc: Proc{WallSec: 2, UserSec: 3, MaxRSS: 1e9}, IndexBytes: 3000},
		{Engine: EngineLucene, Proc: Proc{WallSec: 1, UserSec: 1}, IndexBytes: 1000},
	}
	res.Queries = []QueryResult{
		{Engine: EngineOurs, ID: "a", Class: ClassWord, Count: 5, WarmMs: 2},
		{Engine: EngineLucene, ID: "a", Class: ClassWord, Count: 6, WarmMs: 1},
	}
	md := Markdown(res)
	for _, want := range []string{"| build wall time ≤ Lucene's | 2.00 s | 1.00 s | 2.00 | **no** |", "2.00×", "1 of 1 queries differ", "cablesearch 5, lucene 6"} {
		if !strings.Contains(md, want) {
			t.Errorf("report lacks %q:\n%s", want, md)
		}
	}
}

// TestBuildChild runs `cablebench build` in process on the bundled CSV
// sample with options as flags, and checks its BUILD line and that a
// malformed flag value is an error rather than a default.
func TestBuildChild(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	var out bytes.Buffer
	err := run(context.Background(), []string{"build", "--index", dir, "--batch-size", "10", "--max-segment-docs", "100", filepath.Join("..", "..", "testdata", "sample", "csv")}, &out, &out)
	if err != nil {
		t.Fatalf("build: %v\n%s", err, out.String())
	}
	js, ok := strings.CutPrefix(strings.TrimSpace(out.String()), "BUILD ")
	if !ok {
		t.Fatalf("no BUILD line in %q", out.String())
	}
	var st struct{ Docs int }
	if err := json.Unmarshal([]byte(js), &st); err != nil || st.Docs == 0 {
		t.Errorf("BUILD %s: docs %d, %v", js, st.Docs, err)
	}
	for _, args := range [][]string{
		{"build", "--index", dir, "--batch-size", "ten", "x.csv"},
		{"build", "x.csv"},
	} {
		if err := run(context.Background(), args, &out, &out); err == nil {
			t.Errorf("run(%q) = nil error", args)
		}
	}
}
