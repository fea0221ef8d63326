package loadbench

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"slices"
	"time"

	"github.com/koncernregistret/koncern/registry"
)

// Config says what to measure and how hard.
type Config struct {
	// Binary is the koncern binary to serve with.
	Binary string
	// DSN is the database to seed and serve: a SQLite file path or a
	// postgres:// URL of an empty database.
	DSN string
	// Dialect names the engine in the report.
	Dialect string
	// DemoDSN is an empty database for the demo, for the scale-invariance
	// figure; a SQLite file in Work when empty.
	DemoDSN string
	// Work is a directory for the demo database and the server logs.
	Work string
	// Concurrency is the number of connections every run keeps busy.
	Concurrency int
	// Duration is how long each run lasts, after a warm-up of a fifth of it.
	Duration time.Duration
	// Pairs is how many times each endpoint is measured after its ceiling;
	// the pair with the median ratio is reported.
	Pairs int
	// Day is the day the reports are asked about.
	Day string
}

// Report is what one benchmark run found.
type Report struct {
	Dialect            string
	Concurrency        int
	Duration           time.Duration
	SeedTime           time.Duration
	Municipality, Head string
	Pairs              int
	Ceiling            result
	CeilingBytes       int
	Endpoints          []measured
	FixedRate          result
	FixedRateAt        float64
	Demo               measured
	PeakRSS            int64
}

// measured is an endpoint's result with its target and the run of the
// ceiling just before it.
type measured struct {
	result
	target  float64
	ceiling result
}

// ratio is the endpoint's throughput as a part of its ceiling run's.
func (m measured) ratio() float64 { return m.throughput / m.ceiling.throughput }

// Run seeds cfg.DSN with the national dataset, serves it, and measures.
func Run(ctx context.Context, cfg Config, progress io.Writer) (Report, error) {
	cfg.Pairs = max(cfg.Pairs, 1)
	rep := Report{Dialect: cfg.Dialect, Concurrency: cfg.Concurrency, Duration: cfg.Duration, Pairs: cfg.Pairs}
	began := time.Now()
	fmt.Fprintf(progress, "%s: seeding the national dataset…\n", cfg.Dialect)
	if _, err := runKoncern(ctx, cfg.Binary, "seed", "--synthetic", "national", "--db", cfg.DSN); err != nil {
		return rep, err
	}
	rep.SeedTime = time.Since(began)
	if err := settle(ctx, cfg.DSN); err != nil {
		return rep, err
	}
	out, err := runKoncern(ctx, cfg.Binary, "token", "create", "--name", "bench", "--role", "reader", "--db", cfg.DSN)
	if err != nil {
		return rep, err
	}
	srv, err := startServer(ctx, cfg.Binary, cfg.DSN, cfg.Work, cfg.Dialect+"-national", lastLine(out))
	if err != nil {
		return rep, err
	}
	defer srv.stop()
	t, err := discover(srv, cfg.Day)
	if err != nil {
		return rep, err
	}
	rep.Municipality, rep.Head = t.municipalityName, t.head
	if rep.CeilingBytes, err = bodySize(srv.ceiling + "/ceiling"); err != nil {
		return rep, err
	}
	warm := cfg.Duration / 5
	measure := func(base, token string, e endpoint) result {
		fmt.Fprintf(progress, "%s: %s…\n", cfg.Dialect, e.name)
		run(base, token, e, cfg.Concurrency, warm, 0)
		return run(base, token, e, cfg.Concurrency, cfg.Duration, 0)
	}
	// One warm-up pass over everything first: the first answers fill the
	// caches, and a fresh server (its pools, PostgreSQL's buffers) settles.
	fmt.Fprintf(progress, "%s: warming up…\n", cfg.Dialect)
	run(srv.ceiling, "", ceiling, cfg.Concurrency, warm, 0)
	for _, e := range t.endpoints() {
		run(srv.api, srv.token, e, cfg.Concurrency, warm, 0)
	}
	for _, e := range t.endpoints() {
		rep.Endpoints = append(rep.Endpoints, medianPair(cfg.Pairs, measure, srv, e))
	}
	rep.Ceiling = rep.Endpoints[0].ceiling
	rep.FixedRateAt = rep.Endpoints[0].throughput / 2
	fmt.Fprintf(progress, "%s: %s at %.0f/s…\n", cfg.Dialect, rep.Endpoints[0].name, rep.FixedRateAt)
	rep.FixedRate = run(srv.api, srv.token, t.endpoints()[0], cfg.Concurrency, cfg.Duration, rep.FixedRateAt)
	if rep.PeakRSS, err = srv.peakRSS(); err != nil {
		return rep, err
	}
	srv.stop()
	rep.Demo, err = measureDemo(ctx, cfg, measure)
	return rep, err
}

// ceiling is the bare route the endpoints are held against.
var ceiling = endpoint{name: "ceiling", paths: []string{"/ceiling"}}

// medianPair measures the ceiling and right after it e, pairs times, and
// keeps the pair whose ratio is the median. The machine's speed drifts by
// up to a third from minute to minute (it is a virtual machine on a shared
// host), so each ratio is taken against the ceiling run just before it,
// and the median of several pairs keeps one slow minute from deciding.
// Failures of every pair are kept.
func medianPair(pairs int, measure func(base, token string, e endpoint) result, srv *server, e endpoint) measured {
	ms := make([]measured, pairs)
	failures := map[string]int{}
	for i := range ms {
		c := measure(srv.ceiling, "", ceiling)
		ms[i] = measured{result: measure(srv.api, srv.token, e), target: e.target, ceiling: c}
		for k, n := range ms[i].failures {
			failures[k] += n
		}
	}
	slices.SortFunc(ms, func(a, b measured) int { return cmp.Compare(a.ratio(), b.ratio()) })
	m := ms[len(ms)/2]
	m.failures = failures
	return m
}

// settle vacuums a freshly loaded PostgreSQL database, so that autovacuum
// does not do it in the middle of a run: the load would otherwise measure
// the first endpoint against a database busy with itself.
func settle(ctx context.Context, dsn string) error {
	if !registry.IsPostgres(dsn) {
		return nil
	}
	db, err := registry.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.SQL.ExecContext(ctx, "VACUUM (ANALYZE)")
	return err
}

// measureDemo serves the Jönköping demo on an empty database of the same
// engine and measures GET by id on it, for the scale-invariance figure.
func measureDemo(ctx context.Context, cfg Config, measure func(base, token string, e endpoint) result) (measured, error) {
	srv, err := startServer(ctx, cfg.Binary, demoDSN(cfg), cfg.Work, cfg.Dialect+"-demo", "", "--demo")
	if err != nil {
		return measured{}, err
	}
	defer srv.stop()
	t, err := discover(srv, cfg.Day)
	if err != nil {
		return measured{}, err
	}
	return medianPair(cfg.Pairs, measure, srv, t.endpoints()[0]), nil
}

func demoDSN(cfg Config) string {
	if cfg.DemoDSN != "" {
		return cfg.DemoDSN
	}
	return filepath.Join(cfg.Work, "demo.db")
}

// targets are the records the runs ask about.
type targets struct {
	day              string
	municipality     string
	municipalityName string
	municipalities   []string
	organizations    []string
	head             string
}

func (t targets) endpoints() []endpoint {
	byID := make([]string, len(t.organizations))
	for i, id := range t.organizations {
		byID[i] = "/api/v1/organizations/" + id
	}
	pages := make([]string, len(t.municipalities))
	for i, id := range t.municipalities {
		pages[i] = "/api/v1/organizations?limit=50&municipality=" + id
	}
	q := "?at=" + t.day + "&municipality=" + t.municipality
	return []endpoint{
		{name: "GET one organisation by id", paths: byID, target: 0.50},
		{name: "list page (50 organisations)", paths: pages, target: 0.35},
		{name: "steering report, one head", paths: []string{"/api/v1/reports/steering/" + t.head + "?at=" + t.day}},
		{name: "findings, one municipality", paths: []string{"/api/v1/findings" + q}, target: 0.25},
		{name: "group report, one municipality", paths: []string{"/api/v1/reports/group" + q}, target: 0.25},
	}
}

// discover asks the API for a municipality, its organisations and a head.
func discover(s *server, day string) (targets, error) {
	t := targets{day: day}
	var page struct {
		Items []struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"items"`
	}
	if err := s.getJSON("/api/v1/organizations?kind=municipality&limit=500&at="+day, &page); err != nil {
		return t, err
	}
	if len(page.Items) == 0 {
		return t, fmt.Errorf("no municipality in force on %s", day)
	}
	for _, m := range page.Items {
		t.municipalities = append(t.municipalities, m.ID)
	}
	t.municipality, t.municipalityName = page.Items[0].ID, page.Items[0].Name
	for _, m := range t.municipalities {
		if len(t.organizations) >= 1000 {
			break
		}
		if err := s.getJSON("/api/v1/organizations?limit=500&at="+day+"&municipality="+m, &page); err != nil {
			return t, err
		}
		for _, o := range page.Items {
			t.organizations = append(t.organizations, o.ID)
		}
	}
	if err := s.getJSON("/api/v1/posts?role=head&limit=1&at="+day+"&municipality="+t.municipality, &page); err != nil {
		return t, err
	}
	if len(page.Items) == 0 {
		return t, fmt.Errorf("no head in %s on %s", t.municipalityName, day)
	}
	t.head = page.Items[0].ID
	return t, nil
}

// bodySize is the length of what url answers.
func bodySize(url string) (int, error) {
	res, err := http.Get(url)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return len(b), err
}

func (s *server) getJSON(path string, v any) error {
	req, err := http.NewRequest(http.MethodGet, s.api+path, nil)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+s.token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		b, _ := io.ReadAll(res.Body)
		return fmt.Errorf("GET %s: %d %s", path, res.StatusCode, b)
	}
	return json.NewDecoder(res.Body).Decode(v)
}
