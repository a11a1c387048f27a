package cablesearch

import (
	"fmt"
	"time"
)

// Cable is one US diplomatic telegram as read from any source format.
//
// Field names in JSON are part of the CLI contract (see ARCHITECTURE.md):
// id, raw_id, created, released, classification, origin, subject, tags
// (corrected codes), references (canonical cited IDs) and paragraphs
// ({n, marking, text}) are fixed; the others may grow.
type Cable struct {
	// ID is the canonical reference ID, for example "09MOSCOW521".
	ID string `json:"id"`
	// RawID is the reference ID exactly as the source wrote it
	// (for example "08ECTION01OF02MANAMA492").
	RawID string `json:"raw_id"`
	// Variants lists other raw IDs merged into this cable (filled by the
	// index builder when the same canonical ID is seen twice).
	Variants []string `json:"variants,omitempty"`

	// Created is the transmission time (UTC).
	Created time.Time `json:"created"`
	// Released is the WikiLeaks publication time (UTC); zero when unknown.
	Released time.Time `json:"released"`

	// Classification is the whole marking as the source metadata writes it,
	// upper-cased: "SECRET//NOFORN", "UNCLASSIFIED//FOR OFFICIAL USE ONLY".
	Classification string `json:"classification"`
	// Level is the classification level: "UNCLASSIFIED", "CONFIDENTIAL",
	// "SECRET", "TOP SECRET" or "LIMITED OFFICIAL USE".
	Level string `json:"level,omitempty"`
	// Caveats are the dissemination caveats: "NOFORN", "FOUO".
	Caveats []string `json:"caveats,omitempty"`

	// Origin is the human label of the sending post: "Embassy Moscow".
	Origin string `json:"origin"`
	// Station is the canonical station token of the ID: "MOSCOW".
	Station string `json:"station,omitempty"`

	// Precedence is the action precedence of the first header line
	// ("P", "O", "R", "Z"...), and DTG the date-time group as written
	// ("182318Z FEB 09").
	Precedence string `json:"precedence,omitempty"`
	DTG        string `json:"dtg,omitempty"`
	// From is the sender (FM line).
	From *Recipient `json:"from,omitempty"`
	// To and Info are the action and information addressees.
	To   []Recipient `json:"to,omitempty"`
	Info []Recipient `json:"info,omitempty"`
	// TransmissionID is the VZCZC... token of the header.
	TransmissionID string `json:"transmission_id,omitempty"`

	// Subject is the SUBJECT line, cleaned.
	Subject string `json:"subject"`
	// Tags are the corrected TAGS codes, upper case, first-seen order.
	Tags []string `json:"tags"`
	// RawTags are the TAGS as found before correction.
	RawTags []string `json:"raw_tags,omitempty"`
	// TagInfo gives, for each corrected tag, its kind and meaning.
	TagInfo []Tag `json:"tag_info,omitempty"`

	// References are the canonical IDs of the cables this cable cites.
	References []string `json:"references"`
	// OtherRefs are the references that are not cables (e-mails, telcons,
	// reports...), typed.
	OtherRefs []Reference `json:"other_refs,omitempty"`

	// EO is the executive order number ("12958", "13526"...).
	EO string `json:"eo,omitempty"`
	// Declassify is the declassification date (YYYY-MM-DD) or a code such
	// as "OADR" or "X1" as written.
	Declassify string `json:"declassify,omitempty"`
	// ClassifiedBy is the name of the classifying official ("Marc Wall").
	ClassifiedBy string `json:"classified_by,omitempty"`
	// Reasons are the classification reasons, letters a-h, and ReasonSection
	// the section number they cite ("1.4" or "1.5").
	Reasons       []string `json:"reasons,omitempty"`
	ReasonSection string   `json:"reason_section,omitempty"`
	// Signers are the signer surnames, upper case ("BURNS").
	Signers []string `json:"signers,omitempty"`

	// Summary and Comment are the SUMMARY and COMMENT sections.
	Summary string `json:"summary,omitempty"`
	Comment string `json:"comment,omitempty"`
	// Handling are handling words found in the caption (SIPDIS, NODIS,
	// EXDIS, LIMDIS, STADIS...).
	Handling []string `json:"handling,omitempty"`
	// Partial is set when the record is a partial extract of the original.
	Partial bool `json:"partial,omitempty"`

	// Header is the transmission header text (block 1), cleaned of HTML.
	Header string `json:"header,omitempty"`
	// Paragraphs are the numbered paragraphs of the body. Text before the
	// first numbered paragraph (after the caption) is paragraph 0.
	Paragraphs []Paragraph `json:"paragraphs"`

	// MediaURIs are press articles that list the cable.
	MediaURIs []string `json:"media_uris,omitempty"`

	// Source says where the cable was read from.
	Source Source `json:"source"`
}

// Recipient is one addressee of the FM, TO or INFO lines.
type Recipient struct {
	Route      string `json:"route,omitempty"`
	Name       string `json:"name"`
	Precedence string `json:"precedence,omitempty"`
	MCN        string `json:"mcn,omitempty"`
	// Except lists the posts excluded from a collective (XMT lines).
	Except []string `json:"except,omitempty"`
}

// Tag is a corrected TAGS code with its kind and meaning.
type Tag struct {
	Code string `json:"code"`
	// Kind is one of subject, program, geographic, organization, person,
	// unknown.
	Kind     string `json:"kind"`
	Category string `json:"category,omitempty"`
	Meaning  string `json:"meaning,omitempty"`
}

// Reference is a reference that does not name a cable ID, or extra
// attributes of one that does.
type Reference struct {
	// Kind is "cable", "email", "telcon", "report", "dtg", "document"
	// or "other".
	Kind  string `json:"kind"`
	Value string `json:"value"`
	// Bullet is the REF list label ("A", "B"...), when there is one.
	Bullet string `json:"bullet,omitempty"`
}

// Paragraph is one numbered paragraph of the body.
type Paragraph struct {
	// N is the paragraph number; 0 is the text before paragraph 1.
	N int `json:"n"`
	// Marking is the portion marking without parentheses ("SBU", "C",
	// "S/NF"), inherited from an ENTIRE TEXT marking when the paragraph has
	// none; empty when unknown.
	Marking string `json:"marking"`
	// Text is the paragraph text without its number, marking and
	// page-break lines.
	Text string `json:"text"`
}

// Source names where a cable came from.
type Source struct {
	// File is the path of the file, with "!" separating an archive from
	// the member inside it ("cables.7z!cable/2009/03/09MOSCOW521.html").
	File string `json:"file"`
	// Format is the detected format: html, csv, textpage, text, jsonl,
	// flat.
	Format string `json:"format"`
	// Line is the 1-based line of the file where the cable starts (for
	// line-oriented formats); Row the 1-based CSV record number.
	Line int `json:"line,omitempty"`
	Row  int `json:"row,omitempty"`
}

// String gives the source as "file:line", "file row N" or "file".
func (s Source) String() string {
	switch {
	case s.Row > 0:
		return fmt.Sprintf("%s: row %d", s.File, s.Row)
	case s.Line > 0:
		return fmt.Sprintf("%s:%d", s.File, s.Line)
	}
	return s.File
}

// Year gives the four-digit year of the cable's creation, or of its ID
// when the creation time is unknown.
func (c *Cable) Year() int {
	if !c.Created.IsZero() {
		return c.Created.Year()
	}
	if len(c.ID) >= 2 && isDigit(c.ID[0]) && isDigit(c.ID[1]) {
		return expandYear(int(c.ID[0]-'0')*10 + int(c.ID[1]-'0'))
	}
	return 0
}

// Text gives the body text of all paragraphs, one per line.
func (c *Cable) Text() string {
	n := 0
	for _, p := range c.Paragraphs {
		n += len(p.Text) + 1
	}
	b := make([]byte, 0, n)
	for i, p := range c.Paragraphs {
		if i > 0 {
			b = append(b, '\n')
		}
		b = append(b, p.Text...)
	}
	return string(b)
}

// expandYear turns a two-digit year into four digits: above 10 is 19YY,
// otherwise 20YY (the corpus runs from 1966 to 2010).
func expandYear(yy int) int {
	if yy > 10 {
		return 1900 + yy
	}
	return 2000 + yy
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }
