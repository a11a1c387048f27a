// Command cablesynth writes a synthetic corpus of US diplomatic cables in
// the cables.csv format, for benchmarks at the scale of the real release.
//
// Usage:
//
//	cablesynth [--count N] [--seed S] [--from DIR] [--ids FILE] --out FILE
//
// The cables are recombined from real ones read with the project's readers
// from --from (default ../shared/corpus beside the module root, or the
// bundled testdata/sample when that is absent): each synthetic cable takes
// a real ID and month from --ids (default FROM/oracle/cable2month.csv, all
// 251,287 IDs of the release; each ID is used once while N is at most that
// many), its origin from the station of the ID, a classification drawn
// from the release's mix, a caption (TAGS, SUBJECT, classifier, signer,
// paragraph count) from a real cable of the same station and level, REF
// lines citing real IDs of the same period in the usual citation forms,
// and numbered paragraphs with their portion markings drawn from real
// cables of the same level. The output depends only on the corpus and
// --seed, and is written as it is generated (memory does not grow with N).
//
// Rows have no header; the columns are id, date (M/D/YYYY H:MM), refid,
// origin, classification, references (|-separated), header and body, each
// double-quoted with \" and \\ escapes and raw newlines, as in the
// unofficial dump.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/spf13/pflag"

	"github.com/cablesearch/cablesearch/cmd/cablesynth/synth"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil && !errors.Is(err, pflag.ErrHelp) {
		fmt.Fprintln(os.Stderr, "cablesynth:", err)
		os.Exit(1)
	}
}

// run is the whole program.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := pflag.NewFlagSet("cablesynth", pflag.ContinueOnError)
	fs.SetOutput(stderr)
	count := fs.Int("count", synth.RealTotal, "number of cables to write")
	seed := fs.Uint64("seed", 1, "random seed; the same seed and corpus give the same bytes")
	from := fs.String("from", "", "folder of real cables (default ../shared/corpus beside the module root, else testdata/sample)")
	ids := fs.String("ids", "", "refid,month list (default FROM/oracle/cable2month.csv; the cables read when absent)")
	out := fs.String("out", "", "output file (- for standard output)")
	quiet := fs.BoolP("quiet", "q", false, "no summary on stderr")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *out == "" {
		return errors.New("--out is required")
	}
	if *count < 0 {
		return errors.New("--count must be positive")
	}
	src := *from
	if src == "" {
		src = defaultCorpus()
		if src == "" {
			return errors.New("no corpus found: give --from")
		}
	}
	idsFile := *ids
	if idsFile == "" {
		idsFile = filepath.Join(src, "oracle", "cable2month.csv")
	}
	start := time.Now()
	pool, err := synth.LoadPool(src, idsFile)
	if err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	var w io.Writer = stdout
	var f *os.File
	if *out != "-" {
		if f, err = os.Create(*out); err != nil {
			return err
		}
		w = f
	}
	st, err := pool.Generate(ctxWriter{ctx, w}, *count, *seed)
	if f != nil {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return err
	}
	if !*quiet {
		avg := 0.0
		if st.Cables > 0 {
			avg = float64(st.BodyBytes) / float64(st.Cables)
		}
		fmt.Fprintf(stderr, "cablesynth: %d cables from %d real ones (%d paragraphs, %d IDs) in %s: %.1f MB written, %.1f MB of body text, %.0f bytes per body\n",
			st.Cables, pool.Cables, pool.Paragraphs(), pool.IDs(), time.Since(start).Round(time.Millisecond),
			float64(st.Bytes)/1e6, float64(st.BodyBytes)/1e6, avg)
	}
	return nil
}

// ctxWriter stops writing once ctx is done.
type ctxWriter struct {
	ctx context.Context
	w   io.Writer
}

func (c ctxWriter) Write(b []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.w.Write(b)
}

// defaultCorpus returns ../shared/corpus beside the module root when it
// exists, else the module's testdata/sample, else "".
func defaultCorpus() string {
	root := moduleRoot()
	if root == "" {
		return ""
	}
	for _, p := range []string{filepath.Join(root, "..", "shared", "corpus"), filepath.Join(root, "testdata", "sample")} {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			return p
		}
	}
	return ""
}

// moduleRoot walks up from the working directory to the folder holding
// go.mod.
func moduleRoot() string {
	dir, err := os.Getwd()
	if err != nil {
		return ""
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}
