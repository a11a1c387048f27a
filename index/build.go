package index

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"

	"github.com/cablesearch/cablesearch"
)

// BuildOptions configure Build. The zero value is usable; setDefaults
// fills in the defaults named here.
type BuildOptions struct {
	// Workers is the number of goroutines parsing records; default
	// runtime.NumCPU().
	Workers int
	// Writers is the number of goroutines calling bleve's Batch; default
	// 2 (measured best on 2 cores, BLEVE-NOTES 4.2).
	Writers int
	// BatchSize is the most cables in one batch; default 250.
	BatchSize int
	// BatchBytes is the most text bytes in one batch; default 1.5 MB.
	BatchBytes int
	// Update adds and replaces cables in the existing index at dir
	// instead of building a new one. The existing index is cloned into a
	// temporary folder (segments hard-linked), updated there and swapped
	// in when complete, so it stays intact and searchable meanwhile.
	Update bool
	// Format forces the source format of every file (see
	// cablesearch.ReaderOptions); empty detects it.
	Format string
	// Progress receives a progress bar when it is a terminal, otherwise a
	// plain line every ProgressInterval; nil for none.
	Progress io.Writer
	// ProgressInterval is the period of plain progress lines; default 5s.
	ProgressInterval time.Duration
	// Log receives one line per skipped record ("file:line: reason");
	// nil for none (they are counted in Stats either way).
	Log io.Writer
	// MaxErrors is how many skip lines Stats.Errors keeps; default 100.
	MaxErrors int
	// GCPercent is the garbage collector's target percentage
	// (debug.SetGCPercent) while the build runs, restored afterwards;
	// default 300; negative leaves the setting alone. On 25,000 cables it
	// took the build from 92.8 to 79.5 CPU-s and the peak RSS from 1.0 to
	// 1.33 GB (BENCHMARKS.md, "Build: decisions").
	GCPercent int
	// MemoryLimit is the Go memory limit (debug.SetMemoryLimit) while the
	// build runs, restored afterwards, which bounds what the larger
	// GCPercent adds to the peak; default 1 GiB (1.5 GiB gave 72 CPU-s but
	// a 1.8 GB peak on 25,000 cables); negative leaves it alone. A limit
	// already set lower (GOMEMLIMIT) is kept.
	MemoryLimit int64
	// MaxMergeBytes is the largest index, in bytes on disk, that the build
	// force-merges into one segment at the end; a larger index keeps the
	// ~10 segments of bleve's tiered merger. Default 1 GiB; negative
	// always merges. The merge reads every segment through mmap: on
	// 100,000 cables (2.1 GB) it raised the peak RSS from 1.47 to 3.02 GB
	// and took 20% of the build CPU, for 4% less size and facet queries
	// 0-30% faster (BENCHMARKS.md, "Build: decisions").
	MaxMergeBytes int64
	// MaxSegmentDocs caps the documents of a segment that bleve's
	// background merger makes (its MaxSegmentSize); default 30,000;
	// negative keeps bleve's 5 million. Each merge mmaps its input
	// segments, so the cap bounds the file-backed part of the peak RSS:
	// on 251,195 cables 3.21 GB uncapped, 2.04-2.17 GB with 40,000,
	// 612.9 vs 628.7 CPU-s, 17 vs 16 segments, the same query times
	// (BENCHMARKS.md, "Build: decisions", for 30,000).
	MaxSegmentDocs int
	// MergeFloorDocs is the first tier, in documents, of bleve's merge
	// plan (its FloorSegmentSize): smaller segments count as this size
	// when the merger plans; default 250 (one batch), negative keeps
	// bleve's 2,000. With 2,000 the merger takes the 250-cable segments
	// of the batches about 4 at a time; 250 merges them 10 at a time
	// (with bleve's fan-in) and writes a third less (25,000 cables: 1.39
	// vs 0.51 GB before the final merge, 83 vs 71 CPU-s). It is the
	// default together with MergeFanIn (BENCHMARKS.md, "Build:
	// decisions").
	MergeFloorDocs int
	// MergeFanIn is how many segments bleve's background merger merges in
	// one task and lets pile up in each tier of its plan (its
	// SegmentsPerMergeTask and MaxSegmentsPerTier, the tiers growing by
	// the same factor); default 100, negative keeps bleve's 10. A build
	// too large for one segment (MaxMergeBytes) ends by merging the small
	// segments left over, under MaxSegmentDocs (tidyMergePlan). With 10,
	// merges wrote ~2.8 times the index (100,000 cables); 100 with
	// MergeFloorDocs 250 merges 250-cable batches straight into segments
	// of ~25,000. On 251,195 cables, side by side at load 0.4-2: 595
	// instead of 638 CPU-s, 324 vs 327 s wall, a peak RSS of 1,756 instead
	// of 1,718 MB, 11 segments instead of 22 (ID lookups 1.6-1.9x and
	// words ~12% faster). 30 left most cables in 7,500-cable segments
	// until the tidy merge, whose tasks, introduced together, took the
	// peak to 2.15 GB at 100,000 cables.
	MergeFanIn int
}

func (o *BuildOptions) setDefaults() {
	if o.Workers <= 0 {
		o.Workers = runtime.NumCPU()
	}
	if o.Writers <= 0 {
		o.Writers = 2
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 250
	}
	if o.BatchBytes <= 0 {
		o.BatchBytes = 1536 << 10
	}
	if o.ProgressInterval <= 0 {
		o.ProgressInterval = 5 * time.Second
	}
	if o.MaxErrors <= 0 {
		o.MaxErrors = 100
	}
	if o.GCPercent == 0 {
		o.GCPercent = 300
	}
	if o.MemoryLimit == 0 {
		o.MemoryLimit = 1024 << 20
	}
	if o.MaxSegmentDocs == 0 {
		o.MaxSegmentDocs = 30000
	}
	if o.MaxMergeBytes == 0 {
		o.MaxMergeBytes = 1 << 30
	}
	if o.MergeFloorDocs == 0 {
		o.MergeFloorDocs = 250
	}
	if o.MergeFanIn == 0 {
		o.MergeFanIn = 100
	}
}

// setGC applies opts.GCPercent and opts.MemoryLimit and returns a
// function restoring the previous settings.
func setGC(opts BuildOptions) (restore func()) {
	oldPercent, oldLimit := -2, int64(-1)
	if opts.GCPercent > 0 {
		oldPercent = debug.SetGCPercent(opts.GCPercent)
	}
	if cur := debug.SetMemoryLimit(-1); opts.MemoryLimit > 0 && opts.MemoryLimit < cur {
		oldLimit = debug.SetMemoryLimit(opts.MemoryLimit)
	}
	return func() {
		if oldPercent != -2 {
			debug.SetGCPercent(oldPercent)
		}
		if oldLimit >= 0 {
			debug.SetMemoryLimit(oldLimit)
		}
	}
}

// Stats is the account of a build.
type Stats struct {
	// Dir is the published index.
	Dir string
	// Records is the number of records read, parsed or not.
	Records int
	// Cables is the number of distinct cables indexed by this build.
	Cables int
	// Docs is the number of documents in the published index.
	Docs uint64
	// Duplicates is the number of records merged into a cable already
	// seen (same canonical ID).
	Duplicates int
	// Replaced is the number of cables of an updated index replaced by a
	// new copy.
	Replaced int
	// Skipped counts the records not indexed, by reason.
	Skipped map[string]int
	// Errors holds the first MaxErrors skip lines.
	Errors []string
	// Bytes is the size of the records' source text.
	Bytes int64
	// IndexBytes is the size of the published index on disk.
	IndexBytes int64
	// Elapsed is the wall time of the build.
	Elapsed time.Duration
	// ForceMerge is the part of Elapsed spent merging the index into one
	// segment at the end.
	ForceMerge time.Duration
}

// SkippedTotal is the number of records not indexed.
func (s *Stats) SkippedTotal() int {
	n := 0
	for _, v := range s.Skipped {
		n += v
	}
	return n
}

// WriteSummary prints the build summary, one fact per line.
func (s *Stats) WriteSummary(w io.Writer) {
	secs := s.Elapsed.Seconds()
	if secs <= 0 {
		secs = 1e-9
	}
	fmt.Fprintf(w, "indexed %d cables from %d records into %s (%d documents)\n", s.Cables, s.Records, s.Dir, s.Docs)
	fmt.Fprintf(w, "duplicates merged: %d\n", s.Duplicates)
	if s.Replaced > 0 {
		fmt.Fprintf(w, "replaced: %d\n", s.Replaced)
	}
	fmt.Fprintf(w, "skipped: %d\n", s.SkippedTotal())
	reasons := make([]string, 0, len(s.Skipped))
	for r := range s.Skipped {
		reasons = append(reasons, r)
	}
	sort.Slice(reasons, func(i, j int) bool {
		if s.Skipped[reasons[i]] != s.Skipped[reasons[j]] {
			return s.Skipped[reasons[i]] > s.Skipped[reasons[j]]
		}
		return reasons[i] < reasons[j]
	})
	for _, r := range reasons {
		fmt.Fprintf(w, "  %6d %s\n", s.Skipped[r], r)
	}
	fmt.Fprintf(w, "time: %s, %.1f MB/s, %.0f cables/s\n", s.Elapsed.Round(time.Millisecond), float64(s.Bytes)/1e6/secs, float64(s.Cables)/secs)
	fmt.Fprintf(w, "index size: %.1f MB\n", float64(s.IndexBytes)/1e6)
}

// item is one parsed cable or one failure on the way to the collector.
type item struct {
	cable *cablesearch.Cable
	err   error
	bytes int64
}

// Build reads the cables of the files, folders and archives in paths and
// builds a new index in dir (or updates it with opts.Update). Records
// are read in order, parsed by opts.Workers goroutines and written in
// batches by opts.Writers goroutines; a cable seen more than once is
// indexed once, with its other raw IDs as variants. Bad records are
// counted and logged, never fatal. The index is built beside dir and
// replaces it only when complete: on any error, interrupt or kill, the
// index previously at dir is untouched.
func Build(ctx context.Context, dir string, opts BuildOptions, paths ...string) (*Stats, error) {
	if len(paths) == 0 {
		return nil, errors.New("index: no corpus paths")
	}
	files, err := corpusFiles(paths)
	if err != nil {
		return nil, err
	}
	var total int64
	for _, f := range files {
		if isArchive(f.Path) {
			total = -1
			break
		}
		total += f.Size
	}
	if total == 0 {
		total = -1
	}
	opts.setDefaults()
	src := func(ctx context.Context, out chan<- item) error {
		return readAndParse(ctx, opts, paths, out)
	}
	return build(ctx, dir, opts, files, total, src)
}

// BuildCables builds an index in dir (or updates it) from cables given
// by a sequence instead of files: a non-nil error in the sequence is
// counted as a skipped record. It is Build without the reading and
// parsing, for tests and for programs that make cables themselves.
func BuildCables(ctx context.Context, dir string, opts BuildOptions, cables iter.Seq2[*cablesearch.Cable, error]) (*Stats, error) {
	opts.setDefaults()
	src := func(ctx context.Context, out chan<- item) error {
		for c, err := range cables {
			it := item{cable: c, err: err}
			if c != nil {
				it.bytes = int64(textLen(c))
			}
			select {
			case out <- it:
			case <-ctx.Done():
				return context.Cause(ctx)
			}
		}
		return nil
	}
	return build(ctx, dir, opts, nil, -1, src)
}

func isArchive(path string) bool {
	for _, ext := range []string{".gz", ".zip", ".tar", ".tgz", ".7z"} {
		if strings.HasSuffix(strings.ToLower(path), ext) {
			return true
		}
	}
	return false
}

// readAndParse reads records sequentially and parses them in
// opts.Workers goroutines.
func readAndParse(ctx context.Context, opts BuildOptions, paths []string, out chan<- item) error {
	r := cablesearch.NewReader(cablesearch.ReaderOptions{Format: opts.Format}, paths...)
	defer r.Close()
	type rec struct {
		rec   *cablesearch.Record
		bytes int64
	}
	recs := make(chan rec, opts.Workers*4)
	var wg sync.WaitGroup
	for range opts.Workers {
		wg.Go(func() {
			for r := range recs {
				c, err := cablesearch.ParseRecord(r.rec)
				select {
				case out <- item{cable: c, err: err, bytes: r.bytes}:
				case <-ctx.Done():
				}
			}
		})
	}
	var readErr error
	for {
		if ctx.Err() != nil {
			readErr = context.Cause(ctx)
			break
		}
		rc, err := r.Next()
		if err == io.EOF {
			break
		}
		var pe *cablesearch.ParseError
		if errors.As(err, &pe) {
			select {
			case out <- item{err: err}:
			case <-ctx.Done():
			}
			continue
		}
		if err != nil {
			readErr = fmt.Errorf("index: read corpus: %w", err)
			break
		}
		n := int64(len(rc.Data))
		for _, f := range rc.Fields {
			n += int64(len(f))
		}
		select {
		case recs <- rec{rc, n}:
		case <-ctx.Done():
		}
	}
	close(recs)
	wg.Wait()
	return readErr
}

// build runs the common pipeline: src feeds items; a collector dedupes
// and batches; writers index; then late duplicates are merged, the index
// is force-merged, stamped and published.
func build(ctx context.Context, dir string, opts BuildOptions, files []FileInfo, total int64, src func(context.Context, chan<- item) error) (_ *Stats, err error) {
	start := time.Now()
	defer setGC(opts)()
	dir = filepath.Clean(dir)
	unlock, err := lockBuild(dir)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if err := cleanStale(dir); err != nil {
		return nil, err
	}
	if err := checkTarget(dir, opts.Update); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}

	tmp := newTempDir(dir)
	var idx bleve.Index
	defer func() {
		if err != nil {
			if idx != nil {
				idx.Close()
			}
			os.RemoveAll(tmp)
			if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
				err = fmt.Errorf("index: interrupted (the index at %s is unchanged): %w", dir, err)
			} else if errors.Is(err, syscall.ENOSPC) || strings.Contains(err.Error(), "no space left on device") {
				err = fmt.Errorf("%w (disk full; the index at %s is unchanged)", err, dir)
			}
		}
	}()
	var oldInfo Info
	if opts.Update {
		if err := clone(dir, tmp); err != nil {
			return nil, fmt.Errorf("index: copy %s for update: %w", dir, err)
		}
		idx, err = bleve.OpenUsing(tmp, map[string]interface{}{"bolt_timeout": BoltTimeout})
		if err != nil {
			return nil, fmt.Errorf("index: open copy of %s: %w", dir, err)
		}
		if oldInfo, err = checkSchema(idx, dir); err != nil {
			return nil, err
		}
	} else {
		idx, err = bleve.NewUsing(tmp, NewMapping(), scorch.Name, scorch.Name, mergeConfig(opts))
		if err != nil {
			return nil, fmt.Errorf("index: create %s: %w", tmp, err)
		}
	}

	var phase atomic.Pointer[string]
	setPhase := func(p string) { phase.Store(&p) }
	setPhase("index")
	var traced *scorch.Scorch
	if adv, err := idx.Advanced(); err == nil {
		traced, _ = adv.(*scorch.Scorch)
	}
	tr := startBuildTrace(traced, func() string { return *phase.Load() })
	defer tr.close()

	st := &Stats{Dir: dir, Skipped: map[string]int{}}
	prog := newProgress(opts.Progress, opts.ProgressInterval, total)
	defer prog.stop()

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	items := make(chan item, opts.Workers*4)
	batches := make(chan []*cablesearch.Cable, opts.Writers)

	var srcErr error
	go func() {
		srcErr = src(ctx, items)
		close(items)
	}()

	var wg sync.WaitGroup
	for range opts.Writers {
		wg.Go(func() {
			for cables := range batches {
				if ctx.Err() != nil {
					continue
				}
				if err := writeBatch(idx, cables); err != nil {
					cancel(err)
					continue
				}
				prog.indexed(len(cables))
			}
		})
	}

	col := collector{opts: opts, idx: idx, st: st, prog: prog, seen: map[string]*entry{}, late: map[string][]*cablesearch.Cable{}, out: batches, ctx: ctx}
	col.run(items)
	close(batches)
	wg.Wait()
	if err := context.Cause(ctx); err != nil {
		return nil, err
	}
	if srcErr != nil {
		return nil, srcErr
	}
	setPhase("late")
	if err := col.mergeLate(); err != nil {
		return nil, err
	}
	st.Cables = len(col.seen)
	prog.stop()

	adv, err := idx.Advanced()
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	sc, _ := adv.(*scorch.Scorch)
	if sc != nil {
		t := time.Now()
		setPhase("settle")
		segs, err := settleErr(ctx, sc, settleTimeout)
		if errors.Is(err, errWriteLoop) {
			return nil, err
		}
		if opts.MaxMergeBytes < 0 || dirSize(tmp) <= opts.MaxMergeBytes {
			// bleve's single-segment plan merges at most 10 segments per
			// task, so 13 segments took two passes that wrote the index
			// twice. One task takes them all (up to maxForceMergeFanIn;
			// more need another pass).
			setPhase("force")
			opt := mergeplan.SingleSegmentMergePlanOptions
			for pass := 0; pass < 4 && segs > 1; pass++ {
				opt.SegmentsPerMergeTask = max(mergeplan.SingleSegmentMergePlanOptions.SegmentsPerMergeTask, min(int(segs), maxForceMergeFanIn))
				if err := sc.ForceMerge(ctx, &opt); err != nil {
					return nil, fmt.Errorf("index: force merge: %w", err)
				}
				if segs, err = settleErr(ctx, sc, settleTimeout); errors.Is(err, errWriteLoop) {
					return nil, err
				}
			}
		} else if opts.MergeFanIn > 0 && opts.MaxSegmentDocs > 0 && segs > 1 {
			// Too large for one segment: merge only the small segments
			// the background merger left behind, under the segment cap.
			setPhase("tidy")
			opt := tidyMergePlan(opts.MaxSegmentDocs)
			if err := sc.ForceMerge(ctx, &opt); err != nil {
				return nil, fmt.Errorf("index: merge small segments: %w", err)
			}
			if _, err = settleErr(ctx, sc, settleTimeout); errors.Is(err, errWriteLoop) {
				return nil, err
			}
		}
		st.ForceMerge = time.Since(t)
	}
	setPhase("close")
	info := Info{Schema: SchemaVersion, Built: time.Now(), Files: mergeFiles(oldInfo.Files, files)}
	info.Fingerprint = fingerprint(opts.Format, info.Files)
	if err := writeInfo(idx, info); err != nil {
		return nil, err
	}
	if sc != nil {
		if _, err := settleErr(ctx, sc, settleTimeout); err != nil && ctx.Err() == nil {
			return nil, err
		}
	}
	if st.Docs, err = idx.DocCount(); err != nil {
		return nil, fmt.Errorf("index: count documents: %w", err)
	}
	err = idx.Close()
	idx = nil
	if err != nil {
		return nil, fmt.Errorf("index: close: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return nil, context.Cause(ctx)
	}
	if err := publish(tmp, dir); err != nil {
		return nil, err
	}
	st.IndexBytes = dirSize(dir)
	st.Elapsed = time.Since(start)
	return st, nil
}

// mergeConfig returns the scorch configuration of a new index: the merge
// plan's segment cap and first tier when set, else nil. bleve keeps its
// defaults for the other fields of the plan, and stores the
// configuration in the index (an update reopens it with the same plan).
func mergeConfig(opts BuildOptions) map[string]interface{} {
	mp := map[string]interface{}{}
	if opts.MaxSegmentDocs > 0 {
		mp["MaxSegmentSize"] = opts.MaxSegmentDocs
	}
	if opts.MergeFloorDocs > 0 {
		mp["FloorSegmentSize"] = opts.MergeFloorDocs
	}
	if opts.MergeFanIn > 0 {
		mp["SegmentsPerMergeTask"] = opts.MergeFanIn
		mp["MaxSegmentsPerTier"] = opts.MergeFanIn
		mp["TierGrowth"] = float64(opts.MergeFanIn)
	}
	if len(mp) == 0 {
		return nil
	}
	return map[string]interface{}{"scorchMergePlanOptions": mp}
}

// tidyMergePlan is the plan of the final merge of an index too large for
// one segment: every segment under half of maxDocs (those bleve's merger
// would still merge) is merged with others into segments under maxDocs,
// up to maxForceMergeFanIn at a time; larger segments are left as they
// are.
func tidyMergePlan(maxDocs int) mergeplan.MergePlanOptions {
	return mergeplan.MergePlanOptions{
		MaxSegmentsPerTier:   1,
		MaxSegmentSize:       int64(maxDocs),
		MaxSegmentFileSize:   1 << 40,
		TierGrowth:           1,
		SegmentsPerMergeTask: maxForceMergeFanIn,
		FloorSegmentSize:     1 << 30, // one tier: the budget is one segment
		ReclaimDeletesWeight: 2,
	}
}

// maxForceMergeFanIn is the most segments the final force merge merges
// in one task; each is mmapped and iterated at once.
const maxForceMergeFanIn = 64

// settleTimeout bounds the wait for bleve's persister after the force
// merge.
const settleTimeout = 30 * time.Minute

// errWriteLoop is returned by settleErr when bleve keeps failing to write
// (a full disk): its persister and merger retry forever, so waiting for
// them would never end.
var errWriteLoop = errors.New("index: bleve keeps failing to write the index; is the disk full?")

// writeErrors sums bleve's counters of failed persists and merges.
func writeErrors(m map[string]interface{}) uint64 {
	var n uint64
	for _, k := range [...]string{"TotPersistLoopErr", "TotFileMergeLoopErr", "TotFileMergePlanErr", "TotFileMergePlanTasksErr", "TotMemMergeErr"} {
		v, _ := m[k].(uint64)
		n += v
	}
	return n
}

// settleErr waits until bleve has persisted its latest snapshot, and for
// at most cleanupWait more until it has removed the files that snapshot no
// longer uses; it returns the number of segments. Close waits for
// neither: a build closed right after its force merge could publish the
// old segments still named by root.bolt beside the orphaned merged file
// (an unmerged index of twice the size, seen once with 1,000-cable
// batches). It gives up with errWriteLoop when bleve's write errors keep
// growing (a full disk: bleve retries forever), with ctx's error, or
// after timeout.
func settleErr(ctx context.Context, s *scorch.Scorch, timeout time.Duration) (segments uint64, err error) {
	deadline := time.Now().Add(timeout)
	var persisted time.Time
	errs0 := writeErrors(s.StatsMap())
	for {
		m := s.StatsMap()
		if writeErrors(m) >= errs0+5 {
			segs, _ := m["num_root_filesegments"].(uint64)
			return segs, errWriteLoop
		}
		active, _ := m["index_bgthreads_active"].(bool)
		files, _ := m["num_files_on_disk"].(uint64) // root.bolt too
		segs, _ := m["num_root_filesegments"].(uint64)
		mem, _ := m["num_root_memorysegments"].(uint64)
		if !active && mem == 0 {
			if persisted.IsZero() {
				persisted = time.Now()
			}
			if files <= segs+1 || time.Since(persisted) > cleanupWait {
				return segs, nil
			}
		} else {
			persisted = time.Time{}
		}
		if ctx.Err() != nil {
			return segs + mem, ctx.Err()
		}
		if time.Now().After(deadline) {
			return segs + mem, errors.New("index: bleve did not persist the merged index in time")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// cleanupWait bounds the wait for bleve to delete replaced segment files.
const cleanupWait = 10 * time.Second

// checkTarget refuses to replace a folder that is not an index, and to
// update one that does not exist.
func checkTarget(dir string, update bool) error {
	st, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		if update {
			return fmt.Errorf("index: update: no index at %s: %w", dir, err)
		}
		return nil
	}
	if err != nil {
		return fmt.Errorf("index: %w", err)
	}
	if !st.IsDir() {
		return fmt.Errorf("index: %s is a file: %w", dir, ErrNotIndex)
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) == 0 && !update {
		return nil // an empty folder may be replaced
	}
	return checkIndexDir(dir)
}

// mergeFiles joins the corpus lists of an updated index and of the update
// (the newer entry of a path wins).
func mergeFiles(old, add []FileInfo) []FileInfo {
	m := make(map[string]FileInfo, len(old)+len(add))
	for _, f := range old {
		m[f.Path] = f
	}
	for _, f := range add {
		m[f.Path] = f
	}
	out := make([]FileInfo, 0, len(m))
	for _, f := range m {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

func writeBatch(idx bleve.Index, cables []*cablesearch.Cable) (err error) {
	// bleve v2.6.3 can panic inside Batch after a failed persist (a full
	// disk): turn that into an error so that the build stops cleanly and
	// the previous index stays in place.
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("index: write batch: bleve failed (%v); is the disk full?", p)
		}
	}()
	b := idx.NewBatch()
	for _, c := range cables {
		if err := b.Index(c.ID, Document(c)); err != nil {
			return fmt.Errorf("index: cable %s: %w", c.ID, err)
		}
	}
	if err := idx.Batch(b); err != nil {
		return fmt.Errorf("index: write batch: %w", err)
	}
	return nil
}

// entry is what the collector remembers of a cable ID.
type entry struct {
	pending int // index in collector.pending, or -1 once flushed
}

// collector dedupes cables by canonical ID and cuts batches. It runs in
// one goroutine and owns seen, pending and late.
type collector struct {
	ctx     context.Context
	opts    BuildOptions
	idx     bleve.Index
	st      *Stats
	prog    *progress
	seen    map[string]*entry
	pending []*cablesearch.Cable
	bytes   int
	// late holds copies of cables whose first copy was already written;
	// they are merged after all batches, so that two writers never race
	// on one document.
	late map[string][]*cablesearch.Cable
	out  chan<- []*cablesearch.Cable
}

func (c *collector) run(items <-chan item) {
	for it := range items {
		c.st.Records++
		c.st.Bytes += it.bytes
		c.prog.read(it.bytes)
		if c.ctx.Err() != nil {
			continue // drain
		}
		if it.err == nil && (it.cable == nil || it.cable.ID == "") {
			src := ""
			if it.cable != nil {
				src = it.cable.Source.String()
			}
			it.err = &cablesearch.ParseError{Source: cablesearch.Source{File: src}, Field: "id", Err: cablesearch.ErrNoID}
		}
		if it.err != nil {
			c.skip(it.err)
			continue
		}
		c.add(it.cable)
	}
	c.flush()
}

// skip counts and logs a record that is not indexed.
func (c *collector) skip(err error) {
	reason := skipReason(err)
	c.st.Skipped[reason]++
	line := err.Error()
	if len(c.st.Errors) < c.opts.MaxErrors {
		c.st.Errors = append(c.st.Errors, line)
	}
	c.prog.failed()
	if c.opts.Log != nil {
		c.prog.log(c.opts.Log, line)
	}
}

// skipReason groups failures for the summary: the failing field or stage
// of a ParseError, a known sentinel, else the innermost message.
func skipReason(err error) string {
	switch {
	case errors.Is(err, cablesearch.ErrNoID):
		return "no reference ID"
	case errors.Is(err, cablesearch.ErrEmpty):
		return "empty input"
	}
	var pe *cablesearch.ParseError
	if errors.As(err, &pe) && pe.Field != "" {
		return pe.Field
	}
	for {
		u := errors.Unwrap(err)
		if u == nil {
			break
		}
		err = u
	}
	msg := err.Error()
	if len(msg) > 60 {
		msg = msg[:60]
	}
	return msg
}

func (c *collector) add(cb *cablesearch.Cable) {
	if e, ok := c.seen[cb.ID]; ok {
		c.st.Duplicates++
		if e.pending >= 0 {
			c.pending[e.pending] = MergeCopies(cb, c.pending[e.pending])
			return
		}
		c.late[cb.ID] = append(c.late[cb.ID], cb)
		return
	}
	if c.opts.Update {
		old, err := loadCable(c.idx, cb.ID)
		if err != nil {
			c.skip(err)
			return
		}
		if old != nil {
			// An update replaces the stored copy, keeping its raw IDs.
			cb = merge(cb, old)
			c.st.Replaced++
		}
	}
	c.seen[cb.ID] = &entry{pending: len(c.pending)}
	c.pending = append(c.pending, cb)
	c.bytes += textLen(cb)
	if len(c.pending) >= c.opts.BatchSize || c.bytes >= c.opts.BatchBytes {
		c.flush()
	}
}

func (c *collector) flush() {
	if len(c.pending) == 0 {
		return
	}
	for _, cb := range c.pending {
		c.seen[cb.ID].pending = -1
	}
	select {
	case c.out <- c.pending:
	case <-c.ctx.Done():
	}
	c.pending, c.bytes = nil, 0
}

// mergeLate merges the copies of cables met after their first copy was
// written, rewriting those documents.
func (c *collector) mergeLate() error {
	if len(c.late) == 0 {
		return nil
	}
	ids := make([]string, 0, len(c.late))
	for id := range c.late {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var batch []*cablesearch.Cable
	for _, id := range ids {
		cur, err := loadCable(c.idx, id)
		if err != nil {
			return err
		}
		if cur == nil {
			return fmt.Errorf("index: merge duplicate %s: first copy missing", id)
		}
		for _, cb := range c.late[id] {
			cur = MergeCopies(cb, cur)
		}
		batch = append(batch, cur)
		if len(batch) >= c.opts.BatchSize {
			if err := writeBatch(c.idx, batch); err != nil {
				return err
			}
			batch = nil
		}
	}
	return writeBatch(c.idx, batch)
}

// Cables returns a sequence of the given cables for BuildCables.
func Cables(list ...*cablesearch.Cable) iter.Seq2[*cablesearch.Cable, error] {
	return func(yield func(*cablesearch.Cable, error) bool) {
		for _, c := range list {
			if !yield(c, nil) {
				return
			}
		}
	}
}
