// Command scamgraph is the one binary: `serve` runs the API, `demo` loads
// the fictional demo case. Configuration comes from environment variables
// (see README, "Configuration").
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
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

commands:
  serve [--demo]   serve the GraphQL API (and GraphiQL in dev mode); --demo loads the demo case
  import [--case ID] [--format json|csv|ftm] [--dry-run] [--strict] [--json] [--by NAME] FILE...
                   import case files (see docs/formats.md); exit 0 all imported, 1 rows rejected,
                   2 a file rejected as a whole, 3 could not run
  demo             load the fictional demo case into Neo4j and exit
  seed [--scale N] [--seed S]
                   load a deterministic synthetic network of about N nodes through the importer
  keys new --id ID --role VIEWER|ANALYST|IMPORTER|ADMIN --cases A,B|'*'
                   make an API key: prints the key once and the line for SCAMGRAPH_KEYS_FILE
  audit verify [--dir DIR] | audit tail [--dir DIR] [-n N]
                   check the audit log's hash chain (exit 0 intact, 1 broken) or print its end
`

func main() {
	if len(os.Args) < 2 {
		fmt.Fprint(os.Stderr, usage)
		os.Exit(3)
	}
	logger := slog.New(slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch os.Args[1] {
	case "serve":
		err = serve(ctx, logger, os.Args[2:])
	case "demo":
		err = loadDemo(ctx, logger)
	case "import":
		os.Exit(runImport(ctx, os.Args[2:], os.Stdout, os.Stderr))
	case "seed":
		os.Exit(runSeed(ctx, os.Args[2:], os.Stdout, os.Stderr))
	case "keys":
		os.Exit(runKeys(os.Args[2:], os.Stdout, os.Stderr))
	case "audit":
		os.Exit(runAudit(os.Args[2:], os.Stdout, os.Stderr))
	case "export":
		os.Exit(runExport(ctx, os.Args[2:], os.Stdout, os.Stderr))
	case "backup":
		os.Exit(runBackup(ctx, os.Args[2:], os.Stdout, os.Stderr))
	case "restore":
		os.Exit(runRestore(ctx, os.Args[2:], os.Stdout, os.Stderr))
	case "-h", "--help", "help":
		fmt.Print(usage)
		return
	default:
		fmt.Fprintf(os.Stderr, "unknown command %q\n%s", os.Args[1], usage)
		os.Exit(3)
	}
	if err != nil {
		logger.Error("scamgraph failed", "error", err)
		os.Exit(1)
	}
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

func loadDemo(ctx context.Context, logger *slog.Logger) error {
	store, _, err := openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close(context.Background())
	rep, err := demo.Load(ctx, store)
	if rep != nil {
		rep.WriteText(os.Stdout)
	}
	return err
}
