package query_test

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/cablesearch/cablesearch/query"
)

// FuzzParse checks that Parse never panics, that its errors are
// *SyntaxError, and that every accepted query re-parses from its String
// to an equal query, which also translates to bleve.
func FuzzParse(f *testing.F) {
	for _, tt := range parseTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		q, err := query.Parse(in)
		if err != nil {
			var se *query.SyntaxError
			if !errors.As(err, &se) {
				t.Fatalf("Parse(%q) error %T %v, want *SyntaxError", in, err, err)
			}
			return
		}
		s := q.String()
		q2, err := query.Parse(s)
		if err != nil {
			t.Fatalf("Parse(%q) = %s; re-parse: %v", in, s, err)
		}
		if !reflect.DeepEqual(q, q2) {
			t.Fatalf("Parse(%q) = %#v (%s); re-parsed %#v (%s)", in, q, s, q2, q2)
		}
		if s2 := q2.String(); s2 != s {
			t.Fatalf("Parse(%q): String %q, then %q", in, s, s2)
		}
		_ = query.Simplify(q).String()
		opt := query.ToBleveOptions{References: func(string) ([]string, error) { return []string{"09MOSCOW1"}, nil }}
		if _, err := query.ToBleve(q, opt); err != nil {
			t.Fatalf("ToBleve(%s): %v", s, err)
		}
	})
}

// TestRoundTripRandom strings together tokens that interact (citation
// parts, operators, parentheses) and checks the String round trip; it
// reaches combinations the fuzzer finds only slowly.
func TestRoundTripRandom(t *testing.T) {
	vocab := []string{
		"09", "2009", "MOSCOW", "STATE", "521", "0521", "00000521", "moscow",
		"09MOSCOW521", "(", ")", "-", "+", "NOT", "OR", "AND", `"a b"`, "x",
		"tag:prel", "created:2009", "*", "a~", "b*", "id:09MOSCOW521",
		`id:"MOSCOW 521"`, "class:ts", "-(", "+(", "MOSCO", "SECSTATE", "00", "1",
		`ref:"00 MOSCO 1"`, "cites:09SECSTATE5", "00MOSCO1",
	}
	r := rand.New(rand.NewPCG(1, 2))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	accepted := 0
	for range n {
		var b strings.Builder
		for range 1 + r.IntN(12) {
			tok := vocab[r.IntN(len(vocab))]
			b.WriteString(tok)
			if tok != "-" && tok != "+" && r.IntN(4) > 0 {
				b.WriteByte(' ')
			}
		}
		in := b.String()
		q, err := query.Parse(in)
		if err != nil {
			continue
		}
		accepted++
		checkRoundTrip(t, in, q)
	}
	if accepted < n/20 {
		t.Errorf("only %d of %d random queries parsed", accepted, n)
	}
}
