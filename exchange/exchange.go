// Package exchange writes the registry as it stood on one day in the
// formats other systems read: the registers as spreadsheet tables (XLSX,
// or CSV files in a ZIP archive) that the importer reads back, the
// Beneficial Ownership Data Standard 0.4 (BODS) and Popolo.
//
// The package is pure, like analysis: it takes a snapshot that the caller
// loaded and returns bytes or values; HTTP and SQL are someone else's
// business. Every output is deterministic for a given snapshot and day:
// records come out sorted and every identifier derives from record ids, so
// two exports of the same data can be compared with diff.
package exchange

import (
	"bytes"
	"cmp"
	"slices"

	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
)

// Publisher says who publishes an export and on which day; BODS puts both
// in every statement.
type Publisher struct {
	Name string
	URL  string
	Date koncern.Date
}

// DefaultPublisherName is the publisher an export names when the caller
// names none.
const DefaultPublisherName = "Koncernregistret"

// spanned is any record with a validity period and an id.
type spanned interface {
	Span() koncern.Period
	Record() koncern.Meta
}

// inForce returns pointers to the records that hold on day at, sorted by
// key and then id so that every export lists them in the same order.
func inForce[T spanned](records []T, at koncern.Date, key func(*T) string) []*T {
	return pick(records, &at, key)
}

// pick returns pointers to the records that hold on day at, or to all of
// them when at is nil, sorted by key and then id. Each record's key is
// computed once: a key may walk a path of parents, and a comparison sort
// would otherwise compute it some 2·log2(n) times per record (two thirds of
// a national export's time went there).
func pick[T spanned](records []T, at *koncern.Date, key func(*T) string) []*T {
	type keyed struct {
		key string
		rec *T
	}
	var ks []keyed
	for i := range records {
		if at == nil || records[i].Span().Contains(*at) {
			ks = append(ks, keyed{key(&records[i]), &records[i]})
		}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if c := cmp.Compare(a.key, b.key); c != 0 {
			return c
		}
		ia, ib := (*a.rec).Record().ID, (*b.rec).Record().ID
		return bytes.Compare(ia[:], ib[:])
	})
	var out []*T
	for _, k := range ks {
		out = append(out, k.rec)
	}
	return out
}

// date formats an optional date, "" when absent.
func date(d *koncern.Date) string {
	if d == nil {
		return ""
	}
	return d.String()
}

// str dereferences an optional string, "" when absent.
func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// id formats an optional id, "" when absent.
func id(u *uuid.UUID) string {
	if u == nil {
		return ""
	}
	return u.String()
}
