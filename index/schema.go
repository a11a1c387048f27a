package index

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// SchemaVersion is the version of the index layout: fields, their
// options and the analyzers. Open refuses an index of another version.
// Bump it with a line here whenever a change means old indexes must be
// rebuilt.
//
//	1: first layout: one document per cable, paras array with term
//	   vectors, cable_text with common grams, cable_code keywords, meta
//	   JSON, BM25.
//	2: common grams in two tiers ("the", "of" pair with any word, the
//	   other 14 common words only with each other); no _all field.
//	3: year and month keyword fields with DocValues for the year and
//	   month facets and a created_sort one (RFC 3339 UTC) for the date
//	   sorts; text
//	   fields analysed with cable_text_index (term locations keep their
//	   positions, their byte offsets are 0: the query side analyses the
//	   paragraphs it shows again for the snippets' offsets).
const SchemaVersion = 3

// analysisVersion names the analysis behaviour the fingerprint covers
// (filter order and the common-word list). Change it when the analyzers
// change in a way that needs a rebuild, together with SchemaVersion.
const analysisVersion = "cable_text/3"

// Internal keys stored with SetInternal.
const (
	keySchema      = "cablesearch.schema"
	keyFingerprint = "cablesearch.fingerprint"
	keyCorpus      = "cablesearch.corpus"
	keyBuilt       = "cablesearch.built"
)

// ErrNotIndex is returned for a folder that is not a cablesearch index.
var ErrNotIndex = errors.New("not a cablesearch index")

// ErrSchemaMismatch is returned by Open for an index of another
// SchemaVersion; the message says how to rebuild.
var ErrSchemaMismatch = errors.New("index schema version mismatch")

// FileInfo is one corpus file in the index's fingerprint.
type FileInfo struct {
	Path    string    `json:"path"`
	Size    int64     `json:"size"`
	ModTime time.Time `json:"mtime"`
}

// Info describes a built index: its schema version, fingerprint, build
// time and the corpus files it was built from.
type Info struct {
	Schema      int
	Fingerprint string
	Built       time.Time
	Files       []FileInfo
}

// corpusFiles lists the regular files under paths (files or folders),
// sorted, with sizes and modification times. A missing path is an error.
func corpusFiles(paths []string) ([]FileInfo, error) {
	var out []FileInfo
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("index: corpus path: %w", err)
		}
		if !st.IsDir() {
			abs, _ := filepath.Abs(p)
			out = append(out, FileInfo{Path: abs, Size: st.Size(), ModTime: st.ModTime().UTC()})
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				return nil
			}
			info, err := os.Stat(path) // follows symbolic links
			if err != nil || !info.Mode().IsRegular() {
				return nil // a dangling link or a device: the reader reports it
			}
			abs, _ := filepath.Abs(path)
			out = append(out, FileInfo{Path: abs, Size: info.Size(), ModTime: info.ModTime().UTC()})
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("index: corpus path: %w", err)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, nil
}

// fingerprint hashes what decides the content of the index: the schema
// and analysis versions, the options that change what is indexed (the
// reader format) and the corpus file list with sizes and times.
func fingerprint(format string, files []FileInfo) string {
	h := sha256.New()
	fmt.Fprintf(h, "schema=%d\nanalysis=%s\nformat=%s\n", SchemaVersion, analysisVersion, format)
	for _, f := range files {
		fmt.Fprintf(h, "%s\t%d\t%d\n", f.Path, f.Size, f.ModTime.UnixNano())
	}
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// writeInfo stores the schema version, fingerprint and corpus list.
func writeInfo(idx bleve.Index, info Info) error {
	files, err := json.Marshal(info.Files)
	if err != nil {
		return err
	}
	for k, v := range map[string][]byte{
		keySchema:      []byte(strconv.Itoa(info.Schema)),
		keyFingerprint: []byte(info.Fingerprint),
		keyCorpus:      files,
		keyBuilt:       []byte(info.Built.UTC().Format(time.RFC3339)),
	} {
		if err := idx.SetInternal([]byte(k), v); err != nil {
			return fmt.Errorf("index: store %s: %w", k, err)
		}
	}
	return nil
}

// readInfo reads what writeInfo stored. Schema is 0 when the index holds
// no cablesearch schema version.
func readInfo(idx bleve.Index) (Info, error) {
	var info Info
	get := func(k string) ([]byte, error) {
		v, err := idx.GetInternal([]byte(k))
		if err != nil {
			return nil, fmt.Errorf("index: read %s: %w", k, err)
		}
		return v, nil
	}
	v, err := get(keySchema)
	if err != nil {
		return info, err
	}
	if len(v) > 0 {
		info.Schema, _ = strconv.Atoi(string(v))
	}
	if v, err = get(keyFingerprint); err != nil {
		return info, err
	}
	info.Fingerprint = string(v)
	if v, err = get(keyBuilt); err != nil {
		return info, err
	}
	info.Built, _ = time.Parse(time.RFC3339, string(v))
	if v, err = get(keyCorpus); err != nil {
		return info, err
	}
	if len(v) > 0 {
		if err := json.Unmarshal(v, &info.Files); err != nil {
			return info, fmt.Errorf("index: read corpus list: %w", err)
		}
	}
	return info, nil
}
