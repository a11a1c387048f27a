package cablesearch

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// lineSplitter streams the lines of a JSON lines file, one record per
// non-blank line.
type lineSplitter struct {
	br     *bufio.Reader
	src    Source
	max    int64
	line   int
	detect bool
	done   bool
}

func newLineSplitter(br *bufio.Reader, src Source, max int64, detect bool) *lineSplitter {
	return &lineSplitter{br: br, src: src, max: max, detect: detect}
}

func (s *lineSplitter) next() (*Record, error) {
	for !s.done {
		var line []byte
		tooBig := false
		for {
			chunk, err := s.br.ReadSlice('\n')
			if !tooBig {
				if int64(len(line)+len(chunk)) > s.max {
					tooBig = true
					line = nil
				} else {
					line = append(line, chunk...)
				}
			}
			if err == bufio.ErrBufferFull {
				continue
			}
			if err != nil {
				s.done = true
				if err != io.EOF {
					s.line++
					src := s.src
					src.Line = s.line
					return nil, &ParseError{Source: src, Field: "read", Err: err}
				}
			}
			break
		}
		s.line++
		src := s.src
		src.Line = s.line
		if tooBig {
			return nil, &ParseError{Source: src, Field: "read", Err: fmt.Errorf("line %w of %s", errTooLarge, sizeString(s.max))}
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if s.detect {
			src.Format = detectJSON(line)
		}
		return &Record{Source: src, Data: line}, nil
	}
	return nil, io.EOF
}

// parseJSONLRecord reads one line of our own `parse --json` output: the
// Cable as written, kept as is.
func parseJSONLRecord(c *Cable, data []byte) error {
	src := c.Source
	// NFC on the raw line: our own output is NFC already, so this only
	// changes lines written or edited by something else.
	if err := json.Unmarshal([]byte(cleanText(data)), c); err != nil {
		return &ParseError{Field: "json", Err: err}
	}
	if c.Source.File == "" {
		c.Source = src
	}
	return nil
}

// flatRecord is one line of the MongoDB export of cables.csv.
type flatRecord struct {
	RefID          string `json:"refid"`
	DateTime       string `json:"date_time"`
	Date           string `json:"date"`
	Origin         string `json:"origin"`
	Classification string `json:"classification"`
	Body           string `json:"body"`
	Header         string `json:"header"`
}

// parseFlatRecord reads one line of the flat export. Its body has lost its
// newlines and it has no header; the telegram parser gets the one-line
// body as is.
func parseFlatRecord(c *Cable, data []byte) error {
	var f flatRecord
	if err := json.Unmarshal(toUTF8(data), &f); err != nil {
		return &ParseError{Field: "json", Err: err}
	}
	date := f.DateTime
	if date == "" {
		date = f.Date
	}
	setMeta(c, nfc(f.RefID), date, "", nfc(f.Classification), nfc(f.Origin))
	parseTelegram(c, cleanText([]byte(f.Header)), cleanText([]byte(f.Body)))
	return nil
}
