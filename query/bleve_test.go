package query_test

import (
	"encoding/json"
	"errors"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cablesearch/cablesearch/query"
)

// TestToBleve translates a few queries and checks fragments of the bleve
// query's JSON form.
func TestToBleve(t *testing.T) {
	tests := []struct {
		in   string
		want []string // fragments the JSON must contain
		not  []string // fragments it must not contain
	}{
		{"*", []string{`"match_all":{}`}, nil},
		{"iran", []string{
			`{"term":"iran","field":"subject","boost":3}`,
			`{"term":"iran","field":"paras"}`,
		}, []string{`"field":"summary"`, `"field":"comment"`, `"match"`}}, // words: two fields, not four; one term: a term query
		{"sanctions.XXXXX", []string{ // a word of several terms: all of them, as bleve's match query
			`{"match":"sanctions.XXXXX","field":"subject","boost":3,"prefix_length":0,"fuzziness":0,"operator":"and"}`,
		}, nil},
		{`"ex officio"`, []string{
			`{"match_phrase":"ex officio","terms":["ex","officio"],"field":"paras","boost":1}`, // a phrase of distinct terms: phraseQuery
			`{"match_phrase":"ex officio","terms":["ex","officio"],"field":"subject","boost":3}`,
			`"field":"summary","boost":2`, // phrases: summary and comment add to the score
			`"field":"comment"`,
		}, nil},
		{`"gas pipeline gas"`, []string{`{"match_phrase":"gas pipeline gas","field":"paras","analyzer":"cable_text_query","fuzziness":0}`}, nil}, // a repeated term: bleve's phrase
		{`"of the"`, []string{`{"term":"of_the","field":"paras"}`, `{"term":"of_the","field":"subject","boost":3}`}, []string{"match_phrase"}},   // one common gram: a term
		{`"Embassy"`, []string{`{"term":"embassi","field":"paras"}`}, []string{"match_phrase"}},                                                  // one word: a term
		{"Offic*", []string{`{"prefix":"offic","field":"paras"}`}, []string{"Offic", `"field":"summary"`}},
		{"CÔTE*", []string{`{"prefix":"cote","field":"paras"}`}, nil},
		{"moscow~2", []string{`"match":"moscow","field":"paras","prefix_length":0,"fuzziness":2`}, nil},
		{"a -b", []string{`"must":{"conjuncts":[`, `"must_not":{"disjuncts":[`}, nil},
		{"-b", []string{`"must":{"conjuncts":[{"boost":null,"match_all":{}}]}`, `"must_not"`}, nil},
		{"a OR b", []string{`{"should":{"disjuncts":[{"should":{"disjuncts":[{"term":"a","field":"subject"`}, nil}, // OR of two words, each subject-or-paras
		{`"a b" OR c`, []string{`{"should":{"disjuncts":[{"must":{"conjuncts":[{"should":{"disjuncts":[`}, nil},    // a phrase with summary and comment as optional extras
		{"tag:prel", []string{`{"term":"PREL","field":"tags"}`}, nil},
		{"tag:k*", []string{`{"prefix":"K","field":"tags"}`}, nil},
		{"class:secret", []string{`{"term":"SECRET","field":"level"}`}, nil},
		{"class:nf", []string{`{"term":"NOFORN","field":"caveats"}`}, nil},
		{"class:s//nf", []string{`{"term":"SECRET//NOFORN","field":"classification"}`}, nil},
		{"marking:s/nf", []string{`{"term":"S/NF","field":"markings"}`}, nil},
		{"signer:burns", []string{`{"term":"BURNS","field":"signer"}`}, nil},
		{"origin:moscow", []string{`{"term":"moscow","field":"origin"}`, `{"term":"Moscow","field":"origin"}`, `{"term":"MOSCOW","field":"station"}`}, []string{"regexp"}},
		{"station:mos*", []string{`{"prefix":"MOS","field":"station"}`}, []string{"regexp"}},
		{`origin:"Embassy Moscow"`, []string{`{"term":"Embassy Moscow","field":"origin"}`, `"field":"station"`}, nil},
		{"created:2009", []string{`{"start":"2009-01-01T00:00:00Z","end":"2010-01-01T00:00:00Z","inclusive_start":true,"inclusive_end":false,"field":"created"}`}, nil},
		{"iran created:2008..2009", []string{`{"term":"2008","field":"year","boost":0.000001},{"term":"2009","field":"year","boost":0.000001}`}, []string{`"field":"created"`}},                               // whole years beside other clauses: year terms that barely score
		{"iran created:2008-03..2009", []string{`"start":"2008-03-01T00:00:00Z","end":"2010-01-01T00:00:00Z"`}, []string{`"field":"year"`, `"field":"month"`}},                                                // 22 months: a range
		{"iran created:2009-03..2009-06", []string{`{"term":"2009-03","field":"month","boost":0.000001}`, `{"term":"2009-06","field":"month","boost":0.000001}`}, []string{`"field":"created"`, `"2009-07"`}}, // whole months: month terms
		{"created:2008-03..2009-06", []string{`"start":"2008-03-01T00:00:00Z","end":"2009-07-01T00:00:00Z"`}, nil},
		{"id:09MOSCOW521", []string{`{"term":"09MOSCOW521","field":"id"}`, `{"term":"09MOSCOW521","field":"raw_ids"}`}, nil},
		{"cites:09MOSCOW521", []string{`{"term":"09MOSCOW521","field":"refs"}`}, nil},
		{"citedby:09MOSCOW521", []string{`{"term":"08MOSCOW3060","field":"id"}`, `{"term":"08STATE12","field":"id"}`}, nil},
		{"09 MOSCOW 521", []string{
			`{"disjuncts":[{"term":"09MOSCOW521","field":"id","boost":50},{"term":"09MOSCOW521","field":"raw_ids","boost":50}]`,
			`{"term":"09MOSCOW521","field":"refs","boost":5}`,
			`{"match_phrase":"09 MOSCOW 521","terms":["9","moscow","521"],"field":"paras","boost":1}`,
			`{"match_phrase":"MOSCOW 521","terms":["moscow","521"],"field":"paras","boost":1},{"term":"2009","field":"year"}`, // same year: one term, not a date range
		}, []string{`"field":"created"`}},
		{"MOSCOW 000521", []string{`{"regexp":"[0-9][0-9]MOSCOW521","field":"id","boost":50}`}, nil},
	}
	opt := query.ToBleveOptions{References: func(id string) ([]string, error) {
		if id != "09MOSCOW521" {
			t.Errorf("References(%q), want 09MOSCOW521", id)
		}
		return []string{"08MOSCOW3060", "08STATE12"}, nil
	}}
	for _, tt := range tests {
		q, err := query.Parse(tt.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.in, err)
		}
		bq, err := query.ToBleve(q, opt)
		if err != nil {
			t.Fatalf("ToBleve(%q): %v", tt.in, err)
		}
		b, err := json.Marshal(bq)
		if err != nil {
			t.Fatalf("json.Marshal(ToBleve(%q)): %v", tt.in, err)
		}
		got := string(b)
		for _, w := range tt.want {
			if !strings.Contains(got, w) {
				t.Errorf("ToBleve(%q) = %s\nwant it to contain %s", tt.in, got, w)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(got, w) {
				t.Errorf("ToBleve(%q) = %s\nwant it not to contain %s", tt.in, got, w)
			}
		}
	}
}

func TestToBleveCitedByNeedsResolver(t *testing.T) {
	q, err := query.Parse("citedby:09MOSCOW521")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := query.ToBleve(q, query.ToBleveOptions{}); !errors.Is(err, query.ErrNoResolver) {
		t.Errorf("ToBleve(citedby:) without References = %v, want ErrNoResolver", err)
	}
}

// TestOnlyBleveGoImportsQueryPackage keeps the translation in one place
// (bleve.go); candidates.go and exec.go only read translated queries.
func TestOnlyBleveGoImportsQueryPackage(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || f == "bleve.go" || f == "candidates.go" || f == "exec.go" {
			continue
		}
		pf, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range pf.Imports {
			if strings.Trim(imp.Path.Value, `"`) == "github.com/blevesearch/bleve/v2/search/query" {
				t.Errorf("%s imports bleve's search/query; only bleve.go may", f)
			}
		}
	}
}

// TestToBleveYearlessTerms checks that with a term lookup a yearless
// citation is the terms of its years that the index holds, field by
// field, each boosted, with no regexp.
func TestToBleveYearlessTerms(t *testing.T) {
	have := map[string][]string{"id": {"08MOSCOW521", "09MOSCOW521"}, "raw_ids": {"09MOSCOW521"}}
	opt := query.ToBleveOptions{Terms: func(field string, candidates []string) ([]string, error) {
		if len(candidates) != 100 || candidates[0] != "00MOSCOW521" || candidates[99] != "99MOSCOW521" {
			t.Errorf("Terms(%s, %v), want 00MOSCOW521 to 99MOSCOW521", field, candidates)
		}
		return have[field], nil
	}}
	q, err := query.Parse("MOSCOW 000521")
	if err != nil {
		t.Fatal(err)
	}
	bq, err := query.ToBleve(q, opt)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(bq)
	if err != nil {
		t.Fatal(err)
	}
	got := string(b)
	for _, w := range []string{
		`{"disjuncts":[{"disjuncts":[{"term":"08MOSCOW521","field":"id","boost":50},{"term":"09MOSCOW521","field":"id","boost":50}],"min":0},{"disjuncts":[{"term":"09MOSCOW521","field":"raw_ids","boost":50}],"min":0}],"min":0}`,
		`{"disjuncts":[],"min":0}`, // refs: no such term, an empty disjunction
	} {
		if !strings.Contains(got, w) {
			t.Errorf("ToBleve(MOSCOW 000521) = %s\nwant it to contain %s", got, w)
		}
	}
	if strings.Contains(got, "regexp") {
		t.Errorf("ToBleve(MOSCOW 000521) = %s, want no regexp", got)
	}
}
