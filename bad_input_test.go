package cablesearch_test

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cablesearch/cablesearch"
)

// The bad-input catalogue (testdata/bad/README.md lists the same table):
// every file gives the cables and the one-line errors written here, and
// none stops the reader, panics, or yields text that is not UTF-8.
// Inputs too big or too odd to commit (long lines, deep nesting, zip
// bombs, hostile archive member names, pipes and devices) are made by the
// tests below.

// badRead is what reading some paths gave: canonical IDs and sources of
// the cables in order, and the errors' messages.
type badRead struct {
	ids, sources, errs []string
}

// readBad reads paths to the end, failing t on an error that is not a
// *ParseError, a message on several lines or a string that is not UTF-8.
// It gives up after a deadline, so that a reader that blocks fails the
// test instead of hanging it.
func readBad(t *testing.T, opts cablesearch.ReaderOptions, paths ...string) badRead {
	t.Helper()
	type result struct {
		got badRead
		bad []string
	}
	done := make(chan result, 1)
	go func() {
		var res result
		r := cablesearch.NewReader(opts, paths...)
		defer r.Close()
		for {
			c, err := r.Read()
			if err == io.EOF {
				break
			}
			if err != nil {
				msg := err.Error()
				var pe *cablesearch.ParseError
				switch {
				case !errors.As(err, &pe):
					res.bad = append(res.bad, fmt.Sprintf("error %T is not a *ParseError: %q", err, msg))
				case strings.ContainsAny(msg, "\n\r\x1b"):
					res.bad = append(res.bad, fmt.Sprintf("error is not one plain line: %q", msg))
				case !utf8.ValidString(msg):
					res.bad = append(res.bad, fmt.Sprintf("error is not UTF-8: %q", msg))
				}
				res.got.errs = append(res.got.errs, msg)
				continue
			}
			if c.ID == "" || !utf8.ValidString(c.Source.File) || !utf8.ValidString(c.Subject) {
				res.bad = append(res.bad, fmt.Sprintf("bad cable %q from %q", c.ID, c.Source))
			}
			for _, p := range c.Paragraphs {
				if !utf8.ValidString(p.Text) {
					res.bad = append(res.bad, fmt.Sprintf("%s: paragraph %d is not UTF-8", c.ID, p.N))
				}
			}
			res.got.ids = append(res.got.ids, c.ID)
			res.got.sources = append(res.got.sources, c.Source.String())
		}
		done <- res
	}()
	select {
	case res := <-done:
		for _, b := range res.bad {
			t.Error(b)
		}
		return res.got
	case <-time.After(20 * time.Second):
		t.Fatalf("reading %v did not end within 20s (blocked?)", paths)
	}
	return badRead{}
}

// badDir is the committed catalogue.
var badDir = filepath.Join("testdata", "bad")

// badFiles is the expected outcome of each file of testdata/bad, read on
// its own with the default options: the canonical IDs of its cables in
// order, and for each error in order a fragment that follows
// "testdata/bad/" in the message (file, line or row, field, reason).
var badFiles = []struct {
	file string
	ids  []string
	errs []string
}{
	{"bad-lines.jsonl", []string{"01ISLAMABAD648", "03ISLAMABAD8950", "01ISLAMABAD648"}, []string{
		"bad-lines.jsonl:2: json: invalid character",
		"bad-lines.jsonl:3: id: no reference ID",
		"bad-lines.jsonl:4: json: json: cannot unmarshal array",
		"bad-lines.jsonl:5: id: no reference ID",
		"bad-lines.jsonl:6: id: no reference ID",
		"bad-lines.jsonl:9: json: unexpected end of JSON input",
	}},
	{"binary.txt", nil, []string{"binary.txt:1: id: no reference ID"}},
	{"blank.html", nil, []string{"blank.html:1: read: empty input"}},
	{"cp1252-as-utf8.html", []string{"00HARARE5461"}, nil},
	{"duplicates.csv", []string{"66BUENOSAIRES2481", "66BUENOSAIRES2481", "72TEHRAN1164"}, nil},
	{"empty.txt", nil, []string{"empty.txt:1: read: empty input"}},
	{"noid.txt", nil, []string{"noid.txt:1: id: no reference ID"}},
	{"truncated-body.html", nil, []string{"truncated-body.html:1: html: unterminated <pre> block (truncated page?)"}},
	{"truncated-table.html", nil, []string{"truncated-table.html:1: html: no <pre> block (truncated page?)"}},
	{"truncated.csv", []string{"66BUENOSAIRES2481"}, []string{"truncated.csv: row 2: csv: unterminated quoted field"}},
	{"truncated.7z", nil, []string{"truncated.7z: 7z: sevenzip: error reading header id: EOF"}},
	{"truncated.txt.gz", nil, []string{"truncated.txt.gz: read: unexpected EOF"}},
	{"truncated.zip", nil, []string{"truncated.zip: zip: zip: not a valid zip file"}},
	{"utf16.txt", []string{"07KUALALUMPUR1376"}, nil},
}

// TestBadInputCatalogue reads each file of testdata/bad on its own, then
// the whole folder in one go (one bad file never stops the others).
func TestBadInputCatalogue(t *testing.T) {
	ents, err := os.ReadDir(badDir)
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{"README.md": true}
	var allIDs []string
	nerrs := 0
	for _, tt := range badFiles {
		listed[tt.file] = true
		t.Run(tt.file, func(t *testing.T) {
			got := readBad(t, cablesearch.ReaderOptions{}, filepath.Join(badDir, tt.file))
			if strings.Join(got.ids, " ") != strings.Join(tt.ids, " ") {
				t.Errorf("cables = %v, want %v", got.ids, tt.ids)
			}
			if len(got.errs) != len(tt.errs) {
				t.Errorf("errors = %q, want %d: %q", got.errs, len(tt.errs), tt.errs)
				return
			}
			for i, w := range tt.errs {
				if !strings.Contains(got.errs[i], filepath.ToSlash(badDir)+"/"+w) {
					t.Errorf("error %d = %q, want it to contain %q", i, got.errs[i], w)
				}
			}
		})
		allIDs = append(allIDs, tt.ids...)
		nerrs += len(tt.errs)
	}
	for _, e := range ents {
		if !listed[e.Name()] {
			t.Errorf("testdata/bad/%s has no row in badFiles", e.Name())
		}
	}
	// All the data files in one reader (the README, a telegram without
	// ID to the reader, is left out).
	var paths []string
	for _, tt := range badFiles {
		paths = append(paths, filepath.Join(badDir, tt.file))
	}
	got := readBad(t, cablesearch.ReaderOptions{}, paths...)
	if len(got.ids) != len(allIDs) || len(got.errs) != nerrs {
		t.Errorf("all files at once: %d cables, %d errors; want %d, %d", len(got.ids), len(got.errs), len(allIDs), nerrs)
	}
}

// telegram is a real plain telegram of the sample (07KUALALUMPUR1376).
func telegram(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(samplePath(t, "text/07KUALALUMPUR1376.txt"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestBadInputLongLines: a 4 MB line in a telegram is read whole; a JSON
// line or CSV row longer than MaxMemberSize is reported with its line or
// row and skipped, and the next one is read.
func TestBadInputLongLines(t *testing.T) {
	dir := t.TempDir()
	tele := telegram(t)
	long := append(bytes.Clone(tele), bytes.Repeat([]byte("OVERLONG "), 4<<20/9)...)
	writeFile(t, filepath.Join(dir, "text", "07KUALALUMPUR1376.txt"), long)
	writeFile(t, filepath.Join(dir, "nospace", "07KUALALUMPUR1376.txt"), append(bytes.Clone(tele), bytes.Repeat([]byte("X"), 4<<20)...))
	start := time.Now()
	got := readBad(t, cablesearch.ReaderOptions{}, filepath.Join(dir, "text"), filepath.Join(dir, "nospace"))
	if len(got.ids) != 2 || len(got.errs) != 0 {
		t.Errorf("4 MB lines: cables %v, errors %q; want 2 cables", got.ids, got.errs)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("two 4 MB lines took %v", d)
	}

	flat, err := os.ReadFile(samplePath(t, "flat/cables_flat_1-40.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := bytes.Cut(flat, []byte("\n"))
	huge := append([]byte(`{"refid": "01ISLAMABAD649", "date_time": "2/6/2001 6:23", "body": "`), bytes.Repeat([]byte("LONG "), 300<<10)...)
	huge = append(huge, "\"}\n"...)
	writeFile(t, filepath.Join(dir, "long.jsonl"), append(append(bytes.Clone(first), '\n'), append(huge, first...)...))

	csvData, err := os.ReadFile(samplePath(t, "csv/cables_csv_rows_1-36.csv"))
	if err != nil {
		t.Fatal(err)
	}
	row1 := csvData[:bytes.Index(csvData, []byte("\n\"2\",\""))+1]
	bigRow := bytes.Replace(row1, []byte("P R 281848Z DEC 66"), append([]byte("P R 281848Z DEC 66 "), bytes.Repeat([]byte("LONG "), 300<<10)...), 1)
	writeFile(t, filepath.Join(dir, "long.csv"), append(bigRow, csvData[len(row1):bytes.Index(csvData, []byte("\n\"3\",\""))+1]...))

	opts := cablesearch.ReaderOptions{MaxMemberSize: 1 << 20}
	got = readBad(t, opts, filepath.Join(dir, "long.jsonl"), filepath.Join(dir, "long.csv"))
	if want := "01ISLAMABAD648 01ISLAMABAD648 72TEHRAN1164"; strings.Join(got.ids, " ") != want {
		t.Errorf("cables = %v, want %s", got.ids, want)
	}
	wantErrs := []string{"long.jsonl:2: read: line larger than the size limit of 1 MB", "long.csv: row 1: csv: row larger than the size limit of 1 MB"}
	if len(got.errs) != len(wantErrs) {
		t.Fatalf("errors = %q, want %q", got.errs, wantErrs)
	}
	for i, w := range wantErrs {
		if !strings.Contains(got.errs[i], w) {
			t.Errorf("error %d = %q, want %q", i, got.errs[i], w)
		}
	}
}

// TestBadInputNesting: archives nested up to MaxDepth (4) are read;
// deeper ones are reported with the whole member path.
func TestBadInputNesting(t *testing.T) {
	dir := t.TempDir()
	data, name := telegram(t), "07KUALALUMPUR1376.txt"
	zdata := data
	for i := 1; i <= 6; i++ {
		data = gzBytes(t, data)
		writeFile(t, filepath.Join(dir, "gz", fmt.Sprintf("g%d.txt.gz", i)), data)
		zdata = zipBytes(t, map[string][]byte{name: zdata}, []string{name})
		name = fmt.Sprintf("z%d.zip", i)
		writeFile(t, filepath.Join(dir, "zip", name), zdata)
	}
	got := readBad(t, cablesearch.ReaderOptions{}, filepath.Join(dir, "gz"), filepath.Join(dir, "zip"))
	if len(got.ids) != 8 {
		t.Errorf("cables from %v, want 4 gzip and 4 zip depths", got.sources)
	}
	wantErrs := []string{
		"g5.txt.gz: archive: gzip archive nested deeper than 4",
		"g6.txt.gz: archive: gzip archive nested deeper than 4",
		"z5.zip!z4.zip!z3.zip!z2.zip!z1.zip: archive: zip archive nested deeper than 4",
		"z6.zip!z5.zip!z4.zip!z3.zip!z2.zip: archive: zip archive nested deeper than 4",
	}
	if len(got.errs) != len(wantErrs) {
		t.Fatalf("errors = %q, want %q", got.errs, wantErrs)
	}
	for i, w := range wantErrs {
		if !strings.Contains(got.errs[i], w) {
			t.Errorf("error %d = %q, want %q", i, got.errs[i], w)
		}
	}
}

// TestBadInputZipBomb: a 66 KB zip whose member inflates to 65 MB stops
// at the default MaxMemberSize (64 MB) with one error and the next member
// is read; the same holds for a gzip bomb and a zip bomb nested in a zip,
// with a small limit.
func TestBadInputZipBomb(t *testing.T) {
	dir := t.TempDir()
	tele := telegram(t)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("zeros.txt")
	if err != nil {
		t.Fatal(err)
	}
	w.Write(make([]byte, cablesearch.DefaultMaxMemberSize+1<<20))
	w, _ = zw.Create("07KUALALUMPUR1376.txt")
	w.Write(tele)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if buf.Len() > 100<<10 {
		t.Fatalf("bomb is %d bytes", buf.Len())
	}
	bomb := buf.Bytes()
	writeFile(t, filepath.Join(dir, "bomb.zip"), bomb)
	got := readBad(t, cablesearch.ReaderOptions{}, filepath.Join(dir, "bomb.zip"))
	if len(got.ids) != 1 || len(got.errs) != 1 || !strings.Contains(got.errs[0], "bomb.zip!zeros.txt: read: larger than the size limit of 64 MB") {
		t.Errorf("zip bomb: cables %v errors %q; want 1 cable and the bomb's error", got.ids, got.errs)
	}

	small := cablesearch.ReaderOptions{MaxMemberSize: 1 << 20}
	var gz bytes.Buffer
	gw := gzip.NewWriter(&gz)
	gw.Write(tele)
	gw.Write(make([]byte, 2<<20))
	gw.Close()
	writeFile(t, filepath.Join(dir, "07KUALALUMPUR1376.txt.gz"), gz.Bytes())
	inner := zipBytes(t, map[string][]byte{"zeros.txt": make([]byte, 2<<20)}, []string{"zeros.txt"})
	writeFile(t, filepath.Join(dir, "outer.zip"), zipBytes(t, map[string][]byte{"inner.zip": inner, "b.txt.gz": gz.Bytes()}, []string{"inner.zip", "b.txt.gz"}))
	got = readBad(t, small, filepath.Join(dir, "07KUALALUMPUR1376.txt.gz"), filepath.Join(dir, "outer.zip"))
	wantErrs := []string{
		"07KUALALUMPUR1376.txt.gz: read: larger than the size limit of 1 MB",
		"outer.zip!inner.zip!zeros.txt: read: larger than the size limit of 1 MB",
		"outer.zip!b.txt.gz: read: larger than the size limit of 1 MB",
	}
	if len(got.ids) != 0 || len(got.errs) != len(wantErrs) {
		t.Fatalf("small limit: cables %v errors %q; want %q", got.ids, got.errs, wantErrs)
	}
	for i, w := range wantErrs {
		if !strings.Contains(got.errs[i], w) {
			t.Errorf("error %d = %q, want %q", i, got.errs[i], w)
		}
	}
}

// snapshot lists every path under root with its size and mode.
func snapshot(t *testing.T, root string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %v %d\n", p, info.Mode(), info.Size())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestBadInputTraversal reads zip and tar archives whose member names
// climb out of the archive ("../../etc/passwd", "/etc/passwd"), hold
// control characters or invalid UTF-8, or are links: the reader reads in
// place, so each member is a record named "archive!member" with the
// archive's bytes, nothing on disk is created or changed, links are
// skipped, and names are printable on one line.
func TestBadInputTraversal(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "in")
	tele := telegram(t)
	names := []string{
		"../../etc/passwd",
		"/etc/passwd",
		"a/../../../07KUALALUMPUR1376.txt",
		"..\\..\\windows\\win.ini", // a hidden file (leading dot): skipped
		"evil\n\x1b[31mred.txt",
		"caf\xe9/x.txt",
	}
	files := map[string][]byte{}
	for _, n := range names {
		files[n] = tele
	}
	files["evil\n\x1b[31mred.txt"] = []byte("a note with no cable in it")
	writeFile(t, filepath.Join(dir, "traversal.zip"), zipBytes(t, files, names))
	var tb bytes.Buffer
	tw := tar.NewWriter(&tb)
	for _, n := range names {
		tw.WriteHeader(&tar.Header{Name: n, Mode: 0o644, Size: int64(len(files[n])), Typeflag: tar.TypeReg})
		tw.Write(files[n])
	}
	tw.WriteHeader(&tar.Header{Name: "07STATE1.txt", Linkname: "/etc/passwd", Typeflag: tar.TypeSymlink})
	tw.WriteHeader(&tar.Header{Name: "07STATE2.txt", Linkname: "../../etc/passwd", Typeflag: tar.TypeLink})
	tw.WriteHeader(&tar.Header{Name: "../../07STATE3", Typeflag: tar.TypeDir, Mode: 0o755})
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "traversal.tar.gz"), gzBytes(t, tb.Bytes()))

	before := snapshot(t, root)
	got := readBad(t, cablesearch.ReaderOptions{}, dir)
	if after := snapshot(t, root); after != before {
		t.Errorf("reading changed the disk:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	var want []string
	for _, a := range []string{"traversal.tar.gz", "traversal.zip"} {
		for _, m := range []string{"../../etc/passwd", "/etc/passwd", "a/../../../07KUALALUMPUR1376.txt", "caf\uFFFD/x.txt"} {
			want = append(want, filepath.Join(dir, a)+"!"+m+":1")
		}
	}
	if strings.Join(got.sources, "\n") != strings.Join(want, "\n") {
		t.Errorf("sources:\n%s\nwant:\n%s", strings.Join(got.sources, "\n"), strings.Join(want, "\n"))
	}
	for _, id := range got.ids {
		if id != "07KUALALUMPUR1376" {
			t.Errorf("cable %s: not the archive's own telegram", id)
		}
	}
	if len(got.errs) != 2 {
		t.Fatalf("errors = %q, want one per archive for the control-character name", got.errs)
	}
	for i, a := range []string{"traversal.tar.gz", "traversal.zip"} {
		if w := a + `!evil\x0a\x1b[31mred.txt:1: id: no reference ID`; !strings.Contains(got.errs[i], w) {
			t.Errorf("error %d = %q, want %q", i, got.errs[i], w)
		}
	}
}

// TestReaderNeverWrites checks the reader's source: no file of the root
// package outside tests calls a function that creates, writes, renames or
// removes files, so no archive member name can make it write anywhere.
func TestReaderNeverWrites(t *testing.T) {
	banned := map[string]bool{"Create": true, "CreateTemp": true, "WriteFile": true, "OpenFile": true, "Mkdir": true,
		"MkdirAll": true, "MkdirTemp": true, "Rename": true, "Remove": true, "RemoveAll": true, "Symlink": true,
		"Link": true, "Chmod": true, "Chtimes": true, "Truncate": true}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(af, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "os" && banned[sel.Sel.Name] {
				t.Errorf("%s: os.%s in the reader package", fset.Position(sel.Pos()), sel.Sel.Name)
			}
			return true
		})
	}
}

// TestBadInputSpecialFiles: in a folder, links to a named pipe or a
// device are reported instead of blocking the reader or feeding it
// forever, and a dangling link is reported.
func TestBadInputSpecialFiles(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "in")
	writeFile(t, filepath.Join(dir, "d-07KUALALUMPUR1376.txt"), telegram(t))
	fifo := filepath.Join(root, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	links := map[string]string{"a-pipe.txt": fifo, "b-dangling.txt": filepath.Join(root, "nowhere"), "c-zero.txt": "/dev/zero"}
	for name, target := range links {
		if err := os.Symlink(target, filepath.Join(dir, name)); err != nil {
			t.Skipf("no symbolic links here: %v", err)
		}
	}
	got := readBad(t, cablesearch.ReaderOptions{}, dir)
	if len(got.ids) != 1 {
		t.Errorf("cables = %v, want the one telegram", got.ids)
	}
	wantErrs := []string{"a-pipe.txt: open: not a regular file (a named pipe)", "c-zero.txt: open: not a regular file (a device)", "b-dangling.txt: open: open: no such file or directory"}
	if len(got.errs) != len(wantErrs) {
		t.Fatalf("errors = %q, want %q", got.errs, wantErrs)
	}
	for i, w := range wantErrs {
		if !strings.Contains(got.errs[i], w) {
			t.Errorf("error %d = %q, want %q", i, got.errs[i], w)
		}
	}
}

// FuzzArchiveNames puts a member with any name (and any content) in a
// zip and in a tar: whatever the name, the reader yields records whose
// source is printable UTF-8 on one line, its errors are one-line
// *ParseErrors, and the name never makes it read anything but the
// archive (the reader never opens a path).
func FuzzArchiveNames(f *testing.F) {
	f.Add("../../etc/passwd", []byte("UNCLAS MOSCOW 000521\nSUBJECT: X\n"))
	f.Add("/abs/09MOSCOW521.txt", []byte("text"))
	f.Add("evil\n\x1b[31m\u202e.txt", []byte(""))
	f.Add("caf\xe9/\x00x.html", []byte("<html><pre>x</pre>"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		if name == "" || len(name) > 200 {
			return
		}
		var zb bytes.Buffer
		zw := zip.NewWriter(&zb)
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store})
		if err != nil {
			return
		}
		w.Write(data)
		if zw.Close() != nil {
			return
		}
		var tb bytes.Buffer
		tw := tar.NewWriter(&tb)
		if tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(data)), Typeflag: tar.TypeReg, Format: tar.FormatPAX}) != nil {
			return
		}
		tw.Write(data)
		if tw.Close() != nil {
			return
		}
		for _, arch := range [][]byte{zb.Bytes(), tb.Bytes()} {
			r := cablesearch.NewStreamReader(cablesearch.ReaderOptions{MaxMemberSize: 1 << 20}, "a.archive", bytes.NewReader(arch))
			for i := 0; ; i++ {
				if i > 1000 {
					t.Fatal("reader does not end")
				}
				c, err := r.Read()
				if err == io.EOF {
					break
				}
				var src string
				if err != nil {
					var pe *cablesearch.ParseError
					if !errors.As(err, &pe) {
						t.Fatalf("error %T %v is not a *ParseError", err, err)
					}
					if msg := err.Error(); strings.ContainsAny(msg, "\n\r\x1b") || !utf8.ValidString(msg) {
						t.Fatalf("error not one printable UTF-8 line: %q", msg)
					}
					src = pe.Source.File
				} else {
					src = c.Source.File
				}
				if src != "" && !strings.HasPrefix(src, "a.archive") {
					t.Fatalf("source %q is not inside the archive", src)
				}
				if strings.ContainsAny(src, "\n\r\x1b\x00") || !utf8.ValidString(src) {
					t.Fatalf("source %q is not printable UTF-8", src)
				}
			}
			r.Close()
		}
	})
}
