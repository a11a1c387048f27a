package query_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/query"
)

// fixtureCables are a few small cables with known words, dates, tags,
// markings and references.
func fixtureCables() []*cablesearch.Cable {
	mk := func(id, origin, station, class string, created string, tags []string, refs []string, subject string, paras ...string) *cablesearch.Cable {
		t, _ := time.Parse("2006-01-02", created)
		c := &cablesearch.Cable{
			ID: id, RawID: id, Created: t, Classification: class, Origin: origin, Station: station,
			Subject: subject, Tags: tags, References: refs,
			Source: cablesearch.Source{File: "fixture", Line: 1},
		}
		level, caveat, _ := strings.Cut(class, "//")
		c.Level = level
		if caveat != "" {
			c.Caveats = []string{caveat}
		}
		for i, p := range paras {
			marking, text, _ := strings.Cut(p, "|")
			c.Paragraphs = append(c.Paragraphs, cablesearch.Paragraph{N: i + 1, Marking: marking, Text: text})
		}
		return c
	}
	return []*cablesearch.Cable{
		mk("08MOSCOW3060", "Embassy Moscow", "MOSCOW", "CONFIDENTIAL", "2008-10-15",
			[]string{"PREL", "ENRG"}, nil,
			"Gas pipeline talks",
			"C|The Ambassador discussed the gas pipeline with the Minister.",
			"C|Customs officials attended ex officio.",
		),
		mk("09MOSCOW521", "Embassy Moscow", "MOSCOW", "SECRET//NOFORN", "2009-02-26",
			[]string{"PREL", "PGOV"}, []string{"08MOSCOW3060"},
			"Customs dispute",
			"S/NF|Customs officers seized the shipment; the deputy minister sat ex officio on the customs board.",
			"C|The gas deal is on hold.",
			"S/NF|Comment: more ex officio customs issues are expected.",
		),
		mk("09PARIS100", "Embassy Paris", "PARIS", "UNCLASSIFIED", "2009-06-03",
			[]string{"ECON"}, []string{"09MOSCOW521"},
			"French views on gas",
			"SBU|French officials see the gas pipeline as a European matter (REF 09 MOSCOW 521).",
		),
		mk("07STATE5", "Secretary of State", "STATE", "SECRET", "2007-01-20",
			[]string{"PREL", "KNNP"}, nil,
			"Demarche on Iran",
			"S|Deliver the demarche on Iran to the Ministry.",
		),
	}
}

// openFixture builds the fixture index in a temporary folder.
func openFixture(t testing.TB) *index.Index {
	t.Helper()
	return openCables(t, fixtureCables()...)
}

// openCables builds an index of cables in a temporary folder and opens
// it, closed when the test ends.
func openCables(t testing.TB, cables ...*cablesearch.Cable) *index.Index {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "idx")
	if _, err := index.BuildCables(context.Background(), dir, index.BuildOptions{}, index.Cables(cables...)); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

func ids(r *query.Result) string {
	var s []string
	for _, h := range r.Hits {
		s = append(s, h.ID)
	}
	return strings.Join(s, " ")
}

func TestSearch(t *testing.T) {
	ix := openFixture(t)
	tests := []struct {
		q, want string // want: hit IDs in order, or "ANY:" then IDs in any order
	}{
		{"", "ANY:07STATE5 08MOSCOW3060 09MOSCOW521 09PARIS100"},
		{"ex officio customs", "ANY:08MOSCOW3060 09MOSCOW521"},
		{`"ex officio"`, "ANY:08MOSCOW3060 09MOSCOW521"},
		{"pipeline -tag:enrg", "09PARIS100"},
		{"gas OR iran", "ANY:07STATE5 08MOSCOW3060 09MOSCOW521 09PARIS100"},
		{"offic*", "ANY:08MOSCOW3060 09MOSCOW521 09PARIS100"}, // prefixes meet stemmed terms: "officia*" finds nothing
		{"pipelin~1", "ANY:08MOSCOW3060 09PARIS100"},
		{"tag:prel", "ANY:07STATE5 08MOSCOW3060 09MOSCOW521"},
		{`tag:"energy and power"`, "08MOSCOW3060"},
		{`tag:"political relations"`, "ANY:07STATE5 08MOSCOW3060 09MOSCOW521"},
		{"tag:economic", "09PARIS100"},
		{"class:secret", "ANY:07STATE5 09MOSCOW521"},
		{"class:noforn", "09MOSCOW521"},
		{"class:S//NF", "09MOSCOW521"},
		{"marking:s/nf", "09MOSCOW521"},
		{"marking:SBU", "09PARIS100"},
		{"origin:moscow", "ANY:08MOSCOW3060 09MOSCOW521"},
		{`origin:"Embassy Paris"`, "09PARIS100"},
		{`origin:"embassy paris"`, "09PARIS100"},
		{"station:paris", "09PARIS100"},
		{"subject:customs", "09MOSCOW521"},
		{"created:2009", "ANY:09MOSCOW521 09PARIS100"},
		{"created:2008-10..2009-02", "ANY:08MOSCOW3060 09MOSCOW521"},
		{"after:2009-03", "09PARIS100"},
		{"before:2008", "07STATE5"},
		{"id:09MOSCOW521", "09MOSCOW521"},
		{`ref:"09 MOSCOW 521"`, "09MOSCOW521"},
		{"cites:09MOSCOW521", "09PARIS100"},
		{"cites:08MOSCOW3060", "09MOSCOW521"},
		{"citedby:09MOSCOW521", "08MOSCOW3060"},
		{"citedby:09PARIS100", "09MOSCOW521"},
		{"citedby:07STATE5 gas", ""},
		{"citedby:07STATE5 OR iran", "07STATE5"},
		{"gas & pipeline", "ANY:08MOSCOW3060 09PARIS100"},
		{"09 MOSCOW 521", "09MOSCOW521 09PARIS100"},
		{"MOSCOW 00000521", "09MOSCOW521 09PARIS100"},
		{"-gas", "07STATE5"},
	}
	for _, tt := range tests {
		res, err := query.Search(context.Background(), ix, query.Request{Query: tt.q})
		if err != nil {
			t.Errorf("Search(%q): %v", tt.q, err)
			continue
		}
		got, want := ids(res), tt.want
		if w, ok := strings.CutPrefix(want, "ANY:"); ok {
			want = w
			f := strings.Fields(got)
			sortStrings(f)
			got = strings.Join(f, " ")
		}
		if got != want {
			t.Errorf("Search(%q) = [%s], want [%s]", tt.q, got, want)
		}
	}
}

func sortStrings(s []string) {
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
}

func TestSearchParagraphs(t *testing.T) {
	ix := openFixture(t)
	res, err := query.Search(context.Background(), ix, query.Request{Query: "ex officio customs", Sort: query.SortNewest})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 2 || res.Hits[0].ID != "09MOSCOW521" {
		t.Fatalf("hits = %s, want 09MOSCOW521 first (newest)", ids(res))
	}
	h := res.Hits[0]
	if h.Subject != "Customs dispute" || h.Origin != "Embassy Moscow" || h.Classification != "SECRET//NOFORN" || h.Created.Format("2006-01-02") != "2009-02-26" {
		t.Errorf("hit fields = %+v", h)
	}
	var got []string
	for _, p := range h.Paragraphs {
		got = append(got, fmt.Sprintf("%d %s %s", p.N, p.Marking, p.Snippet))
	}
	want := []string{
		"1 S/NF <mark>Customs</mark> officers seized the shipment; the deputy minister sat <mark>ex officio</mark> on the <mark>customs</mark> board.",
		"3 S/NF Comment: more <mark>ex officio customs</mark> issues are expected.",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("paragraphs =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	res, err = query.Search(context.Background(), ix, query.Request{Query: "ex officio customs", MaxParagraphs: -1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) != 2 || len(res.Hits[0].Paragraphs) != 0 || res.Hits[0].Subject == "" || res.Hits[0].Created.IsZero() {
		t.Errorf("MaxParagraphs -1: hits %+v, want 2 without paragraphs but with subject and date", res.Hits)
	}
}

func TestSearchFacets(t *testing.T) {
	ix := openFixture(t)
	req := query.Request{
		Query:   "gas OR iran OR customs",
		Facets:  []string{"origin", "classification", "tags", "year", "month", "marking"},
		Filters: map[string][]string{"origin": {"Embassy Moscow"}},
	}
	res, err := query.Search(context.Background(), ix, req)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res); !strings.Contains(got, "MOSCOW") || strings.Contains(got, "PARIS") || strings.Contains(got, "STATE") {
		t.Errorf("filtered hits = %s, want the Moscow cables only", got)
	}
	f := func(name string) string {
		var s []string
		for _, v := range res.Facets[name] {
			s = append(s, fmt.Sprintf("%s=%d", v.Value, v.Count))
		}
		return strings.Join(s, " ")
	}
	// origin is filtered, so its counts ignore its own filter.
	for name, want := range map[string]string{
		"origin":         "Embassy Moscow=2 Embassy Paris=1 Secretary of State=1",
		"classification": "CONFIDENTIAL=1 SECRET//NOFORN=1",
		"tags":           "PREL=2 ENRG=1 PGOV=1",
		"year":           "2008=1 2009=1",
		"month":          "2008-10=1 2009-02=1",
		"marking":        "C=2 S/NF=1",
	} {
		if got := f(name); got != want {
			t.Errorf("facet %s = %s, want %s", name, got, want)
		}
	}

	// The year facet lists every year, oldest first, whatever FacetSize.
	res, err = query.Search(context.Background(), ix, query.Request{Query: "*", Facets: []string{"year", "tags"}, FacetSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := f("year"), "2007=1 2008=1 2009=2"; got != want {
		t.Errorf("facet year with FacetSize 1 = %s, want %s", got, want)
	}
	if got, want := f("tags"), "PREL=3"; got != want {
		t.Errorf("facet tags with FacetSize 1 = %s, want %s", got, want)
	}
	// Filtered by year, the year facet still counts the other years.
	res, err = query.Search(context.Background(), ix, query.Request{Query: "*", Facets: []string{"year"}, Filters: map[string][]string{"year": {"2009"}}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := f("year"), "2007=1 2008=1 2009=2"; got != want || res.Total != 2 {
		t.Errorf("facet year filtered by 2009 = %s, total %d; want %s, total 2", got, res.Total, want)
	}

	// Year filter and paging.
	res, err = query.Search(context.Background(), ix, query.Request{Query: "*", Filters: map[string][]string{"year": {"2009", "2007"}}, Sort: query.SortOldest, Size: 2, From: 1})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res); got != "09MOSCOW521 09PARIS100" || res.Total != 3 {
		t.Errorf("year filter page 2 = [%s] total %d, want [09MOSCOW521 09PARIS100] total 3", got, res.Total)
	}
}

func TestSearchErrors(t *testing.T) {
	ix := openFixture(t)
	for _, req := range []query.Request{
		{Query: "(gas"},
		{Query: "gas", Facets: []string{"colour"}},
		{Query: "gas", Filters: map[string][]string{"year": {"09"}}},
		{Query: "gas", Sort: "random"},
	} {
		if _, err := query.Search(context.Background(), ix, req); err == nil || !strings.HasPrefix(err.Error(), "query: ") {
			t.Errorf("Search(%+v) error = %v, want a query: error", req, err)
		}
	}
}

func TestSnippet(t *testing.T) {
	text := strings.Repeat("alpha ", 50) + "the <target> word " + strings.Repeat("omega ", 50)
	i := strings.Index(text, "<target>")
	got := query.Snippet(text, [][2]int{{i, i + 8}}, 80)
	if !strings.Contains(got, "<mark>&lt;target&gt;</mark>") || !strings.HasPrefix(got, "…") || !strings.HasSuffix(got, "…") || len(got) > 140 {
		t.Errorf("Snippet = %q", got)
	}
	if got := query.Snippet("short text", [][2]int{{6, 10}, {6, 99}}, 80); got != "short <mark>text</mark>" {
		t.Errorf("Snippet(short) = %q", got)
	}
}

// TestResultJSON checks the field names of the query --json contract.
func TestResultJSON(t *testing.T) {
	ix := openFixture(t)
	res, err := query.Search(context.Background(), ix, query.Request{Query: "customs", Facets: []string{"origin", "year"}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Total  *int `json:"total"`
		Hits   []map[string]json.RawMessage
		Facets map[string][]map[string]json.RawMessage
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if m.Total == nil || len(m.Hits) == 0 {
		t.Fatalf("JSON %s: no total or hits", b)
	}
	for _, k := range []string{"id", "score", "subject", "origin", "classification", "created", "paragraphs"} {
		if _, ok := m.Hits[0][k]; !ok {
			t.Errorf("hit JSON lacks %q: %s", k, b)
		}
	}
	var paras []map[string]json.RawMessage
	if err := json.Unmarshal(m.Hits[0]["paragraphs"], &paras); err != nil || len(paras) == 0 {
		t.Fatalf("paragraphs JSON: %s (%v)", m.Hits[0]["paragraphs"], err)
	}
	for _, k := range []string{"n", "marking", "snippet"} {
		if _, ok := paras[0][k]; !ok {
			t.Errorf("paragraph JSON lacks %q: %s", k, b)
		}
	}
	for _, name := range []string{"origin", "year"} {
		f := m.Facets[name]
		if len(f) == 0 {
			t.Fatalf("facet %s missing: %s", name, b)
		}
		for _, k := range []string{"value", "count"} {
			if _, ok := f[0][k]; !ok {
				t.Errorf("facet %s JSON lacks %q: %s", name, k, b)
			}
		}
	}
}
