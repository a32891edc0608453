package graph

// Event is one dated fact around an entity: a recruitment, a journey step,
// the start or end of a detention, a payment, a transfer...
type Event struct {
	Date  PartialDate
	Kind  string // the relationship type, or HELD_AT_SINCE / HELD_AT_UNTIL style for periods
	Link  Link
	Other Node // the entity at the other end
}
