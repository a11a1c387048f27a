package cablesearch

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/unicode/norm"
)

// toUTF8 is the boundary every format's text goes through: text that
// starts with a UTF-16 byte-order mark is decoded from UTF-16, bytes that
// are not valid UTF-8 are read as Windows-1252 (the charset of the
// plain-text renderings: 0xB6 is ¶), a UTF-8 byte-order mark is dropped,
// and line ends become "\n". The result is valid UTF-8 but not yet NFC;
// see nfc.
func toUTF8(b []byte) []byte {
	b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
	if bytes.HasPrefix(b, []byte("\xff\xfe")) || bytes.HasPrefix(b, []byte("\xfe\xff")) {
		// UTF-16 with a byte-order mark ("Unicode" in Windows editors):
		// read as Windows-1252 it would be text with a NUL between every
		// letter, and its cable would go unrecognised.
		if d, err := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder().Bytes(b); err == nil {
			b = d
		}
	}
	if !utf8.Valid(b) {
		if d, err := charmap.Windows1252.NewDecoder().Bytes(b); err == nil {
			b = d
		} else {
			b = bytes.ToValidUTF8(b, []byte("\uFFFD"))
		}
	}
	if bytes.IndexByte(b, '\r') >= 0 {
		b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
		b = bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
	}
	return b
}

// nfc returns s in Unicode normalisation form C, quickly for ASCII.
func nfc(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			if !utf8.ValidString(s) {
				s = strings.ToValidUTF8(s, "\uFFFD")
			}
			return norm.NFC.String(s)
		}
	}
	return s
}

// cleanText is toUTF8 then nfc, for a whole text.
func cleanText(b []byte) string { return nfc(string(toUTF8(b))) }
