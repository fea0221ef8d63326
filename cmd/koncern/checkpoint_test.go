package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
	"github.com/koncernregistret/koncern/viewer"
)

// cli runs one command line and returns what it printed.
func cli(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), args, &out, &out)
	return out.String(), err
}

// TestAuditKeygen writes a key and prints its public key; the key file is
// its owner's alone and is never overwritten.
func TestAuditKeygen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "checkpoint.key")
	out, err := cli(t, "audit", "keygen", path)
	if err != nil || !strings.Contains(out, "public key: ") {
		t.Fatalf("keygen: %v\n%s", err, out)
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("key file: %v, mode %v", err, info.Mode())
	}
	key, err := registry.ReadCheckpointKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if want := "public key: " + registry.PublicKeyText(key.Public().(ed25519.PublicKey)); !strings.Contains(out, want) {
		t.Fatalf("keygen printed %q, want %q", out, want)
	}
	t.Run("ErrExists", func(t *testing.T) {
		if _, err := cli(t, "audit", "keygen", path); !errors.Is(err, fs.ErrExist) {
			t.Fatalf("second keygen: %v, want ErrExist", err)
		}
	})
	t.Run("ErrNoFile", func(t *testing.T) {
		if _, err := cli(t, "audit", "keygen"); err == nil || !strings.Contains(err.Error(), "name the one file") {
			t.Fatalf("keygen without a file: %v", err)
		}
	})
	t.Run("ErrUnknownSubcommand", func(t *testing.T) {
		if _, err := cli(t, "audit", "sign"); err == nil || !strings.Contains(err.Error(), "want the subcommand verify, checkpoint or keygen") {
			t.Fatalf("audit sign: %v", err)
		}
	})
}

// attack opens the database as someone who can write it.
func attack(t *testing.T, dsn string, do func(db *registry.DB)) {
	t.Helper()
	r, err := open(viewer.System(context.Background()), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer r.DB().Close()
	do(r.DB())
}

// TestAuditCheckpointCLI signs the demo's chain head, then verifies the
// chain against it after the attacks a plain walk cannot see.
func TestAuditCheckpointCLI(t *testing.T) {
	dir := t.TempDir()
	keyPath := filepath.Join(dir, "checkpoint.key")
	if _, err := cli(t, "audit", "keygen", keyPath); err != nil {
		t.Fatal(err)
	}
	key, err := registry.ReadCheckpointKey(keyPath)
	if err != nil {
		t.Fatal(err)
	}
	pub := registry.PublicKeyText(key.Public().(ed25519.PublicKey))
	// setup seeds the demo and writes a checkpoint of it to a file, signed
	// with the key that the environment names.
	setup := func(t *testing.T) (dsn, cpPath string, cp registry.Checkpoint) {
		dsn = registrytest.DSN(t)
		if _, err := cli(t, "seed", "--demo", "--db", dsn); err != nil {
			t.Fatal(err)
		}
		t.Setenv(envCheckpointKey, keyPath)
		out, err := cli(t, "audit", "checkpoint", "--db", dsn)
		if err != nil {
			t.Fatalf("checkpoint: %v\n%s", err, out)
		}
		if err := json.Unmarshal([]byte(out), &cp); err != nil || cp.Seq == 0 || cp.PublicKey != pub {
			t.Fatalf("checkpoint printed %q (%v), want one of a non-empty chain with the key's public key", out, err)
		}
		cpPath = filepath.Join(t.TempDir(), "checkpoint.json")
		if err := os.WriteFile(cpPath, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		return dsn, cpPath, cp
	}
	t.Run("Extends", func(t *testing.T) {
		dsn, cpPath, _ := setup(t)
		out, err := cli(t, "audit", "verify", "--db", dsn, "--checkpoint", cpPath, "--public-key", pub)
		if err != nil || !strings.Contains(out, "extends the checkpoint at seq ") {
			t.Fatalf("verify: %v\n%s", err, out)
		}
	})
	t.Run("ErrRecomputedHashes", func(t *testing.T) {
		dsn, cpPath, cp := setup(t)
		attack(t, dsn, func(db *registry.DB) {
			registrytest.Exec(t, db, `UPDATE audit_events SET actor = 'mallory' WHERE seq = 2`)
			registrytest.Rehash(t, db, 2)
		})
		if _, err := cli(t, "audit", "verify", "--db", dsn); err != nil {
			t.Fatalf("the plain walk: %v; the rehashed chain should pass it", err)
		}
		_, err := cli(t, "audit", "verify", "--db", dsn, "--checkpoint", cpPath)
		if err == nil || !strings.Contains(err.Error(), "broken at seq "+strconv.FormatInt(cp.Seq, 10)+": the event's hash is not the checkpoint's") {
			t.Fatalf("verify against the checkpoint: %v", err)
		}
	})
	t.Run("ErrTruncated", func(t *testing.T) {
		dsn, cpPath, cp := setup(t)
		attack(t, dsn, func(db *registry.DB) {
			registrytest.Exec(t, db, `DELETE FROM audit_events WHERE seq > ?`, cp.Seq-3)
		})
		_, err := cli(t, "audit", "verify", "--db", dsn, "--checkpoint", cpPath)
		if err == nil || !strings.Contains(err.Error(), "events were removed") || !strings.Contains(err.Error(), "seq "+strconv.FormatInt(cp.Seq-2, 10)) {
			t.Fatalf("verify against the checkpoint: %v", err)
		}
	})
	t.Run("ErrSignature", func(t *testing.T) {
		dsn, cpPath, cp := setup(t)
		cp.Seq--
		b, _ := json.Marshal(cp)
		if err := os.WriteFile(cpPath, b, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := cli(t, "audit", "verify", "--db", dsn, "--checkpoint", cpPath)
		if err == nil || !strings.Contains(err.Error(), "signature: does not verify") {
			t.Fatalf("verify a forged checkpoint: %v", err)
		}
	})
	t.Run("ErrOtherKey", func(t *testing.T) {
		dsn, cpPath, _ := setup(t)
		_, err := cli(t, "audit", "verify", "--db", dsn, "--checkpoint", cpPath, "--public-key", "AAAA")
		if err == nil || !strings.Contains(err.Error(), "names the key "+pub+", not AAAA") {
			t.Fatalf("verify with another public key: %v", err)
		}
	})
	t.Run("ErrNoKey", func(t *testing.T) {
		t.Setenv(envCheckpointKey, "")
		_, err := cli(t, "audit", "checkpoint", "--db", registrytest.DSN(t))
		if err == nil || !strings.Contains(err.Error(), "name the signing key with --key FILE") {
			t.Fatalf("checkpoint without a key: %v", err)
		}
	})
	t.Run("ErrServeKeyMissing", func(t *testing.T) {
		_, err := cli(t, "serve", "--addr", "127.0.0.1:0", "--checkpoint-key", filepath.Join(dir, "missing.key"), "--db", registrytest.DSN(t))
		if err == nil || !strings.Contains(err.Error(), "serve: checkpoint key") {
			t.Fatalf("serve with a missing key: %v", err)
		}
	})
	t.Run("ErrKeyReadableByOthers", func(t *testing.T) {
		loose := filepath.Join(t.TempDir(), "loose.key")
		if _, err := cli(t, "audit", "keygen", loose); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(loose, 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := cli(t, "audit", "checkpoint", "--key", loose, "--db", registrytest.DSN(t))
		if err == nil || !strings.Contains(err.Error(), "chmod 600") {
			t.Fatalf("checkpoint with a loose key: %v", err)
		}
	})
}

// TestCheckReconciles seeds the demo and a small synthetic registry
// (through the bulk load), edits a stake of each by SQL, and expects
// check to name it and fail.
func TestCheckReconciles(t *testing.T) {
	for _, tc := range []struct {
		name string
		seed []string
		// want is what check prints for the edited stake: the demo's
		// stakes have events of their own, the bulk-loaded ones are
		// accounted for by their load's digest.
		want func(id string) string
	}{
		{"Demo", []string{"--demo"}, func(id string) string {
			return "stake " + id + " shares: is 99999, but its newest audit event (seq "
		}},
		{"Synthetic", []string{"--synthetic", "national", "--scale", "0.01"}, func(string) string {
			return "stake: the "
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dsn := registrytest.DSN(t)
			if out, err := cli(t, append([]string{"seed", "--db", dsn}, tc.seed...)...); err != nil {
				t.Fatalf("seed: %v\n%s", err, out)
			}
			out, err := cli(t, "check", "--db", dsn)
			if err != nil || !strings.Contains(out, "reconciliation ok: ") {
				t.Fatalf("check: %v\n%s", err, out)
			}
			var id string
			attack(t, dsn, func(db *registry.DB) {
				row := db.SQL.QueryRowContext(context.Background(), `SELECT id FROM ownership_stakes ORDER BY id LIMIT 1`)
				if err := row.Scan(&id); err != nil {
					t.Fatal(err)
				}
				registrytest.Exec(t, db, `UPDATE ownership_stakes SET shares = 99999 WHERE id = ?`, id)
			})
			out, err = cli(t, "check", "--db", dsn)
			if err == nil || !strings.Contains(err.Error(), "reconciliation: 1 discrepancies") || !strings.Contains(out, tc.want(id)) {
				t.Fatalf("check after the edit: %v\n%s", err, out)
			}
		})
	}
}
