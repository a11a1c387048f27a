// Package cablesearch is the model and the readers of cablesearch, a
// full-text search engine for US diplomatic cables.
//
// It owns the Cable type (header fields, numbered paragraphs with portion
// markings, references, TAGS), the readers for every source format
// (WikiLeaks cable pages, the cables.csv dump, text copied from cable pages,
// plain telegrams, JSON lines, folders and archives of them), format
// detection, and the normalisation of reference IDs, station names, REF
// citations and TAGS codes.
//
// It imports nothing else from this module: analysis, index, query and the
// command build on it, never the other way round.
//
// Reading is streaming: a Reader yields one Record (the raw text of one
// cable) at a time, and ParseRecord turns a Record into a *Cable. The split
// lets an index builder read sequentially and parse in parallel.
package cablesearch
