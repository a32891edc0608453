package neo4jstore

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/scamgraph/scamgraph/graph"
)

// jsonRoundTrip is how properties were decoded before DecodeProps set
// fields directly: the direct decoder must give the same struct, or the
// same failure, for every value a stored property can hold.
func jsonRoundTrip(props map[string]any, into any) error {
	clean := map[string]any{}
	for k, v := range props {
		if k != "searchTokens" && !strings.HasPrefix(k, "claim:") {
			clean[k] = v
		}
	}
	b, err := json.Marshal(clean)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, into)
}

func TestDirectDecodingEqualsTheJSONRoundTrip(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 890, time.FixedZone("", 7*3600))
	cases := []struct {
		name  string
		props map[string]any
		into  func() any
	}{
		{"person", map[string]any{
			"id": "person:C1:r1", "sources": []any{"C1", "C2"}, "name": "Kim Min-jun", "aliases": []any{"MJ", "민준"},
			"gender": "MALE", "birthDate": "1998-04", "victimType": "TRAFFICKED_WORKER", "status": "HELD",
			"controlMethods": []any{"WITHHELD_DOCUMENTS"}, "consentToShare": false, "createdAt": at, "updatedAt": at.UTC(),
			"searchTokens": []any{"kim", "min"}, "claim:C1": `{"props":{}}`, "unknown": int64(3),
		}, func() any { return &graph.Person{} }},
		{"person with empty and null lists", map[string]any{"id": "p", "aliases": []any{}, "controlMethods": nil, "gender": nil}, func() any { return &graph.Person{} }},
		{"compound numbers", map[string]any{"id": "c", "latitude": 11.5, "longitude": int64(104), "estimatedWorkers": int64(3000), "scamTypes": []any{"PIG_BUTCHERING"}}, func() any { return &graph.Compound{} }},
		{"compound float count", map[string]any{"id": "c", "estimatedWorkers": 3000.0}, func() any { return &graph.Compound{} }},
		{"compound fractional count", map[string]any{"id": "c", "estimatedWorkers": 3000.5}, func() any { return &graph.Compound{} }},
		{"case file import lists", map[string]any{"id": "C1", "title": "t", "agency": "a", "fictional": true,
			"importSha256": []any{"ab", "cd"}, "importedAt": []any{at, at}}, func() any { return &graph.CaseFile{} }},
		{"transfer amounts", map[string]any{"id": "t", "amount": "100.50", "amountUsd": "3.10", "currency": "USD", "date": "2025-06-20", "txId": "X1"}, func() any { return &graph.Transfer{} }},
		{"transfer amount to normalise", map[string]any{"id": "t", "amount": "0100.500", "amountUsd": nil}, func() any { return &graph.Transfer{} }},
		{"transfer malformed amount", map[string]any{"id": "t", "amount": "12,5"}, func() any { return &graph.Transfer{} }},
		{"transfer numeric amount", map[string]any{"id": "t", "amount": int64(100)}, func() any { return &graph.Transfer{} }},
		{"wrong type for a string", map[string]any{"id": "p", "name": int64(7)}, func() any { return &graph.Person{} }},
		{"wrong type for a date", map[string]any{"id": "p", "birthDate": int64(1998)}, func() any { return &graph.Person{} }},
		{"list with a null", map[string]any{"id": "p", "aliases": []any{"a", nil}}, func() any { return &graph.Person{} }},
		{"journey order", map[string]any{"id": "j", "order": int64(2), "mode": "AIR"}, func() any { return &graph.JourneyStep{} }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			want, got := c.into(), c.into()
			wantErr := jsonRoundTrip(c.props, want)
			gotErr := graph.DecodeProps(c.props, got)
			if (wantErr == nil) != (gotErr == nil) {
				t.Fatalf("error %v, the JSON round trip gave %v", gotErr, wantErr)
			}
			if wantErr != nil {
				return
			}
			// Times compare as instants and offsets: the round trip gives
			// a fixed zone where the driver gives its own location value.
			if !reflect.DeepEqual(normalizeTimes(want), normalizeTimes(got)) {
				t.Fatalf("decoded\n%#v\nthe JSON round trip gave\n%#v", got, want)
			}
		})
	}
}

// normalizeTimes renders a struct as JSON, which writes each time as its
// instant with its offset.
func normalizeTimes(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func BenchmarkDecodePerson(b *testing.B) {
	props := map[string]any{
		"id": "person:C1:r1", "sources": []any{"C1", "C2"}, "name": "Kim Min-jun", "aliases": []any{"MJ", "민준"},
		"gender": "MALE", "birthDate": "1998-04", "victimType": "TRAFFICKED_WORKER", "status": "HELD",
		"controlMethods": []any{"WITHHELD_DOCUMENTS"}, "consentToShare": false, "createdAt": time.Now(), "updatedAt": time.Now(),
	}
	b.Run("direct", func(b *testing.B) {
		for b.Loop() {
			_ = graph.DecodeProps(props, &graph.Person{})
		}
	})
	b.Run("json round trip", func(b *testing.B) {
		for b.Loop() {
			_ = jsonRoundTrip(props, &graph.Person{})
		}
	})
}
