package casefile

// The importer reads a file in passes (validate, then write entities, then
// links), each a record function given to Source.Entities or Source.Links.
// Every pass checks each record with checkEntity or checkLink under the
// record's number within its kind, which must be the same in every pass:
// the validation pass marks bad records by that number and the write
// passes skip them by it.

// check is checkEntity or checkLink: the i-th record of its kind, prepared
// for writing, or false when it is rejected.
type check[R, P any] func(i int, loc Location, r R, rowErr error) (P, bool)

// numbered is a record function that hands fn each record with its number.
func numbered[R any](fn func(i int, loc Location, r R, rowErr error) error) func(Location, R, error) error {
	n := 0
	return func(loc Location, r R, rowErr error) error {
		i := n
		n++
		return fn(i, loc, r, rowErr)
	}
}

// checkOnly is the record function of the validation pass: it checks every
// record and writes nothing.
func checkOnly[R, P any](c check[R, P]) func(Location, R, error) error {
	return numbered(func(i int, loc Location, r R, rowErr error) error {
		c(i, loc, r, rowErr)
		return nil
	})
}

// checkAndBatch is the record function of a write pass: each record that
// passes its check goes into the batch, with what pend says its report
// will need.
func checkAndBatch[R, P any](c check[R, P], b *batcher[P], pend func(Location, R) pending) func(Location, R, error) error {
	return numbered(func(i int, loc Location, r R, rowErr error) error {
		p, ok := c(i, loc, r, rowErr)
		if !ok {
			return nil
		}
		return b.add(p, pend(loc, r))
	})
}
