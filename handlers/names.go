package handlers

import (
	"context"
	"encoding/hex"
	"hash/fnv"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
)

// The API shows a stake, an assignment or a steering line with the names
// of the records it refers to beside their ids, so that a list reads
// without a lookup per row. The names are read-only: the create and patch
// DTOs do not have them, so a body that carries one is refused as a field
// the request does not take (koncern.UnknownFieldMessage says why), like
// any other field a client cannot write. They are the names the registry
// holds now (as recorded then, for a record read with recorded_at), filled
// for a whole page in at most three queries
// (registry.Names), never one per row. They are no part of the record's
// version; the record's ETag covers them (writeVersioned), so that a
// renamed company is never answered 304 under its old name.

// stakeOut is a stake with its owner's and its company's names.
type stakeOut struct {
	koncern.Stake
	OwnerName   string `json:"owner_name"`
	CompanyName string `json:"company_name"`
}

// assignmentOut is an assignment with the holder's name, the post's title
// and the name of the post's organisation.
type assignmentOut struct {
	koncern.Assignment
	PersonName       string `json:"person_name"`
	PostTitle        string `json:"post_title"`
	OrganizationName string `json:"organization_name"`
}

// holderOut is a post's holder: the assignment with its names, and the
// person.
type holderOut struct {
	assignmentOut
	Person koncern.Person `json:"person"`
}

// steeringLineOut is a steering line with both ends named: a post's title
// (null at an organisation's end) and an organisation's name, that of the
// end itself or of the post's organisation.
type steeringLineOut struct {
	koncern.SteeringLine
	FromPostTitle        *string `json:"from_post_title"`
	FromOrganizationName string  `json:"from_organization_name"`
	ToPostTitle          *string `json:"to_post_title"`
	ToOrganizationName   string  `json:"to_organization_name"`
}

func (s stakeOut) displayNames() []string { return []string{s.OwnerName, s.CompanyName} }

func (a assignmentOut) displayNames() []string {
	return []string{a.PersonName, a.PostTitle, a.OrganizationName}
}

func (l steeringLineOut) displayNames() []string {
	return []string{deref(l.FromPostTitle), l.FromOrganizationName, deref(l.ToPostTitle), l.ToOrganizationName}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// namesDigest is a short digest of the names a record shows, for its
// ETag.
func namesDigest(names []string) string {
	h := fnv.New32a()
	for _, n := range names {
		h.Write([]byte(n))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// namer fills in the names of pages of records.
type namer struct{ reg *registry.Registry }

func (n namer) stakes(ctx context.Context, items []koncern.Stake) ([]record, error) {
	var refs registry.NameRefs
	for _, s := range items {
		refs.Organizations = append(refs.Organizations, s.OwnerID, s.CompanyID)
	}
	names, err := n.reg.Names(ctx, refs)
	if err != nil {
		return nil, err
	}
	out := make([]record, len(items))
	for i, s := range items {
		out[i] = stakeOut{Stake: s, OwnerName: names.Organization(s.OwnerID), CompanyName: names.Organization(s.CompanyID)}
	}
	return out, nil
}

func (n namer) assignments(ctx context.Context, items []koncern.Assignment) ([]record, error) {
	named, err := n.namedAssignments(ctx, items)
	if err != nil {
		return nil, err
	}
	out := make([]record, len(named))
	for i, a := range named {
		out[i] = a
	}
	return out, nil
}

func (n namer) namedAssignments(ctx context.Context, items []koncern.Assignment) ([]assignmentOut, error) {
	var refs registry.NameRefs
	for _, a := range items {
		refs.People = append(refs.People, a.PersonID)
		refs.Posts = append(refs.Posts, a.PostID)
	}
	names, err := n.reg.Names(ctx, refs)
	if err != nil {
		return nil, err
	}
	out := make([]assignmentOut, len(items))
	for i, a := range items {
		title, org := names.Post(a.PostID)
		out[i] = assignmentOut{Assignment: a, PersonName: names.Person(a.PersonID), PostTitle: title, OrganizationName: org}
	}
	return out, nil
}

func (n namer) holders(ctx context.Context, items []koncern.Holder) ([]record, error) {
	as := make([]koncern.Assignment, len(items))
	for i, h := range items {
		as[i] = h.Assignment
	}
	named, err := n.namedAssignments(ctx, as)
	if err != nil {
		return nil, err
	}
	out := make([]record, len(items))
	for i, h := range items {
		out[i] = holderOut{assignmentOut: named[i], Person: h.Person}
	}
	return out, nil
}

func (n namer) steeringLines(ctx context.Context, items []koncern.SteeringLine) ([]record, error) {
	var refs registry.NameRefs
	for _, l := range items {
		for _, end := range []struct{ post, org *uuid.UUID }{{l.FromPostID, l.FromOrganizationID}, {l.ToPostID, l.ToOrganizationID}} {
			if end.post != nil {
				refs.Posts = append(refs.Posts, *end.post)
			}
			if end.org != nil {
				refs.Organizations = append(refs.Organizations, *end.org)
			}
		}
	}
	names, err := n.reg.Names(ctx, refs)
	if err != nil {
		return nil, err
	}
	out := make([]record, len(items))
	for i, l := range items {
		o := steeringLineOut{SteeringLine: l}
		o.FromPostTitle, o.FromOrganizationName = endNames(names, l.FromPostID, l.FromOrganizationID)
		o.ToPostTitle, o.ToOrganizationName = endNames(names, l.ToPostID, l.ToOrganizationID)
		out[i] = o
	}
	return out, nil
}

// endNames names one end of a steering line: a post by its title and its
// organisation, an organisation by its name.
func endNames(names registry.Names, post, org *uuid.UUID) (*string, string) {
	if post != nil {
		title, orgName := names.Post(*post)
		return &title, orgName
	}
	return nil, names.Organization(*org)
}
