package registry

import (
	"context"
	"fmt"
	"slices"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/document"
	"github.com/koncernregistret/koncern/ent/organization"
)

// checkDocumentRefs checks the fields the rule book reads (the issuer's
// kind, subject_ids, refers_to_id and year) against the kind
// (koncern.CheckDocumentFields) and the graph. id is the document's own.
func checkDocumentRefs(ctx context.Context, tx *ent.Tx, id uuid.UUID, in *koncern.DocumentInput, issuer *ent.Organization) error {
	if len(in.SubjectIDs) == 0 {
		in.SubjectIDs = nil
	}
	if err := koncern.CheckDocumentFields(in); err != nil {
		return err
	}
	if kinds := koncern.DocumentIssuers[in.Kind]; kinds != nil && !slices.Contains(kinds, issuer.Kind) {
		return koncern.Invalid("issuer_id", "a %s is issued by a %s; organisation %q is a %s", in.Kind, joinOr(kinds), issuer.Name, issuer.Kind)
	}
	if err := checkSubjects(ctx, tx, in, issuer); err != nil {
		return err
	}
	return checkRefersTo(ctx, tx, id, in)
}

// checkSubjects checks that every organisation the document names is one
// of the registry's; an annual review's are companies of the issuer's
// group, which its executive board oversees.
func checkSubjects(ctx context.Context, tx *ent.Tx, in *koncern.DocumentInput, issuer *ent.Organization) error {
	if len(in.SubjectIDs) == 0 {
		return nil
	}
	orgs, err := tx.Organization.Query().Where(organization.IDIn(in.SubjectIDs...)).All(ctx)
	if err != nil {
		return err
	}
	byID := make(map[uuid.UUID]*ent.Organization, len(orgs))
	for _, o := range orgs {
		byID[o.ID] = o
	}
	for _, id := range in.SubjectIDs {
		o := byID[id]
		switch {
		case o == nil:
			return koncern.Invalid("subject_ids", "no organisation has id %s", id)
		case in.Kind != "annual_review":
		case o.Kind != "company":
			return koncern.Invalid("subject_ids", "organisation %q is a %s; an annual review covers companies", o.Name, o.Kind)
		case !sameID(o.MunicipalityID, issuer.MunicipalityID):
			return koncern.Invalid("subject_ids", "company %q is not of the issuer's municipality's group; an executive board reviews its own municipality's companies", o.Name)
		}
	}
	return nil
}

// checkRefersTo checks the document this one adopts, approves or answers:
// one of the kinds koncern.DocumentRefers allows, other than itself, and
// decided no later than this one.
func checkRefersTo(ctx context.Context, tx *ent.Tx, id uuid.UUID, in *koncern.DocumentInput) error {
	if in.RefersToID == nil {
		return nil
	}
	if *in.RefersToID == id {
		return koncern.Invalid("refers_to_id", "a document cannot refer to itself")
	}
	ref, err := getDocument(ctx, tx, "refers_to_id", *in.RefersToID)
	if err != nil {
		return err
	}
	if msg := referenceProblem(in, ref.Title, ref.Kind, date(ref.DecidedOn)); msg != "" {
		return koncern.Invalid("refers_to_id", "%s", msg)
	}
	return nil
}

// referenceProblem says what is wrong with a reference from a document in
// to a document of kind refKind decided on refDecided, or "".
func referenceProblem(in *koncern.DocumentInput, refTitle, refKind string, refDecided koncern.Date) string {
	if kinds := koncern.DocumentRefers[in.Kind]; !slices.Contains(kinds, refKind) {
		return fmt.Sprintf("document %q is a %s; a %s refers to a %s", refTitle, refKind, in.Kind, joinOr(kinds))
	}
	if refDecided.After(in.DecidedOn) {
		return fmt.Sprintf("document %q was decided on %s, after decided_on %s: a decision adopts or answers one taken before it", refTitle, refDecided, in.DecidedOn)
	}
	return ""
}

// checkReferrers refuses a change to a document that the documents
// referring to it could no longer refer to: a kind they do not adopt or
// answer, or a decision day after theirs.
func checkReferrers(ctx context.Context, tx *ent.Tx, id uuid.UUID, in *koncern.DocumentInput) error {
	referrers, err := tx.Document.Query().Where(document.RefersToID(id)).All(ctx)
	if err != nil {
		return err
	}
	for _, d := range referrers {
		r := toDocument(d).DocumentInput
		if msg := referenceProblem(&r, in.Title, in.Kind, in.DecidedOn); msg != "" {
			field := "kind"
			if slices.Contains(koncern.DocumentRefers[r.Kind], in.Kind) {
				field = "decided_on"
			}
			return koncern.Conflict(field, "document %q (%s) refers to this one and could no longer: %s", d.Title, d.ID, msg)
		}
	}
	return nil
}
