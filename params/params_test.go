package params_test

import (
	"errors"
	"net/url"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/params"
)

// TestOrg: an organisation is named by its id or its organisationsnummer;
// the numbers are looked up together, once, and each one nobody carries
// is a problem of its own parameter.
func TestOrg(t *testing.T) {
	known := uuid.New()
	find := func(calls *int) func([]string) (map[string]uuid.UUID, error) {
		return func(numbers []string) (map[string]uuid.UUID, error) {
			*calls++
			return map[string]uuid.UUID{"556999-0012": known}, nil
		}
	}
	t.Run("IdAndNumbers", func(t *testing.T) {
		id := uuid.New()
		q := params.New(url.Values{"root": {id.String()}, "owner": {"5569990012"}, "company": {"556999-0012"}})
		root, owner, company := q.Org("root"), q.Org("owner"), q.Org("company")
		calls := 0
		if err := q.ResolveOrgs(find(&calls)); err != nil || q.Err() != nil {
			t.Fatalf("resolve: %v, %v", err, q.Err())
		}
		if *root != id || *owner != known || *company != known || calls != 1 {
			t.Fatalf("root %s, owner %s, company %s, %d lookups", root, owner, company, calls)
		}
	})
	t.Run("ErrNobodysNumber", func(t *testing.T) {
		q := params.New(url.Values{"root": {"556999-0020"}, "owner": {"556999-0012"}})
		q.Org("root")
		q.Org("owner")
		calls := 0
		if err := q.ResolveOrgs(find(&calls)); err != nil {
			t.Fatal(err)
		}
		var kerr *koncern.Error
		if !errors.As(q.Err(), &kerr) || len(kerr.Fields) != 1 || kerr.Fields[0].Field != "root" {
			t.Fatalf("err %v, want root alone", q.Err())
		}
	})
	t.Run("ErrNeither", func(t *testing.T) {
		q := params.New(url.Values{"root": {"Rådhus AB"}})
		if q.Org("root") != nil || q.Err() == nil {
			t.Fatalf("a name was taken for an organisation")
		}
	})
	t.Run("NoNumberNoLookup", func(t *testing.T) {
		q := params.New(url.Values{})
		calls := 0
		if q.Org("root") != nil || q.ResolveOrgs(find(&calls)) != nil || calls != 0 {
			t.Fatalf("an absent parameter was looked up (%d)", calls)
		}
	})
}
