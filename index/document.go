package index

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/document"
	bindex "github.com/blevesearch/bleve_index_api"

	"github.com/cablesearch/cablesearch"
)

// Document returns the bleve document of a cable: a map keyed by the
// Field* names. Empty values are left out; paras, para_n and para_marking
// hold one element per paragraph, in the same order.
func Document(c *cablesearch.Cable) map[string]interface{} {
	d := make(map[string]interface{}, 24)
	set := func(name, v string) {
		if v != "" {
			d[name] = v
		}
	}
	list := func(name string, v []string) {
		if len(v) > 0 {
			d[name] = v
		}
	}
	set(FieldID, c.ID)
	list(FieldRawIDs, rawIDs(c))
	list(FieldRefs, c.References)
	set(FieldOrigin, c.Origin)
	set(FieldStation, c.Station)
	set(FieldClassification, c.Classification)
	set(FieldLevel, c.Level)
	list(FieldCaveats, c.Caveats)
	list(FieldTags, c.Tags)
	if len(c.TagInfo) > 0 {
		kinds := make([]string, 0, len(c.TagInfo))
		for _, t := range c.TagInfo {
			kinds = append(kinds, t.Kind+":"+t.Code)
		}
		d[FieldTagKinds] = kinds
	}
	list(FieldSigner, c.Signers)
	set(FieldClassifiedBy, c.ClassifiedBy)
	list(FieldHandling, c.Handling)
	if !c.Created.IsZero() {
		d[FieldCreated] = c.Created.UTC()
		d[FieldYear] = strconv.Itoa(c.Created.UTC().Year())
		d[FieldMonth] = c.Created.UTC().Format("2006-01")
		d[FieldCreatedSort] = c.Created.UTC().Format(time.RFC3339)
	}
	if !c.Released.IsZero() {
		d[FieldReleased] = c.Released.UTC()
	}
	set(FieldSubject, c.Subject)
	set(FieldSummary, c.Summary)
	set(FieldComment, c.Comment)
	if len(c.Paragraphs) > 0 {
		texts := make([]string, len(c.Paragraphs))
		nums := make([]float64, len(c.Paragraphs))
		marks := make([]string, len(c.Paragraphs))
		var present []string
		for i, p := range c.Paragraphs {
			texts[i], nums[i], marks[i] = p.Text, float64(p.N), p.Marking
			if p.Marking != "" && !contains(present, p.Marking) {
				present = append(present, p.Marking)
			}
		}
		d[FieldParas] = texts
		d[FieldParaNums] = nums
		d[FieldParaMarks] = marks
		list(FieldMarkings, present)
	}
	meta := *c
	meta.Paragraphs = nil
	if b, err := json.Marshal(&meta); err == nil {
		d[FieldMeta] = string(b)
	}
	return d
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// rawIDs gives the raw ID and the merged variants, without repeats.
func rawIDs(c *cablesearch.Cable) []string {
	var out []string
	for _, r := range append([]string{c.RawID}, c.Variants...) {
		if r != "" && !contains(out, r) {
			out = append(out, r)
		}
	}
	return out
}

// loadCable rebuilds a cable from its stored fields (meta and the
// paragraph arrays). It returns nil, nil when id is not in the index.
func loadCable(idx bleve.Index, id string) (*cablesearch.Cable, error) {
	doc, err := idx.Document(id)
	if err != nil {
		return nil, fmt.Errorf("index: load cable %s: %w", id, err)
	}
	if doc == nil {
		return nil, nil
	}
	c := &cablesearch.Cable{}
	type para struct {
		n       int
		text    string
		marking string
	}
	paras := map[int]*para{}
	at := func(f bindex.Field) *para {
		i := 0
		if ap := f.ArrayPositions(); len(ap) > 0 {
			i = int(ap[0])
		}
		p := paras[i]
		if p == nil {
			p = &para{}
			paras[i] = p
		}
		return p
	}
	var metaErr error
	doc.VisitFields(func(f bindex.Field) {
		switch f.Name() {
		case FieldMeta:
			metaErr = json.Unmarshal(f.Value(), c)
		case FieldParas:
			at(f).text = string(f.Value())
		case FieldParaMarks:
			at(f).marking = string(f.Value())
		case FieldParaNums:
			if nf, ok := f.(*document.NumericField); ok {
				if n, err := nf.Number(); err == nil {
					at(f).n = int(n)
				}
			}
		}
	})
	if metaErr != nil {
		return nil, fmt.Errorf("index: load cable %s: stored metadata: %w", id, metaErr)
	}
	keys := make([]int, 0, len(paras))
	for k := range paras {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	for _, k := range keys {
		p := paras[k]
		c.Paragraphs = append(c.Paragraphs, cablesearch.Paragraph{N: p.n, Marking: p.marking, Text: p.text})
	}
	if c.ID == "" {
		c.ID = id
	}
	return c, nil
}

// textLen is the length of a cable's text, used to pick the fuller copy
// of a duplicated cable.
func textLen(c *cablesearch.Cable) int {
	n := len(c.Subject)
	for _, p := range c.Paragraphs {
		n += len(p.Text)
	}
	return n
}

// MergeCopies returns the one cable the index keeps for two copies of
// one canonical ID (two releases, a malformed-ID twin): the copy with
// the longer text (subject and paragraphs; on a tie the earlier source),
// with both raw IDs as variants and its empty fields filled from the
// other copy.
func MergeCopies(a, b *cablesearch.Cable) *cablesearch.Cable {
	if better(a, b) {
		return merge(a, b)
	}
	return merge(b, a)
}

// better reports whether a is the copy to keep over b: the longer text,
// then the earlier source.
func better(a, b *cablesearch.Cable) bool {
	la, lb := textLen(a), textLen(b)
	if la != lb {
		return la > lb
	}
	if a.Source.File != b.Source.File {
		return a.Source.File < b.Source.File
	}
	if a.Source.Line != b.Source.Line {
		return a.Source.Line < b.Source.Line
	}
	return a.Source.Row < b.Source.Row
}

// merge returns the union of two copies of one cable: the content of
// keep, the raw IDs of both as variants, and empty fields of keep filled
// from other.
func merge(keep, other *cablesearch.Cable) *cablesearch.Cable {
	m := *keep
	var variants []string
	for _, r := range append(append(append([]string{}, keep.Variants...), other.RawID), other.Variants...) {
		if r != "" && r != m.RawID && !contains(variants, r) {
			variants = append(variants, r)
		}
	}
	m.Variants = variants
	if m.RawID == "" {
		m.RawID = other.RawID
	}
	fill := func(dst *string, src string) {
		if strings.TrimSpace(*dst) == "" {
			*dst = src
		}
	}
	fill(&m.Subject, other.Subject)
	fill(&m.Origin, other.Origin)
	fill(&m.Station, other.Station)
	fill(&m.Classification, other.Classification)
	fill(&m.Level, other.Level)
	fill(&m.Summary, other.Summary)
	if m.Created.IsZero() {
		m.Created = other.Created
	}
	if m.Released.IsZero() {
		m.Released = other.Released
	}
	if len(m.Tags) == 0 {
		m.Tags, m.TagInfo = other.Tags, other.TagInfo
	}
	for _, r := range other.References {
		if !contains(m.References, r) {
			m.References = append(m.References, r)
		}
	}
	return &m
}
