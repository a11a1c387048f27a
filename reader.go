package cablesearch

import (
	"errors"
	"io"
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
}

// Reader streams the cables of files, folders and archives, one Record at
// a time. It is not safe for concurrent use; parse the records it returns
// in as many goroutines as wanted with ParseRecord.
type Reader struct {
	paths []string
	opts  ReaderOptions
}

// NewReader returns a Reader over paths: files, folders (walked
// recursively, in lexical order) and archives (.gz, .zip, .tar, .tar.gz,
// .tgz, .7z).
func NewReader(opts ReaderOptions, paths ...string) *Reader {
	return &Reader{paths: paths, opts: opts}
}

// Next returns the next record. A *ParseError reports an unreadable file
// or record; the reader goes on at the next call. io.EOF ends the stream.
func (r *Reader) Next() (*Record, error) {
	return nil, io.EOF
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
func (r *Reader) Close() error { return nil }

// ParseRecord parses one record into a Cable. The error is a *ParseError.
func ParseRecord(rec *Record) (*Cable, error) {
	return nil, &ParseError{Source: rec.Source, Err: errors.New("not implemented")}
}
