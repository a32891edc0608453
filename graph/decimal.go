package graph

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"

	"github.com/shopspring/decimal"
)

// Decimal is an exact amount of money in canonical decimal notation
// ("12500.5"). Binary floating point would turn a ransom of 0.1 + 0.2 BTC
// into 0.30000000000000004; Neo4j stores the string and Go sums with
// shopspring/decimal.
type Decimal string

// ParseDecimal accepts "12500", "12500.50", "-3.2" and returns the canonical form.
func ParseDecimal(s string) (Decimal, error) {
	d, err := decimal.NewFromString(s)
	if err != nil {
		return "", fmt.Errorf("want a decimal number such as 12500.50")
	}
	if d.Exponent() < -18 {
		return "", fmt.Errorf("more than 18 decimal places")
	}
	return Decimal(d.String()), nil
}

// Value is the amount for arithmetic.
func (d Decimal) Value() decimal.Decimal {
	v, _ := decimal.NewFromString(string(d))
	return v
}

// MarshalGQL writes the amount as a string, so no client parses it into a float.
func (d Decimal) MarshalGQL(w io.Writer) { _, _ = io.WriteString(w, strconv.Quote(string(d))) }

// UnmarshalGQL accepts a string or a JSON number (gqlgen decodes numbers as
// json.Number, which keeps every digit).
func (d *Decimal) UnmarshalGQL(v any) error {
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case json.Number:
		s = x.String()
	case int:
		s = strconv.Itoa(x)
	case int64:
		s = strconv.FormatInt(x, 10)
	default:
		return &ValidationError{Reason: "a Decimal is a string such as \"12500.50\""}
	}
	p, err := ParseDecimal(s)
	if err != nil {
		return &ValidationError{Reason: err.Error()}
	}
	*d = p
	return nil
}

// UnmarshalJSON reads amounts from case files, as strings or numbers.
func (d *Decimal) UnmarshalJSON(b []byte) error {
	var v any
	dec := json.NewDecoder(bytesReader(b))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return err
	}
	if v == nil {
		*d = ""
		return nil
	}
	return d.UnmarshalGQL(v)
}
