package graph

// WriteResult says what a write did, for callers that report it.
type WriteResult struct {
	ID      string
	Created bool
	Updated bool
}

// RowResult is the outcome of one row of a batch: written (Err nil) or
// refused (Err says why; the other rows are not affected).
type RowResult struct {
	WriteResult
	Err error
	// KeptErased counts the fields (personal properties, identifiers) of
	// an erased victim that the row gave and that were not written.
	KeptErased int
}

// Prepared is a validated, normalised entity, ready for WriteEntities.
// Preparing needs no database, so importers validate a whole file first
// (--strict) and the API validates before it opens a transaction.
type Prepared struct {
	Entity    EntityWrite
	MustExist bool // an update, or an import that attaches to an existing id
	// RefuseErased refuses, rather than leaves out, personal data given
	// for an erased victim: an API write says so; an import leaves them
	// out and counts them in its report.
	RefuseErased bool
}

// ID is the id the entity will have.
func (p Prepared) ID() string { return p.Entity.ID }

// Kind is the entity's label (Person, Organization, Compound, BankAccount).
func (p Prepared) Kind() Label { return p.Entity.Kind }

// PreparePerson validates a person with the given roles. id is an existing
// person to update (or in.PersonID to add roles to); "" creates. region is
// the case's country, the default region of national phone numbers.
func PreparePerson(in PersonInput, id string, roles []Label, region string) (Prepared, error) {
	if id == "" && in.PersonID != nil {
		id = *in.PersonID
	}
	w, err := in.write(id, roles, region)
	return Prepared{Entity: w, MustExist: id != ""}, err
}

// PrepareOrganization validates an organisation ("" id creates).
func PrepareOrganization(in OrganizationInput, id, region string) (Prepared, error) {
	w, err := in.write(id, region)
	return Prepared{Entity: w, MustExist: id != ""}, err
}

// PrepareCompound validates a compound ("" id creates).
func PrepareCompound(in CompoundInput, id, region string) (Prepared, error) {
	w, err := in.write(id, region)
	return Prepared{Entity: w, MustExist: id != ""}, err
}

// PrepareBankAccount validates an account. Without id it is found or
// created by its account key.
func PrepareBankAccount(in BankAccountInput, id string) (Prepared, error) {
	w, err := in.write(id)
	return Prepared{Entity: w, MustExist: id != ""}, err
}

// SensitiveIdentifierKinds are the identifier kinds that are victims'
// personal data.
var SensitiveIdentifierKinds = []string{"PASSPORT", "NATIONAL_ID", "PHONE", "WHATSAPP", "EMAIL"}
