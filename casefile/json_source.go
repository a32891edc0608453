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
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/scamgraph/scamgraph/graph"
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
// a field name is reported instead of silently dropped. When the record
// does not decode, every field that does not is reported (so one pass
// shows them all) and the fields that do are decoded into into, so the
// record's other checks can still run and its ref name it.
func strictUnmarshal(raw []byte, into any) error {
	raw = yesNoFields(raw)
	if err := decodeStrict(raw, into); err != nil {
		return fieldByField(raw, into, recordError(err))
	}
	return nil
}

func decodeStrict(raw []byte, into any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	dec.UseNumber()
	return dec.Decode(into)
}

// fieldByField decodes a record that failed as a whole one field at a
// time: the problems of every field, and the good fields in into. Only
// the failure path pays for it. err is returned when the record is not
// an object at all.
func fieldByField(raw []byte, into any, err error) error {
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil {
		return err
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var errs graph.ValidationErrors
	good := map[string]json.RawMessage{}
	for _, k := range keys {
		one, _ := json.Marshal(map[string]json.RawMessage{k: fields[k]})
		probe := reflect.New(reflect.TypeOf(into).Elem()).Interface()
		if ferr := decodeStrict(one, probe); ferr != nil {
			ferr = recordError(ferr)
			var verr *ValidationErrorAt
			if errors.As(ferr, &verr) && verr.Field == "" {
				ferr = fieldError(k, verr.Reason) // a value error, whose decoder does not know its field
			}
			errs = append(errs, asValidation(ferr, k))
			continue
		}
		good[k] = fields[k]
	}
	if len(errs) == 0 {
		return err // fields fine one by one: the record as a whole is wrong
	}
	b, _ := json.Marshal(good)
	reflect.ValueOf(into).Elem().SetZero()
	_ = decodeStrict(b, into)
	return errs
}

// asValidation is err as a problem of field (or of the field it names).
func asValidation(err error, field string) *graph.ValidationError {
	var verr *ValidationErrorAt
	if errors.As(err, &verr) {
		return verr
	}
	return &graph.ValidationError{Field: field, Reason: err.Error()}
}

// yesNoString finds a true/false field given as a string.
var yesNoString = regexp.MustCompile(`"(consentToShare|fictional)"\s*:\s*"`)

// yesNoFields lets a JSON file give its true/false fields as spreadsheets
// write them ("yes", "N", "1"): such a string becomes the JSON boolean
// before the record is decoded; any other string is refused by the
// decoder as not a boolean.
func yesNoFields(raw []byte) []byte {
	// Most records (every link) name neither field: a byte search rules
	// them out at a fraction of the regexp's cost, which a profile of the
	// seed put at 4% of an import's CPU.
	if !bytes.Contains(raw, []byte(`"consentToShare"`)) && !bytes.Contains(raw, []byte(`"fictional"`)) {
		return raw
	}
	if !yesNoString.Match(raw) {
		return raw // the common case: booleans as booleans, no decoding twice
	}
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil {
		return raw
	}
	changed := false
	for _, k := range []string{"consentToShare", "fictional"} {
		var s string
		if v, ok := fields[k]; ok && json.Unmarshal(v, &s) == nil {
			if b, ok := spreadsheetBool(strings.TrimSpace(s)); ok {
				fields[k], changed = json.RawMessage(strconv.FormatBool(b)), true
			}
		}
	}
	if !changed {
		return raw
	}
	out, err := json.Marshal(fields)
	if err != nil {
		return raw
	}
	return out
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
