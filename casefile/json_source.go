package casefile

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
)

// JSONSource streams a JSON case file: {"case": {...}, "entities": [...],
// "links": [...]}, in any order of the three keys.
type JSONSource struct {
	rawOpen func() (io.ReadCloser, error)
	name    string
	te      textEncoding
}

// open returns the file's text, decoded (see textEncoding.decoded).
func (s *JSONSource) open() (io.ReadCloser, error) {
	rc, err := s.rawOpen()
	if err != nil {
		return nil, err
	}
	r, _, _ := s.te.decoded(rc)
	return r, nil
}

// NewJSONSource reads the JSON case file at path.
func NewJSONSource(path string) *JSONSource {
	return &JSONSource{rawOpen: func() (io.ReadCloser, error) { return os.Open(path) }, name: filepath.Base(path)}
}

// NewJSONSourceBytes reads a JSON case file held in memory (the demo).
func NewJSONSourceBytes(name string, data []byte) *JSONSource {
	return &JSONSource{rawOpen: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }, name: name}
}

func (s *JSONSource) Format() string           { return FormatJSON }
func (s *JSONSource) Unmapped() map[string]int { return nil }

// walk streams the top-level keys; onArray is called for each element of
// the "entities" or "links" array.
func (s *JSONSource) walk(onCase func(json.RawMessage) error, onElem func(key string, i int, raw json.RawMessage) error) error {
	f, err := s.open()
	if err != nil {
		return &FileError{Location{File: s.name}, "cannot open: " + err.Error()}
	}
	defer f.Close()
	dec := json.NewDecoder(bufio.NewReaderSize(f, 1<<20))
	dec.UseNumber()
	fail := func(where, reason string) error {
		return &FileError{Location{File: s.name, Record: where}, reason}
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return fail("", "not a JSON case file: it must be one object {\"case\": ..., \"entities\": [...], \"links\": [...]}")
	}
	seen := map[string]bool{}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return fail("", "malformed JSON: "+err.Error())
		}
		key, _ := t.(string)
		if seen[key] {
			return fail(key, "appears twice")
		}
		seen[key] = true
		switch key {
		case "case":
			var raw json.RawMessage
			if err := dec.Decode(&raw); err != nil {
				return fail("case", "malformed JSON: "+err.Error())
			}
			if err := onCase(raw); err != nil {
				return err
			}
		case "entities", "links":
			if t, err := dec.Token(); err != nil || t != json.Delim('[') {
				return fail(key, "must be an array")
			}
			for i := 0; dec.More(); i++ {
				var raw json.RawMessage
				if err := dec.Decode(&raw); err != nil {
					return fail(fmt.Sprintf("%s[%d]", key, i), "malformed JSON: "+err.Error())
				}
				if err := onElem(key, i, raw); err != nil {
					return err
				}
			}
			if _, err := dec.Token(); err != nil {
				return fail(key, "malformed JSON: "+err.Error())
			}
		default:
			return fail(key, "unknown key: a case file has case, entities and links")
		}
	}
	if _, err := dec.Token(); err != nil {
		return fail("", "malformed JSON: "+err.Error())
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return fail("", "text after the case file's closing brace")
	}
	return nil
}

// strictUnmarshal decodes one record, refusing unknown fields so a typo in
// a field name is reported instead of silently dropped.
func strictUnmarshal(raw []byte, into any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	if err := dec.Decode(into); err != nil {
		return locateField(raw, into, recordError(err))
	}
	return nil
}

// locateField finds which field a value error (a bad date or amount, whose
// decoder does not know its field name) belongs to, by decoding the
// record's fields one at a time. Only the failure path pays for it.
func locateField(raw []byte, into any, err error) error {
	var verr *ValidationErrorAt
	if !errors.As(err, &verr) || verr.Field != "" {
		return err
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil {
		return err
	}
	for k, v := range fields {
		one, _ := json.Marshal(map[string]json.RawMessage{k: v})
		probe := reflect.New(reflect.TypeOf(into).Elem()).Interface()
		if json.Unmarshal(one, probe) != nil {
			return fieldError(k, verr.Reason)
		}
	}
	return err
}

// recordError words a JSON decoding error for an investigator: which field
// has which problem, without the value.
func recordError(err error) error {
	var typeErr *json.UnmarshalTypeError
	if errors.As(err, &typeErr) {
		return fieldError(typeErr.Field, fmt.Sprintf("must be a %s, not a %s", jsonKind(typeErr.Type.Kind().String()), typeErr.Value))
	}
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return fieldError(strings.Trim(field, `"`), "unknown field")
	}
	var verr *ValidationErrorAt
	if errors.As(err, &verr) {
		return verr
	}
	return err
}

func jsonKind(goKind string) string {
	switch goKind {
	case "string":
		return "string"
	case "slice":
		return "list"
	case "struct", "map":
		return "object"
	case "bool":
		return "true or false"
	}
	return "number"
}

// Header reads the "case" object.
func (s *JSONSource) Header() (*CaseHeader, error) {
	var h *CaseHeader
	errStop := errors.New("stop")
	err := s.walk(func(raw json.RawMessage) error {
		h = &CaseHeader{}
		if err := strictUnmarshal(raw, h); err != nil {
			return &FileError{Location{File: s.name, Record: "case"}, err.Error()}
		}
		return errStop
	}, func(string, int, json.RawMessage) error { return nil })
	if err != nil && !errors.Is(err, errStop) {
		return nil, err
	}
	return h, nil
}

// Entities streams the "entities" array.
func (s *JSONSource) Entities(fn EntityFunc) error { return streamArray(s, "entities", fn) }

// Links streams the "links" array.
func (s *JSONSource) Links(fn LinkFunc) error { return streamArray(s, "links", fn) }

// streamArray streams the elements of the file's array key as T, each
// with its place in the file (key[i]) or the reason it does not decode.
func streamArray[T any](s *JSONSource, key string, fn func(loc Location, v T, rowErr error) error) error {
	return s.walk(func(json.RawMessage) error { return nil }, func(k string, i int, raw json.RawMessage) error {
		if k != key {
			return nil
		}
		var v T
		err := strictUnmarshal(raw, &v)
		return fn(Location{File: s.name, Record: fmt.Sprintf("%s[%d]", key, i)}, v, err)
	})
}
