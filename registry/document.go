package registry

import (
	"context"
	"errors"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/assignment"
	"github.com/koncernregistret/koncern/ent/document"
	"github.com/koncernregistret/koncern/ent/ownershipstake"
	"github.com/koncernregistret/koncern/ent/predicate"
	"github.com/koncernregistret/koncern/ent/steeringline"
)

// DocumentFilter narrows a list of documents.
type DocumentFilter struct {
	MunicipalityID *uuid.UUID
	Kind           string
	IssuerID       *uuid.UUID
	Query          string
	ListOptions
}

var documentKind = kind[*ent.Document, koncern.DocumentInput, koncern.Document]{
	entity: "document",
	what:   "document",
	get: func(ctx context.Context, c *ent.Client, id uuid.UUID) (*ent.Document, error) {
		return c.Document.Get(ctx, id)
	},
	id:      func(x *ent.Document) uuid.UUID { return x.ID },
	version: func(d *ent.Document) int { return d.Version },
	input:   func(d *ent.Document) koncern.DocumentInput { return toDocument(d).DocumentInput },
	save:    saveDocument,
	out:     toDocument,
}

// CreateDocument records a decision document. Its issuer must exist on the
// day of the decision.
func (r *Registry) CreateDocument(ctx context.Context, in koncern.DocumentInput) (koncern.Document, error) {
	return create(ctx, r, "document", in, func(tx *ent.Tx, id uuid.UUID, in *koncern.DocumentInput) (koncern.Document, error) {
		issuer, err := checkDocument(ctx, tx, id, in)
		if err != nil {
			return koncern.Document{}, err
		}
		c := tx.Document.Create().SetID(id).SetKind(in.Kind).SetTitle(in.Title).
			SetNillableReference(in.Reference).SetDecidedOn(in.DecidedOn.Time()).SetNillableURL(in.URL).
			SetIssuerID(in.IssuerID).SetNillableMunicipalityID(issuer.MunicipalityID).
			SetNillableRefersToID(in.RefersToID).SetNillableYear(in.Year).
			SetValidFrom(in.From.Time()).SetNillableValidTo(timePtr(in.To))
		if in.SubjectIDs != nil {
			c.SetSubjectIds(in.SubjectIDs)
		}
		d, err := c.Save(ctx)
		if err != nil {
			return koncern.Document{}, err
		}
		return toDocument(d), nil
	})
}

// GetDocument returns one document.
func (r *Registry) GetDocument(ctx context.Context, id uuid.UUID) (koncern.Document, error) {
	return getOne(ctx, r, documentKind, id)
}

// ListDocuments returns a page of documents ordered by id.
func (r *Registry) ListDocuments(ctx context.Context, f DocumentFilter) (Page[koncern.Document], error) {
	var where []predicate.Document
	if f.MunicipalityID != nil {
		where = append(where, document.MunicipalityID(*f.MunicipalityID))
	}
	if f.Kind != "" {
		where = append(where, document.Kind(f.Kind))
	}
	if f.IssuerID != nil {
		where = append(where, document.IssuerID(*f.IssuerID))
	}
	if f.Query != "" {
		where = append(where, document.TitleContainsFold(f.Query))
	}
	return list(ctx, r, documentKind, r.client().Document.Query(), document.ByID(), f.ListOptions, where)
}

// UpdateDocument applies a patch.
func (r *Registry) UpdateDocument(ctx context.Context, id uuid.UUID, ifVersion int, p koncern.DocumentPatch) (koncern.Document, error) {
	return update(ctx, r, documentKind, opUpdate, id, ifVersion, fixedPatch(p))
}

// EndDocument ends the document's force on day on (it is repealed or
// replaced). Lines and stakes that cite it keep citing it.
func (r *Registry) EndDocument(ctx context.Context, id uuid.UUID, ifVersion int, on koncern.Date) (koncern.Document, error) {
	return update(ctx, r, documentKind, opEnd, id, ifVersion, endPatch(on, func(pp koncern.PeriodPatch) koncern.DocumentPatch {
		return koncern.DocumentPatch{PeriodPatch: pp}
	}))
}

func saveDocument(ctx context.Context, tx *ent.Tx, cur *ent.Document, in *koncern.DocumentInput) error {
	issuer, err := checkDocument(ctx, tx, cur.ID, in)
	if err != nil {
		return err
	}
	if !sameID(cur.MunicipalityID, issuer.MunicipalityID) {
		return koncern.Invalid("issuer_id", "cannot move the document to another municipality's group")
	}
	if err := checkDocumentDependents(ctx, tx, cur.ID, in.Period); err != nil {
		return err
	}
	if err := checkReferrers(ctx, tx, cur.ID, in); err != nil {
		return err
	}
	if in.Kind != cur.Kind {
		if err := checkRecommendationDocument(ctx, tx, cur.ID, in.Kind); err != nil {
			return err
		}
	}
	u := tx.Document.Update().Where(document.ID(cur.ID), document.Version(cur.Version)).
		SetKind(in.Kind).SetTitle(in.Title).SetDecidedOn(in.DecidedOn.Time()).SetIssuerID(in.IssuerID).
		SetValidFrom(in.From.Time()).AddVersion(1)
	m := u.Mutation()
	if err := errors.Join(
		setOrClear(m, document.FieldReference, in.Reference),
		setOrClear(m, document.FieldURL, in.URL),
		setOrClear(m, document.FieldValidTo, timePtr(in.To)),
		setOrClear(m, document.FieldRefersToID, in.RefersToID),
		setOrClear(m, document.FieldYear, in.Year),
		setOrClear(m, document.FieldSubjectIds, subjectsOrNil(in.SubjectIDs)),
	); err != nil {
		return err
	}
	if err := saveOne(u.Save(ctx)); err != nil {
		return err
	}
	switch {
	case in.DecidedOn.String() != date(cur.DecidedOn).String():
		return checkRecommendationsOf(ctx, tx, cur.ID, "decided_on")
	case !sameID(in.RefersToID, cur.RefersToID):
		return checkRecommendationsOf(ctx, tx, cur.ID, "refers_to_id")
	}
	return nil
}

// checkDocument checks that the issuer existed on the day of the decision,
// that the decision precedes its entry into force, and the fields the rule
// book reads (checkDocumentRefs). id is the document's own.
func checkDocument(ctx context.Context, tx *ent.Tx, id uuid.UUID, in *koncern.DocumentInput) (*ent.Organization, error) {
	if in.From.Before(in.DecidedOn) {
		return nil, koncern.Invalid("valid_from", "must not be before decided_on %s: a decision cannot be in force before it is taken", in.DecidedOn)
	}
	day := koncern.Period{From: in.DecidedOn, To: &in.DecidedOn}
	issuer, err := refOrganization(ctx, tx, "issuer_id", in.IssuerID, day)
	if err != nil {
		return nil, err
	}
	return issuer, checkDocumentRefs(ctx, tx, id, in, issuer)
}

// subjectsOrNil is the stored form of a list of subjects: nil (NULL) for
// none, so that setOrClear clears it.
func subjectsOrNil(ids []uuid.UUID) *[]uuid.UUID {
	if len(ids) == 0 {
		return nil
	}
	return &ids
}

// refDocument checks that a referenced document exists and is in force on
// the first day of the record that rests on it. The record may outlive the
// document: a line laid down by a decision that is later repealed keeps its
// history, so only the first day is compared.
func refDocument(ctx context.Context, tx *ent.Tx, field string, id *uuid.UUID, p koncern.Period) error {
	if id == nil {
		return nil
	}
	d, err := getDocument(ctx, tx, field, *id)
	if err != nil {
		return err
	}
	if in := period(d.ValidFrom, d.ValidTo); !in.Contains(p.From) {
		return koncern.Invalid(field, "document %q is in force %s, not on valid_from %s; a record rests on a decision in force when it begins", d.Title, in, p.From)
	}
	return nil
}

// getDocument loads a document a field refers to, refusing an id that
// no document has in the field's name.
func getDocument(ctx context.Context, tx *ent.Tx, field string, id uuid.UUID) (*ent.Document, error) {
	d, err := tx.Document.Get(ctx, id)
	if ent.IsNotFound(err) {
		return nil, koncern.Invalid(field, "no document has id %s", id)
	}
	return d, err
}

// checkDocumentDependents refuses a new period for a document while a
// line, stake or assignment that cites it begins outside that period.
func checkDocumentDependents(ctx context.Context, tx *ent.Tx, id uuid.UUID, p koncern.Period) error {
	begins := dayOutside("valid_from", p)
	l, err := firstOrNil(tx.SteeringLine.Query().Where(steeringline.DocumentID(id), predicate.SteeringLine(begins)).First(ctx))
	if err != nil {
		return err
	} else if l != nil {
		return citedConflict("steering line", l.ID, date(l.ValidFrom), p)
	}
	s, err := firstOrNil(tx.OwnershipStake.Query().Where(ownershipstake.DocumentID(id), predicate.OwnershipStake(begins)).First(ctx))
	if err != nil {
		return err
	} else if s != nil {
		return citedConflict("ownership stake", s.ID, date(s.ValidFrom), p)
	}
	a, err := firstOrNil(tx.Assignment.Query().Where(assignment.DocumentID(id), predicate.Assignment(begins)).First(ctx))
	if err != nil {
		return err
	} else if a != nil {
		return citedConflict("assignment", a.ID, date(a.ValidFrom), p)
	}
	return nil
}

// citedConflict reports a record that cites a document and begins outside
// the document's new period.
func citedConflict(what string, id uuid.UUID, begins koncern.Date, p koncern.Period) error {
	field := "valid_to"
	if begins.Before(p.From) {
		field = "valid_from"
	}
	return koncern.Conflict(field, "%s %s cites this document and begins on %s, outside the new period %s; change it first", what, id, begins, p)
}
