package resolution

// Profile is what one reader may see of a person or organisation.
type Profile struct {
	ID            string
	Kind          string   // "Person" or "Organization"
	Names         []string // name and aliases, any script
	BirthDate     string   // partial ISO date: "", "1993", "1993-05", "1993-05-17"
	Nationalities []string // ISO 3166-1 alpha-2
	Gender        string   // MALE, FEMALE, OTHER, UNKNOWN or ""
	Identifiers   []string // "KIND:value", e.g. "PHONE:+821055550101", "TELEGRAM:hr_kim", "PASSPORT:E12345678"
	Accounts      []string // account keys, e.g. "BANK:KH:ABA:001122"
	Neighbours    []string // ids of the compounds, recruiters and organisations it is linked to
}

// Match is the verdict of Compare: a score between 0 and 1 and the
// reasons behind it, most important first.
type Match struct {
	Score   float64  // 0..1
	Reasons []string // readable, most important first
}

// DefaultThreshold is the recommended cut: a pair scoring at or above it
// is suggested for review. The score is the logistic of the summed
// evidence (see score.go), so 0.5 is where the evidence for one entity
// outweighs the prior against it: a full name match in any script plus
// one agreeing fact (nationality, gender, a compatible birth date) passes;
// a name alone, a near name (Ji-woo vs Ji-hoo) or a name with a
// contradiction (another birth date, nationality, gender or passport)
// stays under; a shared identifier or account with a compatible name
// passes easily. On the labelled pairs of testdata/resolution this cut
// gives the precision and recall that quality_test.go reports.
const DefaultThreshold = 0.5
