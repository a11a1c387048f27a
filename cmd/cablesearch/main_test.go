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
)

// runCLI runs the program in-process and returns stdout, stderr and the
// exit status.
func runCLI(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), args, &out, &errb)
	code := exitCode(err, &errb)
	return out.String(), errb.String(), code
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string // in stderr
	}{
		{nil, 2, "no command given"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"parse"}, 2, "parse: no PATH given"},
		{[]string{"parse", "--bogus", "x"}, 2, "unknown flag: --bogus"},
	}
	for _, tt := range tests {
		_, stderr, code := runCLI(t, tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.want) {
			t.Errorf("run(%q) = exit %d, stderr %q; want exit %d, stderr containing %q", tt.args, code, stderr, tt.code, tt.want)
		}
	}
	out, _, code := runCLI(t, "help")
	if code != 0 || !strings.Contains(out, "parse") {
		t.Errorf("help = exit %d, %q", code, out)
	}
}

// TestParseJSON checks the parse --json contract of ARCHITECTURE.md on
// the bundled sample: one object per line with the fixed field names.
func TestParseJSON(t *testing.T) {
	stdout, stderr, code := runCLI(t, "parse", "--json", filepath.Join("..", "..", "testdata", "sample", "html"))
	if code != 0 {
		t.Fatalf("parse --json: exit %d, stderr:\n%s", code, stderr)
	}
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(nil, 16<<20)
	n := 0
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		for _, k := range []string{"id", "raw_id", "created", "released", "classification", "origin", "subject", "tags", "references", "paragraphs"} {
			if _, ok := m[k]; !ok {
				t.Fatalf("line %d (%v): no %q field", n+1, m["id"], k)
			}
		}
		n++
	}
	if n != 235 {
		t.Errorf("parse --json testdata/sample/html: %d cables, want 235", n)
	}
	if !strings.Contains(stderr, "235 cables") {
		t.Errorf("summary = %q", stderr)
	}
}

// TestParseBadInput shows that an empty file and a junk file are reported
// one line each, naming the file, and that good cables still come out.
func TestParseBadInput(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile(filepath.Join("..", "..", "testdata", "sample", "html-full", "09BERLIN1167.html"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"a_empty.txt":  nil,
		"b_junk.bin":   {0, 1, 2, 0xff, 0xfe, 3},
		"c_good.html":  good,
		"d_trunc.html": good[:len(good)/3],
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	stdout, stderr, code := runCLI(t, "parse", dir)
	if code != 0 {
		t.Errorf("exit %d, want 0 (errors reported, not fatal)", code)
	}
	if _, _, code := runCLI(t, "parse", "--strict", dir); code != 1 {
		t.Errorf("parse --strict: exit %d, want 1", code)
	}
	if !strings.Contains(stdout, "09BERLIN1167") {
		t.Errorf("good cable missing from output:\n%s", stdout)
	}
	for _, name := range []string{"a_empty.txt", "b_junk.bin"} {
		if !strings.Contains(stderr, name) {
			t.Errorf("stderr does not name %s:\n%s", name, stderr)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if strings.Count(line, "\n") > 0 || line == "" {
			t.Errorf("bad error line %q", line)
		}
	}
}
