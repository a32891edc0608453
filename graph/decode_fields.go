package graph

import (
	"encoding/json"
	"reflect"
	"strings"
	"sync"
	"time"
)

// Decoding stored properties into the model's structs, with the result of
// a json.Marshal of the property map and a json.Unmarshal into the struct
// but without that round trip: decoding is on the path of every node a
// read returns (docs/decisions.md, "Decoding sets fields directly").
// encoding/json and mapstructure-like libraries work on
// JSON or on generic maps with their own conversion rules; what is needed
// here is the exact rules of the JSON round trip for the few Go types of
// model.go and links.go, so the common cases are set directly and every
// other case (a value of an unexpected type, a type with its own
// UnmarshalJSON other than PartialDate) still goes through encoding/json,
// one field at a time, with the same result and the same errors.

// fieldSetter is one struct field reachable by its JSON name (embedded
// structs flattened, as encoding/json does).
type fieldSetter struct {
	index []int
}

var (
	fieldCache sync.Map // reflect.Type -> map[string]fieldSetter
	typTime    = reflect.TypeFor[time.Time]()
	typPartial = reflect.TypeFor[PartialDate]()
	typJSONUnm = reflect.TypeFor[json.Unmarshaler]()
	typDecimal = reflect.TypeFor[Decimal]()

	// ownUnmarshal caches, per type, whether it has its own UnmarshalJSON
	// that decides (Implements is costly enough to show in a profile).
	ownUnmarshal sync.Map // reflect.Type -> bool
)

func hasOwnUnmarshal(t reflect.Type) bool {
	if v, ok := ownUnmarshal.Load(t); ok {
		return v.(bool)
	}
	own := t != typPartial && t != typTime && t != typDecimal && reflect.PointerTo(t).Implements(typJSONUnm)
	ownUnmarshal.Store(t, own)
	return own
}

// fieldsOf maps the JSON names of a struct's fields to the fields.
func fieldsOf(t reflect.Type) map[string]fieldSetter {
	if m, ok := fieldCache.Load(t); ok {
		return m.(map[string]fieldSetter)
	}
	m := map[string]fieldSetter{}
	var walk func(t reflect.Type, prefix []int)
	walk = func(t reflect.Type, prefix []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			idx := append(append([]int{}, prefix...), i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
				walk(f.Type, idx)
				continue
			}
			if !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			if _, dup := m[name]; !dup || len(idx) < len(m[name].index) {
				m[name] = fieldSetter{index: idx}
			}
		}
	}
	walk(t, nil)
	fieldCache.Store(t, m)
	return m
}

// DecodeProps fills a struct (into is a pointer to it) from Neo4j
// properties through their JSON names, so the struct tags in model.go are
// the one mapping between Go and stored property names.
func DecodeProps(props map[string]any, into any) error {
	rv := reflect.ValueOf(into).Elem()
	fields := fieldsOf(rv.Type())
	var slow map[string]any
	for k, v := range props {
		if k == "searchTokens" || isPerCaseKey(k) {
			// Large and never part of the model struct.
			continue
		}
		f, ok := fields[k]
		if !ok {
			continue // as encoding/json: unknown names are ignored
		}
		if !setDirect(rv.FieldByIndex(f.index), v) {
			if slow == nil {
				slow = map[string]any{}
			}
			slow[k] = v
		}
	}
	if slow == nil {
		return nil
	}
	b, err := json.Marshal(slow)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, into)
}

// setDirect sets a field from a stored value when the JSON round trip is
// known to give exactly that value; false leaves it to encoding/json.
func setDirect(f reflect.Value, v any) bool {
	t := f.Type()
	if v == nil {
		// JSON null: a pointer or slice becomes nil, anything else keeps
		// its value. Fields start at their zero value here.
		return true
	}
	if t.Kind() == reflect.Pointer {
		elem := reflect.New(t.Elem())
		if !setDirect(elem.Elem(), v) {
			return false
		}
		f.Set(elem)
		return true
	}
	if hasOwnUnmarshal(t) {
		return false // its own UnmarshalJSON decides
	}
	if t == typDecimal {
		// Decimal's UnmarshalJSON of a JSON string is UnmarshalGQL of it.
		s, ok := v.(string)
		var d Decimal
		if !ok || d.UnmarshalGQL(s) != nil {
			return false // encoding/json gives the error
		}
		f.SetString(string(d))
		return true
	}
	switch x := v.(type) {
	case string:
		if t.Kind() == reflect.String {
			f.SetString(x)
			return true
		}
	case bool:
		if t.Kind() == reflect.Bool {
			f.SetBool(x)
			return true
		}
	case int64:
		switch t.Kind() {
		case reflect.Int, reflect.Int64, reflect.Int32:
			if f.OverflowInt(x) {
				return false
			}
			f.SetInt(x)
			return true
		case reflect.Float64:
			f.SetFloat(float64(x))
			return true
		}
	case float64:
		if t.Kind() == reflect.Float64 {
			f.SetFloat(x)
			return true
		}
	case time.Time:
		if t == typTime {
			// The JSON round trip kept the instant and the offset; so
			// does this, without the monotonic reading (there is none).
			f.Set(reflect.ValueOf(x))
			return true
		}
	case []any:
		if t.Kind() != reflect.Slice {
			return false
		}
		s := reflect.MakeSlice(t, len(x), len(x))
		for i, e := range x {
			if e == nil || !setDirect(s.Index(i), e) {
				return false
			}
		}
		f.Set(s)
		return true
	}
	return false
}
