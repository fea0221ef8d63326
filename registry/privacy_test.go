package registry_test

import (
	"context"
	"testing"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/viewer"
)

func as(role string) context.Context {
	return viewer.NewContext(context.Background(), viewer.Viewer{Name: "test-" + role, Role: role})
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := koncern.ErrorCode(err); got != code {
		t.Fatalf("error %v, want code %s", err, code)
	}
}

// TestPrivacyRules calls the registry directly, past every handler, and
// finds the roles enforced there: the data layer decides, so no route, no
// command and no future caller can skip the check.
func TestPrivacyRules(t *testing.T) {
	r := registrytest.MustRegistry(t, now)
	g := mustGroup(t, r)
	events := func() int64 { return must(r.VerifyAudit(ctx))(t).Count }

	t.Run("ErrNoViewer", func(t *testing.T) {
		_, err := r.GetOrganization(context.Background(), g.muni.ID)
		wantCode(t, err, koncern.EUNAUTHORIZED)
	})
	t.Run("AnonymousReadsPublishedRegistry", func(t *testing.T) {
		pub := viewer.NewContext(context.Background(), viewer.Viewer{Name: viewer.Anonymous, PublicRead: true})
		must(r.GetOrganization(pub, g.muni.ID))(t)
		_, err := r.ListAuditEvents(pub, registry.AuditFilter{})
		wantCode(t, err, koncern.EUNAUTHORIZED)
		_, err = r.CreatePerson(pub, koncern.PersonInput{Name: "Anonym", Period: period("2004-01-01")})
		wantCode(t, err, koncern.EUNAUTHORIZED)
	})
	t.Run("ErrReaderWrites", func(t *testing.T) {
		before := events()
		_, err := r.CreatePerson(as(koncern.AccessReader), koncern.PersonInput{Name: "Läsare", Period: period("2004-01-01")})
		wantCode(t, err, koncern.EFORBIDDEN)
		_, err = r.ListAuditEvents(as(koncern.AccessReader), registry.AuditFilter{})
		wantCode(t, err, koncern.EFORBIDDEN)
		if after := events(); after != before {
			t.Fatalf("a refused write left %d audit events", after-before)
		}
	})
	t.Run("FinanceChangesCapitalOnly", func(t *testing.T) {
		fin := as(koncern.AccessFinance)
		got := must(r.UpdateOrganization(fin, g.sub.ID, 0, koncern.OrganizationPatch{TotalShares: koncern.Opt[int64]{Set: true, Value: 200}}))(t)
		if *got.TotalShares != 200 {
			t.Fatalf("total_shares %d", *got.TotalShares)
		}
		_, err := r.UpdateOrganization(fin, g.sub.ID, 0, koncern.OrganizationPatch{Name: koncern.Opt[string]{Set: true, Value: "Annat AB"}})
		wantCode(t, err, koncern.EFORBIDDEN)
		_, err = r.CreateOrganization(fin, koncern.OrganizationInput{Kind: "committee", Name: "Finansnämnd", ParentID: &g.muni.ID, Period: period("2004-01-01")})
		wantCode(t, err, koncern.EFORBIDDEN)
	})
	t.Run("ErrAuditTrailImmutable", func(t *testing.T) {
		// Not even an administrator, going to ent past the registry, may
		// rewrite or remove an event.
		_, err := r.DB().Client.AuditEvent.Update().Save(ctx)
		wantCode(t, err, koncern.EFORBIDDEN)
		_, err = r.DB().Client.AuditEvent.Delete().Exec(ctx)
		wantCode(t, err, koncern.EFORBIDDEN)
	})
	t.Run("ErrTokensAdminOnly", func(t *testing.T) {
		_, err := r.ListTokens(as(koncern.AccessAuditor))
		wantCode(t, err, koncern.EFORBIDDEN)
		_, err = r.CreateToken(as(koncern.AccessRegistrar), koncern.TokenInput{Name: "egen", Role: koncern.AccessAdmin})
		wantCode(t, err, koncern.EFORBIDDEN)
	})
}

// TestCommentRules: every role reads the findings' comments and an
// anonymous caller never does; admin writes them, an auditor its own.
func TestCommentRules(t *testing.T) {
	r := registrytest.MustRegistry(t, now)
	g := mustGroup(t, r)
	in := koncern.FindingCommentInput{Rule: "ownerless_company", SubjectID: g.sub.ID, Body: "Ägarlöst bolag."}
	mine := must(r.CreateFindingComment(as(koncern.AccessAuditor), in))(t)
	if mine.Author != "test-auditor" {
		t.Fatalf("author %q, want the auditor's name", mine.Author)
	}
	theirs := must(r.CreateFindingComment(ctx, in))(t)
	t.Run("EveryRoleReads", func(t *testing.T) {
		for _, role := range koncern.AccessRoles {
			must(r.GetFindingComment(as(role), mine.ID))(t)
		}
	})
	t.Run("ErrAnonymousNever", func(t *testing.T) {
		pub := viewer.NewContext(context.Background(), viewer.Viewer{Name: viewer.Anonymous, PublicRead: true})
		_, err := r.ListFindingComments(pub, registry.FindingCommentFilter{})
		wantCode(t, err, koncern.EUNAUTHORIZED)
	})
	t.Run("ErrOtherRolesDoNotWrite", func(t *testing.T) {
		for _, role := range []string{koncern.AccessRegistrar, koncern.AccessFinance, koncern.AccessReader} {
			_, err := r.CreateFindingComment(as(role), in)
			wantCode(t, err, koncern.EFORBIDDEN)
		}
	})
	t.Run("ErrAuditorChangesOwnOnly", func(t *testing.T) {
		body := koncern.FindingCommentPatch{Body: koncern.Opt[string]{Set: true, Value: "Ändrad."}}
		_, err := r.UpdateFindingComment(as(koncern.AccessAuditor), theirs.ID, theirs.Version, body)
		wantCode(t, err, koncern.EFORBIDDEN)
		must(r.UpdateFindingComment(as(koncern.AccessAuditor), mine.ID, mine.Version, body))(t)
		must(r.UpdateFindingComment(as(koncern.AccessAdmin), theirs.ID, theirs.Version, body))(t)
	})
}
