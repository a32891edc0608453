// Package rank ranks the nodes of a bounded subgraph by degree, PageRank
// or betweenness for the hubs question. The computations stop at the
// request's deadline; their results are held equal to gonum's in the tests.
package rank
