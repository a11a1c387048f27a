package cablesearch_test

import (
	"fmt"

	"github.com/cablesearch/cablesearch"
)

func ExampleCanonicalID() {
	for _, raw := range []string{"05RIO123", "06SECSTATE123", "08ECTION01OF02MANAMA492", "09EFTOLONDON2468"} {
		fmt.Println(raw, "->", cablesearch.CanonicalID(raw))
	}
	// Output:
	// 05RIO123 -> 05RIODEJANEIRO123
	// 06SECSTATE123 -> 06STATE123
	// 08ECTION01OF02MANAMA492 -> 08MANAMA492
	// 09EFTOLONDON2468 -> 09LONDON2468
}

func ExampleParseCitation() {
	for _, s := range []string{"09 MOSCOW 521", "MOSCOW 00000521", "(99) ROME 2196", "SECSTATE 74879", "ex officio customs"} {
		id, ok := cablesearch.ParseCitation(s, 2009)
		fmt.Printf("%q -> %q %v\n", s, id, ok)
	}
	// Output:
	// "09 MOSCOW 521" -> "09MOSCOW521" true
	// "MOSCOW 00000521" -> "09MOSCOW521" true
	// "(99) ROME 2196" -> "99ROME2196" true
	// "SECSTATE 74879" -> "09STATE74879" true
	// "ex officio customs" -> "" false
}
