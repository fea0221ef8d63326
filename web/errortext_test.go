package web

import (
	"errors"
	"strings"
	"testing"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/params"
)

// TestFieldTexts has the registry's validation write its messages about
// wrong input and checks that a Swedish page shows each in Swedish, so that
// a message worded anew is noticed rather than left in English.
func TestFieldTexts(t *testing.T) {
	v, err := koncern.NewValidator()
	if err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat("a", 201)
	email, phone, orgnr := "not-mail", "abc", "556999-0000"
	inputs := []any{
		koncern.PersonInput{Name: "", Email: &email, Phone: &phone},
		koncern.PersonInput{Name: " x", Period: koncern.Period{From: koncern.MustDate("2020-01-02"), To: ptr(koncern.MustDate("2020-01-01"))}},
		koncern.PersonInput{Name: long},
		koncern.PersonInput{Name: "\u200b"},
		koncern.OrganizationInput{Kind: "nation", Name: "A", OrgNumber: &orgnr},
		koncern.PersonInput{Name: "a\x00b"},
		koncern.DocumentInput{Kind: "other", Title: "T", DecidedOn: koncern.MustDate("2020-01-01"), URL: &email},
	}
	var messages []string
	for _, in := range inputs {
		var kerr *koncern.Error
		if !errors.As(v.Validate(in), &kerr) {
			t.Fatalf("%+v passed validation", in)
		}
		for _, f := range kerr.Fields {
			messages = append(messages, f.Message)
		}
	}
	q := params.New(map[string][]string{"at": {"igår"}, "limit": {"många"}})
	q.Date("at")
	q.Int("limit")
	var kerr *koncern.Error
	if errors.As(q.Err(), &kerr) {
		for _, f := range kerr.Fields {
			messages = append(messages, f.Message)
		}
	}
	if len(messages) < 8 {
		t.Fatalf("only %d messages written: %q", len(messages), messages)
	}
	for _, m := range messages {
		if sv := fieldText(m, langSV); sv == m {
			t.Errorf("no Swedish for %q", m)
		}
		if en := fieldText(m, langEN); en != m {
			t.Errorf("the English page changed %q to %q", m, en)
		}
	}
}

func ptr[T any](v T) *T { return &v }
