package server

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/cablesearch/cablesearch"
	"github.com/cablesearch/cablesearch/query"
)

// cablePage is the data of cable.html.
type cablePage struct {
	Title        string
	Q            string
	C            *cablesearch.Cable
	Tags         []tagView
	Refs         []refView
	CitedBy      []refView
	CitesURL     string
	WikiLeaksURL string
	Paragraphs   []paraView
}

type tagView struct {
	Code, Meaning, URL string
}

// refView is a cited or citing cable; URL is empty when the cable is not
// in the index.
type refView struct {
	ID  string
	URL string
}

type paraView struct {
	N       int
	Anchor  string // p12
	Marking string
	Text    string
}

// pageCable renders GET /cable/ID: the cable with ¶ anchors (#p12), its
// references (those not in the index marked) and the cables citing it.
// Any citation form of ID redirects to the canonical one.
func (s *server) pageCable(w http.ResponseWriter, r *http.Request) {
	ref := r.PathValue("id")
	v, err := s.lookup(r.Context(), ref)
	if err != nil {
		code, msg := errorStatus(err, s.opts.Timeout)
		if code == http.StatusNotFound {
			msg = "No cable " + ref + " in this index."
		} else if code >= 500 && !errors.Is(err, context.Canceled) {
			s.opts.Log.Printf("server: %s: %v", r.URL.RequestURI(), err)
		}
		s.render(w, code, "error", errorPage{Title: http.StatusText(code), Status: code, Message: msg})
		return
	}
	c := v.Cable
	if c.ID != ref {
		http.Redirect(w, r, "/cable/"+url.PathEscape(c.ID), http.StatusFound)
		return
	}
	p := cablePage{Title: c.ID + " · cablesearch", C: c,
		CitesURL:     pageState{Q: "cites:" + c.ID}.URL(),
		WikiLeaksURL: query.Permalink(c.ID, c.Created, 0)}
	if c.Subject != "" {
		p.Title = c.ID + ": " + c.Subject + " · cablesearch"
	}
	for _, t := range c.Tags {
		p.Tags = append(p.Tags, tagView{Code: t, Meaning: cablesearch.LookupTag(t).Meaning,
			URL: pageState{Filters: map[string][]string{query.FacetTags: {t}}}.URL()})
	}
	for _, id := range c.References {
		rv := refView{ID: id}
		if v.ReferencesInIndex[id] {
			rv.URL = "/cable/" + url.PathEscape(id)
		}
		p.Refs = append(p.Refs, rv)
	}
	for _, id := range v.CitedBy {
		p.CitedBy = append(p.CitedBy, refView{ID: id, URL: "/cable/" + url.PathEscape(id)})
	}
	for _, para := range c.Paragraphs {
		p.Paragraphs = append(p.Paragraphs, paraView{N: para.N, Anchor: "p" + strconv.Itoa(para.N),
			Marking: para.Marking, Text: strings.TrimRight(para.Text, " \n")})
	}
	s.render(w, http.StatusOK, "cable", p)
}
