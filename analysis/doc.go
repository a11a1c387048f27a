// Package analysis holds the bleve tokenizers, token filters and analyzers
// for cable text, reference IDs and TAGS codes. register.go is the only
// file with an init(); it registers every component under a "cable_"
// prefix.
//
// It imports bleve's analysis packages and golang.org/x/text only, nothing
// from this module.
package analysis
