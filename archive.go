package cablesearch

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode"

	"github.com/bodgit/sevenzip"
)

// Archive kinds, recognised by their magic bytes.
const (
	archGzip = "gzip"
	archZip  = "zip"
	archTar  = "tar"
	arch7z   = "7z"
)

// sizedReaderAt is a file with its size, for the formats that need random
// access (zip, 7z).
type sizedReaderAt struct {
	io.ReaderAt
	size int64
}

// archiveKind tells an archive from its first bytes.
func archiveKind(head []byte) string {
	switch {
	case len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b:
		return archGzip
	case bytes.HasPrefix(head, []byte("PK\x03\x04")), bytes.HasPrefix(head, []byte("PK\x05\x06")):
		return archZip
	case bytes.HasPrefix(head, []byte("7z\xbc\xaf\x27\x1c")):
		return arch7z
	case len(head) >= 262 && string(head[257:262]) == "ustar":
		return archTar
	}
	return ""
}

// openStream reads one file or archive member named name from rd. ra,
// when not nil, gives random access to the same bytes (a file on disk);
// c, when not nil, is closed once the stream is done. It returns a single
// record, an error, or (nil, nil) after pushing a source that yields the
// stream's records.
func (r *Reader) openStream(name string, rd io.Reader, ra *sizedReaderAt, c io.Closer, depth int) (rec *Record, err error) {
	pushed := false
	defer func() {
		if !pushed && c != nil {
			c.Close()
		}
	}()
	br := bufio.NewReaderSize(rd, 64<<10)
	head, perr := br.Peek(64 << 10)
	if perr != nil && perr != io.EOF && perr != bufio.ErrBufferFull {
		return nil, &ParseError{Source: Source{File: name}, Field: "read", Err: perr}
	}
	kind := archiveKind(head)
	if kind != "" && depth >= r.opts.MaxDepth {
		return nil, &ParseError{Source: Source{File: name}, Field: "archive", Err: fmt.Errorf("%s archive nested deeper than %d", kind, r.opts.MaxDepth)}
	}
	switch kind {
	case archGzip:
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, &ParseError{Source: Source{File: name}, Field: "gzip", Err: err}
		}
		pushed = true
		return r.openStream(name, zr, nil, closers{zr, c}, depth+1)
	case archTar:
		pushed = true
		r.push(&tarSource{name: name, tr: tar.NewReader(br), c: c, depth: depth + 1})
		return nil, nil
	case archZip, arch7z:
		if ra == nil {
			data, err := readLimited(br, r.opts.MaxMemberSize)
			if err != nil {
				return nil, &ParseError{Source: Source{File: name}, Field: kind, Err: err}
			}
			ra = &sizedReaderAt{bytes.NewReader(data), int64(len(data))}
		}
		if kind == archZip {
			zr, err := zip.NewReader(ra, ra.size)
			if err != nil {
				return nil, &ParseError{Source: Source{File: name}, Field: "zip", Err: err}
			}
			pushed = true
			r.push(&memberSource{name: name, kind: "zip", files: zipMembers(zr.File), c: c, depth: depth + 1})
			return nil, nil
		}
		zr, err := sevenzip.NewReader(ra, ra.size)
		if err != nil {
			return nil, &ParseError{Source: Source{File: name}, Field: "7z", Err: err}
		}
		pushed = true
		r.push(&memberSource{name: name, kind: "7z", files: sevenZipMembers(zr.File), c: c, depth: depth + 1})
		return nil, nil
	}

	format := r.opts.Format
	if format == "" {
		format = detectFormat(name, head)
	}
	src := Source{File: name, Format: format}
	switch format {
	case FormatCSV:
		sp := newCSVSplitter(br, src, r.opts.MaxMemberSize)
		// A .csv that does not open like a cables.csv row is checked on
		// its first row: another table gives one error, not one a row.
		sp.checkFirst = r.opts.Format == "" && !isCSVHead(bytes.TrimLeft(head, "\ufeff \t\r\n"))
		pushed = true
		r.push(&recordSource{read: sp.next, c: c})
		return nil, nil
	case FormatJSONL, FormatFlat:
		pushed = true
		r.push(&recordSource{read: newLineSplitter(br, src, r.opts.MaxMemberSize, r.opts.Format == "").next, c: c})
		return nil, nil
	}
	data, err := readLimited(br, r.opts.MaxMemberSize)
	if err != nil {
		return nil, &ParseError{Source: src, Field: "read", Err: err}
	}
	src.Line = 1
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &ParseError{Source: src, Field: "read", Err: ErrEmpty}
	}
	return &Record{Source: src, Data: data}, nil
}

// errTooLarge is wrapped when a member or record passes MaxMemberSize.
var errTooLarge = errors.New("larger than the size limit")

// readLimited reads all of rd, failing once it passes max bytes (a zip
// bomb stops there instead of exhausting memory).
func readLimited(rd io.Reader, max int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(rd, max+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%w of %s", errTooLarge, sizeString(max))
	}
	return data, nil
}

// closers closes several closers in order, skipping nils.
type closers []io.Closer

func (cs closers) Close() error {
	var first error
	for _, c := range cs {
		if c == nil {
			continue
		}
		if err := c.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// member names an archive member in a Source: "archive!name". The name
// comes from the archive, not from the user, so it is made safe to print
// on one line: invalid UTF-8 becomes U+FFFD and control and other
// non-printing characters are written as \xNN or \uNNNN (a member named
// "a\nb" or holding a terminal escape must not split or colour an error
// line). The name is only ever a label: the reader never opens or writes
// a path made from it, so "../" or "/" in it are harmless.
func member(archive, name string) string { return archive + "!" + printableName(name) }

// printableName quotes the non-printing characters of an archive member
// name, keeping plain names (the usual case) unchanged.
func printableName(name string) string {
	plain := true
	for i := 0; i < len(name); i++ {
		if c := name[i]; c < 0x20 || c >= 0x7f {
			plain = false
			break
		}
	}
	if plain {
		return name
	}
	var b strings.Builder
	for _, r := range strings.ToValidUTF8(name, "\uFFFD") {
		switch {
		case r == ' ' || unicode.IsPrint(r):
			b.WriteRune(r)
		case r < 0x100:
			fmt.Fprintf(&b, "\\x%02x", r)
		default:
			fmt.Fprintf(&b, "\\u%04x", r)
		}
	}
	return b.String()
}

// skipMember tells whether an archive member is metadata to ignore
// (folders, macOS resource forks, hidden files, images, scripts).
func skipMember(name string) bool {
	base := path.Base(name)
	return strings.HasSuffix(name, "/") || strings.HasPrefix(base, ".") || strings.HasPrefix(name, "__MACOSX/") || isAsset(name)
}

// tarSource yields the members of a tar stream in order.
type tarSource struct {
	name  string
	tr    *tar.Reader
	c     io.Closer
	depth int
	done  bool
}

func (s *tarSource) next(r *Reader) (*Record, error) {
	if s.done {
		return nil, io.EOF
	}
	for {
		hdr, err := s.tr.Next()
		if err == io.EOF {
			return nil, io.EOF
		}
		if err != nil {
			s.done = true
			return nil, &ParseError{Source: Source{File: s.name}, Field: "tar", Err: err}
		}
		if hdr.Typeflag != tar.TypeReg && hdr.Typeflag != tar.TypeRegA || skipMember(hdr.Name) {
			continue
		}
		return r.openStream(member(s.name, hdr.Name), s.tr, nil, nil, s.depth)
	}
}

func (s *tarSource) close() error {
	if s.c != nil {
		return s.c.Close()
	}
	return nil
}

// archiveFile is a member of a zip or 7z archive (see zipMembers and
// sevenZipMembers).
type archiveFile struct {
	name  string
	isDir bool
	open  func() (io.ReadCloser, error)
}

// memberSource yields the members of a zip or 7z archive in archive order
// (for 7z also the order that decompresses a solid archive once).
type memberSource struct {
	name  string
	kind  string // "zip" or "7z", for errors
	files []archiveFile
	i     int
	c     io.Closer
	depth int
}

func zipMembers(files []*zip.File) []archiveFile {
	out := make([]archiveFile, len(files))
	for i, f := range files {
		out[i] = archiveFile{name: f.Name, isDir: f.FileInfo().IsDir(), open: f.Open}
	}
	return out
}

func sevenZipMembers(files []*sevenzip.File) []archiveFile {
	out := make([]archiveFile, len(files))
	for i, f := range files {
		out[i] = archiveFile{name: f.Name, isDir: f.FileInfo().IsDir(), open: f.Open}
	}
	return out
}

func (s *memberSource) next(r *Reader) (*Record, error) {
	for s.i < len(s.files) {
		f := s.files[s.i]
		s.i++
		if f.isDir || skipMember(f.name) {
			continue
		}
		name := member(s.name, f.name)
		rc, err := f.open()
		if err != nil {
			return nil, &ParseError{Source: Source{File: name}, Field: s.kind, Err: err}
		}
		return r.openStream(name, rc, nil, rc, s.depth)
	}
	return nil, io.EOF
}

func (s *memberSource) close() error {
	if s.c != nil {
		return s.c.Close()
	}
	return nil
}

// sizeString writes a byte count for a message: "64 MB", "4096 bytes".
func sizeString(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d bytes", n)
}
