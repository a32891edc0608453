package audit

import (
	"bytes"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
)

// MinKeyBytes is the shortest HMAC key accepted. A short key could be
// guessed, and with it every passport number in the variables.
const MinKeyBytes = 32

// VariablesHMAC returns the hex HMAC-SHA256, under key, of the canonical
// JSON of vars, or "" when there are no variables.
//
// Why a keyed HMAC and not a plain hash: the variables hold passport and
// phone numbers, which have so few possible values that a plain SHA-256
// of them can be reversed by trying them all. With the key, an auditor who
// holds it can still ask "did anyone search for passport X?" by computing
// the HMAC of the same variables, and nobody else can.
//
// Canonical JSON is encoding/json's encoding after a round trip through
// interface values: object keys sorted, no spaces, numbers kept as written.
func VariablesHMAC(key []byte, vars map[string]any) (string, error) {
	if len(vars) == 0 {
		return "", nil
	}
	canon, err := canonicalJSON(vars)
	if err != nil {
		return "", fmt.Errorf("audit: canonical JSON of the request variables: %w", err)
	}
	mac := hmac.New(sha256.New, key)
	mac.Write(canon)
	return hex.EncodeToString(mac.Sum(nil)), nil
}

// canonicalJSON encodes v, decodes it into maps, slices and json.Number
// and encodes that again, so structs and maps with the same content give
// the same bytes (encoding/json sorts map keys).
func canonicalJSON(v any) ([]byte, error) {
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var generic any
	if err := dec.Decode(&generic); err != nil {
		return nil, err
	}
	return json.Marshal(generic)
}

// keyID names a key without revealing it, so the records written at start-up
// can say which key the HMACs that follow were made with: HMACs made with
// different keys cannot be compared.
func keyID(key []byte) string {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte("scamgraph audit key id"))
	return hex.EncodeToString(mac.Sum(nil))[:16]
}

// randomKey is the key used when none is configured.
func randomKey() ([]byte, error) {
	key := make([]byte, MinKeyBytes)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("audit: generating an HMAC key: %w", err)
	}
	return key, nil
}
