// Package synthetic writes a deterministic, fictional scam network of a
// given size as JSON case files, for `scamgraph seed` and the benchmarks.
// It has the domain's shape: compounds clustered in a few countries,
// recruiters in source countries sharing phones and handles across cases,
// victims with journeys, chains of mule accounts across borders ending in
// a few crypto wallets that every case knows, and several case files that
// overlap. The same scale and seed always give the same files.
package synthetic

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
)

// Per unit (one victim, her passport, one mule account) the network holds
// three nodes and fourteen relationships: nationality, passport, the
// account's country, recruited, held at, two transit countries, two
// holdings, a ransom payment and four transfers. Recruiters, compounds and
// the shared wallets add a little.
const (
	NodesPerUnit = 3
	RelsPerUnit  = 14
	// RowsPerUnit is what the importer reads per unit: two entities (the
	// passport rides on the victim) and eleven links (nationality and the
	// account's country ride along too).
	RowsPerUnit = 13

	unitsPerCase   = 100_000
	walletCount    = 20
	phonePoolShare = 3 // one phone per three recruiters, across all cases
)

// Plan is the seed of one scale: how many case files of how many units.
type Plan struct {
	Scale        int // nodes asked for (PlanRows: the nodes it writes)
	Cases        int
	UnitsPerCase int
	Seed         uint64
}

// PlanFor plans a network of about scale nodes: case files of at most
// 100,000 units (an agency's large case), at least two so that cases overlap.
func PlanFor(scale int, seed uint64) Plan {
	units := max(scale/NodesPerUnit, 20)
	cases := max(2, (units+unitsPerCase-1)/unitsPerCase)
	return Plan{Scale: scale, Cases: cases, UnitsPerCase: units / cases, Seed: seed}
}

// PlanRows plans a single case file that the importer reads as about rows
// rows (at least one unit's worth), for measuring the import of one file.
func PlanRows(rows int, seed uint64) Plan {
	p := Plan{Cases: 1, UnitsPerCase: 1, Seed: seed}
	// Beyond the first, a unit adds RowsPerUnit rows and every fiftieth
	// unit a recruiter.
	p.UnitsPerCase += max(0, (rows-p.Rows())*50/(50*RowsPerUnit+1))
	p.Scale = p.Nodes()
	return p
}

// Nodes and Relationships are what the plan writes, about.
func (p Plan) Nodes() int {
	return p.Cases*(p.UnitsPerCase*NodesPerUnit+p.recruiters()+compoundsPerCase) + walletCount + p.phonePool()
}

func (p Plan) Relationships() int { return p.Cases * p.UnitsPerCase * RelsPerUnit }

// Rows is what the importer reads.
func (p Plan) Rows() int {
	return p.Cases * (p.UnitsPerCase*RowsPerUnit + p.recruiters() + compoundsPerCase + walletCount)
}

func (p Plan) recruiters() int { return max(10, p.UnitsPerCase/50) }
func (p Plan) phonePool() int  { return max(5, p.Cases*p.recruiters()/phonePoolShare) }

const compoundsPerCase = 30

// CaseID names the i-th case file of the plan.
func (p Plan) CaseID(i int) string {
	return fmt.Sprintf("SYN-%s-%03d", caseAgencies[i%len(caseAgencies)].country, i)
}

var caseAgencies = []struct{ country, agency string }{
	{"KR", "Korean National Police Agency (synthetic)"},
	{"ID", "Indonesian National Police (synthetic)"},
	{"VN", "Vietnam Ministry of Public Security (synthetic)"},
	{"IN", "Indian Cyber Crime Coordination Centre (synthetic)"},
	{"KE", "Kenya DCI (synthetic)"},
	{"CN", "Chinese Ministry of Public Security (synthetic)"},
}

var (
	compoundCountries = []string{"KH", "KH", "KH", "MM", "MM", "LA"} // clustered
	accountCountries  = []string{"KH", "TH", "VN", "MY", "PH", "KH"}
	transitCountries  = []string{"TH", "TH", "VN", "MY"}
)

// walletAddress is the i-th shared TRON wallet: the same in every case, so
// the money of all cases meets there.
func walletAddress(i int) string {
	const alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
	b := []byte("T")
	x := uint64(i)*0x9e3779b97f4a7c15 + 12345
	for len(b) < 34 {
		b = append(b, alphabet[x%58])
		x = x/58 + uint64(len(b))*0x2545F4914F6CDD1D
	}
	return string(b)
}

// WriteCase writes the i-th case file of the plan as a JSON case file. Case
// files of different i (of one plan or of two) do not contradict each
// other: each has its own case id, passports, accounts and transactions,
// and they share only recruiters' phones and handles and the wallets.
func (p Plan) WriteCase(w io.Writer, i int) error {
	rng := rand.New(rand.NewPCG(p.Seed, uint64(i)*0x9e3779b97f4a7c15+1))
	ag := caseAgencies[i%len(caseAgencies)]
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	fmt.Fprintf(bw, `{"case": {"id": %q, "title": "[FICTIONAL] synthetic case %d", "agency": %q, "country": %q, "fictional": true},`+"\n",
		p.CaseID(i), i, ag.agency, ag.country)
	first := true
	item := func(v any) error {
		if !first {
			bw.WriteString(",\n")
		}
		first = false
		return enc.Encode(v)
	}
	units, recruiters := p.UnitsPerCase, p.recruiters()
	bw.WriteString(`"entities": [` + "\n")
	for r := range recruiters {
		global := i*recruiters + r
		if err := item(map[string]any{"ref": fmt.Sprintf("R%d", r), "type": "Recruiter", "name": fmt.Sprintf("Recruiter %d-%d", i, r),
			"nationality": ag.country,
			"identifiers": []map[string]string{
				{"kind": "PHONE", "value": fmt.Sprintf("+85596%07d", global%p.phonePool())},
				{"kind": "TELEGRAM", "value": fmt.Sprintf("hr_desk_%d", global%(p.phonePool()/2+1))}}}); err != nil {
			return err
		}
	}
	for c := range compoundsPerCase {
		if err := item(map[string]any{"ref": fmt.Sprintf("C%d", c), "type": "Compound", "name": fmt.Sprintf("Compound %d-%d", i, c),
			"country": compoundCountries[c%len(compoundCountries)], "status": "ACTIVE"}); err != nil {
			return err
		}
	}
	for wlt := range walletCount {
		if err := item(map[string]any{"ref": fmt.Sprintf("W%d", wlt), "type": "BankAccount", "kind": "CRYPTO_WALLET", "chain": "TRON",
			"accountNumber": walletAddress(wlt), "currency": "USDT"}); err != nil {
			return err
		}
	}
	for u := range units {
		if err := item(map[string]any{"ref": fmt.Sprintf("V%d", u), "type": "Victim", "name": fmt.Sprintf("Victim %d-%d", i, u),
			"nationality": ag.country, "victimType": "TRAFFICKED_WORKER", "status": "HELD",
			"identifiers": []map[string]string{{"kind": "PASSPORT", "value": fmt.Sprintf("S%02d%08d", i%100, u)}}}); err != nil {
			return err
		}
		if err := item(map[string]any{"ref": fmt.Sprintf("A%d", u), "type": "BankAccount", "kind": "BANK",
			"country": accountCountries[u%len(accountCountries)], "bankCode": fmt.Sprintf("SYNB%02d", u%20),
			"accountNumber": fmt.Sprintf("%03d%010d", i, u), "currency": "USD", "name": fmt.Sprintf("Mule %d-%d", i, u)}); err != nil {
			return err
		}
	}
	bw.WriteString("],\n" + `"links": [` + "\n")
	first = true
	account := func() string { return fmt.Sprintf("A%d", rng.IntN(units)) }
	for u := range units {
		v, a := fmt.Sprintf("V%d", u), fmt.Sprintf("A%d", u)
		compound := rng.IntN(compoundsPerCase)
		month := 1 + u%12
		amount := func() string { return fmt.Sprintf("%d.%02d", 100+rng.IntN(20000), rng.IntN(100)) }
		tx := func(k int) string { return fmt.Sprintf("SYN%03d-%d-%d", i, u, k) }
		sink := account()
		if u%10 == 0 {
			sink = fmt.Sprintf("W%d", rng.IntN(walletCount))
		}
		links := []map[string]any{
			{"type": "RECRUITED", "from": fmt.Sprintf("R%d", rng.IntN(recruiters)), "to": v, "date": fmt.Sprintf("2024-%02d", month), "channel": "TELEGRAM"},
			{"type": "HELD_AT", "from": v, "to": fmt.Sprintf("C%d", compound), "since": fmt.Sprintf("2024-%02d", month)},
			{"type": "TRANSITED", "from": v, "to": transitCountries[u%len(transitCountries)], "order": 1, "mode": "AIR", "date": fmt.Sprintf("2024-%02d", month)},
			{"type": "TRANSITED", "from": v, "to": compoundCountries[compound%len(compoundCountries)], "order": 2, "mode": "LAND", "date": fmt.Sprintf("2024-%02d", month)},
			{"type": "HOLDS", "from": fmt.Sprintf("R%d", rng.IntN(recruiters)), "to": a, "role": "CONTROLLER"},
			{"type": "HOLDS", "from": v, "to": a, "role": "MULE"},
			{"type": "PAID", "from": v, "to": account(), "amount": amount(), "currency": "USD", "reason": "RANSOM", "date": fmt.Sprintf("2024-%02d-15", month)},
			{"type": "TRANSFERRED", "from": a, "to": fmt.Sprintf("A%d", (u+1)%units), "txId": tx(1), "amount": amount(), "currency": "USD", "date": fmt.Sprintf("2024-%02d-16", month)},
			{"type": "TRANSFERRED", "from": a, "to": account(), "txId": tx(2), "amount": amount(), "currency": "USD", "date": fmt.Sprintf("2024-%02d-17", month)},
			{"type": "TRANSFERRED", "from": a, "to": account(), "txId": tx(3), "amount": amount(), "currency": "USD", "date": fmt.Sprintf("2024-%02d-18", month)},
			{"type": "TRANSFERRED", "from": a, "to": sink, "txId": tx(4), "amount": amount(), "currency": "USD", "date": fmt.Sprintf("2024-%02d-20", month)},
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
