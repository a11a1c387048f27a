package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/query"
)

const queryUsage = `[--index DIR] [--json | --format csv|jsonl] [--limit N] [--offset N]
       [--sort relevance|newest|oldest] [--facets LIST] [--paragraphs] [--] QUERY...

QUERY is the query language of package query (words, "phrases", AND, OR,
NOT, -word, field:value, dates, citations such as 09MOSCOW521); the
arguments are joined with spaces. Put a query that starts with "-" after
"--": cablesearch query -- -tag:PREL iran

Output: a readable list (colour on a terminal unless NO_COLOR is set;
plain text when piped), --json (one object, the query --json contract), or
--format csv|jsonl: one row per matching paragraph of each hit (one per hit
when no paragraph matched) with its citation ("09MOSCOW521 ¶12"), marking,
plain-text snippet and the WikiLeaks cablegate page of the cable
(https://wikileaks.org/cable/YYYY/MM/ID.html, by created date).`

// defaultFacets are the facets counted when --facets is not given.
var defaultFacets = []string{query.FacetOrigin, query.FacetClassification, query.FacetTags, query.FacetYear}

// queryCommand holds the flags of `cablesearch query`.
type queryCommand struct {
	dir        string
	asJSON     bool
	format     string
	facets     string
	color      string
	paragraphs bool
	req        query.Request
}

// runQuery implements `cablesearch query`: it searches the index and
// prints the hits, their matching paragraphs and the facets.
func runQuery(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("query", queryUsage, stderr)
	var c queryCommand
	fs.StringVar(&c.dir, "index", index.DefaultDir(), "index folder (default: $CABLESEARCH_INDEX, else ./"+index.DefaultDirName+")")
	fs.BoolVar(&c.asJSON, "json", false, "print one JSON object: {total, hits, facets} (the query --json contract)")
	fs.StringVar(&c.format, "format", "", "export one row per hit paragraph: csv or jsonl")
	fs.IntVarP(&c.req.Size, "limit", "n", 10, "hits per page (at most 1000)")
	fs.IntVar(&c.req.From, "offset", 0, "hits to skip (paging)")
	fs.StringVar(&c.req.Sort, "sort", query.SortRelevance, "order: relevance, newest or oldest")
	fs.StringVar(&c.facets, "facets", strings.Join(defaultFacets, ","), "facets to count, comma-separated ("+strings.Join(query.FacetNames, ", ")+"), or none")
	fs.BoolVar(&c.paragraphs, "paragraphs", false, "rank paragraphs themselves instead of cables")
	fs.IntVar(&c.req.MaxParagraphs, "max-paragraphs", 3, "matching paragraphs shown per cable")
	fs.StringVar(&c.color, "color", "auto", "colour and highlighting: auto (on a terminal, unless NO_COLOR is set), always or never")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if err := c.check(); err != nil {
		return err
	}
	c.req.Query = strings.Join(fs.Args(), " ")
	c.req.ParagraphMode = c.paragraphs
	if c.req.MaxParagraphs <= 0 {
		c.req.MaxParagraphs = -1
	}
	if c.facets != "none" && c.format == "" {
		for _, f := range strings.Split(c.facets, ",") {
			if f = strings.TrimSpace(f); f != "" {
				c.req.Facets = append(c.req.Facets, f)
			}
		}
	}
	// Parse first so that a bad query is reported before the index is
	// opened.
	q, err := query.Parse(c.req.Query)
	if err != nil {
		return &usageError{err.Error()}
	}
	c.req.Q = q

	ix, err := index.Open(c.dir)
	if err != nil {
		return err
	}
	defer ix.Close()
	res, err := query.Search(ctx, ix, c.req)
	if err != nil {
		return err
	}

	w := bufio.NewWriterSize(stdout, 64<<10)
	switch {
	case c.asJSON:
		enc := json.NewEncoder(w)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		err = enc.Encode(res)
	case c.format == "csv" || c.format == "jsonl":
		var ew *query.ExportWriter
		if ew, err = query.NewExportWriter(w, c.format); err == nil {
			err = ew.Write(res)
		}
	default:
		printResult(w, res, c.req, useColor(c.color, stdout))
	}
	if err != nil {
		return fmt.Errorf("write: %w", err)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}

// check validates the flags that Search would otherwise clamp or reject
// late.
func (c *queryCommand) check() error {
	switch c.format {
	case "", "csv", "jsonl":
	default:
		return &usageError{fmt.Sprintf("query: unknown --format %q (want csv or jsonl)", c.format)}
	}
	if c.format != "" && c.asJSON {
		return &usageError{"query: --json and --format are exclusive"}
	}
	switch c.req.Sort {
	case query.SortRelevance, query.SortNewest, query.SortOldest, "date":
	default:
		return &usageError{fmt.Sprintf("query: unknown --sort %q (want relevance, newest or oldest)", c.req.Sort)}
	}
	switch c.color {
	case "auto", "always", "never":
	default:
		return &usageError{fmt.Sprintf("query: unknown --color %q (want auto, always or never)", c.color)}
	}
	if c.req.Size < 1 || c.req.Size > 1000 {
		return &usageError{fmt.Sprintf("query: --limit %d out of range 1..1000", c.req.Size)}
	}
	if c.req.From < 0 || c.req.From > 100000 {
		return &usageError{fmt.Sprintf("query: --offset %d out of range 0..100000", c.req.From)}
	}
	if c.facets != "none" {
		for _, f := range strings.Split(c.facets, ",") {
			if f = strings.TrimSpace(f); f != "" && !contains(query.FacetNames, f) {
				return &usageError{fmt.Sprintf("query: unknown facet %q (known: %s)", f, strings.Join(query.FacetNames, ", "))}
			}
		}
	}
	if c.dir == "" {
		return &usageError{"query: empty --index"}
	}
	return nil
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// useColor decides whether to write ANSI colours to w.
func useColor(mode string, w io.Writer) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	if os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return false
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// style writes terminal text: ANSI sequences when on, plain text when off.
type style bool

const (
	ansiBold  = "\x1b[1m"
	ansiDim   = "\x1b[2m"
	ansiCyan  = "\x1b[36m"
	ansiMatch = "\x1b[1;33m" // bold yellow
	ansiReset = "\x1b[0m"
)

func (s style) wrap(code, text string) string {
	if !s || text == "" {
		return text
	}
	return code + text + ansiReset
}

// snippetText turns an HTML snippet (escaped text with <mark>...</mark>)
// into terminal text, each match passed through hl.
func snippetText(snippet string, hl func(string) string) string {
	var b strings.Builder
	for {
		i := strings.Index(snippet, "<mark>")
		if i < 0 {
			break
		}
		b.WriteString(html.UnescapeString(snippet[:i]))
		rest := snippet[i+len("<mark>"):]
		j := strings.Index(rest, "</mark>")
		if j < 0 {
			snippet = rest
			break
		}
		b.WriteString(hl(html.UnescapeString(rest[:j])))
		snippet = rest[j+len("</mark>"):]
	}
	b.WriteString(html.UnescapeString(snippet))
	return b.String()
}

// markingLabel gives "(C)", or "" for an unknown marking.
func markingLabel(m string) string {
	if m == "" {
		return ""
	}
	return "(" + m + ")"
}

// printResult writes the readable list: one block per hit (or per
// paragraph in paragraph mode), then the totals and facets.
func printResult(w io.Writer, res *query.Result, req query.Request, color bool) {
	st := style(color)
	hl := func(s string) string { return st.wrap(ansiMatch, s) }
	header := func(id, rest string, created time.Time, class, origin string) {
		fmt.Fprintf(w, "%s  %s  %s  %s%s\n", st.wrap(ansiBold+ansiCyan, id), dateOf(created), class, origin, rest)
	}
	para := func(n int, marking, snippet string) {
		label := "¶" + strconv.Itoa(n)
		if m := markingLabel(marking); m != "" {
			label += " " + m
		}
		fmt.Fprintf(w, "    %s %s\n", st.wrap(ansiBold, label), snippetText(snippet, hl))
	}
	if req.ParagraphMode {
		for _, p := range res.ParagraphHits {
			header(query.Cite(p.ID, p.N), "", p.Created, p.Classification, p.Origin)
			if p.Subject != "" {
				fmt.Fprintf(w, "  %s\n", p.Subject)
			}
			label := markingLabel(p.Marking)
			if label != "" {
				label = st.wrap(ansiBold, label) + " "
			}
			fmt.Fprintf(w, "    %s%s\n\n", label, snippetText(p.Snippet, hl))
		}
	} else {
		for _, h := range res.Hits {
			header(h.ID, "", h.Created, h.Classification, h.Origin)
			if h.Subject != "" {
				fmt.Fprintf(w, "  %s\n", h.Subject)
			}
			for _, p := range h.Paragraphs {
				para(p.N, p.Marking, p.Snippet)
			}
			fmt.Fprintln(w)
		}
	}
	// Totals.
	switch {
	case res.Total == 0:
		fmt.Fprintln(w, "no cables match")
	case req.ParagraphMode:
		shown := len(res.ParagraphHits)
		fmt.Fprintf(w, "%s of %d paragraphs (in the best %d of %d cables)\n", span(req.From, shown), res.ParagraphTotal, res.ParagraphCables, res.Total)
	default:
		fmt.Fprintf(w, "%s of %d cables\n", span(req.From, len(res.Hits)), res.Total)
	}
	for _, name := range query.FacetNames {
		vals, ok := res.Facets[name]
		if !ok || len(vals) == 0 {
			continue
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = fmt.Sprintf("%s %s", v.Value, st.wrap(ansiDim, strconv.Itoa(v.Count)))
		}
		fmt.Fprintf(w, "%s: %s\n", st.wrap(ansiBold, name), strings.Join(parts, ", "))
	}
}

// span writes "1-10" for the shown page, or "0" when it is empty.
func span(from, n int) string {
	if n == 0 {
		return "0"
	}
	return fmt.Sprintf("%d-%d", from+1, from+n)
}

// dateOf writes a date as YYYY-MM-DD, or "????-??-??" when unknown.
func dateOf(t time.Time) string {
	if t.IsZero() {
		return "????-??-??"
	}
	return t.Format("2006-01-02")
}
