//go:build !unix

package audit

import (
	"fmt"
	"os"
	"path/filepath"
)

// lockDir only creates dir/audit.lock: without flock, keeping one writer per
// folder is left to the deployment.
func lockDir(dir string) (*os.File, error) {
	path := filepath.Join(dir, "audit.lock")
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("audit: opening lock %s: %w", path, err)
	}
	return f, nil
}
