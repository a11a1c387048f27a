package query_test

import (
	"context"
	"encoding/json"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/index"
	"github.com/cablesearch/cablesearch/query"
)

func TestLookupCable(t *testing.T) {
	ix := openFixture(t)
	ctx := context.Background()
	tests := []struct {
		ref, want string // want: the ID, or "ERR:" and a sentinel name
	}{
		{"09MOSCOW521", "09MOSCOW521"},
		{"09moscow521", "09MOSCOW521"},
		{"09 MOSCOW 521", "09MOSCOW521"},
		{"2009 MOSCOW 521", "09MOSCOW521"},
		{"  09 MOSCOW   521 ", "09MOSCOW521"},
		{"MOSCOW 00000521", "09MOSCOW521"},
		{"09MOSCOW000521", "09MOSCOW521"},
		{"08 MOSCOW 3060", "08MOSCOW3060"},
		{"07STATE5", "07STATE5"},
		{"09MOSCOW522", "ERR:notfound"},
		{"", "ERR:notfound"},
		{"hello world", "ERR:notfound"},
		{strings.Repeat("x", 300), "ERR:notfound"},
	}
	for _, tt := range tests {
		v, err := query.LookupCable(ctx, ix, tt.ref)
		got := ""
		switch {
		case errors.Is(err, query.ErrNotFound):
			got = "ERR:notfound"
		case errors.Is(err, query.ErrAmbiguous):
			got = "ERR:ambiguous"
		case err != nil:
			got = "ERR:" + err.Error()
		default:
			got = v.ID
		}
		if got != tt.want {
			t.Errorf("LookupCable(%q) = %s (%v), want %s", tt.ref, got, err, tt.want)
		}
	}
}

func TestLookupCableNeighbours(t *testing.T) {
	ix := openFixture(t)
	v, err := query.LookupCable(context.Background(), ix, "09MOSCOW521")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(v.CitedBy, " "); got != "09PARIS100" {
		t.Errorf("CitedBy = %q, want 09PARIS100", got)
	}
	if !v.ReferencesInIndex["08MOSCOW3060"] || len(v.ReferencesInIndex) != 1 {
		t.Errorf("ReferencesInIndex = %v, want map[08MOSCOW3060:true]", v.ReferencesInIndex)
	}
	if len(v.Paragraphs) != 3 || v.Paragraphs[2].N != 3 || v.Paragraphs[2].Marking != "S/NF" {
		t.Errorf("Paragraphs = %+v", v.Paragraphs)
	}
	// The JSON form is the cable's plus cited_by.
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"id", "raw_id", "created", "released", "classification", "origin", "subject", "tags", "references", "paragraphs", "cited_by", "references_in_index"} {
		if _, ok := m[k]; !ok {
			t.Errorf("show JSON has no %q: %s", k, b)
		}
	}
	// A cable nobody cites has an empty list, not null.
	v, err = query.LookupCable(context.Background(), ix, "07STATE5")
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(v); !strings.Contains(string(b), `"cited_by":[]`) {
		t.Errorf("uncited cable JSON: %s", b)
	}
}

func TestLookupCableAmbiguous(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "idx")
	mk := func(id string) *cablesearch.Cable {
		return &cablesearch.Cable{ID: id, RawID: id, Subject: id, Paragraphs: []cablesearch.Paragraph{{N: 1, Text: "text"}}}
	}
	cables := func(yield func(*cablesearch.Cable, error) bool) {
		for _, id := range []string{"08MOSCOW521", "09MOSCOW521"} {
			if !yield(mk(id), nil) {
				return
			}
		}
	}
	if _, err := index.BuildCables(context.Background(), dir, index.BuildOptions{}, cables); err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	_, err = query.LookupCable(context.Background(), ix, "MOSCOW 00000521")
	if !errors.Is(err, query.ErrAmbiguous) || !strings.Contains(err.Error(), "08MOSCOW521, 09MOSCOW521") {
		t.Errorf("LookupCable(MOSCOW 00000521) = %v, want ErrAmbiguous naming both", err)
	}
	if v, err := query.LookupCable(context.Background(), ix, "08 MOSCOW 521"); err != nil || v.ID != "08MOSCOW521" {
		t.Errorf("LookupCable(08 MOSCOW 521) = %v, %v", v, err)
	}
}
