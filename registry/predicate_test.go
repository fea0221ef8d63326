package registry

import (
	"strings"
	"testing"

	entsql "entgo.io/ent/dialect/sql"

	"github.com/koncernregistret/koncern"
)

// TestPredicatesParenthesised guards the SQL of the period predicates: an
// OR that is not parenthesised would swallow the conditions before it.
func TestPredicatesParenthesised(t *testing.T) {
	to := koncern.MustDate("2003-12-31")
	cases := map[string]selector{
		"overlapping/open":   overlapping(koncern.Period{From: koncern.MustDate("2003-01-01")}),
		"overlapping/closed": overlapping(koncern.Period{From: koncern.MustDate("2003-01-01"), To: &to}),
		"outside/closed":     outside(koncern.Period{From: koncern.MustDate("2003-01-01"), To: &to}),
		"inForce":            inForce(koncern.MustDate("2003-01-01")),
	}
	for name, pred := range cases {
		t.Run(name, func(t *testing.T) {
			s := entsql.Select("*").From(entsql.Table("t"))
			s.Where(entsql.EQ(s.C("id"), 1))
			pred(s)
			query, _ := s.Query()
			where := query[strings.Index(query, "WHERE")+len("WHERE "):]
			if strings.Contains(where, " OR ") && !strings.Contains(where, "(`t`.`valid_to` IS NULL OR") && !strings.Contains(where, "(`t`.`valid_from` <") {
				t.Fatalf("OR not parenthesised: %s", where)
			}
		})
	}
}
