//go:build unix

package auth

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestWatchSIGHUPReloads sends a real SIGHUP to the test process and
// waits for the new key to be accepted.
func TestWatchSIGHUPReloads(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys.jsonl")
	_, old := newTestKey(t, "old", RoleViewer, "C1")
	writeFile(t, path, old)
	ks, err := LoadKeyStore(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ks.WatchSIGHUP(ctx, slog.New(slog.DiscardHandler))

	newKey, added := newTestKey(t, "new", RoleAnalyst, "C2")
	writeFile(t, path, old, added)
	if err := syscall.Kill(os.Getpid(), syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for {
		if p, ok := ks.Lookup(newKey); ok {
			if p.ID != "new" || p.Role != RoleAnalyst {
				t.Fatalf("reloaded key: %+v", p)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the new key was not loaded within 5 s of SIGHUP")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
