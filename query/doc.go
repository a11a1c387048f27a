// Package query is the cable query language (lexer, parser, AST), its
// translation to bleve queries, and search execution: facets, date
// histograms, paragraph-level hits and snippets, sorting and paging.
//
// It imports the root package and index; never cmd.
package query
