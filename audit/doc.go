// Package audit keeps an append-only, tamper-evident log of who read or
// changed what through scamgraph.
//
// It lives outside Neo4j on purpose: the audit trail must keep working, and
// keep recording refusals, while the database is down, and an investigator
// with database access must not be able to rewrite it with the same
// credentials.
//
// The log is a folder of JSON-lines files (audit-<UTC time>-<seq>.jsonl),
// written by one writer. Every record carries the hash of the one before it
// (a hash chain), so editing, deleting, reordering or inserting a line is
// found by Verify at the first line where the chain breaks. The chain alone
// does not detect the loss of the newest records or a rewrite of the whole
// chain from some point on; the Log therefore logs its head (seq and hash)
// with log/slog at rotation and at Close, so that copies of the head kept
// elsewhere can anchor it.
//
// Records never hold the request variables, which may be victims' passport
// numbers or phone numbers, only a keyed HMAC of them (see VariablesHMAC).
//
// See docs/audit.md for the file format and the hash definition.
package audit
