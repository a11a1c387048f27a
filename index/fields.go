package index

// Field names of the bleve document for one cable. The query package
// builds its queries and facets on these names; changing one is a schema
// change (bump SchemaVersion).
const (
	FieldID             = "id"             // keyword: canonical ID
	FieldRawIDs         = "raw_ids"        // keyword array: raw IDs and merged variants
	FieldRefs           = "refs"           // keyword array: canonical IDs of cited cables (DocValues)
	FieldOrigin         = "origin"         // keyword: "Embassy Moscow" (DocValues, facet)
	FieldStation        = "station"        // keyword: "MOSCOW" (DocValues)
	FieldClassification = "classification" // keyword: whole marking, "SECRET//NOFORN" (DocValues, facet)
	FieldLevel          = "level"          // keyword: "SECRET" (DocValues)
	FieldCaveats        = "caveats"        // keyword array: "NOFORN", "FOUO" (DocValues)
	FieldTags           = "tags"           // keyword array, upper case (DocValues, facet)
	FieldTagKinds       = "tag_kinds"      // keyword array: "KIND:CODE", e.g. "geographic:RS" (DocValues)
	FieldMarkings       = "markings"       // keyword array: paragraph markings present (DocValues, facet)
	FieldSigner         = "signer"         // keyword array, upper case (DocValues)
	FieldClassifiedBy   = "classified_by"  // keyword (DocValues)
	FieldCreated        = "created"        // datetime (DocValues, sort, histogram)
	FieldYear           = "year"           // keyword: year of created, "2009" (DocValues, facet)
	FieldMonth          = "month"          // keyword: month of created, "2009-03" (DocValues, facet)
	FieldCreatedSort    = "created_sort"   // keyword: created as RFC 3339 UTC, "2009-03-12T09:00:00Z" (DocValues, sort)
	FieldReleased       = "released"       // datetime
	FieldSubject        = "subject"        // text, cable_text analyzer, stored
	FieldSummary        = "summary"        // text
	FieldComment        = "comment"        // text
	FieldParas          = "paras"          // text array, stored, term vectors: paragraph texts
	FieldParaNums       = "para_n"         // stored only: paragraph numbers, aligned with paras
	FieldParaMarks      = "para_marking"   // stored only: paragraph markings, aligned with paras
)

// Fields added by the index package beyond the query layer's list.
const (
	// FieldHandling is a keyword array of handling words (SIPDIS, NODIS...).
	FieldHandling = "handling"
	// FieldMeta is stored only: the cable as JSON without its paragraphs
	// (those are in paras, para_n and para_marking); see Index.Cable.
	FieldMeta = "meta"
)

// singleTermFields are the fields Document gives a cable at most one
// value of, each indexed as one token (keyword and cable_code analyzers):
// every posting of their terms has a frequency of 1 and a field length
// of 1.
var singleTermFields = map[string]bool{
	FieldID: true, FieldOrigin: true, FieldStation: true, FieldClassification: true,
	FieldLevel: true, FieldClassifiedBy: true, FieldYear: true, FieldMonth: true,
	FieldCreatedSort: true,
}

// SingleTerm reports whether every cable holds at most one term of field,
// once: the query side then scores a match of it without reading its
// frequency and norm (they are 1). TestSingleTermFields checks it on
// built indexes.
func SingleTerm(field string) bool { return singleTermFields[field] }
