package query_test

import (
	"fmt"

	"github.com/cablesearch/cablesearch/query"
)

func ExampleParse() {
	for _, s := range []string{
		`ex officio customs`,
		`"gas deal" OR pipeline -tag:prel`,
		`09 MOSCOW 521`,
		`origin:"Embassy Moscow" class:S//NF created:2008-03..2009-06`,
		`before:2009 (iran OR tehran`,
	} {
		q, err := query.Parse(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(q)
	}
	// Output:
	// ex officio customs
	// "gas deal" OR pipeline -tag:PREL
	// 09MOSCOW521
	// origin:"Embassy Moscow" class:SECRET//NOFORN created:2008-03..2009-06
	// query: position 27: expected ')' to close '(' at position 12, found end of query
}
