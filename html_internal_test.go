package cablesearch

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cablesearch/cablesearch/internal/testcorpus"
)

func TestPreText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"A&#x000A;B", "A\nB"},
		{"TAGS: <a href='/tag/PREL_0.html'>PREL</a> <a href='/tag/VE_0.html'>VE</a>", "TAGS: PREL VE"},
		{"&#x000A;<a id='par1' href='#par1'>¶</a>1. (C) TEXT", "\n1. (C) TEXT"},
		{"<a id=\"par12\" href=\"#par12\">¶</a>12. X", "12. X"},
		{"LINE ONE \\&#x000A;LINE TWO\\ &#x000A;LAST\\", "LINE ONE\nLINE TWO\nLAST"},
		{"A &amp; B &lt;C&gt; &quot;D&quot; &#39;E&#39; &#8217;", "A & B <C> \"D\" 'E' \u2019"},
		{"1 < 2 and 3", "1 < 2 and 3"},
		{"e\u0301", "\u00e9"}, // NFC
	} {
		if got := preText([]byte(tc.in)); got != tc.want {
			t.Errorf("preText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestScanTable(t *testing.T) {
	for _, tc := range []struct {
		table string
		want  [5]string
		media []string
	}{
		{
			"<table class='cable'><tr><th>Reference ID</th><th>Created</th><th>Released</th><th>Classification</th><th>Origin</th></tr>" +
				"<tr><td><a href='x'>00TASHKENT4223</a></td><td><a>2000-11-02 11:11</a></td><td><a>2010-12-18 21:09</a></td>" +
				"<td><a href='/classification/1_0.html' title='unclassified'>CONFIDENTIAL</a></td><td><a>Embassy Tashkent</a></td></tr>" +
				"<tr><td colspan='5'>Appears in these articles:<br /><a href='http://http://a.ru/x/'>http://a.ru/x/</a><br /><a href='http://www.spiegel.de'>www.spiegel.de</a><br /><a href=''>www.b.com/y</a><br /></td></tr>",
			[5]string{"00TASHKENT4223", "2000-11-02 11:11", "2010-12-18 21:09", "CONFIDENTIAL", "Embassy Tashkent"},
			[]string{"http://a.ru/x/", "http://www.spiegel.de", "http://www.b.com/y"},
		},
		{
			"<table class='cable'><tr><th>Reference ID</th><th>Date</th><th>Classification</th><th>Origin</th></tr>" +
				"<tr><td><a>10STATE17263</a></td><td><a>2010-02-24 22:10</a></td><td><a title='confidential'>SECRET</a></td><td><a>Secretary of State</a></td></tr>" +
				"<tr><td colspan='4'></td></tr>",
			[5]string{"10STATE17263", "2010-02-24 22:10", "", "SECRET", "Secretary of State"},
			nil,
		},
	} {
		var p htmlPage
		scanTable([]byte(tc.table), &p)
		if got := p.meta(); got != tc.want {
			t.Errorf("meta = %q, want %q", got, tc.want)
		}
		if strings.Join(p.media, " ") != strings.Join(tc.media, " ") {
			t.Errorf("media = %q, want %q", p.media, tc.media)
		}
	}
}

func TestParseFinalRecord(t *testing.T) {
	block := "id: 2745\ndate: 4/11/2002 20:44\nrefid: 02BOGOTA3281\norigin: Embassy Bogota\nclassification: SECRET\n" +
		"destination: 02BOGOTA3101 02BOGOTA3000\nheader:\nP 112044Z APR 02\nFM AMEMBASSY BOGOTA\n\n\n" +
		"----------------- header ends ----------------\n\nS E C R E T SECTION 01 OF 02 BOGOTA 003281\n"
	fr, ok := parseFinalRecord(block)
	if !ok {
		t.Fatal("not recognised")
	}
	if fr.refid != "02BOGOTA3281" || fr.date != "4/11/2002 20:44" || fr.origin != "Embassy Bogota" || fr.classification != "SECRET" {
		t.Errorf("fields: %+v", fr)
	}
	if strings.Join(fr.destination, ",") != "02BOGOTA3101,02BOGOTA3000" {
		t.Errorf("destination = %q", fr.destination)
	}
	if fr.header != "P 112044Z APR 02\nFM AMEMBASSY BOGOTA" {
		t.Errorf("header = %q", fr.header)
	}
	if fr.body != "S E C R E T SECTION 01 OF 02 BOGOTA 003281\n" {
		t.Errorf("body = %q", fr.body)
	}
	if _, ok := parseFinalRecord("UNCLAS SECTION 01\nid: x\n"); ok {
		t.Errorf("ordinary body taken for a final-release record")
	}
}

func TestSplitTelegram(t *testing.T) {
	for _, tc := range []struct{ in, header, body string }{
		{"\nVZCZCXYZ0000\nR 040526Z MAR 09\nFM AMEMBASSY MOSCOW\nTO RUEHC/SECSTATE WASHDC 2209\nUNCLAS SECTION 01 OF 04 MOSCOW 000521\n\nTEXT",
			"VZCZCXYZ0000\nR 040526Z MAR 09\nFM AMEMBASSY MOSCOW\nTO RUEHC/SECSTATE WASHDC 2209", "UNCLAS SECTION 01 OF 04 MOSCOW 000521\n\nTEXT"},
		{"C O N F I D E N T I A L ROME 001196\n\nTEXT", "", "C O N F I D E N T I A L ROME 001196\n\nTEXT"},
		{"P 112044Z APR 02\nFM AMEMBASSY BOGOTA\nTO SECSTATE WASHDC\nINFO SECRETARY OF DEFENSE\n\nE.O. 12958: N/A\nTEXT",
			"P 112044Z APR 02\nFM AMEMBASSY BOGOTA\nTO SECSTATE WASHDC\nINFO SECRETARY OF DEFENSE", "E.O. 12958: N/A\nTEXT"},
		{"", "", ""},
		// The classification line at the top of an old header stays in it.
		{"This record is a partial extract.\n\n   CONFIDENTIAL     PTQ2529\nPAGE 01 HARARE 05461\nFM AMEMBASSY HARARE\nTO SECSTATE WASHDC\nC O N F I D E N T I A L SECTION 01 OF 02\nTEXT",
			"This record is a partial extract.\n\n   CONFIDENTIAL     PTQ2529\nPAGE 01 HARARE 05461\nFM AMEMBASSY HARARE\nTO SECSTATE WASHDC", "C O N F I D E N T I A L SECTION 01 OF 02\nTEXT"},
		// A header copied without its first lines.
		{"RUEHXD/MOSCOW POLITICAL COLLECTIVE\nRUCPDOC/DEPT OF COMMERCE WASHDC\nUNCLAS SECTION 01 OF 04 MOSCOW 000521\nTEXT",
			"RUEHXD/MOSCOW POLITICAL COLLECTIVE\nRUCPDOC/DEPT OF COMMERCE WASHDC", "UNCLAS SECTION 01 OF 04 MOSCOW 000521\nTEXT"},
		// Prose before a banner is body.
		{"Some notes about this cable.\nUNCLAS MOSCOW 000521\nTEXT", "", "Some notes about this cable.\nUNCLAS MOSCOW 000521\nTEXT"},
	} {
		h, b := splitTelegram(strings.Split(tc.in, "\n"))
		if h != tc.header || b != tc.body {
			t.Errorf("splitTelegram(%q) = %q, %q, want %q, %q", tc.in, h, b, tc.header, tc.body)
		}
	}
}

func TestIDFromName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"/x/text/07KUALALUMPUR1376.txt", "07KUALALUMPUR1376"},
		{"a.zip!cable/2009/03/09moscow521.html", "09MOSCOW521"},
		{"/x/notes.txt", ""},
		{"/x/2009.txt", ""},
	} {
		if got := idFromName(tc.in); got != tc.want {
			t.Errorf("idFromName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestToUTF8(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"PARA \xb61. caf\xe9", "PARA ¶1. café"},
		{"\xef\xbb\xbfA\r\nB\rC", "A\nB\nC"},
		{"ok ¶", "ok ¶"},
	} {
		if got := string(toUTF8([]byte(tc.in))); got != tc.want {
			t.Errorf("toUTF8(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestScanHTMLNoCable(t *testing.T) {
	var p htmlPage
	if err := scanHTML([]byte("<html><body><h3>Browse by tag</h3><a href='/tag/PREL_0.html'>PREL</a></body></html>"), &p); !errors.Is(err, ErrEmpty) {
		t.Errorf("browse page: %v, want ErrEmpty", err)
	}
	p = htmlPage{}
	if err := scanHTML([]byte("<h3>Viewing cable 09X1, S</h3><table class='cable'><tr><td>09X1</td>"), &p); err == nil || errors.Is(err, ErrEmpty) {
		t.Errorf("truncated page: %v, want a non-empty error", err)
	}
}

// BenchmarkParseHTML measures the whole parse of about 200 corpus pages
// (page scan plus telegram parser), in bytes of page per second, and per
// CPU-second, which is the per-core figure on a shared machine.
func BenchmarkParseHTML(b *testing.B) {
	dir := testcorpus.Path(b, "html")
	ents, err := os.ReadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	var recs []*Record
	var size int64
	step := max(1, len(ents)/200)
	for i := 0; i < len(ents) && len(recs) < 200; i += step {
		data, err := os.ReadFile(filepath.Join(dir, ents[i].Name()))
		if err != nil {
			b.Fatal(err)
		}
		recs = append(recs, &Record{Source: Source{File: ents[i].Name(), Format: FormatHTML, Line: 1}, Data: data})
		size += int64(len(data))
	}
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := processCPUTime()
	n := 0
	for b.Loop() {
		for _, rec := range recs {
			if _, err := ParseRecord(rec); err != nil {
				b.Fatal(err)
			}
		}
		n++
	}
	if cpu := processCPUTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(size)*float64(n)/cpu.Seconds()/1e6, "MB/cpu-s")
	}
}

// BenchmarkScanHTML measures the page scan alone (no telegram parser).
func BenchmarkScanHTML(b *testing.B) {
	dir := testcorpus.Path(b, "html")
	ents, err := os.ReadDir(dir)
	if err != nil {
		b.Fatal(err)
	}
	var pages [][]byte
	var size int64
	step := max(1, len(ents)/200)
	for i := 0; i < len(ents) && len(pages) < 200; i += step {
		data, err := os.ReadFile(filepath.Join(dir, ents[i].Name()))
		if err != nil {
			b.Fatal(err)
		}
		pages = append(pages, data)
		size += int64(len(data))
	}
	b.SetBytes(size)
	b.ResetTimer()
	cpu0 := processCPUTime()
	n := 0
	for b.Loop() {
		for _, data := range pages {
			var p htmlPage
			if err := scanHTML(toUTF8(data), &p); err != nil {
				b.Fatal(err)
			}
		}
		n++
	}
	if cpu := processCPUTime() - cpu0; cpu > 0 {
		b.ReportMetric(float64(size)*float64(n)/cpu.Seconds()/1e6, "MB/cpu-s")
	}
}

func TestFindFinalRecord(t *testing.T) {
	rec := "id: 65100\ndate: 5/23/2006 13:25\nrefid: 06LIMA2017\norigin: Embassy Lima\nclassification: CONFIDENTIAL\ndestination: \nheader:\nR 231325Z MAY 06\n\n--- header ends ---\n\nBODY"
	for _, prefix := range []string{"", "C O N F I D E N T I A L LIMA 002017\n\n1.  (U) Visit..\n", "CAPTION\n..."} {
		block := prefix + rec
		i := findFinalRecord(block)
		fr, ok := parseFinalRecord(block[i:])
		if !ok || fr.refid != "06LIMA2017" || fr.body != "BODY" || fr.header != "R 231325Z MAY 06" {
			t.Errorf("prefix %q: at %d, %+v, %v", prefix, i, fr, ok)
		}
	}
	if i := findFinalRecord("UNCLAS\n1. The refid: field and the header ends here.\n"); i != 0 {
		t.Errorf("ordinary body: at %d, want 0", i)
	}
}
