package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
)

// The hash chain, defined on bytes so that anyone can check it with sha256sum
// and a text editor, without this package:
//
//   - A record's line is its encoding/json encoding (fields in the order of
//     the Record struct, no spaces, "hash" last) followed by "\n".
//   - Hash is the lowercase hex SHA-256 of the line without its "\n" and
//     with the value of "hash" empty, i.e. of the bytes
//     `{"time":…,"prevHash":"…","hash":""}`.
//   - PrevHash is the Hash of the previous record (the previous line, or the
//     last line of the previous file); "" only for the record with Seq 1.
//
// Since Hash covers every other byte of its line, PrevHash = previous Hash
// chains every byte of every earlier line.

// hashSuffix ends every line body once Hash is emptied.
const hashSuffix = `"hash":""}`

// seal sets rec.Hash and returns the record's line, "\n" included.
func seal(rec *Record) ([]byte, error) {
	rec.Hash = ""
	body, err := json.Marshal(rec)
	if err != nil {
		return nil, fmt.Errorf("encoding audit record seq %d: %w", rec.Seq, err)
	}
	if !bytes.HasSuffix(body, []byte(hashSuffix)) {
		// Only a change to Record's field order can get here.
		return nil, fmt.Errorf("encoding audit record seq %d: hash is not the last field", rec.Seq)
	}
	sum := sha256.Sum256(body)
	rec.Hash = hex.EncodeToString(sum[:])
	line := make([]byte, 0, len(body)+len(rec.Hash)+1)
	line = append(line, body[:len(body)-2]...) // up to and including `"hash":"`
	line = append(line, rec.Hash...)
	line = append(line, '"', '}', '\n')
	return line, nil
}

// errHashMismatch marks a line whose bytes do not hash to its "hash".
var errHashMismatch = errors.New("hash does not match the line's content (the line was changed)")

// parseLine checks one line (without "\n") on its own: it is a record, its
// Hash recomputes from its bytes, and it is in the canonical encoding (so
// what a reader parses is exactly what was hashed: no duplicate or unknown
// keys, no reformatting). The chain links are the caller's business.
func parseLine(line []byte) (Record, error) {
	var rec Record
	if err := json.Unmarshal(line, &rec); err != nil {
		return rec, fmt.Errorf("not a JSON audit record: %v", err)
	}
	const tail = len(`"}`)
	n := len(line) - 64 - tail
	if len(rec.Hash) != 64 || n < 0 || string(line[n:len(line)-tail]) != rec.Hash {
		return rec, fmt.Errorf("the line does not end with its hash (want …\"hash\":\"<64 hex digits>\"})")
	}
	h := sha256.New()
	h.Write(line[:n])
	h.Write(line[len(line)-tail:])
	if hex.EncodeToString(h.Sum(nil)) != rec.Hash {
		return rec, errHashMismatch
	}
	again, err := json.Marshal(&rec)
	if err != nil || !bytes.Equal(again, line) {
		return rec, fmt.Errorf("the line is not in canonical form (re-encoding it gives other bytes)")
	}
	return rec, nil
}
