package registry_test

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"entgo.io/ent/dialect"
	"github.com/google/uuid"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/ent/migrate"
	"github.com/koncernregistret/koncern/ent/websession"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/viewer"
)

// sessionWorld is a registry whose clock the test moves, and the tokens
// it signs in with.
type sessionWorld struct {
	r     *registry.Registry
	clock time.Time
}

func newSessionWorld(t *testing.T) *sessionWorld {
	w := &sessionWorld{r: registrytest.MustRegistry(t, now), clock: now}
	w.r.Now = func() time.Time { return w.clock }
	return w
}

// freeze returns the clock's moment and sets the clock back to it when
// the test ends, so that a subtest that moves the clock leaves it as found.
func (w *sessionWorld) freeze(t *testing.T) time.Time {
	start := w.clock
	t.Cleanup(func() { w.clock = start })
	return start
}

// token issues a token named name with role, expiring after expiresIn
// when that is not zero.
func (w *sessionWorld) token(t *testing.T, name, role string, expiresIn time.Duration) koncern.IssuedToken {
	t.Helper()
	in := koncern.TokenInput{Name: name, Role: role}
	if expiresIn != 0 {
		at := w.clock.Add(expiresIn)
		in.ExpiresAt = &at
	}
	return must(w.r.CreateToken(ctx, in))(t)
}

// wantRefusal checks that err refuses a session for reason, as
// EUNAUTHORIZED.
func wantRefusal(t *testing.T, err error, reason registry.SessionRefusal) {
	t.Helper()
	wantCode(t, err, koncern.EUNAUTHORIZED)
	var se *registry.SessionError
	if !errors.As(err, &se) || se.Reason != reason {
		t.Fatalf("refusal %v, want reason %s", err, reason)
	}
}

// TestSessions starts, looks up and ends sessions through the registry,
// on the real database, with the clock moved second by second.
func TestSessions(t *testing.T) {
	w := newSessionWorld(t)
	r := w.r
	t.Run("StartLookupEnd", func(t *testing.T) {
		tok := w.token(t, "granskare", koncern.AccessAuditor, 0)
		secret, v := mustStart(t, r, tok.Secret, time.Hour)
		if !strings.HasPrefix(secret, registry.SessionPrefix) || len(secret) != len(registry.SessionPrefix)+43 {
			t.Fatalf("secret %q: want %s and 32 bytes of base64url", secret, registry.SessionPrefix)
		}
		want := viewer.Viewer{Name: "granskare", Role: koncern.AccessAuditor}
		if v != want {
			t.Fatalf("started as %+v, want %+v", v, want)
		}
		if got := must(r.SessionViewer(ctx, secret))(t); got != want {
			t.Fatalf("session viewer %+v, want %+v", got, want)
		}
		must(struct{}{}, r.EndSession(ctx, secret))(t)
		_, err := r.SessionViewer(ctx, secret)
		wantRefusal(t, err, registry.SessionEnded)
		must(struct{}{}, r.EndSession(ctx, secret))(t) // ending it again is no error
	})
	t.Run("RoleIsTheTokens", func(t *testing.T) {
		for _, role := range koncern.AccessRoles {
			tok := w.token(t, "roll-"+role, role, 0)
			secret, _ := mustStart(t, r, tok.Secret, 0)
			if got := must(r.SessionViewer(ctx, secret))(t); got.Role != role || got.Name != "roll-"+role {
				t.Fatalf("a %s token's session is %+v", role, got)
			}
		}
	})
	t.Run("ExpiresToTheSecond", func(t *testing.T) {
		tok := w.token(t, "sekund", koncern.AccessReader, 0)
		start := w.freeze(t)
		secret, _ := mustStart(t, r, tok.Secret, time.Hour)
		w.clock = start.Add(time.Hour - time.Second)
		must(r.SessionViewer(ctx, secret))(t)
		w.clock = start.Add(time.Hour)
		_, err := r.SessionViewer(ctx, secret)
		wantRefusal(t, err, registry.SessionExpired)
	})
	t.Run("DefaultTTL", func(t *testing.T) {
		tok := w.token(t, "dag", koncern.AccessReader, 0)
		start := w.freeze(t)
		secret, _ := mustStart(t, r, tok.Secret, 0)
		w.clock = start.Add(registry.DefaultSessionTTL - time.Second)
		must(r.SessionViewer(ctx, secret))(t)
		w.clock = start.Add(registry.DefaultSessionTTL)
		_, err := r.SessionViewer(ctx, secret)
		wantRefusal(t, err, registry.SessionExpired)
	})
	t.Run("ErrRevokedToken", func(t *testing.T) {
		tok := w.token(t, "återkallad", koncern.AccessFinance, 0)
		secret, _ := mustStart(t, r, tok.Secret, 0)
		other, _ := mustStart(t, r, w.token(t, "kvar", koncern.AccessFinance, 0).Secret, 0)
		must(r.SessionViewer(ctx, secret))(t) // puts the token in the cache
		must(r.RevokeToken(ctx, must(r.TokenID(ctx, tok.Name))(t), 0))(t)
		_, err := r.SessionViewer(ctx, secret)
		wantRefusal(t, err, registry.SessionTokenRevoked)
		if n := sessionRows(t, r, `token_id = ? AND ended_at IS NOT NULL`, tok.ID); n != 1 {
			t.Fatalf("%d ended sessions of the revoked token, want 1", n)
		}
		must(r.SessionViewer(ctx, other))(t) // another token's session holds
		_, _, err = r.StartTokenSession(ctx, tok.Secret, 0)
		wantCode(t, err, koncern.EUNAUTHORIZED)
	})
	t.Run("ErrExpiredToken", func(t *testing.T) {
		tok := w.token(t, "tidsbegränsad", koncern.AccessRegistrar, time.Hour)
		start := w.freeze(t)
		secret, _ := mustStart(t, r, tok.Secret, registry.DefaultSessionTTL)
		row := must(r.DB().Client.WebSession.Query().Where(websession.TokenID(uuid.MustParse(tok.ID))).Only(ctx))(t)
		if !row.ExpiresAt.Equal(*tok.ExpiresAt) {
			t.Fatalf("the session expires at %s, not with its token at %s", row.ExpiresAt, tok.ExpiresAt)
		}
		w.clock = start.Add(time.Hour - time.Second)
		must(r.SessionViewer(ctx, secret))(t)
		w.clock = start.Add(time.Hour)
		_, err := r.SessionViewer(ctx, secret)
		wantRefusal(t, err, registry.SessionTokenExpired)
		_, _, err = r.StartTokenSession(ctx, tok.Secret, 0)
		wantCode(t, err, koncern.EUNAUTHORIZED)
	})
	t.Run("ErrUnknownSecret", func(t *testing.T) {
		tok := w.token(t, "inte-en-session", koncern.AccessReader, 0)
		for _, secret := range []string{registry.SessionPrefix + strings.Repeat("A", 43), tok.Secret, ""} {
			_, err := r.SessionViewer(ctx, secret)
			wantRefusal(t, err, registry.SessionUnknown)
			must(struct{}{}, r.EndSession(ctx, secret))(t)
		}
		_, _, err := r.StartTokenSession(ctx, "kr_okänd", 0)
		wantCode(t, err, koncern.EUNAUTHORIZED)
	})
	t.Run("ErrTamperedRole", func(t *testing.T) {
		tok := w.token(t, "läsare", koncern.AccessReader, 0)
		secret, _ := mustStart(t, r, tok.Secret, 0)
		registrytest.Exec(t, r.DB(), `UPDATE web_sessions SET role = 'admin' WHERE token_id = ?`, tok.ID)
		_, err := r.SessionViewer(ctx, secret)
		wantRefusal(t, err, registry.SessionUnknown)
	})
	t.Run("HashOnly", func(t *testing.T) {
		tok := w.token(t, "hemlig", koncern.AccessAdmin, 0)
		secret, _ := mustStart(t, r, tok.Secret, 0)
		sum := sha256.Sum256([]byte(secret))
		if n := sessionRows(t, r, `secret_hash = ?`, hex.EncodeToString(sum[:])); n != 1 {
			t.Fatalf("%d sessions stored under the secret's SHA-256, want 1", n)
		}
		body := strings.TrimPrefix(secret, registry.SessionPrefix)
		if where := findInDatabase(t, r, body[:8]); where != "" {
			t.Fatalf("a piece of the session secret is stored in %s", where)
		}
	})
	t.Run("IdentityProviderSession", func(t *testing.T) {
		v := viewer.Viewer{Name: "jwt:anna", Role: koncern.AccessFinance}
		secret := must(r.StartSession(ctx, v, "https://idp.example#anna", time.Hour))(t)
		if got := must(r.SessionViewer(ctx, secret))(t); got != v {
			t.Fatalf("session viewer %+v, want %+v", got, v)
		}
		if n := sessionRows(t, r, `subject = ? AND token_id IS NULL`, "https://idp.example#anna"); n != 1 {
			t.Fatalf("%d sessions with the subject, want 1", n)
		}
		must(struct{}{}, r.EndSession(ctx, secret))(t)
		_, err := r.SessionViewer(ctx, secret)
		wantRefusal(t, err, registry.SessionEnded)
	})
	t.Run("ErrIdentityProviderInput", func(t *testing.T) {
		_, err := r.StartSession(ctx, viewer.Viewer{Name: "jwt:bo", Role: "superuser"}, "", 0)
		wantError(t, err, koncern.EINVALID, "role")
		_, err = r.StartSession(ctx, viewer.Viewer{Name: viewer.SystemName, Role: koncern.AccessAdmin}, "", 0)
		wantError(t, err, koncern.EINVALID, "name")
		_, err = r.StartSession(ctx, viewer.Viewer{Role: koncern.AccessReader}, "", 0)
		wantError(t, err, koncern.EINVALID, "name")
	})
	t.Run("NotAudited", func(t *testing.T) {
		tok := w.token(t, "utanför-spåret", koncern.AccessReader, 0)
		events := must(r.VerifyAudit(ctx))(t).Count
		version := must(r.Version(ctx))(t)
		secret, _ := mustStart(t, r, tok.Secret, 0)
		must(struct{}{}, r.EndSession(ctx, secret))(t)
		if got := must(r.VerifyAudit(ctx))(t).Count; got != events {
			t.Fatalf("a session left %d audit events", got-events)
		}
		if got := must(r.Version(ctx))(t); got != version {
			t.Fatalf("a session raised the version from %d to %d", version, got)
		}
		if d := reconcile(t, r); len(d) != 0 {
			t.Fatalf("reconciliation with sessions: %v", d)
		}
	})
	t.Run("ClearsOldSessions", func(t *testing.T) {
		tok := w.token(t, "städning", koncern.AccessReader, 0)
		start := w.freeze(t)
		ended, _ := mustStart(t, r, tok.Secret, time.Hour)
		must(struct{}{}, r.EndSession(ctx, ended))(t)
		mustStart(t, r, tok.Secret, time.Hour) // expires at start+1h
		recent := func() int { return sessionRows(t, r, `token_id = ?`, tok.ID) }
		w.clock = start.Add(24 * time.Hour)
		mustStart(t, r, tok.Secret, 0) // neither is a day past its end yet
		if n := recent(); n != 3 {
			t.Fatalf("%d sessions a day later, want 3", n)
		}
		w.clock = start.Add(25*time.Hour + time.Second)
		mustStart(t, r, tok.Secret, time.Hour)
		if n := recent(); n != 2 {
			t.Fatalf("%d sessions after the clean-up, want the 2 in force", n)
		}
		_, err := r.SessionViewer(ctx, ended)
		wantRefusal(t, err, registry.SessionUnknown)
	})
}

// TestSessionPrivacy writes sessions through ent past the registry, as a
// future caller might, and finds the rules of package rule judging them.
func TestSessionPrivacy(t *testing.T) {
	w := newSessionWorld(t)
	c := w.r.DB().Client
	tok := w.token(t, "egen", koncern.AccessReader, 0)
	secret, _ := mustStart(t, w.r, tok.Secret, 0)
	reader := viewer.NewContext(ctx, viewer.Viewer{Name: "annan", Role: koncern.AccessReader})
	t.Run("ErrStartAsSomeoneElse", func(t *testing.T) {
		err := c.WebSession.Create().SetSecretHash("x").SetName("egen").SetRole(koncern.AccessAdmin).
			SetCreatedAt(now).SetExpiresAt(now.Add(time.Hour)).Exec(reader)
		wantCode(t, err, koncern.EFORBIDDEN)
	})
	t.Run("ErrEndSomeoneElses", func(t *testing.T) {
		err := c.WebSession.Update().Where(websession.TokenID(uuid.MustParse(tok.ID))).SetEndedAt(now).Exec(reader)
		wantCode(t, err, koncern.EFORBIDDEN)
		must(w.r.SessionViewer(ctx, secret))(t)
	})
	t.Run("ErrReaderReads", func(t *testing.T) {
		_, err := c.WebSession.Query().All(reader)
		wantCode(t, err, koncern.EFORBIDDEN)
	})
	t.Run("ErrAnonymousReads", func(t *testing.T) {
		pub := viewer.NewContext(ctx, viewer.Viewer{Name: viewer.Anonymous, PublicRead: true})
		_, err := c.WebSession.Query().All(pub)
		wantCode(t, err, koncern.EUNAUTHORIZED)
	})
}

func mustStart(t testing.TB, r *registry.Registry, token string, ttl time.Duration) (string, viewer.Viewer) {
	t.Helper()
	secret, v, err := r.StartTokenSession(ctx, token, ttl)
	if err != nil {
		t.Fatal(err)
	}
	return secret, v
}

// sessionRows counts the sessions where holds, read past the registry.
func sessionRows(t *testing.T, r *registry.Registry, where string, args ...any) int {
	t.Helper()
	q := `SELECT count(*) FROM web_sessions WHERE ` + where
	if r.DB().Dialect == dialect.Postgres {
		for i := range args {
			q = strings.Replace(q, "?", fmt.Sprintf("$%d", i+1), 1)
		}
	}
	var n int
	if err := r.DB().SQL.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// findInDatabase returns the table and column of the first value in any
// table that contains s, or "" when none does.
func findInDatabase(t *testing.T, r *registry.Registry, s string) string {
	t.Helper()
	for _, table := range migrate.Tables {
		rows, err := r.DB().SQL.QueryContext(ctx, `SELECT * FROM `+table.Name)
		if err != nil {
			t.Fatal(err)
		}
		cols := must(rows.Columns())(t)
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			for i, v := range vals {
				if b, ok := v.([]byte); ok {
					v = string(b)
				}
				if strings.Contains(fmt.Sprint(v), s) {
					rows.Close()
					return table.Name + "." + cols[i]
				}
			}
		}
		if err := rows.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return ""
}

// BenchmarkSessionViewer is the cost a signed-in page pays per request:
// the session's row by its hash, the version, and the token from the cache.
func BenchmarkSessionViewer(b *testing.B) {
	r := registrytest.MustRegistry(b, now)
	tok := must(r.CreateToken(ctx, koncern.TokenInput{Name: "mätning", Role: koncern.AccessReader}))(b)
	secret, _ := mustStart(b, r, tok.Secret, 0)
	for b.Loop() {
		if _, err := r.SessionViewer(ctx, secret); err != nil {
			b.Fatal(err)
		}
	}
}
