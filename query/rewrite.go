package query

// Map rebuilds q bottom-up: the children of And, Or and Not are mapped
// first, then f is applied to the rebuilt node. Map never modifies q.
func Map(q Q, f func(Q) Q) Q {
	switch n := q.(type) {
	case *And:
		return f(&And{Children: mapAll(n.Children, f)})
	case *Or:
		return f(&Or{Children: mapAll(n.Children, f)})
	case *Not:
		return f(&Not{Child: Map(n.Child, f)})
	}
	return f(q)
}

func mapAll(qs []Q, f func(Q) Q) []Q {
	out := make([]Q, len(qs))
	for i, c := range qs {
		out[i] = Map(c, f)
	}
	return out
}

// Simplify returns an equivalent, smaller query: nested And in And and Or
// in Or are flattened, duplicate children dropped, double negation
// removed, MatchAll dropped from And (and absorbing an Or), date ranges on
// the same field in one And intersected, and single-child And/Or replaced
// by the child. It does not modify q. An empty intersection stays a
// DateRange that matches nothing (its String is a reversed range, which
// Parse rejects).
func Simplify(q Q) Q {
	return Map(q, simplifyNode)
}

func simplifyNode(q Q) Q {
	switch n := q.(type) {
	case *Not:
		if inner, ok := n.Child.(*Not); ok {
			return inner.Child
		}
		return n
	case *And:
		var kids []Q
		seen := map[string]bool{}
		ranges := map[string]*DateRange{}
		var add func(c Q)
		add = func(c Q) {
			switch c := c.(type) {
			case *And:
				for _, cc := range c.Children {
					add(cc)
				}
				return
			case *MatchAll:
				return
			case *DateRange:
				if r := ranges[c.Field]; r != nil {
					if c.Start.After(r.Start) {
						r.Start = c.Start
					}
					if !c.End.IsZero() && (r.End.IsZero() || c.End.Before(r.End)) {
						r.End = c.End
					}
					return
				}
				r := *c
				ranges[c.Field] = &r
				kids = append(kids, &r)
				return
			}
			if s := c.String(); !seen[s] {
				seen[s] = true
				kids = append(kids, c)
			}
		}
		for _, c := range n.Children {
			add(c)
		}
		switch len(kids) {
		case 0:
			return &MatchAll{}
		case 1:
			return kids[0]
		}
		return &And{Children: kids}
	case *Or:
		var kids []Q
		seen := map[string]bool{}
		var add func(c Q) bool
		add = func(c Q) bool {
			switch c := c.(type) {
			case *Or:
				for _, cc := range c.Children {
					if add(cc) {
						return true
					}
				}
				return false
			case *MatchAll:
				return true
			}
			if s := c.String(); !seen[s] {
				seen[s] = true
				kids = append(kids, c)
			}
			return false
		}
		for _, c := range n.Children {
			if add(c) {
				return &MatchAll{}
			}
		}
		if len(kids) == 1 {
			return kids[0]
		}
		return &Or{Children: kids}
	}
	return q
}
