package synthetic

import (
	"math/rand/v2"

	"github.com/koncernregistret/koncern"
)

// The dataset covers three mandate periods. Everything permanent begins on
// the first day of the window; political posts are filled per period; the
// last period's assignments end on its last day, since the next election
// lies outside the data.
var (
	windowStart = koncern.NewDate(2015, 1, 1)
	windowEnd   = koncern.NewDate(2026, 12, 31)
	// Window is the period the dataset describes and the Planted counts
	// hold over.
	Window = koncern.Period{From: windowStart, To: &windowEnd}

	mandates = []koncern.Period{
		closed(koncern.NewDate(2015, 1, 1), koncern.NewDate(2018, 12, 31)),
		closed(koncern.NewDate(2019, 1, 1), koncern.NewDate(2022, 12, 31)),
		closed(koncern.NewDate(2023, 1, 1), koncern.NewDate(2026, 12, 31)),
	}
)

func open(from koncern.Date) koncern.Period { return koncern.Period{From: from} }

func closed(from, to koncern.Date) koncern.Period { return koncern.Period{From: from, To: &to} }

// days is the number of days from a to b (negative when b is earlier).
func days(a, b koncern.Date) int {
	return int(b.Time().Sub(a.Time()).Hours() / 24)
}

// dayIn is a uniformly random day from a to b inclusive.
func dayIn(rng *rand.Rand, a, b koncern.Date) koncern.Date {
	n := days(a, b)
	if n <= 0 {
		return a
	}
	return a.AddDays(rng.IntN(n + 1))
}

// end is the last day of p within the window.
func end(p koncern.Period) koncern.Date {
	if p.To == nil || p.To.After(windowEnd) {
		return windowEnd
	}
	return *p.To
}

// clip narrows p to the days it shares with within; ok is false when they
// share none.
func clip(p, within koncern.Period) (koncern.Period, bool) { return p.Intersect(within) }

// spell is a random stretch of length from minDays to maxDays days inside
// p and the window, or ok false when p is too short to hold one.
func spell(rng *rand.Rand, p koncern.Period, minDays, maxDays int) (koncern.Period, bool) {
	last := end(p)
	if days(p.From, last) < minDays+60 {
		return koncern.Period{}, false
	}
	n := minDays + rng.IntN(maxDays-minDays+1)
	n = min(n, days(p.From, last)-60)
	from := dayIn(rng, p.From.AddDays(30), last.AddDays(-n-30))
	return closed(from, from.AddDays(n-1)), true
}

func datePtr(d koncern.Date) *koncern.Date { return &d }
