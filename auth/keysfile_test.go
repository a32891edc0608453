package auth_test

import (
	"path/filepath"
	"testing"

	"github.com/scamgraph/scamgraph/auth"
)

func TestWriteKeysFileWritesKeysTheStoreKnows(t *testing.T) {
	path := filepath.Join(t.TempDir(), "keys.jsonl")
	keys, err := auth.WriteKeysFile(path, []auth.KeyEntry{
		{ID: "admin", Role: auth.RoleAdmin, AllCases: true},
		{ID: "viewer-a", Role: auth.RoleViewer, Cases: []string{"A-1"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	store, err := auth.LoadKeyStore(path)
	if err != nil {
		t.Fatal(err)
	}
	if store.Len() != 2 || len(keys) != 2 || keys["admin"] == keys["viewer-a"] {
		t.Fatalf("%d keys loaded, keys %v", store.Len(), keys)
	}
	for id, key := range keys {
		if p, ok := store.Lookup(key); !ok || p.ID != id {
			t.Errorf("the key of %s finds %+v, %v", id, p, ok)
		}
	}
}
