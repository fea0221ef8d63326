package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/koncernregistret/koncern/demo"
	"github.com/koncernregistret/koncern/viewer"
)

// TestDrawingLanguage asks the three drawings for each language and checks
// their words: English without lang, as before it existed; Swedish labels,
// title and legend with lang=sv; and a refusal naming lang for any other.
// Every answer is held to openapi.yaml by the harness.
func TestDrawingLanguage(t *testing.T) {
	a := newAPI(t)
	sum, err := demo.Load(viewer.System(context.Background()), a.reg)
	if err != nil {
		t.Fatal(err)
	}
	muni, holding, head := sum.Municipality.String(), sum.HoldingCompany.String(), sum.TripleSteeredHeadPost.String()
	drawings := []struct {
		name, path  string
		sv, en, not []string
	}{
		{"Steering", "/api/v1/reports/steering/" + head + "?at=" + review,
			[]string{"Styrning av Tekniska kontoret", "den " + review, "Direkt politisk styrning", "Iakttagen", "Trefaldig ledning", "Pilarna går"},
			[]string{"Steering of Tekniska kontoret", "on " + review, "Direct political steering", "Observed", "Triple steering", "Arrows run"},
			[]string{"direct_political", "triple_steering"}},
		{"OrgChart", "/api/v1/reports/org-chart?root=" + muni + "&at=" + review,
			[]string{"Organisationsschema för Jönköpings kommun", "(Nämnd)", "(Bolag)", "Trefaldig ledning"},
			[]string{"Organisation chart of Jönköpings kommun", "(Committee)", "(Company)", "Triple steering"},
			[]string{"(committee)", "triple_steering"}},
		{"Group", "/api/v1/reports/group?root=" + holding + "&at=" + review,
			[]string{"Koncernen Jönköpings Rådhus AB", "Dotterföretag · effektivt 100,00 % av kapitalet"},
			[]string{"Group of Jönköpings Rådhus AB", "Subsidiary · effective 100.00 % of capital"},
			[]string{"subsidiary ·"}},
	}
	for _, d := range drawings {
		t.Run(d.name, func(t *testing.T) {
			for _, tc := range []struct {
				name, query string
				want        []string
			}{{"Default", "", d.en}, {"English", "&lang=en", d.en}, {"Swedish", "&lang=sv", d.sv}} {
				t.Run(tc.name, func(t *testing.T) {
					svg := svgText(t, a.get(t, 200, ctSVG, d.path+"&format=svg"+tc.query).Body)
					dot := string(a.get(t, 200, ctDOT, d.path+"&format=dot"+tc.query).Body)
					for _, want := range tc.want {
						if !strings.Contains(svg, want) {
							t.Errorf("the SVG lacks %q", want)
						}
						if !strings.Contains(dot, want) {
							t.Errorf("the DOT lacks %q", want)
						}
					}
					for _, code := range d.not {
						if strings.Contains(svg, code) {
							t.Errorf("the SVG shows the code %q", code)
						}
					}
				})
			}
			t.Run("JSONUnchanged", func(t *testing.T) {
				sv, en := a.get(t, 200, ctJSON, d.path+"&lang=sv").Body, a.get(t, 200, ctJSON, d.path).Body
				if string(sv) != string(en) {
					t.Error("lang changed the JSON answer")
				}
			})
			t.Run("ErrUnknownLanguage", func(t *testing.T) {
				a.failsOn(t, 400, "lang", d.path+"&format=svg&lang=fr")
			})
		})
	}
}
