//go:build unix

package audit

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lockDir takes an exclusive lock on dir/audit.lock, so that a second
// process opening the same log fails instead of forking the chain. The lock
// goes with the process, so a crash leaves no stale lock.
func lockDir(dir string) (*os.File, error) {
	path := filepath.Join(dir, "audit.lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("audit: opening lock %s: %w", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		return nil, fmt.Errorf("audit: %s is in use by another process (lock %s): %w", dir, path, err)
	}
	return f, nil
}
