package synthetic

// municipality generates municipality i whole: its organisations and
// decisions, its companies, the people in its posts, and its steering
// lines, in the order the references between them allow.
func (g *generator) municipality(i int) {
	m := g.newMuni(i)
	g.structure(m)
	g.documents(m)
	g.companies(m)
	g.staff(m)
	g.politics(m)
	g.lines(m)
	g.forums(m)
	g.munis = append(g.munis, m)
}

// forums creates the förvaltningschefsgrupp, which the city manager chairs
// and the coordinated förvaltningschefer sit in, and, where there is a
// holding company, the koncernledningsgrupp of the city manager and the
// CEOs of the holding company and its subsidiaries. Their seats are held
// by whoever holds the posts they stand for.
func (g *generator) forums(m *muni) {
	heads := forum{chair: m.cityManager}
	for _, c := range m.committees {
		if c.spec.Coordinated {
			heads.members = append(heads.members, c.head)
		}
	}
	g.forum(m, "Förvaltningschefsgruppen", heads)
	if len(m.companies) == 0 || !m.companies[0].holding {
		return
	}
	group := forum{chair: m.cityManager}
	for _, c := range m.companies {
		if c.holding || c.parent.holding {
			group.members = append(group.members, c.ceo)
		}
	}
	g.forum(m, "Koncernledningsgruppen", group)
}

func (g *generator) forum(m *muni, name string, f forum) {
	f.org = g.addOrg(orgSpec{kind: "forum", name: name, parent: &m.office, period: open(windowStart)})
	g.mirror(f.org, "Ordförande ("+f.chair.title+")", "chair", f.chair)
	for _, h := range f.members {
		g.mirror(f.org, "Ledamot ("+h.title+", "+h.org.name+")", "member", h)
	}
	m.forums = append(m.forums, f)
}

// mirror creates a forum seat for as long as the post it stands for
// exists, held by that post's holders.
func (g *generator) mirror(forum ref, title, role string, h *head) {
	p, _ := clip(h.post.period, forum.period)
	seat := g.addPost(forum, title, role, false, p)
	for _, t := range h.tenures {
		if tp, ok := clip(t.period, p); ok {
			g.assign(t.person, seat, tp, nil)
		}
	}
}
