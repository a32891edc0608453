package graph

import (
	"net/mail"
	"net/url"
	"regexp"
	"strings"

	"github.com/nyaruka/phonenumbers"
	"golang.org/x/text/currency"
)

// NormalizePhone parses a phone number, in international form or in the
// national form of defaultRegion, and returns it in E.164 (+85512345678) so
// that the same phone typed two ways in two case files meets on one node.
func NormalizePhone(raw, defaultRegion string) (string, error) {
	num, err := phonenumbers.Parse(raw, defaultRegion)
	if err != nil {
		if defaultRegion == "" {
			return "", &ValidationError{Reason: "not a phone number; give it in international form (+855 12 345 678) or give the case's country"}
		}
		return "", &ValidationError{Reason: "not a phone number"}
	}
	if !phonenumbers.IsValidNumber(num) {
		return "", &ValidationError{Reason: "not a valid phone number for its country (E.164 expected, e.g. +855 12 345 678)"}
	}
	return phonenumbers.Format(num, phonenumbers.E164), nil
}

// NormalizeCurrency accepts an ISO 4217 code in any case. Crypto assets that
// ISO does not list (USDT, USDC, BTC, ETH, TRX) are accepted by ticker,
// since crypto wallets are part of every money trail here.
func NormalizeCurrency(code string) (string, error) {
	c := strings.ToUpper(strings.TrimSpace(code))
	if cryptoTickers[c] {
		return c, nil
	}
	if _, err := currency.ParseISO(c); err != nil || len(c) != 3 {
		return "", &ValidationError{Reason: "not an ISO 4217 currency code (such as USD, KHR, THB) or a known crypto ticker (USDT, BTC, ETH, TRX, USDC)"}
	}
	return c, nil
}

var cryptoTickers = map[string]bool{"USDT": true, "USDC": true, "BTC": true, "ETH": true, "TRX": true, "BNB": true}

var (
	handlePattern   = regexp.MustCompile(`^[\p{L}\p{N}_.\-]{2,64}$`)
	documentPattern = regexp.MustCompile(`^[A-Z0-9]{4,20}$`)
)

// IdentifierKey normalises an identifier and returns its natural key
// KIND:value and the normalised value. Phones become E.164 (defaultRegion is
// the case's country), handles lose a leading @ and are lower-cased, e-mails
// are lower-cased, passport and ID numbers lose spaces and dashes and are
// upper-cased, URLs lose their fragment and a trailing slash.
func IdentifierKey(kind, value, defaultRegion string) (key, normalized string, err error) {
	normalized, err = normalizeIdentifier(kind, value, defaultRegion)
	if err != nil {
		return "", "", err
	}
	if kind == "URL" || kind == "EMAIL" {
		// One value must have one key: a form that normalises further
		// (http://a.com// -> http://a.com/ -> http://a.com) or not at all
		// ("ab."@x.com -> ab.@x.com, no address) is refused, not stored
		// under a key that the next reading would not find again.
		if again, err := normalizeIdentifier(kind, normalized, defaultRegion); err != nil || again != normalized {
			return "", "", &ValidationError{Reason: "not a plain " + map[string]string{"URL": "http(s) URL", "EMAIL": "e-mail address"}[kind] + " (write it as it would be typed)"}
		}
	}
	return kind + ":" + normalized, normalized, nil
}

// normalizeIdentifier is IdentifierKey's normalisation, one pass.
func normalizeIdentifier(kind, value, defaultRegion string) (normalized string, err error) {
	v := strings.TrimSpace(value)
	if v == "" {
		return "", &ValidationError{Reason: "must not be empty"}
	}
	switch kind {
	case "PHONE", "WHATSAPP":
		normalized, err = NormalizePhone(v, defaultRegion)
		if err != nil && kind == "WHATSAPP" {
			err = &ValidationError{Reason: "a WhatsApp account is a phone number: " + err.(*ValidationError).Reason}
		}
	case "EMAIL":
		addr, perr := mail.ParseAddress(v)
		if perr != nil || addr.Name != "" {
			err = &ValidationError{Reason: "not an e-mail address"}
		} else {
			normalized = strings.ToLower(addr.Address)
		}
	case "TELEGRAM", "LINE", "WECHAT", "FACEBOOK", "TIKTOK":
		h := strings.ToLower(strings.TrimPrefix(v, "@"))
		h = strings.TrimPrefix(h, "https://t.me/")
		h = strings.TrimPrefix(h, "t.me/")
		if !handlePattern.MatchString(h) {
			err = &ValidationError{Reason: "not a handle (letters, digits, _ . -; 2 to 64 characters)"}
		}
		normalized = h
	case "URL":
		u, perr := url.Parse(v)
		if perr != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			err = &ValidationError{Reason: "not an http(s) URL"}
		} else {
			u.Fragment = ""
			u.Host = strings.ToLower(u.Host)
			normalized = strings.TrimSuffix(u.String(), "/")
		}
	case "PASSPORT", "NATIONAL_ID":
		d := strings.ToUpper(strings.NewReplacer(" ", "", "-", "", ".", "").Replace(v))
		if !documentPattern.MatchString(d) {
			err = &ValidationError{Reason: "not a document number (4 to 20 letters and digits)"}
		}
		normalized = d
	default:
		err = &ValidationError{Reason: "unknown identifier kind"}
	}
	if err != nil {
		return "", err
	}
	return normalized, nil
}
