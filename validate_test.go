package koncern_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

func TestValidate(t *testing.T) {
	v, err := koncern.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	ok := koncern.OrganizationInput{Kind: "committee", Name: "Socialnämnden", Period: period("2003-01-01", "")}
	if err := v.Validate(ok); err != nil {
		t.Fatalf("valid input rejected: %v", err)
	}
	bad := func(field string, in any) {
		t.Helper()
		err := v.Validate(in)
		var kerr *koncern.Error
		if e, isK := err.(*koncern.Error); isK {
			kerr = e
		}
		if kerr == nil || kerr.Code != koncern.EINVALID {
			t.Fatalf("%s: got %v, want EINVALID", field, err)
		}
		for _, f := range kerr.Fields {
			if f.Field == field && f.Message != "" {
				return
			}
		}
		t.Fatalf("%s not named in %v", field, kerr.Fields)
	}
	with := func(f func(*koncern.OrganizationInput)) koncern.OrganizationInput { in := ok; f(&in); return in }
	t.Run("ErrKind", func(t *testing.T) { bad("kind", with(func(in *koncern.OrganizationInput) { in.Kind = "ministry" })) })
	t.Run("ErrNameRequired", func(t *testing.T) { bad("name", with(func(in *koncern.OrganizationInput) { in.Name = "" })) })
	t.Run("ErrNameSpaces", func(t *testing.T) { bad("name", with(func(in *koncern.OrganizationInput) { in.Name = " X" })) })
	t.Run("ErrNameLong", func(t *testing.T) {
		bad("name", with(func(in *koncern.OrganizationInput) { in.Name = strings.Repeat("å", 201) }))
	})
	t.Run("ErrOrgNumber", func(t *testing.T) {
		n := "212000-0143"
		bad("org_number", with(func(in *koncern.OrganizationInput) { in.OrgNumber = &n }))
	})
	t.Run("ErrValidFromRequired", func(t *testing.T) {
		bad("valid_from", with(func(in *koncern.OrganizationInput) { in.Period = koncern.Period{} }))
	})
	t.Run("ErrValidToBeforeValidFrom", func(t *testing.T) {
		bad("valid_to", with(func(in *koncern.OrganizationInput) { in.Period = period("2003-01-02", "2003-01-01") }))
	})
	t.Run("OneDayPeriod", func(t *testing.T) {
		if err := v.Validate(with(func(in *koncern.OrganizationInput) { in.Period = period("2003-01-01", "2003-01-01") })); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("ErrPostIDRequired", func(t *testing.T) {
		bad("post_id", koncern.AssignmentInput{PersonID: uuid.New(), Period: period("2003-01-01", "")})
	})
	t.Run("ErrEmail", func(t *testing.T) {
		e := "anna.berg"
		bad("email", koncern.PersonInput{Name: "Anna", Email: &e, Period: period("2003-01-01", "")})
	})
	t.Run("ErrRole", func(t *testing.T) {
		bad("role", koncern.PostInput{OrganizationID: uuid.New(), Title: "Chef", Role: "boss", Period: period("2003-01-01", "")})
	})
}

func TestPatchApply(t *testing.T) {
	in := koncern.PersonInput{Name: "Anna", Period: period("2003-01-01", "2003-12-31")}
	email := "anna@example.se"
	p := koncern.PersonPatch{Email: koncern.Opt[string]{Set: true, Value: email}}
	p.ValidTo = koncern.Opt[koncern.Date]{Set: true, Null: true}
	if err := p.Apply(&in); err != nil {
		t.Fatal(err)
	}
	if in.Name != "Anna" || in.Email == nil || *in.Email != email || in.To != nil {
		t.Fatalf("after patch: %+v", in)
	}
	t.Run("ErrNullName", func(t *testing.T) {
		err := koncern.PersonPatch{Name: koncern.Opt[string]{Set: true, Null: true}}.Apply(&in)
		if koncern.ErrorCode(err) != koncern.EINVALID || in.Name != "Anna" {
			t.Fatalf("null name: %v, name %q", err, in.Name)
		}
	})
}
