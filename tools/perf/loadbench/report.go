package loadbench

import (
	"fmt"
	"io"
	"slices"
	"text/tabwriter"
	"time"
)

// Targets the issue sets beyond the ratios of each endpoint.
const (
	scaleTarget = 0.80      // GET by id on the national dataset against the demo
	rssTarget   = 256 << 20 // the national server's resident memory
	txTarget    = 0.50      // audited transactions against plain inserts
)

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "NOT MET"
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d)/float64(time.Millisecond)) }

// Write prints the report as the tables BENCHMARKS.md shows.
func (r Report) Write(w io.Writer) {
	fmt.Fprintf(w, "\n== %s: national dataset (seeded in %s), %d connections, %s per run, median of %d pairs, municipality %s\n\n",
		r.Dialect, r.SeedTime.Round(100*time.Millisecond), r.Concurrency, r.Duration, r.Pairs, r.Municipality)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "endpoint\trequests\treq/s\tceiling req/s\tof ceiling\ttarget\tp50\tp99\t")
	for _, e := range r.Endpoints {
		t := ""
		if e.target > 0 {
			t = fmt.Sprintf("≥ %.0f %% %s", 100*e.target, verdict(e.ratio() >= e.target && len(e.failures) == 0))
		}
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%.0f\t%.1f %%\t%s\t%s\t%s\t\n", e.name, e.requests, e.throughput, e.ceiling.throughput,
			100*e.ratio(), t, ms(e.p50), ms(e.p99))
	}
	tw.Flush()
	fmt.Fprintf(w, "(ceiling: a bare Echo route in the same process answering %d precomputed bytes; each endpoint's ceiling run came just before it, and the pair with the median ratio is shown; the first had p50 %s, p99 %s)\n",
		r.CeilingBytes, ms(r.Ceiling.p50), ms(r.Ceiling.p99))
	for _, res := range append([]result{r.FixedRate}, r.results()...) {
		if f := res.failureText(); f != "" {
			fmt.Fprintf(w, "FAILURES in %s: %s\n", res.name, f)
		}
	}
	fmt.Fprintf(w, "\nfixed rate, %s at %.0f/s (half its capacity): %d requests sent at %.0f/s, p50 %s, p99 %s\n",
		r.FixedRate.name, r.FixedRateAt, r.FixedRate.requests, r.FixedRate.rate, ms(r.FixedRate.p50), ms(r.FixedRate.p99))
	// Both are shares of a ceiling run just before them, so that the
	// machine's drift between the two servers' runs cancels out.
	national := r.Endpoints[0]
	scale := national.ratio() / r.Demo.ratio()
	fmt.Fprintf(w, "scale invariance, GET by id as a share of its ceiling: national %.1f %% (%.0f/s), demo %.1f %% (%.0f/s): %.1f %% (target ≥ %.0f %%: %s)\n",
		100*national.ratio(), national.throughput, 100*r.Demo.ratio(), r.Demo.throughput, 100*scale, 100*scaleTarget, verdict(scale >= scaleTarget))
	fmt.Fprintf(w, "peak resident memory of the national server: %.1f MiB (target < %d MiB: %s)\n",
		float64(r.PeakRSS)/(1<<20), rssTarget>>20, verdict(r.PeakRSS < rssTarget))
}

func (r Report) results() []result {
	out := make([]result, 0, 2*len(r.Endpoints)+2)
	for _, e := range slices.Concat(r.Endpoints, []measured{r.Demo}) {
		out = append(out, e.result, e.ceiling)
	}
	return out
}

// Write prints the transaction comparison.
func (t TxReport) Write(w io.Writer) {
	ratio := t.TransactionsPerSecond / t.PlainInsertsPerSecond
	fmt.Fprintf(w, "\n== sqlite: audited ownership transactions against plain single-row inserts (WAL, synchronous FULL), %d of each in 5 alternating rounds\n", t.Count)
	fmt.Fprintf(w, "audited transactions: %.0f/s (%.1f audit events each); plain inserts: %.0f/s; ratio %.1f %% (target ≥ %.0f %%: %s)\n",
		t.TransactionsPerSecond, t.TransactionEventsEach, t.PlainInsertsPerSecond, 100*ratio, 100*txTarget, verdict(ratio >= txTarget))
}
