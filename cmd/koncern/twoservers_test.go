package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
)

// TestTwoServersNeverServeStale runs two server processes on one database
// (SQLite, or PostgreSQL in the PostgreSQL suite) and, turn by turn,
// fills one server's answer cache, writes through the other, and reads
// again from the first: every read after an acknowledged write must show
// it, whichever server took the write. A revoked token must stop working
// on the other server at once too.
func TestTwoServersNeverServeStale(t *testing.T) {
	bin := buildBinary(t)
	dsn := registrytest.DSN(t)
	a := startProcess(t, bin, "--db", dsn, "--demo")
	b := startProcess(t, bin, "--db", dsn)
	b.token = a.token
	servers := []*process{a, b}
	if registry.IsPostgres(dsn) {
		// On PostgreSQL the servers answer from their version leases,
		// which is what this test is to try.
		waitForLeases(t, dsn, len(servers))
	}

	var page struct {
		Items []struct {
			ID   string `json:"id"`
			Kind string `json:"kind"`
		} `json:"items"`
	}
	a.mustJSON(t, http.StatusOK, "GET", "/api/v1/organizations?kind=municipality", nil, &page)
	muni := page.Items[0].ID
	a.mustJSON(t, http.StatusOK, "GET", "/api/v1/organizations?kind=committee&municipality="+muni, nil, &page)
	org := page.Items[0].ID
	reads := []string{
		"/api/v1/organizations/" + org,
		"/api/v1/organizations?kind=committee&municipality=" + muni,
		"/api/v1/reports/org-chart?root=" + muni,
	}
	for i := range 30 {
		writer, reader := servers[i%2], servers[1-i%2]
		for _, path := range reads {
			reader.mustJSON(t, http.StatusOK, "GET", path, nil, nil) // fills the reader's cache
		}
		name := fmt.Sprintf("Nämnd nummer %d", i)
		etag := writer.mustJSON(t, http.StatusOK, "GET", "/api/v1/organizations/"+org, nil, nil).Header.Get("ETag")
		writer.mustJSON(t, http.StatusOK, "PATCH", "/api/v1/organizations/"+org, map[string]any{"name": name}, nil, "If-Match", etag)
		for _, path := range reads {
			body := reader.mustJSON(t, http.StatusOK, "GET", path, nil, nil).Body
			if !bytes.Contains(body, []byte(name)) {
				t.Fatalf("turn %d: %s on the other server does not show the acknowledged name %q: %.300s", i, path, name, body)
			}
		}
	}

	t.Run("RevokedTokenStopsAtOnce", func(t *testing.T) {
		var tok struct {
			ID     string `json:"id"`
			Secret string `json:"secret"`
		}
		a.mustJSON(t, http.StatusCreated, "POST", "/api/v1/tokens", map[string]any{"name": "kortlivad", "role": "reader"}, &tok)
		reader := &process{base: b.base, token: tok.Secret}
		reader.mustJSON(t, http.StatusOK, "GET", reads[1], nil, nil)
		a.mustJSON(t, http.StatusOK, "DELETE", "/api/v1/tokens/"+tok.ID, nil, nil, "If-Match", `"1"`)
		reader.mustJSON(t, http.StatusUnauthorized, "GET", reads[1], nil, nil)
	})
}

// waitForLeases waits until n servers hold a version lease on dsn.
func waitForLeases(t *testing.T, dsn string, n int) {
	t.Helper()
	db, err := registry.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	held := 0
	for end := time.Now().Add(10 * time.Second); held != n; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(end) {
			t.Fatalf("%d servers hold a version lease after 10 s, want %d", held, n)
		}
		q := `SELECT count(*) FROM version_leases WHERE expires_at > now()`
		if err := db.SQL.QueryRow(q).Scan(&held); err != nil {
			t.Fatal(err)
		}
	}
}

// buildBinary builds this command once per test run.
func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "koncern")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// process is a koncern serve process.
type process struct {
	base, token string
}

// startProcess starts serve with args on a free port and waits until it
// is ready; with --demo it keeps the administrator's token it prints.
func startProcess(t *testing.T, bin string, args ...string) *process {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", addr, "--rate-limit", "0"}, args...)...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		cmd.Wait()
	})
	// serve --demo prints the administrator's token, on the line that
	// names it "demo", once it listens.
	token := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if f := strings.Fields(sc.Text()); len(f) == 3 && f[0] == "demo" && strings.HasPrefix(f[2], "kr_") {
				token <- f[2]
			}
		}
	}()
	p := &process{base: "http://" + addr}
	deadline := time.Now().Add(60 * time.Second)
	for {
		if res, err := http.Get(p.base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve %v did not become ready: %s", args, stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if slices.Contains(args, "--demo") {
		select {
		case p.token = <-token:
		case <-time.After(10 * time.Second):
			t.Fatal("serve --demo printed no token")
		}
	}
	return p
}

// answer is what a request got.
type answer struct {
	Header http.Header
	Body   []byte
}

// mustJSON sends a request and fails unless the status is want; v, if not
// nil, receives the decoded body.
func (p *process) mustJSON(t *testing.T, want int, method, path string, body, v any, header ...string) answer {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, p.base+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+p.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != want {
		t.Fatalf("%s %s → %d, want %d: %s", method, path, res.StatusCode, want, b)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
	return answer{Header: res.Header, Body: b}
}
