package cablesearch

import (
	"bytes"
	"path"
	"strings"
)

// textPageMarker is the header row of the metadata table as a browser
// copies it from a cable page.
const textPageMarker = "Reference ID Created Released Classification Origin"

// assetExts are extensions of files that hold no cable in any format:
// the images, scripts and styles of a WikiLeaks mirror, PDFs. Folder
// walks and archives skip them without a report.
var assetExts = map[string]bool{
	".css": true, ".js": true, ".png": true, ".jpg": true, ".jpeg": true, ".gif": true, ".ico": true,
	".svg": true, ".woff": true, ".woff2": true, ".ttf": true, ".eot": true, ".swf": true, ".pdf": true,
	".mp3": true, ".mp4": true, ".exe": true, ".dll": true, ".so": true,
}

// isAsset tells whether a file name has an asset extension.
func isAsset(name string) bool { return assetExts[strings.ToLower(path.Ext(name))] }

// detectFormat tells the format of a file from its first bytes (up to
// 64 KB), using the name's extension as a hint only where the content is
// ambiguous. A file that is none of the structured formats is a plain
// telegram.
func detectFormat(name string, head []byte) string {
	ext := strings.ToLower(path.Ext(strings.TrimSuffix(strings.TrimSuffix(name, ".gz"), ".GZ")))
	h := bytes.TrimLeft(head, "\ufeff \t\r\n")
	h = bytes.TrimPrefix(h, []byte("\xef\xbb\xbf"))
	h = bytes.TrimLeft(h, " \t\r\n")
	if len(h) > 0 && h[0] == '{' {
		return detectJSON(h)
	}
	if isCSVHead(h) {
		return FormatCSV
	}
	lower := h
	if len(lower) > 4096 {
		lower = lower[:4096]
	}
	lower = bytes.ToLower(lower)
	if bytes.Contains(h, []byte("<table class='cable'>")) || bytes.Contains(h, []byte(`<table class="cable">`)) ||
		bytes.HasPrefix(lower, []byte("<?xml")) || bytes.HasPrefix(lower, []byte("<!doctype html")) || bytes.HasPrefix(lower, []byte("<html")) {
		return FormatHTML
	}
	if containsTextPageMarker(h) {
		return FormatTextPage
	}
	switch ext {
	case ".html", ".htm", ".xhtml":
		if bytes.Contains(lower, []byte("<")) {
			return FormatHTML
		}
	case ".csv":
		return FormatCSV
	case ".jsonl", ".ndjson", ".json":
		return FormatJSONL
	}
	if bytes.Contains(h, []byte("<pre")) && bytes.Contains(h, []byte("</pre>")) {
		return FormatHTML
	}
	return FormatText
}

// containsTextPageMarker finds the metadata row, whatever the spacing
// (browsers copy table cells with tabs or newlines).
func containsTextPageMarker(b []byte) bool {
	i := bytes.Index(b, []byte("Reference ID"))
	for i >= 0 {
		rest := b[i+len("Reference ID"):]
		if len(rest) > 200 {
			rest = rest[:200]
		}
		if bytes.Equal(bytes.Join(bytes.Fields(rest), []byte(" ")), []byte("Created Released Classification Origin")) ||
			bytes.HasPrefix(bytes.Join(bytes.Fields(rest), []byte(" ")), []byte("Created Released Classification Origin ")) {
			return true
		}
		j := bytes.Index(b[i+1:], []byte("Reference ID"))
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// detectJSON tells our own `parse --json` output from the flat export.
func detectJSON(h []byte) string {
	line := h
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	switch {
	case bytes.Contains(line, []byte(`"paragraphs"`)):
		return FormatJSONL
	case bytes.Contains(line, []byte(`"orig_id_field"`)), bytes.Contains(line, []byte(`"body"`)), bytes.Contains(line, []byte(`"date_time"`)):
		return FormatFlat
	}
	return FormatJSONL
}

// isCSVHead recognises a cables.csv row: "N","M/D/YYYY H:MM","...
func isCSVHead(h []byte) bool {
	if len(h) < 10 || h[0] != '"' {
		return false
	}
	i := 1
	for i < len(h) && isDigit(h[i]) {
		i++
	}
	if i == 1 || !bytes.HasPrefix(h[i:], []byte(`","`)) {
		return false
	}
	i += 3
	j := i
	for j < len(h) && j-i < 20 && (isDigit(h[j]) || h[j] == '/' || h[j] == ' ' || h[j] == ':' || h[j] == '-') {
		j++
	}
	return j-i >= 8 && bytes.HasPrefix(h[j:], []byte(`","`))
}
