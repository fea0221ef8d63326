package loadbench

import (
	"context"
	"net/http"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestStartDemoServer starts the real binary with the demo, as the
// scale-invariance run does, and checks that the token the benchmark reads
// from what serve prints is one the server takes. The benchmark broke once
// when serve's start block changed; this keeps the two in step inside
// make test rather than twelve minutes into make bench-http.
func TestStartDemoServer(t *testing.T) {
	work := t.TempDir()
	bin := filepath.Join(work, "koncern")
	// The binary is built in the product's module, whose go.sum covers all
	// it imports; this module's covers only what the tools import.
	build := exec.Command("go", "build", "-o", bin, "./cmd/koncern")
	build.Dir = filepath.Join("..", "..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building koncern: %v\n%s", err, out)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	srv, err := startServer(ctx, bin, filepath.Join(work, "demo.db"), work, "demo", "", "--demo")
	if err != nil {
		t.Fatal(err)
	}
	defer srv.stop()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, srv.api+"/api/v1/me", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+srv.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/me with the token read from serve (%q): %d, want 200", srv.token, res.StatusCode)
	}
}

// TestDemoToken reads the token from the word TOKEN= wherever it stands.
func TestDemoToken(t *testing.T) {
	t.Run("InTheExportLine", func(t *testing.T) {
		got := demoToken("Sign in …\n  export BASE=http://127.0.0.1:1 TOKEN=kr_abc MUNI=x\nLogs …\n")
		if got != "kr_abc" {
			t.Errorf("demoToken = %q, want kr_abc", got)
		}
	})
	t.Run("ErrNoToken", func(t *testing.T) {
		if got := demoToken("Koncernregistret is at http://127.0.0.1:1/\n"); got != "" {
			t.Errorf("demoToken = %q, want nothing", got)
		}
	})
}
