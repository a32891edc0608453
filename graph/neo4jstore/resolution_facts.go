package neo4jstore

import (
	"context"
	"encoding/json"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j/dbtype"

	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/graph/resolution"
)

// maxFactsPerKind bounds the identifiers, accounts and neighbours read for
// one entity's profile: a hub recruiter's thousand victims say nothing
// more about who the recruiter is than fifty do.
const maxFactsPerKind = 50

// resolutionFactsCypher reads what resolution compares, unfiltered: each
// fact with the sources that make it visible, so that one read serves
// the caller's view of a candidate and, for a candidate in a hidden case,
// the whole record (which decides a hit and is never returned).
const resolutionFactsCypher = `
UNWIND $ids AS id
MATCH (n:Entity {id: id}) WHERE n:Person OR n:Organization
RETURN n,
  [(n)-[r:NATIONAL_OF]->(c:Country) | [c.code, r.sources, []]] AS nationalities,
  [(n)-[r:USES]->(i:Identifier) | [i.key, r.sources, i.sources, coalesce(i.victimData, false)]][..$cap] AS identifiers,
  [(n)-[r:HOLDS]->(a:BankAccount) | [a.accountKey, r.sources, a.sources]][..$cap] AS accounts,
  [(n)-[r:RECRUITED|RECRUITS_FOR|HELD_AT|MEMBER_OF]-(m:Entity) | [m.id, r.sources, m.sources]][..$cap] AS neighbours`

// entityFacts is one entity as stored, for resolution.
type entityFacts struct {
	node                                             dbtype.Node
	nationalities, identifiers, accounts, neighbours []fact
}

// fact is one value with what makes it visible: the relationship's and
// the far node's sources (countries have none to check).
type fact struct {
	value                string
	linkSources, sources []string
	victimData           bool
}

// readResolutionFacts reads the facts of the given people and
// organisations.
func readResolutionFacts(ctx context.Context, r runner, ids []string) (map[string]entityFacts, error) {
	out := map[string]entityFacts{}
	if len(ids) == 0 {
		return out, nil
	}
	recs, err := r.collect(ctx, "resolution_facts", resolutionFactsCypher, map[string]any{"ids": ids, "cap": maxFactsPerKind})
	if err != nil {
		return nil, err
	}
	for _, rec := range recs {
		n := rec.Values[0].(dbtype.Node)
		id, _ := n.Props["id"].(string)
		out[id] = entityFacts{node: n,
			nationalities: facts(rec.Values[1]), identifiers: facts(rec.Values[2]),
			accounts: facts(rec.Values[3]), neighbours: facts(rec.Values[4])}
	}
	return out, nil
}

func facts(v any) []fact {
	var out []fact
	for _, item := range v.([]any) {
		row := item.([]any)
		f := fact{linkSources: graph.AsStrings(row[1]), sources: graph.AsStrings(row[2])}
		f.value, _ = row[0].(string)
		if len(row) > 3 {
			f.victimData, _ = row[3].(bool)
		}
		out = append(out, f)
	}
	return out
}

// profile is what scope may see of the entity, as resolution compares it;
// ok is false when scope does not see the entity at all. Names come from
// every visible case's claim (two cases may spell one person two ways),
// and a victim's withheld or erased name gives none.
func (f entityFacts) profile(scope graph.Scope) (p resolution.Profile, node graph.Node, ok bool, err error) {
	if !scope.SeesProps(f.node.Props) {
		return p, nil, false, nil
	}
	node, err = decodeNode(f.node, scope)
	if err != nil {
		return p, nil, false, err
	}
	p.ID = node.GetID()
	switch n := node.(type) {
	case *graph.Person:
		p.Kind = string(graph.KindPerson)
		if erased, _ := f.node.Props["erased"].(bool); n.Name != graph.WithheldName && !erased {
			p.Names = append([]string{n.Name}, n.Aliases...)
			p.Names = append(p.Names, claimNames(f.node.Props, scope)...)
		}
		p.BirthDate = string(n.BirthDate)
		if n.Gender != nil {
			p.Gender = string(*n.Gender)
		}
	case *graph.Organization:
		p.Kind = string(graph.KindOrganization)
		p.Names = append([]string{n.Name}, n.Aliases...)
		p.Names = append(p.Names, claimNames(f.node.Props, scope)...)
		if n.RegistrationNumber != nil {
			p.Identifiers = append(p.Identifiers, "REGISTRATION:"+*n.RegistrationNumber)
		}
	}
	p.Names = uniqueStrings(p.Names)
	seen := func(x fact, far bool) bool {
		if !scope.Sees(x.linkSources) {
			return false
		}
		return !far || (scope.Sees(x.sources) && !(scope.RedactsVictimDetails() && x.victimData))
	}
	values := func(xs []fact, far bool) []string {
		var out []string
		for _, x := range xs {
			if seen(x, far) {
				out = append(out, x.value)
			}
		}
		return out
	}
	p.Nationalities = values(f.nationalities, false)
	p.Identifiers = append(p.Identifiers, values(f.identifiers, true)...)
	p.Accounts = values(f.accounts, true)
	p.Neighbours = values(f.neighbours, true)
	return p, node, true, nil
}

// claimNames are the names and aliases the visible cases' claims give.
func claimNames(props map[string]any, scope graph.Scope) []string {
	var out []string
	for k, v := range props {
		c, ok := strings.CutPrefix(k, "claim:")
		if !ok || !scope.SeesCase(c) {
			continue
		}
		raw, _ := v.(string)
		var cj graph.ClaimJSON
		if json.Unmarshal([]byte(raw), &cj) != nil {
			continue
		}
		out = append(out, namesOf(cj.Props)...)
	}
	slices.Sort(out)
	return out
}

func uniqueStrings(in []string) []string {
	out := in[:0:0]
	for _, s := range in {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
