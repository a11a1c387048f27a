package cablesearch

import "testing"

func TestPortionMarking(t *testing.T) {
	tests := []struct {
		in, marking, rest string
		entire, ok        bool
	}{
		{"(C) The minister", "C", "The minister", false, true},
		{"(S//NF) Text", "S/NF", "Text", false, true},
		{"(SBU) Text", "SBU", "Text", false, true},
		{"(C - ENTIRE TEXT) Text", "C", "Text", true, true},
		{"C) Text", "C", "Text", false, true},
		{"(u) Lower-case marking", "U", "Lower-case marking", false, true},
		{"(sbu) Text", "SBU", "Text", false, true},
		{"(s/nf) Text", "S/NF", "Text", false, true},
		{"(a) list item", "", "(a) list item", false, false},
		{"(Reuters) said", "", "(Reuters) said", false, false},
		{"The minister", "", "The minister", false, false},
	}
	for _, tt := range tests {
		m, rest, entire, ok := portionMarking(tt.in)
		if m != tt.marking || rest != tt.rest || entire != tt.entire || ok != tt.ok {
			t.Errorf("portionMarking(%q) = %q, %q, %v, %v; want %q, %q, %v, %v", tt.in, m, rest, entire, ok, tt.marking, tt.rest, tt.entire, tt.ok)
		}
	}
}
