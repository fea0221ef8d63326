package render_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern/analysis"
	"github.com/koncernregistret/koncern/render"
)

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

// TestGroupLanguage holds the group drawing to its reader: English with
// no links for the API, Swedish with a decimal comma and linked boxes for
// a page.
func TestGroupLanguage(t *testing.T) {
	rep := groupReport()
	t.Run("English", func(t *testing.T) {
		dot := render.Group(rep, "Group")
		if !strings.Contains(dot, "60.00 %") || strings.Contains(dot, "URL=") || strings.Contains(dot, "href=") {
			t.Errorf("the API's drawing is not English without links:\n%s", dot)
		}
	})
	t.Run("Swedish", func(t *testing.T) {
		link := func(s analysis.Subject) string { return "/organizations/" + s.ID.String() }
		dot := render.Group(rep, "Koncernen", render.In("sv"), render.Linked(link))
		for _, want := range []string{"60,00 %", "78,95 %", "/organizations/" + rep.Root.ID.String(), "/organizations/" + rep.Members[0].Company.ID.String()} {
			if !strings.Contains(dot, want) {
				t.Errorf("DOT lacks %s:\n%s", want, dot)
			}
		}
		if strings.Contains(dot, "60.00") {
			t.Errorf("a decimal point in Swedish:\n%s", dot)
		}
	})
}
