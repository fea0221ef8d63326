// Package loadbench is the load benchmark behind make bench-http: it seeds
// a database, starts the koncern binary on it, and measures the API's
// throughput against a bare Echo route in the same process (the ceiling).
package loadbench

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// server is one koncern serve process and the addresses it answers on.
type server struct {
	cmd     *exec.Cmd
	api     string // base URL of the API
	ceiling string // base URL of the ceiling route
	token   string
	log     *os.File
}

// runKoncern runs one command of the binary and returns what it printed.
func runKoncern(ctx context.Context, bin string, args ...string) (string, error) {
	var out, errb bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("koncern %s: %w: %s", strings.Join(args, " "), err, errb.String())
	}
	return out.String(), nil
}

// lastLine is the last non-empty line of s: where koncern prints a token.
func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(lines[len(lines)-1])
}

// freeAddr asks the kernel for a free loopback port.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

// startServer starts koncern serve on dsn with the rate limit off (the
// benchmark is one client sending as fast as it can) and waits until it is
// ready. extra are further serve flags.
func startServer(ctx context.Context, bin, dsn, work, name, token string, extra ...string) (*server, error) {
	api, err := freeAddr()
	if err != nil {
		return nil, err
	}
	ceiling, err := freeAddr()
	if err != nil {
		return nil, err
	}
	log, err := os.Create(filepath.Join(work, name+".log"))
	if err != nil {
		return nil, err
	}
	args := append([]string{"serve", "--db", dsn, "--addr", api, "--ceiling-addr", ceiling, "--rate-limit", "0"}, extra...)
	cmd := exec.Command(bin, args...)
	stdout := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = stdout, log
	if err := cmd.Start(); err != nil {
		log.Close()
		return nil, err
	}
	s := &server{cmd: cmd, api: "http://" + api, ceiling: "http://" + ceiling, token: token, log: log}
	if err := s.waitReady(ctx); err != nil {
		s.stop()
		return nil, fmt.Errorf("%s: %w (log: %s)", name, err, log.Name())
	}
	if s.token == "" {
		if s.token, err = waitDemoToken(ctx, stdout); err != nil {
			s.stop()
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	return s, nil
}

// lockedBuffer keeps what a process prints, safe to read while the process
// is still writing to it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitDemoToken waits for serve --demo to print the administrator's token.
// The server prints it in the block it ends its start with, in the line to
// paste for the README's tour (export … TOKEN=kr_… …), and may answer
// /readyz a moment before that block is out.
func waitDemoToken(ctx context.Context, printed *lockedBuffer) (string, error) {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if t := demoToken(printed.String()); t != "" {
			return t, nil
		}
		if err := ctx.Err(); err != nil {
			return "", err
		}
		time.Sleep(50 * time.Millisecond)
	}
	return "", fmt.Errorf("serve --demo printed no TOKEN= within 30 s; it printed:\n%s", printed.String())
}

// demoToken is the value of the first TOKEN= word in what serve printed.
func demoToken(printed string) string {
	for _, word := range strings.Fields(printed) {
		if t, ok := strings.CutPrefix(word, "TOKEN="); ok {
			return t
		}
	}
	return ""
}

func (s *server) waitReady(ctx context.Context) error {
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		if err := ctx.Err(); err != nil {
			return err
		}
		res, err := http.Get(s.api + "/readyz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return errors.New("the server did not become ready within two minutes")
}

// peakRSS is the server's peak resident memory (VmHWM) in bytes.
func (s *server) peakRSS() (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", s.cmd.Process.Pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("no VmHWM in /proc status")
}

func (s *server) stop() {
	if s.cmd.Process != nil {
		s.cmd.Process.Signal(os.Interrupt)
		done := make(chan struct{})
		go func() { s.cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			s.cmd.Process.Kill()
			<-done
		}
	}
	s.log.Close()
}
