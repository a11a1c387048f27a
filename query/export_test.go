package query_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/cablesearch/cablesearch/query"
)

func TestExport(t *testing.T) {
	created := time.Date(2009, 2, 20, 10, 0, 0, 0, time.UTC)
	res := &query.Result{Hits: []query.Hit{{
		ID: "09MOSCOW521", Created: created, Subject: "=HYPERLINK(\"http://x\")", Origin: "Embassy Moscow",
		Classification: "CONFIDENTIAL", Score: 1.5,
		Paragraphs: []query.ParagraphHit{{N: 12, Marking: "C", Snippet: "the <mark>ex officio</mark> &amp; customs"}},
	}, {ID: "09STATE1", Subject: "no paragraphs"}}}
	var b bytes.Buffer
	ew, err := query.NewExportWriter(&b, "csv")
	if err != nil {
		t.Fatal(err)
	}
	if err := ew.Write(res); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ got, want string }{
		{strings.Join(recs[0], ","), strings.Join(query.ExportColumns, ",")},
		{recs[1][1], "09MOSCOW521 ¶12"},
		{recs[1][3], "C"},
		{recs[1][7], `'=HYPERLINK("http://x")`}, // a formula is neutralised
		{recs[1][9], "the ex officio & customs"},
		{recs[1][10], "https://wikileaks.org/cable/2009/02/09MOSCOW521.html#par12"},
		{recs[2][1], "09STATE1"},
		{recs[2][2], ""},
		{recs[2][10], "https://wikileaks.org/plusd/cables/09STATE1_a.html"},
	}
	for i, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%d: got %q, want %q", i, tt.got, tt.want)
		}
	}
	if _, err := query.NewExportWriter(&b, "xml"); err == nil {
		t.Error("NewExportWriter(xml): no error")
	}
}
