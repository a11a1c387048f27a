// Package index owns the bleve mapping of a cable, the offline index
// builder (parallel parsing, batching, progress, atomic publish) and
// opening an index for search, with its schema version and corpus
// fingerprint.
//
// # Documents
//
// One bleve document per cable, keyed by its canonical ID (fields.go
// names the fields; NewMapping says how each is indexed). Paragraph texts
// are the array field paras (stored, term vectors; a hit's location
// ArrayPositions[0] is the paragraph index), with para_n and para_marking
// stored in the same order. The rest of the cable is stored as JSON in
// meta, so Index.Cable rebuilds a whole cable for display.
//
// # Building
//
// Build reads records in order (cablesearch.Reader), parses them in
// BuildOptions.Workers goroutines, and a single collector goroutine
// dedupes by canonical ID (a cable seen again is merged: the copy with
// more text wins and every raw ID is kept as a variant) and cuts batches
// of about 250 cables or 1.5 MB that two goroutines write with Batch in
// bleve's safe mode. A copy met after its first copy was written is set
// aside and merged at the end, so two writers never race on one document.
// The index is then force-merged to one segment, stamped with
// SchemaVersion, a fingerprint and the corpus file list (SetInternal), and
// published.
//
// # Publishing and updates
//
// Every build, update included, writes into a sibling temporary folder
// and swaps it with the index folder only when complete (renameat2
// RENAME_EXCHANGE on Linux, two renames elsewhere). An error, Ctrl-C or
// kill -9 leaves the previous index as it was; the next build removes the
// temporary folders of dead builds. An update clones the existing index
// (segment files are immutable in scorch, so they are hard-linked; only
// root.bolt and index_meta.json are copied) and applies the new cables to
// the clone: the served index is never opened for writing, readers keep
// their read-only lock, and a failed update costs nothing. Writing into
// the live index directly would be cheaper but would need the writer lock
// (blocking read-only openers for bolt_timeout) and would leave a
// half-applied update after a crash.
//
// It imports the root package (the Cable model and readers) and analysis;
// never query or cmd.
package index
