package main

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestShowText(t *testing.T) {
	dir := sampleIndex(t)
	for _, ref := range []string{"85BEIRUT1013", "85 BEIRUT 1013", "1985 BEIRUT 1013", "BEIRUT 00001013", "85beirut1013"} {
		stdout, stderr, code := runCLI(t, "show", "--index", dir, ref)
		if code != 0 {
			t.Fatalf("show %q: exit %d, stderr:\n%s", ref, code, stderr)
		}
		for _, want := range []string{
			"85BEIRUT1013  1985-02-19 12:37  UNCLASSIFIED  Embassy Beirut\n",
			"subject: FURTHER ON HIZBALLAH \"MANIFESTO\"\n",
			"  PTER     subject, Terrorists and Terrorism\n",
			"  LE       geographic, Lebanon\n",
			"  85BEIRUT992 (in index)\n",
			"¶1 AS REPORTED REFTEL, HIZBALLAH PUBLISHED ON FEBRUARY 16\n    FOR THE FIRST TIME",
			"¶4 WE WOULD ALSO DRAW",
			"cited by (2): 85BEIRUT1014, 85BEIRUT1351\n",
		} {
			if !strings.Contains(stdout, want) {
				t.Errorf("show %q lacks %q:\n%s", ref, want, stdout)
			}
		}
	}
	stdout, _, _ := runCLI(t, "show", "--index", dir, "08BERLIN643")
	for _, want := range []string{"  08STATE15220 (in index)\n", "  07STATE75839 (not in index)\n", "¶2 (S) On May 13, MFA Export Control", "classified by: Don L. Brown"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("show 08BERLIN643 lacks %q:\n%s", want, stdout)
		}
	}
}

func TestShowJSON(t *testing.T) {
	dir := sampleIndex(t)
	stdout, stderr, code := runCLI(t, "show", "--index", dir, "--json", "08ECTION01OF02MANAMA492", "85 BEIRUT 1013")
	if code != 0 {
		t.Fatalf("exit %d, stderr:\n%s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want one object per cable:\n%s", len(lines), stdout)
	}
	var cables []map[string]json.RawMessage
	for _, l := range lines {
		var m map[string]json.RawMessage
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"id", "raw_id", "created", "released", "classification", "origin", "subject", "tags", "references", "paragraphs", "cited_by"} {
			if _, ok := m[k]; !ok {
				t.Errorf("no %q in %s", k, l[:min(len(l), 200)])
			}
		}
		cables = append(cables, m)
	}
	if string(cables[0]["id"]) != `"08MANAMA492"` || string(cables[0]["cited_by"]) != `[]` {
		t.Errorf("raw variant ID: id %s, cited_by %s", cables[0]["id"], cables[0]["cited_by"])
	}
	if string(cables[1]["cited_by"]) != `["85BEIRUT1014","85BEIRUT1351"]` {
		t.Errorf("cited_by = %s", cables[1]["cited_by"])
	}
	var paras []struct {
		N       int    `json:"n"`
		Marking string `json:"marking"`
		Text    string `json:"text"`
	}
	json.Unmarshal(cables[1]["paragraphs"], &paras)
	if len(paras) != 4 || paras[0].N != 1 || !strings.HasPrefix(paras[0].Text, "AS REPORTED REFTEL") {
		t.Errorf("paragraphs = %+v", paras)
	}
}

func TestShowErrors(t *testing.T) {
	dir := sampleIndex(t)
	stdout, stderr, code := runCLI(t, "show", "--index", dir, "99NOWHERE1", "85BEIRUT992")
	if code != 1 || !strings.Contains(stderr, `show: no cable "99NOWHERE1" in the index`) {
		t.Errorf("unknown ID: exit %d, stderr %q", code, stderr)
	}
	if !strings.Contains(stdout, "85BEIRUT992  ") {
		t.Errorf("the known cable is still shown:\n%s", stdout)
	}
	_, stderr, code = runCLI(t, "show", "--index", dir)
	if code != 2 || !strings.Contains(stderr, "show: no ID given") {
		t.Errorf("no ID: exit %d, %q", code, stderr)
	}
}
