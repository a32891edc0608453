package graph

import (
	"math"
	"reflect"
	"testing"
	"time"
)

func TestDirectPropertiesEqualTheJSONRoundTrip(t *testing.T) {
	at := time.Date(2026, 3, 4, 5, 6, 7, 890, time.FixedZone("", 7*3600))
	s := func(v string) *string { return &v }
	yes := true
	workers, lat := 3000, 11.5
	usd := Decimal("3.10")
	nan := math.NaN()
	values := []any{
		&Person{Provenance: Provenance{ID: "p", CaseIDs: []string{"C1"}}, Timestamps: Timestamps{CreatedAt: at, UpdatedAt: at.UTC()},
			Name: "Kim", Aliases: []string{"MJ"}, Gender: ptr[Gender]("MALE"), BirthDate: "1998-04", IsVictim: true, ConsentToShare: &yes, ControlMethods: []ControlMethod{}},
		&Person{Provenance: Provenance{ID: "p"}},
		&Compound{Provenance: Provenance{ID: "c"}, Name: "Golden", EstimatedWorkers: &workers, Latitude: &lat, ScamTypes: []ScamType{"PIG_BUTCHERING"}},
		&Compound{Provenance: Provenance{ID: "c"}, Latitude: &nan},
		&CaseFile{Provenance: Provenance{ID: "C1"}, Title: "t", Fictional: true, ImportSHA256: []string{"ab"}, ImportedAt: []time.Time{at}},
		&BankAccount{Provenance: Provenance{ID: "a"}, AccountKey: "BANK:KH:X:1", Kind: "BANK", HolderName: s("Chan")},
		&Transfer{Edge: Edge{Provenance: Provenance{ID: "t", CaseIDs: []string{"C1", "C2"}}, FromID: "a", ToID: "b"},
			TxID: s("X1"), Amount: "100.50", Currency: "USD", AmountUsd: &usd, Date: "2025-06-20"},
		&JourneyStep{Edge: Edge{Provenance: Provenance{ID: "j"}}, Order: 2, Mode: ptr[TravelMode]("AIR")},
		&Recruiter{Provenance: Provenance{ID: "r"}, Name: "R", Person: &Person{Name: "R"}},
		&Identifier{Provenance: Provenance{ID: "i"}, Timestamps: Timestamps{CreatedAt: time.Date(12000, 1, 1, 0, 0, 0, 0, time.UTC)}, Kind: "PHONE", Value: "+855"},
	}
	for _, v := range values {
		want, got := propsOfJSON(v), propsOf(v)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%T:\n got  %#v\n want %#v", v, got, want)
		}
	}
}

func BenchmarkPropsOf(b *testing.B) {
	p := &Person{Provenance: Provenance{ID: "p", CaseIDs: []string{"C1"}}, Timestamps: Timestamps{CreatedAt: time.Now(), UpdatedAt: time.Now()},
		Name: "Kim", Aliases: []string{"MJ"}, Gender: ptr[Gender]("MALE"), BirthDate: "1998-04", Status: ptr[VictimStatus]("HELD")}
	b.Run("direct", func(b *testing.B) {
		for b.Loop() {
			_ = propsOf(p)
		}
	})
	b.Run("json round trip", func(b *testing.B) {
		for b.Loop() {
			_ = propsOfJSON(p)
		}
	})
}
