package index

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/cablesearch/cablesearch"
)

// BoltTimeout is how long Open waits for the index lock held by a writer
// before failing (a read-only open shares the lock with other readers).
const BoltTimeout = "2s"

// Index is an open cablesearch index: a read-only bleve index plus the
// schema version, fingerprint and corpus list it was built with.
type Index struct {
	bleve.Index
	dir  string
	info Info
}

// Open opens the index in dir read-only, so that any number of processes
// can search it while a new one is built beside it. It fails with an
// error wrapping fs.ErrNotExist for a missing folder, ErrNotIndex for a
// folder that is not a cablesearch index and ErrSchemaMismatch for an
// index built by an incompatible version.
func Open(dir string) (*Index, error) {
	// A build publishes by swapping folders; an open that races the swap
	// can see the old folder's files go away under it. Try again a few
	// times before reporting.
	var err error
	for attempt := 0; attempt < 4; attempt++ {
		var ix *Index
		if ix, err = openOnce(dir); err == nil {
			return ix, nil
		}
		if errors.Is(err, ErrSchemaMismatch) || errors.Is(err, fs.ErrNotExist) || strings.Contains(err.Error(), "timeout") {
			return nil, err // not a race with a swap (a lock timeout already waited)
		}
		time.Sleep(time.Duration(attempt+1) * 20 * time.Millisecond)
	}
	return nil, err
}

func openOnce(dir string) (*Index, error) {
	if err := checkIndexDir(dir); err != nil {
		return nil, err
	}
	idx, err := bleve.OpenUsing(dir, map[string]interface{}{
		"read_only":    true,
		"bolt_timeout": BoltTimeout,
	})
	if err != nil {
		return nil, fmt.Errorf("index: open %s: %w", dir, err)
	}
	info, err := checkSchema(idx, dir)
	if err != nil {
		idx.Close()
		return nil, err
	}
	return &Index{Index: idx, dir: dir, info: info}, nil
}

// Dir returns the folder of the index.
func (ix *Index) Dir() string { return ix.dir }

// Info returns the schema version, fingerprint, build time and corpus
// files of the index.
func (ix *Index) Info() Info { return ix.info }

// Cable returns the stored cable with canonical ID id, rebuilt from its
// stored metadata and paragraphs, or nil and no error when there is none.
func (ix *Index) Cable(id string) (*cablesearch.Cable, error) {
	return loadCable(ix.Index, id)
}

// checkIndexDir tells a missing folder and a folder that is not a bleve
// index apart before bleve gets to them.
func checkIndexDir(dir string) error {
	st, err := os.Stat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("index: no index at %s (build one with: cablesearch index --index %s PATH...): %w", dir, dir, err)
	}
	if err != nil {
		return fmt.Errorf("index: open %s: %w", dir, err)
	}
	if !st.IsDir() {
		return fmt.Errorf("index: open %s: a file, not a folder: %w", dir, ErrNotIndex)
	}
	if _, err := os.Stat(filepath.Join(dir, "index_meta.json")); err != nil {
		return fmt.Errorf("index: open %s: no index_meta.json: %w", dir, ErrNotIndex)
	}
	return nil
}

// checkSchema reads the stored info and compares its schema version.
func checkSchema(idx bleve.Index, dir string) (Info, error) {
	info, err := readInfo(idx)
	if err != nil {
		return info, err
	}
	if info.Schema == 0 {
		return info, fmt.Errorf("index: open %s: a bleve index without a cablesearch schema version: %w", dir, ErrNotIndex)
	}
	if info.Schema != SchemaVersion {
		return info, fmt.Errorf("index: %s has schema version %d, this program reads version %d; rebuild with: cablesearch index --index %s PATH...: %w",
			dir, info.Schema, SchemaVersion, dir, ErrSchemaMismatch)
	}
	return info, nil
}

// DefaultDirName is the index folder used when neither --index nor
// CABLESEARCH_INDEX names one: "cablesearch.index" in the working
// directory.
const DefaultDirName = "cablesearch.index"

// DefaultDir returns $CABLESEARCH_INDEX, or DefaultDirName when it is
// unset.
func DefaultDir() string {
	if d := os.Getenv("CABLESEARCH_INDEX"); d != "" {
		return d
	}
	return DefaultDirName
}
