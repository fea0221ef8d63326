package handlers_test

import (
	"fmt"
	"net/http"
	"sync"
	"testing"
)

// TestConcurrentPatchesOneWins fires many PATCHes based on the same
// version at one record at once. Optimistic locking must let exactly one
// through and refuse the rest with 412: none may be applied on top of the
// winner (a lost update) or merged into it.
func TestConcurrentPatchesOneWins(t *testing.T) {
	const n = 20
	a := newAPI(t)
	f := newFixture(a)
	path := "/api/v1/people/" + f.person
	tag := a.etag(path)
	var before struct{ Version int }
	a.mustDo(http.StatusOK, http.MethodGet, path, nil).decode(t, &before)

	type answer struct {
		req *http.Request
		res response
	}
	answers := make([]answer, n)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			body := map[string]any{"email": fmt.Sprintf("writer%d@example.se", i)}
			req, res := a.sendRaw(http.MethodPatch, path, body, "If-Match", tag)
			answers[i] = answer{req, res}
		}()
	}
	close(start)
	wg.Wait()

	winner := -1
	for i, ans := range answers {
		a.validate(http.MethodPatch, path, ans.req.Header, ans.res)
		switch ans.res.Status {
		case http.StatusOK:
			if winner >= 0 {
				t.Fatalf("writers %d and %d both won", winner, i)
			}
			winner = i
		case http.StatusPreconditionFailed:
		default:
			t.Fatalf("writer %d: status %d: %s", i, ans.res.Status, ans.res.Body)
		}
	}
	if winner < 0 {
		t.Fatal("no writer won")
	}
	var after struct {
		Version int
		Email   string
	}
	a.mustDo(http.StatusOK, http.MethodGet, path, nil).decode(t, &after)
	if want := fmt.Sprintf("writer%d@example.se", winner); after.Email != want || after.Version != before.Version+1 {
		t.Fatalf("stored version %d email %q, want version %d email %q", after.Version, after.Email, before.Version+1, want)
	}
}
