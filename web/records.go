package web

import (
	"time"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
)

// nodeLink is a named record and the path of its page ("" when it has
// none).
type nodeLink struct{ Name, Path string }

// recordView is a stored record as a page lists it: the findings'
// evidence, the changes, the expiring terms. The analysis describes records
// in one English sentence; a page names the parts instead, each linked to
// its page, and says the rest in the reader's language.
type recordView struct {
	Type string
	ID   uuid.UUID
	// Valid is the record's period of validity.
	Valid koncern.Period
	// Node is the record itself, for a record that has a page.
	Node *nodeLink
	// From and To are the ends of a steering line, the owner and company
	// of a stake, the holder and post of an assignment.
	From, To *nodeLink
	// Kind and Basis are a steering line's.
	Kind, Basis string
	// Document is the decision a line, an assignment or a stake rests on.
	Document *nodeLink
	// Text is the analysis's description, for a record the page cannot
	// take apart.
	Text string
}

// recordPaths are the pages of the records that have one.
var recordPaths = map[string]string{
	"organization": "/organizations/", "post": "/posts/", "person": "/people/", "document": "/documents/",
}

// recordPath is the page of a record, or "" when its type has none.
func recordPath(typ string, id uuid.UUID) string {
	if base, ok := recordPaths[typ]; ok {
		return base + id.String()
	}
	return ""
}

// recordIndex finds the records of a snapshot by id, to describe them.
type recordIndex struct {
	snap        *analysis.Snapshot
	lines       map[uuid.UUID]*koncern.SteeringLine
	assignments map[uuid.UUID]*koncern.Assignment
	stakes      map[uuid.UUID]*koncern.Stake
}

func newRecordIndex(snap *analysis.Snapshot) *recordIndex {
	d := snap.Data()
	x := &recordIndex{snap: snap, lines: make(map[uuid.UUID]*koncern.SteeringLine, len(d.Lines)),
		assignments: make(map[uuid.UUID]*koncern.Assignment, len(d.Assignments)), stakes: make(map[uuid.UUID]*koncern.Stake, len(d.Stakes))}
	for i := range d.Lines {
		x.lines[d.Lines[i].ID] = &d.Lines[i]
	}
	for i := range d.Assignments {
		x.assignments[d.Assignments[i].ID] = &d.Assignments[i]
	}
	for i := range d.Stakes {
		x.stakes[d.Stakes[i].ID] = &d.Stakes[i]
	}
	return x
}

// describe lays out the record typ/id, valid over per, that the analysis
// described as text.
func (x *recordIndex) describe(typ string, id uuid.UUID, per koncern.Period, text string) recordView {
	v := recordView{Type: typ, ID: id, Valid: per, Text: text}
	switch typ {
	case "steering_line":
		if l := x.lines[id]; l != nil {
			v.From, v.To, v.Kind, v.Basis, v.Document = x.node(l.Source()), x.node(l.Target()), l.Kind, l.Basis, x.document(l.DocumentID)
		}
	case "assignment":
		if a := x.assignments[id]; a != nil {
			v.From, v.To, v.Document = x.person(a.PersonID), x.node(a.PostID), x.document(a.DocumentID)
		}
	case "stake":
		if s := x.stakes[id]; s != nil {
			v.From, v.To, v.Document = x.node(s.OwnerID), x.node(s.CompanyID), x.document(s.DocumentID)
		}
	case "post", "organization":
		v.Node = x.node(id)
	case "person":
		v.Node = x.person(id)
	case "document":
		v.Node = x.document(&id)
	}
	return v
}

// node links a post or an organisation.
func (x *recordIndex) node(id uuid.UUID) *nodeLink {
	switch {
	case x.snap.Post(id) != nil:
		return &nodeLink{x.snap.Name(id), recordPath("post", id)}
	case x.snap.Organization(id) != nil:
		return &nodeLink{x.snap.Name(id), recordPath("organization", id)}
	}
	return &nodeLink{Name: id.String()}
}

func (x *recordIndex) person(id uuid.UUID) *nodeLink {
	name := id.String()
	if p := x.snap.Person(id); p != nil {
		name = p.Name
	}
	return &nodeLink{name, recordPath("person", id)}
}

// document links a decision; a document outside the snapshot's window is
// linked by its id.
func (x *recordIndex) document(id *uuid.UUID) *nodeLink {
	if id == nil {
		return nil
	}
	name := id.String()
	if d := x.snap.Document(*id); d != nil {
		name = d.Title
	}
	return &nodeLink{name, recordPath("document", *id)}
}

// RecordType names a kind of record in the page's language; a kind the
// pages have no name for (an entity of the audit trail only it knows)
// shows as itself.
func (p *page) RecordType(t string) string { return p.textOr("record.type."+t, t) }

// Operation names what an event of the audit trail did.
func (p *page) Operation(op string) string { return p.textOr("audit.op."+op, op) }

// textOr is the text of key, or fallback when the catalogue has none.
func (p *page) textOr(key, fallback string) string {
	if m, ok := catalogue[key]; ok {
		return m.in(p.Lang)
	}
	return fallback
}

// Stamp writes a moment of the registry's clock, which keeps UTC, to the
// minute.
func (p *page) Stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04") + " UTC" }
