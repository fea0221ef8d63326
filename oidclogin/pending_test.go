package oidclogin_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/koncernregistret/koncern/oidclogin"
)

func TestPending(t *testing.T) {
	t.Run("RoundTrip", func(t *testing.T) {
		f := newFixture(t, nil)
		_, p, err := f.p.Begin()
		if err != nil {
			t.Fatal(err)
		}
		got, err := oidclogin.DecodePending(p.Encode())
		if err != nil || got != p {
			t.Errorf("got %+v, %v; want %+v", got, err, p)
		}
	})
	for _, c := range []struct{ name, value string }{
		{"Empty", ""},
		{"TwoParts", "state.nonce"},
		{"FourParts", "state.nonce.verifier.more"},
		{"EmptyPart", "state..verifier"},
		{"ForeignCharacter", "state.nonce.verifier;"},
		{"TooLong", "state.nonce." + strings.Repeat("v", 129)},
	} {
		t.Run("ErrPending"+c.name, func(t *testing.T) {
			if _, err := oidclogin.DecodePending(c.value); !errors.Is(err, oidclogin.ErrPending) {
				t.Errorf("DecodePending(%q): %v, want ErrPending", c.value, err)
			}
		})
	}
}
