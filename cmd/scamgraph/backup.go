package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"time"

	"github.com/scamgraph/scamgraph/audit"
	"github.com/scamgraph/scamgraph/casefile"
	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/neo4jstore"
)

// A backup is a folder: one JSON case file per case (cases/), a copy of
// the audit log folder (audit/) and manifest.json, which names every file
// with its sha256 and size. Case files are what `scamgraph import` reads,
// so a backup outlives this program's storage layout and can be read,
// checked and imported case by case (README, "Backup and restore").

// manifestName is the manifest's file name in a backup folder.
const manifestName = "manifest.json"

// Manifest describes a backup.
type Manifest struct {
	ScamgraphVersion string `json:"scamgraphVersion"`
	CreatedAt        string `json:"createdAt"`
	// Cases are the case ids in the order restore imports them (the order
	// they were created in).
	Cases []string       `json:"cases"`
	Files []ManifestFile `json:"files"`
}

// ManifestFile is one file of a backup, its path relative to the folder.
type ManifestFile struct {
	Path      string `json:"path"`
	SHA256    string `json:"sha256"`
	Size      int64  `json:"size"`
	CaseID    string `json:"caseId,omitempty"` // case files only
	CreatedAt string `json:"createdAt"`
}

// hashWriter counts and hashes what goes through it.
type hashWriter struct {
	w io.Writer
	h hash.Hash
	n int64
}

func newHashWriter(w io.Writer) *hashWriter { return &hashWriter{w: w, h: sha256.New()} }

func (h *hashWriter) Write(p []byte) (int, error) {
	n, err := h.w.Write(p)
	h.h.Write(p[:n])
	h.n += int64(n)
	return n, err
}

func (h *hashWriter) sum() string { return hex.EncodeToString(h.h.Sum(nil)) }

// buildVersion is the module version and VCS revision this binary was built
// from, as far as the build recorded them.
func buildVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" {
			v += " " + s.Value
		}
	}
	return v
}

// unsafeName keeps a case id usable as a file name (case ids may hold '/').
var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]`)

const backupUsage = "usage: scamgraph backup DIR   (DIR must not exist or be empty)"

// runBackup is `scamgraph backup DIR`. Exit codes: 0 written, 3 could not
// run (usage, DIR not empty, Neo4j unavailable, a write failed).
func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	auditDir := fs.String("audit-dir", audit.DirFromEnv(), "the audit log folder to copy (skipped when it does not exist)")
	if err := fs.Parse(args); err != nil {
		return 3
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, backupUsage)
		return 3
	}
	store := openBulkOrSay(ctx, stderr)
	if store == nil {
		return 3
	}
	defer store.Close(context.Background())
	m, err := backup(ctx, store, fs.Arg(0), *auditDir)
	if err != nil {
		fmt.Fprintf(stderr, "backup: %v\n", err)
		return 3
	}
	fmt.Fprintf(stdout, "backup %s: %d cases, %d files\n", fs.Arg(0), len(m.Cases), len(m.Files))
	return 0
}

// backup writes every case and the audit folder into dir and returns the
// manifest it wrote last (a folder without manifest.json is not a
// finished backup).
func backup(ctx context.Context, store *neo4jstore.Store, dir, auditDir string) (*Manifest, error) {
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return nil, fmt.Errorf("%s is not empty: a backup goes into a new folder", dir)
	}
	if err := os.MkdirAll(filepath.Join(dir, "cases"), 0o700); err != nil {
		return nil, err
	}
	ids, err := store.CaseFileIDs(ctx, graph.AllCases())
	if err != nil {
		return nil, err
	}
	m := &Manifest{ScamgraphVersion: buildVersion(), Cases: ids, Files: []ManifestFile{}}
	now := func() string { return time.Now().UTC().Format(time.RFC3339) }
	for i, id := range ids {
		cf, err := exportCase(ctx, store, id)
		if err != nil {
			return nil, fmt.Errorf("case %s: %w", id, err)
		}
		rel := fmt.Sprintf("cases/%04d-%s.json", i+1, unsafeName.ReplaceAllString(id, "_"))
		size, sum, err := writeCaseFile(filepath.Join(dir, rel), cf)
		if err != nil {
			return nil, err
		}
		m.Files = append(m.Files, ManifestFile{Path: rel, SHA256: sum, Size: size, CaseID: id, CreatedAt: now()})
	}
	if auditDir != "" {
		files, err := copyTree(auditDir, filepath.Join(dir, "audit"))
		if err != nil {
			return nil, fmt.Errorf("audit log: %w", err)
		}
		for _, f := range files {
			f.Path = "audit/" + f.Path
			f.CreatedAt = now()
			m.Files = append(m.Files, f)
		}
	}
	m.CreatedAt = now()
	data, err := json.MarshalIndent(m, "", " ")
	if err != nil {
		return nil, err
	}
	return m, os.WriteFile(filepath.Join(dir, manifestName), append(data, '\n'), 0o600)
}

// copyTree copies the regular files under src into dst, hashing them as
// they are copied (a live audit file may grow meanwhile: the manifest
// holds what was copied). A missing src copies nothing.
func copyTree(src, dst string) ([]ManifestFile, error) {
	if _, err := os.Stat(src); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	var out []ManifestFile
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		target := filepath.Join(dst, rel)
		if err := os.MkdirAll(filepath.Dir(target), 0o700); err != nil {
			return err
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		f, err := os.OpenFile(target, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if err != nil {
			return err
		}
		h := newHashWriter(f)
		if _, err := io.Copy(h, in); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
		out = append(out, ManifestFile{Path: filepath.ToSlash(rel), SHA256: h.sum(), Size: h.n})
		return nil
	})
	return out, err
}

// checkBackup reads dir's manifest and checks every file it names against
// its size and sha256; the first mismatch is an error naming the file.
func checkBackup(dir string) (*Manifest, error) {
	data, err := os.ReadFile(filepath.Join(dir, manifestName))
	if err != nil {
		return nil, err
	}
	var m Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, fmt.Errorf("%s: %w", manifestName, err)
	}
	for _, f := range m.Files {
		if !filepath.IsLocal(filepath.FromSlash(f.Path)) {
			return nil, fmt.Errorf("%s: the manifest names a file outside the backup", f.Path)
		}
		in, err := os.Open(filepath.Join(dir, filepath.FromSlash(f.Path)))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Path, err)
		}
		h := newHashWriter(io.Discard)
		_, err = io.Copy(h, in)
		in.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Path, err)
		}
		if h.n != f.Size || h.sum() != f.SHA256 {
			return nil, fmt.Errorf("%s: does not match the manifest (size or sha256 differ): the backup was changed or damaged", f.Path)
		}
	}
	return &m, nil
}

const restoreUsage = "usage: scamgraph restore [--force] [--by NAME] DIR"

// runRestore is `scamgraph restore [--force] DIR`. It checks every file
// of the backup first and refuses the whole restore on any mismatch; it
// refuses a database that holds case files unless --force (the import
// then merges, as importing a case file again does). Exit codes: 0
// restored, 1 some records were rejected, 2 refused (a file does not
// match, the database is not empty: nothing written) or a case file
// rejected as a whole (the others are imported), 3 could not run.
func runRestore(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	force := fs.Bool("force", false, "restore into a database that already holds case files (merging into them)")
	by := fs.String("by", currentUser(), "who restores, recorded on each case file")
	if err := fs.Parse(args); err != nil {
		return 3
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(stderr, restoreUsage)
		return 3
	}
	dir := fs.Arg(0)
	m, err := checkBackup(dir)
	if err != nil {
		fmt.Fprintf(stderr, "restore refused: %v\n", err)
		return 2
	}
	store := openBulkOrSay(ctx, stderr)
	if store == nil {
		return 3
	}
	defer store.Close(context.Background())
	existing, err := store.CaseFileIDs(ctx, graph.AllCases())
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 3
	}
	if len(existing) > 0 && !*force {
		fmt.Fprintf(stderr, "restore refused: the database holds %d case files; restore into an empty database, or give --force to merge\n", len(existing))
		return 2
	}
	byCase := map[string]ManifestFile{}
	for _, f := range m.Files {
		if f.CaseID != "" {
			byCase[f.CaseID] = f
		}
	}
	exit := 0
	for _, id := range m.Cases {
		f, ok := byCase[id]
		if !ok {
			fmt.Fprintf(stderr, "restore: the manifest lists case %s without its file\n", id)
			return 3
		}
		rep, err := casefile.Import(ctx, store, filepath.Join(dir, filepath.FromSlash(f.Path)), casefile.Options{Format: "json", ImportedBy: *by})
		if err != nil {
			fmt.Fprintf(stderr, "restore: case %s: %v\n", id, err)
			return 3
		}
		exit = max(exit, min(rep.ExitCode, 2))
		created, rejected := 0, len(rep.Rejections)
		for _, c := range rep.Counts {
			created += c.Created + c.Updated + c.Unchanged
		}
		fmt.Fprintf(stdout, "case %s: %d records, %d rejected (exit %d)\n", id, created, rejected, rep.ExitCode)
		if rejected > 0 {
			rep.WriteText(stdout)
		}
	}
	auditFiles := 0
	for _, f := range m.Files {
		if strings.HasPrefix(f.Path, "audit/") {
			auditFiles++
		}
	}
	fmt.Fprintf(stdout, "restored %d cases from %s (made %s by scamgraph %s); %d audit files checked, left in %s\n",
		len(m.Cases), dir, m.CreatedAt, m.ScamgraphVersion, auditFiles, filepath.Join(dir, "audit"))
	return exit
}
