package graph

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"sync"
	"time"
)

// propsOf is a node's or a link's properties under their stored names
// (the JSON names of its fields), without the empty ones and without the
// import log, as JSON values: strings, float64 numbers, bools, []any.
// It is the map a json.Marshal and Unmarshal of the struct would give,
// built directly because every node and link of a drawn graph has its
// properties built; it leaves to
// encoding/json only a value of a kind it does not know (see
// describe_props_test.go, which holds it to the JSON round trip).
// See docs/decisions.md, "Drawn properties are built directly".
func propsOf(v any) map[string]any {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface {
		if rv.IsNil() {
			return nil
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return propsOfJSON(v)
	}
	m := map[string]any{}
	for name, f := range fieldsOf(rv.Type()) {
		val, ok := jsonValue(rv.FieldByIndex(f.index))
		if !ok {
			return propsOfJSON(v)
		}
		if shownProp(name, val) {
			m[name] = val
		}
	}
	return m
}

// propsOfJSON is the JSON round trip, for what jsonValue does not know.
func propsOfJSON(v any) map[string]any {
	b, _ := json.Marshal(v)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	for k, val := range m {
		if !shownProp(k, val) {
			delete(m, k)
		}
	}
	return m
}

// shownProp says whether a property is shown: not empty, not the id
// (drawn apart), not the import log.
func shownProp(name string, val any) bool {
	switch x := val.(type) {
	case nil:
		return false
	case string:
		if x == "" {
			return false
		}
	case []any:
		if len(x) == 0 {
			return false
		}
	}
	return name != "id" && !strings.HasPrefix(name, "import")
}

var (
	typJSONMarshaler = reflect.TypeFor[json.Marshaler]()
	ownMarshal       sync.Map // reflect.Type -> bool: has its own MarshalJSON
)

func hasOwnMarshal(t reflect.Type) bool {
	if v, ok := ownMarshal.Load(t); ok {
		return v.(bool)
	}
	own := t.Implements(typJSONMarshaler) || reflect.PointerTo(t).Implements(typJSONMarshaler)
	ownMarshal.Store(t, own)
	return own
}

// jsonValue is what a field becomes through encoding/json and back into
// an any; false for a kind this does not handle.
func jsonValue(f reflect.Value) (any, bool) {
	t := f.Type()
	if t == typTime {
		tm := f.Interface().(time.Time)
		if y := tm.Year(); y < 0 || y > 9999 {
			return nil, false // encoding/json refuses it
		}
		return tm.Format(time.RFC3339Nano), true
	}
	if hasOwnMarshal(t) {
		return nil, false
	}
	switch t.Kind() {
	case reflect.Pointer:
		if f.IsNil() {
			return nil, true
		}
		return jsonValue(f.Elem())
	case reflect.String:
		return f.String(), true
	case reflect.Bool:
		return f.Bool(), true
	case reflect.Int, reflect.Int64, reflect.Int32:
		return float64(f.Int()), true
	case reflect.Float64:
		if x := f.Float(); !math.IsNaN(x) && !math.IsInf(x, 0) {
			return x, true
		}
		return nil, false // encoding/json refuses it
	case reflect.Slice:
		if f.IsNil() {
			return nil, true
		}
		out := make([]any, f.Len())
		for i := range out {
			v, ok := jsonValue(f.Index(i))
			if !ok {
				return nil, false
			}
			out[i] = v
		}
		return out, true
	}
	return nil, false
}
