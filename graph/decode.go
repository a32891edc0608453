package graph

func (e *Edge) SetEnds(from, to string) { e.FromID, e.ToID = from, to }

func (e *Edge) SetVariants(v []Variant) { e.ClaimVariants = v }
