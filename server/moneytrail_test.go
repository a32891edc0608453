package server_test

import (
	"fmt"
	"strings"
	"testing"
)

// TestMoneyTrailFollowsTheRansomToTheWallet follows the demo's known trail:
// V03's family paid 15,000 USD ransom into A01; it went A01 -> A02 -> A05 ->
// A06 -> A08 -> A09 -> A14, where 14,100 USDT came to rest in a TRON wallet
// (demo/README.md, "Known answers").
func TestMoneyTrailFollowsTheRansomToTheWallet(t *testing.T) {
	api := newAPI(t, loadDemo(t), true)
	data := mustQuery(t, api, `{ moneyTrail(from: "person:DEMO-KH-2025-001:V03", maxHops: 8) {
	  truncated usdComplete enteredUsd restingUsd
	  restingAccounts { id chain }
	  paths { reachedMaxHops hops { type from to amount currency amountUsd date fromWhere toWhere crossesBorder } }
	  graph { nodes { id } edges { id } }
	} }`, nil)
	trail := dig(data, "moneyTrail")
	paths := dig(trail, "paths").([]any)
	if len(paths) != 1 {
		t.Fatalf("one trail from V03's ransom, got %d", len(paths))
	}
	hops := dig(paths[0], "hops").([]any)
	if len(hops) != 7 || dig(hops[0], "type") != "PAID" || dig(hops[0], "amount") != "15000" {
		t.Fatalf("the ransom and six transfers: %v", hops)
	}
	last := hops[6]
	if dig(last, "to") != "account:CRYPTO_WALLET:TRON:TEwy893iWR8SKXkrqtH4DkrsP3hxW6RMzF" || dig(last, "amount") != "14100" || dig(last, "currency") != "USDT" {
		t.Fatalf("the last hop: %v", last)
	}
	if dig(last, "toWhere") != "chain:TRON" || dig(last, "crossesBorder") != true {
		t.Fatalf("into the wallet crosses from a bank into a chain: %v", last)
	}
	var route []string
	for _, h := range hops {
		route = append(route, fmt.Sprint(dig(h, "fromWhere"))+">"+fmt.Sprint(dig(h, "toWhere")))
	}
	// Cambodia to Thailand to Vietnam to TRON, as the demo's story says.
	if got := strings.Join(route[1:], " "); !strings.Contains(got, "KH>TH") || !strings.Contains(got, "TH>VN") || !strings.Contains(got, "VN>chain:TRON") {
		t.Fatalf("border crossings: %s", got)
	}
	resting := dig(trail, "restingAccounts").([]any)
	if len(resting) != 1 || dig(resting[0], "chain") != "TRON" {
		t.Fatalf("the money rests in the TRON wallet: %v", resting)
	}
	if dig(trail, "enteredUsd") != "15000" || dig(trail, "restingUsd") != "14100" || dig(trail, "usdComplete") != true {
		t.Fatalf("totals: entered %v, resting %v", dig(trail, "enteredUsd"), dig(trail, "restingUsd"))
	}
	// A higher bar cuts the trail where the amounts fall below it.
	data = mustQuery(t, api, `{ moneyTrail(from: "person:DEMO-KH-2025-001:V03", maxHops: 8, minAmount: "14900") { paths { hops { amountUsd } } } }`, nil)
	if hops := dig(data, "moneyTrail", "paths", 0, "hops").([]any); len(hops) >= 7 {
		t.Fatalf("minAmount 14900 should stop the trail early: %d hops", len(hops))
	}
	// Going IN from the wallet finds the ransom's account among the sources.
	data = mustQuery(t, api, `{ moneyTrail(from: "account:CRYPTO_WALLET:TRON:TEwy893iWR8SKXkrqtH4DkrsP3hxW6RMzF", direction: IN, maxHops: 8) { paths { hops { from } } } }`, nil)
	found := false
	for _, p := range dig(data, "moneyTrail", "paths").([]any) {
		for _, h := range dig(p, "hops").([]any) {
			if dig(h, "from") == "person:DEMO-KH-2025-001:V03" {
				found = true
			}
		}
	}
	if !found {
		t.Fatal("tracing IN from the wallet does not reach V03's ransom")
	}
}

// TestCrossBorderFlowsOfTheDemo checks the flows against the demo's facts
// (counted from demo-case.json by a script, each victim once per flow): 27
// victims went from Thailand into Cambodia, 16 Koreans flew to Thailand,
// three Vietnamese crossed straight into Cambodia; money moved from
// Cambodia to Thailand with USD sums, and from Vietnam onto TRON.
func TestCrossBorderFlowsOfTheDemo(t *testing.T) {
	api := newAPI(t, loadDemo(t), true)
	data := mustQuery(t, api, `{ crossBorderFlows(kind: VICTIMS) { from { code } to { code } count } }`, nil)
	counts := map[string]float64{}
	for _, f := range dig(data, "crossBorderFlows").([]any) {
		counts[fmt.Sprint(dig(f, "from", "code"))+">"+fmt.Sprint(dig(f, "to", "code"))] = dig(f, "count").(float64)
	}
	want := map[string]float64{"TH>KH": 27, "KR>TH": 16, "ID>TH": 4, "VN>KH": 3, "KE>TH": 3, "IN>TH": 3, "VN>TH": 1}
	if len(counts) != len(want) {
		t.Fatalf("victim flows: %v, want %v", counts, want)
	}
	for k, n := range want {
		if counts[k] != n {
			t.Fatalf("victim flow %s: %v, want %v (all: %v)", k, counts[k], n, counts)
		}
	}
	data = mustQuery(t, api, `{ crossBorderFlows(kind: MONEY) { from { code country { name } } to { code } count sumUsd sums { currency amount } } }`, nil)
	money := map[string]any{}
	for _, f := range dig(data, "crossBorderFlows").([]any) {
		money[fmt.Sprint(dig(f, "from", "code"))+">"+fmt.Sprint(dig(f, "to", "code"))] = f
	}
	kh := money["KH>TH"]
	if kh == nil || dig(kh, "count").(float64) < 1 || dig(kh, "sumUsd") == "0" || dig(kh, "from", "country", "name") != "Cambodia" {
		t.Fatalf("money from Cambodia to Thailand: %v (all: %v)", kh, money)
	}
	if money["VN>chain:TRON"] == nil {
		t.Fatalf("money into the TRON wallet from Vietnam: %v", money)
	}
}
