package server_test

// What many server tests share: a GraphQL request (JSON, or a multipart
// upload of a case file), its decoded answer, and API keys for a list of
// principals.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/scamgraph/scamgraph/auth"
)

// graphqlRequest is POST /graphql of the operation q with vars as JSON,
// with key as its bearer token ("" sends none).
func graphqlRequest(key, q string, vars map[string]any) *http.Request {
	body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	withKey(req, key)
	return req
}

// uploadForm is the body of a GraphQL multipart request, the way Apollo's
// and urql's upload clients send one: the operation q with vars, whose
// variable fileVar is the file, uploaded under name.
func uploadForm(q string, vars map[string]any, fileVar, name string, file []byte) (body *bytes.Buffer, contentType string) {
	all := map[string]any{fileVar: nil}
	for k, v := range vars {
		if k != fileVar {
			all[k] = v
		}
	}
	ops, _ := json.Marshal(map[string]any{"query": q, "variables": all})
	body = &bytes.Buffer{}
	mw := multipart.NewWriter(body)
	_ = mw.WriteField("operations", string(ops))
	_ = mw.WriteField("map", fmt.Sprintf(`{"0": ["variables.%s"]}`, fileVar))
	fw, _ := mw.CreateFormFile("0", name)
	_, _ = fw.Write(file)
	_ = mw.Close()
	return body, mw.FormDataContentType()
}

// uploadRequest is POST /graphql of an uploadForm, with key as its bearer
// token ("" sends none).
func uploadRequest(key, q string, vars map[string]any, fileVar, name string, file []byte) *http.Request {
	body, contentType := uploadForm(q, vars, fileVar, name, file)
	req := httptest.NewRequest(http.MethodPost, "/graphql", body)
	req.Header.Set("Content-Type", contentType)
	withKey(req, key)
	return req
}

func withKey(req *http.Request, key string) {
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
}

// answer serves req and decodes its GraphQL answer; an answer that is not
// JSON fails the test.
func answer(t *testing.T, h http.Handler, req *http.Request) (int, gqlResponse) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	var out gqlResponse
	if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
		t.Fatalf("status %d, body %s: %v", rec.Code, rec.Body.String(), err)
	}
	return rec.Code, out
}

// keysFor writes the entries as a keys file (auth.WriteKeysFile) and
// returns an authenticator that reads it, and the keys by entry ID.
func keysFor(t *testing.T, entries []auth.KeyEntry) (*auth.Authenticator, map[string]string) {
	t.Helper()
	keysFile := filepath.Join(t.TempDir(), "keys.jsonl")
	keys, err := auth.WriteKeysFile(keysFile, entries)
	if err != nil {
		t.Fatal(err)
	}
	authn, err := auth.New(auth.Config{KeysFile: keysFile})
	if err != nil {
		t.Fatal(err)
	}
	return authn, keys
}
