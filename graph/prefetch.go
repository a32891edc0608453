package graph

// EdgeStep is one step of a prefetch plan: the relationships of one type
// and direction of the nodes the step before reached (for a first step,
// the nodes a query started from), and the steps that go on from the
// nodes at their far ends. A GraphQL request's nested selection becomes
// such a plan, read in one statement, so that its cost in round trips is
// one per root field whatever the load (see docs/decisions.md, "Nested
// selections read in one statement").
type EdgeStep struct {
	RelType RelType
	Dir     Direction
	Next    []EdgeStep
}

// MaxEdgeSteps bounds a plan: a query deep and wide enough to need more
// steps reads the rest level by level, as before.
const MaxEdgeSteps = 24

// StepPages is what one step of a plan read: for every node it started
// from (Keys, deduplicated), the page of its relationships; a key with
// none has no entry in Pages.
type StepPages struct {
	RelType RelType
	Dir     Direction
	Keys    []string
	Pages   map[string]EdgePage
}

// CountSteps is how many steps a plan has.
func CountSteps(steps []EdgeStep) int {
	n := 0
	for _, s := range steps {
		n += 1 + CountSteps(s.Next)
	}
	return n
}

// Projection says what a plan reads of the nodes and relationships it
// reaches: a request that reads only some of their properties (a name,
// a date) leaves the rest, the bulk of them (every case's claim repeats
// its values), in the database. Its zero value reads them whole.
type Projection struct {
	// NodeProps, when not nil, are the only model properties of the far
	// nodes the request reads.
	NodeProps []string
	// LinkProps, when not nil, are the only model properties of the
	// relationships it reads; LinkVariants whether it reads their
	// variants (what each case says), which need every case's claim.
	LinkProps    []string
	LinkVariants bool
}

// Projects says whether the projection reads less than whole nodes and
// relationships (it names the properties of both).
func (p Projection) Projects() bool { return p.NodeProps != nil && p.LinkProps != nil }
