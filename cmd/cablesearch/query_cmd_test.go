package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/internal/testcorpus"
	"github.com/cablesearch/cablesearch/query"
)

// The index of testdata/sample, built once per test binary (about five
// seconds) by the first test that needs it and removed by TestMain.
var (
	sampleOnce sync.Once
	sampleDir  string
	sampleErr  error
	sampleTmp  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if sampleTmp != "" {
		os.RemoveAll(sampleTmp)
	}
	os.Exit(code)
}

// sampleIndex returns the folder of the sample index, building it on the
// first call.
func sampleIndex(t *testing.T) string {
	t.Helper()
	sample := filepath.Join(testcorpus.TestdataDir(), "sample")
	if _, err := os.Stat(sample); err != nil {
		t.Skip("testdata/sample absent")
	}
	sampleOnce.Do(func() {
		sampleTmp, sampleErr = os.MkdirTemp("", "cablesearch-cmd-test")
		if sampleErr != nil {
			return
		}
		sampleDir = filepath.Join(sampleTmp, "idx")
		_, sampleErr = index.Build(context.Background(), sampleDir, index.BuildOptions{Workers: 2}, sample)
	})
	if sampleErr != nil {
		t.Fatalf("build sample index: %v", sampleErr)
	}
	return sampleDir
}

// TestQueryJSON checks the query --json contract of ARCHITECTURE.md.
func TestQueryJSON(t *testing.T) {
	dir := sampleIndex(t)
	stdout, stderr, code := runCLI(t, "query", "--index", dir, "--json", "--limit", "3", "hizballah", "manifesto")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	var res struct {
		Total *int `json:"total"`
		Hits  []map[string]json.RawMessage
		// facets: NAME -> [{value, count}]
		Facets map[string][]struct {
			Value *string `json:"value"`
			Count *int    `json:"count"`
		} `json:"facets"`
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatalf("not one JSON object: %v\n%s", err, stdout)
	}
	if res.Total == nil || *res.Total < 3 || len(res.Hits) != 3 {
		t.Fatalf("total %v, %d hits; want at least 3 and 3", res.Total, len(res.Hits))
	}
	ids := map[string]bool{}
	for _, h := range res.Hits {
		for _, k := range []string{"id", "score", "subject", "origin", "classification", "created", "paragraphs"} {
			if _, ok := h[k]; !ok {
				t.Errorf("hit without %q: %v", k, h)
			}
		}
		var id string
		json.Unmarshal(h["id"], &id)
		ids[id] = true
		var paras []map[string]json.RawMessage
		if err := json.Unmarshal(h["paragraphs"], &paras); err != nil {
			t.Errorf("%s: paragraphs: %v", id, err)
		}
		for _, p := range paras {
			for _, k := range []string{"n", "marking", "snippet"} {
				if _, ok := p[k]; !ok {
					t.Errorf("%s: paragraph without %q: %v", id, k, p)
				}
			}
		}
	}
	if !ids["85BEIRUT1013"] && !ids["85BEIRUT1351"] {
		t.Errorf("hits %v: want the Hizballah manifesto cables", ids)
	}
	for _, name := range []string{"origin", "classification", "tags", "year"} {
		vals, ok := res.Facets[name]
		if !ok || len(vals) == 0 {
			t.Errorf("facet %s missing: %v", name, res.Facets)
		}
		for _, v := range vals {
			if v.Value == nil || v.Count == nil || *v.Count <= 0 {
				t.Errorf("facet %s: bad value %+v", name, v)
			}
		}
	}

	// --facets narrows the facets; none leaves an empty object.
	stdout, _, _ = runCLI(t, "query", "--index", dir, "--json", "--facets", "marking,month", "hizballah")
	if !strings.Contains(stdout, `"marking"`) || !strings.Contains(stdout, `"month"`) || strings.Contains(stdout, `"origin": [`) {
		t.Errorf("--facets marking,month:\n%s", stdout)
	}
	stdout, _, _ = runCLI(t, "query", "--index", dir, "--json", "--facets", "none", "hizballah")
	if !strings.Contains(stdout, `"facets": {}`) {
		t.Errorf("--facets none: want an empty facets object:\n%s", stdout)
	}
}

func TestQueryReadable(t *testing.T) {
	dir := sampleIndex(t)
	t.Setenv("NO_COLOR", "")
	stdout, stderr, code := runCLI(t, "query", "--index", dir, "--limit", "2", "--sort", "oldest", "hizballah")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	// Oldest first; header line, subject, cited paragraphs; no escape
	// codes when not on a terminal.
	for _, want := range []string{"85BEIRUT240  1985-01-14  CONFIDENTIAL  Embassy Beirut\n", "  BOMBS IN WEST BEIRUT\n", "    ¶5 (C) …IN FORCE AND", "\n85STATE38496  1985-02-07  ", "1-2 of ", " cables\n", "origin: Embassy Beirut "} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stdout, "\x1b[") || strings.Contains(stdout, "<mark>") {
		t.Errorf("escape codes or HTML in piped output:\n%s", stdout)
	}
	stdout, _, _ = runCLI(t, "query", "--index", dir, "--limit", "1", "--color", "always", "--facets", "none", "hizballah")
	if !strings.Contains(stdout, ansiMatch) {
		t.Errorf("--color always: no highlight:\n%q", stdout)
	}
	stdout, _, code = runCLI(t, "query", "--index", dir, "zzyzxnotaword")
	if code != 0 || !strings.Contains(stdout, "no cables match") {
		t.Errorf("no match: exit %d\n%s", code, stdout)
	}
}

func TestQueryParagraphMode(t *testing.T) {
	dir := sampleIndex(t)
	stdout, stderr, code := runCLI(t, "query", "--index", dir, "--json", "--paragraphs", "--limit", "5", "hizballah", "manifesto")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	var res struct {
		Hits          []any
		ParagraphHits []struct {
			ID      string  `json:"id"`
			N       int     `json:"n"`
			Score   float64 `json:"score"`
			Snippet string  `json:"snippet"`
		} `json:"paragraph_hits"`
	}
	if err := json.Unmarshal([]byte(stdout), &res); err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 0 || len(res.ParagraphHits) != 5 {
		t.Fatalf("%d hits, %d paragraph hits; want 0 and 5", len(res.Hits), len(res.ParagraphHits))
	}
	for i, p := range res.ParagraphHits {
		if i > 0 && p.Score > res.ParagraphHits[i-1].Score {
			t.Errorf("paragraph %d (%s ¶%d) scores above the one before", i, p.ID, p.N)
		}
		if !strings.Contains(p.Snippet, "<mark>") {
			t.Errorf("%s ¶%d: snippet without a match: %s", p.ID, p.N, p.Snippet)
		}
	}
	// Both words in one paragraph beat one word alone: the first
	// paragraph has both.
	if s := strings.ToUpper(res.ParagraphHits[0].Snippet); !strings.Contains(s, "HIZBALLAH") || !strings.Contains(s, "MANIFESTO") {
		t.Errorf("best paragraph %s ¶%d lacks a word: %s", res.ParagraphHits[0].ID, res.ParagraphHits[0].N, s)
	}
	stdout, _, _ = runCLI(t, "query", "--index", dir, "--paragraphs", "--limit", "2", "--facets", "none", "hizballah")
	if !strings.Contains(stdout, " ¶") || !strings.Contains(stdout, "1-2 of ") || !strings.Contains(stdout, " paragraphs (in the best ") {
		t.Errorf("readable paragraph mode:\n%s", stdout)
	}
}

func TestQueryExport(t *testing.T) {
	dir := sampleIndex(t)
	stdout, stderr, code := runCLI(t, "query", "--index", dir, "--format", "csv", "--limit", "3", "hizballah")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	recs, err := csv.NewReader(strings.NewReader(stdout)).ReadAll()
	if err != nil {
		t.Fatalf("csv: %v\n%s", err, stdout)
	}
	if got, want := strings.Join(recs[0], ","), strings.Join(query.ExportColumns, ","); got != want {
		t.Errorf("header = %s, want %s", got, want)
	}
	if len(recs) < 4 {
		t.Fatalf("%d rows, want a header and at least 3", len(recs))
	}
	for _, r := range recs[1:] {
		id, cite, para, snippet, url := r[0], r[1], r[2], r[9], r[10]
		if cite != id+" ¶"+para {
			t.Errorf("citation %q, want %q", cite, id+" ¶"+para)
		}
		if strings.ContainsAny(snippet, "<>\n") || strings.Contains(snippet, "&#") {
			t.Errorf("snippet not plain text: %q", snippet)
		}
		if !strings.Contains(strings.ToUpper(snippet), "HIZBALLAH") {
			t.Errorf("snippet without the match: %q", snippet)
		}
		want := fmt.Sprintf("https://wikileaks.org/cable/%s/%s/%s.html", r[4][:4], r[4][5:7], id)
		if para != "0" {
			want += "#par" + para // the anchor of the cable page; ¶0 has none
		}
		if url != want {
			t.Errorf("url = %s, want %s", url, want)
		}
	}

	stdout, stderr, code = runCLI(t, "query", "--index", dir, "--format", "jsonl", "--limit", "2", "hizballah")
	if code != 0 {
		t.Fatalf("jsonl: exit %d, stderr:\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) < 2 {
		t.Fatalf("jsonl: %d lines", len(lines))
	}
	for _, l := range lines {
		var r query.ExportRow
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatalf("jsonl line %q: %v", l, err)
		}
		if r.Paragraph == nil || r.Citation != fmt.Sprintf("%s ¶%d", r.ID, *r.Paragraph) || !strings.HasPrefix(r.URL, "https://wikileaks.org/cable/") {
			t.Errorf("jsonl row %+v", r)
		}
	}
	// A hit matched in its subject only still has a row, without a
	// paragraph.
	stdout, _, _ = runCLI(t, "query", "--index", dir, "--format", "jsonl", "--max-paragraphs", "0", "--limit", "1", "subject:hizballah")
	var r query.ExportRow
	if err := json.Unmarshal([]byte(stdout), &r); err != nil || r.Paragraph != nil || r.Citation != r.ID {
		t.Errorf("row without paragraphs = %+v (%v)", r, err)
	}
}

func TestQueryErrors(t *testing.T) {
	dir := sampleIndex(t)
	tests := []struct {
		args []string
		code int
		want string // in stderr
	}{
		{[]string{"hizballah ("}, 2, "query: position 11: expected a search term"},
		{[]string{`"unterminated`}, 2, "query: position 0: unterminated phrase"},
		{[]string{"colour:red"}, 2, `unknown field "colour"`},
		{[]string{"created:2009-13"}, 2, "query: position 8"},
		{[]string{"--", "-tag:PREL", "iran"}, 0, ""},
		{[]string{"-tag:PREL"}, 2, "unknown shorthand flag"},
		{[]string{"--format", "xml", "x"}, 2, `unknown --format "xml"`},
		{[]string{"--json", "--format", "csv", "x"}, 2, "exclusive"},
		{[]string{"--limit", "100000", "x"}, 2, "--limit 100000 out of range"},
		{[]string{"--sort", "sideways", "x"}, 2, `unknown --sort "sideways"`},
		{[]string{"--facets", "colour", "x"}, 2, `unknown facet "colour"`},
	}
	for _, tt := range tests {
		args := append([]string{"query", "--index", dir}, tt.args...)
		_, stderr, code := runCLI(t, args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("query %q = exit %d, stderr %q; want exit %d, stderr containing %q", tt.args, code, stderr, tt.code, tt.want)
		}
	}
	_, stderr, code := runCLI(t, "query", "--index", filepath.Join(t.TempDir(), "none"), "x")
	if code != 1 || !strings.Contains(stderr, "no index at") {
		t.Errorf("missing index: exit %d, %q", code, stderr)
	}
}

func TestSnippetText(t *testing.T) {
	in := `…the <mark>ex officio</mark> board &amp; &#34;customs&#34;…`
	if got, want := snippetText(in, func(s string) string { return "[" + s + "]" }), `…the [ex officio] board & "customs"…`; got != want {
		t.Errorf("snippetText = %q, want %q", got, want)
	}
}
