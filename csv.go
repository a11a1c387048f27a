package cablesearch

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// The cables.csv dump is not RFC 4180: fields are double-quoted, but a
// quote inside a field is written \" (and ' as \', \ as \\), the way PHP's
// addslashes does, and fields hold raw newlines. encoding/csv would end a
// field at the first \" followed by a comma, so csvSplitter reads the
// stream itself, one row at a time, in constant memory. A doubled quote
// ("") inside a field is read as one quote, so RFC files also pass.

// csvColumns is the column count of a cables.csv row.
const csvColumns = 8

// csvSplitter streams the rows of a cables.csv file.
type csvSplitter struct {
	br   *bufio.Reader
	src  Source
	max  int64
	line int // current line (1-based)
	row  int
	done bool
	buf  []byte
	// checkFirst ends the stream after one error when the first row does
	// not have the cables.csv columns.
	checkFirst bool
}

func newCSVSplitter(br *bufio.Reader, src Source, max int64) *csvSplitter {
	return &csvSplitter{br: br, src: src, max: max, line: 1}
}

// next returns the next row as a record (Fields set, Data nil).
func (s *csvSplitter) next() (*Record, error) {
	if s.done {
		return nil, io.EOF
	}
	// Skip blank lines between rows.
	for {
		b, err := s.br.ReadByte()
		if err != nil {
			s.done = true
			if err == io.EOF {
				return nil, io.EOF
			}
			return nil, &ParseError{Source: s.src, Field: "csv", Err: err}
		}
		if b == '\n' {
			s.line++
			continue
		}
		if b == '\r' {
			continue
		}
		s.br.UnreadByte()
		break
	}
	s.row++
	src := s.src
	src.Line, src.Row = s.line, s.row
	fields, err := s.readRow()
	if err != nil {
		return nil, &ParseError{Source: src, Field: "csv", Err: err}
	}
	if s.checkFirst {
		s.checkFirst = false
		if len(fields) != csvColumns {
			s.done = true
			return nil, &ParseError{Source: src, Field: "csv", Err: fmt.Errorf("not a cables.csv file: first row has %d columns, want %d", len(fields), csvColumns)}
		}
	}
	return &Record{Source: src, Fields: fields}, nil
}

var errUnterminated = errors.New("unterminated quoted field")

// readRow reads fields up to the end of the row. On an error the stream
// is left at the end of the row (or of the input).
func (s *csvSplitter) readRow() ([]string, error) {
	var fields []string
	var total int64
	var tooBig bool
	for {
		s.buf = s.buf[:0]
		b, err := s.br.ReadByte()
		if err == io.EOF {
			fields = append(fields, "")
			s.done = true
			return fields, nil
		}
		if err != nil {
			s.done = true
			return nil, err
		}
		endRow := false
		if b == '"' {
			endRow, err = s.quoted(&tooBig, total)
			if err != nil {
				return nil, err
			}
		} else {
			s.br.UnreadByte()
			endRow, err = s.unquoted()
			if err != nil {
				return nil, err
			}
		}
		total += int64(len(s.buf))
		if total > s.max {
			tooBig = true
		}
		if !tooBig {
			fields = append(fields, string(s.buf))
		}
		if endRow {
			if tooBig {
				return nil, fmt.Errorf("row %w of %s", errTooLarge, sizeString(s.max))
			}
			return fields, nil
		}
	}
}

// quoted reads a quoted field after its opening quote; endRow tells
// whether the field ended its row.
func (s *csvSplitter) quoted(tooBig *bool, total int64) (endRow bool, err error) {
	add := func(b ...byte) {
		if !*tooBig {
			s.buf = append(s.buf, b...)
			if total+int64(len(s.buf)) > s.max {
				*tooBig = true
				s.buf = s.buf[:0]
			}
		}
	}
	for {
		b, err := s.br.ReadByte()
		if err != nil {
			s.done = true
			if err == io.EOF {
				return true, errUnterminated
			}
			return true, err
		}
		switch b {
		case '\\':
			n, err := s.br.ReadByte()
			if err != nil {
				add('\\')
				continue
			}
			switch n {
			case '"', '\'', '\\':
				add(n)
			case '0':
				// addslashes writes NUL as \0: drop it.
			default:
				if n == '\n' {
					s.line++
				}
				add('\\', n)
			}
		case '"':
			n, err := s.br.ReadByte()
			if err == io.EOF {
				s.done = true
				return true, nil
			}
			if err != nil {
				s.done = true
				return true, err
			}
			switch n {
			case ',':
				return false, nil
			case '\n':
				s.line++
				return true, nil
			case '\r':
				if p, err := s.br.Peek(1); err == nil && p[0] == '\n' {
					s.br.ReadByte()
					s.line++
					return true, nil
				}
				add('"', '\r')
			case '"':
				add('"')
			default:
				// A stray quote (lazy quotes): keep it as text.
				s.br.UnreadByte()
				add('"')
			}
		case '\n':
			s.line++
			add(b)
		default:
			add(b)
		}
	}
}

// unquoted reads a field that does not start with a quote.
func (s *csvSplitter) unquoted() (endRow bool, err error) {
	for {
		b, err := s.br.ReadByte()
		if err == io.EOF {
			s.done = true
			return true, nil
		}
		if err != nil {
			s.done = true
			return true, err
		}
		switch b {
		case ',':
			return false, nil
		case '\n':
			s.line++
			if n := len(s.buf); n > 0 && s.buf[n-1] == '\r' {
				s.buf = s.buf[:n-1]
			}
			return true, nil
		}
		if int64(len(s.buf)) < s.max {
			s.buf = append(s.buf, b)
		}
	}
}

// parseCSVRecord parses one cables.csv row: id, created, reference ID,
// origin, classification, references (|-separated), header, body.
func parseCSVRecord(c *Cable, fields []string) error {
	if len(fields) != csvColumns {
		return &ParseError{Field: "csv", Err: fmt.Errorf("want %d columns, got %d", csvColumns, len(fields))}
	}
	f := make([]string, len(fields))
	for i, v := range fields {
		f[i] = cleanText([]byte(v))
	}
	setMeta(c, f[2], f[1], "", f[4], f[3])
	var hint []string
	for _, ref := range strings.Split(f[5], "|") {
		if ref = strings.TrimSpace(ref); ref != "" {
			hint = append(hint, ref)
		}
	}
	parseTelegram(c, f[6], f[7])
	mergeRefs(c, hint)
	return nil
}

// mergeRefs adds the cited IDs a source lists beside the text (the CSV
// references column, the final release's destination line) to those the
// telegram parser found, canonical, without duplicates.
func mergeRefs(c *Cable, ids []string) {
	if len(ids) == 0 {
		return
	}
	seen := make(map[string]bool, len(c.References)+len(ids))
	for _, id := range c.References {
		seen[id] = true
	}
	for _, id := range ids {
		id = CanonicalID(strings.TrimSpace(id))
		if id == "" || seen[id] || id == c.ID {
			continue
		}
		seen[id] = true
		c.References = append(c.References, id)
	}
}
