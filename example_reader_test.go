package cablesearch_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/cablesearch/cablesearch"
)

// ExampleNewReader reads a cables.csv file (here one row, quotes escaped
// with backslashes as in the real dump) and prints each cable's ID,
// creation time and classification.
func ExampleNewReader() {
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	row := `"1","12/28/1966 18:48","66BUENOSAIRES2481","Embassy Buenos Aires","unclassified","66STATE106206","P R 281848Z DEC 66
FM AMEMBASSY BUENOS AIRES
TO SECSTATE WASHDC PRIORITY","UNCLASSIFIED BUENOS AIRES 2481

SUBJECT:  EXTENDED NATIONAL JURISDICTIONS OVER HIGH SEAS

1.  PRESS REPORTS CONFIRM \"PREFERENTIAL JURISDICTION\".
"
`
	path := filepath.Join(dir, "cables.csv")
	if err := os.WriteFile(path, []byte(row), 0o644); err != nil {
		fmt.Println(err)
		return
	}

	r := cablesearch.NewReader(cablesearch.ReaderOptions{}, path)
	defer r.Close()
	for {
		c, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println("skipped:", err) // a *ParseError: count it and go on
			continue
		}
		fmt.Println(c.ID, c.Created.Format("2006-01-02 15:04"), c.Classification, c.Source.Format, "row", c.Source.Row)
	}
	// Output:
	// 66BUENOSAIRES2481 1966-12-28 18:48 UNCLASSIFIED csv row 1
}
