package analysis

import (
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"
)

// init registers every component under its cable_ name. It is the only
// init in the package; a duplicate name panics, as bleve's own components
// do, because an index mapping naming a component must always find the
// same one.
func init() {
	filter := func(name string, f func() analysis.TokenFilter) {
		must(registry.RegisterTokenFilter(name, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			return f(), nil
		}))
	}
	filter(DotsFilterName, func() analysis.TokenFilter { return NewDotsFilter() })
	filter(FoldFilterName, func() analysis.TokenFilter { return NewFoldFilter() })
	filter(RedactFilterName, func() analysis.TokenFilter { return NewRedactFilter() })
	filter(RefIDFilterName, func() analysis.TokenFilter { return NewRefIDFilter() })
	filter(NumberFilterName, func() analysis.TokenFilter { return NewNumberFilter() })
	filter(StemFilterName, func() analysis.TokenFilter { return NewStemFilter() })
	filter(UpperFilterName, func() analysis.TokenFilter { return NewUpperFilter() })
	filter(CommonGramsFilterName, func() analysis.TokenFilter { return NewCableCommonGramsFilter(false) })
	filter(NoOffsetsFilterName, func() analysis.TokenFilter { return NewNoOffsetsFilter() })
	filter(CommonGramsQueryFilterName, func() analysis.TokenFilter { return NewCableCommonGramsFilter(true) })

	analyzer := func(name string, a func() analysis.Analyzer) {
		must(registry.RegisterAnalyzer(name, func(map[string]interface{}, *registry.Cache) (analysis.Analyzer, error) {
			return a(), nil
		}))
	}
	analyzer(TextAnalyzer, func() analysis.Analyzer { return NewTextAnalyzer() })
	analyzer(TextIndexAnalyzer, func() analysis.Analyzer { return NewTextIndexAnalyzer() })
	analyzer(TextQueryAnalyzer, func() analysis.Analyzer { return NewTextQueryAnalyzer() })
	analyzer(CodeAnalyzer, func() analysis.Analyzer { return NewCodeAnalyzer() })
}

func must(err error) {
	if err != nil {
		panic(err)
	}
}
