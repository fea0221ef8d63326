package synthetic

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
)

// Dataset is a generated national dataset: the records to bulk-load, the
// planted findings, and the root organisation of each municipality in the
// order generated.
type Dataset struct {
	registry.Bulk
	Planted        Planted
	Municipalities []uuid.UUID
}

// MaxScale bounds the scale so that a typo cannot ask for terabytes.
const MaxScale = 100

// National generates the national dataset: round(290 × scale)
// municipalities (at least one), each with the same kind of structure
// whatever the scale, so that the data grows linearly with it. The same
// scale and seed give the same dataset, ids included.
//
// Municipality i draws every choice from a random stream of its own,
// seeded by seed and i, so that it looks the same at every scale. The
// names cycle through the 290 real municipalities; from the 291st on they
// carry a number, "Ale kommun (2)".
func National(scale float64, seed uint64) (Dataset, error) {
	if err := CheckScale(scale); err != nil {
		return Dataset{}, err
	}
	n := max(1, int(math.Round(float64(len(municipalityNames))*scale)))
	g := newGenerator(seed, n)
	g.privateOwners(max(3, n/10))
	for i := range n {
		g.municipality(i)
	}
	return g.dataset(), nil
}

// CheckScale refuses a scale National cannot generate.
func CheckScale(scale float64) error {
	if math.IsNaN(scale) || scale <= 0 || scale > MaxScale {
		return fmt.Errorf("scale must be above 0 and at most %d, got %v", MaxScale, scale)
	}
	return nil
}

// generator accumulates the records of the dataset.
type generator struct {
	seed    uint64
	ids     *idSource
	numbers orgNumbers
	out     registry.Bulk
	planted Planted
	munis   []*muni
	// private are the companies outside every group that co-own some
	// municipal companies.
	private []ref
	// personAt indexes out.People by id while the first day each person
	// holds a post is still being found.
	personAt map[uuid.UUID]int
}

func newGenerator(seed uint64, n int) *generator {
	return &generator{
		seed: seed, ids: newIDSource(seed),
		planted:  Planted{Window: Window},
		personAt: make(map[uuid.UUID]int, n*130),
	}
}

// rngFor is the random stream of municipality i (or of the shared records,
// i = -1).
func (g *generator) rngFor(i int) *rand.Rand {
	return rand.New(rand.NewPCG(g.seed, uint64(int64(i))+0x9e3779b97f4a7c15))
}

func (g *generator) dataset() Dataset {
	g.planted.Counts = countCases(g.planted.Cases)
	d := Dataset{Bulk: g.out, Planted: g.planted}
	for _, m := range g.munis {
		d.Municipalities = append(d.Municipalities, m.root.id)
	}
	return d
}

// privateOwners creates the private companies that co-own municipal ones.
func (g *generator) privateOwners(n int) {
	rng := g.rngFor(-1)
	for i := range n {
		name := privatePrefixes[i%len(privatePrefixes)] + " " + privateTrades[(i/len(privatePrefixes))%len(privateTrades)] + " Partner AB"
		if round := i / (len(privatePrefixes) * len(privateTrades)); round > 0 {
			name = fmt.Sprintf("%s (%d)", name, round+1)
		}
		shares := shareCapitals[rng.IntN(len(shareCapitals))]
		g.private = append(g.private, g.addOrg(orgSpec{kind: "company", name: name, period: open(windowStart),
			orgNumber: g.numbers.privateCompany(), shares: shares, votes: shares}))
	}
}

// ref is a stored record as other records refer to it.
type ref struct {
	id     uuid.UUID
	name   string // of an organisation
	muni   *uuid.UUID
	period koncern.Period
}

// orgSpec is an organisation to add.
type orgSpec struct {
	kind, name    string
	parent        *ref
	period        koncern.Period
	orgNumber     *string
	shares, votes int64
	fte           float64
}

// addOrg stores an organisation and derives its municipality as the
// registry does: a municipality is its own root, everything else belongs
// to its parent's, and a company without parent to none.
func (g *generator) addOrg(s orgSpec) ref {
	o := koncern.Organization{Meta: g.ids.next(), OrganizationInput: koncern.OrganizationInput{
		Kind: s.kind, Name: s.name, OrgNumber: s.orgNumber, Period: s.period}}
	switch {
	case s.kind == "municipality":
		o.MunicipalityID = &o.ID
	case s.parent != nil:
		o.ParentID, o.MunicipalityID = &s.parent.id, s.parent.muni
	}
	if s.kind == "company" {
		o.TotalShares, o.TotalVotes = &s.shares, &s.votes
	}
	if s.fte > 0 {
		o.StaffFTE = &s.fte
	}
	g.out.Organizations = append(g.out.Organizations, o)
	return ref{id: o.ID, name: s.name, muni: o.MunicipalityID, period: s.period}
}

// addPost stores a post of org for p.
func (g *generator) addPost(org ref, title, role string, political bool, p koncern.Period) ref {
	post := koncern.Post{Meta: g.ids.next(), MunicipalityID: org.muni, PostInput: koncern.PostInput{
		OrganizationID: org.id, Title: title, Role: role, Political: political, Period: p}}
	g.out.Posts = append(g.out.Posts, post)
	return ref{id: post.ID, muni: org.muni, period: p}
}

// addPerson stores a person; the record begins on the first day the
// person holds a post, which assign finds.
func (g *generator) addPerson(name string, email *string) uuid.UUID {
	p := koncern.Person{Meta: g.ids.next(), PersonInput: koncern.PersonInput{Name: name, Email: email}}
	g.personAt[p.ID] = len(g.out.People)
	g.out.People = append(g.out.People, p)
	return p.ID
}

// assign records that person holds post for p, citing doc when given.
func (g *generator) assign(person uuid.UUID, post ref, p koncern.Period, doc *ref) uuid.UUID {
	a := koncern.Assignment{Meta: g.ids.next(), MunicipalityID: post.muni, AssignmentInput: koncern.AssignmentInput{
		PersonID: person, PostID: post.id, DocumentID: refID(doc), Period: p}}
	g.out.Assignments = append(g.out.Assignments, a)
	who := &g.out.People[g.personAt[person]]
	if who.From.IsZero() || p.From.Before(who.From) {
		who.From = p.From
	}
	return a.ID
}

// docSpec is a decision document to add.
type docSpec struct {
	kind, title string
	issuer      ref
	decided     koncern.Date
	period      koncern.Period
	reference   string
	// The fields the rule book reads: the companies the document
	// concerns, the document it adopts or approves, the year it reviews.
	subjects []uuid.UUID
	refersTo *ref
	year     int
}

func (g *generator) addDoc(s docSpec) ref {
	d := koncern.Document{Meta: g.ids.next(), MunicipalityID: s.issuer.muni, DocumentInput: koncern.DocumentInput{
		Kind: s.kind, Title: s.title, DecidedOn: s.decided, IssuerID: s.issuer.id, Period: s.period,
		SubjectIDs: s.subjects, RefersToID: refID(s.refersTo)}}
	if s.reference != "" {
		d.Reference = &s.reference
	}
	if s.year != 0 {
		d.Year = &s.year
	}
	g.out.Documents = append(g.out.Documents, d)
	return ref{id: d.ID, muni: d.MunicipalityID, period: s.period}
}

// addStake records owner's holding in company; it belongs to the company's
// municipality, as in the registry.
func (g *generator) addStake(owner, company ref, shares, votes int64, p koncern.Period) uuid.UUID {
	s := koncern.Stake{Meta: g.ids.next(), MunicipalityID: company.muni, StakeInput: koncern.StakeInput{
		OwnerID: owner.id, CompanyID: company.id, Shares: shares, Votes: votes, Period: p}}
	g.out.Stakes = append(g.out.Stakes, s)
	return s.ID
}

// end is one end of a steering line: a post or an organisation.
type lineEnd struct {
	ref
	post bool
}

func postEnd(r ref) lineEnd { return lineEnd{r, true} }
func orgEnd(r ref) lineEnd  { return lineEnd{r, false} }

// lineSpec is a steering line to add.
type lineSpec struct {
	from, to    lineEnd
	kind, basis string
	doc         *ref
	period      koncern.Period
	note        string
}

// addLine stores a line; it belongs to the steered end's municipality, or
// the steering end's when the steered one stands outside every group.
func (g *generator) addLine(s lineSpec) uuid.UUID {
	l := koncern.SteeringLine{Meta: g.ids.next(), SteeringLineInput: koncern.SteeringLineInput{
		Kind: s.kind, Basis: s.basis, DocumentID: refID(s.doc), Period: s.period}}
	setEnd(&l.FromPostID, &l.FromOrganizationID, s.from)
	setEnd(&l.ToPostID, &l.ToOrganizationID, s.to)
	l.MunicipalityID = s.to.muni
	if l.MunicipalityID == nil {
		l.MunicipalityID = s.from.muni
	}
	if s.note != "" {
		l.Description = &s.note
	}
	g.out.SteeringLines = append(g.out.SteeringLines, l)
	return l.ID
}

func setEnd(post, org **uuid.UUID, e lineEnd) {
	id := e.id
	if e.post {
		*post = &id
	} else {
		*org = &id
	}
}

func refID(r *ref) *uuid.UUID {
	if r == nil {
		return nil
	}
	id := r.id
	return &id
}
