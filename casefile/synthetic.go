package casefile

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
)

// WriteSyntheticCase writes a deterministic, fictional JSON case file of
// about rows records (entities plus links) shaped like a real case:
// recruiters sharing phones, victims with journeys held in a few compounds,
// mule accounts in several countries passing money along. Benchmarks and
// load tests use it; the same seed gives the same file.
func WriteSyntheticCase(w io.Writer, caseID string, rows int, seed uint64) error {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	// Accounts, passports and transaction ids are numbered within the case,
	// so two synthetic cases do not contradict each other.
	sum := sha256.Sum256([]byte(caseID))
	ns := strings.ToUpper(hex.EncodeToString(sum[:2]))
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	fmt.Fprintf(bw, `{"case": {"id": %q, "title": "[FICTIONAL] synthetic case %s", "agency": "synthetic", "country": "KR", "fictional": true},`+"\n", caseID, caseID)

	const recruiters, compounds = 1000, 50
	units := max(1, (rows-recruiters-compounds)/8) // each unit: a victim, an account and six links
	countries := []string{"KH", "TH", "VN", "MM", "LA", "PH"}
	nationalities := []string{"KR", "CN", "ID", "VN", "IN", "KE"}
	first := true
	item := func(v any) error {
		if !first {
			bw.WriteString(",\n")
		}
		first = false
		return enc.Encode(v)
	}
	bw.WriteString(`"entities": [` + "\n")
	for i := range recruiters {
		if err := item(map[string]any{"ref": fmt.Sprintf("R%d", i), "type": "Recruiter", "name": fmt.Sprintf("Recruiter %d", i),
			"nationality": nationalities[i%len(nationalities)],
			"identifiers": []map[string]string{{"kind": "PHONE", "value": fmt.Sprintf("+8210%08d", i%700)}, {"kind": "TELEGRAM", "value": fmt.Sprintf("jobs_desk_%d", i%400)}}}); err != nil {
			return err
		}
	}
	for i := range compounds {
		if err := item(map[string]any{"ref": fmt.Sprintf("C%d", i), "type": "Compound", "name": fmt.Sprintf("Compound %d", i),
			"country": countries[i%3], "status": "ACTIVE"}); err != nil {
			return err
		}
	}
	for i := range units {
		if err := item(map[string]any{"ref": fmt.Sprintf("V%d", i), "type": "Victim", "name": fmt.Sprintf("Victim %d", i),
			"nationality": nationalities[rng.IntN(len(nationalities))], "victimType": "TRAFFICKED_WORKER", "status": "HELD",
			"identifiers": []map[string]string{{"kind": "PASSPORT", "value": fmt.Sprintf("M%s%08d", ns, i)}}}); err != nil {
			return err
		}
		if err := item(map[string]any{"ref": fmt.Sprintf("A%d", i), "type": "BankAccount", "kind": "BANK",
			"country": countries[i%len(countries)], "bankCode": fmt.Sprintf("BANK%02d", i%20), "accountNumber": fmt.Sprintf("%s%010d", ns, i),
			"currency": "USD"}); err != nil {
			return err
		}
	}
	bw.WriteString("],\n" + `"links": [` + "\n")
	first = true
	for i := range units {
		v, a := fmt.Sprintf("V%d", i), fmt.Sprintf("A%d", i)
		links := []map[string]any{
			{"type": "RECRUITED", "from": fmt.Sprintf("R%d", rng.IntN(recruiters)), "to": v, "date": "2024-05", "channel": "TELEGRAM"},
			{"type": "HELD_AT", "from": v, "to": fmt.Sprintf("C%d", rng.IntN(compounds)), "since": "2024-06"},
			{"type": "TRANSITED", "from": v, "to": "TH", "order": 1, "mode": "AIR"},
			{"type": "TRANSITED", "from": v, "to": "KH", "order": 2, "mode": "LAND"},
			{"type": "HOLDS", "from": fmt.Sprintf("R%d", rng.IntN(recruiters)), "to": a, "role": "MULE"},
			{"type": "TRANSFERRED", "from": a, "to": fmt.Sprintf("A%d", (i+1)%units), "txId": fmt.Sprintf("TX%s%d", ns, i),
				"amount": fmt.Sprintf("%d.%02d", 100+rng.IntN(20000), rng.IntN(100)), "currency": "USD", "date": fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+i%28)},
		}
		for _, l := range links {
			if err := item(l); err != nil {
				return err
			}
		}
	}
	bw.WriteString("]}\n")
	return bw.Flush()
}
