package server

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"

	"github.com/scamgraph/scamgraph/audit"
	"github.com/scamgraph/scamgraph/auth"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/resolvers"
	"github.com/scamgraph/scamgraph/resolvers/model"
)

// raiseAlerts checks the watches after every mutation root field that
// wrote into a case, once its write has committed (docs/alerts.md): the
// case is the one the schema declares it writes into (@writesInto, the
// same declaration the permission checker follows), the file's case for
// an import, the case retracted for retractCase. No resolver has to
// remember to call it.
func raiseAlerts(al *resolvers.Alerting, perms permissions) graphql.FieldMiddleware {
	return func(ctx context.Context, next graphql.Resolver) (any, error) {
		res, err := next(ctx)
		fc := graphql.GetFieldContext(ctx)
		if err != nil || fc == nil || fc.Object != "Mutation" || fc.Field.Field == nil {
			return res, err
		}
		if caseID := writtenCase(ctx, perms, fc, res); caseID != "" {
			al.AfterWrite(ctx, caseID, principalOf(ctx).ID)
		}
		return res, err
	}
}

// writtenCase is the case a successful mutation root field wrote into, or
// "" when it wrote into none.
func writtenCase(ctx context.Context, perms permissions, fc *graphql.FieldContext, res any) string {
	if rep, ok := res.(*model.ImportReport); ok {
		if rep == nil || rep.DryRun || rep.CaseID == nil || rep.ExitCode >= 2 {
			return ""
		}
		return *rep.CaseID
	}
	perm := perms["Mutation."+fc.Field.Name]
	if perm == nil || perm.personal {
		return ""
	}
	path := perm.writesInto
	if path == nil {
		for _, id := range perm.ids {
			if id.kind == idCase {
				path = id.path
				break
			}
		}
	}
	if path == nil {
		return ""
	}
	var vars map[string]any
	if oc := graphql.GetOperationContext(ctx); oc != nil {
		vars = oc.Variables
	}
	v, _ := valueAt(fc.Field.ArgumentMap(vars), path)
	s, _ := v.(string)
	return s
}

// auditAlertsStored writes one audit record per stored alert, with the
// watcher as principal (the alert is theirs) and the request id of the
// write that raised it. The note names the alert, its kind, the watch and
// the case: never the watched entity's id or the summary, which may be a
// victim's phone number.
func auditAlertsStored(log *audit.Log, logger *slog.Logger) func(context.Context, []graph.Alert) {
	return func(ctx context.Context, alerts []graph.Alert) {
		if log == nil {
			return
		}
		ctx = context.WithoutCancel(ctx)
		for _, a := range alerts {
			rec := audit.Record{Principal: a.Watcher, Role: "watcher", Kind: audit.KindAlert, Operation: "alert stored",
				Outcome: audit.OutcomeOK, Changed: 1, RequestID: RequestID(ctx),
				Note: fmt.Sprintf("alert %s (%s) of %s, case %s, caused by %s", a.ID, a.Kind, a.WatchID, a.CaseID, deref(a.CausedBy))}
			if err := log.Write(ctx, rec); err != nil {
				logger.ErrorContext(ctx, "audit log write failed", "request_id", rec.RequestID, "error", err)
			}
		}
	}
}

// auditAlertDelivered records a hit delivered over a subscription as
// linkedCases records one: "cross-case hit: B-1", to the watcher. Full
// alerts delivered need no record of their own: the watcher's own
// alerts, audited when stored.
func auditAlertDelivered(log *audit.Log, logger *slog.Logger) func(context.Context, graph.Alert) {
	return func(ctx context.Context, a graph.Alert) {
		if log == nil || !a.Hit {
			return
		}
		p, _ := auth.FromContext(ctx)
		rec := audit.Record{Principal: p.ID, Role: string(p.Role), Scope: p.Cases, Kind: audit.KindQuery,
			Operation: "alerts [subscription]", Outcome: audit.OutcomeOK, Returned: 1, RequestID: RequestID(ctx),
			Note: "cross-case hit: " + a.CaseID}
		if p.AllCases {
			rec.Scope = []string{"*"}
		}
		if err := log.Write(context.WithoutCancel(ctx), rec); err != nil {
			logger.ErrorContext(ctx, "audit log write failed", "request_id", rec.RequestID, "error", err)
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return "-"
	}
	return *s
}
