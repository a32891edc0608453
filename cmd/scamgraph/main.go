// Command scamgraph is the one binary: `serve` runs the API, `demo` loads
// the fictional demo case. Configuration comes from environment variables
// (see README, "Configuration").
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/scamgraph/scamgraph/audit"
	"github.com/scamgraph/scamgraph/auth"
	"github.com/scamgraph/scamgraph/demo"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
	"github.com/scamgraph/scamgraph/server"
)

const usage = `usage: scamgraph <command> [flags]
       scamgraph help <command> | <command> --help | version

commands:
  serve [--demo]   serve the GraphQL API (and GraphiQL in dev mode); --demo loads the demo case
  import [--case ID] [--format json|csv|ftm] [--dry-run] [--strict] [--json] [--by NAME] FILE...
                   import case files: JSON, CSV sheets, .xlsx workbooks, FtM (see docs/formats.md);
                   exit 0 all imported, 1 rows rejected, 2 a file rejected as a whole, 3 could not run
  template [--xlsx] DIR
                   write empty sheets (or an .xlsx workbook) to fill in: headers, an example, accepted values
  export --case ID [--out FILE]
                   write one case as a JSON case file (imports back as the same graph)
  backup DIR | restore [--force] DIR
                   every case, the audit log and a manifest of hashes; load them back
  demo             load the fictional demo case into Neo4j and exit
  seed [--scale N] [--seed S]
                   load a deterministic synthetic network of about N nodes through the importer
  keys new --id ID --role VIEWER|ANALYST|IMPORTER|ADMIN --cases A,B|'*'
                   make an API key: prints the key once and the line for SCAMGRAPH_KEYS_FILE
  audit verify [--dir DIR] | audit tail [--dir DIR] [-n N]
                   check the audit log's hash chain (exit 0 intact, 1 broken) or print its end
  version          print the version, the commit it was built from and the Go version
  help [COMMAND]   this text, or a command's (also: COMMAND --help)

Configuration comes from the environment (NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD, ...):
see the README, "Configuration".
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run is the binary with its arguments (without the program name); it
// returns the exit code. Help and the version are answered here, before
// any command runs, so that `scamgraph demo --help` reads no
// configuration and opens no connection.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 3
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "-h", "--help", "-help", "help":
		if len(rest) == 0 {
			fmt.Fprint(stdout, usage)
			return 0
		}
		if !printHelp(stdout, rest[0]) {
			fmt.Fprintf(stderr, "unknown command %q\n%s", rest[0], usage)
			return 3
		}
		return 0
	case "version", "--version", "-version":
		if wantsHelp(rest) {
			printHelp(stdout, "version")
			return 0
		}
		writeVersion(stdout)
		return 0
	}
	if wantsHelp(rest) {
		if printHelp(stdout, cmd) {
			return 0
		}
	}
	logger := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	var err error
	switch cmd {
	case "serve":
		err = serve(ctx, logger, rest)
	case "demo":
		if len(rest) > 0 {
			fmt.Fprintf(stderr, "demo: unexpected argument %q\n%s", rest[0], demoUsage)
			return 3
		}
		err = loadDemo(ctx, stdout)
	case "import":
		return runImport(ctx, rest, stdout, stderr)
	case "seed":
		return runSeed(ctx, rest, stdout, stderr)
	case "keys":
		return runKeys(rest, stdout, stderr)
	case "audit":
		return runAudit(rest, stdout, stderr)
	case "export":
		return runExport(ctx, rest, stdout, stderr)
	case "template":
		return runTemplate(rest, stdout, stderr)
	case "backup":
		return runBackup(ctx, rest, stdout, stderr)
	case "restore":
		return runRestore(ctx, rest, stdout, stderr)
	default:
		fmt.Fprintf(stderr, "unknown command %q\n%s", cmd, usage)
		return 3
	}
	if err != nil {
		logger.Error("scamgraph failed", "error", err)
		return 1
	}
	return 0
}

// defaultTxTimeout bounds a transaction of the API. Bulk commands (import,
// seed) write batches of thousands of rows and set a longer one.
var defaultTxTimeout = "15s"

// config is read from the environment, with the defaults of a local setup.
type config struct {
	store neo4jstore.Config
	addr  string
	dev   bool
}

func env(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

func readConfig() (config, error) {
	c := config{
		store: neo4jstore.Config{
			URI:      env("NEO4J_URI", "bolt://127.0.0.1:7687"),
			User:     env("NEO4J_USER", "neo4j"),
			Password: env("NEO4J_PASSWORD", "scamgraph-dev"),
			Database: env("NEO4J_DATABASE", "neo4j"),
		},
		addr: env("SCAMGRAPH_ADDR", "127.0.0.1:8080"),
		dev:  os.Getenv("SCAMGRAPH_DEV") == "1",
	}
	timeout, err := time.ParseDuration(env("SCAMGRAPH_TX_TIMEOUT", defaultTxTimeout))
	if err != nil || timeout <= 0 {
		return c, fmt.Errorf("SCAMGRAPH_TX_TIMEOUT: want a duration such as 15s")
	}
	c.store.TxTimeout = timeout
	return c, nil
}

func serve(ctx context.Context, logger *slog.Logger, args []string) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	withDemo := fs.Bool("demo", false, "load the fictional demo case at start-up (idempotent)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := readConfig()
	if err != nil {
		return err
	}
	metrics := server.NewMetrics()
	if err := metrics.KnownOperations(server.MetricsOperationsFromEnv()...); err != nil {
		return err
	}
	cursorKey, source, err := neo4jstore.CursorKeyFromEnv()
	if err != nil {
		return err
	}
	if cursorKey == nil {
		// graph made a random key at start: fine for one development
		// process, but cursors fail after a restart and across replicas.
		logger.Warn("list cursors are sealed with a key generated at start-up: they fail after a restart and between replicas; set " +
			neo4jstore.EnvCursorKeyFile + " (or " + neo4jstore.EnvCursorKey + ") to a secret of at least 32 bytes shared by every replica")
	} else {
		if err := neo4jstore.SetCursorKey(cursorKey); err != nil {
			return err
		}
		logger.Info("list cursor key", "source", source)
	}
	store, err := neo4jstore.Open(cfg.store, metrics.ObserveQuery)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())

	var demoLoader func(context.Context) error
	if *withDemo {
		demoLoader = func(ctx context.Context) error {
			rep, err := demo.Load(ctx, store)
			if err == nil {
				created, updated, unchanged := demo.Totals(rep)
				logger.Info("demo case loaded", "case", demo.CaseID, "created", created, "updated", updated, "unchanged", unchanged)
			}
			return err
		}
	}
	ready := &server.Readiness{}
	go ready.Run(ctx, logger, server.Prepare(store, demoLoader))

	if cfg.dev {
		logger.Warn("DEVELOPMENT MODE: authentication is off, every case is visible, introspection and GraphiQL are on (SCAMGRAPH_DEV=1)")
	}
	authCfg, err := auth.FromEnv()
	if err != nil {
		return err
	}
	authn, err := auth.New(authCfg)
	if err != nil {
		return err
	}
	if authn.Keys() != nil {
		authn.Keys().WatchSIGHUP(ctx, logger)
	}
	auditOpts, err := audit.OptionsFromEnv()
	if err != nil {
		return err
	}
	auditOpts.Logger = logger
	auditLog, err := audit.Open(audit.DirFromEnv(), auditOpts)
	if err != nil {
		return fmt.Errorf("opening the audit log: %w", err)
	}
	defer auditLog.Close()
	perSecond, burst, err := server.RateLimitFromEnv()
	if err != nil {
		return err
	}
	origins, err := server.CORSFromEnv()
	if err != nil {
		return err
	}
	srv := &http.Server{
		Addr: cfg.addr,
		Handler: server.New(store, ready, metrics, logger, server.Options{Dev: cfg.dev, Auth: authn, Audit: auditLog, AuditDir: audit.DirFromEnv(),
			RateLimiter: server.NewRateLimiter(perSecond, burst, 0), CORSOrigins: origins}),
		ReadHeaderTimeout: 10 * time.Second,
		// A JSON request's body; an upload sets its own read deadline.
		ReadTimeout: 60 * time.Second,
		// Longer than an export may take (the handler's own deadline), so
		// that the server never cuts an answer the audit records as
		// served; an upload extends it to its own timeout.
		WriteTimeout: server.WriteTimeout(0),
		IdleTimeout:  120 * time.Second,
	}
	errc := make(chan error, 1)
	if debugAddr := os.Getenv("SCAMGRAPH_DEBUG_ADDR"); debugAddr != "" {
		if err := server.CheckDebugAddr(debugAddr); err != nil {
			return err
		}
		dbg := server.NewDebugServer(debugAddr)
		defer dbg.Close()
		go func() {
			if err := dbg.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
				errc <- fmt.Errorf("profiling listener %s: %w", debugAddr, err)
			}
		}()
		logger.Info("profiling listener", "addr", "http://"+debugAddr+"/debug/pprof/")
	}
	go func() { errc <- srv.ListenAndServe() }()
	logger.Info("serving", "addr", "http://"+cfg.addr+"/", "graphql", "http://"+cfg.addr+"/graphql", "neo4j", cfg.store.URI, "dev", cfg.dev)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func loadDemo(ctx context.Context, stdout io.Writer) error {
	store, _, err := openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	rep, err := demo.Load(ctx, store)
	if rep != nil {
		rep.WriteText(stdout)
	}
	return err
}
