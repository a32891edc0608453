package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/scamgraph/scamgraph/auth"
)

// Codes of requests refused before GraphQL sees them.
const (
	// CodeBadRequest: the body is not a GraphQL request (malformed JSON, a
	// trailing comma, a form without operations).
	CodeBadRequest = "BAD_REQUEST"
	// CodePayloadTooLarge: the body (or a GET's query string) is over the
	// limit, on every transport.
	CodePayloadTooLarge = "PAYLOAD_TOO_LARGE"
)

// writeRequestError answers a refused request in the GraphQL error shape.
// The message never repeats the body: it may hold a passport number.
func writeRequestError(w http.ResponseWriter, status int, code, msg string) {
	writeJSON(w, status, map[string]any{"errors": []map[string]any{{"message": msg, "extensions": map[string]any{"code": code}}}})
}

// withRequestChecks refuses, before gqlgen reads anything, what gqlgen
// would answer badly: a body over the limit (413 on every transport, where
// gqlgen answered a JSON one with 200 INTERNAL), a JSON body that is not
// JSON (400 BAD_REQUEST, where gqlgen logged and echoed the whole body,
// variables included), and a multipart upload from a role that may not
// import (403, before a byte of the file is read). An upload that is let
// in gets a read deadline: a client that trickles its file cannot hold a
// connection for ever.
func withRequestChecks(maxBody, maxUpload int64, uploadReadTimeout time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ct := r.Header.Get("Content-Type")
		switch {
		case r.Method == http.MethodGet:
			if int64(len(r.URL.RawQuery)) > maxBody {
				writeRequestError(w, http.StatusRequestEntityTooLarge, CodePayloadTooLarge, fmt.Sprintf("the query string is larger than %d bytes", maxBody))
				return
			}
		case r.Method == http.MethodPost && strings.HasPrefix(ct, "multipart/form-data"):
			p := principalOf(r.Context())
			if !p.Can(auth.ActionImport) {
				writeRequestError(w, http.StatusForbidden, CodeForbidden, fmt.Sprintf("uploads are case file imports, which need the %s permission; role %s does not have it", auth.ActionImport, p.Role))
				return
			}
			if r.ContentLength > maxUpload {
				writeRequestError(w, http.StatusRequestEntityTooLarge, CodePayloadTooLarge, fmt.Sprintf("the upload is larger than %d bytes", maxUpload))
				return
			}
			if uploadReadTimeout > 0 {
				// Not supported by every ResponseWriter (httptest): then the
				// server's own timeouts are the bound.
				rc := http.NewResponseController(w)
				_ = rc.SetReadDeadline(time.Now().Add(uploadReadTimeout))
				_ = rc.SetWriteDeadline(time.Now().Add(uploadReadTimeout + 30*time.Second))
			}
			body := &limitBody{r: r.Body, left: maxUpload}
			r.Body = body
			// The operations part comes first and gqlgen decodes it in
			// memory: it must end within the body limit, or the form is
			// refused before it is decoded (operationLimit then counts the
			// decoded variables exactly).
			peeked, ok := peekOperationsPart(r.Header.Get("Content-Type"), body, maxBody)
			if !ok {
				writeRequestError(w, http.StatusRequestEntityTooLarge, CodePayloadTooLarge, fmt.Sprintf("the operation and its variables are larger than %d bytes (files do not count)", maxBody))
				return
			}
			r.Body = struct {
				io.Reader
				io.Closer
			}{io.MultiReader(bytes.NewReader(peeked), body), body}
			tooBig := &atomic.Bool{}
			r = r.WithContext(context.WithValue(r.Context(), operationTooLargeKey{}, tooBig))
			next.ServeHTTP(&uploadLimitWriter{ResponseWriter: w, body: body, limit: maxUpload, operationTooLarge: tooBig, maxOperation: maxBody}, r)
			return
		case r.Method == http.MethodPost:
			if r.ContentLength > maxBody {
				writeRequestError(w, http.StatusRequestEntityTooLarge, CodePayloadTooLarge, fmt.Sprintf("the request body is larger than %d bytes", maxBody))
				return
			}
			body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
			if err != nil {
				writeRequestError(w, http.StatusBadRequest, CodeBadRequest, "the request body could not be read")
				return
			}
			if int64(len(body)) > maxBody {
				writeRequestError(w, http.StatusRequestEntityTooLarge, CodePayloadTooLarge, fmt.Sprintf("the request body is larger than %d bytes", maxBody))
				return
			}
			if msg := checkRequestJSON(body); msg != "" {
				writeRequestError(w, http.StatusBadRequest, CodeBadRequest, msg)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		next.ServeHTTP(w, r)
	})
}

// checkRequestJSON says what is wrong with a JSON GraphQL request body, by
// position and type only, or "" when it is one. Variables and extensions
// are checked to be objects without being decoded (gqlgen decodes them
// next; every request pays for this check).
func checkRequestJSON(body []byte) string {
	var req struct {
		Query         string          `json:"query"`
		OperationName string          `json:"operationName"`
		Variables     json.RawMessage `json:"variables"`
		Extensions    json.RawMessage `json:"extensions"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	err := dec.Decode(&req)
	if err == nil && dec.More() {
		err = errors.New("data after the request object")
	}
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
		for _, f := range []struct {
			name string
			raw  json.RawMessage
		}{{"variables", req.Variables}, {"extensions", req.Extensions}} {
			if kind := jsonKind(f.raw); kind != "object" && kind != "null" {
				return fmt.Sprintf("the request body is not a GraphQL request: %q must not be a JSON %s", f.name, kind)
			}
		}
		return ""
	case errors.As(err, &syntax):
		return fmt.Sprintf("the request body is not valid JSON (at byte %d)", syntax.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("the request body is not a GraphQL request: %q must not be a JSON %s", typ.Field, typ.Value)
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return "the request body is not valid JSON (it ends early)"
	}
	return "the request body is not a GraphQL request object"
}

// jsonKind names the kind of a valid JSON value as encoding/json's type
// errors do ("null" for an absent one).
func jsonKind(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "null"
	}
	switch raw[0] {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}

// limitBody reads at most limit bytes and remembers whether the client
// sent more.
type limitBody struct {
	r        io.ReadCloser
	left     int64
	exceeded bool
}

func (b *limitBody) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// One byte more tells a body exactly at the limit from a longer one.
		var one [1]byte
		if n, _ := b.r.Read(one[:]); n > 0 {
			b.exceeded = true
			return 0, errUploadTooLarge
		}
		return 0, io.EOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	return n, err
}

func (b *limitBody) Close() error { return b.r.Close() }

var errUploadTooLarge = errors.New("upload larger than the limit")

// uploadLimitWriter turns gqlgen's answer to an upload over the limit (422
// "failed to read file") into 413 PAYLOAD_TOO_LARGE.
type uploadLimitWriter struct {
	http.ResponseWriter
	body              *limitBody
	limit             int64
	operationTooLarge *atomic.Bool // set by operationLimit
	maxOperation      int64
	headerWritten     bool
	replaced          bool
}

func (u *uploadLimitWriter) WriteHeader(code int) {
	if u.headerWritten {
		return
	}
	u.headerWritten = true
	switch {
	case u.body.exceeded:
		u.replaced = true
		writeRequestError(u.ResponseWriter, http.StatusRequestEntityTooLarge, CodePayloadTooLarge, fmt.Sprintf("the upload is larger than %d bytes", u.limit))
		return
	case u.operationTooLarge.Load():
		u.replaced = true
		writeRequestError(u.ResponseWriter, http.StatusRequestEntityTooLarge, CodePayloadTooLarge, fmt.Sprintf("the operation and its variables are larger than %d bytes (files do not count)", u.maxOperation))
		return
	}
	u.ResponseWriter.WriteHeader(code)
}

func (u *uploadLimitWriter) Write(p []byte) (int, error) {
	if !u.headerWritten {
		u.WriteHeader(http.StatusOK)
	}
	if u.replaced {
		return len(p), nil
	}
	return u.ResponseWriter.Write(p)
}

func (u *uploadLimitWriter) Unwrap() http.ResponseWriter { return u.ResponseWriter }

type operationTooLargeKey struct{}

// operationLimit bounds the query and variables of an operation (files
// excepted) to the body limit of a JSON request, whatever the transport:
// a 5 MB variable is refused as PAYLOAD_TOO_LARGE whether it came as JSON
// (by withRequestChecks, 413) or in a multipart form (here; 413 as well
// through uploadLimitWriter).
type operationLimit struct{ max int64 }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = operationLimit{}

func (operationLimit) ExtensionName() string                   { return "ScamgraphOperationLimit" }
func (operationLimit) Validate(graphql.ExecutableSchema) error { return nil }

func (l operationLimit) MutateOperationParameters(ctx context.Context, raw *graphql.RawParams) *gqlerror.Error {
	size := int64(len(raw.Query) + len(raw.OperationName))
	for k, v := range raw.Variables {
		size += int64(len(k)) + sizeOfValue(v)
	}
	if size <= l.max {
		return nil
	}
	if flag, ok := ctx.Value(operationTooLargeKey{}).(*atomic.Bool); ok {
		flag.Store(true)
	}
	return &gqlerror.Error{Message: fmt.Sprintf("the operation and its variables are larger than %d bytes (files do not count)", l.max),
		Extensions: map[string]any{"code": CodePayloadTooLarge}}
}

// sizeOfValue approximates the JSON size of a decoded value; uploads count
// nothing (their own limit applies).
func sizeOfValue(v any) int64 {
	switch v := v.(type) {
	case string:
		return int64(len(v)) + 2
	case map[string]any:
		n := int64(2)
		for k, x := range v {
			n += int64(len(k)) + 4 + sizeOfValue(x)
		}
		return n
	case []any:
		n := int64(2)
		for _, x := range v {
			n += 1 + sizeOfValue(x)
		}
		return n
	case graphql.Upload, *graphql.Upload:
		return 0
	}
	return 8
}

// peekOperationsPart reads the start of a multipart body up to the end of
// its first part (GraphQL's "operations") and says whether that part ends
// within max bytes (plus room for the part's headers). It returns what it
// read, to be read again. A form it cannot make sense of is let through:
// gqlgen refuses it.
func peekOperationsPart(contentType string, body io.Reader, max int64) ([]byte, bool) {
	_, params, err := mime.ParseMediaType(contentType)
	boundary := params["boundary"]
	if err != nil || boundary == "" {
		return nil, true
	}
	limit := max + int64(len(boundary)) + 4096
	peeked, _ := io.ReadAll(io.LimitReader(body, limit))
	start := bytes.Index(peeked, []byte("--"+boundary))
	if start < 0 {
		return peeked, int64(len(peeked)) < limit
	}
	rest := peeked[start+2+len(boundary):]
	if bytes.Contains(rest, []byte("\r\n--"+boundary)) {
		return peeked, true
	}
	return peeked, int64(len(peeked)) < limit
}
