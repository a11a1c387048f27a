package cablesearch_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/internal/testcorpus"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// goldenInputs are a dozen cables across release eras and formats, from
// the bundled sample (testdata/sample).
var goldenInputs = []struct {
	name string // golden file name
	path string // under testdata/sample
	max  int    // records kept from a many-record file
}{
	{"html-1966-buenosaires", "html-full/66BUENOSAIRES2481.html", 1},
	{"html-1972-tehran", "html-full/72TEHRAN1381.html", 1},
	{"html-1975-doubled-year-id", "html-full/7575LIBREVILLE1895.html", 1},
	{"html-2000-partial-extract", "html/00HARARE5461.html", 1},
	{"html-2000-media-uris", "html/00TASHKENT4223.html", 1},
	{"html-2002-final-release-record", "html/02BOGOTA3281.html", 1},
	{"html-2009-243-era", "html-full/09BERLIN1167.html", 1},
	{"html-2010-full-page", "html-full/10STATE17263.html", 1},
	{"csv-rows-1-3", "csv/cables_csv_rows_1-36.csv", 3},
	{"flat-lines-1-2", "flat/cables_flat_1-40.jsonl", 2},
	{"text-windows-1252", "text/07KUALALUMPUR1403.txt", 1},
	{"text-2009-unvie", "text/09UNVIEVIENNA279.txt", 1},
	{"textpage-moscow", "textpage/09MOSCOW521.txt", 1},
}

// TestGolden compares the parsed cables with testdata/golden/TestGolden;
// run with -update to rewrite them after a parser change.
func TestGolden(t *testing.T) {
	td := testcorpus.TestdataDir()
	for _, in := range goldenInputs {
		t.Run(in.name, func(t *testing.T) {
			p := filepath.Join(td, "sample", filepath.FromSlash(in.path))
			if _, err := os.Stat(p); err != nil {
				t.Skipf("sample file missing: %v", err)
			}
			r := cablesearch.NewReader(cablesearch.ReaderOptions{}, p)
			defer r.Close()
			var cables []*cablesearch.Cable
			for len(cables) < in.max {
				c, err := r.Read()
				if err == io.EOF {
					break
				}
				if err != nil {
					var pe *cablesearch.ParseError
					if !errors.As(err, &pe) {
						t.Fatal(err)
					}
					t.Fatalf("%v", err)
				}
				// Paths relative to testdata, so that goldens do not
				// depend on the checkout.
				c.Source.File = filepath.ToSlash(strings.TrimPrefix(c.Source.File, td+string(filepath.Separator)))
				cables = append(cables, c)
			}
			got, err := json.MarshalIndent(cables, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join(td, "golden", "TestGolden", in.name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestGolden -update .)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from %s at %s; run go test -run TestGolden -update . and review the diff", in.path, golden, firstDiff(got, want))
			}
		})
	}
}

// firstDiff describes the first line where got and want differ.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			// Show a window around the first differing byte.
			k := 0
			for k < len(gl) && k < len(wl) && gl[k] == wl[k] {
				k++
			}
			from := max(0, k-40)
			cut := func(s string) string { return s[min(from, len(s)):min(len(s), k+40)] }
			return fmt.Sprintf("line %d: got …%q…, want …%q…", i+1, cut(gl), cut(wl))
		}
	}
	return "?"
}
