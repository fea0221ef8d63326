package oidclogin_test

import (
	"context"
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/oauth2-proxy/mockoidc"
	"golang.org/x/oauth2"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/oidclogin"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/viewer"
)

func TestSignIn(t *testing.T) {
	t.Run("Registrar", func(t *testing.T) {
		f := newFixture(t, nil)
		who, subject, err := f.signIn(t, anna())
		if err != nil {
			t.Fatalf("Finish: %v", err)
		}
		want := viewer.Viewer{Name: "oidc:anna.andersson@kommun.example", Role: koncern.AccessRegistrar}
		if who != want {
			t.Errorf("viewer %+v, want %+v", who, want)
		}
		if want := f.m.Issuer() + "#anna-0001"; subject != want {
			t.Errorf("subject %q, want %q", subject, want)
		}
	})
	t.Run("RoleListGrantsTheMostPrivileged", func(t *testing.T) {
		f := newFixture(t, nil)
		who, _, err := f.signIn(t, anna().With(map[string]any{"role": []string{"reader", "intranet", "finance"}}))
		if err != nil || who.Role != koncern.AccessFinance {
			t.Errorf("got %+v, %v; want the role finance", who, err)
		}
	})
	t.Run("RoleClaimAndScopesConfigured", func(t *testing.T) {
		f := newFixture(t, func(c *oidclogin.Config) {
			c.RoleClaim = "groups"
			c.Scopes = []string{"profile", "groups"}
		})
		authURL, _, err := f.p.Begin()
		if err != nil {
			t.Fatal(err)
		}
		if got := query(t, authURL).Get("scope"); got != "openid profile groups" {
			t.Errorf("scope %q, want %q", got, "openid profile groups")
		}
		who, _, err := f.signIn(t, anna().With(map[string]any{"role": nil, "groups": []string{"auditor"}}))
		if err != nil || who.Role != koncern.AccessAuditor {
			t.Errorf("got %+v, %v; want the role auditor from groups", who, err)
		}
	})
	t.Run("NameFallsBack", func(t *testing.T) {
		for _, c := range []struct {
			name   string
			claims map[string]any
			want   string
		}{
			{"VerifiedEmail", map[string]any{"preferred_username": nil, "email": "anna@kommun.example", "email_verified": true}, "oidc:anna@kommun.example"},
			{"UnverifiedEmailSkipped", map[string]any{"preferred_username": nil, "email": "boss@kommun.example"}, "oidc:Anna Andersson"},
			{"Subject", map[string]any{"preferred_username": nil, "name": nil}, "oidc:anna-0001"},
		} {
			t.Run(c.name, func(t *testing.T) {
				f := newFixture(t, nil)
				who, _, err := f.signIn(t, anna().With(c.claims))
				if err != nil || who.Name != c.want {
					t.Errorf("got %+v, %v; want the name %q", who, err, c.want)
				}
			})
		}
	})
}

// TestPKCE checks that the challenge goes out with S256 and that the
// token request must carry its verifier. mockoidc checks the verifier
// against the challenge, so a wrong one is refused by the provider.
func TestPKCE(t *testing.T) {
	t.Run("ChallengeIsS256OfVerifier", func(t *testing.T) {
		f := newFixture(t, nil)
		authURL, pending, err := f.p.Begin()
		if err != nil {
			t.Fatal(err)
		}
		q := query(t, authURL)
		if q.Get("code_challenge_method") != "S256" || q.Get("code_challenge") != oauth2.S256ChallengeFromVerifier(pending.Verifier) {
			t.Errorf("challenge %q (%s), want S256 of the verifier", q.Get("code_challenge"), q.Get("code_challenge_method"))
		}
		if q.Get("state") != pending.State || q.Get("nonce") != pending.Nonce {
			t.Errorf("state %q nonce %q in the URL, want the pending ones %+v", q.Get("state"), q.Get("nonce"), pending)
		}
	})
	t.Run("EachSignInDrawsAfresh", func(t *testing.T) {
		f := newFixture(t, nil)
		_, a, _ := f.p.Begin()
		_, b, _ := f.p.Begin()
		if a.State == b.State || a.Nonce == b.Nonce || a.Verifier == b.Verifier || a.State == a.Nonce {
			t.Errorf("two sign-ins share values: %+v and %+v", a, b)
		}
	})
	t.Run("ErrExchangeWrongVerifier", func(t *testing.T) {
		f := newFixture(t, nil)
		pending, state, code := f.start(t, anna())
		_, other, _ := f.p.Begin()
		pending.Verifier = other.Verifier
		_, _, err := f.p.Finish(context.Background(), pending, state, code)
		wantErr(t, err, oidclogin.ErrExchange, koncern.EUNAUTHORIZED)
		if !strings.Contains(err.Error(), "code verifier") {
			t.Errorf("error %v does not give the provider's reason", err)
		}
	})
}

func TestFinishRefuses(t *testing.T) {
	t.Run("ErrState", func(t *testing.T) {
		f := newFixture(t, nil)
		pending, _, code := f.start(t, anna())
		_, other, _ := f.p.Begin()
		_, _, err := f.p.Finish(context.Background(), pending, other.State, code)
		wantErr(t, err, oidclogin.ErrState, koncern.EUNAUTHORIZED)
	})
	t.Run("ErrPending", func(t *testing.T) {
		f := newFixture(t, nil)
		_, state, code := f.start(t, anna())
		_, _, err := f.p.Finish(context.Background(), oidclogin.Pending{}, state, code)
		wantErr(t, err, oidclogin.ErrPending, koncern.EUNAUTHORIZED)
	})
	t.Run("ErrNoCode", func(t *testing.T) {
		f := newFixture(t, nil)
		pending, state, _ := f.start(t, anna())
		_, _, err := f.p.Finish(context.Background(), pending, state, "")
		wantErr(t, err, oidclogin.ErrNoCode, koncern.EUNAUTHORIZED)
	})
	t.Run("ErrNonce", func(t *testing.T) {
		// The code and state are the browser's own, but the nonce kept is
		// another sign-in's: the ID token was not issued for this one.
		f := newFixture(t, nil)
		pending, state, code := f.start(t, anna())
		_, other, _ := f.p.Begin()
		pending.Nonce = other.Nonce
		_, _, err := f.p.Finish(context.Background(), pending, state, code)
		wantErr(t, err, oidclogin.ErrNonce, koncern.EUNAUTHORIZED)
	})
	t.Run("ErrExchangeCodeUsedTwice", func(t *testing.T) {
		f := newFixture(t, nil)
		pending, state, code := f.start(t, anna())
		if _, _, err := f.p.Finish(context.Background(), pending, state, code); err != nil {
			t.Fatalf("first Finish: %v", err)
		}
		_, _, err := f.p.Finish(context.Background(), pending, state, code)
		wantErr(t, err, oidclogin.ErrExchange, koncern.EUNAUTHORIZED)
	})
	t.Run("ErrExchangeWrongSecret", func(t *testing.T) {
		f := newFixture(t, func(c *oidclogin.Config) { c.ClientSecret = "not-the-secret" })
		_, _, err := f.signIn(t, anna())
		wantErr(t, err, oidclogin.ErrExchange, koncern.EUNAUTHORIZED)
	})
	t.Run("ErrUnreachable", func(t *testing.T) {
		f := newFixture(t, nil)
		pending, state, code := f.start(t, anna())
		f.m.Shutdown()
		_, _, err := f.p.Finish(context.Background(), pending, state, code)
		wantErr(t, err, oidclogin.ErrUnreachable, koncern.EUNAVAILABLE)
	})
	t.Run("ErrUnreachableProviderFault", func(t *testing.T) {
		f := newFixture(t, nil)
		pending, state, code := f.start(t, anna())
		// Two, since the first token request also probes how the provider
		// takes the client secret, and a refused probe is tried once more.
		for range 2 {
			f.m.QueueError(&mockoidc.ServerError{Code: 503, Error: "temporarily_unavailable"})
		}
		_, _, err := f.p.Finish(context.Background(), pending, state, code)
		wantErr(t, err, oidclogin.ErrUnreachable, koncern.EUNAVAILABLE)
	})
	t.Run("ErrNoRole", func(t *testing.T) {
		f := newFixture(t, nil)
		_, _, err := f.signIn(t, anna().With(map[string]any{"role": nil}))
		wantErr(t, err, oidclogin.ErrNoRole, koncern.EFORBIDDEN)
		if !strings.Contains(err.Error(), `"role"`) {
			t.Errorf("error %v does not name the claim for the log", err)
		}
	})
	t.Run("ErrRole", func(t *testing.T) {
		f := newFixture(t, nil)
		_, _, err := f.signIn(t, anna().With(map[string]any{"role": []string{"superuser", "intranet"}}))
		wantErr(t, err, oidclogin.ErrRole, koncern.EFORBIDDEN)
	})
}

// TestIDTokenChecks plays a provider that issues a token it should not.
func TestIDTokenChecks(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*mockoidc.IDTokenClaims)
		more map[string]any
		want *koncern.Error
	}{
		{"ErrIDTokenAudience", func(c *mockoidc.IDTokenClaims) { c.Audience = jwt.ClaimStrings{"another-application"} }, nil, oidclogin.ErrIDToken},
		{"ErrIDTokenIssuer", func(c *mockoidc.IDTokenClaims) { c.Issuer = "https://idp.elsewhere.example" }, nil, oidclogin.ErrIDToken},
		{"ErrIDTokenSeveralAudiencesNoAZP", func(c *mockoidc.IDTokenClaims) { c.Audience = append(c.Audience, "another-application") }, nil, oidclogin.ErrIDToken},
		{"ErrIDTokenOtherAZP", nil, map[string]any{"azp": "another-application"}, oidclogin.ErrIDToken},
		{"ErrIDTokenNoSubject", func(c *mockoidc.IDTokenClaims) { c.Subject = "" }, nil, oidclogin.ErrIDToken},
		{"ErrExpired", func(c *mockoidc.IDTokenClaims) {
			past := time.Now().Add(-time.Hour)
			c.IssuedAt, c.NotBefore, c.ExpiresAt = jwt.NewNumericDate(past), jwt.NewNumericDate(past), jwt.NewNumericDate(past.Add(10*time.Minute))
		}, nil, oidclogin.ErrExpired},
	} {
		t.Run(c.name, func(t *testing.T) {
			f := newFixture(t, nil)
			u := anna().With(c.more)
			u.Edit = c.edit
			_, _, err := f.signIn(t, u)
			wantErr(t, err, c.want, koncern.EUNAUTHORIZED)
		})
	}
	t.Run("SeveralAudiencesWithOurAZP", func(t *testing.T) {
		f := newFixture(t, nil)
		u := anna().With(map[string]any{"azp": f.m.ClientID})
		u.Edit = func(c *mockoidc.IDTokenClaims) { c.Audience = append(c.Audience, "another-application") }
		if _, _, err := f.signIn(t, u); err != nil {
			t.Errorf("Finish: %v", err)
		}
	})
}

func TestCallbackError(t *testing.T) {
	t.Run("None", func(t *testing.T) {
		if err := oidclogin.CallbackError(url.Values{"code": {"c"}, "state": {"s"}}); err != nil {
			t.Errorf("got %v", err)
		}
	})
	t.Run("ErrDenied", func(t *testing.T) {
		err := oidclogin.CallbackError(url.Values{"error": {"access_denied"}, "error_description": {"the user cancelled"}})
		wantErr(t, err, oidclogin.ErrDenied, koncern.EUNAUTHORIZED)
		if !strings.Contains(err.Error(), "access_denied: the user cancelled") {
			t.Errorf("error %v does not carry the provider's answer for the log", err)
		}
	})
}

func TestMessage(t *testing.T) {
	err := oidclogin.CallbackError(url.Values{"error": {"access_denied"}})
	if got := oidclogin.Message(err, "sv"); got != "Identitetsleverantören loggade inte in dig." {
		t.Errorf("Swedish: %q", got)
	}
	if got := oidclogin.Message(err, "en"); got != oidclogin.ErrDenied.Message {
		t.Errorf("English: %q", got)
	}
	if got := oidclogin.Message(errors.New("secret internals"), "sv"); got != "Internal error." {
		t.Errorf("a foreign error leaks: %q", got)
	}
}

// TestActorPrefixReserved checks that the registry refuses API tokens the
// names this package gives people, so that neither passes for the other.
func TestActorPrefixReserved(t *testing.T) {
	if oidclogin.ActorPrefix != registry.OIDCActorPrefix {
		t.Errorf("oidclogin.ActorPrefix %q, registry reserves %q", oidclogin.ActorPrefix, registry.OIDCActorPrefix)
	}
}

// wantErr fails unless err is want, seen by errors.Is and by the code and
// client-safe message of koncern.
func wantErr(t *testing.T, err error, want *koncern.Error, code string) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("got %v, want %v", err, want)
	}
	if koncern.ErrorCode(err) != code || koncern.ErrorMessage(err) != want.Message {
		t.Errorf("code %s message %q, want %s %q", koncern.ErrorCode(err), koncern.ErrorMessage(err), code, want.Message)
	}
}

func query(t *testing.T, raw string) url.Values {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query()
}
