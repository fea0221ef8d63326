// Package analysis answers the questions the registry exists for: who
// steers whom, where that is unclear, and who owns what. It is pure: it
// takes an immutable snapshot of the graph over a window of days and
// returns results, knowing nothing of HTTP or SQL.
package analysis

import (
	"math"
	"slices"
	"time"

	"github.com/koncernregistret/koncern"
)

// Day is a calendar day counted from 1970-01-01. Periods become spans of
// days, so that the analysis computes exactly on which days a finding
// holds instead of sampling dates.
type Day int32

// Forever is the last day of an open period.
const Forever Day = math.MaxInt32

// DayOf converts a date.
func DayOf(d koncern.Date) Day {
	return Day(d.Time().Unix() / 86400)
}

// Date converts back; Forever has no date and returns the zero Date.
func (d Day) Date() koncern.Date {
	if d == Forever {
		return koncern.Date{}
	}
	return koncern.DateOf(time.Unix(int64(d)*86400, 0).UTC())
}

// Span is an inclusive run of days, From to To.
type Span struct{ From, To Day }

// SpanOf converts a validity period.
func SpanOf(p koncern.Period) Span {
	s := Span{From: DayOf(p.From), To: Forever}
	if p.To != nil {
		s.To = DayOf(*p.To)
	}
	return s
}

// Period converts back; To is nil for an open span.
func (s Span) Period() koncern.Period {
	p := koncern.Period{From: s.From.Date()}
	if s.To != Forever {
		to := s.To.Date()
		p.To = &to
	}
	return p
}

// Intersect returns the days both spans share, and whether there are any.
func (s Span) Intersect(o Span) (Span, bool) {
	x := Span{From: max(s.From, o.From), To: min(s.To, o.To)}
	return x, x.From <= x.To
}

// Contains reports whether day d lies in the span.
func (s Span) Contains(d Day) bool { return s.From <= d && d <= s.To }

// Spans is a set of days as sorted, disjoint spans with gaps between them.
// Every operation returns a set in that normal form.
type Spans []Span

// Normalize sorts spans and merges those that overlap or touch.
func Normalize(spans []Span) Spans {
	if len(spans) == 0 {
		return nil
	}
	s := slices.Clone(spans)
	slices.SortFunc(s, func(a, b Span) int { return int(a.From) - int(b.From) })
	out := Spans{s[0]}
	for _, x := range s[1:] {
		last := &out[len(out)-1]
		if last.To == Forever || x.From <= last.To+1 {
			last.To = max(last.To, x.To)
			continue
		}
		out = append(out, x)
	}
	return out
}

// Union returns the days in either set.
func (s Spans) Union(o Spans) Spans { return Normalize(append(slices.Clone(s), o...)) }

// Intersect returns the days in both sets.
func (s Spans) Intersect(o Spans) Spans {
	var out Spans
	for i, j := 0, 0; i < len(s) && j < len(o); {
		if x, ok := s[i].Intersect(o[j]); ok {
			out = append(out, x)
		}
		if s[i].To < o[j].To {
			i++
		} else {
			j++
		}
	}
	return out
}

// Minus returns the days of s that are not in o.
func (s Spans) Minus(o Spans) Spans {
	var out Spans
	for _, x := range s {
		out = append(out, subtract(x, o)...)
	}
	return out
}

// subtract removes the sorted set o from one span.
func subtract(x Span, o Spans) Spans {
	var out Spans
	from := x.From
	for _, y := range o {
		if y.To < from || y.From > x.To {
			continue
		}
		if y.From > from {
			out = append(out, Span{from, y.From - 1})
		}
		if y.To >= x.To {
			return out
		}
		from = y.To + 1
	}
	return append(out, Span{from, x.To})
}

// Periods converts the set to validity periods for output.
func (s Spans) Periods() []koncern.Period {
	out := make([]koncern.Period, len(s))
	for i, x := range s {
		out[i] = x.Period()
	}
	return out
}

// Overlaps reports whether span x shares a day with the set.
func (s Spans) Overlaps(x Span) bool {
	for _, y := range s {
		if _, ok := y.Intersect(x); ok {
			return true
		}
	}
	return false
}

// Level is a span of days on which a sum of overlapping weighted spans is
// the same.
type Level struct {
	Span
	Count int64
}

// Weighted is a span that adds Weight to the sum on each of its days.
type Weighted struct {
	Span
	Weight int64
}

// Levels counts, day by day, how many of spans hold, within window. It
// returns the runs of equal count in order, including runs of zero.
func Levels(window Span, spans []Span) []Level {
	ws := make([]Weighted, len(spans))
	for i, s := range spans {
		ws[i] = Weighted{s, 1}
	}
	return Sums(window, ws)
}

// Sums adds up, day by day, the weights of the spans that hold, within
// window: the shares held in a company on each day, for instance. It returns
// the runs of equal sum in order, including runs of zero.
func Sums(window Span, spans []Weighted) []Level {
	type edge struct {
		day   Day
		delta int64
	}
	edges := make([]edge, 0, 2*len(spans))
	for _, s := range spans {
		x, ok := s.Intersect(window)
		if !ok {
			continue
		}
		edges = append(edges, edge{x.From, s.Weight})
		if x.To != Forever {
			edges = append(edges, edge{x.To + 1, -s.Weight})
		}
	}
	slices.SortFunc(edges, func(a, b edge) int { return int(a.day) - int(b.day) })
	var out []Level
	var sum int64
	from := window.From
	for i := 0; i < len(edges); {
		day := edges[i].day
		if day > from {
			out = appendLevel(out, Level{Span{from, day - 1}, sum})
			from = day
		}
		for ; i < len(edges) && edges[i].day == day; i++ {
			sum += edges[i].delta
		}
	}
	if from <= window.To {
		out = appendLevel(out, Level{Span{from, window.To}, sum})
	}
	return out
}

// appendLevel adds l, merging it into the last level when the counts agree.
func appendLevel(out []Level, l Level) []Level {
	if n := len(out); n > 0 && out[n-1].Count == l.Count && out[n-1].To+1 == l.From {
		out[n-1].To = l.To
		return out
	}
	return append(out, l)
}

// Where returns the days of the levels whose count satisfies keep.
func Where(levels []Level, keep func(count int64) bool) Spans {
	var out Spans
	for _, l := range levels {
		if keep(l.Count) {
			out = append(out, l.Span)
		}
	}
	return Normalize(out)
}
