package query_test

import (
	"errors"
	"reflect"
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
