package bench_test

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/handlers"
	"github.com/koncernregistret/koncern/render"
)

// BenchmarkAPI serves the national dataset through the whole router, one
// request at a time and in process: the server's own cost per request,
// without the network and the load generator that make bench-http adds.
func BenchmarkAPI(b *testing.B) {
	r := nationalDB(b)
	ds := dataset(b, 1)
	svg := &render.SVG{}
	defer svg.Close()
	e, err := handlers.New(handlers.Config{Registry: r, Logger: slog.New(slog.NewJSONHandler(io.Discard, nil)),
		Spec: koncern.OpenAPISpec, SVG: svg})
	if err != nil {
		b.Fatal(err)
	}
	tok, err := r.CreateToken(ctx, koncern.TokenInput{Name: "bench-" + b.Name(), Role: koncern.AccessReader})
	if err != nil {
		b.Fatal(err)
	}
	muni := ds.Municipalities[0].String()
	org := ds.Organizations[len(ds.Organizations)/2].ID.String()
	var head string
	for _, p := range ds.Posts {
		if p.Role == "head" && p.MunicipalityID != nil && p.MunicipalityID.String() == muni {
			head = p.ID.String()
			break
		}
	}
	at := "at=" + day.String()
	for _, c := range []struct{ name, path string }{
		{"get_by_id", "/api/v1/organizations/" + org},
		{"list_page", "/api/v1/organizations?limit=50&municipality=" + muni},
		{"steering", "/api/v1/reports/steering/" + head + "?" + at},
		{"findings", "/api/v1/findings?" + at + "&municipality=" + muni},
		{"group", "/api/v1/reports/group?" + at + "&municipality=" + muni},
	} {
		serve := func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, c.path, nil)
			req.Header.Set("Authorization", "Bearer "+tok.Secret)
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				b.Fatalf("%s: %d %s", c.path, rec.Code, rec.Body)
			}
		}
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				serve(b)
			}
		})
		// parallel is the same under 8 concurrent requests per core, where
		// the version reads of concurrent requests are shared.
		b.Run(c.name+"/parallel", func(b *testing.B) {
			b.SetParallelism(8)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					serve(b)
				}
			})
		})
	}
}
