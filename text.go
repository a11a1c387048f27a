package cablesearch

import (
	"errors"
	"path"
	"regexp"
	"strings"
)

var errNoMetadata = errors.New("no metadata row (Reference ID Created Released Classification Origin)")

// idLike matches a file name that is a reference ID.
var idLike = regexp.MustCompile(`^\d{2}[A-Z][A-Z0-9]*[A-Z]\d{1,7}$`)

// parseTextRecord parses a plain telegram: header lines (optional) then
// the body. It has no metadata; the telegram parser derives the ID from
// the text, and failing that the file name is used when it is an ID
// (09MOSCOW521.txt).
func parseTextRecord(c *Cable, data []byte) error {
	s := cleanText(data)
	if strings.TrimSpace(s) == "" {
		return &ParseError{Field: "text", Err: ErrEmpty}
	}
	header, body := splitTelegram(strings.Split(s, "\n"))
	parseTelegram(c, header, body)
	if c.Header == "" && header != "" {
		c.Header = header
	}
	if c.RawID == "" && c.ID == "" {
		if id := idFromName(c.Source.File); id != "" {
			c.RawID = id
			c.ID = CanonicalID(id)
		}
	}
	return nil
}

// idFromName gives the reference ID a file is named after, or "".
func idFromName(name string) string {
	if i := strings.LastIndexByte(name, '!'); i >= 0 {
		name = name[i+1:]
	}
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	if i := strings.IndexByte(base, '.'); i >= 0 {
		base = base[:i]
	}
	base = strings.ToUpper(base)
	if idLike.MatchString(base) {
		return base
	}
	return ""
}
