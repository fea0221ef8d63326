package koncern

import "github.com/google/uuid"

// FindingCommentInput is what an auditor writes about a finding. A finding
// is computed, not stored, so a comment names it the way it stays the
// same from one run to the next: by its rule and its subject.
type FindingCommentInput struct {
	Rule      string    `json:"rule" validate:"required,max=100"`
	SubjectID uuid.UUID `json:"subject_id" validate:"required"`
	Body      string    `json:"body" validate:"required,trimmed,visible,max=4000" text:"multiline"`
}

// FindingComment is a stored comment on a finding. SubjectType is the kind
// of record the subject is (post, organization or person), and Author the
// caller who wrote it, as the audit trail names them.
type FindingComment struct {
	Meta
	FindingCommentInput
	SubjectType string `json:"subject_type"`
	Author      string `json:"author"`
}

// FindingCommentPatch changes a comment's text; what it is about stays.
type FindingCommentPatch struct {
	Body Opt[string] `json:"body"`
}

// Apply writes the patch over in.
func (x FindingCommentPatch) Apply(in *FindingCommentInput) error {
	var p patcher
	value(&p, "body", x.Body, &in.Body)
	return p.err()
}
