// Package testcorpus locates the shared corpus of real cables
// (../shared/corpus beside the project) for tests, and skips a test
// cleanly when it is absent.
package testcorpus

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// Dir returns the path of the shared corpus, or "" when it is absent.
// CABLESEARCH_CORPUS overrides the default location.
func Dir() string {
	if d := os.Getenv("CABLESEARCH_CORPUS"); d != "" {
		return d
	}
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		return ""
	}
	root := filepath.Join(filepath.Dir(file), "..", "..")
	d := filepath.Join(root, "..", "shared", "corpus")
	if st, err := os.Stat(d); err == nil && st.IsDir() {
		return d
	}
	return ""
}

// Path returns the path of name inside the shared corpus, skipping t when
// the corpus or the file is absent.
func Path(t testing.TB, name string) string {
	t.Helper()
	d := Dir()
	if d == "" {
		t.Skip("shared corpus not found (../shared/corpus); set CABLESEARCH_CORPUS")
	}
	p := filepath.Join(d, name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("shared corpus file %s not found", name)
	}
	return p
}

// TestdataDir returns the project's testdata folder.
func TestdataDir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata")
}
