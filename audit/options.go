package audit

import (
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"strings"
	"time"
)

// Environment variables read by DirFromEnv and OptionsFromEnv.
const (
	EnvDir         = "SCAMGRAPH_AUDIT_DIR"           // folder of the log (default DefaultDir)
	EnvHMACKey     = "SCAMGRAPH_AUDIT_HMAC_KEY"      // the HMAC key itself (its bytes, at least MinKeyBytes)
	EnvHMACKeyFile = "SCAMGRAPH_AUDIT_HMAC_KEY_FILE" // or a file holding it (trailing whitespace trimmed)
	EnvSyncEvery   = "SCAMGRAPH_AUDIT_SYNC_EVERY"    // Options.SyncEvery, a duration; 0 = every record
	EnvMaxBytes    = "SCAMGRAPH_AUDIT_MAX_BYTES"     // Options.MaxBytes, bytes; 0 = no size limit
	EnvMaxAge      = "SCAMGRAPH_AUDIT_MAX_AGE"       // Options.MaxAge, a duration; 0 = no age limit
	EnvMaxFiles    = "SCAMGRAPH_AUDIT_MAX_FILES"     // Options.MaxFiles; 0 = keep every file
)

// DefaultDir is the log folder when SCAMGRAPH_AUDIT_DIR is unset, relative
// to the working directory like the rest of the local data.
const DefaultDir = ".data/audit"

// Defaults of OptionsFromEnv. Retention is off by default: deleting audit
// records is a legal decision for whoever runs the service, not ours.
const (
	DefaultMaxBytes = 64 << 20
	DefaultMaxAge   = 24 * time.Hour
)

// Options configure a Log. The zero value syncs every record, never rotates
// and never deletes, with a random HMAC key.
type Options struct {
	// SyncEvery is 0 to fsync before Write returns (concurrent writes
	// share one fsync: group commit), or the longest time a written record may wait for
	// its fsync; records written but not yet synced are lost in a power
	// cut, not in a crash of the process.
	SyncEvery time.Duration
	// MaxBytes starts a new file when the next record would make the
	// current one larger; 0 for no limit.
	MaxBytes int64
	// MaxAge starts a new file, at the next record, when the current one
	// is older; 0 for no limit.
	MaxAge time.Duration
	// MaxFiles deletes the oldest files at rotation so that at most this
	// many remain; 0 keeps every file.
	MaxFiles int
	// HMACKey keys VariablesHMAC; nil to generate a random key at Open
	// (HMACs then cannot be compared across restarts).
	HMACKey []byte
	// HMACKeySource says where HMACKey came from, for the log ("env
	// SCAMGRAPH_AUDIT_HMAC_KEY", "file /etc/…").
	HMACKeySource string
	// Logger receives warnings (repairs, generated key) and the chain head;
	// nil for slog.Default().
	Logger *slog.Logger

	// now is the clock; tests replace it to rotate by age.
	now func() time.Time
	// syncFile replaces (*os.File).Sync, so tests can slow or fail it.
	syncFile func(*os.File) error
	// afterSync is told, with the Log's lock held, the seq every record
	// up to which is durable after each successful fsync.
	afterSync func(durable uint64)
}

// DirFromEnv returns SCAMGRAPH_AUDIT_DIR, or DefaultDir.
func DirFromEnv() string {
	if d := os.Getenv(EnvDir); d != "" {
		return d
	}
	return DefaultDir
}

// OptionsFromEnv reads the Options from the SCAMGRAPH_AUDIT_* variables
// (see the Env* constants), with DefaultMaxBytes and DefaultMaxAge when
// they are unset.
func OptionsFromEnv() (Options, error) {
	opts := Options{MaxBytes: DefaultMaxBytes, MaxAge: DefaultMaxAge}
	var err error
	if opts.SyncEvery, err = envDuration(EnvSyncEvery, 0); err != nil {
		return opts, err
	}
	if opts.MaxAge, err = envDuration(EnvMaxAge, opts.MaxAge); err != nil {
		return opts, err
	}
	maxBytes, err := envInt(EnvMaxBytes, opts.MaxBytes)
	if err != nil {
		return opts, err
	}
	opts.MaxBytes = maxBytes
	maxFiles, err := envInt(EnvMaxFiles, 0)
	if err != nil {
		return opts, err
	}
	opts.MaxFiles = int(maxFiles)
	opts.HMACKey, opts.HMACKeySource, err = keyFromEnv()
	return opts, err
}

// keyFromEnv reads the HMAC key from SCAMGRAPH_AUDIT_HMAC_KEY or the file
// named by SCAMGRAPH_AUDIT_HMAC_KEY_FILE; nil when neither is set.
func keyFromEnv() ([]byte, string, error) {
	val, file := os.Getenv(EnvHMACKey), os.Getenv(EnvHMACKeyFile)
	var key []byte
	var source string
	switch {
	case val != "" && file != "":
		return nil, "", fmt.Errorf("%s and %s are both set: set one", EnvHMACKey, EnvHMACKeyFile)
	case val != "":
		key, source = []byte(val), "env "+EnvHMACKey
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", EnvHMACKeyFile, err)
		}
		if fi, err := os.Stat(file); err == nil && fi.Mode().Perm()&0o077 != 0 {
			slog.Default().Warn("the audit HMAC key file is readable by others than its owner", "file", file, "mode", fi.Mode().Perm().String())
		}
		key, source = []byte(strings.TrimRight(string(b), " \t\r\n")), "file "+file
	default:
		return nil, "", nil
	}
	if len(key) < MinKeyBytes {
		return nil, "", fmt.Errorf("audit HMAC key from %s is %d bytes, want at least %d (e.g. `openssl rand -hex 32`)", source, len(key), MinKeyBytes)
	}
	return key, source, nil
}

func envDuration(name string, def time.Duration) (time.Duration, error) {
	v := os.Getenv(name)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("%s=%q: want a duration such as 1s or 24h (0 to disable)", name, v)
	}
	return d, nil
}

func envInt(name string, def int64) (int64, error) {
	v := os.Getenv(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 0 {
		return 0, fmt.Errorf("%s=%q: want a whole number ≥ 0 (0 to disable)", name, v)
	}
	return n, nil
}
