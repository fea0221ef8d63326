package loadbench

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// endpoint is one thing the benchmark measures: requests to rotate over.
type endpoint struct {
	name  string
	paths []string
	// target is the least ratio of the ceiling the issue asks for; 0 for
	// none.
	target float64
}

// result is what one run of one endpoint measured.
type result struct {
	name       string
	requests   uint64
	throughput float64 // successful requests per second
	rate       float64 // requests sent per second
	p50, p99   time.Duration
	failures   map[string]int // status or error → count, for anything but 200
}

// run attacks the paths of e on base at the given concurrency for d, as
// fast as the server answers (rate 0), or at rate per second when rate is
// above zero.
func run(base, token string, e endpoint, concurrency int, d time.Duration, rate float64) result {
	header := http.Header{}
	if token != "" {
		header.Set("Authorization", "Bearer "+token)
	}
	targets := make([]vegeta.Target, len(e.paths))
	for i, p := range e.paths {
		targets[i] = vegeta.Target{Method: http.MethodGet, URL: base + p, Header: header}
	}
	// The same connections serve a fixed-rate run: should the server fall
	// behind, the run reports the rate it reached rather than opening ever
	// more connections. Bodies are read to the end and dropped (MaxBody 0),
	// as wrk does: keeping a copy of each would make the load generator,
	// which shares the machine's two cores with the server, the bottleneck
	// for large answers.
	attacker := vegeta.NewAttacker(vegeta.Workers(uint64(concurrency)), vegeta.MaxWorkers(uint64(concurrency)),
		vegeta.Connections(concurrency), vegeta.MaxConnections(concurrency), vegeta.KeepAlive(true), vegeta.Timeout(30*time.Second),
		vegeta.MaxBody(0))
	pacer := vegeta.Rate{Freq: 0}
	if rate > 0 {
		pacer = vegeta.Rate{Freq: int(rate), Per: time.Second}
	}
	var m vegeta.Metrics
	r := result{name: e.name, failures: map[string]int{}}
	for res := range attacker.Attack(vegeta.NewStaticTargeter(targets...), pacer, d, e.name) {
		m.Add(res)
		if res.Code != http.StatusOK {
			key := fmt.Sprint(res.Code)
			if res.Error != "" {
				key += " " + res.Error
			}
			r.failures[key]++
		}
	}
	m.Close()
	r.requests, r.throughput, r.rate = m.Requests, m.Throughput, m.Rate
	r.p50, r.p99 = m.Latencies.P50, m.Latencies.P99
	return r
}

// failureText lists what failed, most frequent first.
func (r result) failureText() string {
	if len(r.failures) == 0 {
		return ""
	}
	keys := make([]string, 0, len(r.failures))
	for k := range r.failures {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return r.failures[keys[i]] > r.failures[keys[j]] })
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%d × %s", r.failures[k], k)
	}
	return strings.Join(parts, "; ")
}
