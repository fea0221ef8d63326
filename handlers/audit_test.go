package handlers_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/demo"
	"github.com/koncernregistret/koncern/handlers"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/viewer"
)

// auditSeries writes through the API: creates, an update, an end and a
// ledger transaction, so that the chain holds every kind of event.
func auditSeries(a *api) {
	f := newFixture(a)
	person := "/api/v1/people/" + f.person
	a.mustDo(http.StatusOK, "PATCH", person, map[string]any{"email": "anna@example.se"}, "If-Match", a.etag(person))
	a.mustDo(http.StatusOK, "DELETE", person+"?on=2025-12-31", nil, "If-Match", a.etag(person))
}

func (a *api) verify() registry.AuditCheck {
	var res registry.AuditCheck
	a.mustDo(http.StatusOK, "GET", "/api/v1/audit/verify", nil).decode(a.t, &res)
	return res
}

func (a *api) exec(stmts ...string) {
	for _, s := range stmts {
		if _, err := a.reg.DB().SQL.ExecContext(context.Background(), s); err != nil {
			a.t.Fatalf("%s: %v", s, err)
		}
	}
}

func TestAuditChainVerifies(t *testing.T) {
	a := newAPI(t)
	auditSeries(a)
	res := a.verify()
	if !res.OK || res.Count != 14 { // the harness's token, eleven creates, an update and an end
		t.Fatalf("verify = %+v, want ok with every write", res)
	}
	var page registry.Page[registry.AuditEvent]
	a.mustDo(http.StatusOK, "GET", "/api/v1/audit/events?entity=person&actor=test-admin", nil).decode(t, &page)
	ops := []string{}
	for _, e := range page.Items {
		ops = append(ops, e.Operation)
		if e.RequestID == "" {
			t.Errorf("event %d has no request id", e.Seq)
		}
	}
	if fmt.Sprint(ops) != "[create update end]" {
		t.Errorf("person events = %v", ops)
	}
	if string(page.Items[0].Before) != "null" {
		t.Errorf("a create's before = %s, want null", page.Items[0].Before)
	}
}

func TestAuditTamperDetected(t *testing.T) {
	for name, tc := range map[string]struct {
		stmts []string
		seq   int64
	}{
		"edit after": {[]string{`UPDATE audit_events SET "after" = '{"name":"forged"}' WHERE seq = 3`}, 3},
		"delete":     {[]string{`DELETE FROM audit_events WHERE seq = 4`}, 4},
		"swap seq": {[]string{
			`UPDATE audit_events SET seq = 1000 WHERE seq = 5`,
			`UPDATE audit_events SET seq = 5 WHERE seq = 6`,
			`UPDATE audit_events SET seq = 6 WHERE seq = 1000`,
		}, 5},
	} {
		t.Run(name, func(t *testing.T) {
			a := newAPI(t)
			auditSeries(a)
			a.exec(tc.stmts...)
			res := a.verify()
			if res.OK || res.Broken == nil || res.Broken.Seq != tc.seq {
				t.Fatalf("verify = %+v, want broken at seq %d", res, tc.seq)
			}
		})
	}
}

func TestAuditRejectedWriteLeavesNoEvent(t *testing.T) {
	a := newAPI(t)
	auditSeries(a)
	before := a.verify().Count
	a.mustDo(http.StatusUnprocessableEntity, "POST", "/api/v1/organizations", map[string]any{"kind": "company", "name": "", "valid_from": "2003-01-01"})
	if res := a.verify(); !res.OK || res.Count != before {
		t.Fatalf("verify after a rejected write = %+v, want ok with %d events", res, before)
	}
}

func TestAuditDemoVerifies(t *testing.T) {
	a := newAPI(t)
	if _, err := demo.Load(viewer.System(context.Background()), a.reg); err != nil {
		t.Fatal(err)
	}
	res := a.verify()
	if !res.OK || res.Count == 0 {
		t.Fatalf("verify on the demo = %+v", res)
	}
	var page registry.Page[registry.AuditEvent]
	a.mustDo(http.StatusOK, "GET", "/api/v1/audit/events?actor=system&limit=2", nil).decode(t, &page)
	if len(page.Items) != 2 || page.NextCursor == nil {
		t.Fatalf("page = %+v", page)
	}
	a.mustDo(http.StatusOK, "GET", "/api/v1/audit/events?cursor="+*page.NextCursor+"&from=2000-01-01T00:00:00Z", nil)
}

// testCheckpointKey signs the test servers' checkpoints.
var testCheckpointKey = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, ed25519.SeedSize))

func (a *api) checkpoint() registry.Checkpoint {
	var cp registry.Checkpoint
	a.mustDo(http.StatusOK, "GET", "/api/v1/audit/checkpoint", nil).decode(a.t, &cp)
	return cp
}

func (a *api) verifyAgainst(cp registry.Checkpoint) registry.AuditCheck {
	var res registry.AuditCheck
	a.mustDo(http.StatusOK, "POST", "/api/v1/audit/verify", cp).decode(a.t, &res)
	return res
}

// TestAuditCheckpointAPI signs the head over the API and verifies the
// chain against it after the attacks a plain walk cannot see.
func TestAuditCheckpointAPI(t *testing.T) {
	setup := func(t *testing.T) (*api, registry.Checkpoint) {
		a := newAPI(t)
		auditSeries(a)
		cp := a.checkpoint()
		if want := registry.PublicKeyText(testCheckpointKey.Public().(ed25519.PublicKey)); cp.PublicKey != want || cp.Seq != 14 {
			t.Fatalf("checkpoint = %+v, want seq 14 and the server's key", cp)
		}
		a.create("/api/v1/people", map[string]any{"name": "Efter", "valid_from": "2003-01-01"})
		return a, cp
	}
	t.Run("Extends", func(t *testing.T) {
		a, cp := setup(t)
		if res := a.verifyAgainst(cp); !res.OK || res.Count <= cp.Seq {
			t.Fatalf("verify = %+v", res)
		}
	})
	t.Run("ErrRecomputedHashes", func(t *testing.T) {
		a, cp := setup(t)
		a.exec(`UPDATE audit_events SET "after" = '{"name":"forged"}' WHERE seq = 3`)
		registrytest.Rehash(t, a.reg.DB(), 3)
		if res := a.verify(); !res.OK {
			t.Fatalf("plain verify = %+v; the rehashed chain should pass it", res)
		}
		if res := a.verifyAgainst(cp); res.OK || res.Broken.Seq != cp.Seq {
			t.Fatalf("verify = %+v, want broken at %d", res, cp.Seq)
		}
	})
	t.Run("ErrTruncated", func(t *testing.T) {
		a, cp := setup(t)
		a.exec(fmt.Sprintf(`DELETE FROM audit_events WHERE seq >= %d`, cp.Seq))
		if res := a.verifyAgainst(cp); res.OK || res.Broken.Seq != cp.Seq {
			t.Fatalf("verify = %+v, want broken at %d", res, cp.Seq)
		}
	})
	t.Run("ErrSignature", func(t *testing.T) {
		a, cp := setup(t)
		cp.Time = cp.Time.Add(time.Hour)
		p := a.mustDo(http.StatusUnprocessableEntity, "POST", "/api/v1/audit/verify", cp).problem(t)
		if !namesField(p.Errors, "signature") {
			t.Fatalf("problem = %+v, want it to name signature", p)
		}
	})
	t.Run("ErrNoKey", func(t *testing.T) {
		a := newAPIWith(t, func(c *handlers.Config) { c.CheckpointKey = nil })
		p := a.mustDo(http.StatusNotFound, "GET", "/api/v1/audit/checkpoint", nil).problem(t)
		if p.Code != koncern.ENOTFOUND || !strings.Contains(p.Detail, "checkpoint key") {
			t.Fatalf("problem = %+v", p)
		}
		reader := a.tokenFor(koncern.AccessReader)
		a.mustDo(http.StatusForbidden, "GET", "/api/v1/audit/checkpoint", nil, "Authorization", "Bearer "+reader)
	})
}
