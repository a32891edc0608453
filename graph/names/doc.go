// Package names writes people's names across scripts in the forms other
// agencies write them: a Korean name in Hangul as the romanisations a Thai
// police file or an NGO sheet would use (Revised Romanisation, the
// McCune-Reischauer-like and family spellings, Lee/Yi/Rhee); a Han name in
// pinyin and in the Hokkien, Cantonese and Teochew spellings of Malaysia,
// Singapore and Hong Kong (黄志明: Huang Zhiming, Ng Chee Meng, Wong Chi
// Ming); Thai in RTGS; common Burmese and Khmer names from small tables.
// Entity resolution (issue 16, graph/resolution) compares these forms; the
// package knows nothing of where names are stored.
package names
