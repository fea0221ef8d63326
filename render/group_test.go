package render_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/render"
)

// swedish is a reader as the web's pages are: its own phrases, a decimal
// comma, and a page for every organisation.
type swedish struct{}

func (swedish) T(key string) string {
	return map[string]string{"drawing.group.member": "%s · %s av kapitalet, %s av rösterna", "drawing.group.votes": "(%s av rösterna)"}[key]
}
func (swedish) Label(_, value string) string {
	return map[string]string{"subsidiary": "dotterföretag"}[value]
}
func (swedish) Percent(exact string) string {
	return map[string]string{"1": "100,00 %", "3/5": "60,00 %", "15/19": "78,95 %"}[exact]
}
func (swedish) OrganizationURL(id uuid.UUID) string {
	return "/organizations/" + id.String() + "?at=2004-06-01"
}

func groupReport() *analysis.GroupReport {
	root := analysis.Subject{Type: "organization", ID: uuid.New(), Name: "Jönköpings kommun"}
	co := analysis.Subject{Type: "organization", ID: uuid.New(), Name: "Innovationsbolaget AB"}
	return &analysis.GroupReport{Root: root,
		Members: []analysis.GroupMember{{Company: co, Relation: "subsidiary",
			EffectiveCapital: analysis.Share{Percent: "60.00", Exact: "3/5"}, EffectiveVotes: analysis.Share{Percent: "78.95", Exact: "15/19"}}},
		Stakes: []analysis.GroupStake{{Owner: root, Company: co,
			Capital: analysis.Share{Percent: "60.00", Exact: "3/5"}, Votes: analysis.Share{Percent: "78.95", Exact: "15/19"}}},
	}
}

func TestGroupReader(t *testing.T) {
	rep := groupReport()
	t.Run("English", func(t *testing.T) {
		dot := render.Group(rep, "Group")
		for _, want := range []string{`Innovationsbolaget AB\nsubsidiary · effective 60.00 % of capital, 78.95 % of votes`, `label="60.00 %\n(78.95 % of votes)"`} {
			if !strings.Contains(dot, want) {
				t.Errorf("DOT lacks %s:\n%s", want, dot)
			}
		}
		if strings.Contains(dot, "URL=") {
			t.Errorf("the API's drawing links somewhere:\n%s", dot)
		}
	})
	t.Run("Swedish", func(t *testing.T) {
		dot := render.GroupFor(rep, "Koncernen", swedish{})
		for _, want := range []string{`Innovationsbolaget AB\ndotterföretag · 60,00 % av kapitalet, 78,95 % av rösterna`,
			`label="60,00 %\n(78,95 % av rösterna)"`, `URL="/organizations/` + rep.Root.ID.String() + `?at=2004-06-01"`,
			`URL="/organizations/` + rep.Members[0].Company.ID.String()} {
			if !strings.Contains(dot, want) {
				t.Errorf("DOT lacks %s:\n%s", want, dot)
			}
		}
	})
}
