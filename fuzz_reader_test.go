package cablesearch_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"unicode/utf8"

	"github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/internal/testcorpus"
)

// checkUTF8 reports any string of v (walked recursively) that is not
// valid UTF-8.
func checkUTF8(t *testing.T, v reflect.Value, path string) {
	switch v.Kind() {
	case reflect.String:
		if !utf8.ValidString(v.String()) {
			t.Errorf("%s is not valid UTF-8: %q", path, v.String())
		}
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			checkUTF8(t, v.Elem(), path)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			checkUTF8(t, v.Index(i), path+"[]")
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				checkUTF8(t, v.Field(i), path+"."+v.Type().Field(i).Name)
			}
		}
	}
}

// fuzzRead reads data as a stream named name with the given
// format (empty: detect) and checks that nothing panics, every error is a
// *ParseError and every cable has an ID and valid UTF-8.
func fuzzRead(t *testing.T, name, format string, data []byte) {
	r := cablesearch.NewStreamReader(cablesearch.ReaderOptions{Format: format, MaxMemberSize: 1 << 20}, name, bytes.NewReader(data))
	defer r.Close()
	for i := 0; i < 10000; i++ {
		c, err := r.Read()
		if err == io.EOF {
			return
		}
		if err != nil {
			var pe *cablesearch.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			continue
		}
		if c.ID == "" {
			t.Errorf("accepted a cable without ID")
		}
		checkUTF8(t, reflect.ValueOf(c), "Cable")
	}
	t.Fatalf("reader does not end")
}

// addSeeds adds the files of a testdata sample folder (or of the shared
// corpus) as seeds, up to n of them, each cut to max bytes.
func addSeeds(f *testing.F, sub string, n, max int) {
	dir := filepath.Join(testcorpus.TestdataDir(), "sample", sub)
	ents, err := os.ReadDir(dir)
	if err != nil {
		if d := testcorpus.Dir(); d != "" {
			dir = filepath.Join(d, sub)
			ents, _ = os.ReadDir(dir)
		}
	}
	for i, e := range ents {
		if i >= n {
			break
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil || e.IsDir() {
			continue
		}
		// Small seeds keep the fuzzer fast: drop the page chrome before
		// the metadata table, then cut.
		if i := bytes.Index(b, []byte("<table class='cable'>")); i > 0 {
			b = b[i:]
		}
		if len(b) > max {
			b = b[:max]
		}
		f.Add(b)
	}
}

func FuzzReadHTML(f *testing.F) {
	addSeeds(f, "html", 3, 4<<10)
	f.Add([]byte("<table class='cable'><tr><td>x</td></tr></table><pre>id:\nrefid: 01A1\nheader:\n</pre>"))
	f.Add([]byte("<h3>Viewing cable 09X1, S</h3><pre><a id='par1' href='#par1'>&#xD800;</a>1. \\\n</pre>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, "page.html", cablesearch.FormatHTML, data)
	})
}

func FuzzReadCSV(f *testing.F) {
	addSeeds(f, "csv", 1, 4<<10)
	f.Add([]byte("\"1\",\"1/2/2009 5:06\",\"09MOSCOW521\",\"E\",\"C\",\"\",\"h\\\"\",\"b\\\\\"\n"))
	f.Add([]byte("\"\"\"\n\"\\"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, "rows.csv", cablesearch.FormatCSV, data)
	})
}

func FuzzReadTextPage(f *testing.F) {
	addSeeds(f, "textpage", 1, 4<<10)
	f.Add([]byte("Viewing cable 09X1, S\nReference ID Created Released Classification Origin\n09X1\n2009-03-04 05:26\n2011-08-24 01:00\nSECRET//NOFORN\nEmbassy X\nR 040526Z MAR 09\nFM X\nSECRET\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, "page.txt", cablesearch.FormatTextPage, data)
	})
}

func FuzzReadJSONL(f *testing.F) {
	addSeeds(f, "flat", 1, 4<<10)
	f.Add([]byte(`{"id":"09MOSCOW521","raw_id":"09MOSCOW521","paragraphs":[{"n":1,"text":"\udc00"}]}` + "\n{}\nnull\n[1]\n"))
	f.Add([]byte(`{"refid":"01X1","date_time":"2/6/2001 6:23","body":"C O N F I D E N T I A L"}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, "cables.jsonl", "", data)
	})
}

// FuzzReadDetect reads anything with format detection, archives included.
func FuzzReadDetect(f *testing.F) {
	addSeeds(f, "text", 12, 2<<10)
	addSeeds(f, "html-full", 1, 2<<10)
	f.Add([]byte("\x1f\x8b\x08\x00\x00\x00\x00\x00"))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("7z\xbc\xaf\x27\x1c\x00\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, "input", "", data)
	})
}
