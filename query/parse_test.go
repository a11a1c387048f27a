package query_test

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/cablesearch/cablesearch/query"
)

// parseTests: want is q.String() for accepted input or the error text.
var parseTests = []struct {
	in, want string
}{
	// match all
	{"", "*"},
	{"   \t\n", "*"},
	{"*", "*"},

	// words, implicit AND, keywords
	{"iran", "iran"},
	{"ex officio customs", "ex officio customs"},
	{"  ex   officio ", "ex officio"},
	{"a AND b", "a b"},
	{"a OR b", "a OR b"},
	{"a OR b c", "a OR b c"},
	{"a b OR c d", "a b OR c d"},
	{"(a OR b) c", "(a OR b) c"},
	{"a (b c)", "a (b c)"},
	{"((a))", "a"},
	{"a or b", "a or b"},
	{"NOT a", "-a"},
	{"-a", "-a"},
	{"+a +b", "a b"},
	{"a -b", "a -b"},
	{"a NOT b", "a -b"},
	{"NOT NOT a", "--a"},
	{"-(a OR b)", "-(a OR b)"},
	{"NOT (a b)", "-(a b)"},
	{"a AND NOT b", "a -b"},
	{"US-RUSSIA", "US-RUSSIA"},
	{"a-b-", "a-b-"},
	{"12:30", "12:30"},
	{"übung", "übung"},

	// phrases
	{`"ex officio"`, `"ex officio"`},
	{`"  ex   officio  "`, `"ex officio"`},
	{`"say \"no\""`, `"say \"no\""`},
	{`"back\\slash"`, `"back\\slash"`},
	{`a"b c"`, `a "b c"`},
	{`"AND"`, `"AND"`},

	// prefix and fuzzy
	{"offic*", "offic*"},
	{"moscow~", "moscow~1"},
	{"moscow~2", "moscow~2"},
	{"moscow~1", "moscow~1"},

	// fields
	{"subject:iran", "subject:iran"},
	{`subject:"nuclear program"`, `subject:"nuclear program"`},
	{"SUBJECT:iran", "subject:iran"},
	{"summary:offic*", "summary:offic*"},
	{"comment:moscow~2", "comment:moscow~2"},
	{"tag:prel", "tag:PREL"},
	{`tag:"prel"`, "tag:PREL"},
	{`tag:"political affairs"`, `tag:"POLITICAL AFFAIRS"`},
	{"tag:K*", "tag:K*"},
	{"station:moscow", "station:MOSCOW"},
	{`origin:"Embassy Moscow"`, `origin:"Embassy Moscow"`},
	{"origin:moscow", "origin:moscow"},
	{"signer:burns", "signer:BURNS"},
	{`classifiedby:"Marc Wall"`, `classifiedby:"Marc Wall"`},
	{"class:secret", "class:SECRET"},
	{"class:C", "class:CONFIDENTIAL"},
	{"class:noforn", "class:NOFORN"},
	{"class:NF", "class:NOFORN"},
	{"class:ts", `class:"TOP SECRET"`},
	{`class:"secret//noforn"`, "class:SECRET//NOFORN"},
	{"class:S//NF", "class:SECRET//NOFORN"},
	{"class:u//fouo", `class:"UNCLASSIFIED//FOR OFFICIAL USE ONLY"`},
	{"marking:S/NF", "marking:S/NF"},
	{"marking:sbu", "marking:SBU"},
	{"subject:AND", "subject:AND"},
	{"tag:PREL tag:PGOV -tag:KNNP", "tag:PREL tag:PGOV -tag:KNNP"},

	// references
	{"id:09MOSCOW521", "id:09MOSCOW521"},
	{"ref:09moscow521", "id:09MOSCOW521"},
	{`id:"09 MOSCOW 521"`, "id:09MOSCOW521"},
	{`ref:"2009 moscow 000521"`, "id:09MOSCOW521"},
	{`id:"MOSCOW 521"`, `id:"MOSCOW 00000521"`},
	{"cites:08MOSCOW3060", "cites:08MOSCOW3060"},
	{"citedby:09MOSCOW521", "citedby:09MOSCOW521"},

	// bare citations
	{"09MOSCOW521", "09MOSCOW521"},
	{"09moscow521", "09MOSCOW521"},
	{"09MOSCOW00000521", "09MOSCOW521"},
	{"09 MOSCOW 521", "09MOSCOW521"},
	{"08 MOSCOW 3060", "08MOSCOW3060"},
	{"2007 MANAGUA 2135", "07MANAGUA2135"},
	{"MOSCOW 00000521", "MOSCOW 00000521"},
	{"gas 09 MOSCOW 521 pipeline", "gas 09MOSCOW521 pipeline"},
	{"-09 MOSCOW 521", "-09MOSCOW521"},
	{"09 moscow 521", "09 moscow 521"},
	{"MOSCOW 521", "MOSCOW 521"},
	{`"09 MOSCOW 521"`, `"09 MOSCOW 521"`},
	{"09 (MOSCOW) 521", "09 +MOSCOW 521"},
	{"(09) MOSCOW 00000521", "09 +MOSCOW 00000521"},
	{"-(09) MOSCOW (521)", "-09 +MOSCOW 521"},
	{"09 +MOSCOW +0521", "09 +MOSCOW +0521"},
	{"+++a", "a"},
	{"09 MOSCOW 521*", "09 +MOSCOW 521*"},

	// dates
	{"created:2009", "created:2009"},
	{"created:2009-03", "created:2009-03"},
	{"created:2009-03-01", "created:2009-03-01"},
	{"created:2008-03..2009-06", "created:2008-03..2009-06"},
	{"created:2008-03-01..2009-06-30", "created:2008-03..2009-06"},
	{"created:2008..", "created:2008.."},
	{"created:..2008", "created:..2008"},
	{"after:2008-06", "created:2008-06.."},
	{"before:2009", "created:..2008"},
	{"released:2010-11", "released:2010-11"},
	{`created:"2009"`, "created:2009"},
	{"created:2008-02-29", "created:2008-02-29"},

	// errors
	{"(a OR b", "query: position 7: expected ')' to close '(' at position 0, found end of query"},
	{"a)", "query: position 1: unexpected ')'"},
	{"()", "query: position 1: expected a search term, found ')'"},
	{`"ex officio`, `query: position 0: unterminated phrase: expected a closing '"'`},
	{`""`, "query: position 0: empty phrase"},
	{"a OR", "query: position 4: expected a search term, found end of query"},
	{"OR a", "query: position 0: expected a search term, found OR"},
	{"a AND", "query: position 5: expected a search term after AND, found end of query"},
	{"AND a", "query: position 0: expected a search term before AND"},
	{"NOT", "query: position 3: expected a search term after NOT, found end of query"},
	{"a - b", "query: position 2: expected a clause right after '-'"},
	{"a -", "query: position 2: expected a clause right after '-'"},
	{"foo:bar", "query: position 0: unknown field \"foo\" (known fields: after, before, cites, citedby, class, classifiedby, comment, created, id, marking, origin, ref, released, signer, station, subject, summary, tag)"},
	{"subject:", "query: position 8: expected a value right after the field name"},
	{"subject: iran", "query: position 8: expected a value right after the field name"},
	{"subject:(iran)", "query: position 8: expected a value right after the field name"},
	{`subject:""`, "query: position 8: empty value for subject:"},
	{"subject:*", "query: position 8: expected a word after subject:"},
	{"tag:prel~", "query: position 4: tag: does not take fuzzy values ('~')"},
	{"class:banana", `query: position 6: unknown classification "banana" (want a level: U, C, S, TS, LOU or its name; a caveat: NOFORN, FOUO; or a whole marking like SECRET//NOFORN)`},
	{"id:moscow", `query: position 3: id: "moscow" is not a cable reference (for example 09MOSCOW521 or "09 MOSCOW 521")`},
	{`citedby:"MOSCOW 521"`, "query: position 8: citedby: needs a reference with its year, like 09MOSCOW521"},
	{"created:2009-13", `query: position 8: impossible date "2009-13": no month 13`},
	{"created:2009-02-30", `query: position 8: impossible date "2009-02-30": no day 30 in that month`},
	{"created:2009-00-10", `query: position 8: impossible date "2009-00-10": no month 0`},
	{"created:09", `query: position 8: expected a date like 2009, 2009-03 or 2009-03-01, found "09"`},
	{"created:2009/03", `query: position 8: expected a date like 2009, 2009-03 or 2009-03-01, found "2009/03"`},
	{"created:1850", "query: position 8: year 1850 out of range (1900 to 2100)"},
	{"created:2009..2008", `query: position 8: reversed date range "2009..2008": the start is after the end`},
	{"created:..", "query: position 8: created: expected a date before or after '..'"},
	{"created:2008..2009..2010", `query: position 14: expected a date like 2009, 2009-03 or 2009-03-01, found "2009..2010"`},
	{"after:2008..2009", "query: position 6: after: takes one date, not a range"},
	{"before:1900", "query: position 7: before: 1900 is before the earliest date (1900)"},
	{"a*b", "query: position 1: '*' is only allowed at the end of a word"},
	{"*a", "query: position 0: '*' is only allowed at the end of a word"},
	{"a~3", `query: position 1: expected 1 or 2 after '~', found "3"`},
	{"~", "query: position 0: expected a word before '~'"},
	{"a*~", "query: position 1: '*' is only allowed at the end of a word"},
	{"bad\xffutf8", "query: position 3: invalid UTF-8"},
	{strings.Repeat("a ", 2049), "query: position 4096: query too long (more than 4096 bytes)"},
	{strings.Repeat("(", 65) + "a" + strings.Repeat(")", 65), "query: position 64: query nested too deeply (more than 64 levels)"},
	{strings.Repeat("-", 65) + "a", "query: position 64: query nested too deeply (more than 64 levels)"},
	{strings.Repeat("a ", 257), "query: position 512: too many clauses (more than 256)"},
	{strings.Repeat("(a) ", 256), strings.TrimSpace(strings.Repeat("a ", 256))},
	{strings.Repeat("+", 100) + "a", "a"},
	{strings.Repeat("class:ts ", 256), "query: position 2304: query too long (4863 bytes when written out, more than 4096)"},
}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		name := tt.in
		if len(name) > 40 {
			name = name[:40]
		}
		t.Run(name, func(t *testing.T) {
			q, err := query.Parse(tt.in)
			var got string
			if err != nil {
				got = err.Error()
				var se *query.SyntaxError
				if !errors.As(err, &se) {
					t.Errorf("Parse(%q) error %T, want *SyntaxError", tt.in, err)
				}
			} else {
				got = q.String()
			}
			if got != tt.want {
				t.Errorf("Parse(%q) = %v, want %v", tt.in, got, tt.want)
			}
			if err == nil {
				checkRoundTrip(t, tt.in, q)
			}
		})
	}
}

// checkRoundTrip checks that q.String() parses back to q.
func checkRoundTrip(t *testing.T, in string, q query.Q) {
	t.Helper()
	s := q.String()
	q2, err := query.Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q) = %v; re-parsing its String %q: %v", in, q, s, err)
	}
	if !reflect.DeepEqual(q, q2) {
		t.Fatalf("Parse(%q) = %#v (%s); re-parsed %#v (%s)", in, q, s, q2, q2)
	}
}

func TestParseNodes(t *testing.T) {
	q, err := query.Parse(`09 MOSCOW 521 tag:prel created:2009-03 -"gas deal"`)
	if err != nil {
		t.Fatal(err)
	}
	and, ok := q.(*query.And)
	if !ok || len(and.Children) != 4 {
		t.Fatalf("got %#v, want And of 4", q)
	}
	if c, ok := and.Children[0].(*query.Citation); !ok || c.ID != "09MOSCOW521" {
		t.Errorf("child 0 = %#v, want Citation 09MOSCOW521", and.Children[0])
	}
	if f, ok := and.Children[1].(*query.Field); !ok || f.Name != "tag" || f.Value.(*query.Term).Text != "PREL" {
		t.Errorf("child 1 = %#v, want Field tag PREL", and.Children[1])
	}
	d, ok := and.Children[2].(*query.DateRange)
	if !ok || d.Start.Format("2006-01-02") != "2009-03-01" || d.End.Format("2006-01-02") != "2009-04-01" {
		t.Errorf("child 2 = %#v, want [2009-03-01, 2009-04-01)", and.Children[2])
	}
	if n, ok := and.Children[3].(*query.Not); !ok || n.Child.(*query.Phrase).Text != "gas deal" {
		t.Errorf("child 3 = %#v, want Not Phrase", and.Children[3])
	}
}

func TestSimplify(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a", "a"},
		{"(a b) (c d)", "a b c d"},
		{"(a OR b) OR (c OR d)", "a OR b OR c OR d"},
		{"--a", "a"},
		{"NOT -(a b)", "a b"},
		{"a a b", "a b"},
		{"a OR a", "a"},
		{"a *", "a"},
		{"* *", "*"},
		{"a OR *", "*"},
		{"after:2008 before:2010 created:2009-03..2011", "created:2009-03..2009"},
		{"after:2008 (x OR y)", "created:2008.. (x OR y)"},
	}
	for _, tt := range tests {
		q, err := query.Parse(tt.in)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.in, err)
		}
		before := q.String()
		got := query.Simplify(q).String()
		if got != tt.want {
			t.Errorf("Simplify(%q) = %v, want %v", tt.in, got, tt.want)
		}
		if q.String() != before {
			t.Errorf("Simplify(%q) modified its input: %v", tt.in, q)
		}
	}
}
