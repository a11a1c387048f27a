package cablesearch_test

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/internal/testcorpus"
)

// samplePages returns a few real pages (name → bytes) from the project's
// sample, or from the shared corpus.
func samplePages(t *testing.T, n int) (names []string, pages map[string][]byte) {
	t.Helper()
	dir := filepath.Join(testcorpus.TestdataDir(), "sample", "html")
	ents, err := os.ReadDir(dir)
	if err != nil || len(ents) == 0 {
		dir = testcorpus.Path(t, "html")
		ents, err = os.ReadDir(dir)
		if err != nil {
			t.Fatal(err)
		}
	}
	pages = map[string][]byte{}
	for _, e := range ents {
		if len(names) == n {
			break
		}
		if !strings.HasSuffix(e.Name(), ".html") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, e.Name())
		pages[e.Name()] = b
	}
	return names, pages
}

// samplePath gives a file of the bundled sample (testdata/sample), or of
// the shared corpus when the sample lacks it.
func samplePath(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join(testcorpus.TestdataDir(), "sample", filepath.FromSlash(rel))
	if _, err := os.Stat(p); err == nil {
		return p
	}
	return testcorpus.Path(t, rel)
}

// readIDs reads paths and returns the raw IDs in order, the sources and
// the errors.
func readIDs(t *testing.T, opts cablesearch.ReaderOptions, paths ...string) (ids, files []string, errs []error) {
	t.Helper()
	r := cablesearch.NewReader(opts, paths...)
	defer r.Close()
	for {
		c, err := r.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			var pe *cablesearch.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Read: %v is not a *ParseError", err)
			}
			errs = append(errs, err)
			continue
		}
		ids = append(ids, c.RawID)
		files = append(files, c.Source.File)
	}
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func zipBytes(t *testing.T, files map[string][]byte, order []string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range order {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(files[name])
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func tarBytes(t *testing.T, files map[string][]byte, order []string) []byte {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, name := range order {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(files[name])), Typeflag: tar.TypeReg})
		tw.Write(files[name])
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gzBytes(t *testing.T, data []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(data)
	zw.Close()
	return buf.Bytes()
}

func TestReaderArchives(t *testing.T) {
	names, pages := samplePages(t, 4)
	dir := t.TempDir()
	var order []string
	members := map[string][]byte{}
	for _, n := range names {
		m := "cable/" + n
		order = append(order, m)
		members[m] = pages[n]
	}
	var want []string
	for _, n := range names {
		want = append(want, strings.TrimSuffix(n, ".html"))
	}
	plain := filepath.Join(dir, "plain")
	for _, n := range names {
		writeFile(t, filepath.Join(plain, n), pages[n])
	}
	tarData := tarBytes(t, members, order)
	writeFile(t, filepath.Join(dir, "cables.zip"), zipBytes(t, members, order))
	writeFile(t, filepath.Join(dir, "cables.tar"), tarData)
	writeFile(t, filepath.Join(dir, "cables.tar.gz"), gzBytes(t, tarData))
	writeFile(t, filepath.Join(dir, "cables.tgz"), gzBytes(t, tarData))
	writeFile(t, filepath.Join(dir, "one.html.gz"), gzBytes(t, pages[names[0]]))
	// A zip inside a tar.gz.
	nested := map[string][]byte{"inner/cables.zip": zipBytes(t, members, order)}
	writeFile(t, filepath.Join(dir, "nested.tar.gz"), gzBytes(t, tarBytes(t, nested, []string{"inner/cables.zip"})))

	for _, tc := range []struct {
		file   string
		want   []string
		member string // expected Source.File of the first cable
	}{
		{"plain", want, filepath.Join(plain, names[0])},
		{"cables.zip", want, filepath.Join(dir, "cables.zip") + "!cable/" + names[0]},
		{"cables.tar", want, filepath.Join(dir, "cables.tar") + "!cable/" + names[0]},
		{"cables.tar.gz", want, filepath.Join(dir, "cables.tar.gz") + "!cable/" + names[0]},
		{"cables.tgz", want, filepath.Join(dir, "cables.tgz") + "!cable/" + names[0]},
		{"one.html.gz", want[:1], filepath.Join(dir, "one.html.gz")},
		{"nested.tar.gz", want, filepath.Join(dir, "nested.tar.gz") + "!inner/cables.zip!cable/" + names[0]},
	} {
		t.Run(tc.file, func(t *testing.T) {
			ids, files, errs := readIDs(t, cablesearch.ReaderOptions{}, filepath.Join(dir, tc.file))
			if len(errs) > 0 {
				t.Errorf("errors: %v", errs)
			}
			if strings.Join(ids, " ") != strings.Join(tc.want, " ") {
				t.Errorf("ids = %v, want %v", ids, tc.want)
			}
			if len(files) > 0 && files[0] != tc.member {
				t.Errorf("source = %q, want %q", files[0], tc.member)
			}
		})
	}
}

func TestReader7z(t *testing.T) {
	p := filepath.Join(testcorpus.TestdataDir(), "reader", "cables.7z")
	ids, files, errs := readIDs(t, cablesearch.ReaderOptions{}, p)
	if len(errs) > 0 {
		t.Errorf("errors: %v", errs)
	}
	want := "7575LIBREVILLE1895 05SANJOSE1634 08LONDON2814"
	if got := strings.Join(ids, " "); got != want {
		t.Errorf("ids = %s, want %s", got, want)
	}
	if len(files) > 0 && files[0] != p+"!cable/1975/11/7575LIBREVILLE1895.html" {
		t.Errorf("source = %s", files[0])
	}
}

func TestReaderLimits(t *testing.T) {
	names, pages := samplePages(t, 2)
	dir := t.TempDir()
	// A member past the size limit is reported and skipped; the next one
	// is still read.
	limit := int64(len(pages[names[0]]) + 100)
	big := append(bytes.Repeat([]byte(" "), int(limit)), pages[names[1]]...)
	members := map[string][]byte{"a/big.html": big, "b/" + names[0]: pages[names[0]]}
	writeFile(t, filepath.Join(dir, "bomb.zip"), zipBytes(t, members, []string{"a/big.html", "b/" + names[0]}))
	ids, _, errs := readIDs(t, cablesearch.ReaderOptions{MaxMemberSize: limit}, filepath.Join(dir, "bomb.zip"))
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "bomb.zip!a/big.html") {
		t.Errorf("errors = %v, want one for the big member", errs)
	}
	if len(ids) != 1 {
		t.Errorf("ids = %v, want the small member only", ids)
	}
	// Nesting deeper than MaxDepth is reported.
	inner := zipBytes(t, map[string][]byte{"x.html": pages[names[0]]}, []string{"x.html"})
	outer := zipBytes(t, map[string][]byte{"in.zip": inner}, []string{"in.zip"})
	writeFile(t, filepath.Join(dir, "deep.zip"), outer)
	ids, _, errs = readIDs(t, cablesearch.ReaderOptions{MaxDepth: 1}, filepath.Join(dir, "deep.zip"))
	if len(ids) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "nested") {
		t.Errorf("deep: ids %v errors %v, want one nesting error", ids, errs)
	}
}

// TestReaderBadInput checks that bad files are reported one by one and
// never stop the reader.
func TestReaderBadInput(t *testing.T) {
	names, pages := samplePages(t, 1)
	page := pages[names[0]]
	dir := t.TempDir()
	tablePos := bytes.Index(page, []byte("<table class='cable'>"))
	prePos := bytes.LastIndex(page, []byte("<pre>"))
	writeFile(t, filepath.Join(dir, "a-empty.txt"), nil)
	writeFile(t, filepath.Join(dir, "b-cut-table.html"), page[:tablePos+60])
	writeFile(t, filepath.Join(dir, "c-cut-pre.html"), page[:prePos+200])
	writeFile(t, filepath.Join(dir, "d-junk.bin"), []byte("\x00\x01\x02\xff\xfe garbage \x89PNG"))
	writeFile(t, filepath.Join(dir, "e-bad.zip"), []byte("PK\x03\x04 not really a zip"))
	writeFile(t, filepath.Join(dir, "f-bad.gz"), []byte("\x1f\x8b\x08 broken"))
	writeFile(t, filepath.Join(dir, "g-bad.jsonl"), []byte("{\"paragraphs\": [\n{}\n"))
	writeFile(t, filepath.Join(dir, "z-good.html"), page)
	writeFile(t, filepath.Join(dir, "static", "cables.css"), []byte("body { }"))
	writeFile(t, filepath.Join(dir, "pdf", "09X1.pdf"), []byte("%PDF-1.4 \x00\x01"))
	ids, _, errs := readIDs(t, cablesearch.ReaderOptions{}, filepath.Join(dir, "missing.html"), dir)
	if want := strings.TrimSuffix(names[0], ".html"); len(ids) != 1 || ids[0] != want {
		t.Errorf("ids = %v, want [%s]", ids, want)
	}
	wantErr := []string{"missing.html", "a-empty.txt", "b-cut-table.html", "c-cut-pre.html", "d-junk.bin", "e-bad.zip", "f-bad.gz", "g-bad.jsonl"}
	got := strings.Join(func() (s []string) {
		for _, e := range errs {
			s = append(s, e.Error())
		}
		return
	}(), "\n")
	for _, w := range wantErr {
		if !strings.Contains(got, w) {
			t.Errorf("no error for %s; errors:\n%s", w, got)
		}
	}
	if strings.Contains(got, "cables.css") || strings.Contains(got, "09X1.pdf") {
		t.Errorf("assets not skipped:\n%s", got)
	}
	for _, e := range errs {
		if strings.Contains(e.Error(), "\n") {
			t.Errorf("error on several lines: %q", e)
		}
	}
	if !errors.Is(errs[1], cablesearch.ErrEmpty) {
		t.Errorf("empty file: %v, want ErrEmpty", errs[1])
	}
}

func TestReaderFolderOrder(t *testing.T) {
	names, pages := samplePages(t, 3)
	dir := t.TempDir()
	// Written in reverse, in nested folders: read back in lexical order.
	for i := len(names) - 1; i >= 0; i-- {
		writeFile(t, filepath.Join(dir, "d"+string(rune('a'+i)), "x", names[i]), pages[names[i]])
	}
	ids, _, errs := readIDs(t, cablesearch.ReaderOptions{}, dir)
	var want []string
	for _, n := range names {
		want = append(want, strings.TrimSuffix(n, ".html"))
	}
	if len(errs) > 0 || strings.Join(ids, " ") != strings.Join(want, " ") {
		t.Errorf("ids = %v (errors %v), want %v", ids, errs, want)
	}
}

func TestDetect(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, data, want string
	}{
		{"a.html", "<?xml version='1.0'?><html><table class='cable'></table><pre>x</pre></html>", cablesearch.FormatHTML},
		{"a.txt", "<html><pre>x</pre></html>", cablesearch.FormatHTML},
		{"a", "\"1\",\"12/28/1966 18:48\",\"66BUENOSAIRES2481\",\"Embassy\",\"UNCLASSIFIED\",\"\",\"h\",\"b\"\n", cablesearch.FormatCSV},
		{"a.txt", "chrome\nReference ID Created Released Classification Origin\n09MOSCOW521 2009-03-04 05:26 2011-08-24 01:00 UNCLASSIFIED Embassy Moscow\nUNCLAS\n", cablesearch.FormatTextPage},
		{"a.txt", "R 040526Z MAR 09\nFM AMEMBASSY MOSCOW\n", cablesearch.FormatText},
		{"a.json", `{"id":"09MOSCOW521","paragraphs":[]}` + "\n", cablesearch.FormatJSONL},
		{"a.json", `{"refid":"09MOSCOW521","body":"x","orig_id_field":"y"}` + "\n", cablesearch.FormatFlat},
	} {
		p := filepath.Join(dir, tc.name)
		writeFile(t, p, []byte(tc.data))
		r := cablesearch.NewReader(cablesearch.ReaderOptions{}, p)
		rec, err := r.Next()
		r.Close()
		if err != nil {
			t.Errorf("Next(%q): %v", tc.data, err)
			continue
		}
		if rec.Source.Format != tc.want {
			t.Errorf("format of %q = %s, want %s", tc.data, rec.Source.Format, tc.want)
		}
	}
}

func TestReadCSVEscapes(t *testing.T) {
	data := "\"1\",\"12/28/1966 18:48\",\"66BUENOSAIRES2481\",\"Embassy Buenos Aires\",\"UNCLASSIFIED\",\"66STATE106206|66STATE1\",\"P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\",\"UNCLASSIFIED BUENOS AIRES 2481\nSUBJECT: \\\"QUOTED\\\", AND IT\\'S\n\n1. TEXT \\\\ END\"\n" +
		"\"2\",\"1/2/2009 5:06\",\"09MOSCOW521\",\"Embassy Moscow\",\"confidential//noforn\",\"\",\"\",\"BODY\"\n"
	p := filepath.Join(t.TempDir(), "rows.csv")
	writeFile(t, p, []byte(data))
	r := cablesearch.NewReader(cablesearch.ReaderOptions{}, p)
	defer r.Close()
	rec, err := r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Fields) != 8 || rec.Source.Row != 1 || rec.Source.Line != 1 {
		t.Fatalf("row 1: %d fields, row %d line %d", len(rec.Fields), rec.Source.Row, rec.Source.Line)
	}
	if want := "UNCLASSIFIED BUENOS AIRES 2481\nSUBJECT: \"QUOTED\", AND IT'S\n\n1. TEXT \\ END"; rec.Fields[7] != want {
		t.Errorf("body = %q, want %q", rec.Fields[7], want)
	}
	c, err := cablesearch.ParseRecord(rec)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Created.Format("2006-01-02 15:04"); got != "1966-12-28 18:48" {
		t.Errorf("created = %s", got)
	}
	rec, err = r.Next()
	if err != nil {
		t.Fatal(err)
	}
	if rec.Source.Row != 2 || rec.Source.Line != 6 {
		t.Errorf("row 2 at row %d line %d, want row 2 line 6", rec.Source.Row, rec.Source.Line)
	}
	c, err = cablesearch.ParseRecord(rec)
	if err != nil {
		t.Fatal(err)
	}
	if c.Classification != "CONFIDENTIAL//NOFORN" || c.Level != "CONFIDENTIAL" || strings.Join(c.Caveats, ",") != "NOFORN" {
		t.Errorf("classification %q level %q caveats %v", c.Classification, c.Level, c.Caveats)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("after 2 rows: %v, want EOF", err)
	}
}

func TestReadJSONLRoundTrip(t *testing.T) {
	names, pages := samplePages(t, 3)
	dir := t.TempDir()
	var buf bytes.Buffer
	var want []*cablesearch.Cable
	for _, n := range names {
		writeFile(t, filepath.Join(dir, "in", n), pages[n])
	}
	r := cablesearch.NewReader(cablesearch.ReaderOptions{}, filepath.Join(dir, "in"))
	for {
		c, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, c)
		b, _ := json.Marshal(c)
		buf.Write(b)
		buf.WriteByte('\n')
	}
	r.Close()
	p := filepath.Join(dir, "out.jsonl")
	writeFile(t, p, buf.Bytes())
	r = cablesearch.NewReader(cablesearch.ReaderOptions{}, p)
	defer r.Close()
	for i := 0; ; i++ {
		c, err := r.Read()
		if err == io.EOF {
			if i != len(want) {
				t.Errorf("read %d cables back, want %d", i, len(want))
			}
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		g, _ := json.Marshal(c)
		w, _ := json.Marshal(want[i])
		if !bytes.Equal(g, w) {
			t.Errorf("line %d: round trip differs:\n got %s\nwant %s", i+1, g, w)
		}
	}
}

func TestReadTextPage(t *testing.T) {
	p := samplePath(t, "textpage/09MOSCOW521.txt")
	r := cablesearch.NewReader(cablesearch.ReaderOptions{}, p)
	defer r.Close()
	c, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	if c.RawID != "09MOSCOW521" || c.Origin != "Embassy Moscow" || c.Classification != "UNCLASSIFIED" ||
		c.Created.Format("2006-01-02 15:04") != "2009-03-04 05:26" || c.Released.Format("2006-01-02 15:04") != "2011-08-24 01:00" {
		t.Errorf("metadata: %s %q %q %v %v", c.RawID, c.Origin, c.Classification, c.Created, c.Released)
	}
	if !strings.HasPrefix(c.Header, "VZCZCXRO8652") || !strings.HasSuffix(c.Header, "RUCPDOC/DEPT OF COMMERCE WASHDC") {
		t.Errorf("header = %q", c.Header)
	}
}

func TestReadTextCharset(t *testing.T) {
	p := samplePath(t, "text/07KUALALUMPUR1403.txt")
	ids, _, errs := readIDs(t, cablesearch.ReaderOptions{}, p)
	if len(errs) > 0 || len(ids) != 1 || ids[0] != "07KUALALUMPUR1403" {
		t.Errorf("ids %v errors %v", ids, errs)
	}
}

// TestNewStreamReader reads the real CSV rows gzipped from a stream, as
// from standard input.
func TestNewStreamReader(t *testing.T) {
	p := filepath.Join(testcorpus.TestdataDir(), "sample", "csv", "cables_csv_rows_1-36.csv")
	data, err := os.ReadFile(p)
	if err != nil {
		p = testcorpus.Path(t, "csv/cables_csv_rows_1-36.csv")
		if data, err = os.ReadFile(p); err != nil {
			t.Fatal(err)
		}
	}
	r := cablesearch.NewStreamReader(cablesearch.ReaderOptions{}, "-", bytes.NewReader(gzBytes(t, data)))
	defer r.Close()
	n := 0
	for {
		c, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
		if c.Source.File != "-" || c.Source.Format != cablesearch.FormatCSV || c.Source.Row != n {
			t.Errorf("source = %+v", c.Source)
		}
	}
	if n != 36 {
		t.Errorf("%d cables, want 36", n)
	}
}

func TestReadTextPageShapes(t *testing.T) {
	body := "UNCLAS SECTION 01 OF 04 MOSCOW 000521\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: ETRD KIPR ECON PGOV RS\nSUBJECT: RUSSIA 2009 SPECIAL 301 IPR REVIEW\n\n1. Text.\n\nBEYRLE\n"
	for _, tc := range []struct{ name, in, header string }{
		{"one line", "Chrome\nViewing cable 09MOSCOW521, RUSSIA 2009 SPECIAL 301 IPR REVIEW\nReference ID Created Released Classification Origin\n" +
			"09MOSCOW521 2009-03-04 05:26 2011-08-24 01:00 UNCLASSIFIED Embassy Moscow\nR 040526Z MAR 09\nFM AMEMBASSY MOSCOW\nTO RUEHC/SECSTATE WASHDC 2209\n" + body,
			"R 040526Z MAR 09\nFM AMEMBASSY MOSCOW\nTO RUEHC/SECSTATE WASHDC 2209"},
		{"caveat", "Reference ID Created Released Classification Origin\n" +
			"09MOSCOW521 2009-03-04 05:26 2011-08-24 01:00 UNCLASSIFIED//FOR OFFICIAL USE ONLY Embassy Moscow\n" + body, ""},
		{"one cell a line", "Reference ID\tCreated\tReleased\tClassification\tOrigin\n09MOSCOW521\n2009-03-04 05:26\n2011-08-24 01:00\nUNCLASSIFIED\nEmbassy Moscow\n\n" + body, ""},
		{"cells on lines", "Reference ID\nCreated\nReleased\nClassification\nOrigin\n09MOSCOW521\t2009-03-04 05:26\t2011-08-24 01:00\tUNCLASSIFIED\tEmbassy Moscow\n" +
			"RUCPDOC/DEPT OF COMMERCE WASHDC\n" + body, "RUCPDOC/DEPT OF COMMERCE WASHDC"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := cablesearch.NewStreamReader(cablesearch.ReaderOptions{}, "page.txt", strings.NewReader(tc.in))
			defer r.Close()
			c, err := r.Read()
			if err != nil {
				t.Fatal(err)
			}
			if c.Source.Format != cablesearch.FormatTextPage || c.RawID != "09MOSCOW521" || c.Origin != "Embassy Moscow" ||
				!strings.HasPrefix(c.Classification, "UNCLASSIFIED") || c.Released.Format("2006-01-02 15:04") != "2011-08-24 01:00" {
				t.Errorf("metadata: %s %s %q %q %v", c.Source.Format, c.RawID, c.Origin, c.Classification, c.Released)
			}
			if tc.name == "caveat" && c.Classification != "UNCLASSIFIED//FOR OFFICIAL USE ONLY" {
				t.Errorf("classification = %q", c.Classification)
			}
			if c.Header != tc.header {
				t.Errorf("header = %q, want %q", c.Header, tc.header)
			}
			if !strings.Contains(c.Text(), "Text.") {
				t.Errorf("text = %q", c.Text())
			}
		})
	}
}

// TestReadOtherCSV checks that a CSV file that is not a cables.csv dump
// gives one error, not one per row.
func TestReadOtherCSV(t *testing.T) {
	p := filepath.Join(t.TempDir(), "months.csv")
	writeFile(t, p, []byte("refid,month\n09MOSCOW521,2009-03\n09X1,2009-01\n"))
	ids, _, errs := readIDs(t, cablesearch.ReaderOptions{}, p)
	if len(ids) != 0 || len(errs) != 1 || !strings.Contains(errs[0].Error(), "not a cables.csv file") {
		t.Errorf("ids %v, errors %v; want one error", ids, errs)
	}
}

// TestSample reads the bundled sample (testdata/sample): every file is a
// cable or a counted, reasoned error, and only the 9 empty text files
// fail.
func TestSample(t *testing.T) {
	dir := filepath.Join(testcorpus.TestdataDir(), "sample")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("no testdata/sample")
	}
	r := cablesearch.NewReader(cablesearch.ReaderOptions{}, dir)
	defer r.Close()
	formats := map[string]int{}
	empty := 0
	for {
		c, err := r.Read()
		if err == io.EOF {
			break
		}
		if errors.Is(err, cablesearch.ErrEmpty) {
			empty++
			continue
		}
		if err != nil {
			t.Errorf("%v", err)
			continue
		}
		formats[c.Source.Format]++
	}
	t.Logf("sample: %v, %d empty", formats, empty)
	if empty != 9 || formats[cablesearch.FormatCSV] != 36 || formats[cablesearch.FormatText] != 24 ||
		formats[cablesearch.FormatTextPage] != 1 || formats[cablesearch.FormatFlat] < 40 || formats[cablesearch.FormatHTML] < 240 {
		t.Errorf("sample counts: %v, %d empty", formats, empty)
	}
}
