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
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"text/tabwriter"
	"time"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/demo"
	"github.com/koncernregistret/koncern/handlers"
	"github.com/koncernregistret/koncern/importer"
	"github.com/koncernregistret/koncern/jwtauth"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/render"
	"github.com/koncernregistret/koncern/synthetic"
	"github.com/koncernregistret/koncern/viewer"
	"github.com/koncernregistret/koncern/web"
)

const usage = `usage:
  koncern serve   [--addr 127.0.0.1:8080] [--db PATH|postgres://URL] [--demo [--fresh]] [--public-read] [--log FILE]
                  [--rate-limit 50] [--rate-burst 100]
                  [--jwks-file F|--jwks-url U] [--jwt-issuer I] [--jwt-audience A] [--jwt-role-claim role] [--jwt-name-claim sub]
                  [--oidc-issuer URL --oidc-client-id ID --oidc-client-secret S --oidc-redirect-url URL [--oidc-name N] [--oidc-scopes "profile email"]]
                  [--ceiling-addr ADDR] [--checkpoint-key FILE]
  koncern migrate [--db PATH|postgres://URL]
  koncern seed    --demo [--db PATH|postgres://URL]
  koncern seed    --synthetic national [--scale N] [--seed S] [--db PATH|postgres://URL]
  koncern import  [--dry-run] [--kind SHEET] [--db PATH|postgres://URL] FILE.xlsx|FILE.csv
  koncern audit verify [--db PATH|postgres://URL] [--checkpoint FILE [--public-key KEY]]
  koncern audit checkpoint [--key FILE] [--db PATH|postgres://URL]
  koncern audit keygen FILE
  koncern backup  [--db PATH] FILE
  koncern check   [--db PATH|postgres://URL]
  koncern token   create --name NAME --role ROLE [--expires 720h|RFC3339] [--db …]
  koncern token   list [--db …]
  koncern token   revoke [--db …] NAME
  koncern session end [--db …] NAME   (signs NAME out of the web application everywhere)
  koncern version (the build: module version, commit, uncommitted changes)

--db defaults to $KONCERN_DB, else koncern.db (a SQLite file).
--addr defaults to 127.0.0.1:8080, this machine only; --addr :8080 listens on
every interface. The address is bound before the database is opened.
--fresh (with --demo, SQLite only) removes the database file once the address
is bound, so that each run starts from the demo alone; a file that is not a
SQLite database is refused and left alone.
--log sends the JSON log lines to FILE (appended) instead of standard error.
--rate-limit is requests per second per client address and per token (0: no limit).
--public-read lets callers without a token read the registry (not the audit trail).
Roles: admin, registrar, finance, auditor, reader; every API call but health,
readiness, the OpenAPI document and the docs needs "Authorization: Bearer TOKEN".
backup copies a SQLite database while the server runs (for PostgreSQL use pg_dump).
check runs PRAGMA integrity_check (SQLite), verifies the audit chain and
reconciles every record with its newest audit event.
audit checkpoint signs the audit chain's head with the key of --key (serve:
--checkpoint-key), default $KONCERN_CHECKPOINT_KEY, a file made by audit keygen.
--oidc-* let people sign in to the web application with an OpenID Connect
provider; the four without a default go together, and the client secret is
better given as $KONCERN_OIDC_CLIENT_SECRET. The role is read from the claim
of --jwt-role-claim.`

// usageError is a mistake on the command line: what is missing, then the
// usage, so that the person sees at once how to say it.
type usageError string

func (e usageError) Error() string { return string(e) + "\n" + usage }

// command runs one subcommand with its own arguments.
type command func(ctx context.Context, args []string, stdout, stderr io.Writer) error

// commands lists the subcommands by name; a variable rather than init()
// registration, so that the table is read in one place.
var commands = map[string]command{
	"serve": serve, "migrate": migrate, "seed": seed, "import": importFile,
	"audit": audit, "backup": backup, "check": check, "token": token, "session": session,
	"version": version,
}

// run parses the command line and runs one command until it finishes or
// ctx is cancelled (SIGINT or SIGTERM).
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError("name a command")
	}
	if args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprintln(stdout, usage)
		return nil
	}
	if cmd, ok := commands[args[0]]; ok {
		// The commands are the operator's own hand on the database: they act
		// as the system administrator, and the audit trail says "system".
		return cmd(viewer.System(ctx), args[1:], stdout, stderr)
	}
	return fmt.Errorf("unknown command %q\n%s", args[0], usage)
}

// options are the flags the commands share.
type options struct {
	db   string
	addr string
	demo bool
	// fresh removes the SQLite file before the demo is loaded into it.
	fresh bool
	// logFile, when set, receives the JSON logs instead of stderr.
	logFile string
	// rateLimit and rateBurst bound each client address's requests.
	rateLimit float64
	rateBurst int
	// publicRead publishes the registry to callers without a token.
	publicRead bool
	// ceilingAddr, when set, serves handlers.Ceiling beside the API, for
	// the load benchmark (make bench-http).
	ceilingAddr string
	// checkpointKey is the file of the key that signs the audit trail's
	// checkpoints; none switches GET /api/v1/audit/checkpoint off.
	checkpointKey string
	// jwt configures JWTs from the identity provider; off without a key set.
	jwt jwtauth.Config
	// oidc configures the web application's sign-in with an OpenID
	// Connect provider; off without its flags.
	oidc oidcFlags
	// synthetic names a generated dataset for seed, at scale from seed.
	synthetic string
	scale     float64
	seed      uint64
}

func parse(name string, args []string, stderr io.Writer, withServe bool) (options, error) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	o := options{}
	fs.StringVar(&o.db, "db", defaultDB(), "SQLite file path or postgres:// URL")
	fs.BoolVar(&o.demo, "demo", false, "load the Jönköping demo data into an empty database")
	if withServe {
		fs.StringVar(&o.addr, "addr", defaultAddr, "address to listen on (:8080 for every interface)")
		fs.BoolVar(&o.fresh, "fresh", false, "with --demo: remove the SQLite file first, once the address is bound")
		fs.StringVar(&o.logFile, "log", "", "append the JSON logs to this file instead of standard error")
		fs.Float64Var(&o.rateLimit, "rate-limit", handlers.DefaultRateLimit, "requests per second per client address; 0 switches the limit off")
		fs.IntVar(&o.rateBurst, "rate-burst", handlers.DefaultRateBurst, "requests a client address may send at once")
		fs.BoolVar(&o.publicRead, "public-read", false, "let callers without a token read the registry (not the audit trail)")
		fs.StringVar(&o.ceilingAddr, "ceiling-addr", "", "also serve the load benchmark's bare ceiling route at this address")
		fs.StringVar(&o.checkpointKey, "checkpoint-key", os.Getenv(envCheckpointKey), "sign audit checkpoints with the key of this file (audit keygen)")
		fs.StringVar(&o.jwt.JWKSFile, "jwks-file", "", "accept JWTs signed by a key of this JWKS file")
		fs.StringVar(&o.jwt.JWKSURL, "jwks-url", "", "accept JWTs signed by a key of the JWKS at this URL")
		fs.StringVar(&o.jwt.Issuer, "jwt-issuer", "", "the iss a JWT must carry")
		fs.StringVar(&o.jwt.Audience, "jwt-audience", "", "the aud a JWT must carry")
		fs.StringVar(&o.jwt.RoleClaim, "jwt-role-claim", "role", "the JWT claim that names the role")
		fs.StringVar(&o.jwt.NameClaim, "jwt-name-claim", "sub", "the JWT claim that names the caller in the audit trail")
		o.oidc.register(fs)
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
	if o.fresh && (!o.demo || registry.IsPostgres(o.db)) {
		return o, fmt.Errorf("%s: --fresh goes with --demo on a SQLite file: it removes the file to load the demo anew", name)
	}
	return o, nil
}

// defaultAddr is this machine only: a registry is published on purpose.
const defaultAddr = "127.0.0.1:8080"

// version prints which build this is.
func version(_ context.Context, args []string, stdout, _ io.Writer) error {
	if len(args) > 0 {
		return fmt.Errorf("version: unexpected argument %q", args[0])
	}
	fmt.Fprintln(stdout, koncern.Version())
	return nil
}

func defaultDB() string {
	if def := os.Getenv("KONCERN_DB"); def != "" {
		return def
	}
	return "koncern.db"
}

// open connects, migrates and returns the registry.
func open(ctx context.Context, dsn string) (*registry.Registry, error) {
	return registry.OpenMigrated(ctx, dsn)
}

func migrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parse("migrate", args, stderr, false)
	if err != nil {
		return err
	}
	// The operator is told each migration applied, even when a later one
	// fails, so that the output says which version the database is at.
	r, up, err := registry.OpenUpgraded(ctx, o.db)
	for _, m := range up.Applied {
		fmt.Fprintf(stdout, "applied migration %d: %s\n", m.Version, m.Name)
	}
	if err != nil {
		return err
	}
	defer r.DB().Close()
	if up.ReversedReportingLines > 0 {
		fmt.Fprintf(stdout, "turned %d reporting lines written by an older version around: each now runs from the post reported to\n", up.ReversedReportingLines)
	}
	for _, id := range up.RefusedReportingLines {
		fmt.Fprintf(stdout, "left reporting line %s as it is: it was not stored before the upgrade, so someone put it on the list of lines to turn around past the registry\n", id)
	}
	v, err := r.DB().SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if len(up.Applied) == 0 {
		fmt.Fprintf(stdout, "schema is up to date (version %d)\n", v)
	} else {
		fmt.Fprintf(stdout, "schema is now at version %d\n", v)
	}
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
	_, err = loadDemo(ctx, r, stdout)
	return err
}

// loadDemo loads the demo and says so; its summary names the records the
// README's tour uses.
func loadDemo(ctx context.Context, r *registry.Registry, stdout io.Writer) (demo.Summary, error) {
	sum, err := demo.Load(ctx, r)
	if err != nil {
		return sum, fmt.Errorf("load demo data: %w", err)
	}
	fmt.Fprintf(stdout, "demo data loaded: %d organisations, %d people, %d posts, %d steering lines\n",
		sum.Organizations, sum.People, sum.Posts, sum.SteeringLines)
	return sum, nil
}

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parse("serve", args, stderr, true)
	if err != nil {
		return err
	}
	// The address is bound before any file is touched: a second server
	// started by mistake (a second make run) fails here and leaves the
	// first one's database alone, --fresh or not.
	ln, err := listen("--addr", o.addr)
	if err != nil {
		return err
	}
	defer ln.Close()
	logs, err := logOutput(o.logFile, stderr)
	if err != nil {
		return err
	}
	defer logs.Close()
	log := slog.New(slog.NewJSONHandler(logs, nil))
	if o.fresh {
		if err := removeSQLite(o.db); err != nil {
			return err
		}
	}
	r, err := open(ctx, o.db)
	if err != nil {
		return err
	}
	defer r.DB().Close()
	var intro *demoIntro
	if o.demo {
		if intro, err = startDemo(ctx, r, stdout); err != nil {
			return err
		}
	}
	cfg := handlers.Config{Registry: r, Logger: log, Spec: koncern.OpenAPISpec,
		RateLimit: o.rateLimit, RateBurst: o.rateBurst, PublicRead: o.publicRead}
	if o.jwt.JWKSFile != "" || o.jwt.JWKSURL != "" {
		o.jwt.Logger = log
		v, err := jwtauth.New(o.jwt)
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		cfg.JWT = v
	}
	signIn, err := oidcProvider(ctx, o)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if o.checkpointKey != "" {
		if cfg.CheckpointKey, err = registry.ReadCheckpointKey(o.checkpointKey); err != nil {
			return fmt.Errorf("serve: %w", err)
		}
	}
	svg := &render.SVG{}
	defer svg.Close()
	cfg.SVG = svg
	site, err := web.New(web.Config{Registry: r, SVG: svg, Logger: log, PublicRead: o.publicRead, OIDC: signIn,
		CheckpointKey: cfg.CheckpointKey})
	if err != nil {
		return err
	}
	cfg.ErrorPage, cfg.Session = site.ErrorPage, site.Session
	e, err := handlers.New(cfg)
	if err != nil {
		return err
	}
	site.Register(e)
	srv := handlers.NewHTTPServer(e, log)
	ln = handlers.ProblemListener(ln, log)
	if o.ceilingAddr != "" {
		stop, err := serveCeiling(ctx, o.ceilingAddr, log)
		if err != nil {
			return err
		}
		defer stop()
	}
	// On PostgreSQL the server holds a version lease, so that a cached
	// answer costs no round trip to the database (registry/versionwatch.go).
	stopWatch, err := r.WatchVersions(ctx, log)
	if err != nil {
		return err
	}
	defer stopWatch()
	log.Info("serving", "addr", ln.Addr().String(), "db", registry.Redact(o.db))
	printStart(stdout, ln.Addr(), intro, o.logFile)
	return serveUntilDone(ctx, srv, ln, log)
}

// listen binds addr, the value of flag, and says in words what to do when
// it is taken, naming that flag: the server's --addr (which make run sets
// from ADDR) or the benchmark's --ceiling-addr.
func listen(flag, addr string) (net.Listener, error) {
	ln, err := net.Listen("tcp", addr)
	if errors.Is(err, syscall.EADDRINUSE) {
		hint := ""
		if flag == "--addr" {
			hint = " (make run ADDR=127.0.0.1:8090)"
		}
		return nil, fmt.Errorf("serve: %s: the address %s is taken: another program listens there (perhaps a koncern started earlier); "+
			"stop it, or choose another address with %s%s", flag, addr, flag, hint)
	}
	if err != nil {
		return nil, fmt.Errorf("serve: --addr %s: %w (write it HOST:PORT, such as 127.0.0.1:8080)", addr, err)
	}
	return ln, nil
}

// logOutput is where the JSON logs go: the file of --log, else stderr.
func logOutput(path string, stderr io.Writer) (io.WriteCloser, error) {
	if path == "" {
		return nopCloser{stderr}, nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("serve: --log: %w", err)
	}
	return f, nil
}

type nopCloser struct{ io.Writer }

func (nopCloser) Close() error { return nil }

// removeSQLite removes a SQLite database with its write-ahead log and
// shared-memory files; a file that is not there is no error. A file that
// is there but holds no SQLite database is refused and left alone: --db
// then names the wrong file (a typo, a document), which --fresh must not
// destroy.
func removeSQLite(path string) error {
	path = strings.TrimPrefix(path, "file:")
	path, _, _ = strings.Cut(path, "?")
	if err := checkSQLiteFile(path); err != nil {
		return err
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("serve: --fresh: %w", err)
		}
	}
	return nil
}

// sqliteHeader is how every SQLite database file begins.
const sqliteHeader = "SQLite format 3\x00"

// checkSQLiteFile reports an error unless path is missing, empty (which
// SQLite opens as an empty database) or a SQLite database by its header.
func checkSQLiteFile(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("serve: --fresh: %w", err)
	}
	defer f.Close()
	header := make([]byte, len(sqliteHeader))
	n, err := io.ReadFull(f, header)
	switch {
	case n == 0 && errors.Is(err, io.EOF):
		return nil
	case string(header[:n]) == sqliteHeader:
		return nil
	case err != nil && !errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("serve: --fresh: --db %s: %w", path, err)
	}
	return fmt.Errorf("serve: --fresh: --db %s is not a SQLite database, so it is not removed; name the demo's database file", path)
}

// demoTokens are the tokens the demo comes with.
var demoTokens = []koncern.TokenInput{
	{Name: "demo", Role: koncern.AccessAdmin},
	{Name: "demo-finance", Role: koncern.AccessFinance},
	{Name: "demo-auditor", Role: koncern.AccessAuditor},
}

// demoIntro is what a person trying the demo needs from the start: a token
// for each role and the ids the README's tour refers to.
type demoIntro struct {
	tokens []koncern.IssuedToken
	sum    demo.Summary
}

// startDemo loads the demo and makes its tokens, one for each role a person
// would try it in, the administrator's first.
func startDemo(ctx context.Context, r *registry.Registry, stdout io.Writer) (*demoIntro, error) {
	sum, err := loadDemo(ctx, r, stdout)
	if err != nil {
		return nil, err
	}
	intro := &demoIntro{sum: sum}
	for _, in := range demoTokens {
		t, err := r.CreateToken(ctx, in)
		if err != nil {
			return nil, err
		}
		intro.tokens = append(intro.tokens, t)
	}
	return intro, nil
}

// printStart tells the person who started the server, last of all it
// prints, where the web application is, how to sign in, and where the logs
// go; with the demo, its tokens and the ids the README's tour uses.
func printStart(stdout io.Writer, addr net.Addr, intro *demoIntro, logFile string) {
	base := baseURL(addr)
	w := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintf(w, "\nKoncernregistret is at %s/ (the API at %s/api/v1, its docs at %s/docs).\n", base, base, base)
	if intro == nil {
		fmt.Fprintf(w, "Sign in at %s/login with an API token (koncern token create).\n", base)
	} else {
		fmt.Fprintf(w, "Sign in at %s/login with one of the demo's tokens, shown this once:\n", base)
		for _, t := range intro.tokens {
			fmt.Fprintf(w, "  %s\t(%s)\t%s\n", t.Name, t.Role, t.Secret)
		}
		s := intro.sum
		fmt.Fprintf(w, "For the README's curl tour, paste this into another terminal first:\n")
		fmt.Fprintf(w, "  export BASE=%s TOKEN=%s MUNI=%s HOLDING=%s STADSKONTORET=%s POST_ID=%s\n",
			base, intro.tokens[0].Secret, s.Municipality, s.HoldingCompany, s.CityOffice, s.TripleSteeredHeadPost)
	}
	if logFile == "" {
		logFile = "standard error"
	}
	fmt.Fprintf(w, "Logs (JSON, a line per request) go to %s. Stop the server with Ctrl-C.\n", logFile)
	w.Flush()
}

// baseURL is the address as a person types it: a server listening on every
// interface is reached as localhost.
func baseURL(addr net.Addr) string {
	host, port, err := net.SplitHostPort(addr.String())
	if err != nil {
		return "http://" + addr.String()
	}
	if ip := net.ParseIP(host); ip == nil || ip.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port)
}

// ceilingBody is what the ceiling route answers: about the size of one
// organisation as the API shows it.
var ceilingBody = []byte(`{"id":"01936b2e-6c2a-7c1e-9a4e-5f0d2b8c9e10","version":1,"created_at":"2026-01-01T00:00:00Z",` +
	`"updated_at":"2026-01-01T00:00:00Z","kind":"company","name":"Jönköpings Rådhus AB","org_number":"556000-0000",` +
	`"parent_id":"01936b2e-6c2a-7c1e-9a4e-5f0d2b8c9e11","total_shares":1000,"total_votes":1000,"staff_fte":null,` +
	`"valid_from":"2003-01-01","valid_to":null,"municipality_id":"01936b2e-6c2a-7c1e-9a4e-5f0d2b8c9e11"}`)

// serveCeiling serves the benchmark's bare route until stop is called.
func serveCeiling(ctx context.Context, addr string, log *slog.Logger) (stop func(), err error) {
	ln, err := listen("--ceiling-addr", addr)
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: handlers.Ceiling(ceilingBody), ReadHeaderTimeout: 10 * time.Second}
	go func() {
		if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
			log.Error("ceiling route", "err", err)
		}
	}()
	log.Info("serving the benchmark ceiling", "addr", ln.Addr().String())
	return func() { srv.Close() }, nil
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

// importFile imports a workbook or CSV file, as POST /api/v1/import does,
// and prints what it created or every problem it found.
func importFile(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	fs.SetOutput(stderr)
	db := fs.String("db", defaultDB(), "SQLite file path or postgres:// URL")
	dryRun := fs.Bool("dry-run", false, "check the file and report every problem without writing")
	kind := fs.String("kind", "", "the sheet a CSV file holds ("+strings.Join(importer.Sheets, ", ")+"); default: the file's name")
	// Flags may follow the file name too: koncern import groups.xlsx --dry-run.
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError("import: name the file to import")
	}
	path := fs.Arg(0)
	if err := fs.Parse(fs.Args()[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("import: unexpected argument %q", fs.Arg(0))
	}
	format, sheet, err := fileFormat(path, *kind)
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	r, err := open(ctx, *db)
	if err != nil {
		return err
	}
	defer r.DB().Close()
	v, err := koncern.NewValidator()
	if err != nil {
		return err
	}
	im := &importer.Importer{Registry: r, Validator: v}
	res, err := im.ImportFile(ctx, f, format, sheet, *dryRun)
	return reportImport(stdout, path, res, err)
}

// fileFormat tells XLSX from CSV by the extension; a CSV file's sheet is
// --kind, or else its name (organizations.csv).
func fileFormat(path, kind string) (importer.Format, string, error) {
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".xlsx":
		return importer.XLSX, "", nil
	case ".csv":
		if kind == "" {
			kind = strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		}
		if !slices.Contains(importer.Sheets, kind) {
			return "", "", fmt.Errorf("import: say which sheet %s holds with --kind, one of: %s", path, strings.Join(importer.Sheets, ", "))
		}
		return importer.CSV, kind, nil
	}
	return "", "", fmt.Errorf("import: %s is neither .xlsx nor .csv", path)
}

func reportImport(w io.Writer, path string, res importer.Result, err error) error {
	var ps importer.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			fmt.Fprintln(w, p)
		}
		return fmt.Errorf("import %s: %w", path, ps)
	} else if koncern.ErrorCode(err) == koncern.EINTERNAL {
		return fmt.Errorf("import %s: %w", path, err)
	} else if err != nil {
		return fmt.Errorf("import %s: %s", path, koncern.ErrorMessage(err))
	}
	verb := "imported"
	if res.DryRun {
		verb = "dry run, nothing written; would import"
	}
	fmt.Fprintf(w, "%s %s:\n", verb, path)
	for _, sheet := range importer.Sheets {
		c := res.Sheets[sheet]
		fmt.Fprintf(w, "  %-15s %4d created %4d unchanged\n", sheet, c.Created, c.Unchanged)
	}
	return nil
}

// verifyChain reports the audit chain ok with its length, or an error
// naming the first broken link.
func verifyChain(ctx context.Context, r *registry.Registry, stdout io.Writer) error {
	return verifyChainAgainst(ctx, r, nil, stdout)
}
