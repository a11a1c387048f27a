package cablesearch

import (
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cablesearch/cablesearch/internal/testcorpus"
)

// One row per TAGS rule of CABLE-FORMAT.md b.7; raw and corrected are
// space-free "|"-joined lists ("" = no tags).
var tagTests = []struct {
	rule, in, raw, corrected string
}{
	{"label TAGS:", "TAGS: PREL, PGOV", "PREL|PGOV", "PREL|PGOV"},
	{"label lower case", "Tags: prel, pgov, tu\nSubject: x", "PREL|PGOV|TU", "PREL|PGOV|TU"},
	{"label TAG", "TAG PTER, PGOV", "PTER|PGOV", "PTER|PGOV"},
	{"label TAGES", "TAGES:  OIIP, KPAO", "OIIP|KPAO", "OIIP|KPAO"},
	{"label TAS:", "TAS: ECON, IS", "ECON|IS", "ECON|IS"},
	{"label TABS", "TABS: EFIS, VE", "EFIS|VE", "EFIS|VE"},
	{"label TGS", "TGS: GOV, PREL", "GOV|PREL", "GOV|PREL"},
	{"label AGS:", "DECL: 08/22/2017 AGS: PGOV, AR", "PGOV|AR", "PGOV|AR"},
	{"label TAGS;", "TAGS;  PGOV, TU \nSUBJ: X", "PGOV|TU", "PGOV|TU"},
	{"no label", "SUBJECT: NOTHING HERE", "", ""},
	{"comma continuation", "TAGS: PREL, PGOV,\netra, mnuc", "PREL|PGOV|ETRA|MNUC", "PREL|PGOV|ETRA|MNUC"},
	{"code continuation", "TAGS: PREL PGOV\nECON, PHUM, RS\nSUBJECT: X", "PREL|PGOV|ECON|PHUM|RS", "PREL|PGOV|ECON|PHUM|RS"},
	{"no prose continuation", "TAGS: PREL PE\nAPRA CONFIDENT OF WINNING SEEKS EMBASSY HELP", "PREL|PE", "PREL|PE"},
	{"lower-case line stops", "TAGS: something\nhere", "SOMETHING", "SOMETHING"},
	{"page header cut", "TAGS: PREL, IT                          SECRET       PAGE 02        ROME  03067  211833Z", "PREL|IT", "PREL|IT"},
	{"subject cut", "TAGS: ECON, UK SUBJECT: X", "ECON|UK", "ECON|UK"},
	{"dedupe", "TAGS: PREL, PREL, IT, IT", "PREL|IT", "PREL|IT"},
	{"slash and hyphen kept", "TAGS: PREL, UNGA/C-6, ZANU-PF, BA'ATH", "PREL|UNGA/C-6|ZANU-PF|BA'ATH", "PREL|UNGA/C-6|ZANU-PF|BA'ATH"},
	{"phrase", "TAGS: IS ISRAELI PALESTINIAN AFFAIRS GOI EXTERNAL", "IS|ISRAELI PALESTINIAN AFFAIRS|GOI EXTERNAL", "IS|ISRAELI PALESTINIAN AFFAIRS|GOI EXTERNAL"},
	{"tip in", "TAGS: KCRM TIP IN TURKEY", "KCRM|TIP IN TURKEY", "KCRM|TIP IN TURKEY"},
	{"x and y", "TAGS: IS ECONOMY AND FINANCE", "IS|ECONOMY AND FINANCE", "IS|ECONOMY AND FINANCE"},
	{"foreign x", "TAGS: PM FOREIGN POL", "PM|FOREIGN POL", "PM|FOREIGN POL"},
	{"person after OVIP", "TAGS: OVIP CLINTON HILLARY PREL", "OVIP|CLINTON HILLARY|PREL", "OVIP|CLINTON, HILLARY|PREL"},
	{"places are no person", "TAGS: PREL USEU BRUSSELS", "PREL|USEU BRUSSELS", "PREL|USEU BRUSSELS"},
	{"person fix", "TAGS: OVIP BUSH GEORGE PREL", "OVIP|BUSH GEORGE|PREL", "OVIP|BUSH, GEORGE W.|PREL"},
	{"person in parens", "Tags: ovip (steinberg, james b.), prel", "OVIP|STEINBERG, JAMES B.|PREL", "OVIP|STEINBERG, JAMES B.|PREL"},
	{"typo", "TAGS PTER MARR, MOPPS", "PTER|MARR|MOPPS", "PTER|MARR|MOPS"},
	{"geo RU", "TAGS: PREL RU", "PREL|RU", "PREL|RS"},
	{"glued geo end", "TAGS: KCRM PHUMBA", "KCRM|PHUMBA", "KCRM|PHUM|BA"},
	{"glued geo start", "TAGS: VT, VTPREL", "VT|VTPREL", "VT|PREL"},
	{"glued many", "TAGS: ETRDEINVECINPGOVCS", "ETRDEINVECINPGOVCS", "ETRD|EINV|ECIN|PGOV|CS"},
	{"glued org", "TAGS: NATOPREL", "NATOPREL", "NATO|PREL"},
	{"polmil", "TAGS: POLMIL", "POLMIL", "POL|MIL"},
	{"sipdis dropped", "TAGS: ECON CA SIPDIS", "ECON|CA|SIPDIS", "ECON|CA"},
	{"unknown kept", "TAGS: PREL GOV AVERY LABOR", "PREL|GOV|AVERY|LABOR", "PREL|GOV|AVERY|LABOR"},
	{"label in a note loses", "ADDED TAGS, AND CLASS BY\nE.O. 12958: N/A\nTAGS: PGOV GG", "PGOV|GG", "PGOV|GG"},
	{"unlabelled line after E.O.", "E.O. 12958: N/A\nEFIN, ECON, EINV, PGOV, CH\nSUBJECT: X", "EFIN|ECON|EINV|PGOV|CH", "EFIN|ECON|EINV|PGOV|CH"},
	{"no unlabelled prose", "E.O. 12958: N/A\nSTATE FOR EAP AND EEB\nSUBJECT: X", "", ""},
	{"second TAGS kept", "TAGS: EAID, BA, TAGS: EFIN", "EAID|BA|TAGS|EFIN", "EAID|BA|TAGS|EFIN"},
}

func TestParseTags(t *testing.T) {
	for _, tt := range tagTests {
		raw, cor := parseTags(tt.in)
		if got := strings.Join(raw, "|"); got != tt.raw {
			t.Errorf("%s: parseTags(%q) raw = %q, want %q", tt.rule, tt.in, got, tt.raw)
		}
		if got := strings.Join(cor, "|"); got != tt.corrected {
			t.Errorf("%s: parseTags(%q) corrected = %q, want %q", tt.rule, tt.in, got, tt.corrected)
		}
	}
}

// TestTagVocabulary needs only the embedded data.
func TestTagVocabulary(t *testing.T) {
	tests := []struct {
		code, kind, category string
		meaning              bool
	}{
		{"PGOV", "subject", "political", true},
		{"pgov", "subject", "political", true},
		{"KIPR", "program", "program", false},
		{"KWWW", "program", "", false},
		{"RS", "geographic", "country/territory", true},
		{"NATO", "organization", "", true},
		{"OBAMA, BARACK", "person", "", false},
		{"QQ", "geographic", "", false},
		{"UNKNOWN", "unknown", "", false},
		{"AVERY", "unknown", "", false},
	}
	for _, tt := range tests {
		tag := LookupTag(tt.code)
		if tag.Kind != tt.kind || tag.Category != tt.category || (tag.Meaning != "") != tt.meaning {
			t.Errorf("LookupTag(%q) = %+v, want kind %q category %q meaning %v", tt.code, tag, tt.kind, tt.category, tt.meaning)
		}
		if k := TagKind(tt.code); k != tt.kind {
			t.Errorf("TagKind(%q) = %q, want %q", tt.code, k, tt.kind)
		}
	}
	loadTags()
	if len(tagVocab) < 1400 {
		t.Errorf("vocabulary has %d codes, want >= 1400", len(tagVocab))
	}
}

// TestCorrectedTagsHaveKinds: every corrected tag of the table gets a kind.
func TestCorrectedTagsHaveKinds(t *testing.T) {
	valid := map[string]bool{"subject": true, "program": true, "geographic": true, "organization": true, "person": true, "unknown": true}
	for _, tt := range tagTests {
		_, cor := parseTags(tt.in)
		for _, c := range cor {
			if k := LookupTag(c).Kind; !valid[k] {
				t.Errorf("LookupTag(%q).Kind = %q", c, k)
			}
		}
	}
}

func BenchmarkParseTags(b *testing.B) {
	text := "SIPDIS\n\nE.O. 12958: DECL: 02/05/2019\nTAGS: OVIP CLINTON HILLARY PREL KPAL FR IR RS\nNATO, UK, CN, PHUMBA\nSUBJECT: (U) Secretary's meeting\n"
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		parseTags(text)
	}
}

// TestCorpusTagsAndRefs runs the TAGS and REF parsers over the bodies of
// the real HTML cables (../shared/corpus/html): nearly every cable has
// TAGS, every corrected tag has a kind, and no parse takes long.
func TestCorpusTagsAndRefs(t *testing.T) {
	dir := testcorpus.Path(t, "html")
	files, err := filepath.Glob(filepath.Join(dir, "*.html"))
	if err != nil || len(files) == 0 {
		t.Skip("no html cables")
	}
	preRe := regexp.MustCompile(`(?s)<pre>(.*?)</pre>`)
	markup := regexp.MustCompile(`<[^>]*>`)
	noTags, refs, unknown, tags := 0, 0, 0, 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		m := preRe.FindAllStringSubmatch(string(data), -1)
		if len(m) == 0 {
			continue
		}
		body := strings.ReplaceAll(m[len(m)-1][1], "&#x000A;", "\n")
		body = html.UnescapeString(markup.ReplaceAllString(body, ""))
		if len(body) > 3000 {
			body = body[:3000]
		}
		id := strings.TrimSuffix(filepath.Base(f), ".html")
		yy, _, _, _ := SplitID(CanonicalID(id))
		ids, _ := parseReferences(body, expandYear(yy), id)
		refs += len(ids)
		_, cor := parseTags(body)
		if len(cor) == 0 {
			noTags++
		}
		for _, c := range cor {
			tags++
			if TagKind(c) == "unknown" {
				unknown++
			}
		}
	}
	t.Logf("%d cables: %d without tags, %d tags (%d unknown kind), %d cited cables", len(files), noTags, tags, unknown, refs)
	if noTags*100 > len(files) {
		t.Errorf("%d of %d cables without tags", noTags, len(files))
	}
	if unknown*50 > tags {
		t.Errorf("%d of %d tags of unknown kind", unknown, tags)
	}
}
