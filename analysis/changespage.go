package analysis

import (
	"bytes"
	"cmp"
	"encoding/base64"
	"encoding/json"
	"slices"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// ChangesPage is one page of the changes, in the order Changes lists them.
type ChangesPage struct {
	Items      []Change `json:"items"`
	NextCursor *string  `json:"next_cursor"`
}

// changeKey is where a change stands in the order of Changes: its date,
// started before ended, its type and its id. A cursor is the key of the
// last change of its page, so that the next page starts after it even when
// changes were recorded in between, as the lists' cursors do. The key
// holds nothing a write can change: with a record's name in it, a rename
// between two pages moved the record's change across the cursor, to be
// listed twice or not at all.
type changeKey struct {
	Date   koncern.Date `json:"d"`
	Change string       `json:"c"`
	Type   string       `json:"t"`
	ID     uuid.UUID    `json:"i"`
}

func keyOf(c Change) changeKey { return changeKey{c.Date, c.Change, c.Type, c.ID} }

func compareKeys(a, b changeKey) int {
	return cmp.Or(a.Date.Time().Compare(b.Date.Time()), cmp.Compare(a.Change, b.Change),
		cmp.Compare(a.Type, b.Type), bytes.Compare(a.ID[:], b.ID[:]))
}

// PageChanges cuts the page of at most limit changes that follows cursor
// (the first page when it is empty) out of changes as Changes lists them.
// A cursor this server did not hand out is refused, naming the cursor.
func PageChanges(changes []Change, cursor string, limit int) (ChangesPage, error) {
	start := 0
	if cursor != "" {
		after, err := decodeChangeCursor(cursor)
		if err != nil {
			return ChangesPage{}, err
		}
		start, _ = slices.BinarySearchFunc(changes, after, func(c Change, k changeKey) int { return compareKeys(keyOf(c), k) })
		if start < len(changes) && compareKeys(keyOf(changes[start]), after) == 0 {
			start++
		}
	}
	end := min(start+limit, len(changes))
	p := ChangesPage{Items: changes[start:end]}
	if end < len(changes) {
		c, err := encodeChangeCursor(keyOf(changes[end-1]))
		if err != nil {
			return ChangesPage{}, err
		}
		p.NextCursor = &c
	}
	return p, nil
}

func encodeChangeCursor(k changeKey) (string, error) {
	b, err := json.Marshal(k)
	return base64.RawURLEncoding.EncodeToString(b), err
}

func decodeChangeCursor(c string) (changeKey, error) {
	var k changeKey
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err == nil {
		err = json.Unmarshal(b, &k)
	}
	if err != nil || k.Date.IsZero() || (k.Change != "started" && k.Change != "ended") {
		return changeKey{}, koncern.Invalid("cursor", "is not a cursor this server handed out")
	}
	return k, nil
}
