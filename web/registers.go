package web

import (
	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
)

// period is the two fields every register ends its form with.
var period = []formField{
	{Name: "valid_from", Label: "field.valid_from", Kind: kindDate, Required: true},
	{Name: "valid_to", Label: "field.valid_to", Kind: kindDate},
}

func withPeriod(fields ...formField) []formField { return append(fields, period...) }

// recordForms are the forms of the seven registers. Each lists its fields
// by their JSON names and binds the registry's own operations; nothing
// here decides what a valid record is.
func recordForms(r *registry.Registry) []recordForm {
	return []recordForm{
		registryOps[koncern.OrganizationInput, koncern.OrganizationPatch, koncern.Organization]{
			r.CreateOrganization, r.GetOrganization, r.UpdateOrganization, r.EndOrganization,
		}.bind(recordForm{
			register: "organizations", immutable: koncern.OrganizationPatch{}.Immutable(), show: showAt("/organizations/", "id"),
			fields: withPeriod(
				formField{Name: "kind", Label: "field.kind", Kind: kindEnum, Vocabulary: "org_kind", Required: true},
				formField{Name: "name", Label: "field.name", Kind: kindText, Required: true},
				formField{Name: "org_number", Label: "field.org_number", Kind: kindText},
				formField{Name: "parent_id", Label: "field.parent_id", Kind: kindOrg},
				formField{Name: "total_shares", Label: "field.total_shares", Kind: kindNumber},
				formField{Name: "total_votes", Label: "field.total_votes", Kind: kindNumber},
				formField{Name: "staff_fte", Label: "field.staff_fte", Kind: kindNumber},
				formField{Name: "review_deadline", Label: "field.review_deadline", Kind: kindText},
			),
		}),
		registryOps[koncern.PersonInput, koncern.PersonPatch, koncern.Person]{
			r.CreatePerson, r.GetPerson, r.UpdatePerson, r.EndPerson,
		}.bind(recordForm{
			register: "people", show: showAt("/people/", "id"),
			fields: withPeriod(
				formField{Name: "name", Label: "field.name", Kind: kindText, Required: true},
				formField{Name: "email", Label: "field.email", Kind: kindText},
				formField{Name: "phone", Label: "field.phone", Kind: kindText},
			),
		}),
		registryOps[koncern.PostInput, koncern.PostPatch, koncern.Post]{
			r.CreatePost, r.GetPost, r.UpdatePost, r.EndPost,
		}.bind(recordForm{
			register: "posts", immutable: koncern.PostPatch{}.Immutable(), show: showAt("/posts/", "id"),
			fields: withPeriod(
				formField{Name: "organization_id", Label: "field.organization_id", Kind: kindOrg, Required: true},
				formField{Name: "title", Label: "field.title", Kind: kindText, Required: true},
				formField{Name: "role", Label: "field.role", Kind: kindEnum, Vocabulary: "role", Required: true},
				formField{Name: "political", Label: "field.political", Kind: kindCheck},
			),
		}),
		registryOps[koncern.AssignmentInput, koncern.AssignmentPatch, koncern.Assignment]{
			r.CreateAssignment, r.GetAssignment, r.UpdateAssignment, r.EndAssignment,
		}.bind(recordForm{
			register: "assignments", immutable: koncern.AssignmentPatch{}.Immutable(), show: showAt("/people/", "person_id"),
			fields: withPeriod(
				formField{Name: "person_id", Label: "field.person_id", Kind: kindPerson, Required: true},
				formField{Name: "post_id", Label: "field.post_id", Kind: kindPost, Required: true},
				formField{Name: "document_id", Label: "field.document_id", Kind: kindDocument},
			),
		}),
		registryOps[koncern.StakeInput, koncern.StakePatch, koncern.Stake]{
			r.CreateStake, r.GetStake, r.UpdateStake, r.EndStake,
		}.bind(recordForm{
			register: "stakes", immutable: koncern.StakePatch{}.Immutable(), show: showAt("/organizations/", "company_id"),
			fields: withPeriod(
				formField{Name: "owner_id", Label: "field.owner_id", Kind: kindOrg, Required: true},
				formField{Name: "company_id", Label: "field.company_id", Kind: kindOrg, Required: true},
				formField{Name: "shares", Label: "field.shares", Kind: kindNumber, Required: true},
				formField{Name: "votes", Label: "field.votes", Kind: kindNumber, Required: true},
				formField{Name: "document_id", Label: "field.document_id", Kind: kindDocument},
			),
		}),
		registryOps[koncern.SteeringLineInput, koncern.SteeringLinePatch, koncern.SteeringLine]{
			r.CreateSteeringLine, r.GetSteeringLine, r.UpdateSteeringLine, r.EndSteeringLine,
		}.bind(recordForm{
			register: "steering-lines", immutable: koncern.SteeringLinePatch{}.Immutable(), show: showLine,
			fields: withPeriod(
				formField{Name: "from_post_id", Label: "field.from_post_id", Kind: kindPost},
				formField{Name: "from_organization_id", Label: "field.from_organization_id", Kind: kindOrg},
				formField{Name: "to_post_id", Label: "field.to_post_id", Kind: kindPost},
				formField{Name: "to_organization_id", Label: "field.to_organization_id", Kind: kindOrg},
				formField{Name: "kind", Label: "field.line_kind", Kind: kindEnum, Vocabulary: "line_kind", Required: true},
				formField{Name: "basis", Label: "field.basis", Kind: kindEnum, Vocabulary: "basis", Required: true},
				formField{Name: "document_id", Label: "field.document_id", Kind: kindDocument},
				formField{Name: "description", Label: "field.description", Kind: kindTextarea},
			),
		}),
		registryOps[koncern.DocumentInput, koncern.DocumentPatch, koncern.Document]{
			r.CreateDocument, r.GetDocument, r.UpdateDocument, r.EndDocument,
		}.bind(recordForm{
			register: "documents", show: showAt("/documents/", "id"),
			fields: withPeriod(
				formField{Name: "kind", Label: "field.kind", Kind: kindEnum, Vocabulary: "document_kind", Required: true},
				formField{Name: "title", Label: "field.title", Kind: kindText, Required: true},
				formField{Name: "reference", Label: "field.reference", Kind: kindText},
				formField{Name: "decided_on", Label: "field.decided_on", Kind: kindDate, Required: true},
				formField{Name: "url", Label: "field.url", Kind: kindText},
				formField{Name: "issuer_id", Label: "field.issuer_id", Kind: kindOrg, Required: true},
				formField{Name: "subject_ids", Label: "field.subject_ids", Kind: kindOrgs},
				formField{Name: "refers_to_id", Label: "field.refers_to_id", Kind: kindDocument},
				formField{Name: "year", Label: "field.year", Kind: kindNumber},
			),
		}),
	}
}

// showAt is the page of the record that field of a changed record names.
func showAt(prefix, field string) func(values) string {
	return func(v values) string { return prefix + v[field] }
}

// showLine is the page of a steering line's steering end.
func showLine(v values) string {
	if v["from_post_id"] != "" {
		return "/posts/" + v["from_post_id"]
	}
	return "/organizations/" + v["from_organization_id"]
}
