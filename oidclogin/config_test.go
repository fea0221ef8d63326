package oidclogin_test

import (
	"context"
	"net"
	"strings"
	"testing"

	"github.com/oauth2-proxy/mockoidc"

	"github.com/koncernregistret/koncern/oidclogin"
)

func TestNew(t *testing.T) {
	m := startProvider(t)
	t.Run("ErrMissingSetting", func(t *testing.T) {
		for _, c := range []struct {
			flag string
			edit func(*oidclogin.Config)
		}{
			{"--oidc-issuer", func(c *oidclogin.Config) { c.Issuer = "" }},
			{"--oidc-client-id", func(c *oidclogin.Config) { c.ClientID = "" }},
			{"--oidc-client-secret (or $KONCERN_OIDC_CLIENT_SECRET)", func(c *oidclogin.Config) { c.ClientSecret = " " }},
			{"--oidc-redirect-url", func(c *oidclogin.Config) { c.RedirectURL = "" }},
		} {
			t.Run(c.flag, func(t *testing.T) {
				cfg := configFor(m)
				c.edit(&cfg)
				wantConfigErr(t, cfg, "needs "+c.flag+" too")
			})
		}
	})
	for _, c := range []struct {
		name string
		edit func(*oidclogin.Config)
		want string
	}{
		{"ErrIssuerNotURL", func(c *oidclogin.Config) { c.Issuer = "idp.kommun.example" }, "--oidc-issuer \"idp.kommun.example\" is not an http(s) URL"},
		{"ErrIssuerPlainHTTP", func(c *oidclogin.Config) { c.Issuer = "http://idp.kommun.example" }, "must use https"},
		{"ErrIssuerSpeltOtherwise", func(c *oidclogin.Config) { c.Issuer += "/" }, "the provider calls itself \"" + m.Issuer() + "\""},
		{"ErrIssuerUnreachable", func(c *oidclogin.Config) { c.Issuer = "http://127.0.0.1:1/oidc" }, "reading the provider's discovery document (http://127.0.0.1:1/oidc/.well-known/openid-configuration) failed"},
		{"ErrRedirectRelative", func(c *oidclogin.Config) { c.RedirectURL = "/login/oidc/callback" }, "--oidc-redirect-url \"/login/oidc/callback\" is not an absolute http(s) URL"},
		{"ErrRedirectFragment", func(c *oidclogin.Config) { c.RedirectURL += "#top" }, "must not have a fragment"},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := configFor(m)
			c.edit(&cfg)
			wantConfigErr(t, cfg, c.want)
		})
	}
	t.Run("ErrPKCEWithoutS256", func(t *testing.T) {
		plain, err := mockoidc.NewServer(nil)
		if err != nil {
			t.Fatal(err)
		}
		plain.CodeChallengeMethodsSupported = []string{"plain"}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		if err := plain.Start(ln, nil); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { plain.Shutdown() })
		wantConfigErr(t, configFor(plain), "the registry needs S256")
	})
	t.Run("DisplayName", func(t *testing.T) {
		for _, c := range []struct{ given, want string }{{"", "127.0.0.1"}, {"Jönköpings kommun", "Jönköpings kommun"}} {
			cfg := configFor(m)
			cfg.DisplayName = c.given
			p, err := oidclogin.New(context.Background(), cfg)
			if err != nil {
				t.Fatalf("DisplayName %q: %v", c.given, err)
			}
			if p.Name() != c.want {
				t.Errorf("DisplayName %q: name %q, want %q", c.given, p.Name(), c.want)
			}
		}
	})
}

func wantConfigErr(t *testing.T, cfg oidclogin.Config, want string) {
	t.Helper()
	_, err := oidclogin.New(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want an error saying %q", err, want)
	}
}
