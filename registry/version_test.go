package registry_test

import (
	"sync"
	"testing"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/registry/registrytest"
)

// TestVersionAfterWrite: however many callers share the version queries,
// a caller that asks after its write was acknowledged gets a version at
// least that write's event.
func TestVersionAfterWrite(t *testing.T) {
	r := registrytest.MustRegistry(t, now)
	before := must(r.Version(ctx))(t)
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 8 {
				p, err := r.CreatePerson(ctx, koncern.PersonInput{Name: "Person " + string(rune('A'+w)) + string(rune('a'+i)), Period: period("2003-01-01")})
				if err != nil {
					errs <- err
					return
				}
				v, err := r.Version(ctx)
				if err != nil {
					errs <- err
					return
				}
				events, err := r.ListAuditEvents(ctx, registry.AuditFilter{EntityID: p.ID.String()})
				if err != nil {
					errs <- err
					return
				}
				if seq := events.Items[0].Seq; v < seq {
					t.Errorf("version %d after the write of event %d", v, seq)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if after := must(r.Version(ctx))(t); after != before+64 {
		t.Fatalf("version went from %d to %d over 64 writes", before, after)
	}
}
