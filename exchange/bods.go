package exchange

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
)

// BODSVersion is the version of the Beneficial Ownership Data Standard the
// statements follow.
const BODSVersion = "0.4"

// SchemeSwedishOrgNumber is org-id.guide's code for Bolagsverket's
// register, whose organisationsnummer every Swedish legal entity carries.
const SchemeSwedishOrgNumber = "SE-BLV"

// statementNamespace seeds the name-based UUIDs that statement ids are: an
// export of the same record on the same day always gets the same id, and
// no other record or day gets it.
var statementNamespace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("urn:koncernregistret:bods:statement"))

// Statement is one BODS 0.4 statement: a claim about an entity, a person
// or a relationship as it stood on StatementDate.
type Statement struct {
	StatementID        string             `json:"statementId"`
	DeclarationSubject string             `json:"declarationSubject"`
	StatementDate      string             `json:"statementDate"`
	RecordID           string             `json:"recordId"`
	RecordType         string             `json:"recordType"`
	RecordDetails      any                `json:"recordDetails"`
	PublicationDetails PublicationDetails `json:"publicationDetails"`
	Source             Source             `json:"source"`
}

// PublicationDetails says who published a statement, when, and under which
// version of the standard.
type PublicationDetails struct {
	PublicationDate string        `json:"publicationDate"`
	BODSVersion     string        `json:"bodsVersion"`
	Publisher       BODSPublisher `json:"publisher"`
}

// BODSPublisher names the publisher.
type BODSPublisher struct {
	Name string `json:"name"`
	URL  string `json:"url,omitempty"`
}

// Source says where a statement's information comes from.
type Source struct {
	Type        []string `json:"type"`
	Description string   `json:"description"`
}

// EntityRecord is the recordDetails of an entity statement.
type EntityRecord struct {
	IsComponent  bool          `json:"isComponent"`
	EntityType   EntityType    `json:"entityType"`
	Name         string        `json:"name"`
	Jurisdiction *Jurisdiction `json:"jurisdiction,omitempty"`
	Identifiers  []Identifier  `json:"identifiers,omitempty"`
}

// EntityType classifies an entity by the entityType and entitySubtype
// codelists.
type EntityType struct {
	Type    string `json:"type"`
	Subtype string `json:"subtype,omitempty"`
	Details string `json:"details,omitempty"`
}

// Jurisdiction is the country an entity is registered in.
type Jurisdiction struct {
	Name string `json:"name"`
	Code string `json:"code"`
}

// Identifier is an identifier of an entity or person in some scheme.
type Identifier struct {
	ID         string `json:"id"`
	Scheme     string `json:"scheme,omitempty"`
	SchemeName string `json:"schemeName,omitempty"`
}

// PersonRecord is the recordDetails of a person statement.
type PersonRecord struct {
	IsComponent bool         `json:"isComponent"`
	PersonType  string       `json:"personType"`
	Names       []PersonName `json:"names"`
	Identifiers []Identifier `json:"identifiers,omitempty"`
}

// PersonName is a person's name.
type PersonName struct {
	Type     string `json:"type"`
	FullName string `json:"fullName"`
}

// RelationshipRecord is the recordDetails of a relationship statement: the
// interests InterestedParty holds in Subject, both given by recordId.
type RelationshipRecord struct {
	IsComponent     bool       `json:"isComponent"`
	Subject         string     `json:"subject"`
	InterestedParty string     `json:"interestedParty"`
	Interests       []Interest `json:"interests"`
}

// Interest is one interest of a relationship.
type Interest struct {
	Type             string `json:"type"`
	DirectOrIndirect string `json:"directOrIndirect"`
	Details          string `json:"details,omitempty"`
	Share            *Share `json:"share,omitempty"`
	StartDate        string `json:"startDate,omitempty"`
	EndDate          string `json:"endDate,omitempty"`
}

// Share is a percentage. The registry knows every share exactly, so exact,
// minimum and maximum are the same number.
type Share struct {
	Exact   float64 `json:"exact"`
	Minimum float64 `json:"minimum"`
	Maximum float64 `json:"maximum"`
}

// BODS returns the ownership and control of the companies in the snapshot
// on day at as BODS 0.4 statements: entity and person statements first,
// then the relationships that refer to them, as the standard asks.
//
// Relationships are direct shareholdings and voting rights (one
// relationship per owner and company, the owner's stakes added together);
// indirect ones from effective ownership through other companies; the
// appointment of company boards (steering lines of kind appointment from an
// organisation to a company); and the people holding board and CEO posts
// in companies. Entities are every municipality in force and every
// organisation that takes part in a relationship; people are those who do.
// It fails with EINVALID when the ownership on that day cannot be computed.
func BODS(s *analysis.Snapshot, at koncern.Date, pub Publisher) ([]Statement, error) {
	b := &bodsBuilder{s: s, at: at, pub: pub, orgs: map[uuid.UUID]bool{}, people: map[uuid.UUID]bool{}}
	if err := b.ownership(); err != nil {
		return nil, err
	}
	b.appointments()
	b.officers()
	return b.statements()
}

// bodsBuilder collects relationships and the parties they name.
type bodsBuilder struct {
	s      *analysis.Snapshot
	at     koncern.Date
	pub    Publisher
	orgs   map[uuid.UUID]bool // organisations that need an entity statement
	people map[uuid.UUID]bool // people who need a person statement
	rels   []relationship
}

// relationship is a relationship before it becomes a statement.
type relationship struct {
	recordID string
	subject  uuid.UUID // always an organisation
	party    uuid.UUID
	person   bool // whether party is a person rather than an organisation
	details  RelationshipRecord
}

func orgRecord(id uuid.UUID) string    { return "organization-" + id.String() }
func personRecord(id uuid.UUID) string { return "person-" + id.String() }

// add records a relationship and the parties it needs statements for.
func (b *bodsBuilder) add(recordID string, subject, party uuid.UUID, person bool, interests ...Interest) {
	b.orgs[subject] = true
	partyRecord := orgRecord(party)
	if person {
		b.people[party] = true
		partyRecord = personRecord(party)
	} else {
		b.orgs[party] = true
	}
	b.rels = append(b.rels, relationship{recordID: recordID, subject: subject, party: party, person: person,
		details: RelationshipRecord{Subject: orgRecord(subject), InterestedParty: partyRecord, Interests: interests}})
}

// statements turns what the builder collected into statements, entities
// and people before the relationships that name them.
func (b *bodsBuilder) statements() ([]Statement, error) {
	for _, o := range b.s.Data().Organizations {
		if o.Kind == "municipality" && o.Contains(b.at) {
			b.orgs[o.ID] = true
		}
	}
	subjects := b.declarationSubjects()
	var out []Statement
	for _, id := range b.sortedOrgs() {
		o := b.s.Organization(id)
		if o == nil {
			return nil, koncern.Errorf(koncern.EINVALID, "organisation %s is named by a stake or line but is not in the snapshot", id)
		}
		out = append(out, b.statement(orgRecord(id), subjects, "entity", entityRecord(o)))
	}
	people := sortedKeys(b.people, func(u uuid.UUID) []byte { return u[:] })
	slices.SortFunc(people, byName(func(u uuid.UUID) string { return b.s.Person(u).Name }))
	for _, id := range people {
		out = append(out, b.statement(personRecord(id), subjects, "person", personRecordOf(b.s.Person(id))))
	}
	for _, r := range b.rels {
		out = append(out, b.statement(r.recordID, subjects, "relationship", r.details))
	}
	return out, nil
}

// declarationSubjects maps each record to the company whose ownership and
// control network it is declared in: a relationship's subject, a company
// itself, and any other party the first company it holds an interest in.
// Records in no network (a municipality without holdings) are their own.
func (b *bodsBuilder) declarationSubjects() map[string]string {
	out := map[string]string{}
	for _, r := range b.rels {
		subject := r.details.Subject
		out[r.recordID] = subject
		out[subject] = subject
	}
	for _, r := range b.rels {
		if _, ok := out[r.details.InterestedParty]; !ok {
			out[r.details.InterestedParty] = r.details.Subject
		}
	}
	return out
}

// sortedOrgs lists the organisations to state, municipalities first and
// then by name.
func (b *bodsBuilder) sortedOrgs() []uuid.UUID {
	ids := sortedKeys(b.orgs, func(u uuid.UUID) []byte { return u[:] })
	rank := func(u uuid.UUID) string {
		o := b.s.Organization(u)
		if o == nil {
			return ""
		}
		if o.Kind == "municipality" {
			return "0" + o.Name
		}
		return "1" + o.Name
	}
	slices.SortFunc(ids, byName(rank))
	return ids
}

// statement wraps record details in a statement of day at.
func (b *bodsBuilder) statement(recordID string, subjects map[string]string, recordType string, details any) Statement {
	subject, ok := subjects[recordID]
	if !ok {
		subject = recordID
	}
	name := cmp.Or(b.pub.Name, DefaultPublisherName)
	published := b.pub.Date
	if published.IsZero() {
		published = b.at
	}
	return Statement{
		StatementID:        uuid.NewSHA1(statementNamespace, []byte(recordID+"@"+b.at.String())).String(),
		DeclarationSubject: subject,
		StatementDate:      b.at.String(),
		RecordID:           recordID,
		RecordType:         recordType,
		RecordDetails:      details,
		PublicationDetails: PublicationDetails{PublicationDate: published.String(), BODSVersion: BODSVersion, Publisher: BODSPublisher{Name: name, URL: b.pub.URL}},
		Source:             Source{Type: []string{"selfDeclaration"}, Description: fmt.Sprintf("%s, the municipal group's own governance registry, as it stood on %s.", name, b.at)},
	}
}

// sweden is the jurisdiction of every organisation the registry keeps but
// companies without an organisationsnummer, which may be registered
// anywhere.
var sweden = &Jurisdiction{Name: "Sweden", Code: "SE"}

// entityDetails describes the organisation kinds other than company. A
// municipality and its bodies are units of the state's apparatus in the
// codelist's sense, though not departments or agencies of central
// government, hence the subtype other.
var entityDetails = map[string]string{
	"municipality":    "Swedish municipality (kommun)",
	"council":         "Municipal council (kommunfullmäktige)",
	"executive_board": "Municipal executive board (kommunstyrelsen)",
	"committee":       "Municipal committee (nämnd)",
	"administration":  "Municipal administration (förvaltning)",
	"department":      "Department of a municipal administration (avdelning)",
	"unit":            "Unit of a municipal administration (enhet)",
	"forum":           "Municipal coordination forum",
	"auditors":        "Municipal auditors (kommunrevisionen)",
}

// entityRecord describes an organisation: a company as a registered entity
// with its organisationsnummer, anything else as a state body.
func entityRecord(o *koncern.Organization) EntityRecord {
	r := EntityRecord{Name: o.Name, Jurisdiction: sweden,
		Identifiers: []Identifier{{ID: o.ID.String(), SchemeName: DefaultPublisherName}}}
	if o.OrgNumber != nil {
		r.Identifiers = append([]Identifier{{ID: *o.OrgNumber, Scheme: SchemeSwedishOrgNumber, SchemeName: "Bolagsverket organisationsnummer"}}, r.Identifiers...)
	}
	if o.Kind != "company" {
		r.EntityType = EntityType{Type: "stateBody", Subtype: "other", Details: entityDetails[o.Kind]}
		return r
	}
	r.EntityType = EntityType{Type: "registeredEntity", Details: "Aktiebolag"}
	if o.OrgNumber == nil {
		r.Jurisdiction = nil
	}
	return r
}

// personRecordOf describes a person by name only: the registry keeps no
// personal identity numbers, so the only identifier is its own id.
func personRecordOf(p *koncern.Person) PersonRecord {
	return PersonRecord{PersonType: "knownPerson", Names: []PersonName{{Type: "legal", FullName: p.Name}},
		Identifiers: []Identifier{{ID: p.ID.String(), SchemeName: DefaultPublisherName}}}
}
