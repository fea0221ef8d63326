package synthetic

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
)

// index is a dataset's records by id, for the checks below.
type index struct {
	orgs   map[uuid.UUID]koncern.Organization
	people map[uuid.UUID]koncern.Person
	posts  map[uuid.UUID]koncern.Post
	docs   map[uuid.UUID]koncern.Document
}

func byID[T interface{ Record() koncern.Meta }](items []T) map[uuid.UUID]T {
	m := make(map[uuid.UUID]T, len(items))
	for _, it := range items {
		m[it.Record().ID] = it
	}
	return m
}

func newIndex(b registry.Bulk) index {
	return index{orgs: byID(b.Organizations), people: byID(b.People), posts: byID(b.Posts), docs: byID(b.Documents)}
}

// violations collects the broken rules of a dataset, so that a test shows
// the first few of them rather than stopping at one.
type violations []string

func (v *violations) add(format string, args ...any) { *v = append(*v, fmt.Sprintf(format, args...)) }

func (v *violations) report(t *testing.T) {
	t.Helper()
	for i, s := range *v {
		if i == 20 {
			t.Errorf("… and %d more", len(*v)-20)
			break
		}
		t.Error(s)
	}
}

// checkRegistryRules checks every rule the registry's Create methods
// enforce, which BulkLoad leaves to the generator.
func checkRegistryRules(t *testing.T, b registry.Bulk) {
	t.Helper()
	val, err := koncern.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	ix := newIndex(b)
	var v violations
	checkIDs(&v, b)
	checkValues(&v, val, b)
	checkOrganizations(&v, ix, b.Organizations)
	checkPosts(&v, ix, b.Posts)
	checkAssignments(&v, ix, b)
	checkStakes(&v, ix, b.Stakes)
	checkLines(&v, ix, b.SteeringLines)
	checkDocuments(&v, ix, b.Documents)
	v.report(t)
}

func checkIDs(v *violations, b registry.Bulk) {
	seen := map[uuid.UUID]bool{}
	note := func(m koncern.Meta) {
		if m.ID.Version() != 7 || m.ID.Variant() != uuid.RFC4122 {
			v.add("id %s is not a version 7 UUID", m.ID)
		}
		if seen[m.ID] {
			v.add("id %s used twice", m.ID)
		}
		seen[m.ID] = true
	}
	for _, x := range b.Organizations {
		note(x.Meta)
	}
	for _, x := range b.People {
		note(x.Meta)
	}
	for _, x := range b.Posts {
		note(x.Meta)
	}
	for _, x := range b.Assignments {
		note(x.Meta)
	}
	for _, x := range b.Stakes {
		note(x.Meta)
	}
	for _, x := range b.SteeringLines {
		note(x.Meta)
	}
	for _, x := range b.Documents {
		note(x.Meta)
	}
}

func checkValues(v *violations, val *koncern.Validator, b registry.Bulk) {
	check := func(what string, id uuid.UUID, in any) {
		if err := val.Validate(in); err != nil {
			v.add("%s %s: %v", what, id, err)
		}
	}
	for _, x := range b.Organizations {
		check("organisation", x.ID, x.OrganizationInput)
	}
	for _, x := range b.People {
		check("person", x.ID, x.PersonInput)
	}
	for _, x := range b.Posts {
		check("post", x.ID, x.PostInput)
	}
	for _, x := range b.Assignments {
		check("assignment", x.ID, x.AssignmentInput)
	}
	for _, x := range b.Stakes {
		check("stake", x.ID, x.StakeInput)
	}
	for _, x := range b.SteeringLines {
		check("line", x.ID, x.SteeringLineInput)
	}
	for _, x := range b.Documents {
		check("document", x.ID, x.DocumentInput)
	}
}

func sameID(a, b *uuid.UUID) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

func checkOrganizations(v *violations, ix index, orgs []koncern.Organization) {
	numbers := map[string][]koncern.Organization{}
	for _, o := range orgs {
		checkParent(v, ix, o)
		if (o.Kind == "company") != (o.TotalShares != nil && o.TotalVotes != nil) {
			v.add("organisation %q: totals %v/%v for a %s", o.Name, o.TotalShares, o.TotalVotes, o.Kind)
		}
		if o.OrgNumber == nil {
			continue
		}
		if n, err := koncern.NormalizeOrgNumber(*o.OrgNumber); err != nil || n != *o.OrgNumber {
			v.add("organisation %q: organisationsnummer %s: %v", o.Name, *o.OrgNumber, err)
		}
		for _, other := range numbers[*o.OrgNumber] {
			if other.Overlaps(o.Period) {
				v.add("organisationsnummer %s of both %q and %q", *o.OrgNumber, o.Name, other.Name)
			}
		}
		numbers[*o.OrgNumber] = append(numbers[*o.OrgNumber], o)
	}
}

// checkParent checks the parent chain and the municipality derived from it.
func checkParent(v *violations, ix index, o koncern.Organization) {
	switch {
	case o.Kind == "municipality":
		if o.ParentID != nil || !sameID(o.MunicipalityID, &o.ID) {
			v.add("municipality %q: parent %v, municipality %v", o.Name, o.ParentID, o.MunicipalityID)
		}
		return
	case o.ParentID == nil:
		if o.Kind != "company" || o.MunicipalityID != nil {
			v.add("organisation %q (%s) without parent, municipality %v", o.Name, o.Kind, o.MunicipalityID)
		}
		return
	}
	parent, ok := ix.orgs[*o.ParentID]
	switch {
	case !ok:
		v.add("organisation %q: no parent %s", o.Name, *o.ParentID)
	case !parent.Covers(o.Period):
		v.add("organisation %q valid %s, parent %q valid %s", o.Name, o.Period, parent.Name, parent.Period)
	case !sameID(parent.MunicipalityID, o.MunicipalityID):
		v.add("organisation %q: municipality %v, parent's %v", o.Name, o.MunicipalityID, parent.MunicipalityID)
	}
	for steps, p := 0, o; p.ParentID != nil; steps++ {
		if steps > 20 {
			v.add("organisation %q: parent chain longer than 20 or cyclic", o.Name)
			return
		}
		p = ix.orgs[*p.ParentID]
	}
}

func checkPosts(v *violations, ix index, posts []koncern.Post) {
	for _, p := range posts {
		org, ok := ix.orgs[p.OrganizationID]
		switch {
		case !ok:
			v.add("post %q: no organisation %s", p.Title, p.OrganizationID)
		case !org.Covers(p.Period):
			v.add("post %q valid %s in %q valid %s", p.Title, p.Period, org.Name, org.Period)
		case !sameID(org.MunicipalityID, p.MunicipalityID):
			v.add("post %q: municipality %v, organisation's %v", p.Title, p.MunicipalityID, org.MunicipalityID)
		}
	}
}

// inForceOn checks that a cited document exists and is in force on the
// first day of the record citing it.
func inForceOn(v *violations, ix index, what string, doc *uuid.UUID, p koncern.Period) {
	if doc == nil {
		return
	}
	d, ok := ix.docs[*doc]
	if !ok {
		v.add("%s cites no document %s", what, *doc)
	} else if !d.Contains(p.From) {
		v.add("%s begins %s, document %q is in force %s", what, p.From, d.Title, d.Period)
	}
}

func checkAssignments(v *violations, ix index, b registry.Bulk) {
	pairs := map[[2]uuid.UUID][]koncern.Period{}
	held := map[uuid.UUID]bool{}
	for _, a := range b.Assignments {
		what := "assignment " + a.ID.String()
		person, post := ix.people[a.PersonID], ix.posts[a.PostID]
		if !person.Covers(a.Period) || !post.Covers(a.Period) {
			v.add("%s valid %s: person valid %s, post %q valid %s", what, a.Period, person.Period, post.Title, post.Period)
		}
		if !sameID(post.MunicipalityID, a.MunicipalityID) {
			v.add("%s: municipality %v, post's %v", what, a.MunicipalityID, post.MunicipalityID)
		}
		inForceOn(v, ix, what, a.DocumentID, a.Period)
		key := [2]uuid.UUID{a.PersonID, a.PostID}
		for _, other := range pairs[key] {
			if other.Overlaps(a.Period) {
				v.add("%s: %s holds post %q %s and %s", what, person.Name, post.Title, other, a.Period)
			}
		}
		pairs[key] = append(pairs[key], a.Period)
		held[a.PersonID] = true
	}
	for _, p := range b.People {
		if !held[p.ID] {
			v.add("person %s %q holds no post", p.ID, p.Name)
		}
	}
}

func checkStakes(v *violations, ix index, stakes []koncern.Stake) {
	byCompany := map[uuid.UUID][]koncern.Stake{}
	for _, s := range stakes {
		what := "stake " + s.ID.String()
		owner, company := ix.orgs[s.OwnerID], ix.orgs[s.CompanyID]
		switch {
		case !slices.Contains(koncern.OwnerKinds, owner.Kind) || company.Kind != "company":
			v.add("%s: owner is a %q, company a %q", what, owner.Kind, company.Kind)
		case !owner.Covers(s.Period) || !company.Covers(s.Period):
			v.add("%s valid %s: owner valid %s, company valid %s", what, s.Period, owner.Period, company.Period)
		case s.OwnerID == s.CompanyID || (s.Shares == 0 && s.Votes == 0):
			v.add("%s: %d shares, %d votes of itself or another", what, s.Shares, s.Votes)
		case !sameID(company.MunicipalityID, s.MunicipalityID):
			v.add("%s: municipality %v, company's %v", what, s.MunicipalityID, company.MunicipalityID)
		}
		inForceOn(v, ix, what, s.DocumentID, s.Period)
		byCompany[s.CompanyID] = append(byCompany[s.CompanyID], s)
	}
	for id, list := range byCompany {
		checkTotals(v, ix.orgs[id], list)
	}
}

// checkTotals checks that the stakes in a company fit its totals on every
// day (the sums only rise where a stake begins) and that no owner holds
// two stakes at once.
func checkTotals(v *violations, company koncern.Organization, stakes []koncern.Stake) {
	for i, s := range stakes {
		var shares, votes int64
		for j, o := range stakes {
			if o.Contains(s.From) {
				shares, votes = shares+o.Shares, votes+o.Votes
			}
			if j > i && o.OwnerID == s.OwnerID && o.Overlaps(s.Period) {
				v.add("company %q: one owner holds two stakes %s and %s", company.Name, s.Period, o.Period)
			}
		}
		if shares > *company.TotalShares || votes > *company.TotalVotes {
			v.add("company %q on %s: %d/%d shares, %d/%d votes", company.Name, s.From, shares, *company.TotalShares, votes, *company.TotalVotes)
		}
	}
}

func checkLines(v *violations, ix index, lines []koncern.SteeringLine) {
	for _, l := range lines {
		what := fmt.Sprintf("%s line %s", l.Kind, l.ID)
		from, fromMuni, fromOK := ix.endpoint(l.FromPostID, l.FromOrganizationID)
		to, toMuni, toOK := ix.endpoint(l.ToPostID, l.ToOrganizationID)
		switch {
		case !fromOK || !toOK:
			v.add("%s: an endpoint is missing or doubled", what)
		case !from.Covers(l.Period) || !to.Covers(l.Period):
			v.add("%s valid %s: from valid %s, to valid %s", what, l.Period, from, to)
		case l.Basis == "formal" && l.DocumentID == nil:
			v.add("%s: formal without document", what)
		}
		want := toMuni
		if want == nil {
			want = fromMuni
		}
		if !sameID(want, l.MunicipalityID) {
			v.add("%s: municipality %v, want %v", what, l.MunicipalityID, want)
		}
		inForceOn(v, ix, what, l.DocumentID, l.Period)
	}
}

// endpoint resolves one end of a line to its period and municipality.
func (ix index) endpoint(post, org *uuid.UUID) (koncern.Period, *uuid.UUID, bool) {
	switch {
	case post != nil && org == nil:
		p, ok := ix.posts[*post]
		return p.Period, p.MunicipalityID, ok
	case org != nil && post == nil:
		o, ok := ix.orgs[*org]
		return o.Period, o.MunicipalityID, ok
	}
	return koncern.Period{}, nil, false
}

func checkDocuments(v *violations, ix index, docs []koncern.Document) {
	for _, d := range docs {
		issuer, ok := ix.orgs[d.IssuerID]
		switch {
		case d.From.Before(d.DecidedOn):
			v.add("document %q in force %s, decided %s", d.Title, d.Period, d.DecidedOn)
		case !ok || !issuer.Contains(d.DecidedOn):
			v.add("document %q decided %s by %q valid %s", d.Title, d.DecidedOn, issuer.Name, issuer.Period)
		case !sameID(issuer.MunicipalityID, d.MunicipalityID):
			v.add("document %q: municipality %v, issuer's %v", d.Title, d.MunicipalityID, issuer.MunicipalityID)
		}
		checkRuleBookFields(v, ix, d, issuer)
	}
}

// checkRuleBookFields judges the fields the rule book reads as the
// registry does (checkDocumentRefs): against the kind, the issuer's kind,
// the subjects and the document referred to.
func checkRuleBookFields(v *violations, ix index, d koncern.Document, issuer koncern.Organization) {
	in := d.DocumentInput
	if err := koncern.CheckDocumentFields(&in); err != nil {
		v.add("document %q: %v", d.Title, err)
	}
	if kinds := koncern.DocumentIssuers[d.Kind]; kinds != nil && !slices.Contains(kinds, issuer.Kind) {
		v.add("document %q: a %s issued by a %s", d.Title, d.Kind, issuer.Kind)
	}
	for _, id := range d.SubjectIDs {
		o, ok := ix.orgs[id]
		if !ok || (d.Kind == "annual_review" && (o.Kind != "company" || !sameID(o.MunicipalityID, issuer.MunicipalityID))) {
			v.add("document %q: subject %s", d.Title, id)
		}
	}
	if d.RefersToID != nil {
		ref, ok := ix.docs[*d.RefersToID]
		if !ok || !slices.Contains(koncern.DocumentRefers[d.Kind], ref.Kind) || ref.DecidedOn.After(d.DecidedOn) {
			v.add("document %q: refers to %s", d.Title, *d.RefersToID)
		}
	}
}
