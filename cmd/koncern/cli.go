package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/demo"
	"github.com/koncernregistret/koncern/handlers"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/render"
	"github.com/koncernregistret/koncern/synthetic"
)

const usage = `usage:
  koncern serve   [--addr :8080] [--db PATH|postgres://URL] [--demo]
  koncern migrate [--db PATH|postgres://URL]
  koncern seed    --demo [--db PATH|postgres://URL]
  koncern seed    --synthetic national [--scale N] [--seed S] [--db PATH|postgres://URL]

--db defaults to $KONCERN_DB, else koncern.db (a SQLite file).`

// run parses the command line and runs one command until it finishes or
// ctx is cancelled (SIGINT or SIGTERM).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	switch args[0] {
	case "serve":
		return serve(ctx, args[1:], stdout, stderr)
	case "migrate":
		return migrate(ctx, args[1:], stdout, stderr)
	case "seed":
		return seed(ctx, args[1:], stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", args[0], usage)
}

// options are the flags the commands share.
type options struct {
	db   string
	addr string
	demo bool
	// synthetic names a generated dataset for seed, at scale from seed.
	synthetic string
	scale     float64
	seed      uint64
}

func parse(name string, args []string, stderr io.Writer, withServe bool) (options, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := options{}
	def := os.Getenv("KONCERN_DB")
	if def == "" {
		def = "koncern.db"
	}
	fs.StringVar(&o.db, "db", def, "SQLite file path or postgres:// URL")
	fs.BoolVar(&o.demo, "demo", false, "load the Jönköping demo data into an empty database")
	if withServe {
		fs.StringVar(&o.addr, "addr", ":8080", "address to listen on")
	}
	if name == "seed" {
		fs.StringVar(&o.synthetic, "synthetic", "", "generate a dataset instead of the demo: national")
		fs.Float64Var(&o.scale, "scale", 1, "synthetic size: 1 is Sweden's 290 municipalities, 2 twice as many")
		fs.Uint64Var(&o.seed, "seed", 1, "synthetic random seed; the same seed gives the same data")
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("%s: unexpected argument %q", name, fs.Arg(0))
	}
	return o, nil
}

// open connects, migrates and returns the registry.
func open(ctx context.Context, dsn string) (*registry.Registry, error) {
	db, err := registry.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	v, err := koncern.NewValidator()
	if err != nil {
		db.Close()
		return nil, err
	}
	return registry.New(db, v), nil
}

func migrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parse("migrate", args, stderr, false)
	if err != nil {
		return err
	}
	r, err := open(ctx, o.db)
	if err != nil {
		return err
	}
	defer r.DB().Close()
	fmt.Fprintln(stdout, "schema is up to date")
	return nil
}

func seed(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parse("seed", args, stderr, false)
	if err != nil {
		return err
	}
	switch {
	case o.demo && o.synthetic != "":
		return errors.New("seed: --demo and --synthetic are exclusive")
	case o.synthetic != "" && o.synthetic != "national":
		return fmt.Errorf("seed: unknown synthetic dataset %q; the one there is: national", o.synthetic)
	case !o.demo && o.synthetic == "":
		return errors.New("seed: say which data to load: --demo or --synthetic national")
	case o.synthetic != "":
		if err := synthetic.CheckScale(o.scale); err != nil {
			return fmt.Errorf("seed: %w", err)
		}
	}
	r, err := open(ctx, o.db)
	if err != nil {
		return err
	}
	defer r.DB().Close()
	if o.synthetic != "" {
		sum, err := synthetic.Load(ctx, r, o.scale, o.seed)
		if err != nil {
			return fmt.Errorf("load synthetic data: %w", err)
		}
		fmt.Fprintf(stdout, "synthetic national data loaded: %s\n", sum)
		return nil
	}
	return loadDemo(ctx, r, stdout)
}

func loadDemo(ctx context.Context, r *registry.Registry, stdout io.Writer) error {
	sum, err := demo.Load(ctx, r)
	if err != nil {
		return fmt.Errorf("load demo data: %w", err)
	}
	fmt.Fprintf(stdout, "demo data loaded: %+v\n", sum)
	return nil
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parse("serve", args, stderr, true)
	if err != nil {
		return err
	}
	log := slog.New(slog.NewJSONHandler(stderr, nil))
	r, err := open(ctx, o.db)
	if err != nil {
		return err
	}
	defer r.DB().Close()
	if o.demo {
		if err := loadDemo(ctx, r, stdout); err != nil {
			return err
		}
	}
	svg := &render.SVG{}
	defer svg.Close()
	e, err := handlers.New(handlers.Config{Registry: r, Logger: log, Spec: koncern.OpenAPISpec, SVG: svg})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: e, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 120 * time.Second, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	log.Info("serving", "addr", ln.Addr().String(), "db", registry.Redact(o.db))
	return serveUntilDone(ctx, srv, ln, log)
}

// serveUntilDone serves until ctx is cancelled, then stops taking new
// connections and lets requests in flight finish (graceful shutdown).
func serveUntilDone(ctx context.Context, srv *http.Server, ln net.Listener, log *slog.Logger) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}
