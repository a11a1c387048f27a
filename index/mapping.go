package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/cablesearch/cablesearch/analysis"
)

// NewMapping returns the index mapping of a cable document: one document
// per cable, a static mapping (fields not listed here are not indexed),
// BM25 scoring, and nothing in the composite _all field (the query layer
// builds explicit disjunctions over fields; the default field is paras).
//
// Text fields (subject, summary, comment, paras) use the cable_text_index
// analyzer with term vectors: phrases need the positions, and the byte
// offsets are stored as 0 (a tenth of the index; the query side finds a
// snippet's offsets by analysing its paragraph with cable_text); paras is an array, one element per paragraph, stored, with
// para_n and para_marking stored beside it in the same order. Keyword
// fields have DocValues only where a facet or sort needs them.
func NewMapping() *mapping.IndexMappingImpl {
	dm := bleve.NewDocumentStaticMapping()

	text := func(store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = analysis.TextIndexAnalyzer
		f.Store = store
		f.IncludeTermVectors = true
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	kw := func(analyzer string, store, docValues bool) *mapping.FieldMapping {
		f := bleve.NewKeywordFieldMapping()
		f.Analyzer = analyzer
		f.Store = store
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = docValues
		return f
	}
	date := func(store, docValues bool) *mapping.FieldMapping {
		f := bleve.NewDateTimeFieldMapping()
		f.Store = store
		f.IncludeInAll = false
		f.DocValues = docValues
		return f
	}
	storedOnly := func(f *mapping.FieldMapping) *mapping.FieldMapping {
		f.Index = false
		f.Store = true
		f.IncludeTermVectors = false
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	add := func(name string, f *mapping.FieldMapping) {
		dm.AddFieldMappingsAt(name, f)
	}

	code := analysis.CodeAnalyzer
	add(FieldID, kw(code, true, false))
	add(FieldRawIDs, kw(code, true, false))
	add(FieldRefs, kw(code, false, true))
	add(FieldOrigin, kw(keyword.Name, true, true))
	add(FieldStation, kw(code, false, true))
	add(FieldClassification, kw(code, true, true))
	add(FieldLevel, kw(code, false, true))
	add(FieldCaveats, kw(code, false, true))
	add(FieldTags, kw(code, true, true))
	add(FieldTagKinds, kw(keyword.Name, false, true))
	add(FieldMarkings, kw(code, false, true))
	add(FieldSigner, kw(code, false, true))
	add(FieldClassifiedBy, kw(keyword.Name, false, true))
	add(FieldHandling, kw(code, false, false))
	add(FieldYear, kw(keyword.Name, false, true))
	add(FieldMonth, kw(keyword.Name, false, true))
	add(FieldCreatedSort, kw(keyword.Name, false, true))
	add(FieldCreated, date(true, true))
	add(FieldReleased, date(true, false))
	add(FieldSubject, text(true))
	add(FieldSummary, text(false))
	add(FieldComment, text(false))
	add(FieldParas, text(true))
	add(FieldParaNums, storedOnly(bleve.NewNumericFieldMapping()))
	add(FieldParaMarks, storedOnly(bleve.NewKeywordFieldMapping()))
	add(FieldMeta, storedOnly(bleve.NewKeywordFieldMapping()))

	// No composite _all field at all: with every field excluded it is
	// empty, but bleve still adds and walks it for every document (6.5% of
	// the build CPU, BENCHMARKS.md). The default field is paras.
	dm.AddSubDocumentMapping("_all", bleve.NewDocumentDisabledMapping())

	im := bleve.NewIndexMapping()
	im.DefaultMapping = dm
	im.DefaultAnalyzer = analysis.TextAnalyzer
	im.DefaultField = FieldParas
	im.ScoringModel = "bm25"
	im.IndexDynamic = false
	im.StoreDynamic = false
	im.DocValuesDynamic = false
	return im
}
