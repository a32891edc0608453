// Package names writes people's names across scripts in the forms other
// agencies write them: a Korean name in Hangul as the romanisations a Thai
// police file or an NGO sheet would use. Entity resolution (issue 16)
// compares these forms; the package knows nothing of where names are
// stored.
package names
