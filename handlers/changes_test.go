package handlers_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/koncernregistret/koncern/demo"
	"github.com/koncernregistret/koncern/viewer"
)

// TestChangesPaged walks the changes of 2003–2004 page by page: the pages
// together are the whole list in order, each but the last full with a
// cursor, the last without; a bad cursor or limit is refused naming it,
// and a file, which is never paged, refuses a cursor.
func TestChangesPaged(t *testing.T) {
	a := newAPI(t)
	if _, err := demo.Load(viewer.System(context.Background()), a.reg); err != nil {
		t.Fatal(err)
	}
	const base = "/api/v1/reports/changes?from=2003-01-01&to=2004-12-31"
	type page struct {
		Items      []changeJSON `json:"items"`
		NextCursor *string      `json:"next_cursor"`
	}
	const limit = 40
	var all page
	a.get(t, 200, ctJSON, base+"&limit=500").decode(t, &all)
	if len(all.Items) < 2*limit || all.NextCursor != nil {
		t.Fatalf("one page of 500 holds %d changes, next cursor %v: want them all and no cursor", len(all.Items), all.NextCursor)
	}
	t.Run("PageByPage", func(t *testing.T) {
		var got []changeJSON
		path := base + "&limit=" + strconv.Itoa(limit)
		for pages := 0; ; pages++ {
			if pages > len(all.Items) {
				t.Fatal("the cursors do not come to an end")
			}
			var p page
			a.get(t, 200, ctJSON, path).decode(t, &p)
			got = append(got, p.Items...)
			if p.NextCursor == nil {
				if len(p.Items) == 0 || len(p.Items) > limit {
					t.Errorf("the last page holds %d changes", len(p.Items))
				}
				break
			}
			if len(p.Items) != limit {
				t.Fatalf("page %d holds %d changes, want %d", pages+1, len(p.Items), limit)
			}
			path = base + "&limit=" + strconv.Itoa(limit) + "&cursor=" + *p.NextCursor
		}
		if len(got) != len(all.Items) {
			t.Fatalf("the pages hold %d changes, the whole list %d", len(got), len(all.Items))
		}
		for i := range got {
			if g, w := got[i], all.Items[i]; g.Change != w.Change || g.Type != w.Type || g.ID != w.ID {
				t.Errorf("change %d: %+v on the pages, %+v in the whole list", i, got[i], all.Items[i])
			}
		}
	})
	t.Run("DefaultLimit", func(t *testing.T) {
		var p page
		a.get(t, 200, ctJSON, base).decode(t, &p)
		if want := min(len(all.Items), 50); len(p.Items) != want || (p.NextCursor != nil) != (len(all.Items) > 50) {
			t.Errorf("without limit: %d changes, next cursor %v; want %d", len(p.Items), p.NextCursor, want)
		}
	})
	t.Run("Refusals", func(t *testing.T) {
		a.failsOn(t, 422, "cursor", base+"&cursor=bm90LWEtY3Vyc29y")
		a.failsOn(t, 422, "cursor", base+"&cursor=%25%25")
		a.failsOn(t, 400, "limit", base+"&limit=0")
		a.failsOn(t, 400, "limit", base+"&limit=501")
		a.failsOn(t, 400, "limit", base+"&limit=many")
		var first page
		a.get(t, 200, ctJSON, base+"&limit=1").decode(t, &first)
		a.failsOn(t, 400, "cursor", base+"&format=csv&cursor="+*first.NextCursor)
		a.failsOn(t, 400, "cursor", base+"&format=xlsx&cursor="+*first.NextCursor)
	})
	t.Run("FilesHoldEverything", func(t *testing.T) {
		rows := readCSV(t, a.get(t, 200, ctCSV, base+"&format=csv&limit=1").Body, "date", "change", "type", "id", "name", "valid_from", "valid_to")
		if len(rows) != len(all.Items) {
			t.Errorf("the CSV holds %d changes, want all %d", len(rows), len(all.Items))
		}
	})
	// Last, since it renames records.
	t.Run("RenamedBetweenPages", func(t *testing.T) {
		const day = "/api/v1/reports/changes?from=2003-01-01&to=2003-01-01"
		var whole page
		a.get(t, 200, ctJSON, day+"&limit=500").decode(t, &whole)
		// Two organisations that start that day, next to each other, the
		// first the last of the first page.
		i := -1
		for j := 0; j+1 < len(whole.Items) && i < 0; j++ {
			if c, next := whole.Items[j], whole.Items[j+1]; c.Type == "organization" && next.Type == "organization" && c.Change == next.Change {
				i = j
			}
		}
		if i < 0 {
			t.Fatal("no two organisations start on 2003-01-01")
		}
		var first page
		a.get(t, 200, ctJSON, day+"&limit="+strconv.Itoa(i+1)).decode(t, &first)
		// The last organisation seen is renamed to come last by name, the
		// next one, not yet seen, to come first.
		for id, name := range map[string]string{whole.Items[i].ID: "Öresundsbolaget", whole.Items[i+1].ID: "AAA Bolaget"} {
			path := "/api/v1/organizations/" + id
			a.mustDo(200, "PATCH", path, map[string]any{"name": name}, "If-Match", a.etag(path))
		}
		var rest page
		a.get(t, 200, ctJSON, day+"&limit=500&cursor="+*first.NextCursor).decode(t, &rest)
		seen := map[string]int{}
		for _, c := range append(first.Items, rest.Items...) {
			seen[c.Change+" "+c.Type+" "+c.ID]++
		}
		for _, c := range whole.Items {
			if n := seen[c.Change+" "+c.Type+" "+c.ID]; n != 1 {
				t.Errorf("%s %s %s is on the pages %d times, want once", c.Change, c.Type, c.ID, n)
			}
		}
	})
}
