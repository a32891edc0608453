package audit

import (
	"errors"
	"fmt"
	"time"
)

// Record is one audited action: one GraphQL operation, export, import or
// administrative event. The JSON field order below is part of the hash
// definition (see chain.go) and must not change; new fields go before
// PrevHash and are added with a format note in docs/audit.md.
type Record struct {
	// Time is when the writer wrote the record, UTC (RFC 3339 with
	// nanoseconds in JSON). Filled by Write.
	Time time.Time `json:"time"`
	// Seq numbers records 1, 2, 3… across all files of the log, without
	// gaps. Filled by Write.
	Seq uint64 `json:"seq"`
	// Principal is who acted (the authenticated user or service).
	Principal string `json:"principal"`
	// Role is the principal's role when acting (investigator, admin…).
	Role string `json:"role"`
	// Scope lists the case ids the principal could see, or ["*"].
	Scope []string `json:"scope"`
	// Operation is the GraphQL operation name or an HTTP action such as
	// "export".
	Operation string `json:"operation"`
	// Kind is one of the Kind* constants.
	Kind string `json:"kind"`
	// VariablesHMAC is the hex HMAC-SHA256 of the canonical JSON of the
	// request variables (see VariablesHMAC), never the variables
	// themselves: they may be victims' identity documents.
	VariablesHMAC string `json:"variablesHmac,omitempty"`
	// Returned counts the records returned to the principal.
	Returned int `json:"returned"`
	// Changed counts the records created, updated or deleted.
	Changed int `json:"changed"`
	// VictimIDs lists the victims whose records were read, so that "who
	// saw victim X" can be answered. Write moves every id it can into
	// Victims; records written before Victims existed hold them all here.
	// Use ReadVictimIDs to get them back from either.
	VictimIDs []string `json:"victimIds,omitempty"`
	// Outcome is one of the Outcome* constants (or another short word).
	Outcome string `json:"outcome"`
	// ErrorCode is the API error code when Outcome is not "ok".
	ErrorCode string `json:"errorCode,omitempty"`
	// Client is the remote address of the request.
	Client string `json:"client,omitempty"`
	// RequestID ties the record to the access log. The server makes it;
	// it is never taken from the client.
	RequestID string `json:"requestId,omitempty"`
	// Note is free text, e.g. "cross-case hit: case X".
	Note string `json:"note,omitempty"`
	// ClientRequestID is the X-Request-Id the client (or its proxy) sent,
	// when it was 1 to 64 letters, digits, '.', '_', ':' or '-'; kept apart
	// from RequestID so that a client cannot choose the audit's id. A later
	// addition (docs/audit.md): older records lack it, and verify as before.
	ClientRequestID string `json:"clientRequestId,omitempty"`
	// Victims is VictimIDs in compact form: the ids grouped by their
	// prefix up to the last ':' (the case, for person:<case>:<ref>), each
	// prefix mapping to its suffixes, sorted and joined by spaces. A
	// later addition (docs/audit.md): a read of 1,010 victims of one case
	// costs ~6 KB instead of ~27 KB. See victims.go.
	Victims map[string]string `json:"victims,omitempty"`
	// PrevHash is the Hash of the record before this one ("" for the first
	// record of a new log). Filled by Write.
	PrevHash string `json:"prevHash"`
	// Hash is the hex SHA-256 of this record's line with Hash empty (see
	// chain.go). It must stay the last field. Filled by Write.
	Hash string `json:"hash"`
}

// Kinds of records. KindRotate is reserved for the header record the Log
// writes at the start of every file.
const (
	KindQuery    = "query"
	KindMutation = "mutation"
	KindExport   = "export"
	KindImport   = "import"
	KindAdmin    = "admin"
	// KindAlert records an alert stored for a watcher (docs/alerts.md),
	// with the watcher as principal.
	KindAlert  = "alert"
	KindRotate = "rotate"
)

// Outcomes of an audited action. Other short words are accepted.
const (
	OutcomeOK          = "ok"
	OutcomeDenied      = "denied"
	OutcomeError       = "error"
	OutcomeUnavailable = "unavailable"
)

// SystemPrincipal is the principal of the records the Log writes about
// itself (file headers, repairs, opening and closing).
const SystemPrincipal = "scamgraph-audit"

// ErrInvalidRecord is returned by Write for a record that lacks what an
// auditor needs to read it.
var ErrInvalidRecord = errors.New("invalid audit record")

// validate rejects records written by callers that would be useless or
// ambiguous to an auditor. Header records are the Log's own business.
func (r *Record) validate() error {
	switch r.Kind {
	case KindQuery, KindMutation, KindExport, KindImport, KindAdmin, KindAlert:
	case KindRotate:
		return fmt.Errorf("%w: kind %q is reserved for file headers", ErrInvalidRecord, r.Kind)
	case "":
		return fmt.Errorf("%w: kind is empty", ErrInvalidRecord)
	default:
		return fmt.Errorf("%w: unknown kind %q (want query, mutation, export, import, admin or alert)", ErrInvalidRecord, r.Kind)
	}
	if r.Operation == "" {
		return fmt.Errorf("%w: operation is empty", ErrInvalidRecord)
	}
	if r.Outcome == "" {
		return fmt.Errorf("%w: outcome is empty", ErrInvalidRecord)
	}
	if r.Principal == "" {
		return fmt.Errorf("%w: principal is empty (use \"anonymous\" for unauthenticated requests)", ErrInvalidRecord)
	}
	return nil
}
