package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/viewer"
)

// TestSessionEnd signs a person out everywhere: both of their sessions end,
// another person's does not.
func TestSessionEnd(t *testing.T) {
	dsn := registrytest.DSN(t)
	r, err := open(viewer.System(context.Background()), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer r.DB().Close()
	r.Now = time.Now
	ctx := viewer.System(context.Background())
	anna := viewer.Viewer{Name: "oidc:anna", Role: koncern.AccessRegistrar}
	var secrets []string
	for _, v := range []viewer.Viewer{anna, anna, {Name: "oidc:bo", Role: koncern.AccessReader}} {
		s, err := r.StartSession(ctx, v, "https://idp.example#"+v.Name, time.Hour)
		if err != nil {
			t.Fatal(err)
		}
		secrets = append(secrets, s)
	}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"session", "end", "oidc:anna", "--db", dsn}, &out, &out); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "ended 2 session(s) of oidc:anna") {
		t.Errorf("printed %q", out.String())
	}
	for i, s := range secrets {
		_, err := r.SessionViewer(context.Background(), s)
		if ended := koncern.ErrorCode(err) == koncern.EUNAUTHORIZED; ended != (i < 2) {
			t.Errorf("session %d: ended %v (%v)", i, ended, err)
		}
	}
	t.Run("ErrNoName", func(t *testing.T) {
		if err := run(context.Background(), []string{"session", "end", "--db", dsn}, &out, &out); err == nil || !strings.Contains(err.Error(), "name the caller") {
			t.Errorf("err %v", err)
		}
	})
}
