package server

import (
	"html/template"
	"testing"
)

// TestSafeSnippet feeds safeSnippet what a query snippet is (escaped text
// with <mark>s) and what it must never let through.
func TestSafeSnippet(t *testing.T) {
	tests := []struct {
		in   string
		want template.HTML
	}{
		{"plain text", "plain text"},
		{"the <mark>gas</mark> deal", "the <mark>gas</mark> deal"},
		{"a &lt;b&gt; &amp; &#39;c&#39; &#34;d&#34;", "a &lt;b&gt; &amp; &#39;c&#39; &#34;d&#34;"},
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"<mark><script>x</script></mark>", "<mark>&lt;script&gt;x&lt;/script&gt;</mark>"},
		{"<MARK>x</MARK>", "&lt;MARK&gt;x&lt;/MARK&gt;"},
		{"<mark onclick=x>y</mark>", "&lt;mark onclick=x&gt;y"},
		{"<mark>open", "<mark>open</mark>"},
		{"</mark>close", "close"},
		{"<mark><mark>twice</mark></mark>", "<mark>twice</mark>"},
		{"&lt;mark&gt;escaped&lt;/mark&gt;", "&lt;mark&gt;escaped&lt;/mark&gt;"},
		{"<", "&lt;"},
		{"a < b <mark>c</mark> > d", "a &lt; b <mark>c</mark> &gt; d"},
		{"<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"},
		{"…cut <mark>here</mark>…", "…cut <mark>here</mark>…"},
	}
	for _, tt := range tests {
		if got := safeSnippet(tt.in); got != tt.want {
			t.Errorf("safeSnippet(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzSafeSnippet checks that whatever the input, the output has no
// markup but <mark> and </mark>, balanced.
func FuzzSafeSnippet(f *testing.F) {
	for _, s := range []string{"a <mark>b</mark> c", "<script>", "<mark><mark>", "&lt;", "</mark><"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := string(safeSnippet(s))
		depth := 0
		for i := 0; i < len(out); i++ {
			switch {
			case out[i] == '>' && !(i >= 5 && out[i-5:i+1] == "<mark>") && !(i >= 6 && out[i-6:i+1] == "</mark>"):
				t.Fatalf("safeSnippet(%q) = %q: stray '>'", s, out)
			case out[i] != '<':
			case len(out) >= i+6 && out[i:i+6] == "<mark>":
				depth++
			case len(out) >= i+7 && out[i:i+7] == "</mark>":
				depth--
			default:
				t.Fatalf("safeSnippet(%q) = %q: markup other than <mark>", s, out)
			}
			if depth < 0 || depth > 1 {
				t.Fatalf("safeSnippet(%q) = %q: unbalanced marks", s, out)
			}
		}
		if depth != 0 {
			t.Fatalf("safeSnippet(%q) = %q: unclosed mark", s, out)
		}
	})
}
