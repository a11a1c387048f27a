// Package query is the cable query language (lexer, parser, AST), its
// translation to bleve queries, and search execution: facets, date
// histograms, paragraph-level hits and snippets, sorting and paging.
//
// It imports the root package and index; never cmd. bleve.go is the only
// file that imports bleve's search/query package.
//
// # The query language
//
// A query is a list of clauses. Clauses side by side must all match
// (implicit AND: "ex officio customs" finds cables with all three words);
// results are still ranked by BM25, so cables where the words are frequent
// or in the subject come first.
//
//	iran               a word, searched in the subject and the paragraph
//	                   texts (analysed like the text: case and accents
//	                   folded, stemmed)
//	"ex officio"       a phrase: the words in this order, in one paragraph
//	                   or the subject; a match in the summary or comment
//	                   (sections of the paragraphs) adds to the score.
//	                   Inside quotes \" is a quote and \\ a backslash; runs
//	                   of space count as one
//	offic*             words starting with "offic" (case and accents folded
//	                   but not stemmed, and the index holds stems: prefer
//	                   short prefixes; "officia*" misses "officials")
//	moscow~ moscow~2   words within edit distance 1 (the default) or 2
//	a AND b            the same as "a b"
//	a OR b             either
//	NOT a   -a         cables without a; a query of only negations means
//	                   "all cables except"
//	+a                 the same as "a" (accepted for habit; String also
//	                   writes it to keep words from reading as a citation)
//	( ... )            grouping
//	*                  every cable; so is the empty query
//
// Keywords AND, OR and NOT are recognised in capitals only; "and", "or"
// and "not" are ordinary words. Precedence, loosest first: OR, AND
// (explicit or implicit), NOT/-/+. So "a b OR c d" is "(a b) OR (c d)"
// and "-a b" is "(NOT a) AND b". '+' and '-' must touch the clause they
// apply to ("a - b" is an error). '*' is allowed only at the end of a word
// and '~' only before an optional 1 or 2 at the end.
//
// # Fields
//
// A field is written name:value with no space after the colon; the value
// is a word or a quoted string (origin:"Embassy Moscow"). Field names are
// case-insensitive. A word with a colon whose prefix is letters only is
// always read as a field, so an unknown name is an error; quote such a
// word to search for it as text.
//
//	subject: summary: comment:   text of that part only; word, phrase,
//	                             prefix* or fuzzy~ values
//	tag:PREL                     a TAGS code (upper-cased); tag:K* any code
//	tag:russia                   starting with K. In Search, also the codes
//	tag:"political relations"    of the index whose meaning (LookupTag) has
//	                             all the value's words: RS, PREL
//	origin:"Embassy Moscow"      the sending post, exactly as labelled, or as
//	origin:moscow                the station: the value is also tried
//	                             title-cased on origin and upper-cased,
//	                             without spaces, as a station
//	station:moscow               the station token of the ID (MOSCOW), from
//	                             the station field
//	class:secret class:C         a level: U, C, S, TS, LOU or the full names
//	class:noforn class:NF        a caveat: NOFORN (NF), FOUO
//	class:S//NF                  a whole marking: SECRET//NOFORN
//	marking:S/NF marking:SBU     a paragraph portion marking (upper-cased, as
//	                             written in the cable, without parentheses)
//	signer:burns                 a signer surname (upper-cased)
//	classifiedby:"Marc Wall"     the classifying official (as typed or
//	                             title-cased)
//	id:09MOSCOW521 ref:...       that cable; any citation form ("09 MOSCOW
//	                             521", "MOSCOW 00000521", "2009 MOSCOW 521")
//	                             is resolved to the canonical ID. ref: is
//	                             another name for id:
//	cites:09MOSCOW521            cables whose references include 09MOSCOW521
//	citedby:09MOSCOW521          the cables 09MOSCOW521 cites (looked up in the
//	                             index at execution time; needs a year)
//
// # Dates
//
// A date is YYYY, YYYY-MM or YYYY-MM-DD and stands for that whole period.
// Ranges join two dates with ".." and include both ends; either end may be
// left open. after: and before: bound the created date.
//
//	created:2009                 [2009-01-01, 2010-01-01)
//	created:2008-03..2009-06     [2008-03-01, 2009-07-01)
//	created:2009-03-01           that day (UTC)
//	created:2008..  created:..2008
//	released:2010-11             the WikiLeaks release date
//	after:2008-06                on or after 2008-06-01 (= created:2008-06..)
//	before:2009                  before 2009-01-01 (= created:..2008)
//
// so "after:2009 before:2010" is the year 2009. Years run from 1900 to 2100;
// impossible dates (2009-13, 2009-02-30) and reversed ranges are errors.
//
// # Citations
//
// A reference ID typed as a clause finds that cable first (boosted), then
// the cables citing it, then the cables whose text mentions it. It is
// recognised in these unquoted forms:
//
//	09MOSCOW521  09moscow521     one word: two-digit year, station, serial
//	09 MOSCOW 521                year (2 or 4 digits), station in CAPITALS,
//	2009 MOSCOW 521              serial (up to 8 digits, leading zeros ignored)
//	MOSCOW 00000521              station in CAPITALS and a serial written with
//	                             leading zeros (as in a cable header): any year
//
// Lower-case words ("09 moscow 521") and quoted text ("09 MOSCOW 521" in
// quotes) are plain words and phrases; so is "MOSCOW 521" (no leading zero),
// which would otherwise hijack queries like "NATO 2010". One-word IDs go
// through cablesearch.ParseCitation first, so the root package's station
// aliases and ID repairs apply.
//
// # Errors and limits
//
// Parse returns a *SyntaxError whose Error is "query: position N: what was
// expected", N being the byte offset from 0. Queries are limited to
// MaxQueryBytes (4096) bytes, MaxDepth (64) levels of parentheses and
// negations and MaxClauses (256) clauses (words, phrases, fielded values;
// not parentheses or '+'); invalid UTF-8 is an error, and so is a query
// whose canonical form (String) would exceed MaxQueryBytes.
//
// # Search
//
// Search parses a Request's query, translates it and runs it on an open
// index. Hits are ranked by BM25 (or sorted by created date, newest or
// oldest first) and paged with From and Size. Hits that tie (the same
// score, or the same date in the date sorts) come in the index's internal
// document order: the same for every search of one index, but two builds
// of one corpus may order them differently (a tie-break on the cable ID
// would read the ID of every matching cable: 3x the time of a query with
// many hits).
//
// Queries made of words, phrases of distinct words, ANDs, ORs, NOTs,
// keyword fields and whole-year dates run on the flat executor (exec.go):
// it computes each segment's matching cables with roaring bitmaps of the
// postings, walks them once and scores them with bleve's BM25 formulas in
// bleve's order of operations, so scores are bit for bit bleve's; ranked
// by score without facets it also keeps the top N itself. Other queries
// (prefixes, fuzzy words, other date ranges, phrases under a NOT) and
// searches with facets or date sorts run on bleve's searchers, whose term
// readers see only the cables that can match (candidates.go). The page's
// stored fields are read from each hit's segment (stored.go).
//
// For the hits of the page, the query's own searcher, advanced to each
// of them, gives the term locations of the paras field (their first array
// position is the paragraph index): the matching paragraphs, best first
// (most distinct terms, then most matches), with the paragraph number and
// marking from the stored para_n and para_marking fields and an HTML
// snippet cut around the first match with each match in <mark>...</mark>.
// The index stores positions without byte offsets, so the snippet's
// offsets come from analysing the paragraph again and keeping the tokens
// at the matched positions.
//
// Facets count cables: origin, classification (the whole marking), tags
// and marking are terms facets; so are year and month, counted on the
// year and month fields (the created date's "2009" and "2009-03") and
// listed oldest first, empty ones left out; month keeps the months within
// Request.MaxMonths calendar months ending at the newest. Request.Filters
// selects facet values (OR within a facet, AND across facets) and facets
// are disjunctive: a filtered facet is counted without its own filter, in
// a separate search, so the user sees the other values.
//
// Paragraph mode (Request.ParagraphMode) ranks paragraphs rather than
// cables: the matching paragraphs of the best Request.ParagraphWindow
// cables (default 200) are scored on their own with BM25 over paragraphs:
// the cable-level inverse document frequency of each matching term and
// its saturated frequency in the paragraph, times the share of the
// cable's matching terms the paragraph holds. The best 50 or more (five
// pages) by that score are then normalised by their length in words,
// against their mean, ranked again and paged. Result.Hits is then empty
// and Result.ParagraphHits holds them.
//
// # Cables
//
// LookupCable resolves a reference in any citation form (compact, spaced,
// four-digit year, zero-padded serial without a year, a raw or malformed
// ID a source wrote) to the stored cable, and returns it as a CableView
// with the IDs of the cables of the index citing it (the refs field) and
// which of its references the index holds. Its JSON is the show --json
// contract. An unknown reference gives an error wrapping ErrNotFound; a
// yearless one matching several cables, ErrAmbiguous.
//
// # The AST
//
// Parse returns a Q: *MatchAll, *Term, *Phrase, *Prefix, *Fuzzy, *Field,
// *Ref, *Citation, *DateRange, *And, *Or or *Not. String writes a query
// back in the language, canonically (fields in lower case, keyword values
// canonical, dates at their coarsest form), such that Parse(q.String())
// equals q. Map and Simplify are pure rewrites; ToBleve translates.
package query
