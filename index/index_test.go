package index_test

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"maps"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/internal/testcorpus"
)

var words = strings.Fields(`the of and to in a is that for on with as by at from embassy minister
government nuclear program election security officials president said would talks agreement
ambassador demarche foreign affairs economic trade military border oil energy reform opposition
party human rights police court press media visit cooperation assistance`)

var stations = []string{"MOSCOW", "STATE", "ISLAMABAD", "BAGHDAD", "PARIS", "TOKYO", "ABUJA"}

// synthCable makes a deterministic cable number n, about 2 KB of text.
func synthCable(n int) *cablesearch.Cable {
	r := rand.New(rand.NewPCG(uint64(n), 7))
	st := stations[n%len(stations)]
	yy := 3 + n%7
	c := &cablesearch.Cable{
		ID:             fmt.Sprintf("%02d%s%d", yy, st, n),
		RawID:          fmt.Sprintf("%02d%s%d", yy, st, n),
		Created:        time.Date(2000+yy, time.Month(1+n%12), 1+n%28, 12, 0, 0, 0, time.UTC),
		Classification: []string{"UNCLASSIFIED", "CONFIDENTIAL", "SECRET//NOFORN"}[n%3],
		Origin:         "Embassy " + st,
		Station:        st,
		Subject:        fmt.Sprintf("SUBJECT %d: %s %s", n, words[r.IntN(len(words))], words[r.IntN(len(words))]),
		Tags:           []string{"PREL", []string{"KNNP", "PGOV", "ECON"}[n%3]},
		Source:         cablesearch.Source{File: "synthetic", Line: n + 1},
	}
	for p := range 6 {
		var b strings.Builder
		for range 60 {
			b.WriteString(words[r.IntN(len(words))])
			b.WriteByte(' ')
		}
		marking := []string{"C", "", "SBU"}[p%3]
		c.Paragraphs = append(c.Paragraphs, cablesearch.Paragraph{N: p, Marking: marking, Text: b.String()})
	}
	return c
}

// cables yields the given cables and errors in order.
func cables(list ...any) iter.Seq2[*cablesearch.Cable, error] {
	return func(yield func(*cablesearch.Cable, error) bool) {
		for _, x := range list {
			var ok bool
			switch v := x.(type) {
			case *cablesearch.Cable:
				ok = yield(v, nil)
			case error:
				ok = yield(nil, v)
			}
			if !ok {
				return
			}
		}
	}
}

func synthRange(from, to int) []any {
	var out []any
	for n := from; n < to; n++ {
		out = append(out, synthCable(n))
	}
	return out
}

func docCount(t *testing.T, dir string) uint64 {
	t.Helper()
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatalf("Open(%s): %v", dir, err)
	}
	defer ix.Close()
	n, err := ix.DocCount()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestBuildDedupe(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	list := synthRange(0, 40)
	// A copy in the same batch (batches of 10), and two copies of cable 1
	// after its batch was written, one with more text.
	early := synthCable(32)
	early.RawID = "09ECTION01OF02" + early.ID
	late1 := synthCable(1)
	late1.RawID = "VARIANT-A"
	late1.Paragraphs = late1.Paragraphs[:2]
	late2 := synthCable(1)
	late2.RawID = "VARIANT-B"
	late2.Paragraphs = append(late2.Paragraphs, cablesearch.Paragraph{N: 9, Text: "an extra paragraph about the ambassador"})
	bad := &cablesearch.ParseError{Source: cablesearch.Source{File: "x.txt", Line: 3}, Field: "id", Err: cablesearch.ErrNoID}
	bad2 := &cablesearch.ParseError{Source: cablesearch.Source{File: "y.html"}, Field: "html", Err: errors.New("truncated page")}
	list = append(list, early, late1, bad, late2, bad2, &cablesearch.Cable{RawID: "noid"})

	var log strings.Builder
	st, err := index.BuildCables(context.Background(), dir, index.BuildOptions{BatchSize: 10, Log: &log}, cables(list...))
	if err != nil {
		t.Fatal(err)
	}
	if st.Docs != 40 || st.Cables != 40 || st.Duplicates != 3 || st.Records != 46 {
		t.Errorf("stats: docs %d cables %d duplicates %d records %d; want 40 40 3 46", st.Docs, st.Cables, st.Duplicates, st.Records)
	}
	if got, want := fmt.Sprint(st.Skipped), "map[html:1 no reference ID:2]"; got != want {
		t.Errorf("skipped = %s, want %s", got, want)
	}
	if !strings.Contains(log.String(), "x.txt:3: id: no reference ID") {
		t.Errorf("log lacks the skip line:\n%s", log.String())
	}
	if got := docCount(t, dir); got != 40 {
		t.Errorf("DocCount = %d, want 40", got)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	c, err := ix.Cable(synthCable(1).ID)
	if err != nil || c == nil {
		t.Fatalf("Cable: %v, %v", c, err)
	}
	if got := append([]string{c.RawID}, c.Variants...); !slices.Contains(got, "VARIANT-A") || !slices.Contains(got, "VARIANT-B") || !slices.Contains(got, synthCable(1).ID) {
		t.Errorf("raw IDs of merged cable = %v", got)
	}
	if len(c.Paragraphs) != 7 {
		t.Errorf("merged cable kept %d paragraphs, want the fullest copy's 7", len(c.Paragraphs))
	}
	c, _ = ix.Cable(early.ID)
	if got := append([]string{c.RawID}, c.Variants...); len(got) != 2 {
		t.Errorf("raw IDs of in-batch duplicate = %v", got)
	}
}

func TestCableRoundTrip(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	want := synthCable(5)
	want.Paragraphs[1].Text = ""
	if _, err := index.BuildCables(context.Background(), dir, index.BuildOptions{}, cables(want)); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	got, err := ix.Cable(want.ID)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(got.Paragraphs) != fmt.Sprint(want.Paragraphs) {
		t.Errorf("paragraphs:\n got %v\nwant %v", got.Paragraphs, want.Paragraphs)
	}
	if got.Subject != want.Subject || !got.Created.Equal(want.Created) || fmt.Sprint(got.Tags) != fmt.Sprint(want.Tags) {
		t.Errorf("cable = %+v", got)
	}
	if c, err := ix.Cable("99NOWHERE1"); c != nil || err != nil {
		t.Errorf("Cable(missing) = %v, %v", c, err)
	}
}

func TestSearch(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	a := synthCable(1)
	a.Paragraphs = []cablesearch.Paragraph{
		{N: 1, Marking: "C", Text: "The Ambassador delivered the demarche on Iran (REF 09 MOSCOW 000521) in Côte d'Ivoire."},
		{N: 2, Marking: "S", Text: "Source XXXXXXXXXXXX said the Minister of Foreign Affairs agreed."},
	}
	b := synthCable(2)
	b.Paragraphs = []cablesearch.Paragraph{{N: 1, Text: "See 08STATE12345 about the visit."}}
	if _, err := index.BuildCables(context.Background(), dir, index.BuildOptions{}, cables(a, b)); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	phrase := func(field, text string) []string {
		q := bleve.NewMatchPhraseQuery(text)
		q.SetField(field)
		q.Analyzer = "cable_text_query"
		req := bleve.NewSearchRequest(q)
		req.IncludeLocations = true
		res, err := ix.Search(req)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, h := range res.Hits {
			ids = append(ids, h.ID)
		}
		return ids
	}
	for _, tt := range []struct{ q, want string }{
		{"09MOSCOW521", a.ID},
		{"MOSCOW 521", a.ID},
		{"cote d'ivoire", a.ID},
		{"of foreign affairs", a.ID},
		{"demarche iran", ""},
		{"xxxxxxx said", a.ID},
		{"STATE 12345", b.ID},
		{"08STATE0012345", b.ID},
		{"about the visit", b.ID},
	} {
		if got := strings.Join(phrase(index.FieldParas, tt.q), ","); got != tt.want {
			t.Errorf("paras:%q = [%s], want [%s]", tt.q, got, tt.want)
		}
	}
	// Paragraph-level hits: the array position names the paragraph.
	q := bleve.NewMatchQuery("minister")
	q.SetField(index.FieldParas)
	req := bleve.NewSearchRequest(q)
	req.IncludeLocations = true
	res, err := ix.Search(req)
	if err != nil || len(res.Hits) != 1 {
		t.Fatalf("minister: %v %v", res, err)
	}
	for _, locs := range res.Hits[0].Locations[index.FieldParas] {
		l := locs[0]
		if ap := l.ArrayPositions; len(ap) != 1 || ap[0] != 1 {
			t.Errorf("minister array positions = %v, want [1]", ap)
		}
		// Positions only: "Source XXXXXXXXXXXX said the Minister".
		if l.Pos != 5 || l.Start != 0 || l.End != 0 {
			t.Errorf("minister location pos %d offsets %d:%d, want pos 5 offsets 0:0", l.Pos, l.Start, l.End)
		}
	}
	// The year and month facets count the created years and months.
	for field, layout := range map[string]string{index.FieldYear: "2006", index.FieldMonth: "2006-01"} {
		want := map[string]int{a.Created.Format(layout): 1, b.Created.Format(layout): 1}
		if got := facetCounts(t, ix, field); !maps.Equal(got, want) {
			t.Errorf("%s facet = %v, want %v", field, got, want)
		}
	}
	// created_sort orders by date, as the created field does.
	for _, desc := range []bool{false, true} {
		req = bleve.NewSearchRequest(bleve.NewMatchAllQuery())
		req.SortByCustom(search.SortOrder{&search.SortField{Field: index.FieldCreatedSort, Desc: desc}})
		res, err = ix.Search(req)
		if err != nil || len(res.Hits) != 2 {
			t.Fatalf("sort by %s: %v %v", index.FieldCreatedSort, res, err)
		}
		first, want := res.Hits[0].ID, a.ID
		if a.Created.After(b.Created) != desc {
			want = b.ID
		}
		if first != want {
			t.Errorf("sort by %s desc=%v: first %s, want %s (a %v, b %v)", index.FieldCreatedSort, desc, first, want, a.Created, b.Created)
		}
	}
	// Facet on a keyword field with DocValues.
	req = bleve.NewSearchRequest(bleve.NewMatchAllQuery())
	req.AddFacet("tags", bleve.NewFacetRequest(index.FieldTags, 10))
	res, err = ix.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	if f := res.Facets["tags"]; f == nil || f.Terms == nil || len(f.Terms.Terms()) == 0 || f.Terms.Terms()[0].Term != "PREL" {
		t.Errorf("tags facet = %+v", f)
	}
}

// facetCounts counts the values of a keyword field over every document
// of ix with a terms facet.
func facetCounts(t *testing.T, ix *index.Index, field string) map[string]int {
	t.Helper()
	req := bleve.NewSearchRequest(bleve.NewMatchAllQuery())
	req.AddFacet(field, bleve.NewFacetRequest(field, 10))
	res, err := ix.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	if f := res.Facets[field]; f != nil && f.Terms != nil {
		for _, tf := range f.Terms.Terms() {
			counts[tf.Term] = tf.Count
		}
	}
	return counts
}

func TestOpenErrors(t *testing.T) {
	tmp := t.TempDir()
	if _, err := index.Open(filepath.Join(tmp, "missing")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Open(missing) = %v, want fs.ErrNotExist", err)
	}
	if _, err := index.Open(tmp); !errors.Is(err, index.ErrNotIndex) {
		t.Errorf("Open(empty folder) = %v, want ErrNotIndex", err)
	}
	plain := filepath.Join(tmp, "plain")
	bi, err := bleve.New(plain, bleve.NewIndexMapping())
	if err != nil {
		t.Fatal(err)
	}
	bi.Close()
	if _, err := index.Open(plain); !errors.Is(err, index.ErrNotIndex) {
		t.Errorf("Open(plain bleve index) = %v, want ErrNotIndex", err)
	}

	dir := filepath.Join(tmp, "idx")
	if _, err := index.BuildCables(context.Background(), dir, index.BuildOptions{}, cables(synthCable(1))); err != nil {
		t.Fatal(err)
	}
	w, err := bleve.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.SetInternal([]byte("cablesearch.schema"), []byte("999")); err != nil {
		t.Fatal(err)
	}
	w.Close()
	_, err = index.Open(dir)
	if !errors.Is(err, index.ErrSchemaMismatch) || !strings.Contains(err.Error(), "rebuild with: cablesearch index --index") {
		t.Errorf("Open(old schema) = %v, want ErrSchemaMismatch with a rebuild hint", err)
	}
	// Build refuses to replace a folder that is not an index.
	other := filepath.Join(tmp, "docs")
	os.MkdirAll(other, 0o755)
	os.WriteFile(filepath.Join(other, "notes.txt"), []byte("keep me"), 0o644)
	if _, err := index.BuildCables(context.Background(), other, index.BuildOptions{}, cables(synthCable(1))); !errors.Is(err, index.ErrNotIndex) {
		t.Errorf("Build over a non-index folder = %v, want ErrNotIndex", err)
	}
	if b, _ := os.ReadFile(filepath.Join(other, "notes.txt")); string(b) != "keep me" {
		t.Errorf("non-index folder changed")
	}
	if _, err := index.Build(context.Background(), filepath.Join(tmp, "x"), index.BuildOptions{}, filepath.Join(tmp, "no-such-corpus")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Build(missing corpus) = %v, want fs.ErrNotExist", err)
	}
}

// leftovers lists the temporary folders beside dir.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "."+filepath.Base(dir)+".") {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestAtomicPublish(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	if _, err := index.BuildCables(context.Background(), dir, index.BuildOptions{}, cables(synthRange(0, 10)...)); err != nil {
		t.Fatal(err)
	}
	// A build that fails midway (cancelled) leaves the index as it was.
	ctx, cancel := context.WithCancel(context.Background())
	fail := func(yield func(*cablesearch.Cable, error) bool) {
		for n := 100; n < 200; n++ {
			if n == 150 {
				cancel()
			}
			if !yield(synthCable(n), nil) {
				return
			}
		}
	}
	if _, err := index.BuildCables(ctx, dir, index.BuildOptions{BatchSize: 10}, fail); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled build = %v, want context.Canceled", err)
	}
	if got := docCount(t, dir); got != 10 {
		t.Errorf("after a cancelled build DocCount = %d, want the old 10", got)
	}
	if l := leftovers(t, dir); len(l) != 0 {
		t.Errorf("temporary folders left: %v", l)
	}
	// A complete build replaces it, while a reader has the old one open.
	old, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	if _, err := index.BuildCables(context.Background(), dir, index.BuildOptions{}, cables(synthRange(0, 25)...)); err != nil {
		t.Fatal(err)
	}
	if got := docCount(t, dir); got != 25 {
		t.Errorf("after rebuild DocCount = %d, want 25", got)
	}
	if n, err := old.DocCount(); err != nil || n != 10 {
		t.Errorf("reader of the old index: DocCount = %d, %v; want 10", n, err)
	}
	if l := leftovers(t, dir); len(l) != 0 {
		t.Errorf("temporary folders left: %v", l)
	}
}

func TestUpdate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	if _, err := index.BuildCables(context.Background(), dir, index.BuildOptions{}, cables(synthRange(0, 10)...)); err != nil {
		t.Fatal(err)
	}
	repl := synthCable(3)
	repl.RawID = "NEWRAW"
	repl.Subject = "REPLACED"
	st, err := index.BuildCables(context.Background(), dir, index.BuildOptions{Update: true}, cables(append(synthRange(10, 15), repl)...))
	if err != nil {
		t.Fatal(err)
	}
	if st.Docs != 15 || st.Replaced != 1 || st.Cables != 6 {
		t.Errorf("update stats: docs %d replaced %d cables %d; want 15 1 6", st.Docs, st.Replaced, st.Cables)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	c, _ := ix.Cable(repl.ID)
	if c == nil || c.Subject != "REPLACED" || !slices.Contains(c.Variants, synthCable(3).RawID) {
		t.Errorf("replaced cable = %+v", c)
	}
	if l := leftovers(t, dir); len(l) != 0 {
		t.Errorf("temporary folders left: %v", l)
	}
	if _, err := index.BuildCables(context.Background(), filepath.Join(t.TempDir(), "none"), index.BuildOptions{Update: true}, cables(repl)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("update of a missing index = %v, want fs.ErrNotExist", err)
	}
}

const killEnv = "CABLESEARCH_TEST_KILL_BUILD"

// TestMain runs a long build for TestKill when asked by the environment.
func TestMain(m *testing.M) {
	if dir := os.Getenv(killEnv); dir != "" {
		infinite := func(yield func(*cablesearch.Cable, error) bool) {
			for n := 1000; ; n++ {
				if !yield(synthCable(n), nil) {
					return
				}
			}
		}
		_, err := index.BuildCables(context.Background(), dir, index.BuildOptions{BatchSize: 50, Progress: os.Stdout, ProgressInterval: 20 * time.Millisecond}, infinite)
		fmt.Println("build ended:", err)
		os.Exit(3)
	}
	os.Exit(m.Run())
}

// TestKill kills a build process with SIGKILL while it writes batches:
// the previous index still opens and answers, and the next build
// completes and removes the dead build's temporary folder.
func TestKill(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a child process")
	}
	dir := filepath.Join(t.TempDir(), "idx")
	if _, err := index.BuildCables(context.Background(), dir, index.BuildOptions{}, cables(synthRange(0, 20)...)); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), killEnv+"="+dir)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	killed := false
	for sc.Scan() {
		var recs, indexed int
		if _, err := fmt.Sscanf(sc.Text(), "index: %d records, %d cables indexed", &recs, &indexed); err == nil && indexed >= 500 {
			cmd.Process.Signal(syscall.SIGKILL)
			killed = true
			break
		}
	}
	go func() {
		for sc.Scan() {
		}
	}()
	cmd.Wait()
	if !killed {
		t.Fatal("child build ended before it could be killed")
	}
	if l := leftovers(t, dir); len(l) != 1 {
		t.Errorf("after kill: temporary folders %v, want the killed build's one", l)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatalf("previous index after kill: %v", err)
	}
	n, _ := ix.DocCount()
	tq := bleve.NewTermQuery("PREL")
	tq.SetField(index.FieldTags)
	res, err := ix.Search(bleve.NewSearchRequest(tq))
	ix.Close()
	if n != 20 || err != nil || res.Total != 20 {
		t.Errorf("previous index after kill: %d docs, search %v %v; want 20", n, res, err)
	}
	if _, err := index.BuildCables(context.Background(), dir, index.BuildOptions{}, cables(synthRange(0, 30)...)); err != nil {
		t.Fatal(err)
	}
	if got := docCount(t, dir); got != 30 {
		t.Errorf("rerun: DocCount = %d, want 30", got)
	}
	if l := leftovers(t, dir); len(l) != 0 {
		t.Errorf("rerun left temporary folders %v", l)
	}
}

// distinctIDs reads paths with the root package's reader and counts the
// distinct canonical IDs of the cables that parse.
func distinctIDs(t *testing.T, paths ...string) int {
	t.Helper()
	r := cablesearch.NewReader(cablesearch.ReaderOptions{}, paths...)
	defer r.Close()
	ids := map[string]bool{}
	for {
		c, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			continue
		}
		if c.ID != "" {
			ids[c.ID] = true
		}
	}
	return len(ids)
}

// TestBuildFiles builds from the bundled sample and from small folders of
// the shared corpus, and checks one document per distinct canonical ID.
// It skips while the readers yield no cable.
func TestBuildFiles(t *testing.T) {
	sample := filepath.Join(testcorpus.TestdataDir(), "sample")
	if _, err := os.Stat(sample); err != nil {
		t.Skip("testdata/sample absent")
	}
	for _, tc := range []struct {
		name  string
		paths func(t *testing.T) []string
	}{
		{"sample", func(*testing.T) []string { return []string{sample} }},
		{"corpus", func(t *testing.T) []string {
			return []string{testcorpus.Path(t, "csv"), testcorpus.Path(t, "text"), testcorpus.Path(t, "textpage"), testcorpus.Path(t, "html-full")}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			paths := tc.paths(t)
			dir := filepath.Join(t.TempDir(), "idx")
			var log strings.Builder
			st, err := index.Build(context.Background(), dir, index.BuildOptions{Log: &log}, paths...)
			if err != nil {
				t.Fatal(err)
			}
			if st.Cables == 0 {
				t.Skipf("the readers yield no cable yet (%d records, skipped %v)", st.Records, st.Skipped)
			}
			var sum strings.Builder
			st.WriteSummary(&sum)
			t.Logf("%s:\n%s", tc.name, sum.String())
			want := distinctIDs(t, paths...)
			if got := docCount(t, dir); got != uint64(want) || st.Cables != want {
				t.Errorf("DocCount = %d, Stats.Cables = %d, want %d distinct cables", got, st.Cables, want)
			}
			if st.Records != st.Cables+st.Duplicates+st.SkippedTotal() {
				t.Errorf("records %d != cables %d + duplicates %d + skipped %d", st.Records, st.Cables, st.Duplicates, st.SkippedTotal())
			}
			if tc.name != "corpus" {
				return
			}
			// Updating with the same files replaces every cable.
			up, err := index.Build(context.Background(), dir, index.BuildOptions{Update: true}, paths...)
			if err != nil {
				t.Fatal(err)
			}
			if up.Docs != uint64(want) || up.Replaced != want {
				t.Errorf("update with the same files: %d docs, %d replaced; want %d, %d", up.Docs, up.Replaced, want, want)
			}
		})
	}
}

// syncBuffer is a strings.Builder safe for the progress goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestProgressLines checks the plain progress lines written when the
// output is not a terminal.
func TestProgressLines(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	var out syncBuffer
	slow := func(yield func(*cablesearch.Cable, error) bool) {
		for n := range 20 {
			time.Sleep(5 * time.Millisecond)
			if !yield(synthCable(n), nil) {
				return
			}
		}
	}
	if _, err := index.BuildCables(context.Background(), dir, index.BuildOptions{Progress: &out, ProgressInterval: 10 * time.Millisecond}, slow); err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(out.String(), "\n")
	var recs, cables int
	if _, err := fmt.Sscanf(first, "index: %d records, %d cables indexed", &recs, &cables); err != nil {
		t.Errorf("progress line %q: %v", first, err)
	}
}
