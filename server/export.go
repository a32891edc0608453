package server

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"github.com/scamgraph/scamgraph/export"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
)

// exportHandler serves GET /export: a case, a neighbourhood or the shortest
// paths between two entities as Cytoscape.js JSON, GraphML or CSV.
//
//	/export?view=case&caseId=ID&format=graphml
//	/export?view=neighborhood&id=ID&depth=2&limit=500&types=RECRUITED,HELD_AT&format=cytoscape
//	/export?view=paths&from=ID&to=ID&maxHops=4&format=edges.csv
func exportHandler(store *neo4jstore.Store, scopeOf func(*http.Request) graph.Scope, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet {
			http.Error(w, "GET only", http.StatusMethodNotAllowed)
			return
		}
		q := r.URL.Query()
		format := q.Get("format")
		if format == "" {
			format = "cytoscape"
		}
		contentType, ok := export.Formats[format]
		if !ok {
			writeJSON(w, http.StatusBadRequest, map[string]any{"error": "format: one of cytoscape, graphml, nodes.csv, edges.csv, ftm, casefile", "code": CodeBadUserInput})
			return
		}
		num := func(name string, def int) int {
			if v, err := strconv.Atoi(q.Get(name)); err == nil {
				return v
			}
			return def
		}
		// types is parsed only for the views that take it (a case export
		// ignores it, as it always has).
		types := func() ([]graph.RelType, error) {
			if t := q.Get("types"); t != "" {
				return graph.ParseLinkTypes(strings.Split(t, ","))
			}
			return nil, nil
		}
		scope := scopeOf(r)
		if format == "casefile" {
			caseFileExport(w, r, store, scope, logger)
			return
		}
		var sg graph.Subgraph
		var err error
		switch q.Get("view") {
		case "case":
			sg, err = store.CaseSubgraph(r.Context(), scope, q.Get("caseId"))
		case "neighborhood":
			ts, terr := types()
			nq := graph.NeighborhoodQuery{Around: q.Get("id"), Depth: num("depth", 1), Types: ts, Limit: num("limit", 500)}
			_, qerr := nq.Checked()
			if err = graph.Combine(qerr, terr); err == nil {
				sg, err = store.Neighborhood(r.Context(), scope, nq)
			}
		case "paths":
			ts, terr := types()
			pq := graph.PathQuery{From: q.Get("from"), To: q.Get("to"), MaxHops: num("maxHops", 4), Types: ts, First: num("first", 10)}
			_, qerr := pq.Checked()
			if err = graph.Combine(qerr, terr); err != nil {
				break
			}
			var paths []graph.Path
			paths, err = store.ShortestPaths(r.Context(), scope, pq)
			sg = mergePaths(paths)
		default:
			err = &graph.ValidationError{Field: "view", Reason: "one of case, neighborhood, paths"}
		}
		if err != nil {
			writeExportError(w, r, logger, err)
			return
		}
		w.Header().Set("Content-Type", contentType)
		w.Header().Set("Content-Disposition", `attachment; filename="scamgraph-`+q.Get("view")+`.`+fileExtension(format)+`"`)
		// The answer streams as export.Write produces it; if it cannot be
		// finished (the deadline, a client gone) the audit says so.
		if err := export.Write(w, format, sg); err != nil {
			if ra := auditOf(r.Context()); ra != nil {
				ra.interrupted.Store(true)
			}
			logger.WarnContext(r.Context(), "export interrupted", "request_id", RequestID(r.Context()), "error", err)
		}
	})
}

func fileExtension(format string) string {
	switch format {
	case "cytoscape":
		return "json"
	case "graphml":
		return "graphml"
	case "ftm":
		return "ftm.jsonl"
	case "casefile":
		return "json"
	}
	return format // nodes.csv, edges.csv
}

// mergePaths draws several paths as one subgraph.
func mergePaths(paths []graph.Path) graph.Subgraph {
	var sg graph.Subgraph
	nodes, links := map[string]bool{}, map[string]bool{}
	for _, p := range paths {
		for _, n := range p.Nodes {
			if !nodes[n.GetID()] {
				nodes[n.GetID()] = true
				sg.Nodes = append(sg.Nodes, n)
			}
		}
		for _, l := range p.Links {
			if !links[l.LinkID()] {
				links[l.LinkID()] = true
				sg.Links = append(sg.Links, l)
			}
		}
	}
	return sg
}

func writeExportError(w http.ResponseWriter, r *http.Request, logger *slog.Logger, err error) {
	var many graph.ValidationErrors
	var one *graph.ValidationError
	switch {
	case errors.As(err, &many), errors.As(err, &one):
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": err.Error(), "code": CodeBadUserInput})
	case errors.Is(err, graph.ErrNotFound):
		writeJSON(w, http.StatusNotFound, map[string]any{"error": "not found", "code": CodeNotFound})
	case errors.Is(err, graph.ErrUnavailable):
		writeJSON(w, http.StatusServiceUnavailable, map[string]any{"error": "the graph database is unavailable; try again in a few seconds", "code": CodeUnavailable})
	default:
		logger.ErrorContext(r.Context(), "export", "request_id", RequestID(r.Context()), "error", err)
		writeJSON(w, http.StatusInternalServerError, map[string]any{"error": "internal error (request id " + RequestID(r.Context()) + ")", "code": CodeInternal})
	}
}

// caseFileExport serves format=casefile: one case in the JSON case-file
// format, as that case says it (its own claims, read with the caller's
// scope: a case outside the caller's compartments is NOT_FOUND), which
// `scamgraph import` reads back (the round trip and the backup).
func caseFileExport(w http.ResponseWriter, r *http.Request, store *neo4jstore.Store, scope graph.Scope, logger *slog.Logger) {
	q := r.URL.Query()
	if q.Get("view") != "case" {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "format casefile: only for view=case", "code": CodeBadUserInput})
		return
	}
	c, sg, err := store.CaseExport(r.Context(), scope, q.Get("caseId"))
	if err != nil {
		writeExportError(w, r, logger, err)
		return
	}
	cf, err := export.CaseFile(c, sg)
	if err != nil {
		writeExportError(w, r, logger, err)
		return
	}
	w.Header().Set("Content-Type", export.Formats["casefile"])
	w.Header().Set("Content-Disposition", `attachment; filename="scamgraph-case.json"`)
	enc := json.NewEncoder(w)
	enc.SetIndent("", " ")
	if err := enc.Encode(cf); err != nil {
		if ra := auditOf(r.Context()); ra != nil {
			ra.interrupted.Store(true)
		}
		logger.WarnContext(r.Context(), "export interrupted", "request_id", RequestID(r.Context()), "error", err)
	}
}
