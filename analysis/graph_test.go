package analysis_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
)

// This file holds a small builder of hand-made graphs for the rule tests.
// Every record is named by a short key; its uuid is derived from the key,
// so runs are reproducible and a failing test can name records by key.
// Organisations are named by their key and posts titled by theirs, so a
// post "head" in organisation "admin" is called "admin / head".

var testNamespace = uuid.MustParse("6f1c2a4e-0b7d-4e43-9a55-2d3c1e0f9a10")

// period reads two dates; an empty to means an open period.
func period(from, to string) koncern.Period {
	p := koncern.Period{From: koncern.MustDate(from)}
	if to != "" {
		d := koncern.MustDate(to)
		p.To = &d
	}
	return p
}

// periodString writes a period the way the tests expect it:
// "2003-03-01..2003-06-30", or "2003-03-01.." when open.
func periodString(p koncern.Period) string {
	s := p.From.String() + ".."
	if p.To != nil {
		s += p.To.String()
	}
	return s
}

type graph struct {
	t       testing.TB
	data    analysis.Data
	ids     map[string]uuid.UUID
	keys    map[uuid.UUID]string
	types   map[string]string // key → org, post, person, assignment, stake, line, doc
	munis   map[string]*uuid.UUID
	periods map[uuid.UUID]koncern.Period
}

func newGraph(t testing.TB) *graph {
	return &graph{t: t, ids: map[string]uuid.UUID{}, keys: map[uuid.UUID]string{}, types: map[string]string{},
		munis: map[string]*uuid.UUID{}, periods: map[uuid.UUID]koncern.Period{}}
}

func (g *graph) add(key, typ string, p koncern.Period) koncern.Meta {
	g.t.Helper()
	if _, dup := g.ids[key]; dup {
		g.t.Fatalf("builder: key %q used twice", key)
	}
	id := uuid.NewSHA1(testNamespace, []byte(key))
	g.ids[key], g.keys[id], g.types[key], g.periods[id] = id, key, typ, p
	return koncern.Meta{ID: id, Version: 1}
}

// id returns the uuid of a record by key.
func (g *graph) id(key string) uuid.UUID {
	g.t.Helper()
	id, ok := g.ids[key]
	if !ok {
		g.t.Fatalf("builder: no record %q", key)
	}
	return id
}

func (g *graph) idp(key string) *uuid.UUID {
	g.t.Helper()
	id := g.id(key)
	return &id
}

func (g *graph) want(key, typ string) {
	g.t.Helper()
	if got := g.types[key]; got != typ {
		g.t.Fatalf("builder: %q is a %q, not a %s", key, got, typ)
	}
}

// org adds an organisation. Like the registry, a municipality is its own
// group's root and everything else inherits the group of its parent; a
// company without parent stands outside every group.
func (g *graph) org(key, kind, parent, from, to string) {
	g.t.Helper()
	p := period(from, to)
	var parentID, muni *uuid.UUID
	if parent != "" {
		g.want(parent, "org")
		parentID, muni = g.idp(parent), g.munis[parent]
	}
	meta := g.add(key, "org", p)
	if kind == "municipality" {
		muni = &meta.ID
	}
	g.munis[key] = muni
	g.data.Organizations = append(g.data.Organizations, koncern.Organization{
		Meta: meta, MunicipalityID: muni,
		OrganizationInput: koncern.OrganizationInput{Kind: kind, Name: key, ParentID: parentID, Period: p},
	})
}

// company adds a company with its totals of shares and votes (0 leaves a
// total unknown); parent "" makes it an external company.
func (g *graph) company(key, parent string, shares, votes int64, from, to string) {
	g.t.Helper()
	g.org(key, "company", parent, from, to)
	o := &g.data.Organizations[len(g.data.Organizations)-1]
	if shares > 0 {
		o.TotalShares = &shares
	}
	if votes > 0 {
		o.TotalVotes = &votes
	}
}

// capital adds a capital period of company.
func (g *graph) capital(company string, shares, votes int64, from, to string) {
	g.t.Helper()
	g.want(company, "org")
	g.data.Capital = append(g.data.Capital, koncern.ShareCapital{CompanyID: g.id(company), TotalShares: shares, TotalVotes: votes, Period: period(from, to)})
}

// post adds a post titled key in organisation org.
func (g *graph) post(key, org, role string, political bool, from, to string) {
	g.t.Helper()
	g.want(org, "org")
	p := period(from, to)
	g.data.Posts = append(g.data.Posts, koncern.Post{
		Meta: g.add(key, "post", p), MunicipalityID: g.munis[org],
		PostInput: koncern.PostInput{OrganizationID: g.id(org), Title: key, Role: role, Political: political, Period: p},
	})
	g.munis[key] = g.munis[org]
}

// assign adds an assignment of person to post; the person is made on first
// use.
func (g *graph) assign(key, person, post, from, to string) {
	g.t.Helper()
	g.want(post, "post")
	if _, ok := g.ids[person]; !ok {
		p := period("1990-01-01", "")
		g.data.People = append(g.data.People, koncern.Person{Meta: g.add(person, "person", p),
			PersonInput: koncern.PersonInput{Name: person, Period: p}})
	}
	g.want(person, "person")
	p := period(from, to)
	g.data.Assignments = append(g.data.Assignments, koncern.Assignment{
		Meta: g.add(key, "assignment", p), MunicipalityID: g.munis[post],
		AssignmentInput: koncern.AssignmentInput{PersonID: g.id(person), PostID: g.id(post), Period: p},
	})
}

// stake adds an ownership stake.
func (g *graph) stake(key, owner, company string, shares, votes int64, from, to string) {
	g.t.Helper()
	g.want(owner, "org")
	g.want(company, "org")
	p := period(from, to)
	g.data.Stakes = append(g.data.Stakes, koncern.Stake{
		Meta: g.add(key, "stake", p), MunicipalityID: g.munis[company],
		StakeInput: koncern.StakeInput{OwnerID: g.id(owner), CompanyID: g.id(company), Shares: shares, Votes: votes, Period: p},
	})
}

// doc adds a decision document, decided on the day it enters into force.
func (g *graph) doc(key, kind, issuer, from, to string) docRef {
	g.t.Helper()
	g.want(issuer, "org")
	p := period(from, to)
	g.data.Documents = append(g.data.Documents, koncern.Document{
		Meta: g.add(key, "doc", p), MunicipalityID: g.munis[issuer],
		DocumentInput: koncern.DocumentInput{Kind: kind, Title: key, DecidedOn: p.From, IssuerID: g.id(issuer), Period: p},
	})
	return docRef{g, len(g.data.Documents) - 1}
}

// docRef points at a document just added, to give it the fields the rule
// book reads.
type docRef struct {
	g *graph
	i int
}

// covers makes the document cover year and name the organisations.
func (r docRef) covers(year int, subjects ...string) docRef {
	r.g.t.Helper()
	d := &r.g.data.Documents[r.i]
	d.Year = &year
	for _, s := range subjects {
		r.g.want(s, "org")
		d.SubjectIDs = append(d.SubjectIDs, r.g.id(s))
	}
	return r
}

// refers makes the document refer to (adopt, approve, answer) another.
func (r docRef) refers(doc string) docRef {
	r.g.t.Helper()
	r.g.want(doc, "doc")
	r.g.data.Documents[r.i].RefersToID = r.g.idp(doc)
	return r
}

// deadline sets a municipality's review_deadline ("MM-DD").
func (g *graph) deadline(muni, md string) {
	g.t.Helper()
	g.want(muni, "org")
	for i := range g.data.Organizations {
		if o := &g.data.Organizations[i]; o.ID == g.id(muni) {
			o.ReviewDeadline = &md
		}
	}
}

// lineRef points at a line just added, to give it a document or basis.
type lineRef struct {
	g *graph
	i int
}

// line adds a steering line of basis "practice" from a post or organisation
// to a post or organisation.
func (g *graph) line(key, from, to, kind, validFrom, validTo string) lineRef {
	g.t.Helper()
	p := period(validFrom, validTo)
	in := koncern.SteeringLineInput{Kind: kind, Basis: "practice", Period: p}
	switch g.types[from] {
	case "post":
		in.FromPostID = g.idp(from)
	case "org":
		in.FromOrganizationID = g.idp(from)
	default:
		g.t.Fatalf("builder: line %q from %q, neither post nor organisation", key, from)
	}
	switch g.types[to] {
	case "post":
		in.ToPostID = g.idp(to)
	case "org":
		in.ToOrganizationID = g.idp(to)
	default:
		g.t.Fatalf("builder: line %q to %q, neither post nor organisation", key, to)
	}
	g.data.Lines = append(g.data.Lines, koncern.SteeringLine{Meta: g.add(key, "line", p), MunicipalityID: g.munis[to], SteeringLineInput: in})
	return lineRef{g, len(g.data.Lines) - 1}
}

// cite makes the line formal, resting on document doc.
func (r lineRef) cite(doc string) lineRef {
	r.g.t.Helper()
	r.g.want(doc, "doc")
	l := &r.g.data.Lines[r.i]
	l.Basis, l.DocumentID = "formal", r.g.idp(doc)
	return r
}

// basis sets the basis without a document.
func (r lineRef) basis(b string) lineRef {
	r.g.data.Lines[r.i].Basis = b
	return r
}

// snapshot builds a snapshot over the window from..to ("" to: open). Like
// the registry, it hands over the years the annual reviews look back to
// (Data.Past) when the window does not reach them.
func (g *graph) snapshot(from, to string) *analysis.Snapshot {
	d := g.data
	if _, ok := analysis.ReviewReach(period(from, to)); ok {
		past := g.data
		d.Past = &past
	}
	return analysis.NewSnapshot(period(from, to), d)
}

// findings runs one rule over the window.
func (g *graph) findings(rule, from, to string) []analysis.Finding {
	return analysis.Findings(g.snapshot(from, to), analysis.Filter{Rules: []string{rule}})
}

// want describes one expected finding: its subject by key, its detail, its
// periods as "from..to" ("from.." when open) and the keys of its evidence,
// in any order.
type want struct {
	subject  string
	detail   string
	periods  []string
	evidence []string
	// sources, when set, are the finding's citations with their days, as
	// cited writes them.
	sources []string
}

// evidenceType is what a finding's evidence calls each kind of record.
var evidenceType = map[string]string{"org": "organization", "post": "post", "assignment": "assignment", "stake": "stake", "line": "steering_line", "doc": "document"}

var severities = func() map[string]string {
	m := map[string]string{}
	for _, r := range analysis.Rules() {
		m[r.ID] = r.Severity
	}
	return m
}()

// check compares findings with the expected ones, matched by subject and
// detail, and checks that no other finding was made.
func (g *graph) check(t *testing.T, rule string, got []analysis.Finding, wants ...want) {
	t.Helper()
	used := make([]bool, len(got))
	for _, w := range wants {
		subject := g.id(w.subject)
		i := slices.IndexFunc(got, func(f analysis.Finding) bool { return f.Subject.ID == subject && f.Detail == w.detail })
		if i < 0 {
			t.Errorf("%s: no finding for %q (detail %q); got %s", rule, w.subject, w.detail, g.describe(got))
			continue
		}
		used[i] = true
		g.checkOne(t, rule, got[i], w)
	}
	for i, f := range got {
		if !used[i] {
			t.Errorf("%s: unexpected finding %s", rule, g.describe([]analysis.Finding{f}))
		}
	}
}

func (g *graph) checkOne(t *testing.T, rule string, f analysis.Finding, w want) {
	t.Helper()
	name := fmt.Sprintf("%s(%s/%s)", rule, w.subject, w.detail)
	if f.Rule != rule || f.Severity != severities[rule] {
		t.Errorf("%s: rule %q severity %q, want %q %q", name, f.Rule, f.Severity, rule, severities[rule])
	}
	if typ := evidenceType[g.types[w.subject]]; f.Subject.Type != typ || f.Subject.Name == "" {
		t.Errorf("%s: subject %+v, want type %q and a name", name, f.Subject, typ)
	}
	if f.Message == "" {
		t.Errorf("%s: empty message", name)
	}
	var periods []string
	for _, p := range f.Periods {
		periods = append(periods, periodString(p))
	}
	if !slices.Equal(periods, w.periods) {
		t.Errorf("%s: periods %v, want %v", name, periods, w.periods)
	}
	// The spans are the same days as the periods.
	var spans []string
	for _, s := range f.Spans() {
		spans = append(spans, periodString(s.Period()))
	}
	if !slices.Equal(spans, periods) {
		t.Errorf("%s: spans %v differ from periods %v", name, spans, periods)
	}
	var evidence []string
	for _, e := range f.Evidence {
		key, ok := g.keys[e.ID]
		if !ok {
			t.Errorf("%s: evidence %+v names no record", name, e)
			continue
		}
		evidence = append(evidence, key)
		if typ := evidenceType[g.types[key]]; e.Type != typ {
			t.Errorf("%s: evidence %q has type %q, want %q", name, key, e.Type, typ)
		}
		if e.Period.String() != g.periods[e.ID].String() {
			t.Errorf("%s: evidence %q has period %s, want the record's %s", name, key, e.Period, g.periods[e.ID])
		}
		if e.Description == "" {
			t.Errorf("%s: evidence %q has no description", name, key)
		}
	}
	if w.sources != nil && !slices.Equal(cited(f), w.sources) {
		t.Errorf("%s: sources %q, want %q", name, cited(f), w.sources)
	}
	slices.Sort(evidence)
	wantEvidence := slices.Sorted(slices.Values(w.evidence))
	if !slices.Equal(evidence, wantEvidence) {
		t.Errorf("%s: evidence %v, want %v", name, evidence, wantEvidence)
	}
}

func (g *graph) describe(fs []analysis.Finding) string {
	var parts []string
	for _, f := range fs {
		var ps []string
		for _, p := range f.Periods {
			ps = append(ps, periodString(p))
		}
		var ev []string
		for _, e := range f.Evidence {
			ev = append(ev, g.keys[e.ID])
		}
		key := g.keys[f.Subject.ID]
		parts = append(parts, fmt.Sprintf("{%s %q detail=%q periods=%v evidence=%v}", f.Rule, key, f.Detail, ps, ev))
	}
	return "[" + strings.Join(parts, " ") + "]"
}

// checkDaily asserts that the days a rule finds over a closed window are
// exactly the days on which it fires when asked about each day alone: the
// periods are computed, not sampled, but must agree with sampling.
func (g *graph) checkDaily(t *testing.T, rule, from, to string, over []analysis.Finding) {
	t.Helper()
	type subj struct {
		id     uuid.UUID
		detail string
	}
	key := func(f analysis.Finding) subj { return subj{f.Subject.ID, f.Detail} }
	whole := map[subj]analysis.Spans{}
	for _, f := range over {
		whole[key(f)] = whole[key(f)].Union(f.Spans())
	}
	daily := map[subj][]analysis.Span{}
	first, last := analysis.DayOf(koncern.MustDate(from)), analysis.DayOf(koncern.MustDate(to))
	for d := first; d <= last; d++ {
		day := d.Date().String()
		for _, f := range g.findings(rule, day, day) {
			if !slices.Equal(f.Spans(), analysis.Spans{{From: d, To: d}}) {
				t.Errorf("%s on %s alone: spans %v", rule, day, f.Spans())
			}
			daily[key(f)] = append(daily[key(f)], analysis.Span{From: d, To: d})
		}
	}
	for k, days := range daily {
		if got := analysis.Normalize(days); !slices.Equal(got, whole[k]) {
			t.Errorf("%s for %q/%q: day by day %v, over the window %v", rule, g.keys[k.id], k.detail, got, whole[k])
		}
	}
	for k, spans := range whole {
		if _, ok := daily[k]; !ok {
			t.Errorf("%s for %q/%q: never fires day by day, over the window %v", rule, g.keys[k.id], k.detail, spans)
		}
	}
}

// ruleCase is one row of a rule's table: a graph, a window and the
// findings expected over it.
type ruleCase struct {
	name     string
	build    func(g *graph)
	from, to string // the window; "" to: open
	want     []want
}

// runRule runs a table of cases for one rule. Every closed window is also
// checked day by day.
func runRule(t *testing.T, rule string, base func(g *graph), cases []ruleCase) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g := newGraph(t)
			if base != nil {
				base(g)
			}
			c.build(g)
			from, to := c.from, c.to
			if from == "" {
				from, to = "2003-01-01", "2003-12-31"
			}
			got := g.findings(rule, from, to)
			g.check(t, rule, got, c.want...)
			if to != "" {
				g.checkDaily(t, rule, from, to, got)
			}
		})
	}
}
