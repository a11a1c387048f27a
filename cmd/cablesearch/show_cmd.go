package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/query"
)

const showUsage = `[--index DIR] [--json] ID...

ID is a cable reference in any citation form: 09MOSCOW521, "09 MOSCOW 521",
"2009 MOSCOW 521", "MOSCOW 00000521" (when one year has that serial), or a
raw ID as a source wrote it. Each cable is printed whole: header, subject,
TAGS with their kinds and meanings, references (saying which are in the
index), every paragraph as ¶N (MARKING) text, and the cables of the index
that cite it. With --json, one object per line: the cable as in
parse --json plus cited_by and references_in_index. An unknown ID is
reported on stderr and the exit status is 1.`

// runShow implements `cablesearch show [--index DIR] [--json] ID...`.
func runShow(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("show", showUsage, stderr)
	dir := fs.String("index", index.DefaultDir(), "index folder (default: $CABLESEARCH_INDEX, else ./"+index.DefaultDirName+")")
	asJSON := fs.Bool("json", false, "print one JSON object per cable (the show --json contract)")
	color := fs.String("color", "auto", "colour: auto (on a terminal, unless NO_COLOR is set), always or never")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return &usageError{"show: no ID given"}
	}
	switch *color {
	case "auto", "always", "never":
	default:
		return &usageError{fmt.Sprintf("show: unknown --color %q (want auto, always or never)", *color)}
	}
	ix, err := index.Open(*dir)
	if err != nil {
		return err
	}
	defer ix.Close()

	w := bufio.NewWriterSize(stdout, 64<<10)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	st := style(useColor(*color, stdout))
	bad := 0
	for i, ref := range fs.Args() {
		if err := ctx.Err(); err != nil {
			return err
		}
		v, err := query.LookupCable(ctx, ix, ref)
		if errors.Is(err, query.ErrNotFound) || errors.Is(err, query.ErrAmbiguous) {
			bad++
			w.Flush()
			fmt.Fprintf(stderr, "show: %v\n", strings.TrimPrefix(err.Error(), "query: "))
			continue
		}
		if err != nil {
			return err
		}
		if *asJSON {
			if err := enc.Encode(v); err != nil {
				return fmt.Errorf("write: %w", err)
			}
			continue
		}
		if i > 0 {
			fmt.Fprintln(w)
		}
		printCableView(w, v, st)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	if bad > 0 {
		return errReported
	}
	return nil
}

// printCableView writes a whole cable for reading.
func printCableView(w io.Writer, v *query.CableView, st style) {
	c := v.Cable
	created := "????-??-?? ??:??"
	if !c.Created.IsZero() {
		created = c.Created.Format("2006-01-02 15:04")
	}
	fmt.Fprintf(w, "%s  %s  %s  %s\n", st.wrap(ansiBold+ansiCyan, c.ID), created, c.Classification, c.Origin)
	field := func(name, value string) {
		if value != "" {
			fmt.Fprintf(w, "%s %s\n", st.wrap(ansiBold, name+":"), value)
		}
	}
	field("subject", c.Subject)
	if c.RawID != "" && c.RawID != c.ID {
		field("raw ID", c.RawID)
	}
	if len(c.Variants) > 0 {
		field("also seen as", strings.Join(c.Variants, ", "))
	}
	if c.DTG != "" {
		field("DTG", c.DTG)
	}
	if c.From != nil {
		field("from", c.From.Name)
	}
	field("to", recipients(c.To))
	field("info", recipients(c.Info))
	if len(c.Tags) > 0 {
		fmt.Fprintf(w, "%s\n", st.wrap(ansiBold, "tags:"))
		for _, t := range tagInfo(c) {
			desc := t.Kind
			if t.Meaning != "" {
				desc += ", " + t.Meaning
			}
			fmt.Fprintf(w, "  %-8s %s\n", t.Code, desc)
		}
	}
	classBy := c.ClassifiedBy
	if len(c.Reasons) > 0 {
		sec := c.ReasonSection
		if sec == "" {
			sec = "1.4"
		}
		classBy += fmt.Sprintf(", reasons %s (%s)", sec, strings.Join(c.Reasons, ", "))
	}
	field("classified by", strings.TrimPrefix(classBy, ", "))
	field("declassify", c.Declassify)
	field("signed", strings.Join(c.Signers, ", "))
	if len(c.References) > 0 || len(c.OtherRefs) > 0 {
		fmt.Fprintf(w, "%s\n", st.wrap(ansiBold, "references:"))
		for _, r := range c.References {
			where := "not in index"
			if v.ReferencesInIndex[r] {
				where = "in index"
			}
			fmt.Fprintf(w, "  %s (%s)\n", r, where)
		}
		for _, r := range c.OtherRefs {
			if r.Kind == "cable" {
				continue
			}
			label := r.Kind
			if r.Bullet != "" {
				label = r.Bullet + ", " + label
			}
			fmt.Fprintf(w, "  %s (%s)\n", r.Value, label)
		}
	}
	fmt.Fprintln(w)
	for _, p := range c.Paragraphs {
		label := "¶" + strconv.Itoa(p.N)
		if m := markingLabel(p.Marking); m != "" {
			label += " " + m
		}
		lines := strings.Split(strings.TrimSpace(p.Text), "\n")
		for i, l := range lines {
			if l = strings.TrimRight(l, " \t"); i > 0 && l != "" {
				l = "    " + l
			}
			lines[i] = l
		}
		fmt.Fprintf(w, "%s %s\n", st.wrap(ansiBold, label), strings.Join(lines, "\n"))
	}
	fmt.Fprintln(w)
	if len(v.CitedBy) == 0 {
		fmt.Fprintln(w, "cited by: no cable in the index")
	} else {
		fmt.Fprintf(w, "%s %s\n", st.wrap(ansiBold, fmt.Sprintf("cited by (%d):", len(v.CitedBy))), strings.Join(v.CitedBy, ", "))
	}
}

// tagInfo gives the kind and meaning of each tag of c, from the stored
// TagInfo or, when absent, the TAGS table.
func tagInfo(c *cablesearch.Cable) []cablesearch.Tag {
	byCode := map[string]cablesearch.Tag{}
	for _, t := range c.TagInfo {
		byCode[t.Code] = t
	}
	out := make([]cablesearch.Tag, 0, len(c.Tags))
	for _, code := range c.Tags {
		t, ok := byCode[code]
		if !ok {
			t = cablesearch.LookupTag(code)
			t.Code = code
		}
		if t.Kind == "" {
			t.Kind = "unknown"
		}
		out = append(out, t)
	}
	return out
}

// recipients lists addressee names.
func recipients(rs []cablesearch.Recipient) string {
	names := make([]string, 0, len(rs))
	for _, r := range rs {
		names = append(names, r.Name)
	}
	return strings.Join(names, "; ")
}
