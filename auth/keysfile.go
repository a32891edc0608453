package auth

import (
	"encoding/json"
	"os"
	"strings"
)

// WriteKeysFile gives every entry a fresh API key and writes the entries
// as a keys file at path, readable by its owner only. It returns the keys
// by entry ID: they are stored nowhere else. Tests, the benchmark and the
// load test set up their principals with it.
func WriteKeysFile(path string, entries []KeyEntry) (map[string]string, error) {
	keys := map[string]string{}
	var lines []string
	for _, e := range entries {
		key, hash, err := NewKey()
		if err != nil {
			return nil, err
		}
		e.SHA256 = hash
		b, err := json.Marshal(e)
		if err != nil {
			return nil, err
		}
		lines = append(lines, string(b))
		keys[e.ID] = key
	}
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		return nil, err
	}
	return keys, nil
}
