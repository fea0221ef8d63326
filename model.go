package koncern

import (
	"time"

	"github.com/google/uuid"
)

// Meta is what every stored record carries besides its own fields.
type Meta struct {
	ID        uuid.UUID `json:"id"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Organization is a stored organisation.
type Organization struct {
	Meta
	OrganizationInput
	MunicipalityID *uuid.UUID `json:"municipality_id"`
}

// OrganizationInput is what a client writes about an organisation.
type OrganizationInput struct {
	Kind        string     `json:"kind" validate:"required,orgkind"`
	Name        string     `json:"name" validate:"required,trimmed,visible,max=200"`
	OrgNumber   *string    `json:"org_number" validate:"omitnil,orgnr"`
	ParentID    *uuid.UUID `json:"parent_id"`
	TotalShares *int64     `json:"total_shares" validate:"omitnil,min=1,count"`
	TotalVotes  *int64     `json:"total_votes" validate:"omitnil,min=1,count"`
	StaffFTE    *float64   `json:"staff_fte" validate:"omitnil,min=0,max=1000000"`
	// ReviewDeadline is a municipality's last day, "MM-DD" of the following
	// year, for the executive board's annual review of the companies'
	// past year; unset means DefaultReviewDeadline. Only a municipality
	// has one.
	ReviewDeadline *string `json:"review_deadline" validate:"omitnil,monthday"`
	Period
}

// Person is a stored person.
type Person struct {
	Meta
	PersonInput
}

// PersonInput is what a client writes about a person.
type PersonInput struct {
	Name  string  `json:"name" validate:"required,trimmed,visible,max=200"`
	Email *string `json:"email" validate:"omitnil,email,max=254"`
	Phone *string `json:"phone" validate:"omitnil,phone"`
	Period
}

// Post is a stored post.
type Post struct {
	Meta
	PostInput
	MunicipalityID *uuid.UUID `json:"municipality_id"`
}

// PostInput is what a client writes about a post.
type PostInput struct {
	OrganizationID uuid.UUID `json:"organization_id" validate:"required"`
	Title          string    `json:"title" validate:"required,trimmed,visible,max=200"`
	Role           string    `json:"role" validate:"required,role"`
	Political      bool      `json:"political"`
	Period
}

// Assignment is a stored assignment.
type Assignment struct {
	Meta
	AssignmentInput
	MunicipalityID *uuid.UUID `json:"municipality_id"`
}

// AssignmentInput is what a client writes about a person holding a post.
type AssignmentInput struct {
	PersonID   uuid.UUID  `json:"person_id" validate:"required"`
	PostID     uuid.UUID  `json:"post_id" validate:"required"`
	DocumentID *uuid.UUID `json:"document_id"`
	Period
}

// Stake is a stored ownership stake.
type Stake struct {
	Meta
	StakeInput
	MunicipalityID *uuid.UUID `json:"municipality_id"`
}

// StakeInput is what a client writes about an ownership stake. Shares and
// votes are counts against the company's total_shares and total_votes. All
// counts are capped at MaxCount (10^15), so that sums over every stake of a
// company cannot overflow.
type StakeInput struct {
	OwnerID    uuid.UUID  `json:"owner_id" validate:"required"`
	CompanyID  uuid.UUID  `json:"company_id" validate:"required"`
	Shares     int64      `json:"shares" validate:"min=0,count"`
	Votes      int64      `json:"votes" validate:"min=0,count"`
	DocumentID *uuid.UUID `json:"document_id"`
	Period
}

// SteeringLine is a stored steering line.
type SteeringLine struct {
	Meta
	SteeringLineInput
	MunicipalityID *uuid.UUID `json:"municipality_id"`
}

// SteeringLineInput is what a client writes about a steering line. Exactly
// one of the from fields and one of the to fields is set.
type SteeringLineInput struct {
	FromPostID         *uuid.UUID `json:"from_post_id"`
	FromOrganizationID *uuid.UUID `json:"from_organization_id"`
	ToPostID           *uuid.UUID `json:"to_post_id"`
	ToOrganizationID   *uuid.UUID `json:"to_organization_id"`
	Kind               string     `json:"kind" validate:"required,linekind"`
	Basis              string     `json:"basis" validate:"required,basis"`
	DocumentID         *uuid.UUID `json:"document_id"`
	Description        *string    `json:"description" validate:"omitnil,max=2000" text:"multiline"`
	Period
}

// Document is a stored document.
type Document struct {
	Meta
	DocumentInput
	MunicipalityID *uuid.UUID `json:"municipality_id"`
}

// DocumentInput is what a client writes about a decision document.
type DocumentInput struct {
	Kind      string    `json:"kind" validate:"required,dockind"`
	Title     string    `json:"title" validate:"required,trimmed,visible,max=300"`
	Reference *string   `json:"reference" validate:"omitnil,max=100"`
	DecidedOn Date      `json:"decided_on" validate:"required"`
	URL       *string   `json:"url" validate:"omitnil,weburl,max=2000"`
	IssuerID  uuid.UUID `json:"issuer_id" validate:"required"`
	// SubjectIDs are the organisations the document concerns, such as the
	// companies an annual review covers (CheckDocumentFields says which
	// kinds need them).
	SubjectIDs []uuid.UUID `json:"subject_ids"`
	// RefersToID is the document this one adopts or answers: the owner
	// directive a general meeting's resolution adopts, the audit report an
	// audit response answers, the articles of association a council
	// decision approves.
	RefersToID *uuid.UUID `json:"refers_to_id"`
	// Year is the calendar year an annual review covers.
	Year *int `json:"year" validate:"omitnil,min=1000,max=9999"`
	Period
}

// Holder is an assignment together with the person who holds the post.
type Holder struct {
	Assignment
	Person Person `json:"person"`
}

// Source returns the id of the steering end, a post or an organisation; a
// stored line always has one.
func (l SteeringLineInput) Source() uuid.UUID {
	if l.FromPostID != nil {
		return *l.FromPostID
	}
	return *l.FromOrganizationID
}

// Target returns the id of the steered end, a post or an organisation; a
// stored line always has one.
func (l SteeringLineInput) Target() uuid.UUID {
	if l.ToPostID != nil {
		return *l.ToPostID
	}
	return *l.ToOrganizationID
}

// TransactionInput is one ownership transaction as a client posts it: shares
// and votes move out of the seller's stake and into the buyer's from the
// effective date. Backdate must be set to record a transaction that
// predates a later one on the same stakes, since that rewrites the periods
// the later one made.
type TransactionInput struct {
	Type          string     `json:"type" validate:"required,txtype"`
	CompanyID     uuid.UUID  `json:"company_id" validate:"required"`
	SellerID      *uuid.UUID `json:"seller_id"`
	BuyerID       *uuid.UUID `json:"buyer_id"`
	Shares        int64      `json:"shares" validate:"min=0,count"`
	Votes         int64      `json:"votes" validate:"min=0,count"`
	EffectiveDate Date       `json:"effective_date" validate:"required"`
	DocumentID    *uuid.UUID `json:"document_id"`
	Backdate      bool       `json:"backdate"`
}

// Transaction is a recorded entry of the ownership ledger. Backdated is
// true when it was recorded before a later transaction on the same stakes.
type Transaction struct {
	ID            uuid.UUID  `json:"id"`
	CreatedAt     time.Time  `json:"created_at"`
	Type          string     `json:"type"`
	CompanyID     uuid.UUID  `json:"company_id"`
	SellerID      *uuid.UUID `json:"seller_id"`
	BuyerID       *uuid.UUID `json:"buyer_id"`
	Shares        int64      `json:"shares"`
	Votes         int64      `json:"votes"`
	EffectiveDate Date       `json:"effective_date"`
	DocumentID    *uuid.UUID `json:"document_id"`
	Backdated     bool       `json:"backdated"`
}

// ShareCapital is a company's total shares and votes for a period. ID is
// null for the one period a company without dated capital has: its
// organisation's totals over its whole life.
type ShareCapital struct {
	ID          *uuid.UUID `json:"id"`
	CompanyID   uuid.UUID  `json:"company_id"`
	TotalShares int64      `json:"total_shares"`
	TotalVotes  int64      `json:"total_votes"`
	DocumentID  *uuid.UUID `json:"document_id"`
	Period
}

// CapitalOn is a company's totals on day d: those of its capital period
// that holds that day, else the organisation's totals (a company whose
// capital never changed keeps no periods). periods may hold other
// companies' periods too.
func CapitalOn(company Organization, periods []ShareCapital, d Date) (shares, votes *int64) {
	for i := range periods {
		p := &periods[i]
		if p.CompanyID == company.ID && p.Period.Contains(d) {
			return &p.TotalShares, &p.TotalVotes
		}
	}
	return company.TotalShares, company.TotalVotes
}
