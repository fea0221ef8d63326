package registrytest

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"entgo.io/ent/dialect"

	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/auditevent"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/viewer"
)

// Exec runs SQL past the registry, as someone who can write the database
// would. Arguments bind to ? placeholders, which become $1, $2… on
// PostgreSQL.
func Exec(tb testing.TB, db *registry.DB, stmt string, args ...any) {
	tb.Helper()
	if db.Dialect == dialect.Postgres {
		var b strings.Builder
		n := 0
		for _, r := range stmt {
			if r == '?' {
				n++
				b.WriteString("$" + strconv.Itoa(n))
				continue
			}
			b.WriteRune(r)
		}
		stmt = b.String()
	}
	if _, err := db.SQL.ExecContext(context.Background(), stmt, args...); err != nil {
		tb.Fatalf("%s: %v", stmt, err)
	}
}

// Rehash recomputes prev_hash and hash of every event from seq on with
// the chain's own rule, as someone who can write the database and has
// read the code would after editing the event at seq: the chain verifies
// again, and only a checkpoint kept elsewhere can tell.
func Rehash(tb testing.TB, db *registry.DB, seq int64) {
	tb.Helper()
	ctx := viewer.System(context.Background())
	events, err := db.Client.AuditEvent.Query().Where(auditevent.SeqGTE(seq - 1)).Order(ent.Asc(auditevent.FieldSeq)).All(ctx)
	if err != nil {
		tb.Fatal(err)
	}
	prev := ""
	for _, e := range events {
		if e.Seq < seq {
			prev = e.Hash
			continue
		}
		if prev != "" {
			e.PrevHash = prev
		}
		e.Hash = registry.EventHash(e)
		Exec(tb, db, `UPDATE audit_events SET prev_hash = ?, hash = ? WHERE seq = ?`, e.PrevHash, e.Hash, e.Seq)
		prev = e.Hash
	}
}
