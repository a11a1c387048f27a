package cablesearch

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Formats recognised by the readers (Record.Format and Source.Format).
const (
	FormatHTML     = "html"     // a WikiLeaks cable page
	FormatCSV      = "csv"      // one row of the cables.csv dump
	FormatTextPage = "textpage" // text copied from a cable page or a mirror
	FormatText     = "text"     // a plain telegram
	FormatJSONL    = "jsonl"    // one line of `cablesearch parse --json`
	FormatFlat     = "flat"     // one line of the lossy MongoDB export
)

// Default limits of ReaderOptions.
const (
	// DefaultMaxMemberSize is the largest file, archive member or record
	// held in memory: 64 MB.
	DefaultMaxMemberSize = 64 << 20
	// DefaultMaxDepth is how deep archives may nest (an archive inside an
	// archive inside a file is depth 2).
	DefaultMaxDepth = 4
)

// Record is the raw text of one cable in its source format, not yet
// parsed. Data is owned by the Record.
type Record struct {
	Source Source
	// Data is the bytes of the cable in Source.Format (one page, one JSON
	// line, one telegram). For FormatCSV it is nil and Fields holds the
	// row's columns.
	Data   []byte
	Fields []string
}

// ReaderOptions configure a Reader. The zero value is usable.
type ReaderOptions struct {
	// Format forces a format for every file instead of detecting it;
	// empty means detect.
	Format string
	// MaxMemberSize is the largest file, archive member or single record
	// held in memory, in bytes; larger ones are reported as a *ParseError
	// and skipped. Zero means DefaultMaxMemberSize (64 MB). Streamed
	// formats (CSV, JSON lines) may be larger as a whole: the limit then
	// applies to one row or line.
	MaxMemberSize int64
	// MaxDepth is the deepest archive nesting read; deeper archives are
	// reported and skipped. Zero means DefaultMaxDepth (4).
	MaxDepth int
}

func (o *ReaderOptions) setDefaults() {
	if o.MaxMemberSize <= 0 {
		o.MaxMemberSize = DefaultMaxMemberSize
	}
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
}

// Reader streams the cables of files, folders and archives, one Record at
// a time. It is not safe for concurrent use; parse the records it returns
// in as many goroutines as wanted with ParseRecord.
//
// Memory stays bounded whatever the input: files are read one at a time,
// CSV and JSON lines are streamed record by record, archives are read in
// place without unpacking them to disk, and nothing larger than
// ReaderOptions.MaxMemberSize is held.
type Reader struct {
	paths []string
	opts  ReaderOptions
	pi    int
	// stack holds the open sources, innermost last: a folder listing, an
	// archive, a CSV stream...
	stack  []source
	closed bool
	// in and inName are the stream of NewStreamReader, read first.
	in     io.Reader
	inName string
}

// source is one open producer of records. next returns a record, an
// error for one bad record, (nil, nil) when it pushed a nested source on
// the reader, or io.EOF when exhausted.
type source interface {
	next(r *Reader) (*Record, error)
	close() error
}

// NewReader returns a Reader over paths: files, folders (walked
// recursively, in lexical order) and archives (.gz, .zip, .tar, .tar.gz,
// .tgz, .7z, recognised by content). Inside folders and archives, hidden
// files and assets (images, scripts, styles, PDFs) are skipped; a path
// named explicitly is always read.
func NewReader(opts ReaderOptions, paths ...string) *Reader {
	opts.setDefaults()
	return &Reader{paths: paths, opts: opts}
}

// NewStreamReader returns a Reader over one stream (standard input, a
// network body): a file of any format, or an archive, named name in
// sources and error messages. Archives that need random access (zip, 7z)
// are held in memory up to ReaderOptions.MaxMemberSize.
func NewStreamReader(opts ReaderOptions, name string, rd io.Reader) *Reader {
	opts.setDefaults()
	return &Reader{opts: opts, in: rd, inName: name}
}

// Next returns the next record. A *ParseError reports an unreadable file
// or record; the reader goes on at the next call. io.EOF ends the stream.
func (r *Reader) Next() (*Record, error) {
	if r.closed {
		return nil, io.EOF
	}
	for {
		if len(r.stack) == 0 {
			if r.in != nil {
				in := r.in
				r.in = nil
				rec, err := r.openStream(r.inName, in, nil, nil, 0)
				if rec != nil || err != nil {
					return rec, err
				}
				continue
			}
			if r.pi >= len(r.paths) {
				return nil, io.EOF
			}
			p := r.paths[r.pi]
			r.pi++
			rec, err := r.openPath(p)
			if rec != nil || err != nil {
				return rec, err
			}
			continue
		}
		top := r.stack[len(r.stack)-1]
		rec, err := top.next(r)
		if err == io.EOF {
			r.pop()
			continue
		}
		if rec == nil && err == nil {
			continue
		}
		return rec, err
	}
}

// Read returns the next parsed cable: Next followed by ParseRecord.
func (r *Reader) Read() (*Cable, error) {
	rec, err := r.Next()
	if err != nil {
		return nil, err
	}
	return ParseRecord(rec)
}

// Close releases open files and archives.
func (r *Reader) Close() error {
	var first error
	for len(r.stack) > 0 {
		if err := r.pop(); err != nil && first == nil {
			first = err
		}
	}
	r.closed = true
	return first
}

func (r *Reader) push(s source) { r.stack = append(r.stack, s) }

func (r *Reader) pop() error {
	n := len(r.stack) - 1
	s := r.stack[n]
	r.stack[n] = nil
	r.stack = r.stack[:n]
	return s.close()
}

// openPath starts reading one path given to NewReader.
func (r *Reader) openPath(p string) (*Record, error) {
	st, err := os.Stat(p)
	if err != nil {
		return nil, &ParseError{Source: Source{File: p}, Field: "open", Err: unwrapPathError(err)}
	}
	if !st.IsDir() {
		return r.openFile(p)
	}
	var files []string
	var errs []error
	// WalkDir visits entries in lexical order.
	werr := filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, &ParseError{Source: Source{File: path}, Field: "open", Err: unwrapPathError(err)})
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			if path != p && strings.HasPrefix(d.Name(), ".") {
				return fs.SkipDir
			}
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") || isAsset(d.Name()) || !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
			return nil
		}
		if d.Type()&fs.ModeSymlink != 0 {
			// A link to a named pipe or a device would block the reader
			// on open or feed it forever; only links to files are read.
			if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() && !st.IsDir() {
				errs = append(errs, &ParseError{Source: Source{File: path}, Field: "open", Err: fmt.Errorf("not a regular file (%s)", fileKind(st.Mode()))})
				return nil
			}
		}
		files = append(files, path)
		return nil
	})
	if werr != nil {
		errs = append(errs, &ParseError{Source: Source{File: p}, Field: "open", Err: werr})
	}
	r.push(&listSource{files: files, errs: errs})
	return nil, nil
}

// openFile opens one file on disk and hands it to openStream.
func (r *Reader) openFile(p string) (*Record, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, &ParseError{Source: Source{File: p}, Field: "open", Err: unwrapPathError(err)}
	}
	st, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, &ParseError{Source: Source{File: p}, Field: "open", Err: unwrapPathError(err)}
	}
	return r.openStream(p, f, &sizedReaderAt{f, st.Size()}, f, 0)
}

// listSource yields the files of a folder.
type listSource struct {
	files []string
	errs  []error
	i     int
}

func (s *listSource) next(r *Reader) (*Record, error) {
	if len(s.errs) > 0 {
		err := s.errs[0]
		s.errs = s.errs[1:]
		return nil, err
	}
	if s.i >= len(s.files) {
		return nil, io.EOF
	}
	p := s.files[s.i]
	s.i++
	return r.openFile(p)
}

func (s *listSource) close() error { return nil }

// recordSource yields records read one per call by a function, and closes
// c at the end.
type recordSource struct {
	read func() (*Record, error)
	c    io.Closer
}

func (s *recordSource) next(*Reader) (*Record, error) { return s.read() }

func (s *recordSource) close() error {
	if s.c != nil {
		return s.c.Close()
	}
	return nil
}

// fileKind names a file mode that is not a regular file or a folder.
func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return m.Type().String()
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s: %w", pe.Op, pe.Err)
	}
	return err
}

// ParseRecord parses one record into a Cable. The error is a *ParseError.
func ParseRecord(rec *Record) (c *Cable, err error) {
	if rec == nil {
		return nil, &ParseError{Field: "record", Err: ErrEmpty}
	}
	defer func() {
		// The telegram parser is shared code run on untrusted input: a
		// panic there must not stop a build.
		if p := recover(); p != nil {
			c, err = nil, &ParseError{Source: rec.Source, Field: "parse", Err: fmt.Errorf("internal error: %v", p)}
		}
	}()
	c = &Cable{Source: rec.Source}
	switch rec.Source.Format {
	case FormatHTML:
		err = parseHTMLRecord(c, rec.Data)
	case FormatCSV:
		err = parseCSVRecord(c, rec.Fields)
	case FormatTextPage:
		err = parseTextPageRecord(c, rec.Data)
	case FormatText:
		err = parseTextRecord(c, rec.Data)
	case FormatJSONL:
		err = parseJSONLRecord(c, rec.Data)
	case FormatFlat:
		err = parseFlatRecord(c, rec.Data)
	default:
		err = &ParseError{Field: "format", Err: fmt.Errorf("unknown format %q", rec.Source.Format)}
	}
	if err != nil {
		var pe *ParseError
		if errors.As(err, &pe) {
			if pe.Source == (Source{}) {
				pe.Source = rec.Source
			}
			return nil, pe
		}
		return nil, &ParseError{Source: rec.Source, Field: rec.Source.Format, Err: err}
	}
	if err := finishCable(c, rec.Source); err != nil {
		return nil, err
	}
	return c, nil
}

// finishCable applies the rules every format shares: ID canonical form,
// upper-case classification, UTC times, non-nil lists.
func finishCable(c *Cable, src Source) error {
	if c.Source.File == "" {
		c.Source = src
	}
	c.RawID = strings.TrimSpace(c.RawID)
	if c.RawID == "" && c.ID == "" {
		return &ParseError{Source: src, Field: "id", Err: ErrNoID}
	}
	if c.RawID == "" {
		c.RawID = c.ID
	}
	if c.ID == "" {
		c.ID = CanonicalID(c.RawID)
	}
	if c.ID == "" {
		return &ParseError{Source: src, Field: "id", Err: fmt.Errorf("%w: %q has no canonical form", ErrNoID, c.RawID)}
	}
	c.Classification = strings.ToUpper(strings.Join(strings.Fields(c.Classification), " "))
	if c.Level == "" && c.Classification != "" {
		c.Level, c.Caveats = splitClassification(c.Classification)
	}
	if c.Station == "" {
		if _, st, _, ok := SplitID(c.ID); ok {
			c.Station = st
		}
	}
	c.Origin = strings.TrimSpace(c.Origin)
	if c.Origin == "" {
		c.Origin = OriginOf(c.Station)
	}
	if c.Origin == "" && c.From != nil {
		c.Origin = originFromSender(c.From.Name)
	}
	c.Created = utc(c.Created)
	c.Released = utc(c.Released)
	if c.Tags == nil {
		c.Tags = []string{}
	}
	if c.References == nil {
		c.References = []string{}
	}
	if c.Paragraphs == nil {
		c.Paragraphs = []Paragraph{}
	}
	return nil
}

func utc(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC()
}

// splitClassification splits "SECRET//NOFORN" into level and caveats,
// in any case; "UNCLAS" is UNCLASSIFIED and an unknown level is "".
func splitClassification(s string) (level string, caveats []string) {
	parts := strings.Split(strings.ToUpper(s), "//")
	level = strings.TrimSpace(parts[0])
	if level == "UNCLAS" {
		level = "UNCLASSIFIED"
	}
	switch level {
	case "UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "TOP SECRET", "LIMITED OFFICIAL USE":
	default:
		level = ""
	}
	for _, p := range parts[1:] {
		switch p = strings.TrimSpace(p); p {
		case "":
		case "FOR OFFICIAL USE ONLY", "FOUO":
			caveats = append(caveats, "FOUO")
		default:
			caveats = append(caveats, p)
		}
	}
	return level, caveats
}

// setMeta sets the metadata shared by the table-like formats before the
// telegram parser runs: the ID (raw and canonical), times, classification
// and origin.
func setMeta(c *Cable, rawID, created, released, class, origin string) {
	rawID = strings.TrimSpace(rawID)
	if rawID != "" {
		c.RawID = rawID
		c.ID = CanonicalID(rawID)
	}
	if t, ok := parseTime(created); ok {
		c.Created = t
	}
	if t, ok := parseTime(released); ok {
		c.Released = t
	}
	c.Classification = strings.ToUpper(strings.Join(strings.Fields(class), " "))
	c.Origin = strings.Join(strings.Fields(origin), " ")
}

// parseTime reads "2009-03-04 05:26" (pages) or "3/4/2009 5:26" (CSV),
// in UTC.
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	for _, layout := range []string{"2006-01-02 15:04", "1/2/2006 15:04", "2006-01-02 15:04:05", "1/2/2006 15:04:05", "2006-01-02", "1/2/2006", time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
