package reliability

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/internal/testcorpus"
	"github.com/cablesearch/cablesearch/query"
)

// The child process: TestMain runs one build instead of the tests when
// childEnv is set, reporting on stdout as `cablesearch index` does on a
// pipe (plain progress lines), then "built N" or "error: ...".
const (
	childEnv   = "CABLESEARCH_RELIABILITY_CHILD" // the index folder
	childPaths = "CABLESEARCH_RELIABILITY_PATHS" // corpus paths, joined by the list separator
	childMode  = "CABLESEARCH_RELIABILITY_MODE"  // "build" or "update"
	childFsize = "CABLESEARCH_RELIABILITY_FSIZE" // a file-size limit in bytes, to make writes fail
)

// crashPointsEnv raises the number of kill points of TestCrash.
const crashPointsEnv = "CABLESEARCH_CRASH_POINTS"

func TestMain(m *testing.M) {
	if dir := os.Getenv(childEnv); dir != "" {
		os.Exit(runChild(dir))
	}
	os.Exit(m.Run())
}

func runChild(dir string) int {
	if s := os.Getenv(childFsize); s != "" {
		// Writes past the limit fail with EFBIG, as they would with
		// ENOSPC on a full disk, instead of killing the process.
		n, _ := strconv.ParseUint(s, 10, 64)
		signal.Ignore(syscall.SIGXFSZ)
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: n, Max: n}); err != nil {
			fmt.Printf("error: setrlimit: %v\n", err)
			return 2
		}
	}
	paths := filepath.SplitList(os.Getenv(childPaths))
	opts := index.BuildOptions{Update: os.Getenv(childMode) == "update", Progress: os.Stdout, ProgressInterval: 10 * time.Millisecond}
	st, err := index.Build(context.Background(), dir, opts, paths...)
	if err != nil {
		fmt.Printf("error: %v\n", err)
		return 1
	}
	fmt.Printf("built %d\n", st.Docs)
	return 0
}

// child is a build running in another process.
type child struct {
	cmd   *exec.Cmd
	lines chan string // stdout lines; closed at EOF
	start time.Time
}

// startChild starts a build (or update) of dir from paths in a child
// process. env adds variables (childFsize).
func startChild(t *testing.T, dir, mode string, paths ...string) *child {
	t.Helper()
	return startChildEnv(t, nil, os.Stderr, dir, mode, paths...)
}

// startChildEnv is startChild with more environment variables and the
// child's standard error going to stderr.
func startChildEnv(t *testing.T, env []string, stderr io.Writer, dir, mode string, paths ...string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+dir, childMode+"="+mode, childPaths+"="+strings.Join(paths, string(filepath.ListSeparator)))
	cmd.Env = append(cmd.Env, env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = stderr
	c := &child{cmd: cmd, lines: make(chan string, 1024), start: time.Now()}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			select {
			case c.lines <- sc.Text():
			default: // nobody listening: drop progress lines
			}
		}
		close(c.lines)
	}()
	return c
}

// wait waits for the child to end and returns its last line.
func (c *child) wait() (last string, err error) {
	for l := range c.lines {
		last = l
	}
	return last, c.cmd.Wait()
}

// kill kills the child with SIGKILL and reaps it.
func (c *child) kill() {
	c.cmd.Process.Signal(syscall.SIGKILL)
	for range c.lines {
	}
	c.cmd.Wait()
}

// sample returns a folder of the bundled sample, skipping t without it.
func sample(t *testing.T, sub string) string {
	t.Helper()
	p := filepath.Join(testcorpus.TestdataDir(), "sample", sub)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("bundled sample %s absent", sub)
	}
	return p
}

// queries is the fixed query set whose answers are compared: words,
// phrases, fields, prefixes, negation, OR, every cable by date, and a
// facet. Every hit is asked for (Size 1000), so the hit set is the whole
// match set. ordered says the ranking is compared as well (ties as sets,
// see sortTies). The last three were compared as sets while an unfielded
// word carried an optional summary/comment clause: bleve v2.6.3's
// BooleanSearcher.Advance dropped its score for some documents depending
// on their internal order (RELIABILITY.md, known problem 3).
var queries = []struct {
	req     query.Request
	ordered bool
}{
	{query.Request{Query: "qom"}, true},
	{query.Request{Query: `"soft heart and a hard head"`}, true},
	{query.Request{Query: "nuclear OR missile"}, true},
	{query.Request{Query: "tag:PREL"}, true},
	{query.Request{Query: "origin:moscow"}, true},
	{query.Request{Query: "offic*"}, true},
	{query.Request{Query: "*", Sort: query.SortOldest, Facets: []string{query.FacetTags, query.FacetYear, query.FacetClassification}}, true},
	{query.Request{Query: "jenny shipley"}, true},
	{query.Request{Query: "class:secret embassy"}, true},
	{query.Request{Query: "ambassador -iran"}, true},
}

// answers searches the index in dir with the fixed queries and returns
// one line per query (total, then the hit IDs in order, or sorted where
// the order is not compared, and facets), preceded by one line per
// document: its ID and a hash of the stored cable.
func answers(ctx context.Context, dir string) (string, error) {
	ix, err := index.Open(dir)
	if err != nil {
		return "", err
	}
	defer ix.Close()
	return answersOf(ctx, ix, true)
}

// answersOf gives the answers of an open index; without full, only the
// document count and the queries' hits and facets, without snippets (a
// quicker check for a loop).
func answersOf(ctx context.Context, ix *index.Index, full bool) (string, error) {
	n, err := ix.DocCount()
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "docs %d\n", n)
	if full {
		if err := writeDocs(ctx, &b, ix, n); err != nil {
			return "", err
		}
	}
	for _, q := range queries {
		req := q.req
		req.Size = 1000
		if !full {
			req.MaxParagraphs = -1
		}
		res, err := query.Search(ctx, ix, req)
		if err != nil {
			return "", fmt.Errorf("%s: %w", req.Query, err)
		}
		ids := make([]string, len(res.Hits))
		for i, h := range res.Hits {
			ids[i] = h.ID
		}
		if q.ordered {
			sortTies(ids, res.Hits, req.Sort)
		} else {
			slices.Sort(ids)
		}
		fmt.Fprintf(&b, "%s: %d %s", req.Query, res.Total, strings.Join(ids, " "))
		for _, f := range req.Facets {
			fmt.Fprintf(&b, " %s=%v", f, res.Facets[f])
		}
		b.WriteByte('\n')
	}
	return b.String(), nil
}

// sortTies sorts the IDs of each run of hits that tie on the sort key
// (the score, or the created date in the date sorts): hits that tie come
// in the index's internal document order, which depends on how the build
// batched them (query/doc.go, "Search").
func sortTies(ids []string, hits []query.Hit, sort string) {
	tie := func(a, b query.Hit) bool { return a.Score == b.Score }
	if sort == query.SortNewest || sort == query.SortOldest {
		tie = func(a, b query.Hit) bool { return a.Created.Equal(b.Created) }
	}
	for i := 0; i < len(hits); {
		j := i + 1
		for j < len(hits) && tie(hits[j], hits[i]) {
			j++
		}
		slices.Sort(ids[i:j])
		i = j
	}
}

// writeDocs writes one line per document: its ID and a hash of the
// stored cable as JSON.
func writeDocs(ctx context.Context, b *strings.Builder, ix *index.Index, n uint64) error {
	all := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), int(n)+1, 0, false)
	all.SortBy([]string{"_id"})
	res, err := ix.SearchInContext(ctx, all)
	if err != nil {
		return err
	}
	for _, h := range res.Hits {
		c, err := ix.Cable(h.ID)
		if err != nil || c == nil {
			return fmt.Errorf("cable %s: %v", h.ID, err)
		}
		j, err := json.Marshal(c)
		if err != nil {
			return err
		}
		fmt.Fprintf(b, "%s %x\n", h.ID, sha256.Sum256(j))
	}
	return nil
}

func mustAnswers(t *testing.T, dir string) string {
	t.Helper()
	a, err := answers(context.Background(), dir)
	if err != nil {
		t.Fatalf("answers of %s: %v", dir, err)
	}
	return a
}

// leftovers lists what builds left beside dir: temporary and parked
// folders, and the lock file.
func leftovers(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "."+filepath.Base(dir)+".") || e.Name() == filepath.Base(index.LockPath(dir)) {
			out = append(out, e.Name())
		}
	}
	return out
}

// copyDir copies the folder src to dst (a fresh copy of an index).
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(target, b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// firstDiff shows the first differing line of two answer sets.
func firstDiff(a, b string) string {
	al, bl := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("%q\nvs\n%q", al[i], bl[i])
		}
	}
	return "(lengths differ)"
}

// killPoint is one seeded kill of a build or an update: once the
// child's progress lines report a number of records read, or after a
// delay from the child's start.
type killPoint struct {
	mode    string        // "build" or "update"
	records int           // kill once this many records are read; 0: use delay
	delay   time.Duration // kill this long after the start
	late    bool          // the delay falls after the last progress line of a clean run (force merge, publication)
}

func (k killPoint) String() string {
	if k.records > 0 {
		return fmt.Sprintf("%s, kill after %d records", k.mode, k.records)
	}
	if k.late {
		return fmt.Sprintf("%s, kill after %v (final phase)", k.mode, k.delay.Round(time.Millisecond))
	}
	return fmt.Sprintf("%s, kill after %v", k.mode, k.delay.Round(time.Millisecond))
}

// run is a child run to completion: its answers, its duration, when it
// wrote its last progress line and the records that line counted.
type run struct {
	answers       string
	took, lastLog time.Duration
	records       int
}

// cleanRun builds (or updates a copy of from) dir in a child process,
// without a kill.
func cleanRun(t *testing.T, dir, mode, from string, paths ...string) run {
	t.Helper()
	if from != "" {
		copyDir(t, from, dir)
	}
	c := startChild(t, dir, mode, paths...)
	var r run
	last := ""
	for l := range c.lines {
		if _, err := fmt.Sscanf(l, "index: %d records", &r.records); err == nil {
			r.lastLog = time.Since(c.start)
		}
		last = l
	}
	if err := c.cmd.Wait(); err != nil || !strings.HasPrefix(last, "built ") {
		t.Fatalf("clean %s: %v, %q", mode, err, last)
	}
	r.took = time.Since(c.start)
	r.answers = mustAnswers(t, dir)
	return r
}

// TestCrash kills builds and updates with SIGKILL at seeded random
// points: by progress count while records are read and indexed, by delay
// over a whole run, and by delay in the final phase (after the last
// progress line of a clean run: late duplicates, force merge, schema
// stamp, publication). After each kill the index folder holds, whole,
// either the previous index or the complete new one: it opens, has the
// same documents (same IDs, same stored cables) and gives the same
// answers to the fixed queries as one of them. A rerun over the debris
// gives an index that answers exactly as a clean build does, and leaves
// nothing behind. CABLESEARCH_CRASH_POINTS sets the number of kills
// (default 8), CABLESEARCH_CRASH_SEED the seed.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child builds")
	}
	points := 8
	if s := os.Getenv(crashPointsEnv); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("%s=%q: want a positive number", crashPointsEnv, s)
		}
		points = n
	}
	seed := uint64(20261124)
	if s := os.Getenv("CABLESEARCH_CRASH_SEED"); s != "" {
		seed, _ = strconv.ParseUint(s, 10, 64)
	}
	tmp := t.TempDir()
	oldPaths := []string{sample(t, "html")}
	updPaths := []string{sample(t, "csv"), sample(t, "flat"), sample(t, "text"), sample(t, "textpage"), sample(t, "html-full")}
	newPaths := append(slices.Clone(oldPaths), updPaths...)

	// The previous index, kept pristine; a clean build of the new corpus
	// and a clean update of the previous index, in child processes
	// (which also time them).
	pristine := filepath.Join(tmp, "pristine")
	if _, err := index.Build(context.Background(), pristine, index.BuildOptions{}, oldPaths...); err != nil {
		t.Fatal(err)
	}
	oldAnswers := mustAnswers(t, pristine)
	clean := map[string]run{
		"build":  cleanRun(t, filepath.Join(tmp, "clean"), "build", "", newPaths...),
		"update": cleanRun(t, filepath.Join(tmp, "updated"), "update", pristine, updPaths...),
	}
	for mode, r := range clean {
		if r.answers == oldAnswers {
			t.Fatalf("the clean %s answers as the previous index; the test could not tell them apart", mode)
		}
		t.Logf("clean %s in a child: %v, %d records (last progress line at %v)", mode, r.took.Round(time.Millisecond), r.records, r.lastLog.Round(time.Millisecond))
	}
	t.Logf("seed %d, %d kill points", seed, points)

	rng := rand.New(rand.NewPCG(seed, 1))
	dir := filepath.Join(tmp, "idx")
	outcomes := map[string]int{}
	for i := range points {
		k := killPoint{mode: "build"}
		paths := newPaths
		if rng.IntN(3) == 0 {
			k.mode, paths = "update", updPaths
		}
		cr := clean[k.mode]
		switch i % 3 {
		case 0:
			k.records = 1 + rng.IntN(max(cr.records, 1))
		case 1:
			k.delay = time.Duration(float64(cr.took) * (0.05 + 0.95*rng.Float64()))
		case 2:
			k.late = true
			k.delay = cr.lastLog + time.Duration(float64(cr.took-cr.lastLog)*rng.Float64())
		}
		os.RemoveAll(dir)
		copyDir(t, pristine, dir)
		c := startChild(t, dir, k.mode, paths...)
		timer := time.NewTimer(time.Hour)
		if k.delay > 0 {
			timer.Reset(k.delay)
		}
		how := ""
	wait:
		for {
			select {
			case l, ok := <-c.lines:
				if !ok {
					how = "ended before the kill"
					break wait
				}
				var recs int
				if _, err := fmt.Sscanf(l, "index: %d records", &recs); err == nil && k.records > 0 && recs >= k.records {
					how = fmt.Sprintf("killed at %d records", recs)
					break wait
				}
				if strings.HasPrefix(l, "built ") {
					how = "ended before the kill"
					break wait
				}
			case <-timer.C:
				how = fmt.Sprintf("killed %v after start", time.Since(c.start).Round(time.Millisecond))
				break wait
			}
		}
		timer.Stop()
		c.kill()
		got, err := answers(context.Background(), dir)
		state := ""
		switch {
		case err != nil:
			t.Errorf("kill %d (%v, %s): the index does not open or answer: %v", i, k, how, err)
			continue
		case got == oldAnswers:
			state = "previous index intact"
		case got == cr.answers:
			state = "new index complete"
		default:
			t.Errorf("kill %d (%v, %s): the index answers like neither the previous nor the new one:\n%s", i, k, how, firstDiff(got, oldAnswers))
			continue
		}
		outcomes[state]++
		t.Logf("kill %d: %v, %s: %s; left %v", i, k, how, state, leftovers(t, dir))
	}
	t.Logf("outcomes: %v", outcomes)

	// A rerun over the debris of the last kill (its temporary folder and
	// lock file; each kill's debris was cleaned by the next run)
	// completes, answers as the clean build and cleans up.
	start := time.Now()
	if _, err := index.Build(context.Background(), dir, index.BuildOptions{}, newPaths...); err != nil {
		t.Fatalf("rerun after the kills: %v", err)
	}
	if got := mustAnswers(t, dir); got != clean["build"].answers {
		t.Errorf("rerun answers differ from a clean build:\n%s", firstDiff(got, clean["build"].answers))
	}
	if l := leftovers(t, dir); len(l) != 0 {
		t.Errorf("rerun left %v", l)
	}
	t.Logf("rerun: %v", time.Since(start).Round(time.Millisecond))
}

// TestReadDuringRebuild: while a child process rebuilds the index folder
// from a larger corpus, then updates it with more files, the parent
// keeps opening the folder and searching it in a loop, and keeps
// searching the indexes it opened before each run. No open or search
// fails (but for the known failure of an open at the very instant of a
// swap, logged: see TestOpenDuringSwap); the fresh opens answer exactly
// as the index before the swap,
// then as the index after it (in that order, never back); a reader
// opened before a run answers as its own index throughout and after.
func TestReadDuringRebuild(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child builds")
	}
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	if _, err := index.Build(ctx, dir, index.BuildOptions{}, sample(t, "html")); err != nil {
		t.Fatal(err)
	}
	// light gives the quick answers of the index now at dir.
	light := func() string {
		ix, err := index.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		defer ix.Close()
		a, err := answersOf(ctx, ix, false)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	type heldIndex struct {
		ix   *index.Index
		want string
	}
	var held []heldIndex
	defer func() {
		for _, h := range held {
			h.ix.Close()
		}
	}()
	hold := func() string {
		ix, err := index.Open(dir)
		if err != nil {
			t.Fatal(err)
		}
		want := light()
		held = append(held, heldIndex{ix, want})
		return want
	}

	var seen []string // distinct answer sets of fresh opens, in order
	opens, heldSearches := 0, 0
	loop := func(c *child) {
		done := make(chan struct{})
		var last string
		var werr error
		go func() {
			last, werr = c.wait()
			close(done)
		}()
		for after := 0; after < 3; {
			select {
			case <-done:
				after++
			default:
			}
			ix, err := index.Open(dir)
			if err != nil && knownSwapFailure(err) {
				t.Logf("KNOWN: open at the instant of a swap: %v", err)
				continue
			}
			if err != nil {
				t.Errorf("open while the child runs (after %d opens): %v", opens, err)
				continue
			}
			got, err := answersOf(ctx, ix, false)
			ix.Close()
			if err != nil {
				t.Errorf("search while the child runs (after %d opens): %v", opens, err)
				continue
			}
			opens++
			if len(seen) == 0 || seen[len(seen)-1] != got {
				seen = append(seen, got)
			}
			for i, h := range held {
				got, err := answersOf(ctx, h.ix, false)
				if err != nil || got != h.want {
					t.Errorf("reader %d, opened before the run: %v, answers changed: %v", i, err, got != h.want)
				}
				heldSearches++
			}
		}
		if werr != nil || !strings.HasPrefix(last, "built ") {
			t.Fatalf("child: %v, %q", werr, last)
		}
	}
	start := time.Now()
	first := hold()
	loop(startChild(t, dir, "build", sample(t, "html"), sample(t, "csv"), sample(t, "text")))
	afterBuild := hold()
	loop(startChild(t, dir, "update", sample(t, "flat"), sample(t, "textpage"), sample(t, "html-full")))
	afterUpdate := light()
	want := []string{first, afterBuild, afterUpdate}
	if !slices.Equal(seen, want) {
		t.Errorf("fresh opens saw %d answer sets; want exactly the 3 indexes in order", len(seen))
		for i, s := range seen {
			t.Logf("seen %d = index %d", i, slices.Index(want, s))
		}
	}
	t.Logf("%d fresh opens and %d searches of held readers (10 queries each) during a rebuild and an update, %v", opens, heldSearches, time.Since(start).Round(time.Millisecond))
}

// TestWriteFailure runs builds and an update in a child whose writes
// fail past a file-size limit (EFBIG, standing for a full disk, which a
// test cannot make without privileges), at several limits: the previous
// index stays intact and the next build cleans up and completes. The
// failed build should end with an error; bleve v2.6.3 instead sometimes
// panics inside Batch after a failed persist (a segment closed by the
// failure is used again: "assignment to entry in nil map" in zapx's
// invertedIndexCache). That known panic is logged, any other crash fails
// the test; RELIABILITY.md tracks it.
func TestWriteFailure(t *testing.T) {
	if testing.Short() {
		t.Skip("runs child builds")
	}
	dir := filepath.Join(t.TempDir(), "idx")
	if _, err := index.Build(context.Background(), dir, index.BuildOptions{}, sample(t, "html")); err != nil {
		t.Fatal(err)
	}
	before := mustAnswers(t, dir)
	paths := []string{sample(t, "html"), sample(t, "csv"), sample(t, "flat"), sample(t, "text")}
	for _, tc := range []struct {
		mode  string
		limit int
	}{{"build", 64 << 10}, {"build", 1 << 20}, {"build", 4 << 20}, {"update", 1 << 20}} {
		var stderr syncBuffer
		c := startChildEnv(t, []string{childFsize + "=" + strconv.Itoa(tc.limit)}, &stderr, dir, tc.mode, paths...)
		last, err := c.wait()
		var ee *exec.ExitError
		switch {
		case err == nil:
			t.Errorf("%s with writes failing past %d bytes succeeded: %q", tc.mode, tc.limit, last)
		case errors.As(err, &ee) && ee.ExitCode() == 1 && strings.HasPrefix(last, "error: index: "):
			t.Logf("%s, writes failing past %d bytes: clean error: %s", tc.mode, tc.limit, last)
		case strings.Contains(stderr.String(), "assignment to entry in nil map") && strings.Contains(stderr.String(), "invertedIndexCache"):
			t.Logf("%s, writes failing past %d bytes: KNOWN bleve panic after a failed persist (zapx invertedIndexCache)", tc.mode, tc.limit)
		default:
			t.Errorf("%s with writes failing past %d bytes: %v, last line %q; want an error, not a crash:\n%s", tc.mode, tc.limit, err, last, stderr.String())
		}
		if got, err := answers(context.Background(), dir); err != nil || got != before {
			t.Errorf("after the failed %s (limit %d): %v, previous index changed: %v", tc.mode, tc.limit, err, got != before)
		}
	}
	if _, err := index.Build(context.Background(), dir, index.BuildOptions{}, paths...); err != nil {
		t.Fatalf("build after the failures: %v", err)
	}
	if l := leftovers(t, dir); len(l) != 0 {
		t.Errorf("left %v", l)
	}
}

// TestBuildExclusive: a build started while another process builds the
// same folder fails at once with ErrLocked and a message naming that
// process; once that process is killed (its lock dies with it) a build
// runs, and the killed build's debris is cleaned up.
func TestBuildExclusive(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a child build")
	}
	dir := filepath.Join(t.TempDir(), "idx")
	paths := []string{sample(t, "html"), sample(t, "csv")}
	c := startChild(t, dir, "build", paths...)
	// Wait for the child's first progress line: it holds the lock.
	for l := range c.lines {
		if strings.HasPrefix(l, "index: ") {
			break
		}
	}
	_, err := index.Build(context.Background(), dir, index.BuildOptions{}, paths...)
	want := fmt.Sprintf("index: another build of %s is running (pid %d); wait for it, or remove %s if that process is gone", dir, c.cmd.Process.Pid, index.LockPath(dir))
	if !errors.Is(err, index.ErrLocked) || !strings.Contains(err.Error(), want) {
		t.Errorf("second build = %v\nwant ErrLocked: %s", err, want)
	}
	c.kill()
	if _, err := index.Build(context.Background(), dir, index.BuildOptions{}, paths...); err != nil {
		t.Fatalf("build after the holder was killed: %v", err)
	}
	if l := leftovers(t, dir); len(l) != 0 {
		t.Errorf("left %v", l)
	}
}

// TestBuildBadInput builds an index from the bad-input catalogue
// (testdata/bad) and the sample's CSV: the build completes, every bad
// record is counted under a reason and logged on one line naming its
// file, and duplicates are merged into one document.
func TestBuildBadInput(t *testing.T) {
	bad := filepath.Join(testcorpus.TestdataDir(), "bad")
	var files []string
	ents, err := os.ReadDir(bad)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if e.Name() != "README.md" {
			files = append(files, filepath.Join(bad, e.Name()))
		}
	}
	var log syncBuffer
	dir := filepath.Join(t.TempDir(), "idx")
	st, err := index.Build(context.Background(), dir, index.BuildOptions{Log: &log}, files...)
	if err != nil {
		t.Fatalf("build over bad input: %v", err)
	}
	// 9 cables read (bad-lines.jsonl 3, cp1252-as-utf8.html 1,
	// duplicates.csv 3, truncated.csv 1, utf16.txt 1: see
	// testdata/bad/README.md), 6 of them distinct: 01ISLAMABAD648 is
	// there twice, 66BUENOSAIRES2481 three times. 16 errors.
	if st.Docs != 6 || st.Cables != 6 || st.Duplicates != 3 || st.SkippedTotal() != 16 || st.Records != 25 {
		t.Errorf("docs %d cables %d duplicates %d skipped %d %v records %d; want 6 6 3 16 25", st.Docs, st.Cables, st.Duplicates, st.SkippedTotal(), st.Skipped, st.Records)
	}
	lines := strings.Split(strings.TrimSpace(log.String()), "\n")
	if len(lines) != st.SkippedTotal() {
		t.Errorf("%d log lines for %d skipped records:\n%s", len(lines), st.SkippedTotal(), log.String())
	}
	for _, l := range lines {
		if !strings.Contains(l, filepath.Join("testdata", "bad")) {
			t.Errorf("log line without its file: %q", l)
		}
	}
	t.Logf("skipped: %v", st.Skipped)
}

// syncBuffer is a strings.Builder safe for the build's goroutines.
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

// knownSwapFailure tells the known failure of an open that falls at the
// instant of a swap (see TestOpenDuringSwap and RELIABILITY.md).
func knownSwapFailure(err error) bool {
	return strings.Contains(err.Error(), string(filepath.Separator)+"store: no such file or directory")
}

// synthCables makes n small cables whose IDs and text depend only on
// their number.
func synthCables(n int) []*cablesearch.Cable {
	out := make([]*cablesearch.Cable, n)
	for i := range out {
		id := fmt.Sprintf("09MOSCOW%d", i+1)
		out[i] = &cablesearch.Cable{
			ID: id, RawID: id, Subject: fmt.Sprintf("REPORT %d", i+1), Classification: "UNCLASSIFIED",
			Created:    time.Date(2009, 1, 1+i%28, 0, 0, 0, 0, time.UTC),
			Paragraphs: []cablesearch.Paragraph{{N: 1, Text: fmt.Sprintf("The ambassador met the minister about report %d.", i+1)}},
		}
	}
	return out
}

// TestOpenDuringSwap opens and searches an index folder in a tight loop
// from two goroutines while the same process republishes it again and
// again (builds of 10 and 20 cables alternately): every open sees one
// whole index, 10 or 20 documents, never a mix, and searches it without
// error. An open that falls at the instant of a swap can still fail
// ("readdirent IDX/store: no such file or directory": bleve lists the
// store folder of the index it started to open, which the publication
// has just swapped out and removed), about once per 100 publications in
// this loop; that known failure is logged and counted, and RELIABILITY.md
// tracks it (index.Open could retry when the folder changed under it).
// Any other failure fails the test.
func TestOpenDuringSwap(t *testing.T) {
	if testing.Short() {
		t.Skip("loops over builds")
	}
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "idx")
	if _, err := index.BuildCables(ctx, dir, index.BuildOptions{}, index.Cables(synthCables(10)...)); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var mu sync.Mutex
	opens, failures := 0, map[string]int{}
	for range 2 {
		wg.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				ix, err := index.Open(dir)
				if err != nil {
					mu.Lock()
					failures["open: "+err.Error()]++
					mu.Unlock()
					continue
				}
				n, err := ix.DocCount()
				res, serr := query.Search(ctx, ix, query.Request{Query: "ambassador", Size: 50, MaxParagraphs: -1})
				ix.Close()
				mu.Lock()
				opens++
				switch {
				case err != nil || serr != nil:
					failures[fmt.Sprint("count/search: ", err, serr)]++
				case n != 10 && n != 20 || res.Total != n || len(res.Hits) != int(n):
					failures[fmt.Sprintf("mixed index: %d documents, %d hits", n, res.Total)]++
				}
				mu.Unlock()
			}
		})
	}
	builds := 0
	deadline := time.Now().Add(6 * time.Second)
	for time.Now().Before(deadline) {
		n := 20 - 10*(builds%2)
		if _, err := index.BuildCables(ctx, dir, index.BuildOptions{}, index.Cables(synthCables(n)...)); err != nil {
			t.Errorf("build %d: %v", builds, err)
			break
		}
		builds++
	}
	close(stop)
	wg.Wait()
	known := 0
	for f, n := range failures {
		if strings.HasPrefix(f, "open: ") && knownSwapFailure(errors.New(f)) {
			known += n
			continue
		}
		t.Errorf("%d× %s", n, f)
	}
	t.Logf("%d publications, %d opens and searches; KNOWN: %d opens failed at a swap", builds, opens, known)
}
