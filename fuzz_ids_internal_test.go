package cablesearch

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Fuzz tests for the ID, REF and TAGS parsers: they must never panic,
// and what they return must be well formed.

func FuzzCanonicalID(f *testing.F) {
	for _, tt := range canonicalIDTests {
		f.Add(tt.in)
	}
	f.Add("09 MOSCOW 521")
	f.Add("(99) ROME 2196")
	f.Fuzz(func(t *testing.T, s string) {
		id := CanonicalID(s)
		if yy, st, serial, ok := SplitID(id); ok {
			if yy < 0 || yy > 99 || st == "" || serial == "" {
				t.Fatalf("SplitID(CanonicalID(%q)) = %d %q %q", s, yy, st, serial)
			}
			// canonical IDs are stable
			if again := CanonicalID(id); again != id && ValidStation(st) {
				t.Fatalf("CanonicalID not idempotent: %q -> %q -> %q", s, id, again)
			}
		}
		if c, ok := ParseCitation(s, 2009); ok {
			if _, st, _, ok := SplitID(c); !ok || !ValidStation(st) {
				t.Fatalf("ParseCitation(%q) = %q: not a valid ID", s, c)
			}
		}
		CanonicalStation(s)
	})
}

func FuzzParseReferences(f *testing.F) {
	for _, tt := range refTests {
		f.Add(tt.in, tt.year, tt.self)
	}
	f.Fuzz(func(t *testing.T, s string, year int, self string) {
		ids, others := parseReferences(s, year, self)
		for _, id := range ids {
			if _, st, _, ok := SplitID(id); !ok || !ValidStation(st) {
				t.Fatalf("parseReferences(%q) cites %q", s, id)
			}
		}
		for _, r := range others {
			if r.Kind == "cable" || r.Value == "" {
				t.Fatalf("parseReferences(%q) other %+v", s, r)
			}
			if utf8.ValidString(s) && !utf8.ValidString(r.Value) {
				t.Fatalf("parseReferences(%q) other value %q not UTF-8", s, r.Value)
			}
		}
	})
}

func FuzzParseTags(f *testing.F) {
	for _, tt := range tagTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		raw, cor := parseTags(s)
		seen := map[string]bool{}
		for _, c := range cor {
			if c == "" || seen[c] {
				t.Fatalf("parseTags(%q) corrected %q: empty or duplicate %q", s, cor, c)
			}
			seen[c] = true
			LookupTag(c)
		}
		for _, r := range raw {
			if strings.TrimSpace(r) == "" {
				t.Fatalf("parseTags(%q) raw %q has an empty tag", s, raw)
			}
		}
	})
}
