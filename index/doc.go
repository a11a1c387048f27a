// Package index owns the bleve mapping of a cable, the offline index
// builder (parallel parsing, batching, progress, atomic publish) and
// opening an index for search, with its schema version and corpus
// fingerprint.
//
// It imports the root package (the Cable model and readers) and analysis;
// never query or cmd.
package index
