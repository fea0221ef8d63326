package analysis_test

import (
	"slices"
	"strconv"
	"testing"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
)

// day reads a date as a Day.
func day(s string) analysis.Day { return analysis.DayOf(koncern.MustDate(s)) }

// span reads "from..to" ("from.." for open) as a Span.
func span(from, to string) analysis.Span {
	return analysis.SpanOf(period(from, to))
}

const forever = analysis.Forever

func TestDayOf(t *testing.T) {
	cases := []struct {
		date string
		day  analysis.Day
	}{
		{"1970-01-01", 0},
		{"1970-01-02", 1},
		{"1969-12-31", -1},
		{"1900-01-01", -25567},
		{"2000-01-01", 10957},
		{"2003-01-01", 12053},
	}
	for _, c := range cases {
		if got := day(c.date); got != c.day {
			t.Errorf("DayOf(%s) = %d, want %d", c.date, got, c.day)
		}
		if got := c.day.Date().String(); got != c.date {
			t.Errorf("Day(%d).Date() = %s, want %s", c.day, got, c.date)
		}
	}
}

func TestDayRoundTrip(t *testing.T) {
	// Every day from 1899 to 2101 converts back to itself, and consecutive
	// dates are consecutive days.
	prev := day("1898-12-31")
	for d := koncern.MustDate("1899-01-01"); d.Before(koncern.MustDate("2102-01-01")); d = d.AddDays(1) {
		n := analysis.DayOf(d)
		if n != prev+1 {
			t.Fatalf("DayOf(%s) = %d after %d", d, n, prev)
		}
		if back := n.Date(); back != d {
			t.Fatalf("Day(%d).Date() = %s, want %s", n, back, d)
		}
		prev = n
	}
}

func TestLeapYears(t *testing.T) {
	cases := []struct {
		from, to string
		days     analysis.Day
	}{
		{"2003-02-28", "2003-03-01", 1},
		{"2004-02-28", "2004-03-01", 2}, // divisible by 4
		{"1900-02-28", "1900-03-01", 1}, // by 100, not 400
		{"2000-02-28", "2000-03-01", 2}, // by 400
		{"2100-02-28", "2100-03-01", 1},
		{"2003-01-01", "2004-01-01", 365},
		{"2004-01-01", "2005-01-01", 366},
	}
	for _, c := range cases {
		if got := day(c.to) - day(c.from); got != c.days {
			t.Errorf("%s to %s: %d days, want %d", c.from, c.to, got, c.days)
		}
	}
	if got := (day("2004-02-28") + 1).Date().String(); got != "2004-02-29" {
		t.Errorf("the day after 2004-02-28 is %s", got)
	}
	if got := (day("2003-02-28") + 1).Date().String(); got != "2003-03-01" {
		t.Errorf("the day after 2003-02-28 is %s", got)
	}
	// A period ending on the leap day holds on it and not the day after.
	s := span("2004-02-01", "2004-02-29")
	if !s.Contains(day("2004-02-29")) || s.Contains(day("2004-03-01")) {
		t.Errorf("span %v and the leap day", s)
	}
}

func TestForever(t *testing.T) {
	if !analysis.Forever.Date().IsZero() {
		t.Errorf("Forever.Date() = %s, want the zero date", analysis.Forever.Date())
	}
	open := span("2003-01-01", "")
	if open.From != day("2003-01-01") || open.To != forever {
		t.Errorf("SpanOf(open) = %v", open)
	}
	if p := open.Period(); p.To != nil || p.From.String() != "2003-01-01" {
		t.Errorf("open span back to period: %v", p)
	}
	if !open.Contains(forever) || !open.Contains(day("9999-12-31")) || open.Contains(day("2002-12-31")) {
		t.Errorf("open span %v contains the wrong days", open)
	}
	// The latest real date is still a closed period.
	last := span("9999-12-31", "9999-12-31")
	if last.To == forever {
		t.Errorf("9999-12-31 is Forever")
	}
	if p := last.Period(); p.To == nil || p.To.String() != "9999-12-31" {
		t.Errorf("9999-12-31 round trip: %v", p)
	}
}

func TestSpanPeriodRoundTrip(t *testing.T) {
	for _, p := range []koncern.Period{
		period("2003-01-01", "2003-12-31"),
		period("2003-05-01", "2003-05-01"), // one day
		period("2004-02-29", "2004-02-29"),
		period("1969-12-31", "1970-01-01"),
		period("2003-01-01", ""),
		period("1950-06-15", ""),
	} {
		s := analysis.SpanOf(p)
		if got := s.Period(); got.String() != p.String() {
			t.Errorf("SpanOf(%s).Period() = %s", p, got)
		}
		if want := p.To == nil; (s.To == forever) != want {
			t.Errorf("SpanOf(%s).To = %d, open %v", p, s.To, want)
		}
		// A period holds on its first and last day, and on neither
		// neighbour.
		if !s.Contains(s.From) || !s.Contains(s.To) || s.Contains(s.From-1) || (s.To != forever && s.Contains(s.To+1)) {
			t.Errorf("SpanOf(%s) = %v contains the wrong days", p, s)
		}
	}
}

func TestSpanIntersect(t *testing.T) {
	cases := []struct {
		name string
		a, b analysis.Span
		want analysis.Span
		ok   bool
	}{
		{"Inside", span("2003-01-01", "2003-12-31"), span("2003-03-01", "2003-03-31"), span("2003-03-01", "2003-03-31"), true},
		{"Partial", span("2003-01-01", "2003-06-30"), span("2003-06-01", ""), span("2003-06-01", "2003-06-30"), true},
		{"LastDayShared", span("2003-01-01", "2003-06-30"), span("2003-06-30", ""), span("2003-06-30", "2003-06-30"), true},
		{"Adjacent", span("2003-01-01", "2003-06-30"), span("2003-07-01", ""), analysis.Span{}, false},
		{"BothOpen", span("2003-01-01", ""), span("2004-01-01", ""), span("2004-01-01", ""), true},
		{"Apart", span("2003-01-01", "2003-01-31"), span("2003-03-01", "2003-03-31"), analysis.Span{}, false},
	}
	for _, c := range cases {
		for _, order := range [][2]analysis.Span{{c.a, c.b}, {c.b, c.a}} {
			got, ok := order[0].Intersect(order[1])
			if ok != c.ok || (ok && got != c.want) {
				t.Errorf("%s: %v ∩ %v = %v %v, want %v %v", c.name, order[0], order[1], got, ok, c.want, c.ok)
			}
		}
	}
}

// spans writes a set the way the tests expect it.
func spansString(s analysis.Spans) []string {
	var out []string
	for _, p := range s.Periods() {
		out = append(out, periodString(p))
	}
	return out
}

func TestNormalize(t *testing.T) {
	cases := []struct {
		name string
		in   []analysis.Span
		want []string
	}{
		{"Empty", nil, nil},
		{"One", []analysis.Span{span("2003-01-01", "2003-01-31")}, []string{"2003-01-01..2003-01-31"}},
		{"Sorts", []analysis.Span{span("2003-05-01", "2003-05-31"), span("2003-01-01", "2003-01-31")},
			[]string{"2003-01-01..2003-01-31", "2003-05-01..2003-05-31"}},
		{"MergesOverlap", []analysis.Span{span("2003-01-01", "2003-03-31"), span("2003-03-01", "2003-04-30")},
			[]string{"2003-01-01..2003-04-30"}},
		{"MergesTouching", []analysis.Span{span("2003-07-01", "2003-12-31"), span("2003-01-01", "2003-06-30")},
			[]string{"2003-01-01..2003-12-31"}},
		{"KeepsAOneDayGap", []analysis.Span{span("2003-01-01", "2003-06-29"), span("2003-07-01", "2003-12-31")},
			[]string{"2003-01-01..2003-06-29", "2003-07-01..2003-12-31"}},
		{"Contained", []analysis.Span{span("2003-01-01", "2003-12-31"), span("2003-03-01", "2003-03-31"), span("2003-02-01", "2003-02-01")},
			[]string{"2003-01-01..2003-12-31"}},
		{"OpenSwallowsLater", []analysis.Span{span("2003-01-01", ""), span("2004-01-01", "2004-12-31"), span("2010-01-01", "")},
			[]string{"2003-01-01.."}},
		{"OpenAfterClosed", []analysis.Span{span("2003-06-01", ""), span("2003-01-01", "2003-01-31")},
			[]string{"2003-01-01..2003-01-31", "2003-06-01.."}},
		{"OpenTouchingClosed", []analysis.Span{span("2003-02-01", ""), span("2003-01-01", "2003-01-31")},
			[]string{"2003-01-01.."}},
		{"Duplicates", []analysis.Span{span("2003-01-01", "2003-01-01"), span("2003-01-01", "2003-01-01")},
			[]string{"2003-01-01..2003-01-01"}},
		{"OneDayRun", []analysis.Span{span("2003-01-01", "2003-01-01"), span("2003-01-02", "2003-01-02"), span("2003-01-03", "2003-01-03")},
			[]string{"2003-01-01..2003-01-03"}},
		{"BeforeAndAfter1970", []analysis.Span{span("1969-12-01", "1969-12-31"), span("1970-01-01", "1970-01-31")},
			[]string{"1969-12-01..1970-01-31"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in := slices.Clone(c.in)
			got := analysis.Normalize(in)
			if s := spansString(got); !slices.Equal(s, c.want) {
				t.Errorf("Normalize = %v, want %v", s, c.want)
			}
			if !slices.Equal(in, c.in) {
				t.Errorf("Normalize changed its input: %v", in)
			}
			if again := analysis.Normalize(got); !slices.Equal(again, got) {
				t.Errorf("Normalize is not idempotent: %v then %v", got, again)
			}
		})
	}
}

// set builds a normalised set from "from", "to" pairs.
func set(dates ...string) analysis.Spans {
	var out []analysis.Span
	for i := 0; i < len(dates); i += 2 {
		out = append(out, span(dates[i], dates[i+1]))
	}
	return analysis.Normalize(out)
}

func TestSetOperations(t *testing.T) {
	h1 := set("2003-01-01", "2003-06-30")
	h2 := set("2003-07-01", "2003-12-31")
	year := set("2003-01-01", "2003-12-31")
	open := set("2003-01-01", "")
	q := set("2003-01-01", "2003-03-31", "2003-07-01", "2003-09-30")
	cases := []struct {
		name                     string
		a, b                     analysis.Spans
		union, intersect, aMinus []string
	}{
		{"Halves", h1, h2, []string{"2003-01-01..2003-12-31"}, nil, []string{"2003-01-01..2003-06-30"}},
		{"YearAndHalf", year, h2, []string{"2003-01-01..2003-12-31"}, []string{"2003-07-01..2003-12-31"}, []string{"2003-01-01..2003-06-30"}},
		{"HoleInTheMiddle", year, set("2003-03-01", "2003-03-31"),
			[]string{"2003-01-01..2003-12-31"}, []string{"2003-03-01..2003-03-31"}, []string{"2003-01-01..2003-02-28", "2003-04-01..2003-12-31"}},
		{"OneDayHoles", year, set("2003-01-01", "2003-01-01", "2003-06-15", "2003-06-15", "2003-12-31", "2003-12-31"),
			[]string{"2003-01-01..2003-12-31"},
			[]string{"2003-01-01..2003-01-01", "2003-06-15..2003-06-15", "2003-12-31..2003-12-31"},
			[]string{"2003-01-02..2003-06-14", "2003-06-16..2003-12-30"}},
		{"Quarters", year, q,
			[]string{"2003-01-01..2003-12-31"}, []string{"2003-01-01..2003-03-31", "2003-07-01..2003-09-30"},
			[]string{"2003-04-01..2003-06-30", "2003-10-01..2003-12-31"}},
		{"QuartersAndHalf", q, h2,
			[]string{"2003-01-01..2003-03-31", "2003-07-01..2003-12-31"}, []string{"2003-07-01..2003-09-30"}, []string{"2003-01-01..2003-03-31"}},
		{"OpenMinusClosed", open, year, []string{"2003-01-01.."}, []string{"2003-01-01..2003-12-31"}, []string{"2004-01-01.."}},
		{"ClosedMinusOpen", year, set("2003-06-01", ""), []string{"2003-01-01.."}, []string{"2003-06-01..2003-12-31"}, []string{"2003-01-01..2003-05-31"}},
		{"OpenMinusOpen", open, set("2003-06-01", ""), []string{"2003-01-01.."}, []string{"2003-06-01.."}, []string{"2003-01-01..2003-05-31"}},
		{"OpenMinusEverything", open, set("2000-01-01", ""), []string{"2000-01-01.."}, []string{"2003-01-01.."}, nil},
		{"Disjoint", set("2003-01-01", "2003-01-31"), set("2003-03-01", "2003-03-31"),
			[]string{"2003-01-01..2003-01-31", "2003-03-01..2003-03-31"}, nil, []string{"2003-01-01..2003-01-31"}},
		{"Empty", year, nil, []string{"2003-01-01..2003-12-31"}, nil, []string{"2003-01-01..2003-12-31"}},
		{"FromEmpty", nil, year, []string{"2003-01-01..2003-12-31"}, nil, nil},
		{"ManyAgainstMany",
			set("2003-01-01", "2003-01-10", "2003-01-20", "2003-01-31", "2003-02-10", "2003-02-20"),
			set("2003-01-05", "2003-01-25", "2003-02-15", ""),
			[]string{"2003-01-01..2003-01-31", "2003-02-10.."},
			[]string{"2003-01-05..2003-01-10", "2003-01-20..2003-01-25", "2003-02-15..2003-02-20"},
			[]string{"2003-01-01..2003-01-04", "2003-01-26..2003-01-31", "2003-02-10..2003-02-14"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := spansString(c.a.Union(c.b)); !slices.Equal(got, c.union) {
				t.Errorf("union = %v, want %v", got, c.union)
			}
			if got := spansString(c.b.Union(c.a)); !slices.Equal(got, c.union) {
				t.Errorf("union reversed = %v, want %v", got, c.union)
			}
			if got := spansString(c.a.Intersect(c.b)); !slices.Equal(got, c.intersect) {
				t.Errorf("intersect = %v, want %v", got, c.intersect)
			}
			if got := spansString(c.b.Intersect(c.a)); !slices.Equal(got, c.intersect) {
				t.Errorf("intersect reversed = %v, want %v", got, c.intersect)
			}
			if got := spansString(c.a.Minus(c.b)); !slices.Equal(got, c.aMinus) {
				t.Errorf("minus = %v, want %v", got, c.aMinus)
			}
			// (a − b) ∪ (a ∩ b) = a, and a − b shares no day with b.
			if got := c.a.Minus(c.b).Union(c.a.Intersect(c.b)); !slices.Equal(spansString(got), spansString(c.a)) {
				t.Errorf("(a−b) ∪ (a∩b) = %v, want %v", spansString(got), spansString(c.a))
			}
			if x := c.a.Minus(c.b).Intersect(c.b); len(x) != 0 {
				t.Errorf("(a−b) ∩ b = %v", spansString(x))
			}
		})
	}
}

func TestOverlaps(t *testing.T) {
	s := set("2003-01-01", "2003-03-31", "2003-07-01", "2003-09-30")
	for _, c := range []struct {
		x    analysis.Span
		want bool
	}{
		{span("2003-03-31", "2003-03-31"), true},
		{span("2003-04-01", "2003-06-30"), false},
		{span("2003-06-30", "2003-07-01"), true},
		{span("2003-10-01", ""), false},
		{span("2003-09-30", ""), true},
		{span("2002-01-01", "2002-12-31"), false},
		{span("2002-01-01", ""), true},
	} {
		if got := s.Overlaps(c.x); got != c.want {
			t.Errorf("%v overlaps %v: %v, want %v", spansString(s), c.x.Period(), got, c.want)
		}
	}
	if analysis.Spans(nil).Overlaps(span("2003-01-01", "")) {
		t.Error("the empty set overlaps a span")
	}
}

// levelsString writes levels as "from..to=count".
func levelsString(ls []analysis.Level) []string {
	var out []string
	for _, l := range ls {
		out = append(out, periodString(l.Period())+"="+strconv.FormatInt(l.Count, 10))
	}
	return out
}

func TestLevels(t *testing.T) {
	year := span("2003-01-01", "2003-12-31")
	cases := []struct {
		name   string
		window analysis.Span
		spans  []analysis.Span
		want   []string
	}{
		{"Nothing", year, nil, []string{"2003-01-01..2003-12-31=0"}},
		{"NothingOpen", span("2003-01-01", ""), nil, []string{"2003-01-01..=0"}},
		{"OneInside", year, []analysis.Span{span("2003-03-01", "2003-03-31")},
			[]string{"2003-01-01..2003-02-28=0", "2003-03-01..2003-03-31=1", "2003-04-01..2003-12-31=0"}},
		{"Overlap", year, []analysis.Span{span("2003-01-01", "2003-06-30"), span("2003-06-01", "")},
			[]string{"2003-01-01..2003-05-31=1", "2003-06-01..2003-06-30=2", "2003-07-01..2003-12-31=1"}},
		{"AdjacentMerge", year, []analysis.Span{span("2003-01-01", "2003-06-30"), span("2003-07-01", "2003-12-31")},
			[]string{"2003-01-01..2003-12-31=1"}},
		{"OneDayGap", year, []analysis.Span{span("2003-01-01", "2003-06-29"), span("2003-07-01", "2003-12-31")},
			[]string{"2003-01-01..2003-06-29=1", "2003-06-30..2003-06-30=0", "2003-07-01..2003-12-31=1"}},
		{"ClippedAndOutside", span("2003-03-01", "2003-03-31"),
			[]analysis.Span{span("2002-01-01", ""), span("2003-03-15", "2004-01-01"), span("2002-01-01", "2003-02-28"), span("2003-04-01", "")},
			[]string{"2003-03-01..2003-03-14=1", "2003-03-15..2003-03-31=2"}},
		{"EndsOnTheLastDay", year, []analysis.Span{span("2003-12-31", "2003-12-31")},
			[]string{"2003-01-01..2003-12-30=0", "2003-12-31..2003-12-31=1"}},
		{"StartsOnTheFirstDay", year, []analysis.Span{span("2003-01-01", "2003-01-01"), span("2003-01-01", "2003-01-02")},
			[]string{"2003-01-01..2003-01-01=2", "2003-01-02..2003-01-02=1", "2003-01-03..2003-12-31=0"}},
		{"OpenWindow", span("2003-01-01", ""), []analysis.Span{span("2003-01-01", "2003-06-30"), span("2003-03-01", "")},
			[]string{"2003-01-01..2003-02-28=1", "2003-03-01..2003-06-30=2", "2003-07-01..=1"}},
		{"OneDayWindow", span("2003-06-30", "2003-06-30"), []analysis.Span{span("2003-01-01", "2003-06-30"), span("2003-07-01", "")},
			[]string{"2003-06-30..2003-06-30=1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := levelsString(analysis.Levels(c.window, c.spans)); !slices.Equal(got, c.want) {
				t.Errorf("Levels = %v, want %v", got, c.want)
			}
		})
	}
}

func TestSums(t *testing.T) {
	year := span("2003-01-01", "2003-12-31")
	w := func(from, to string, weight int64) analysis.Weighted {
		return analysis.Weighted{Span: span(from, to), Weight: weight}
	}
	cases := []struct {
		name  string
		spans []analysis.Weighted
		want  []string
	}{
		{"Transfer", []analysis.Weighted{w("2000-01-01", "2003-06-30", 600), w("2000-01-01", "", 400), w("2003-07-01", "", 600)},
			[]string{"2003-01-01..2003-12-31=1000"}},
		{"GapInTransfer", []analysis.Weighted{w("2000-01-01", "2003-06-29", 600), w("2000-01-01", "", 400), w("2003-07-01", "", 600)},
			[]string{"2003-01-01..2003-06-29=1000", "2003-06-30..2003-06-30=400", "2003-07-01..2003-12-31=1000"}},
		{"ZeroWeight", []analysis.Weighted{w("2003-03-01", "2003-03-31", 0)}, []string{"2003-01-01..2003-12-31=0"}},
		{"Big", []analysis.Weighted{w("2003-01-01", "", 1_000_000_000_000_000), w("2003-02-01", "", 1_000_000_000_000_000)},
			[]string{"2003-01-01..2003-01-31=1000000000000000", "2003-02-01..2003-12-31=2000000000000000"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := levelsString(analysis.Sums(year, c.spans)); !slices.Equal(got, c.want) {
				t.Errorf("Sums = %v, want %v", got, c.want)
			}
		})
	}
}

func TestWhere(t *testing.T) {
	year := span("2003-01-01", "2003-12-31")
	levels := analysis.Levels(year, []analysis.Span{
		span("2003-02-01", "2003-05-31"), span("2003-04-01", "2003-06-30"), span("2003-06-01", "2003-08-31"),
	})
	// None in January, one in February and March, two from April to
	// June, one in July and August, none after.
	want := []string{"2003-01-01..2003-01-31=0", "2003-02-01..2003-03-31=1", "2003-04-01..2003-06-30=2",
		"2003-07-01..2003-08-31=1", "2003-09-01..2003-12-31=0"}
	if got := levelsString(levels); !slices.Equal(got, want) {
		t.Fatalf("Levels = %v, want %v", got, want)
	}
	for _, c := range []struct {
		name string
		keep func(int64) bool
		want []string
	}{
		{"None", func(n int64) bool { return n == 0 }, []string{"2003-01-01..2003-01-31", "2003-09-01..2003-12-31"}},
		{"One", func(n int64) bool { return n == 1 }, []string{"2003-02-01..2003-03-31", "2003-07-01..2003-08-31"}},
		{"Several", func(n int64) bool { return n > 1 }, []string{"2003-04-01..2003-06-30"}},
		{"Some", func(n int64) bool { return n > 0 }, []string{"2003-02-01..2003-08-31"}}, // adjacent levels join
		{"Never", func(n int64) bool { return n > 5 }, nil},
	} {
		if got := spansString(analysis.Where(levels, c.keep)); !slices.Equal(got, c.want) {
			t.Errorf("%s: Where = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestSnapshotValidity(t *testing.T) {
	g := newGraph(t)
	g.org("muni", "municipality", "", "1971-01-01", "")
	g.org("admin", "administration", "muni", "1971-01-01", "")
	g.post("head", "admin", "head", false, "2000-01-01", "")
	g.assign("a1", "Anna", "head", "2002-01-01", "2003-03-31")
	g.assign("a2", "Bo", "head", "2003-04-01", "2003-04-30")
	g.assign("a3", "Cia", "head", "2003-06-01", "")
	s := g.snapshot("2003-01-01", "2003-12-31")
	if got := spansString(s.Held(g.id("head"))); !slices.Equal(got, []string{"2003-01-01..2003-04-30", "2003-06-01..2003-12-31"}) {
		t.Errorf("Held = %v", got)
	}
	if got := spansString(s.Valid(period("2004-01-01", ""))); got != nil {
		t.Errorf("Valid after the window = %v", got)
	}
	if got := spansString(s.Valid(period("2003-12-31", ""))); !slices.Equal(got, []string{"2003-12-31..2003-12-31"}) {
		t.Errorf("Valid on the last day = %v", got)
	}
	if got := spansString(s.ValidAll(period("2002-01-01", "2002-12-31"), period("2003-02-01", "2003-02-28"), period("2003-03-01", ""))); !slices.Equal(got, []string{"2003-02-01..2003-12-31"}) {
		t.Errorf("ValidAll = %v", got)
	}
	if s.Window() != span("2003-01-01", "2003-12-31") {
		t.Errorf("Window = %v", s.Window())
	}
}
