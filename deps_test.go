package cablesearch_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const modulePath = "github.com/cablesearch/cablesearch"

// allowedImports is the one-way import direction of ARCHITECTURE.md:
// root (model and readers) <- analysis <- index <- query <- cmd. A package
// may import only the module packages listed for it.
var allowedImports = map[string][]string{
	".":                    {"internal/testcorpus"},
	"analysis":             {"internal/testcorpus"},
	"index":                {".", "analysis", "internal/testcorpus"},
	"query":                {".", "index", "analysis", "internal/testcorpus"},
	"server":               {".", "index", "query", "analysis", "internal/testcorpus"},
	"internal/reliability": {".", "index", "query", "analysis", "internal/testcorpus"},
	"internal/testcorpus":  {},
}

// TestImportDirection keeps the package layout honest: it parses the
// imports of every Go file (tests included) and fails on an import the
// architecture does not allow.
func TestImportDirection(t *testing.T) {
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") {
			return nil
		}
		dir := filepath.ToSlash(filepath.Dir(path))
		if strings.HasPrefix(dir, "cmd/") {
			return nil // commands may import everything
		}
		allowed, known := allowedImports[dir]
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if p != modulePath && !strings.HasPrefix(p, modulePath+"/") {
				continue
			}
			rel := strings.TrimPrefix(strings.TrimPrefix(p, modulePath), "/")
			if rel == "" {
				rel = "."
			}
			if rel == dir {
				continue // external test package of the same package
			}
			if !known {
				t.Errorf("%s: package %s is not in the layout of ARCHITECTURE.md; add it to allowedImports", path, dir)
				break
			}
			ok := false
			for _, a := range allowed {
				if a == rel {
					ok = true
				}
			}
			if !ok {
				t.Errorf("%s imports %s: %s may not import %s", path, p, dir, rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
