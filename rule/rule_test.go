package rule

import (
	"context"
	"errors"
	"testing"

	"entgo.io/ent"

	"github.com/koncernregistret/koncern"
	entprivacy "github.com/koncernregistret/koncern/ent/privacy"
	"github.com/koncernregistret/koncern/viewer"
)

// TestBareDenialIsDomainError checks that a rule refusing with ent's bare
// Deny leaves the store as the domain's forbidden error naming the role,
// for reads and changes alike, and that an allowed operation stays allowed.
func TestBareDenialIsDomainError(t *testing.T) {
	ctx := viewer.NewContext(context.Background(), viewer.Viewer{Name: "r", Role: koncern.AccessReader})
	deny := domainDenials{what: "widgets", Policy: entprivacy.Policy{
		Query: entprivacy.QueryPolicy{entprivacy.QueryRuleFunc(func(context.Context, ent.Query) error { return entprivacy.Deny })},
		Mutation: entprivacy.MutationPolicy{entprivacy.MutationRuleFunc(func(context.Context, ent.Mutation) error {
			return entprivacy.Denyf("no reason given")
		})},
	}}
	for name, err := range map[string]error{"read": deny.EvalQuery(ctx, nil), "change": deny.EvalMutation(ctx, nil)} {
		t.Run(name, func(t *testing.T) {
			if koncern.ErrorCode(err) != koncern.EFORBIDDEN || koncern.ErrorMessage(err) != "the role reader may not "+name+" widgets" {
				t.Errorf("%v (code %s), want the domain's forbidden error naming the role", err, koncern.ErrorCode(err))
			}
		})
	}
	allow := domainDenials{what: "widgets", Policy: entprivacy.Policy{
		Query: entprivacy.QueryPolicy{entprivacy.QueryRuleFunc(func(context.Context, ent.Query) error { return entprivacy.Allow })},
	}}
	if err := allow.EvalQuery(ctx, nil); err != nil && !errors.Is(err, entprivacy.Allow) {
		t.Errorf("an allowed read is refused: %v", err)
	}
}
