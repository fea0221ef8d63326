// Command benchhttp is the load benchmark of make bench-http: the API's
// throughput on the national dataset as a ratio of a bare Echo route in
// the same binary, on SQLite and on PostgreSQL. See BENCHMARKS.md.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the pgx driver, to make the benchmark's PostgreSQL databases

	"github.com/koncernregistret/koncern/tools/perf/loadbench"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "benchhttp:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("benchhttp", flag.ContinueOnError)
	bin := fs.String("bin", "bin/koncern", "the koncern binary to serve with")
	dialects := fs.String("dialects", "sqlite,postgres", "the engines to measure, comma-separated")
	pgURL := fs.String("postgres", envOr("KONCERN_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"),
		"a PostgreSQL server to make the benchmark's databases on (they are dropped afterwards)")
	concurrency := fs.Int("concurrency", 16, "connections kept busy in every run")
	duration := fs.Duration("duration", 6*time.Second, "length of each run (after a warm-up of a fifth of it)")
	pairs := fs.Int("pairs", 3, "times each endpoint is measured after its ceiling; the median ratio is reported")
	day := fs.String("day", "2024-06-01", "the day the reports are asked about")
	txCount := fs.Int("transactions", 500, "audited transactions and plain inserts to compare (0: skip)")
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "koncern-bench-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	for _, dialect := range strings.Split(*dialects, ",") {
		cfg := loadbench.Config{Binary: *bin, Dialect: dialect, Work: work, Concurrency: *concurrency, Duration: *duration, Pairs: *pairs, Day: *day}
		var cleanup func()
		switch dialect {
		case "sqlite":
			cfg.DSN = work + "/national.db"
		case "postgres":
			cfg.DSN, cfg.DemoDSN, cleanup, err = postgresDatabases(ctx, *pgURL)
			if err != nil {
				return err
			}
		default:
			return fmt.Errorf("unknown dialect %q: sqlite or postgres", dialect)
		}
		rep, err := loadbench.Run(ctx, cfg, stderr)
		if cleanup != nil {
			cleanup()
		}
		if err != nil {
			return fmt.Errorf("%s: %w", dialect, err)
		}
		rep.Write(stdout)
	}
	if *txCount > 0 {
		fmt.Fprintln(stderr, "sqlite: audited transactions against plain inserts…")
		tx, err := loadbench.MeasureTransactions(ctx, work, *txCount)
		if err != nil {
			return err
		}
		tx.Write(stdout)
	}
	return nil
}

// postgresDatabases makes two fresh databases on the server at base, for
// the national dataset and for the demo, and a function that drops them.
func postgresDatabases(ctx context.Context, base string) (national, demo string, drop func(), err error) {
	db, err := sql.Open("pgx", base)
	if err != nil {
		return "", "", nil, err
	}
	stamp := fmt.Sprintf("koncern_bench_%d", time.Now().UnixNano())
	names := []string{stamp, stamp + "_demo"}
	for _, n := range names {
		if _, err := db.ExecContext(ctx, "CREATE DATABASE "+n); err != nil {
			db.Close()
			return "", "", nil, fmt.Errorf("create database %s: %w", n, err)
		}
	}
	drop = func() {
		for _, n := range names {
			db.ExecContext(context.Background(), "DROP DATABASE IF EXISTS "+n+" WITH (FORCE)")
		}
		db.Close()
	}
	return withDatabase(base, names[0]), withDatabase(base, names[1]), drop, nil
}

// withDatabase is the URL base with its database replaced by name.
func withDatabase(base, name string) string {
	head, query, _ := strings.Cut(base, "?")
	if i := strings.LastIndex(head, "/"); i > len("postgres://") {
		head = head[:i]
	}
	out := head + "/" + name
	if query != "" {
		out += "?" + query
	}
	return out
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}
