package cablesearch

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cablesearch/cablesearch/internal/testcorpus"
)

// checkCableUTF8 reports the first string field of v that is not valid
// UTF-8.
func checkCableUTF8(v reflect.Value, path string) string {
	switch v.Kind() {
	case reflect.String:
		if !utf8.ValidString(v.String()) {
			return path
		}
	case reflect.Pointer:
		if !v.IsNil() {
			return checkCableUTF8(v.Elem(), path)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if p := checkCableUTF8(v.Field(i), path+"."+v.Type().Field(i).Name); p != "" {
				return p
			}
		}
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			if p := checkCableUTF8(v.Index(i), path); p != "" {
				return p
			}
		}
	}
	return ""
}

func FuzzParseTelegram(f *testing.F) {
	f.Add("P 182318Z FEB 09\nFM AMEMBASSY MOSCOW\nTO RUEHC/SECSTATE WASHDC PRIORITY 4696", "C O N F I D E N T I A L MOSCOW 000521\n\nE.O. 12958: DECL: 03/18/2018\nTAGS: PREL\nSUBJECT: (C) X\n\nClassified By: Ambassador John Beyrle for reasons 1.4 (b) and (d)\n\n¶1. (C) Summary: a. End Summary.\n¶2. (S//NF) b\nBEYRLE\n")
	f.Add("", "PAGE 01 HARARE 05461 01 OF 02 271458Z\nFM AMEMBASSY HARARE\nTO SECSTATE WASHDC\nXMT\nCONFIDENTIAL\n1. CONFIDENTIAL - ENTIRE TEXT\n2. COMMENT: x END COMMENT")
	f.Add("INFO XMT", "Classified By: , , ,\nSUBJECT:\n\n")
	if d := testcorpus.Dir(); d != "" {
		files, _ := filepath.Glob(filepath.Join(d, "html", "*", "*", "*.html"))
		if len(files) == 0 {
			files, _ = filepath.Glob(filepath.Join(d, "html", "*.html"))
		}
		for i := 0; i < len(files) && i < 400; i += 40 {
			data, err := os.ReadFile(files[i])
			if err != nil {
				continue
			}
			bl := preBlocks(string(data))
			if len(bl) == 2 {
				f.Add(bl[0], bl[1])
			}
		}
	}
	f.Fuzz(func(t *testing.T, header, body string) {
		var c Cable
		parseTelegram(&c, header, body)
		for _, p := range c.Paragraphs {
			if p.N < 0 {
				t.Fatalf("negative paragraph number %d", p.N)
			}
		}
		_ = titlefy(c.Subject)
		_ = cleanContent(body)
		if utf8.ValidString(header) && utf8.ValidString(body) {
			if p := checkCableUTF8(reflect.ValueOf(c), "Cable"); p != "" {
				t.Fatalf("invalid UTF-8 in %s", p)
			}
			if s := titlefy(body); !utf8.ValidString(s) {
				t.Fatalf("titlefy: invalid UTF-8")
			}
		}
		if strings.Contains(body, "\x00") {
			return
		}
	})
}
