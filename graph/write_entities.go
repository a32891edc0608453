package graph

// nonNil gives Neo4j an empty list where Go has nil (a nil slice is sent
// as null, which UNWIND and list functions treat differently).
func NonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
