package analysis_test

import (
	"testing"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
)

// TestElectionDays holds the rule (the third Sunday of September, the
// second from 2014) to the days the elections were actually held.
func TestElectionDays(t *testing.T) {
	held := map[int]string{
		1994: "1994-09-18", 1998: "1998-09-20", 2002: "2002-09-15", 2006: "2006-09-17", 2010: "2010-09-19",
		2014: "2014-09-14", 2018: "2018-09-09", 2022: "2022-09-11", 2026: "2026-09-13",
	}
	for year := 1990; year <= 2029; year++ {
		e, ok := analysis.ElectionIn(year)
		want, elected := held[year]
		switch {
		case ok != elected:
			t.Errorf("ElectionIn(%d): election %v, want %v", year, ok, elected)
		case ok && e.Day.String() != want:
			t.Errorf("ElectionIn(%d): day %s, want %s", year, e.Day, want)
		}
	}
}

// TestMandatePeriods checks the periods to the day, across the change of
// the council's first day from 1 November to 15 October in 2014.
func TestMandatePeriods(t *testing.T) {
	cases := []struct {
		year              int
		council, auditors string
	}{
		{2002, "2002-11-01..2006-10-31", "2003-01-01..2006-12-31"},
		{2006, "2006-11-01..2010-10-31", "2007-01-01..2010-12-31"},
		{2010, "2010-11-01..2014-10-14", "2011-01-01..2014-12-31"},
		{2014, "2014-10-15..2018-10-14", "2015-01-01..2018-12-31"},
		{2022, "2022-10-15..2026-10-14", "2023-01-01..2026-12-31"},
	}
	for _, tc := range cases {
		e, ok := analysis.ElectionIn(tc.year)
		if !ok {
			t.Fatalf("no election in %d", tc.year)
		}
		if got := periodString(e.Council); got != tc.council {
			t.Errorf("%d: council period %s, want %s", tc.year, got, tc.council)
		}
		if got := periodString(e.Auditors); got != tc.auditors {
			t.Errorf("%d: auditors' period %s, want %s", tc.year, got, tc.auditors)
		}
		if next, _ := e.Next(); next.Council.From != e.Council.To.AddDays(1) {
			t.Errorf("%d: the next council period begins %s, not the day after %s", tc.year, next.Council.From, e.Council.To)
		}
	}
}

func TestElectionsAround(t *testing.T) {
	cases := []struct {
		name, from, to string
		want           []int
	}{
		{"CouncilEndOnFirstDay", "2006-10-31", "2006-10-31", []int{2002}},
		{"DayAfterCouncilEnd", "2006-11-01", "2006-12-31", nil},
		{"AuditorsStartOnLastDay", "2006-11-01", "2007-01-01", []int{2006}},
		{"Decade", "2003-01-01", "2012-12-31", []int{2002, 2006, 2010}},
		{"BeforeTheFirstKnown", "1990-01-01", "1994-12-31", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var got []int
			for _, e := range analysis.ElectionsAround(koncern.MustDate(tc.from), koncern.MustDate(tc.to)) {
				got = append(got, e.Year)
			}
			if len(got) != len(tc.want) {
				t.Fatalf("elections %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Fatalf("elections %v, want %v", got, tc.want)
				}
			}
		})
	}
}
