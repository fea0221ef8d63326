package analysis_test

import (
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/analysis"
)

// TestPageChanges pages through changes that tie on everything but their
// ids, resumes after a change that has gone since its cursor was handed
// out, and lists each change once when records are renamed between pages.
func TestPageChanges(t *testing.T) {
	change := func(day, name string, id byte) analysis.Change {
		return analysis.Change{Date: koncern.MustDate(day), Change: "started",
			Record: analysis.Record{Type: "person", ID: uuid.UUID{id}, Name: name}}
	}
	// As Changes orders them: by date, then id.
	all := []analysis.Change{change("2003-01-01", "Anna", 1), change("2003-01-01", "Anna", 2), change("2003-01-01", "Anna", 3),
		change("2003-01-01", "Bo", 4), change("2003-02-01", "Anna", 1)}
	ids := func(cs []analysis.Change) []string {
		var out []string
		for _, c := range cs {
			out = append(out, c.Date.String()+" "+c.Name+" "+c.ID.String()[:2])
		}
		return out
	}
	t.Run("PageByPage", func(t *testing.T) {
		var got []analysis.Change
		cursor := ""
		for range len(all) + 1 {
			p, err := analysis.PageChanges(all, cursor, 2)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, p.Items...)
			if p.NextCursor == nil {
				break
			}
			cursor = *p.NextCursor
		}
		if !slices.Equal(ids(got), ids(all)) {
			t.Errorf("pages of 2 give %q, want %q", ids(got), ids(all))
		}
	})
	t.Run("LastPageExactlyFull", func(t *testing.T) {
		p, err := analysis.PageChanges(all, "", len(all))
		if err != nil || len(p.Items) != len(all) || p.NextCursor != nil {
			t.Errorf("a page as long as the list: %d items, cursor %v, %v", len(p.Items), p.NextCursor, err)
		}
	})
	t.Run("ResumesAfterAGoneChange", func(t *testing.T) {
		first, err := analysis.PageChanges(all, "", 2)
		if err != nil {
			t.Fatal(err)
		}
		rest := slices.Delete(slices.Clone(all), 1, 2) // the last change of the first page is gone
		p, err := analysis.PageChanges(rest, *first.NextCursor, 10)
		if err != nil {
			t.Fatal(err)
		}
		if want := ids(all[2:]); !slices.Equal(ids(p.Items), want) {
			t.Errorf("after the gone change: %q, want %q", ids(p.Items), want)
		}
	})
	t.Run("RenamedBetweenPages", func(t *testing.T) {
		first, err := analysis.PageChanges(all, "", 2)
		if err != nil {
			t.Fatal(err)
		}
		// Anna 01, on the first page, becomes Ö; Bo 04, not yet seen,
		// becomes Aa: by name, the one would come again and the other
		// never.
		renamed := slices.Clone(all)
		renamed[0].Name, renamed[3].Name = "Ö", "Aa"
		rest, err := analysis.PageChanges(renamed, *first.NextCursor, 10)
		if err != nil {
			t.Fatal(err)
		}
		got := append(ids(first.Items), ids(rest.Items)...)
		want := append(ids(all[:2]), ids(renamed[2:])...)
		if !slices.Equal(got, want) {
			t.Errorf("pages around the renames give %q, want %q", got, want)
		}
	})
	t.Run("ForeignCursor", func(t *testing.T) {
		for _, c := range []string{"x", "bm90LWEtY3Vyc29y", "eyJkIjoiMjAwMy0wMS0wMSIsImMiOiJtb3ZlZCJ9"} {
			_, err := analysis.PageChanges(all, c, 2)
			if e, ok := err.(*koncern.Error); !ok || len(e.Fields) != 1 || e.Fields[0].Field != "cursor" {
				t.Errorf("cursor %q: %v, want a refusal naming cursor", c, err)
			}
		}
	})
}
