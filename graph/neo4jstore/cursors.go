package neo4jstore

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"sync/atomic"

	"github.com/scamgraph/scamgraph/graph"
)

// Cursors are sealed (AES-GCM): the sort key is the stored name, which may
// be a value the reader's cases did not give or a victim's withheld name,
// so a cursor must not be readable, nor forgeable. The key comes from
// configuration (SCAMGRAPH_CURSOR_KEY or SCAMGRAPH_CURSOR_KEY_FILE), so
// that cursors survive a restart and work across replicas; without it a
// key is generated per process (development). A cursor is bound to its
// list: the label, order and filter are the AEAD's additional data, so a
// cursor of one list is refused by another.

// Environment variables of the cursor key.
const (
	EnvCursorKey     = "SCAMGRAPH_CURSOR_KEY"
	EnvCursorKeyFile = "SCAMGRAPH_CURSOR_KEY_FILE"
	// MinCursorKeyBytes is the shortest key accepted.
	MinCursorKeyBytes = 32
)

var cursorAEADp atomic.Pointer[cipher.AEAD]

func init() {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		panic(err)
	}
	if err := SetCursorKey(key); err != nil {
		panic(err)
	}
}

// SetCursorKey seals cursors with key from now on (at least
// MinCursorKeyBytes; the AES key is derived from it). Cursors sealed with
// another key are refused.
func SetCursorKey(key []byte) error {
	if len(key) < MinCursorKeyBytes {
		return fmt.Errorf("the cursor key is %d bytes, want at least %d (e.g. `openssl rand -hex 32`)", len(key), MinCursorKeyBytes)
	}
	k := sha256.Sum256(append([]byte("scamgraph cursor key v1\x00"), key...))
	block, err := aes.NewCipher(k[:])
	if err != nil {
		return err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return err
	}
	cursorAEADp.Store(&aead)
	return nil
}

// CursorKeyFromEnv reads the cursor key from SCAMGRAPH_CURSOR_KEY or the
// file named by SCAMGRAPH_CURSOR_KEY_FILE (trailing whitespace trimmed);
// nil and no error when neither is set.
func CursorKeyFromEnv() (key []byte, source string, err error) {
	val, file := os.Getenv(EnvCursorKey), os.Getenv(EnvCursorKeyFile)
	switch {
	case val != "" && file != "":
		return nil, "", fmt.Errorf("%s and %s are both set: set one", EnvCursorKey, EnvCursorKeyFile)
	case val != "":
		key, source = []byte(val), "env "+EnvCursorKey
	case file != "":
		b, err := os.ReadFile(file)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %w", EnvCursorKeyFile, err)
		}
		key, source = []byte(strings.TrimRight(string(b), " \t\r\n")), "file "+file
	default:
		return nil, "", nil
	}
	if len(key) < MinCursorKeyBytes {
		return nil, "", fmt.Errorf("cursor key from %s is %d bytes, want at least %d (e.g. `openssl rand -hex 32`)", source, len(key), MinCursorKeyBytes)
	}
	return key, source, nil
}

// cursorBinding is what a cursor is bound to: the list's label, order and
// filter. Another list, or the same list filtered or ordered otherwise,
// refuses it.
func cursorBinding(q graph.ListQuery) []byte {
	b, _ := json.Marshal(struct {
		Label  string
		Filter graph.ListFilter
		Order  graph.SortOrder
	}{string(q.Label), q.Filter, q.Order})
	return b
}

func encodeCursor(key any, id string, binding []byte) string {
	aead := *cursorAEADp.Load()
	b, _ := json.Marshal(cursor{Key: key, ID: id})
	nonce := make([]byte, aead.NonceSize())
	_, _ = rand.Read(nonce)
	return base64.RawURLEncoding.EncodeToString(aead.Seal(nonce, nonce, b, binding))
}

func decodeCursor(s string, binding []byte) (*cursor, error) {
	aead := *cursorAEADp.Load()
	sealed, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(sealed) < aead.NonceSize() {
		return nil, fmt.Errorf("malformed cursor")
	}
	b, err := aead.Open(nil, sealed[:aead.NonceSize()], sealed[aead.NonceSize():], binding)
	if err != nil {
		return nil, fmt.Errorf("malformed cursor")
	}
	var c cursor
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.UseNumber()
	if err := dec.Decode(&c); err != nil || c.ID == "" {
		return nil, fmt.Errorf("malformed cursor")
	}
	if n, ok := c.Key.(json.Number); ok {
		i, err := n.Int64()
		if err != nil {
			return nil, fmt.Errorf("malformed cursor")
		}
		c.Key = i
	}
	return &c, nil
}
