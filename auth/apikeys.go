package auth

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
)

// API keys are for scripts and services (bulk importers, report jobs)
// that cannot do an interactive login.
//
// The keys file (SCAMGRAPH_KEYS_FILE) is JSON lines: one JSON object per
// line, so issuing a key is appending the line `scamgraph keys new`
// prints, and revoking one is deleting its line. Blank lines and lines
// starting with # (comments: who holds the key, when it was issued) are
// skipped. Each object is
//
//	{"id": "nca-analyst-1", "role": "ANALYST", "cases": ["KH-NCA-2026-0142"], "sha256": "<64 hex digits>"}
//
// with "cases": "*" for every case. Unknown fields are refused, so a typo
// such as "case" is an error rather than a key with no compartments.
//
// The file holds only the SHA-256 of each key, never the key. A key is 32
// random bytes (256 bits), so a single fast hash is enough: salts and slow
// hashes (bcrypt, argon2) protect low-entropy passwords from guessing, and
// nobody can guess a 256-bit random secret, hashed or not. A fast hash
// also keeps every request cheap.

// KeyPrefix starts every API key. It tells keys from JWTs in an
// Authorization header and lets secret scanners recognise leaked keys.
const KeyPrefix = "sgk_"

// NewKey makes a new API key and the hex SHA-256 that goes into the keys
// file. The key is shown once to whoever issues it and stored nowhere.
func NewKey() (key, sha256hex string, err error) {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", "", fmt.Errorf("making a key: %w", err)
	}
	key = KeyPrefix + base64.RawURLEncoding.EncodeToString(b[:])
	return key, HashKey(key), nil
}

// HashKey is the hex SHA-256 of the whole key, prefix included: the value
// of "sha256" in the keys file.
func HashKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}

// KeyEntry is one line of the keys file.
type KeyEntry struct {
	ID       string
	Role     Role
	AllCases bool     // "cases": "*"
	Cases    []string // otherwise
	SHA256   string   // hex SHA-256 of the key, lower case
}

// keyLine is the JSON shape of a KeyEntry.
type keyLine struct {
	ID     string          `json:"id"`
	Role   string          `json:"role"`
	Cases  json.RawMessage `json:"cases"`
	SHA256 string          `json:"sha256"`
}

// MarshalJSON writes the entry as a keys file line (without newline).
func (e KeyEntry) MarshalJSON() ([]byte, error) {
	var cases any = e.Cases
	if e.AllCases {
		cases = "*"
	}
	raw, err := json.Marshal(cases)
	if err != nil {
		return nil, err
	}
	return json.Marshal(keyLine{ID: e.ID, Role: string(e.Role), Cases: raw, SHA256: e.SHA256})
}

// UnmarshalJSON reads and validates one keys file line. Its errors name the
// field at fault but never repeat the hash.
func (e *KeyEntry) UnmarshalJSON(b []byte) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var l keyLine
	if err := dec.Decode(&l); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("more than one JSON value")
	}
	role, err := ParseRole(l.Role)
	if err != nil {
		return err
	}
	all, cases, err := parseCases(l.Cases)
	if err != nil {
		return err
	}
	*e = KeyEntry{ID: l.ID, Role: role, AllCases: all, Cases: cases, SHA256: strings.ToLower(l.SHA256)}
	return e.Validate()
}

// Validate checks an entry as Load does.
func (e KeyEntry) Validate() error {
	if e.ID == "" || len(e.ID) > 128 || strings.TrimSpace(e.ID) != e.ID || strings.ContainsAny(e.ID, "\n\r\t") {
		return errors.New("id: want a non-empty name without surrounding spaces, at most 128 bytes")
	}
	if _, err := ParseRole(string(e.Role)); err != nil {
		return err
	}
	if !e.AllCases && len(e.Cases) == 0 {
		return errors.New(`cases: empty; give case ids or "*" for all cases`)
	}
	if b, err := hex.DecodeString(e.SHA256); err != nil || len(b) != sha256.Size {
		return errors.New("sha256: want 64 hex digits, the SHA-256 of the key (never the key itself)")
	}
	return nil
}

// storedKey is a loaded entry with its hash decoded for comparison.
type storedKey struct {
	entry KeyEntry
	hash  [sha256.Size]byte
}

// keySet is one loaded version of the keys file; it is never modified, so
// lookups need no lock.
type keySet struct {
	path string
	keys []storedKey
}

// KeyStore holds the keys of the keys file. It is safe for concurrent use:
// lookups read an immutable snapshot, and Load/Reload swap in a new one
// only when the whole file is valid, so a broken edit never locks everyone
// out or lets half a file through. The zero KeyStore knows no keys.
type KeyStore struct {
	mu  sync.Mutex // serialises Load and Reload
	set atomic.Pointer[keySet]
}

// LoadKeyStore returns a KeyStore with the keys of the file at path.
func LoadKeyStore(path string) (*KeyStore, error) {
	s := &KeyStore{}
	return s, s.Load(path)
}

// Load reads the keys file at path and, if it is valid, replaces the keys
// and remembers path for Reload. If it is not, the keys loaded before stay.
func (s *KeyStore) Load(path string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	set, err := readKeys(path)
	if err != nil {
		return err
	}
	s.set.Store(set)
	return nil
}

// Reload reads the keys file again, as Load does.
func (s *KeyStore) Reload() error {
	old := s.set.Load()
	if old == nil {
		return errors.New("keys file: none loaded, nothing to reload")
	}
	return s.Load(old.path)
}

// Len is the number of keys loaded.
func (s *KeyStore) Len() int {
	if set := s.set.Load(); set != nil {
		return len(set.keys)
	}
	return 0
}

// Lookup returns the principal of key. Every entry is compared in constant
// time and the loop does not stop at a match, so response times say
// nothing about which key, or how much of a hash, matched.
func (s *KeyStore) Lookup(key string) (Principal, bool) {
	set := s.set.Load()
	if set == nil || key == "" {
		return Principal{}, false
	}
	sum := sha256.Sum256([]byte(key))
	match := -1
	for i := range set.keys {
		if subtle.ConstantTimeCompare(sum[:], set.keys[i].hash[:]) == 1 {
			match = i
		}
	}
	if match < 0 {
		return Principal{}, false
	}
	e := set.keys[match].entry
	return Principal{ID: e.ID, Role: e.Role, AllCases: e.AllCases, Cases: slices.Clone(e.Cases), Method: MethodAPIKey}, true
}

// WatchSIGHUP reloads the keys file whenever the process gets SIGHUP, so
// keys are issued and revoked without a restart, until ctx is done. It
// returns once the signal handler is installed (sending SIGHUP earlier
// would kill the process) and reloads in the background, logging the
// outcome; a broken file is logged and the previous keys stay in force.
func (s *KeyStore) WatchSIGHUP(ctx context.Context, logger *slog.Logger) {
	if logger == nil {
		logger = slog.Default()
	}
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	go func() {
		defer signal.Stop(hup)
		for {
			select {
			case <-ctx.Done():
				return
			case <-hup:
				if err := s.Reload(); err != nil {
					logger.Error("keys file not reloaded, the previous keys stay in force", "error", err, "keys", s.Len())
					continue
				}
				logger.Info("keys file reloaded", "file", s.set.Load().path, "keys", s.Len())
			}
		}
	}()
}

// readKeys parses a whole keys file. Errors name the file and line, and the
// entry's id when it has one, never a hash.
func readKeys(path string) (*keySet, error) {
	if path == "" {
		return nil, errors.New("keys file: no path given")
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("keys file: %w", err)
	}
	set := &keySet{path: path}
	ids := map[string]int{}
	hashes := map[[sha256.Size]byte]int{}
	for n, line := range strings.Split(string(data), "\n") {
		n++ // lines count from 1
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		var e KeyEntry
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			return nil, fmt.Errorf("keys file %s line %d: %v", path, n, cleanJSONError(err))
		}
		if prev, dup := ids[e.ID]; dup {
			return nil, fmt.Errorf("keys file %s line %d: id %q already used on line %d", path, n, e.ID, prev)
		}
		var k storedKey
		k.entry = e
		hex.Decode(k.hash[:], []byte(e.SHA256)) // validated by UnmarshalJSON
		if prev, dup := hashes[k.hash]; dup {
			return nil, fmt.Errorf("keys file %s line %d (id %q): same key as line %d", path, n, e.ID, prev)
		}
		ids[e.ID], hashes[k.hash] = n, n
		set.keys = append(set.keys, k)
	}
	return set, nil
}

// cleanJSONError drops the "json: " noise and the Go type names of
// encoding/json errors, which mean nothing to whoever edits the file.
func cleanJSONError(err error) string {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return fmt.Sprintf("%s: wrong type (%s)", typeErr.Field, typeErr.Value)
	}
	var syntaxErr *json.SyntaxError
	if errors.As(err, &syntaxErr) {
		return "not a JSON object: " + syntaxErr.Error()
	}
	return strings.TrimPrefix(err.Error(), "json: ")
}
