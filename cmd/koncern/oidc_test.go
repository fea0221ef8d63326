package main

import (
	"bytes"
	"context"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/oauth2-proxy/mockoidc"

	"github.com/koncernregistret/koncern/oidclogin"
	"github.com/koncernregistret/koncern/registry/registrytest"
)

func TestOIDCConfig(t *testing.T) {
	parseServe := func(t *testing.T, args ...string) options {
		t.Helper()
		o, err := parse("serve", args, io.Discard, true)
		if err != nil {
			t.Fatal(err)
		}
		return o
	}
	t.Run("OffWithoutFlags", func(t *testing.T) {
		t.Setenv(oidclogin.ClientSecretEnv, "")
		if _, ok := oidcConfig(parseServe(t)); ok {
			t.Error("sign-in configured without any --oidc-* flag")
		}
	})
	t.Run("FromFlags", func(t *testing.T) {
		t.Setenv(oidclogin.ClientSecretEnv, "from-the-environment")
		cfg, ok := oidcConfig(parseServe(t, "--oidc-issuer", "https://idp.kommun.example", "--oidc-client-id", "koncern",
			"--oidc-client-secret", "from-the-flag", "--oidc-redirect-url", "https://koncern.kommun.example/login/oidc/callback",
			"--oidc-name", "Jönköpings kommun", "--oidc-scopes", "profile, groups", "--jwt-role-claim", "groups"))
		if !ok || cfg.Issuer != "https://idp.kommun.example" || cfg.ClientID != "koncern" || cfg.ClientSecret != "from-the-flag" ||
			cfg.RedirectURL != "https://koncern.kommun.example/login/oidc/callback" || cfg.DisplayName != "Jönköpings kommun" {
			t.Errorf("config %+v", cfg)
		}
		if cfg.RoleClaim != "groups" {
			t.Errorf("role claim %q, want the one of --jwt-role-claim", cfg.RoleClaim)
		}
		if !slices.Equal(cfg.Scopes, []string{"profile", "groups"}) {
			t.Errorf("scopes %q", cfg.Scopes)
		}
	})
	t.Run("SecretFromEnvironment", func(t *testing.T) {
		t.Setenv(oidclogin.ClientSecretEnv, "from-the-environment")
		cfg, _ := oidcConfig(parseServe(t, "--oidc-issuer", "https://idp.kommun.example"))
		if cfg.ClientSecret != "from-the-environment" || cfg.RoleClaim != "role" {
			t.Errorf("config %+v, want the secret of $%s and the role claim role", cfg, oidclogin.ClientSecretEnv)
		}
	})
	t.Run("UsageHidesSecret", func(t *testing.T) {
		t.Setenv(oidclogin.ClientSecretEnv, "do-not-print-me")
		var usage bytes.Buffer
		if _, err := parse("serve", []string{"--no-such-flag"}, &usage, true); err == nil {
			t.Fatal("an unknown flag was accepted")
		}
		if strings.Contains(usage.String(), "do-not-print-me") || !strings.Contains(usage.String(), "-oidc-client-secret") {
			t.Errorf("usage shows the secret, or not the flag:\n%s", usage.String())
		}
	})
}

// TestServeOIDC starts the server with a provider, which it discovers at
// start, and checks that a configuration missing a flag, or naming a
// provider nobody answers for, stops it at once with the flag named.
func TestServeOIDC(t *testing.T) {
	m, err := mockoidc.Run()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { m.Shutdown() })
	args := func(addr string, more ...string) []string {
		return append([]string{"serve", "--addr", addr, "--db", registrytest.DSN(t), "--oidc-client-id", m.ClientID,
			"--oidc-redirect-url", "http://" + addr + "/login/oidc/callback"}, more...)
	}
	t.Run("StartsWithProvider", func(t *testing.T) {
		t.Setenv(oidclogin.ClientSecretEnv, m.ClientSecret)
		addr := freeAddr(t)
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		done := make(chan error, 1)
		go func() { done <- run(ctx, args(addr, "--oidc-issuer", m.Issuer()), io.Discard, io.Discard) }()
		waitHealthy(t, "http://"+addr+"/healthz", done)
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("serve returned %v after shutdown", err)
			}
		case <-time.After(20 * time.Second):
			t.Fatal("serve did not stop")
		}
	})
	for _, c := range []struct {
		name string
		more []string
		want string
	}{
		{"ErrNoIssuer", nil, "needs --oidc-issuer too"},
		{"ErrNoSecret", []string{"--oidc-issuer", m.Issuer()}, "needs --oidc-client-secret (or $KONCERN_OIDC_CLIENT_SECRET) too"},
		{"ErrProviderUnreachable", []string{"--oidc-issuer", "http://127.0.0.1:1/oidc", "--oidc-client-secret", "s"}, `--oidc-issuer "http://127.0.0.1:1/oidc": reading the provider's discovery document`},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv(oidclogin.ClientSecretEnv, "")
			err := run(context.Background(), args(freeAddr(t), c.more...), io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("serve: %v, want an error saying %q", err, c.want)
			}
		})
	}
}
