package graph

import (
	"regexp"
	"strings"
)

var (
	ibanPattern   = regexp.MustCompile(`^[A-Z]{2}[0-9]{2}[A-Z0-9]{10,30}$`)
	base58Pattern = regexp.MustCompile(`^[1-9A-HJ-NP-Za-km-z]{25,64}$`)
	hexAddress    = regexp.MustCompile(`^0x[0-9a-fA-F]{40}$`)
	accountChars  = regexp.MustCompile(`^[A-Z0-9]{3,40}$`)
)

// AccountKey derives the natural key of an account so that the same account
// written differently in two case files meets on one node:
//
//	BANK:IBAN:<iban>                                   when an IBAN is known
//	<KIND>:<country>:<bank code or institution>:<number>  banks, e-wallets, money transfer
//	CRYPTO_WALLET:<chain>:<address>                     crypto wallets
//
// Numbers lose spaces, dashes, dots and slashes and are upper-cased; base58
// addresses (TRON, BTC) keep their case, which is significant; hex (EVM)
// addresses are lower-cased. It returns the key, the normalised number and
// IBAN, and what is wrong.
func AccountKey(kind, country, chain, bankCode, institution, number, iban string) (key, normNumber, normIBAN string, errs ValidationErrors) {
	strip := strings.NewReplacer(" ", "", "-", "", ".", "", "/", "")
	if iban != "" {
		normIBAN = strings.ToUpper(strip.Replace(iban))
		if !ibanPattern.MatchString(normIBAN) {
			errs.Add("input.iban", "not an IBAN")
		}
	}
	switch kind {
	case "":
		errs.Add("input.kind", "is required")
		return
	case "CRYPTO_WALLET":
		c := strings.ToUpper(strings.TrimSpace(chain))
		if c == "" {
			errs.Add("input.chain", "is required for a crypto wallet (TRON, ETHEREUM, BITCOIN, ...)")
		}
		addr := strings.TrimSpace(number)
		switch {
		case hexAddress.MatchString(addr):
			addr = strings.ToLower(addr)
		case base58Pattern.MatchString(addr):
		default:
			errs.Add("input.accountNumber", "not a wallet address (base58 or 0x-prefixed hex)")
		}
		return "CRYPTO_WALLET:" + c + ":" + addr, addr, "", errs
	}
	if normIBAN != "" && number == "" {
		return "BANK:IBAN:" + normIBAN, "", normIBAN, errs
	}
	normNumber = strings.ToUpper(strip.Replace(strings.TrimSpace(number)))
	if !accountChars.MatchString(normNumber) {
		errs.Add("input.accountNumber", "is required: 3 to 40 letters and digits (spaces and dashes are ignored)")
	}
	if country == "" {
		errs.Add("input.country", "is required for a %s account", strings.ToLower(kind))
	}
	inst := strings.ToUpper(strip.Replace(strings.TrimSpace(bankCode)))
	if inst == "" {
		inst = strings.ToUpper(strip.Replace(strings.TrimSpace(institution)))
	}
	if inst == "" {
		errs.Add("input.institution", "is required (or bankCode): the same number at two banks is two accounts")
	}
	if normIBAN != "" {
		return "BANK:IBAN:" + normIBAN, normNumber, normIBAN, errs
	}
	return kind + ":" + country + ":" + inst + ":" + normNumber, normNumber, "", errs
}
