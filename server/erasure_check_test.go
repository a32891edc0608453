package server_test

// What the erasure tests read of victim VA of agency A (twoAgencies) after
// her data is erased, and how they tell whether anything personal is left.

// victimAfterErasure reads the victim with her personal data and the
// network around her, and asks whether her passport or her names still
// find her.
const victimAfterErasure = `{ node(id: "person:A-1:VA") { ... on Person { name aliases birthDate nameVariants { value } identifiers { kind }
		asVictim { recruitedBy { recruiter { id } } } } }
		passport: node(id: "identifier:PASSPORT:ZZ1234567") { id }
		byName: search(text: "Victim Alpha") { hits { node { id } } }
		byOtherName: search(text: "Alpha Other") { hits { node { id } } } }`

// showsPersonalData says whether the victim v (the node victimAfterErasure
// read) still shows a name, aliases, a birth date, name variants or
// identifiers.
func showsPersonalData(v any) bool {
	return dig(v, "name") != "[erased]" || len(dig(v, "aliases").([]any)) != 0 || dig(v, "birthDate") != nil ||
		len(dig(v, "nameVariants").([]any)) != 0 || len(dig(v, "identifiers").([]any)) != 0
}

// stillFindsHer says whether, in the answer to victimAfterErasure, her
// passport or one of her names still finds her.
func stillFindsHer(data map[string]any) bool {
	return data["passport"] != nil || len(dig(data, "byName", "hits").([]any)) != 0 || len(dig(data, "byOtherName", "hits").([]any)) != 0
}
