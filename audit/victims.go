package audit

import (
	"slices"
	"sort"
	"strings"
	"unicode"
)

// The compact victim list. A nested read can name a thousand victims of
// one case, and their full ids repeat "person:<case>:" a thousand times:
// 27 KB in a record that is otherwise ~500 bytes. Grouping by that prefix
// keeps every id (they are what an auditor asks for), stays readable in
// the file (`"victims":{"person:TH-2025-07:":"V1 V2 V17"}`) and is undone
// by splitting on spaces. Ids cannot hold spaces (graph.ParseEntityID);
// one that does anyway (or has no ':' inside) stays whole in VictimIDs, so nothing is ever lost
// or made ambiguous.
//
// The record format needs no version number: a record has "victimIds"
// (written before "victims" existed, or ids with a space) or "victims" or
// both, and ReadVictimIDs reads any of these. Old lines keep verifying,
// since Verify hashes the bytes as they are.

// compactVictims moves VictimIDs into Victims.
func (r *Record) compactVictims() {
	if len(r.VictimIDs) == 0 {
		return
	}
	groups := map[string][]string{}
	var keep []string
	for _, id := range r.VictimIDs {
		prefix, suffix := splitVictimID(id)
		if prefix == "" || suffix == "" || strings.IndexFunc(id, unicode.IsSpace) >= 0 {
			keep = append(keep, id) // nothing to share, or would not survive the split
			continue
		}
		groups[prefix] = append(groups[prefix], suffix)
	}
	if r.Victims == nil && len(groups) > 0 {
		r.Victims = make(map[string]string, len(groups))
	}
	for prefix, suffixes := range groups {
		if old := r.Victims[prefix]; old != "" {
			suffixes = append(suffixes, strings.Fields(old)...)
		}
		sort.Strings(suffixes)
		r.Victims[prefix] = strings.Join(slices.Compact(suffixes), " ")
	}
	r.VictimIDs = keep
}

// splitVictimID cuts id after its last ':' ("person:C1:V7" gives
// "person:C1:" and "V7"; an id without ':' has the prefix "").
func splitVictimID(id string) (prefix, suffix string) {
	i := strings.LastIndexByte(id, ':')
	return id[:i+1], id[i+1:]
}

// ReadVictimIDs returns every victim id the record names, from either
// form, sorted and without duplicates.
func (r *Record) ReadVictimIDs() []string {
	out := slices.Clone(r.VictimIDs)
	for prefix, suffixes := range r.Victims {
		for _, s := range strings.Fields(suffixes) {
			out = append(out, prefix+s)
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// namesVictim says whether the record names id, without expanding it.
func (r *Record) namesVictim(id string) bool {
	if slices.Contains(r.VictimIDs, id) {
		return true
	}
	prefix, suffix := splitVictimID(id)
	suffixes, ok := r.Victims[prefix]
	return ok && suffix != "" && slices.Contains(strings.Fields(suffixes), suffix)
}
