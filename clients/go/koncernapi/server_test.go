package koncernapi_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/koncernregistret/koncern/clients/go/koncernapi"
)

// repoRoot is the product's module, three folders up from this package.
const repoRoot = "../../.."

// server is the running demo server every test talks to.
var server struct {
	base   string            // such as http://127.0.0.1:40123
	tokens map[string]string // the demo's tokens by the caller's name
}

// TestMain starts the product the way the README does, `koncern serve
// --demo --public-read`, on SQLite and a free port of 127.0.0.1, runs the
// tests against it, and stops it. KONCERN_BIN names a binary already built
// (make client-test builds one); without it the product is built here.
// KONCERN_CLIENT_DB names another database for it, such as an empty
// PostgreSQL database (--demo refuses one that holds records).
func TestMain(m *testing.M) {
	code, err := runWithServer(m)
	if err != nil {
		fmt.Fprintln(os.Stderr, "client tests:", err)
		os.Exit(1)
	}
	os.Exit(code)
}

func runWithServer(m *testing.M) (int, error) {
	dir, err := os.MkdirTemp("", "koncern-client-test")
	if err != nil {
		return 0, err
	}
	defer os.RemoveAll(dir)
	bin, err := serverBinary(dir)
	if err != nil {
		return 0, err
	}
	db := os.Getenv("KONCERN_CLIENT_DB")
	if db == "" {
		db = filepath.Join(dir, "demo.db")
	}
	cmd := exec.Command(bin, "serve", "--demo", "--public-read", "--addr", "127.0.0.1:0", "--db", db)
	printed := &syncBuffer{}
	cmd.Stdout = printed
	logs := &syncBuffer{}
	cmd.Stderr = logs
	if err := cmd.Start(); err != nil {
		return 0, err
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	defer func() {
		_ = cmd.Process.Kill()
		<-exited
	}()
	if err := awaitServer(printed, exited); err != nil {
		return 0, fmt.Errorf("%w\nstdout:\n%s\nstderr:\n%s", err, printed.String(), logs.String())
	}
	code := m.Run()
	if code != 0 {
		fmt.Fprintf(os.Stderr, "the server's log, its last lines:\n%s\n", lastLines(logs.String(), 30))
	}
	return code, nil
}

// serverBinary is KONCERN_BIN, or the product built into dir.
func serverBinary(dir string) (string, error) {
	if bin := os.Getenv("KONCERN_BIN"); bin != "" {
		return filepath.Abs(bin)
	}
	bin := filepath.Join(dir, "koncern")
	build := exec.Command("go", "build", "-o", bin, "./cmd/koncern")
	build.Dir = repoRoot
	if out, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build the server: %w\n%s", err, out)
	}
	return bin, nil
}

// addressPattern finds the address the server prints once it listens on
// 127.0.0.1 (named so or as localhost).
var addressPattern = regexp.MustCompile(`http://(?:127\.0\.0\.1|localhost):([0-9]+)`)

// tokenPattern finds the API tokens the demo prints.
var tokenPattern = regexp.MustCompile(`kr_[A-Za-z0-9_-]+`)

// awaitServer waits until the server has printed its address and a token
// for each of the demo's callers, in whatever order and words, and sets
// server from them. A server that exits, or has not done so within a
// minute, fails the tests.
func awaitServer(printed *syncBuffer, exited <-chan struct{}) error {
	deadline := time.After(time.Minute)
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	for {
		out := printed.String()
		if m := addressPattern.FindStringSubmatch(out); m != nil {
			server.base = "http://127.0.0.1:" + m[1]
			if tokens, err := tokensByName(out); err == nil && hasDemoTokens(tokens) {
				server.tokens = tokens
				return nil
			}
		}
		select {
		case <-exited:
			return errors.New("the server stopped before it printed its address and the demo's tokens")
		case <-deadline:
			return errors.New("the server printed no address and demo tokens within a minute")
		case <-tick.C:
		}
	}
}

// tokensByName asks GET /api/v1/me who each printed token belongs to, so
// that the tests do not depend on the words around them.
func tokensByName(printed string) (map[string]string, error) {
	tokens := map[string]string{}
	for _, token := range tokenPattern.FindAllString(printed, -1) {
		res, err := newClient(token).GetMeWithResponse(context.Background())
		if err != nil {
			return nil, err
		}
		if res.JSON200 != nil {
			tokens[res.JSON200.Name] = token
		}
	}
	return tokens, nil
}

// hasDemoTokens reports whether tokens holds one for each demo caller.
func hasDemoTokens(tokens map[string]string) bool {
	for _, name := range []string{"demo", "demo-finance", "demo-auditor"} {
		if tokens[name] == "" {
			return false
		}
	}
	return true
}

// newClient is the generated client for the server, sending token as the
// bearer token when it is not empty, as the README's curl commands do.
func newClient(token string) *koncernapi.ClientWithResponses {
	c, err := koncernapi.NewClientWithResponses(server.base, koncernapi.WithRequestEditorFn(
		func(_ context.Context, req *http.Request) error {
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			return nil
		}))
	if err != nil {
		// Only a server address that is no URL fails here.
		panic(err)
	}
	return c
}

// syncBuffer keeps the server's log, written by exec's copying goroutine
// while a failing test may read it.
type syncBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// lastLines is the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
