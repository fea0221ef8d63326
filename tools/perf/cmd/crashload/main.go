// Command crashload drives scripts/crash-test.sh: it writes people to a
// koncern server and records each id the server acknowledged (201), waits
// for a server to become healthy, checks that every recorded id is still
// there, and finds a free loopback port. It talks to 127.0.0.1 only.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"
)

func main() {
	mode := flag.String("mode", "load", "load, wait, verify or port")
	base := flag.String("url", "http://127.0.0.1:8080", "the server's base URL")
	ids := flag.String("ids", "acked.txt", "file of acknowledged ids, one a line")
	workers := flag.Int("workers", 4, "concurrent writers")
	duration := flag.Duration("duration", 10*time.Second, "longest a load runs")
	flag.StringVar(&token, "token", "", "the API token to write and read with")
	flag.Parse()
	var err error
	switch *mode {
	case "load":
		err = load(*base, *ids, *workers, *duration)
	case "wait":
		err = waitHealthy(*base, 30*time.Second)
	case "verify":
		err = verify(*base, *ids)
	case "port":
		err = freePort()
	default:
		err = fmt.Errorf("unknown mode %q", *mode)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "crashload:", err)
		os.Exit(1)
	}
}

var client = &http.Client{Timeout: 10 * time.Second, Transport: bearer{}}

// token is the API token every request carries.
var token string

// bearer sends every request with the API token.
type bearer struct{}

func (bearer) RoundTrip(req *http.Request) (*http.Response, error) {
	req = req.Clone(req.Context())
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return http.DefaultTransport.RoundTrip(req)
}

// load writes until the duration is up or the server goes away (the
// script kills it). An id is appended to the file only after its 201, so
// the file never claims a write the server did not acknowledge.
func load(base, path string, workers int, d time.Duration) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	defer f.Close()
	var (
		mu    sync.Mutex
		acked int
		wg    sync.WaitGroup
	)
	deadline := time.Now().Add(d)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; time.Now().Before(deadline); i++ {
				id, err := createPerson(base, fmt.Sprintf("Krock %d-%d-%d", time.Now().UnixNano(), w, i))
				if err != nil {
					return // the server is gone: stop, as a killed server's clients do
				}
				if id == "" {
					continue
				}
				mu.Lock()
				_, err = fmt.Fprintln(f, id)
				acked++
				mu.Unlock()
				if err != nil {
					fmt.Fprintln(os.Stderr, "crashload: record id:", err)
					return
				}
			}
		}()
	}
	wg.Wait()
	fmt.Printf("acknowledged %d writes\n", acked)
	return nil
}

// createPerson returns the new person's id after a 201, "" after any
// other answer, and an error when the server could not be reached or the
// connection broke before the answer was complete.
func createPerson(base, name string) (string, error) {
	body, _ := json.Marshal(map[string]string{"name": name, "valid_from": "2020-01-01"})
	res, err := client.Post(base+"/api/v1/people", "application/json", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	var p struct{ ID string }
	if err := json.NewDecoder(res.Body).Decode(&p); err != nil {
		return "", err
	}
	if res.StatusCode != http.StatusCreated {
		fmt.Fprintf(os.Stderr, "crashload: POST answered %d\n", res.StatusCode)
		return "", nil
	}
	if p.ID == "" {
		return "", errors.New("201 without an id")
	}
	return p.ID, nil
}

func waitHealthy(base string, d time.Duration) error {
	for deadline := time.Now().Add(d); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if res, err := client.Get(base + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return nil
			}
		}
	}
	return fmt.Errorf("%s did not become healthy within %s", base, d)
}

// verify asks the server for every acknowledged id and fails if any is
// missing.
func verify(base, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	var total, missing int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		id := strings.TrimSpace(sc.Text())
		if id == "" {
			continue
		}
		total++
		res, err := client.Get(base + "/api/v1/people/" + id)
		if err != nil {
			return err
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			missing++
			fmt.Fprintf(os.Stderr, "crashload: acknowledged person %s answers %d\n", id, res.StatusCode)
		}
	}
	if err := sc.Err(); err != nil {
		return err
	}
	fmt.Printf("%d acknowledged writes, %d present, %d missing\n", total, total-missing, missing)
	if missing > 0 || total == 0 {
		return fmt.Errorf("%d of %d acknowledged writes lost", missing, total)
	}
	return nil
}

// freePort prints a loopback port that was free a moment ago.
func freePort() error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer ln.Close()
	fmt.Println(ln.Addr().(*net.TCPAddr).Port)
	return nil
}
