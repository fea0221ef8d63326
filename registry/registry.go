package registry

import (
	"context"
	"encoding/base64"
	"time"
	_ "time/tzdata" // the zone database, for "today" in Sweden anywhere

	entsql "entgo.io/ent/dialect/sql"
	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent"
)

// Registry is the store of the governance graph.
type Registry struct {
	db       *DB
	validate *koncern.Validator
	// tx is set on the registry that Atomic hands to its function: every
	// read and write then joins that one transaction.
	tx *ent.Tx
	// Now is the clock; "today" for lists without at= and for ending a
	// record without a date. Tests set it.
	Now func() time.Time
	// shared holds the version gate and the caches of this database.
	shared *shared
}

// New returns a registry on db.
func New(db *DB, v *koncern.Validator) *Registry {
	return &Registry{db: db, validate: v, Now: time.Now, shared: newShared(db)}
}

// Today is the current date in Sweden's calendar, which is what a Swedish
// registry means by today.
func (r *Registry) Today() koncern.Date {
	return koncern.DateOf(r.Now().In(stockholm))
}

// stockholm is Sweden's zone. The zone database is compiled in (time/tzdata),
// so this holds on a machine without /usr/share/zoneinfo too.
var stockholm = mustLoadStockholm()

func mustLoadStockholm() *time.Location {
	loc, err := time.LoadLocation("Europe/Stockholm")
	if err != nil {
		// Unreachable with time/tzdata linked in; UTC is the least wrong
		// answer if it ever is reached.
		return time.UTC
	}
	return loc
}

// DefaultLimit and MaxLimit bound a list page.
const (
	DefaultLimit = 50
	MaxLimit     = 500
)

// ListOptions are the paging and as-of options every list accepts. Without
// At or History a list shows the records in force today.
type ListOptions struct {
	At      *koncern.Date
	History bool
	Cursor  string
	Limit   int
}

// Page is one page of a list.
type Page[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"next_cursor"`
}

// PageLimit is the size of the page a list's limit asks for: DefaultLimit
// when it asks for none (0), refused naming limit when it is out of range.
// The pages the reports cut (analysis.PageChanges) are bounded the same way.
func PageLimit(limit int) (int, error) {
	if limit == 0 {
		return DefaultLimit, nil
	}
	if limit < 1 || limit > MaxLimit {
		return 0, koncern.Invalid("limit", "must be between 1 and %d", MaxLimit)
	}
	return limit, nil
}

// selector is the predicate form every ent entity accepts.
type selector = func(*entsql.Selector)

// listPredicates turns the options into predicates on validity and the
// cursor, and returns the page size to ask for.
func (r *Registry) listPredicates(o ListOptions) ([]selector, int, error) {
	limit, err := PageLimit(o.Limit)
	if err != nil {
		return nil, 0, err
	}
	var preds []selector
	if o.At != nil && o.History {
		return nil, 0, koncern.Invalid("history", "cannot be combined with at")
	}
	if !o.History {
		preds = append(preds, inForce(r.day(o)))
	}
	if o.Cursor != "" {
		after, err := decodeCursor(o.Cursor)
		if err != nil {
			return nil, 0, err
		}
		preds = append(preds, afterID(after))
	}
	return preds, limit, nil
}

// afterID holds for the records after id, as a cursor does.
func afterID(id uuid.UUID) selector {
	return func(s *entsql.Selector) { s.Where(entsql.GT(s.C("id"), id)) }
}

// inForce holds for records valid on day d.
func inForce(d koncern.Date) selector {
	t := d.Time()
	return func(s *entsql.Selector) {
		s.Where(entsql.And(
			entsql.LTE(s.C("valid_from"), t),
			entsql.Or(entsql.IsNull(s.C("valid_to")), entsql.GTE(s.C("valid_to"), t)),
		))
	}
}

// overlapping holds for records that share at least one day with p.
// Each OR is handed to ent as a predicate of its own: ent parenthesises an
// OR only when it is nested under another operator.
func overlapping(p koncern.Period) selector {
	return func(s *entsql.Selector) {
		open := entsql.Or(entsql.IsNull(s.C("valid_to")), entsql.GTE(s.C("valid_to"), p.From.Time()))
		if p.To == nil {
			s.Where(open)
			return
		}
		s.Where(entsql.And(open, entsql.LTE(s.C("valid_from"), p.To.Time())))
	}
}

// outside holds for records with at least one day outside p.
func outside(p koncern.Period) selector {
	return func(s *entsql.Selector) {
		preds := []*entsql.Predicate{entsql.LT(s.C("valid_from"), p.From.Time())}
		if p.To != nil {
			preds = append(preds, entsql.IsNull(s.C("valid_to")), entsql.GT(s.C("valid_to"), p.To.Time()))
		}
		s.Where(entsql.Or(preds...))
	}
}

// dayOutside holds for records whose date in column col falls outside p.
func dayOutside(col string, p koncern.Period) selector {
	return func(s *entsql.Selector) {
		preds := []*entsql.Predicate{entsql.LT(s.C(col), p.From.Time())}
		if p.To != nil {
			preds = append(preds, entsql.GT(s.C(col), p.To.Time()))
		}
		s.Where(entsql.Or(preds...))
	}
}

// notID excludes the record being updated from checks against its peers.
func notID(id *uuid.UUID) selector {
	return func(s *entsql.Selector) {
		if id != nil {
			s.Where(entsql.NEQ(s.C("id"), *id))
		}
	}
}

func encodeCursor(id uuid.UUID) *string {
	s := base64.RawURLEncoding.EncodeToString(id[:])
	return &s
}

func decodeCursor(c string) (uuid.UUID, error) {
	b, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || len(b) != 16 {
		return uuid.UUID{}, koncern.Invalid("cursor", "is not a cursor this server handed out")
	}
	return uuid.UUID(b), nil
}

// page cuts the extra record a query fetched to learn whether more follow.
func page[E any, T any](rows []E, limit int, id func(E) uuid.UUID, conv func(E) T) Page[T] {
	p := Page[T]{Items: make([]T, 0, min(len(rows), limit))}
	for i, row := range rows {
		if i == limit {
			p.NextCursor = encodeCursor(id(rows[i-1]))
			break
		}
		p.Items = append(p.Items, conv(row))
	}
	return p
}

// notFound turns ent's not-found into the domain's.
func notFound(err error, what string, id uuid.UUID) error {
	if ent.IsNotFound(err) {
		return koncern.Errorf(koncern.ENOTFOUND, "%s %s not found", what, id)
	}
	return err
}

// checkVersion compares the version an If-Match header named with the
// stored one; zero means the client named none.
func checkVersion(stored, want int) error {
	if want != 0 && stored != want {
		return koncern.Errorf(koncern.EPRECONDITION, "the record is at version %d, not %d; fetch it again and reapply the change", stored, want)
	}
	return nil
}

// errStaleWrite is returned by an update that matched no row because
// another writer raised the version in between.
var errStaleWrite = koncern.Errorf(koncern.EPRECONDITION, "the record was changed by another request; fetch it again and reapply the change")

// endPeriod turns "end the record on day on" into a period patch.
func endPeriod(cur koncern.Period, on koncern.Date) (koncern.PeriodPatch, error) {
	if on.Before(cur.From) {
		return koncern.PeriodPatch{}, koncern.Invalid("on", "must not be before the record's valid_from %s", cur.From)
	}
	if cur.To != nil && on.After(*cur.To) {
		return koncern.PeriodPatch{}, koncern.Conflict("on", "the record already ended on %s", cur.To)
	}
	return koncern.PeriodPatch{ValidTo: koncern.Opt[koncern.Date]{Set: true, Value: on}}, nil
}

// fieldSetter is the part of every ent mutation that sets fields by name.
type fieldSetter interface {
	SetField(name string, value ent.Value) error
	ClearField(name string) error
}

// setOrClear writes an optional value: set when present, NULL when absent.
// The names come from the generated Field constants; an error means a type
// mismatch, a programming error that the update tests catch.
func setOrClear[T any](m fieldSetter, name string, v *T) error {
	if v == nil {
		return m.ClearField(name)
	}
	return m.SetField(name, *v)
}

// setChanged writes an optional value only when it differs from the
// stored one.
func setChanged[T comparable](m fieldSetter, name string, old, v *T) error {
	if samePtr(old, v) {
		return nil
	}
	return setOrClear(m, name, v)
}

// samePtr reports whether two optional values are equal: both absent, or
// both present with the same value.
func samePtr[T comparable](a, b *T) bool {
	if a == nil || b == nil {
		return a == b
	}
	return *a == *b
}

// saveOne turns the row count of an update guarded by the version into
// EPRECONDITION when another writer got there first.
func saveOne(n int, err error) error {
	if err != nil {
		return err
	}
	if n == 0 {
		return errStaleWrite
	}
	return nil
}

// patchFunc computes the patch to apply from the stored period; ending a
// record needs the period to check the day against, in the same transaction.
type patchFunc[P any] func(cur koncern.Period) (P, error)

func fixedPatch[P any](p P) patchFunc[P] {
	return func(koncern.Period) (P, error) { return p, nil }
}

// day is the day a list is asked about: at=, or today.
func (r *Registry) day(o ListOptions) koncern.Date {
	if o.At != nil {
		return *o.At
	}
	return r.Today()
}

// IsEmpty reports whether the registry holds no organisations and no
// people; the demo data is loaded only into an empty registry.
func (r *Registry) IsEmpty(ctx context.Context) (bool, error) {
	orgs, err := r.client().Organization.Query().Exist(ctx)
	if err != nil {
		return false, err
	}
	people, err := r.client().Person.Query().Exist(ctx)
	return !orgs && !people, err
}

// DB returns the database the registry stores in.
func (r *Registry) DB() *DB { return r.db }

// client is the ent client to read with: the transaction's inside Atomic.
func (r *Registry) client() *ent.Client {
	if r.tx != nil {
		return r.tx.Client()
	}
	return r.db.Client
}

// withTx runs fn in a transaction of its own, or in the Atomic one.
func (r *Registry) withTx(ctx context.Context, fn func(tx *ent.Tx) error) error {
	if r.tx != nil {
		return fn(r.tx)
	}
	_, err := withTx(ctx, r.db, func(tx *ent.Tx) (struct{}, error) { return struct{}{}, fn(tx) })
	return err
}

// Atomic runs fn with a registry whose every write joins one transaction,
// so that a batch (the demo data, an import) is stored whole or not at all.
// A serialization failure on PostgreSQL reruns fn from the start.
func (r *Registry) Atomic(ctx context.Context, fn func(r *Registry) error) error {
	if r.tx != nil {
		return fn(r)
	}
	_, err := withTx(ctx, r.db, func(tx *ent.Tx) (struct{}, error) {
		inner := *r
		inner.tx = tx
		return struct{}{}, fn(&inner)
	})
	return err
}

// OpenMigrated connects to dsn, brings its schema and data up to date and
// returns the registry on it: what every command and the benchmarks start
// with.
func OpenMigrated(ctx context.Context, dsn string) (*Registry, error) {
	r, _, err := OpenUpgraded(ctx, dsn)
	return r, err
}

// Upgrade says what bringing the data up to date changed.
type Upgrade struct {
	// Applied lists the schema migrations applied, in order; it is kept
	// when a later migration fails, so the caller can say how far it got.
	Applied []Migration
	// ReversedReportingLines counts the reporting lines written by older
	// versions that were turned around (see ReverseOldReportingLines).
	ReversedReportingLines int
	// RefusedReportingLines lists the lines found on the list of lines to
	// turn around that were not stored before the upgrade: someone wrote
	// them onto it past the registry, and they were left as they are.
	RefusedReportingLines []uuid.UUID
}

// OpenUpgraded is OpenMigrated that also says what the upgrade of the data
// changed. The data is brought up to date before anything else can write,
// so that no record is ever read in the meaning of an older version.
func OpenUpgraded(ctx context.Context, dsn string) (*Registry, Upgrade, error) {
	db, err := Open(ctx, dsn)
	if err != nil {
		return nil, Upgrade{}, err
	}
	var up Upgrade
	if up.Applied, err = db.ApplyMigrations(ctx); err != nil {
		db.Close()
		return nil, up, err
	}
	v, err := koncern.NewValidator()
	if err != nil {
		db.Close()
		return nil, up, err
	}
	r := New(db, v)
	if up.ReversedReportingLines, up.RefusedReportingLines, err = r.ReverseOldReportingLines(ctx); err != nil {
		db.Close()
		return nil, up, err
	}
	return r, up, nil
}
