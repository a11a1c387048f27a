package cablesearch

import (
	"slices"
	"testing"
)

func TestExtractSubject(t *testing.T) {
	tests := []struct{ in, want string }{
		{"SUBJECT: ONE LINE\n\nREF: A", "ONE LINE"},
		{"SUBJ: SHORT LABEL\n", "SHORT LABEL"},
		{"UBJECT: FIRST LETTER LOST REF: A. X 1", "FIRST LETTER LOST"},
		{"SUBJECT: (C/NF) MARKED (C)\n", "MARKED"},
		{"SUBJECT: THE US- \nLATIN TIES\n\n", "THE US-LATIN TIES"},
		{"SUBJECT: ENTITY &#8217; X\n", "ENTITY ’ X"},
		{"SUBJECT: RUNS INTO CAIROClassified By: X", "RUNS INTO CAIRO"},
		{"SUBJECT: PAGE BREAK\nMOSCOW 00000521  002 OF 004\n", "PAGE BREAK"},
		{"SUBJECT: TWO \\\nLINES \\\n \\\n", "TWO LINES"},
		{"SUBJECT:\n\nNEXT LINE\n1. (U) text", "NEXT LINE"},
		{"TAGS: PREL\n\n", ""},
	}
	for _, tt := range tests {
		if got := extractSubject(tt.in, true); got != tt.want {
			t.Errorf("extractSubject(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestClassifiedBy(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Classified By: Acting Deputy Chief of Mission Marc Wall for Reasons 1.4\n (b) and (d)", []string{"Marc Wall"}},
		{"1.  (U) CLASSIFIED BY THOMAS W. SIMONS, JR., AMBASSADOR.\nREASON:  1.5 (B), (C) AND (D).", []string{"THOMAS W. SIMONS, JR."}},
		{"Classified By: Charge d'Affaires a.i. Christopher W. Webster, \nreason 1.4 (b) and (d)", []string{"Christopher W. Webster"}},
		{"CLASSIFIED BY SECTION 1.5 (B) AND (D).", nil},
		{"E.O. 12958: DECL: DECLASSIFIED BY NARA 09/02/2009", nil},
		{"CLASSIFIED BY AF KARL WYCOFF, ACTING AND S/CT DAS SHARI \nVILLAROSA ; E.O. 12958 REASON: 1.4 (B) AND (D)", []string{"KARL WYCOFF", "SHARI VILLAROSA"}},
		{"Classified By: A/DCM Daniel O,Grady for reason 1.4(d).", []string{"Daniel O'Grady"}},
	}
	for _, tt := range tests {
		if got := classifiedBy(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("classifiedBy(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	norm := []struct{ in, want string }{
		{"LEE 0. COLDREN", "Lee O. Coldren"},
		{"THOMAS W. SIMONS, JR.", "Thomas W. Simons, Jr."},
		{"Richard L. Baltimore, III", "Richard L. Baltimore, III"},
		{"JOHN L. WITHERS II", "John L. Withers II"},
	}
	for _, tt := range norm {
		if got := normalizeName(tt.in); got != tt.want {
			t.Errorf("normalizeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestReasons(t *testing.T) {
	tests := []struct{ in, sec, reasons string }{
		{"Classified By: X Y for reasons 1.4 (b) and (d)", "1.4", "b,d"},
		{"CLASSIFIED BY X Y, REASON 1.5.D.", "1.5", "d"},
		{"Classified By: X Y, reasons 1.4 (b,d,e)", "1.4", "b,d,e"},
		{"Classified By: X Y", "", ""},
	}
	for _, tt := range tests {
		sec, rs := parseReasons(tt.in)
		if sec != tt.sec || joinComma(rs) != tt.reasons {
			t.Errorf("parseReasons(%q) = %q %q, want %q %q", tt.in, sec, rs, tt.sec, tt.reasons)
		}
	}
}

func joinComma(s []string) string {
	out := ""
	for i, x := range s {
		if i > 0 {
			out += ","
		}
		out += x
	}
	return out
}

func TestSigners(t *testing.T) {
	tests := []struct {
		in   string
		c14n bool
		want []string
	}{
		{"TEXT.\n\nBURNS\n", true, []string{"BURNS"}},
		{"TEXT.\nSTEIGMAN\nCONFIDENTIAL\n", false, []string{"STEIGMAN"}},
		{"END COMMENT.\nPETERSON\n\nNOTE: NOT PASSED TO ABOVE ADDRESSEE(S)\n\n   CONFIDENTIAL", false, []string{"PETERSON"}},
		{"sharing on operational matters.\n\nMurphy", true, []string{"MURPHY"}},
		{"MINIMIZE CONSIDERED.  EAGLETON\n", false, []string{"EAGLETON"}},
		{"TEXT\nYAVANOVITCH\n", true, []string{"YOVANOVITCH"}},
		{"TEXT\nYAVANOVITCH\n", false, []string{"YAVANOVITCH"}},
		{"The monthly inflation rate was 5.6 percent. The", true, nil},
		{"GILLESPIE##\n", false, []string{"GILLESPIE"}},
	}
	for _, tt := range tests {
		if got := findSigners(tt.in, tt.c14n); !slices.Equal(got, tt.want) {
			t.Errorf("findSigners(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSummaryComment(t *testing.T) {
	tests := []struct{ in, summary, comment string }{
		{"1. (C) Summary: Short. End Summary.\n2. (C) Comment: We think. End Comment.", "Short.", "We think."},
		{"SUMMARY\n-------\n\n1. (C) Text [...].\nEnd Summary.", "Text [...].", ""},
		{"1. (C) The start. END SUMMARY.", "The start.", ""},
		{"1.(C) Summary: The GOB [...]. -------- Training --------\n\n2.(U) x", "The GOB [...].", ""},
		{"nothing here", "", ""},
	}
	for _, tt := range tests {
		if got := findSummary(tt.in); got != tt.summary {
			t.Errorf("findSummary(%q) = %q, want %q", tt.in, got, tt.summary)
		}
		if got := findComment(tt.in); got != tt.comment {
			t.Errorf("findComment(%q) = %q, want %q", tt.in, got, tt.comment)
		}
	}
}

func TestTitlefyClean(t *testing.T) {
	tests := []struct{ in, want string }{
		{"BACK TO THE FUTURE? QADHAFI IN GPC SPEECH", "Back to the Future? Qadhafi in GPC Speech"},
		{"THE NEW GERMAN CABINET - AN OVERVIEW", "The New German Cabinet - An Overview"},
		{"63RD UN GENERAL ASSEMBLY", "63rd UN General Assembly"},
		{"COTE D'IVOIRE: UK ON ELECTIONS", "Cote D'Ivoire: UK on Elections"},
		{"Scenesetter for DoD Visit", "Scenesetter for DoD Visit"},
	}
	for _, tt := range tests {
		if got := titlefy(tt.in); got != tt.want {
			t.Errorf("titlefy(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	clean := []struct{ in, want string }{
		{"1. (C) Content 1\n2. SBU) Content 2\n", "Content 1\nContent 2\n"},
		{"gentlexxx", "gentle"},
		{"a\n-------\nb", "a\n\nb"},
	}
	for _, tt := range clean {
		if got := cleanContent(tt.in); got != tt.want {
			t.Errorf("cleanContent(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
