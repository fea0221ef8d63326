package koncern

import (
	"bytes"
	"encoding/json"

	"github.com/google/uuid"
)

// Opt is one field of a PATCH body: absent, null, or a value. Absent leaves
// the stored value alone; null clears an optional field.
type Opt[T any] struct {
	Set   bool
	Null  bool
	Value T
}

// UnmarshalJSON records that the field was present, and whether it was null.
func (o *Opt[T]) UnmarshalJSON(b []byte) error {
	o.Set = true
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		o.Null = true
		return nil
	}
	return json.Unmarshal(b, &o.Value)
}

// patcher collects the errors of applying one patch.
type patcher struct{ errs []FieldError }

// value applies o to a field that cannot be null.
func value[T any](p *patcher, field string, o Opt[T], dst *T) {
	if !o.Set {
		return
	}
	if o.Null {
		p.errs = append(p.errs, FieldError{Field: field, Message: "must not be null"})
		return
	}
	*dst = o.Value
}

// pointer applies o to an optional field; null clears it.
func pointer[T any](o Opt[T], dst **T) {
	if !o.Set {
		return
	}
	if o.Null {
		*dst = nil
		return
	}
	v := o.Value
	*dst = &v
}

// list applies o to a list; null empties it.
func list[T any](o Opt[[]T], dst *[]T) {
	if o.Set {
		*dst = o.Value
	}
}

func (p *patcher) period(from, to Opt[Date], dst *Period) {
	value(p, "valid_from", from, &dst.From)
	pointer(to, &dst.To)
}

func (p *patcher) err() error {
	if len(p.errs) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Message: SummarizeFields(p.errs), Fields: p.errs}
}

// PeriodPatch is the part of every patch that moves the validity period.
type PeriodPatch struct {
	ValidFrom Opt[Date] `json:"valid_from"`
	ValidTo   Opt[Date] `json:"valid_to"`
}

// OrganizationPatch changes an organisation. Its kind cannot change: an
// organisation that becomes something else is ended and created anew.
type OrganizationPatch struct {
	Name        Opt[string]    `json:"name"`
	OrgNumber   Opt[string]    `json:"org_number"`
	ParentID    Opt[uuid.UUID] `json:"parent_id"`
	TotalShares Opt[int64]     `json:"total_shares"`
	TotalVotes  Opt[int64]     `json:"total_votes"`
	StaffFTE    Opt[float64]   `json:"staff_fte"`
	// ReviewDeadline is a municipality's; null returns to the default.
	ReviewDeadline Opt[string] `json:"review_deadline"`
	PeriodPatch
}

// Apply writes the patch over in.
func (x OrganizationPatch) Apply(in *OrganizationInput) error {
	var p patcher
	value(&p, "name", x.Name, &in.Name)
	pointer(x.OrgNumber, &in.OrgNumber)
	pointer(x.ParentID, &in.ParentID)
	pointer(x.TotalShares, &in.TotalShares)
	pointer(x.TotalVotes, &in.TotalVotes)
	pointer(x.StaffFTE, &in.StaffFTE)
	pointer(x.ReviewDeadline, &in.ReviewDeadline)
	p.period(x.ValidFrom, x.ValidTo, &in.Period)
	return p.err()
}

// PersonPatch changes a person.
type PersonPatch struct {
	Name  Opt[string] `json:"name"`
	Email Opt[string] `json:"email"`
	Phone Opt[string] `json:"phone"`
	PeriodPatch
}

// Apply writes the patch over in.
func (x PersonPatch) Apply(in *PersonInput) error {
	var p patcher
	value(&p, "name", x.Name, &in.Name)
	pointer(x.Email, &in.Email)
	pointer(x.Phone, &in.Phone)
	p.period(x.ValidFrom, x.ValidTo, &in.Period)
	return p.err()
}

// PostPatch changes a post. The organisation it sits in cannot change.
type PostPatch struct {
	Title     Opt[string] `json:"title"`
	Role      Opt[string] `json:"role"`
	Political Opt[bool]   `json:"political"`
	PeriodPatch
}

// Apply writes the patch over in.
func (x PostPatch) Apply(in *PostInput) error {
	var p patcher
	value(&p, "title", x.Title, &in.Title)
	value(&p, "role", x.Role, &in.Role)
	value(&p, "political", x.Political, &in.Political)
	p.period(x.ValidFrom, x.ValidTo, &in.Period)
	return p.err()
}

// AssignmentPatch changes an assignment. Its person and post cannot change.
type AssignmentPatch struct {
	DocumentID Opt[uuid.UUID] `json:"document_id"`
	PeriodPatch
}

// Apply writes the patch over in.
func (x AssignmentPatch) Apply(in *AssignmentInput) error {
	var p patcher
	pointer(x.DocumentID, &in.DocumentID)
	p.period(x.ValidFrom, x.ValidTo, &in.Period)
	return p.err()
}

// StakePatch corrects a stake. Its owner and company cannot change.
type StakePatch struct {
	Shares     Opt[int64]     `json:"shares"`
	Votes      Opt[int64]     `json:"votes"`
	DocumentID Opt[uuid.UUID] `json:"document_id"`
	PeriodPatch
}

// Apply writes the patch over in.
func (x StakePatch) Apply(in *StakeInput) error {
	var p patcher
	value(&p, "shares", x.Shares, &in.Shares)
	value(&p, "votes", x.Votes, &in.Votes)
	pointer(x.DocumentID, &in.DocumentID)
	p.period(x.ValidFrom, x.ValidTo, &in.Period)
	return p.err()
}

// SteeringLinePatch changes a steering line. Its endpoints cannot change.
type SteeringLinePatch struct {
	Kind        Opt[string]    `json:"kind"`
	Basis       Opt[string]    `json:"basis"`
	DocumentID  Opt[uuid.UUID] `json:"document_id"`
	Description Opt[string]    `json:"description"`
	PeriodPatch
}

// Apply writes the patch over in.
func (x SteeringLinePatch) Apply(in *SteeringLineInput) error {
	var p patcher
	value(&p, "kind", x.Kind, &in.Kind)
	value(&p, "basis", x.Basis, &in.Basis)
	pointer(x.DocumentID, &in.DocumentID)
	pointer(x.Description, &in.Description)
	p.period(x.ValidFrom, x.ValidTo, &in.Period)
	return p.err()
}

// DocumentPatch changes a document.
type DocumentPatch struct {
	Kind      Opt[string]    `json:"kind"`
	Title     Opt[string]    `json:"title"`
	Reference Opt[string]    `json:"reference"`
	DecidedOn Opt[Date]      `json:"decided_on"`
	URL       Opt[string]    `json:"url"`
	IssuerID  Opt[uuid.UUID] `json:"issuer_id"`
	// SubjectIDs replaces the list whole; null or [] empties it.
	SubjectIDs Opt[[]uuid.UUID] `json:"subject_ids"`
	RefersToID Opt[uuid.UUID]   `json:"refers_to_id"`
	Year       Opt[int]         `json:"year"`
	PeriodPatch
}

// Apply writes the patch over in.
func (x DocumentPatch) Apply(in *DocumentInput) error {
	var p patcher
	value(&p, "kind", x.Kind, &in.Kind)
	value(&p, "title", x.Title, &in.Title)
	pointer(x.Reference, &in.Reference)
	value(&p, "decided_on", x.DecidedOn, &in.DecidedOn)
	pointer(x.URL, &in.URL)
	value(&p, "issuer_id", x.IssuerID, &in.IssuerID)
	list(x.SubjectIDs, &in.SubjectIDs)
	pointer(x.RefersToID, &in.RefersToID)
	pointer(x.Year, &in.Year)
	p.period(x.ValidFrom, x.ValidTo, &in.Period)
	return p.err()
}

// Immutable names the fields that identify an organisation.
func (OrganizationPatch) Immutable() []string { return []string{"kind"} }

// Immutable names the fields that identify a post.
func (PostPatch) Immutable() []string { return []string{"organization_id"} }

// Immutable names the fields that identify an assignment.
func (AssignmentPatch) Immutable() []string { return []string{"person_id", "post_id"} }

// Immutable names the fields that identify a stake.
func (StakePatch) Immutable() []string { return []string{"owner_id", "company_id"} }

// Immutable names the fields that identify a steering line.
func (SteeringLinePatch) Immutable() []string {
	return []string{"from_post_id", "from_organization_id", "to_post_id", "to_organization_id"}
}

// identifying is every field that some patch refuses because it identifies
// the record. A field that a patch type does have (kind of a steering line)
// never reaches the question.
var identifying = func() map[string]bool {
	set := map[string]bool{"id": true}
	for _, im := range []interface{ Immutable() []string }{OrganizationPatch{}, PostPatch{}, AssignmentPatch{}, StakePatch{}, SteeringLinePatch{}, RecommendationPatch{}} {
		for _, f := range im.Immutable() {
			set[f] = true
		}
	}
	return set
}()

// displayFields are the names the API shows beside a record's ids (a
// stake's owner and company, an assignment's person and post, a steering
// line's ends). The server fills them in; no request takes them.
var displayFields = map[string]bool{
	"owner_name": true, "company_name": true, "person_name": true, "post_title": true, "organization_name": true,
	"from_post_title": true, "from_organization_name": true, "to_post_title": true, "to_organization_name": true,
}

// UnknownFieldMessage says why a body may not carry field: it either
// identifies the record, which a patch cannot change, or is no field at all.
func UnknownFieldMessage(field string, patch bool) string {
	switch {
	case field == "id":
		return "cannot be set; the id is chosen by the server and named in the path"
	case patch && identifying[field]:
		return "cannot be changed; end the record and create a new one"
	case displayFields[field]:
		return "is read-only: the server shows the name of the record the id beside it names; send the id"
	}
	return "is not a field of this request"
}
