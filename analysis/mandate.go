package analysis

import (
	"time"

	"github.com/koncernregistret/koncern"
)

// This file holds the law's dates that the compliance calendar counts
// from: the day of the general election, the council's mandate period and
// the auditors'. They are facts of law, each with the provision that sets
// it and the days on which that provision applied (cited as the rule book
// cites, lawbook.go); docs/calendar.md gives the sources. Nothing else in
// the package writes an election year or a mandate period's first day.

// sourceOn returns the citation of the provision in force on day d, or ""
// when none of sources applied then.
func sourceOn(sources []Source, d koncern.Date) string {
	for _, s := range sources {
		if s.span().Contains(DayOf(d)) {
			return s.Citation
		}
	}
	return ""
}

// firstElectionYear is the first general election the calendar knows: the
// first after which the mandate periods are four years (before 1994 they
// were three). Elections follow every fourth year from it.
const firstElectionYear = 1994

// secondSundayFrom is the first election held on the second Sunday of
// September (Vallagen 1 kap. 3 § as SFS 2010:1416 worded it, in force
// 2011-01-01); earlier ones were held on the third.
const secondSundayFrom = 2014

// councilFromOctober15 is the first election after which the council's
// mandate period runs from 15 October of the election year; earlier ones
// ran from 1 November, and the period from the 2010 election ended on
// 14 October 2014. (Stockholm's council has always counted from 15
// October; the calendar does not single it out.)
const councilFromOctober15 = 2014

// The provisions behind the dates (docs/calendar.md quotes them).
var (
	// The council's mandate period: four years from 1 November of the
	// election year (KL 1991:900 5 kap. 5 §), from 15 October since SFS
	// 2013:1053, in force 2014-02-01 and first applied to the 2014
	// election; KL 2017:725 5 kap. 9 § kept 15 October.
	councilTermSources = []Source{
		kl1991.section("5 kap. 5 §", "1992-01-01", "2017-12-31"),
		kl2017.section("5 kap. 9 §", "2018-01-01", ""),
	}
	// The auditors audit the four years after the election year.
	auditorsTermSources = []Source{
		kl1991.section("9 kap. 2 §", "1992-01-01", "2017-12-31"),
		kl2017.section("12 kap. 4 §", "2018-01-01", ""),
	}
	// The council appoints at least one lay auditor of each wholly owned
	// company: since SFS 1998:765 (in force 1999-01-01), now KL 2017:725
	// 10 kap. 3 § 5 p., chosen among the auditors (10 kap. 5 §).
	layAuditorSources = []Source{
		kl1991.section("3 kap. 17 §", "1999-01-01", "2017-12-31"),
		kl2017.section("10 kap. 3 § 5 p. och 5 §", "2018-01-01", ""),
	}
)

// Election is one general election (ordinarie val) to the municipal
// councils and the mandate periods that count from it.
type Election struct {
	Year int
	// Day is valdagen.
	Day koncern.Date
	// Council is kommunfullmäktiges mandatperiod: four years from 1
	// November, or from 15 October since the 2014 election, of the
	// election year.
	Council koncern.Period
	// Auditors is the auditors' mandate period: the four years after the
	// election year, from 1 January.
	Auditors koncern.Period
}

// ElectionIn returns the general election of year, and false for a year
// without one (or before 1994).
func ElectionIn(year int) (Election, bool) {
	if year < firstElectionYear || (year-firstElectionYear)%4 != 0 || year+5 > koncern.LastDate.Time().Year() {
		return Election{}, false
	}
	councilTo := councilStart(year + 4).AddDays(-1)
	auditorsTo := koncern.NewDate(year+4, time.December, 31)
	return Election{
		Year:     year,
		Day:      electionDay(year),
		Council:  koncern.Period{From: councilStart(year), To: &councilTo},
		Auditors: koncern.Period{From: koncern.NewDate(year+1, time.January, 1), To: &auditorsTo},
	}, true
}

// electionDay is the third Sunday of September, or the second since 2014.
func electionDay(year int) koncern.Date {
	nth := 3
	if year >= secondSundayFrom {
		nth = 2
	}
	first := time.Date(year, time.September, 1, 0, 0, 0, 0, time.UTC)
	toSunday := (7 - int(first.Weekday())) % 7
	return koncern.NewDate(year, time.September, 1+toSunday+7*(nth-1))
}

// councilStart is the first day of the council's mandate period after the
// election of year.
func councilStart(year int) koncern.Date {
	if year >= councilFromOctober15 {
		return koncern.NewDate(year, time.October, 15)
	}
	return koncern.NewDate(year, time.November, 1)
}

// ElectionsAround lists the elections whose council period ends, or whose
// auditors' period begins, between from and to: the ones a calendar over
// those days has duties of.
func ElectionsAround(from, to koncern.Date) []Election {
	var out []Election
	for year := max(firstElectionYear, from.Time().Year()-5); year <= to.Time().Year(); year++ {
		e, ok := ElectionIn(year)
		if !ok {
			continue
		}
		window := koncern.Period{From: from, To: &to}
		if window.Contains(*e.Council.To) || window.Contains(e.Auditors.From) {
			out = append(out, e)
		}
	}
	return out
}

// Next is the election four years later.
func (e Election) Next() (Election, bool) { return ElectionIn(e.Year + 4) }
