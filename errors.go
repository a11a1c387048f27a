package cablesearch

import (
	"errors"
	"fmt"
)

// ErrNoID is wrapped by a ParseError when a cable has no reference ID that
// can be found or derived.
var ErrNoID = errors.New("no reference ID")

// ErrEmpty is wrapped by a ParseError when a file or record holds no cable.
var ErrEmpty = errors.New("empty input")

// ParseError is a cable that could not be read or parsed. It names the
// source (file and line or row) so that one line tells a user where to
// look. A ParseError never stops a Reader: the next call goes on with the
// next cable.
type ParseError struct {
	Source Source
	// Field is the field or stage that failed ("id", "html", "csv"...).
	Field string
	Err   error
}

func (e *ParseError) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s: %v", e.Source, e.Field, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Source, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }
