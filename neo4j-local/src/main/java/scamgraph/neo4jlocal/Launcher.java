package scamgraph.neo4jlocal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingValueParsers;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.config.Setting;
import org.neo4j.kernel.internal.Version;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Runs a real Neo4j Community DBMS (embedded builder, own JVM) with Bolt on 127.0.0.1.
 *
 * <p>Configuration: command-line flags win over environment variables, which win over defaults.
 * <pre>
 *   --bolt-port=N     NEO4J_BOLT_PORT   (7687)
 *   --data-dir=DIR    NEO4J_DATA_DIR    (./.data/neo4j)  used as the Neo4j home: data/, logs/
 *   --password=PW     NEO4J_PASSWORD    (scamgraph-dev)  password of user neo4j, >= 8 chars
 *   --pagecache=SIZE  NEO4J_PAGECACHE   (512m)
 * </pre>
 * Prefer the environment for the password (flags show up in ps). Prints
 * {@code scamgraph-neo4j: bolt ready on 127.0.0.1:PORT (Neo4j VERSION)} once the DBMS is up, and
 * shuts down cleanly on SIGTERM/SIGINT.
 */
public final class Launcher {
    static final String TAG = "scamgraph-neo4j: ";
    static final String HOST = "127.0.0.1";
    static final String USER = "neo4j";

    private Launcher() {}

    public static void main(String[] args) {
        Map<String, String> flags = parseFlags(args);
        int port;
        Path home;
        String password;
        long pagecache;
        try {
            port = Integer.parseInt(opt(flags, "bolt-port", "NEO4J_BOLT_PORT", "7687"));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("bolt port out of range: " + port);
            }
            home = Path.of(opt(flags, "data-dir", "NEO4J_DATA_DIR", ".data/neo4j")).toAbsolutePath().normalize();
            password = opt(flags, "password", "NEO4J_PASSWORD", "scamgraph-dev");
            if (password.length() < 8) {
                throw new IllegalArgumentException("password must have at least 8 characters (Neo4j's minimum)");
            }
            String user = opt(flags, "user", "NEO4J_USER", USER);
            if (!USER.equals(user)) {
                throw new IllegalArgumentException("only user 'neo4j' is supported (Community Edition), got '" + user + "'");
            }
            pagecache = SettingValueParsers.BYTES.parse(opt(flags, "pagecache", "NEO4J_PAGECACHE", "512m"));
            Files.createDirectories(home);
        } catch (Exception e) {
            System.err.println(TAG + "bad configuration: " + e.getMessage());
            System.exit(2);
            return;
        }

        String version = Version.getNeo4jVersion();
        say("starting Neo4j " + version + " (home " + home + ", bolt " + HOST + ":" + port
                + ", pagecache " + pagecache / (1024 * 1024) + "m, heap max "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + "m)");

        SocketAddress bolt = new SocketAddress(HOST, port);
        Map<Setting<?>, Object> cfg = new HashMap<>();
        cfg.put(BoltConnector.enabled, true);
        cfg.put(BoltConnector.listen_address, bolt);
        cfg.put(BoltConnector.advertised_address, bolt);
        cfg.put(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED);
        cfg.put(HttpConnector.enabled, false);
        cfg.put(HttpsConnector.enabled, false);
        cfg.put(GraphDatabaseSettings.default_listen_address, new SocketAddress(HOST));
        cfg.put(GraphDatabaseSettings.default_advertised_address, new SocketAddress(HOST));
        cfg.put(GraphDatabaseSettings.auth_enabled, true);
        cfg.put(GraphDatabaseSettings.pagecache_memory, pagecache);
        cfg.put(GraphDatabaseSettings.preallocate_logical_logs, false);
        cfg.put(GraphDatabaseSettings.udc_enabled, false); // dbms.usage_report.enabled
        cfg.put(GraphDatabaseSettings.routing_enabled, false); // single instance: no :7688

        Log4jLogProvider userLog = new Log4jLogProvider(System.out);
        AtomicBoolean stopping = new AtomicBoolean(false);
        CountDownLatch stopped = new CountDownLatch(1);
        DatabaseManagementService dbms;
        long t0 = System.nanoTime();
        try {
            dbms = new DatabaseManagementServiceBuilder(home)
                    .setConfig(cfg)
                    .setUserLogProvider(userLog)
                    .build();
        } catch (Throwable e) {
            System.err.println(TAG + "start-up failed: " + e);
            e.printStackTrace();
            System.err.flush();
            System.exit(1);
            return;
        }

        final DatabaseManagementService service = dbms;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (stopping.compareAndSet(false, true)) {
                say("shutting down");
                try {
                    service.shutdown();
                    say("stopped");
                } catch (Throwable e) {
                    System.err.println(TAG + "shutdown error: " + e);
                } finally {
                    userLog.close();
                    stopped.countDown();
                }
            }
        }, "scamgraph-neo4j-shutdown"));

        try {
            GraphDatabaseService system = dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
            GraphDatabaseService neo4j = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
            if (!system.isAvailable(Duration.ofMinutes(2).toMillis())
                    || !neo4j.isAvailable(Duration.ofMinutes(2).toMillis())) {
                throw new IllegalStateException("databases not available after 2 minutes");
            }
            ensurePassword(system, password);
        } catch (Throwable e) {
            System.err.println(TAG + "start-up failed: " + e);
            e.printStackTrace();
            System.err.flush();
            System.exit(1); // runs the shutdown hook
            return;
        }

        long ms = (System.nanoTime() - t0) / 1_000_000;
        say("bolt ready on " + HOST + ":" + port + " (Neo4j " + version + ") after " + ms + " ms");

        // Keep the JVM alive until the shutdown hook has run (SIGTERM/SIGINT).
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Makes the configured password the one of user neo4j. A fresh store has neo4j/neo4j with a
     * forced change: set it then. On an existing store the stored password may already be the
     * configured one (Neo4j refuses setting the same password again: that is fine) or an older
     * one (then it is replaced, so changing NEO4J_PASSWORD takes effect on the next start).
     */
    static void ensurePassword(GraphDatabaseService system, String password) {
        Boolean changeRequired = system.executeTransactionally(
                "SHOW USERS YIELD user, passwordChangeRequired WHERE user = $u RETURN passwordChangeRequired",
                Map.of("u", USER),
                r -> r.hasNext() ? (Boolean) r.next().get("passwordChangeRequired") : null);
        if (changeRequired == null) {
            say("user neo4j missing: creating it");
            system.executeTransactionally(
                    "CREATE USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
            return;
        }
        try {
            system.executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
            say(changeRequired
                    ? "initial password of user neo4j set"
                    : "password of user neo4j replaced by the configured one");
        } catch (RuntimeException e) {
            String msg = String.valueOf(e.getMessage()) + " " + (e.getCause() == null ? "" : e.getCause().getMessage());
            if (!changeRequired && msg.toLowerCase().contains("same")) {
                say("password of user neo4j already set");
                return;
            }
            throw e;
        }
    }

    private static Map<String, String> parseFlags(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (String a : args) {
            if (a.startsWith("--") && a.contains("=")) {
                int i = a.indexOf('=');
                m.put(a.substring(2, i), a.substring(i + 1));
            } else if (List.of("-h", "--help").contains(a)) {
                System.out.println("usage: Launcher [--bolt-port=N] [--data-dir=DIR] [--password=PW] [--pagecache=SIZE]\n"
                        + "  env: NEO4J_BOLT_PORT NEO4J_DATA_DIR NEO4J_PASSWORD NEO4J_PAGECACHE NEO4J_USER");
                System.exit(0);
            } else {
                System.err.println(TAG + "unknown argument: " + a);
                System.exit(2);
            }
        }
        return m;
    }

    private static String opt(Map<String, String> flags, String flag, String env, String def) {
        String v = flags.get(flag);
        if (v == null || v.isEmpty()) {
            v = System.getenv(env);
        }
        return v == null || v.isEmpty() ? def : v;
    }

    static void say(String line) {
        System.out.println(TAG + line);
        System.out.flush();
    }
}
