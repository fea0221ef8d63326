package koncern_test

import (
	"encoding/json"
	"testing"

	"github.com/koncernregistret/koncern"
)

func period(from, to string) koncern.Period {
	p := koncern.Period{From: koncern.MustDate(from)}
	if to != "" {
		d := koncern.MustDate(to)
		p.To = &d
	}
	return p
}

func TestParseDate(t *testing.T) {
	for _, bad := range []string{"0001-01-01", "0999-12-31", "2003-02-30", "2003-13-01", "03-01-01", "2003-1-1", "2003-01-01T00:00:00Z", ""} {
		if _, err := koncern.ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) succeeded", bad)
		}
	}
	var d koncern.Date
	if err := json.Unmarshal([]byte(`"2004-02-29"`), &d); err != nil || d.String() != "2004-02-29" {
		t.Fatalf("leap day: %v %v", d, err)
	}
	if b, _ := json.Marshal(d); string(b) != `"2004-02-29"` {
		t.Fatalf("marshal: %s", b)
	}
}

// TestPeriod checks the inclusive valid_to: a record valid 2003-01-01 to
// 2003-12-31 holds on both days and not on 2004-01-01.
func TestPeriod(t *testing.T) {
	year := period("2003-01-01", "2003-12-31")
	for day, want := range map[string]bool{"2002-12-31": false, "2003-01-01": true, "2003-12-31": true, "2004-01-01": false} {
		if got := year.Contains(koncern.MustDate(day)); got != want {
			t.Errorf("Contains(%s) = %v", day, got)
		}
	}
	if !period("2003-05-01", "2003-05-01").Contains(koncern.MustDate("2003-05-01")) {
		t.Error("a one-day period does not hold on its day")
	}
	cases := []struct {
		name     string
		a, b     koncern.Period
		overlaps bool
		aCoversB bool
	}{
		{"Adjacent", year, period("2004-01-01", ""), false, false},
		{"LastDayShared", year, period("2003-12-31", ""), true, false},
		{"Inside", year, period("2003-03-01", "2003-03-31"), true, true},
		{"OpenOuter", period("2003-01-01", ""), period("2010-01-01", ""), true, true},
		{"OpenInner", year, period("2003-06-01", ""), true, false},
		{"Before", year, period("2002-01-01", "2002-12-31"), false, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.a.Overlaps(c.b); got != c.overlaps || c.b.Overlaps(c.a) != got {
				t.Errorf("Overlaps = %v, want %v both ways", got, c.overlaps)
			}
			if got := c.a.Covers(c.b); got != c.aCoversB {
				t.Errorf("Covers = %v, want %v", got, c.aCoversB)
			}
		})
	}
}

func TestPeriodIntersect(t *testing.T) {
	year := period("2003-01-01", "2003-12-31")
	if got, ok := year.Intersect(period("2003-06-01", "")); !ok || got.String() != "2003-06-01–2003-12-31" {
		t.Fatalf("got %v %v", got, ok)
	}
	if got, ok := period("2003-01-01", "").Intersect(period("2002-01-01", "")); !ok || got.String() != "2003-01-01–" {
		t.Fatalf("open: got %v %v", got, ok)
	}
	if _, ok := year.Intersect(period("2004-01-01", "")); ok {
		t.Fatal("adjacent periods share no day")
	}
}
