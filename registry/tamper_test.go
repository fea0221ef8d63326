package registry_test

import (
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
)

func exec(tb testing.TB, r *registry.Registry, stmt string, args ...any) {
	tb.Helper()
	registrytest.Exec(tb, r.DB(), stmt, args...)
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

// TestCheckpoint signs the chain's head and checks that a chain rewritten
// with recomputed hashes, or cut below the checkpoint, no longer verifies
// against it, while the plain walk cannot tell.
func TestCheckpoint(t *testing.T) {
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	setup := func(t *testing.T) (*registry.Registry, registry.Checkpoint) {
		r := registrytest.MustRegistry(t, now)
		mustGroup(t, r)
		cp := must(r.SignCheckpoint(ctx, key))(t)
		// Events after the checkpoint: the chain still extends it.
		must(r.CreatePerson(ctx, koncern.PersonInput{Name: "Efter", Period: period("2003-01-01")}))(t)
		return r, cp
	}
	t.Run("Extends", func(t *testing.T) {
		r, cp := setup(t)
		if cp.Seq != 4 || cp.PublicKey != registry.PublicKeyText(key.Public().(ed25519.PublicKey)) {
			t.Fatalf("checkpoint = %+v, want seq 4 named by its key", cp)
		}
		if res := must(r.VerifyAuditAgainst(ctx, cp))(t); !res.OK || res.Count != 5 {
			t.Fatalf("verify = %+v, want ok with 5 events", res)
		}
	})
	t.Run("ErrRecomputedHashes", func(t *testing.T) {
		r, cp := setup(t)
		exec(t, r, `UPDATE audit_events SET "after" = '{"name":"forged"}' WHERE seq = 2`)
		registrytest.Rehash(t, r.DB(), 2)
		if res := must(r.VerifyAudit(ctx))(t); !res.OK {
			t.Fatalf("the plain walk = %+v; the rehashed chain should pass it", res)
		}
		res := must(r.VerifyAuditAgainst(ctx, cp))(t)
		if res.OK || res.Broken.Seq != cp.Seq {
			t.Fatalf("verify = %+v, want broken at the checkpoint's seq %d", res, cp.Seq)
		}
	})
	t.Run("ErrTruncated", func(t *testing.T) {
		r, cp := setup(t)
		exec(t, r, `DELETE FROM audit_events WHERE seq >= ?`, cp.Seq-1)
		if res := must(r.VerifyAudit(ctx))(t); !res.OK {
			t.Fatalf("the plain walk = %+v; a cut chain should pass it", res)
		}
		res := must(r.VerifyAuditAgainst(ctx, cp))(t)
		if res.OK || res.Broken.Seq != cp.Seq-1 || res.Count != cp.Seq-2 {
			t.Fatalf("verify = %+v, want broken at seq %d", res, cp.Seq-1)
		}
	})
	t.Run("ErrSignature", func(t *testing.T) {
		r, cp := setup(t)
		forged := cp
		forged.Seq--
		_, err := r.VerifyAuditAgainst(ctx, forged)
		wantError(t, err, koncern.EINVALID, "signature")
	})
	t.Run("ErrPublicKey", func(t *testing.T) {
		r, cp := setup(t)
		cp.PublicKey = "not a key"
		_, err := r.VerifyAuditAgainst(ctx, cp)
		wantError(t, err, koncern.EINVALID, "public_key")
	})
	// A checkpoint has one text: every other spelling of the signed values
	// is refused, so that two different documents never carry one
	// signature and a checkpoint compared by its text (a public_key with
	// the published one) is compared with what was signed.
	for _, c := range []struct {
		name, field string
		change      func(cp *registry.Checkpoint)
	}{
		{"ErrTimeFraction", "time", func(cp *registry.Checkpoint) { cp.Time = cp.Time.Add(999 * time.Millisecond) }},
		{"ErrTimeZone", "time", func(cp *registry.Checkpoint) { cp.Time = cp.Time.In(time.FixedZone("CET", 3600)) }},
		{"ErrHashUpperCase", "hash", func(cp *registry.Checkpoint) { cp.Hash = strings.ToUpper(cp.Hash) }},
		{"ErrSignatureLineBreak", "signature", func(cp *registry.Checkpoint) { cp.Signature = cp.Signature[:40] + "\n" + cp.Signature[40:] }},
		{"ErrPublicKeyLineBreak", "public_key", func(cp *registry.Checkpoint) { cp.PublicKey = cp.PublicKey[:20] + "\r\n" + cp.PublicKey[20:] }},
	} {
		t.Run(c.name, func(t *testing.T) {
			r, cp := setup(t)
			c.change(&cp)
			_, err := r.VerifyAuditAgainst(ctx, cp)
			wantError(t, err, koncern.EINVALID, c.field)
		})
	}
	t.Run("ErrNoKey", func(t *testing.T) {
		r := registrytest.MustRegistry(t, now)
		_, err := r.SignCheckpoint(ctx, nil)
		wantError(t, err, koncern.ENOTFOUND, "")
	})
	t.Run("ErrReader", func(t *testing.T) {
		r, cp := setup(t)
		_, err := r.SignCheckpoint(as(koncern.AccessReader), key)
		wantError(t, err, koncern.EFORBIDDEN, "")
		_, err = r.VerifyAuditAgainst(as(koncern.AccessReader), registry.Checkpoint{})
		wantError(t, err, koncern.EFORBIDDEN, "")
		must(r.VerifyAuditAgainst(as(koncern.AccessAuditor), cp))(t)
	})
}

func TestCheckpointKeyFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "checkpoint.key")
	pub := must(registry.GenerateCheckpointKey(path))(t)
	if info := must(os.Stat(path))(t); info.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode %04o, want 0600", info.Mode().Perm())
	}
	key := must(registry.ReadCheckpointKey(path))(t)
	if !pub.Equal(key.Public()) {
		t.Fatal("the key read back is not the key written")
	}
	t.Run("ErrExists", func(t *testing.T) {
		if _, err := registry.GenerateCheckpointKey(path); !errors.Is(err, fs.ErrExist) {
			t.Fatalf("overwriting a key: %v, want ErrExist", err)
		}
	})
	t.Run("ErrNotPEM", func(t *testing.T) {
		bad := filepath.Join(t.TempDir(), "bad.key")
		if err := os.WriteFile(bad, []byte("not a key"), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := registry.ReadCheckpointKey(bad); err == nil || !strings.Contains(err.Error(), "not a PEM PRIVATE KEY") {
			t.Fatalf("reading a file that is no key: %v", err)
		}
	})
	t.Run("ErrReadableByOthers", func(t *testing.T) {
		if err := os.Chmod(path, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := registry.ReadCheckpointKey(path); err == nil || !strings.Contains(err.Error(), "chmod 600") {
			t.Fatalf("reading a key others may read: %v", err)
		}
	})
}
