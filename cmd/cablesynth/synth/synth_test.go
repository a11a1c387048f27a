package synth

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cablesearch/cablesearch"
)

// samplePool loads the bundled sample (no cable2month list: the sample's
// own IDs and months are used).
func samplePool(t *testing.T) *Pool {
	t.Helper()
	p, err := LoadPool(filepath.Join("..", "..", "..", "testdata", "sample"), "")
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func generate(t *testing.T, p *Pool, n int, seed uint64) []byte {
	t.Helper()
	var b bytes.Buffer
	st, err := p.Generate(&b, n, seed)
	if err != nil {
		t.Fatal(err)
	}
	if st.Cables != n || st.Bytes != int64(b.Len()) {
		t.Fatalf("stats %+v for %d cables, %d bytes", st, n, b.Len())
	}
	return b.Bytes()
}

func TestDeterministic(t *testing.T) {
	p := samplePool(t)
	a := generate(t, p, 200, 7)
	b := generate(t, samplePool(t), 200, 7)
	if !bytes.Equal(a, b) {
		t.Fatal("same seed gave different output")
	}
	if c := generate(t, p, 200, 8); bytes.Equal(a, c) {
		t.Fatal("different seeds gave the same output")
	}
}

// TestRoundTrip reads the output back with the project's reader: every
// row parses, with the ID, origin, classification, references and
// paragraphs the generator wrote.
func TestRoundTrip(t *testing.T) {
	p := samplePool(t)
	const n = 300 // more than the sample's IDs: a second pass
	data := generate(t, p, n, 1)
	path := filepath.Join(t.TempDir(), "synth.csv")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	r := cablesearch.NewReader(cablesearch.ReaderOptions{}, path)
	defer r.Close()
	seen := map[string]bool{}
	var got, refs, paras, renumbered int
	for {
		c, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got++
		if c.Source.Format != cablesearch.FormatCSV {
			t.Fatalf("format %q", c.Source.Format)
		}
		if seen[c.ID] {
			t.Errorf("ID %s twice", c.ID)
		}
		seen[c.ID] = true
		if c.Created.IsZero() || c.Origin == "" || c.Classification == "" || c.Subject == "" {
			t.Errorf("%s: missing metadata: %q %q %q %v", c.ID, c.Origin, c.Classification, c.Subject, c.Created)
		}
		if y := c.Year(); y < 1966 || y > 2010 {
			t.Errorf("%s: year %d", c.ID, y)
		}
		if len(c.Paragraphs) == 0 {
			t.Errorf("%s: no paragraphs", c.ID)
		}
		for i, pg := range c.Paragraphs {
			// Real paragraphs sometimes hold text the parser reads as
			// a numbered paragraph: count, do not fail.
			if pg.N != i+1 {
				renumbered++
				break
			}
		}
		paras += len(c.Paragraphs)
		refs += len(c.References)
	}
	if got != n {
		t.Fatalf("read %d cables, wrote %d", got, n)
	}
	if renumbered > n/20 {
		t.Errorf("%d of %d cables read back with other paragraph numbers", renumbered, n)
	}
	if refs == 0 || paras < 2*n {
		t.Errorf("%d references, %d paragraphs in %d cables", refs, paras, n)
	}
}

// TestDistribution checks that with the full cable2month list the years
// and stations of the output follow the release's, and that IDs are not
// repeated. It needs the shared corpus and is skipped without it.
func TestDistribution(t *testing.T) {
	from := filepath.Join("..", "..", "..", "..", "shared", "corpus")
	list := filepath.Join(from, "oracle", "cable2month.csv")
	if _, err := os.Stat(list); err != nil {
		t.Skip("no shared corpus")
	}
	ids, err := readCable2Month(list)
	if err != nil {
		t.Fatal(err)
	}
	p := samplePool(t)
	p.ids = ids
	const n = 4000
	data := generate(t, p, n, 3)
	want := map[int]float64{}
	for _, im := range ids {
		yy, _, _, _ := cablesearch.SplitID(im.id)
		want[yy]++
	}
	got := map[int]float64{}
	seen := map[string]bool{}
	for _, line := range strings.Split(string(data), "\n") {
		// The refid is the third quoted column of a row's first line.
		if !strings.HasPrefix(line, `"`) {
			continue
		}
		f := strings.SplitN(line, `","`, 4)
		if len(f) < 4 {
			continue
		}
		if seen[f[2]] {
			t.Errorf("ID %s twice", f[2])
		}
		seen[f[2]] = true
		yy, _, _, ok := cablesearch.SplitID(f[2])
		if !ok {
			t.Fatalf("bad ID %q", f[2])
		}
		got[yy]++
	}
	if len(seen) != n {
		t.Fatalf("%d rows found, want %d", len(seen), n)
	}
	for _, yy := range []int{6, 7, 8, 9} { // 2006-2009 hold most cables
		w := want[yy] / float64(len(ids))
		g := got[yy] / n
		if g < w*0.8 || g > w*1.2 {
			t.Errorf("year %02d: %.3f of the output, %.3f of the release", yy, g, w)
		}
	}
}
