package registry_test

import (
	"slices"
	"testing"
	"time"

	"entgo.io/ent/dialect"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
)

// exec runs SQL past the registry, as someone who can write the database
// would; args bind with the dialect's placeholders ($1 on PostgreSQL, ? on
// SQLite, written here as ?).
func exec(tb testing.TB, r *registry.Registry, stmt string, args ...any) {
	tb.Helper()
	if r.DB().Dialect == dialect.Postgres {
		stmt = pgPlaceholders(stmt)
	}
	if _, err := r.DB().SQL.ExecContext(ctx, stmt, args...); err != nil {
		tb.Fatalf("%s: %v", stmt, err)
	}
}

func pgPlaceholders(stmt string) string {
	out, n := []byte{}, 0
	for i := 0; i < len(stmt); i++ {
		if stmt[i] == '?' {
			n++
			out = append(out, '$', byte('0'+n))
			continue
		}
		out = append(out, stmt[i])
	}
	return string(out)
}

// auditColumns are the columns of the audit_events table as the database
// has them, so that a column added by a migration cannot be left out of
// the tamper table below.
func auditColumns(tb testing.TB, r *registry.Registry) []string {
	tb.Helper()
	rows, err := r.DB().SQL.QueryContext(ctx, `SELECT * FROM audit_events WHERE 1 = 0`)
	if err != nil {
		tb.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		tb.Fatal(err)
	}
	slices.Sort(cols)
	return cols
}

// updateEvent writes a small chain whose event at the returned seq is an
// update, so that every column of it (before included) holds a value.
func updateEvent(tb testing.TB, r *registry.Registry) registry.AuditEvent {
	tb.Helper()
	p := must(r.CreatePerson(ctx, koncern.PersonInput{Name: "Anna", Period: period("2003-01-01")}))(tb)
	must(r.UpdatePerson(registry.WithRequestID(ctx, "req-1"), p.ID, 0, koncern.PersonPatch{Email: koncern.Opt[string]{Set: true, Value: "anna@example.se"}}))(tb)
	must(r.CreatePerson(ctx, koncern.PersonInput{Name: "Berit", Period: period("2003-01-01")}))(tb)
	page := must(r.ListAuditEvents(ctx, registry.AuditFilter{Operation: "update"}))(tb)
	if len(page.Items) != 1 {
		tb.Fatalf("update events = %d, want 1", len(page.Items))
	}
	return page.Items[0]
}

// TestAuditEveryColumnTamper edits each stored column of one event by SQL
// and expects verification to fail at that event's seq: a column left out
// of the hash would let its edit pass.
func TestAuditEveryColumnTamper(t *testing.T) {
	edits := map[string]func(t *testing.T, r *registry.Registry, e registry.AuditEvent){
		"seq": setSQL(`seq = seq + 1000`),
		"time": func(t *testing.T, r *registry.Registry, e registry.AuditEvent) {
			exec(t, r, `UPDATE audit_events SET time = ? WHERE seq = ?`, e.Time.Add(time.Second), e.Seq)
		},
		"actor":      setSQL(`actor = actor || 'x'`),
		"request_id": setSQL(`request_id = request_id || 'x'`),
		"entity":     setSQL(`entity = entity || 'x'`),
		"entity_id":  setSQL(`entity_id = entity_id || 'x'`),
		"operation":  setSQL(`operation = 'end'`),
		"before":     setSQL(`"before" = '{"name":"forged"}'`),
		"after":      setSQL(`"after" = '{"name":"forged"}'`),
		"prev_hash":  setSQL(`prev_hash = prev_hash || 'x'`),
		"hash":       setSQL(`hash = hash || 'x'`),
	}
	// id is the row's surrogate key: no event shows it, the chain is
	// ordered by seq, and changing it changes nothing a reader sees.
	notContent := []string{"id"}

	r := registrytest.MustRegistry(t, now)
	cols := auditColumns(t, r)
	var covered []string
	for c := range edits {
		covered = append(covered, c)
	}
	covered = append(covered, notContent...)
	slices.Sort(covered)
	if !slices.Equal(cols, covered) {
		t.Fatalf("audit_events has columns %v; the tamper table covers %v", cols, covered)
	}
	for col, edit := range edits {
		t.Run(col, func(t *testing.T) {
			r := registrytest.MustRegistry(t, now)
			e := updateEvent(t, r)
			if res := must(r.VerifyAudit(ctx))(t); !res.OK {
				t.Fatalf("verify before the edit = %+v", res)
			}
			edit(t, r, e)
			res := must(r.VerifyAudit(ctx))(t)
			if res.OK || res.Broken == nil || res.Broken.Seq != e.Seq {
				t.Fatalf("verify after editing %s = %+v, want broken at seq %d", col, res, e.Seq)
			}
		})
	}
}

// setSQL is an edit that sets one column of the event by SQL.
func setSQL(set string) func(t *testing.T, r *registry.Registry, e registry.AuditEvent) {
	return func(t *testing.T, r *registry.Registry, e registry.AuditEvent) {
		exec(t, r, `UPDATE audit_events SET `+set+` WHERE seq = ?`, e.Seq)
	}
}
