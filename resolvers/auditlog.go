package resolvers

import (
	"context"
	"fmt"
	"time"

	"github.com/scamgraph/scamgraph/audit"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/resolvers/model"
)

// auditLog reads the audit log for an ADMIN (the root-field check has
// allowed the call; the read itself is audited like any operation).
func (r *Resolver) auditLog(_ context.Context, since, until *time.Time, principal, operation, victimID *string, first *int) ([]*model.AuditRecord, error) {
	if r.AuditDir == "" {
		return nil, fmt.Errorf("%w: this server keeps no audit log", graph.ErrUnavailable)
	}
	f := audit.Filter{Limit: intOr(first, audit.DefaultReadLimit)}
	if f.Limit < 1 || f.Limit > audit.MaxReadLimit {
		return nil, &graph.ValidationError{Field: "first", Reason: fmt.Sprintf("must be between 1 and %d", audit.MaxReadLimit)}
	}
	if since != nil {
		f.Since = *since
	}
	if until != nil {
		f.Until = *until
	}
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	f.Principal, f.Operation, f.VictimID = str(principal), str(operation), str(victimID)
	recs, err := audit.Read(r.AuditDir, f)
	if err != nil {
		return nil, err
	}
	opt := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	out := make([]*model.AuditRecord, 0, len(recs))
	for _, rec := range recs {
		victims := rec.ReadVictimIDs()
		if victims == nil {
			victims = []string{}
		}
		scope := rec.Scope
		if scope == nil {
			scope = []string{}
		}
		out = append(out, &model.AuditRecord{Time: rec.Time, Seq: int(rec.Seq), Principal: rec.Principal, Role: rec.Role, Scope: scope,
			Operation: rec.Operation, Kind: rec.Kind, VariablesHmac: opt(rec.VariablesHMAC), Returned: rec.Returned, Changed: rec.Changed,
			VictimIds: victims, Outcome: rec.Outcome, ErrorCode: opt(rec.ErrorCode), Client: opt(rec.Client), RequestID: opt(rec.RequestID),
			Note: opt(rec.Note), Hash: rec.Hash})
	}
	return out, nil
}
