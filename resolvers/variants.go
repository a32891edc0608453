package resolvers

import (
	"context"
	"encoding/json"

	"github.com/scamgraph/scamgraph/graph"
	"github.com/scamgraph/scamgraph/loaders"
	"github.com/scamgraph/scamgraph/resolvers/model"
)

// nameVariants is each visible case's name for an entity.
func nameVariants(ctx context.Context, id string) ([]*model.NameVariant, error) {
	claims, err := loaders.For(ctx).Claims(ctx, id)
	if err != nil {
		return nil, err
	}
	out := []*model.NameVariant{}
	for _, c := range claims {
		if name, ok := c.Props["name"].(string); ok {
			out = append(out, &model.NameVariant{Value: name, CaseID: c.CaseID})
		}
	}
	return out, nil
}

// variants lists the properties the visible cases disagree on.
func variants(ctx context.Context, id string) ([]*model.PropertyVariant, error) {
	claims, err := loaders.For(ctx).Claims(ctx, id)
	if err != nil {
		return nil, err
	}
	return propertyVariants(graph.Variants(claims)), nil
}

// propertyVariants is the GraphQL form of variants: a relationship's come
// decoded with it, from the visible cases' claims (see graph.Scope.linkView).
func propertyVariants(vs []graph.Variant) []*model.PropertyVariant {
	out := []*model.PropertyVariant{}
	for _, v := range vs {
		value, ok := v.Value.(string)
		if !ok {
			b, _ := json.Marshal(v.Value)
			value = string(b)
		}
		out = append(out, &model.PropertyVariant{Property: v.Property, Value: value, CaseIds: v.CaseIDs})
	}
	return out
}
