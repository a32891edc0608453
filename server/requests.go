package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

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
			next.ServeHTTP(&uploadLimitWriter{ResponseWriter: w, body: body, limit: maxUpload}, r)
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
// position and type only, or "" when it is one.
func checkRequestJSON(body []byte) string {
	var req struct {
		Query         string         `json:"query"`
		OperationName string         `json:"operationName"`
		Variables     map[string]any `json:"variables"`
		Extensions    map[string]any `json:"extensions"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	err := dec.Decode(&req)
	if err == nil && dec.More() {
		err = errors.New("data after the request object")
	}
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case err == nil:
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
	body          *limitBody
	limit         int64
	headerWritten bool
	replaced      bool
}

func (u *uploadLimitWriter) WriteHeader(code int) {
	if u.headerWritten {
		return
	}
	u.headerWritten = true
	if u.body.exceeded {
		u.replaced = true
		writeRequestError(u.ResponseWriter, http.StatusRequestEntityTooLarge, CodePayloadTooLarge, fmt.Sprintf("the upload is larger than %d bytes", u.limit))
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
