// Package resolution scores whether two profiles (people or
// organisations, as one reader may see them) are one entity, for the
// resolution candidates of issue 16: suggestions with reasons that people
// review, never silent merges.
//
// Compare weighs independent signals as log-odds and turns their sum into
// a score between 0 and 1: names compared across scripts by
// transliteration (Hangul, Han, Thai, Vietnamese, Burmese, Khmer, Latin in
// any order), partial birth dates, nationality, gender, shared identifiers
// and accounts, shared neighbours. Contradictions (another birth date,
// nationality, gender or passport) weigh against, so that look-alikes with
// common names stay under DefaultThreshold. BlockingKeys gives the
// name-derived keys a store uses to find candidates without comparing all
// pairs.
//
// The package is pure: it reads no database and logs nothing, since
// profiles carry personal data.
package resolution
