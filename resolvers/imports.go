package resolvers

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/scamgraph/scamgraph/audit"
	"github.com/scamgraph/scamgraph/auth"
	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/resolvers/model"
)

// importUpload spools an uploaded case file to a temporary file (the
// importer reads a file more than once) and imports it.
func (r *Resolver) importUpload(ctx context.Context, file graphql.Upload, opts casefile.Options) (*model.ImportReport, error) {
	dir, err := os.MkdirTemp("", "scamgraph-upload-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	name := filepath.Base(file.Filename)
	if name == "." || name == "/" || name == "" {
		name = "upload"
	}
	path := filepath.Join(dir, name)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	_, err = io.Copy(f, file.File)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, fmt.Errorf("receiving the upload: %w", err)
	}
	opts.FileName = name
	p, _ := auth.FromContext(ctx)
	opts.ImportedBy = p.ID
	opts.Authorize = func(caseID string) error { return p.AuthorizeWriteInto(auth.ActionImport, caseID) }
	importerScope := scope(ctx)
	opts.Scope = &importerScope
	opts.CheckAttach = func(ctx context.Context, ids []string) error {
		seen, err := r.Store.NodesByID(ctx, scope(ctx), ids)
		if err != nil {
			return err
		}
		var missing []string
		for _, id := range ids {
			if seen[id] == nil {
				missing = append(missing, id)
			}
		}
		if len(missing) > 0 {
			// Absent or outside the compartments: the same answer.
			return &auth.ForbiddenError{Reason: "the file attaches to entities not found in your compartments: " + strings.Join(missing, ", ")}
		}
		return nil
	}
	rep, err := casefile.Import(ctx, r.Store, path, opts)
	var runErr *casefile.RunError
	var forbidden *auth.ForbiddenError
	switch {
	case errors.As(err, &forbidden):
		return nil, forbidden
	case errors.As(err, &runErr) && !errors.Is(err, graph.ErrUnavailable):
		// a mistake in the call: no case for an FtM file, or one that disagrees with the file's
		return nil, &graph.ValidationError{Field: "caseId", Reason: runErr.Error()}
	case err != nil:
		return nil, err
	}
	if !rep.DryRun {
		for _, c := range rep.Counts {
			audit.AddChanged(ctx, c.Created+c.Updated)
		}
		if rep.KeptErased > 0 {
			audit.AddNote(ctx, fmt.Sprintf("kept erased: %d fields of erased victims left out", rep.KeptErased))
		}
	}
	return reportModel(rep), nil
}

func reportModel(rep *casefile.Report) *model.ImportReport {
	out := &model.ImportReport{File: rep.File, DryRun: rep.DryRun, Strict: rep.Strict, ExitCode: rep.ExitCode, KeptErased: rep.KeptErased,
		Counts: []*model.ImportCount{}, Rejections: []*model.ImportRejection{}, Unmapped: []*model.UnmappedCount{}}
	opt := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	out.Format, out.CaseID, out.Sha256, out.FileError = opt(rep.Format), opt(rep.CaseID), opt(rep.SHA256), opt(rep.FileError)
	kinds := make([]string, 0, len(rep.Counts))
	for k := range rep.Counts {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		c := rep.Counts[k]
		out.Counts = append(out.Counts, &model.ImportCount{Kind: k, Created: c.Created, Updated: c.Updated, Unchanged: c.Unchanged, Rejected: c.Rejected, Valid: c.Valid,
			New: c.New, Stored: c.Stored})
	}
	problem := func(rj casefile.Rejection) *model.ImportRejection {
		m := &model.ImportRejection{File: rj.File, Record: opt(rj.Record), Kind: rj.Kind, Ref: opt(rj.Ref), Field: opt(rj.Field), Reason: rj.Reason}
		if rj.Line > 0 {
			line := rj.Line
			m.Line = &line
		}
		return m
	}
	for _, rj := range rep.Rejections {
		out.Rejections = append(out.Rejections, problem(rj))
	}
	out.Warnings = []*model.ImportRejection{}
	for _, w := range rep.Warnings {
		out.Warnings = append(out.Warnings, problem(w))
	}
	for schema, n := range rep.Unmapped {
		out.Unmapped = append(out.Unmapped, &model.UnmappedCount{Schema: schema, Count: n})
	}
	sort.Slice(out.Unmapped, func(i, j int) bool { return out.Unmapped[i].Schema < out.Unmapped[j].Schema })
	return out
}
