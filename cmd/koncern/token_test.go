package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/viewer"
)

// TestTokenCommand issues, lists and revokes a token from the command line
// and checks each step against the registry and its audit trail.
func TestTokenCommand(t *testing.T) {
	dsn := registrytest.DSN(t)
	tok := func(args ...string) (string, error) {
		var out bytes.Buffer
		err := run(context.Background(), append(append([]string{"token"}, args...), "--db", dsn), &out, &out)
		return out.String(), err
	}
	out, err := tok("create", "--name", "ekonomi", "--role", "finance", "--expires", "720h")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	secret := lines[len(lines)-1]
	if !strings.HasPrefix(secret, registry.TokenPrefix) {
		t.Fatalf("create printed %q", out)
	}
	r, err := open(viewer.System(context.Background()), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer r.DB().Close()
	r.Now = time.Now
	v, err := r.Authenticate(context.Background(), secret)
	if err != nil || v.Role != "finance" || v.Name != "ekonomi" {
		t.Fatalf("authenticate: %+v %v", v, err)
	}
	if out, err := tok("list"); err != nil || !strings.Contains(out, "ekonomi") || strings.Contains(out, secret) {
		t.Fatalf("list: %q %v", out, err)
	}
	if _, err := tok("revoke", "ekonomi"); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Authenticate(context.Background(), secret); err == nil {
		t.Fatal("a revoked token still authenticates")
	}
	events, err := r.ListAuditEvents(viewer.System(context.Background()), registry.AuditFilter{Entity: "api_token"})
	if err != nil || len(events.Items) != 2 || events.Items[1].Operation != "revoke" || events.Items[1].Actor != viewer.SystemName {
		t.Fatalf("token events: %+v %v", events.Items, err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"create", "--name", "ekonomi", "--role", "reader"}, "exists already"},
		{[]string{"create", "--name", "x", "--role", "boss"}, "role"},
		{[]string{"create", "--name", "x", "--role", "reader", "--expires", "soon"}, "--expires"},
		{[]string{"revoke", "ingen"}, "no token is named"},
		{[]string{"revoke", "ekonomi"}, "revoked on"},
		{[]string{"frobnicate"}, "unknown subcommand"},
	} {
		if _, err := tok(c.args...); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("token %v: %v, want an error saying %q", c.args, err, c.want)
		}
	}
}
