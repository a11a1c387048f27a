package analysis_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	cablean "github.com/cablesearch/cablesearch/analysis"
)

// show renders a token stream compactly: "term@pos", tokens sharing a
// position joined by "|".
func show(ts analysis.TokenStream) string {
	var b strings.Builder
	last := -1
	for _, t := range ts {
		switch {
		case t.Position == last:
			b.WriteByte('|')
		case b.Len() > 0:
			b.WriteByte(' ')
		}
		if t.Position != last {
			fmt.Fprintf(&b, "%d:", t.Position)
		}
		b.Write(t.Term)
		last = t.Position
	}
	return b.String()
}

// stream builds a token stream from words at positions 1, 2, ...
func stream(words ...string) analysis.TokenStream {
	ts := make(analysis.TokenStream, len(words))
	off := 0
	for i, w := range words {
		ts[i] = &analysis.Token{Term: []byte(w), Start: off, End: off + len(w), Position: i + 1, Type: analysis.AlphaNumeric}
		off += len(w) + 1
	}
	return ts
}

func TestFilters(t *testing.T) {
	tests := []struct {
		name   string
		filter analysis.TokenFilter
		in     []string
		want   string
	}{
		{"fold", cablean.NewFoldFilter(), []string{"Côte", "d'Ivoire", "STRASSE", "Straße", "ＩＡＥＡ", "ﬁnal", "Ångström"}, "1:cote 2:d'ivoire 3:strasse 4:strasse 5:iaea 6:final 7:angstrom"},
		{"dots", cablean.NewDotsFilter(), []string{"sanctions.XXXXX", "U.S.in", "U.S", "e.g", "www.state.gov", "3.5", "J.Smith", "end."}, "1:sanctions 2:XXXXX 3:U.S 4:in 5:U.S 6:e.g 7:www 8:state 9:gov 10:3.5 11:J 12:Smith 13:end."},
		{"redact", cablean.NewRedactFilter(), []string{"MR", "XXXXXXXXXXXX", "said", "gentleXXX", "xxxxxxbased", "XXXXX's", "box", "Xerxes"}, "1:MR 2:xxredactedxx 3:said 4:gentle 5:xxredactedxx 6:xxredactedxx 7:based 8:xxredactedxx 9:box 10:Xerxes"},
		{"refid", cablean.NewRefIDFilter(), []string{"see", "09moscow521", "para", "08state00012345", "09moscow", "2009"}, "1:see 2:09moscow521|09|2009 3:moscow 4:521 5:para 6:08state12345|08|2008 7:state 8:00012345 9:09moscow 10:2009"},
		{"number", cablean.NewNumberFilter(), []string{"000521", "0", "0000", "0a1", "10"}, "1:521 2:0 3:0 4:0a1 5:10"},
		{"stem", cablean.NewStemFilter(), []string{"generously", "negotiations", "news", "09moscow521", cablean.Redacted, "is"}, "1:generous 2:negoti 3:news 4:09moscow521 5:xxredactedxx 6:is"},
		{"upper", cablean.NewUpperFilter(), []string{"prel", " KIPR ", "Pgov"}, "1:PREL 2:KIPR 3:PGOV"},
		{"grams", cablean.NewCommonGramsFilter([]string{"of", "the"}), []string{"secretari", "of", "the", "armi"}, "1:secretari|secretari_of 2:of|of_the 3:the|the_armi 4:armi"},
		{"grams none", cablean.NewCommonGramsFilter([]string{"of", "the"}), []string{"nuclear", "program"}, "1:nuclear 2:program"},
		{"grams query", cablean.NewCommonGramsQueryFilter([]string{"of", "the"}), []string{"secretari", "of", "the", "armi", "said"}, "1:secretari_of 2:of_the 3:the_armi 5:said"},
		{"grams query of the", cablean.NewCommonGramsQueryFilter([]string{"of", "the"}), []string{"of", "the"}, "1:of_the"},
		{"grams tiers", cablean.NewTieredCommonGramsFilter([]string{"the"}, []string{"in", "a"}), []string{"in", "a", "word", "in", "the", "end"}, "1:in|in_a 2:a 3:word 4:in|in_the 5:the|the_end 6:end"},
		{"grams tiers query", cablean.NewTieredCommonGramsQueryFilter([]string{"the"}, []string{"in", "a"}), []string{"word", "in", "a"}, "1:word 2:in_a"},
		{"grams query single", cablean.NewCommonGramsQueryFilter([]string{"of", "the"}), []string{"the"}, "1:the"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := show(tt.filter.Filter(stream(tt.in...))); got != tt.want {
				t.Errorf("Filter(%q) = %s, want %s", tt.in, got, tt.want)
			}
		})
	}
}

func TestFoldDoesNotChangeInput(t *testing.T) {
	in := []byte("MOSCOW")
	out := cablean.Fold(in)
	if string(in) != "MOSCOW" || string(out) != "moscow" {
		t.Errorf("Fold(MOSCOW) = %q, input now %q", out, in)
	}
}

func analyze(t testing.TB, name, text string) string {
	t.Helper()
	a, err := registry.NewCache().AnalyzerNamed(name)
	if err != nil {
		t.Fatalf("analyzer %s: %v", name, err)
	}
	return show(a.Analyze([]byte(text)))
}

func TestAnalyzers(t *testing.T) {
	tests := []struct {
		analyzer, in, want string
	}{
		{cablean.TextAnalyzer, "Embassy Moscow's demarche", "1:embassi 2:moscow 3:demarch"},
		{cablean.TextAnalyzer, "REF: 09MOSCOW521", "1:ref 2:09moscow521|9|2009 3:moscow 4:521"},
		{cablean.TextAnalyzer, "09 MOSCOW 521", "1:9 2:moscow 3:521"},
		{cablean.TextAnalyzer, "MOSCOW 00000521", "1:moscow 2:521"},
		{cablean.TextAnalyzer, "the Côte d'Ivoire", "1:the|the_cote 2:cote 3:d'ivoir"},
		{cablean.TextAnalyzer, "Secretary of State", "1:secretari|secretari_of 2:of|of_state 3:state"},
		{cablean.TextAnalyzer, "met XXXXXXXXXXXX and gentleXXX", "1:met 2:xxredactedxx 3:and 4:gentl 5:xxredactedxx"},
		{cablean.TextAnalyzer, "agreed to sign it in a week", "1:agre 2:to 3:sign 4:it|it_in 5:in|in_a 6:a 7:week"},
		{cablean.TextAnalyzer, "to the embassy", "1:to|to_the 2:the|the_embassi 3:embassi"},
		{cablean.TextQueryAnalyzer, "in a", "1:in_a"},
		{cablean.TextQueryAnalyzer, "agreed to sign", "1:agre 2:to 3:sign"},
		{cablean.TextQueryAnalyzer, "of the", "1:of_the"},
		{cablean.TextQueryAnalyzer, "Secretary of State", "1:secretari_of 2:of_state"},
		{cablean.TextQueryAnalyzer, "09MOSCOW521", "1:09moscow521|9|2009 2:moscow 3:521"},
		{cablean.TextQueryAnalyzer, "nuclear program", "1:nuclear 2:program"},
		{cablean.CodeAnalyzer, "kipr", "1:KIPR"},
		{cablean.CodeAnalyzer, "KIPR", "1:KIPR"},
		{cablean.CodeAnalyzer, "prel", "1:PREL"},
	}
	for _, tt := range tests {
		if got := analyze(t, tt.analyzer, tt.in); got != tt.want {
			t.Errorf("%s(%q) = %s, want %s", tt.analyzer, tt.in, got, tt.want)
		}
	}
}

// phrase turns a token stream into per-position term sets, relative to
// the first position, as bleve's match_phrase does.
func phrase(ts analysis.TokenStream) [][]string {
	first := ts[0].Position
	var out [][]string
	for _, t := range ts {
		p := t.Position - first
		for len(out) <= p {
			out = append(out, nil)
		}
		out[p] = append(out[p], string(t.Term))
	}
	return out
}

// matchesAt reports whether the query phrase matches the indexed stream
// at some position: every query position has a term among the indexed
// terms of the corresponding position.
func matchesPhrase(indexed, query analysis.TokenStream) bool {
	at := map[int]map[string]bool{}
	for _, t := range indexed {
		if at[t.Position] == nil {
			at[t.Position] = map[string]bool{}
		}
		at[t.Position][string(t.Term)] = true
	}
	q := phrase(query)
	for start := range at {
		ok := true
		for i, alts := range q {
			hit := len(alts) == 0
			for _, a := range alts {
				if at[start+i][a] {
					hit = true
				}
			}
			if !hit {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// TestRefIDPhrases shows that the three spellings of a reference match
// each other as phrases (index side text, query side phrase).
func TestRefIDPhrases(t *testing.T) {
	cache := registry.NewCache()
	ia, _ := cache.AnalyzerNamed(cablean.TextAnalyzer)
	qa, _ := cache.AnalyzerNamed(cablean.TextQueryAnalyzer)
	forms := []string{"09MOSCOW521", "09 MOSCOW 521", "09MOSCOW00000521", "09 MOSCOW 000521"}
	for _, text := range forms {
		doc := ia.Analyze([]byte("see reftel " + text + " on the talks"))
		for _, q := range append(forms, "MOSCOW 00000521", "MOSCOW 521", "reftel 09 MOSCOW 521 on the talks") {
			if !matchesPhrase(doc, qa.Analyze([]byte(q))) {
				t.Errorf("text %q: phrase %q does not match (%s vs %s)", text, q, show(doc), show(qa.Analyze([]byte(q))))
			}
		}
	}
	// A four-digit year and an old cable.
	for _, tt := range [][2]string{
		{"cited 2000 ISLAMABAD 006055 today", "00ISLAMABAD6055"},
		{"cited 00ISLAMABAD6055 today", "2000 ISLAMABAD 6055"},
		{"cited 1995 STATE 12 today", "95STATE12"},
	} {
		doc, q := ia.Analyze([]byte(tt[0])), qa.Analyze([]byte(tt[1]))
		if !matchesPhrase(doc, q) {
			t.Errorf("text %q: phrase %q does not match (%s vs %s)", tt[0], tt[1], show(doc), show(q))
		}
	}
	doc := ia.Analyze([]byte("see MOSCOW 522"))
	if matchesPhrase(doc, qa.Analyze([]byte("MOSCOW 521"))) {
		t.Errorf("MOSCOW 522 matches MOSCOW 521")
	}
}

func TestPhrasesAcrossCommonWords(t *testing.T) {
	cache := registry.NewCache()
	ia, _ := cache.AnalyzerNamed(cablean.TextAnalyzer)
	qa, _ := cache.AnalyzerNamed(cablean.TextQueryAnalyzer)
	doc := ia.Analyze([]byte("The Ambassador delivered the demarche on Iran to the Minister of Foreign Affairs in Côte d'Ivoire."))
	for _, tt := range []struct {
		q    string
		want bool
	}{
		{"demarche on Iran", true},
		{"demarche Iran", false},
		{"the demarche", true},
		{"of the", false},
		{"to the", true},
		{"Minister of Foreign Affairs", true},
		{"minister foreign affairs", false},
		{"cote d'ivoire", true},
		{"COTE D'IVOIRE", true},
		{"delivered demarches", false},
		{"delivering the demarches", true},
		{"iran to the", true},
		{"iran to minister", false},
		{"the minister", true},
	} {
		if got := matchesPhrase(doc, qa.Analyze([]byte(tt.q))); got != tt.want {
			t.Errorf("phrase %q matched = %v, want %v (query %s)", tt.q, got, tt.want, show(qa.Analyze([]byte(tt.q))))
		}
	}
}

func TestStemmedCommonWordsStable(t *testing.T) {
	for _, w := range cablean.StemmedCommonWords() {
		if s := cablean.Stem(w); s != w {
			t.Errorf("Stem(%q) = %q: common word not a fixed point", w, s)
		}
	}
}

// TestIndexAnalyzerKeepsPositions shows what cable_text_index stores: the
// tokens and positions of cable_text, every offset 0.
func TestIndexAnalyzerKeepsPositions(t *testing.T) {
	for _, in := range []string{
		"The Embassy of Côte d'Ivoire cited 09 MOSCOW 521.",
		"XXXXXXXXXXXX told the ambassador of the plan",
		"",
	} {
		full := cablean.NewTextAnalyzer().Analyze([]byte(in))
		idx := cablean.NewTextIndexAnalyzer().Analyze([]byte(in))
		if got, want := show(idx), show(full); got != want {
			t.Errorf("%q: index tokens %s, want %s", in, got, want)
		}
		for i, tok := range idx {
			if tok.Start != 0 || tok.End != 0 {
				t.Errorf("%q: token %d %q has offsets %d:%d, want 0:0", in, i, tok.Term, tok.Start, tok.End)
			}
		}
		if in != "" && len(full) > 0 && full[len(full)-1].End == 0 {
			t.Errorf("%q: cable_text lost its offsets", in)
		}
	}
	a, err := registry.NewCache().AnalyzerNamed(cablean.TextIndexAnalyzer)
	if err != nil || a == nil {
		t.Fatalf("%s not registered: %v", cablean.TextIndexAnalyzer, err)
	}
}

// TestDotsOffsets shows that the parts of a glued word keep the offsets of
// their text, so snippets highlight the right bytes.
func TestDotsOffsets(t *testing.T) {
	in := "the sanctions.XXXXX regime and U.S.in"
	var got []string
	for _, tok := range cablean.NewTextAnalyzer().Analyze([]byte(in)) {
		got = append(got, fmt.Sprintf("%s@%d=%s", tok.Term, tok.Position, in[tok.Start:tok.End]))
	}
	want := "the@1=the the_sanction@1=the sanctions sanction@2=sanctions xxredactedxx@3=XXXXX regim@4=regime and@5=and u.@6=U.S in@7=in"
	if g := strings.Join(got, " "); g != want {
		t.Errorf("tokens\n got %s\nwant %s", g, want)
	}
}
