package server

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// Metrics are the Prometheus collectors served at /metrics.
type Metrics struct {
	Registry      *prometheus.Registry
	requests      *prometheus.CounterVec
	latency       *prometheus.HistogramVec
	neo4jQueries  *prometheus.CounterVec
	neo4jLatency  *prometheus.HistogramVec
	neo4jErrors   *prometheus.CounterVec
	graphqlErrors *prometheus.CounterVec

	// Operation names are chosen by clients, and free text: only known
	// names (BuiltinOperationNames and KnownOperations) get a label of
	// their own, every other is "other", so that a client can neither
	// blow up the metrics' cardinality nor write data (a name, a passport
	// number) into them.
	namesMu sync.RWMutex
	names   map[string]bool
}

// BuiltinOperationNames are the operation names of the queries the
// project ships (README, docs, GraphiQL's default query and GraphiQL's
// own introspection query).
var BuiltinOperationNames = []string{
	"Alerts", "AsOne", "BadInput", "Candidates", "Compounds", "Flows", "FollowTheRansom", "Hubs",
	"IntrospectionQuery", "LinkChart", "MoneyHops", "Network", "NewCase", "NewVictim",
	"OtherSpelling", "Recruited", "SameAs", "Search", "SharedPhone", "StillHeld", "Timeline",
	"VictimStory", "Watch", "WatchedAlerts", "WhatLinksThem",
}

var operationNamePattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]{0,63}$`)

// KnownOperations adds operation names that get a label of their own
// (SCAMGRAPH_METRICS_OPERATIONS, the names a deployment's clients use).
// A name that is not a GraphQL name of at most 64 characters is an error.
func (m *Metrics) KnownOperations(names ...string) error {
	m.namesMu.Lock()
	defer m.namesMu.Unlock()
	for _, n := range names {
		if !operationNamePattern.MatchString(n) {
			return fmt.Errorf("metrics: %q is not an operation name (letters, digits, '_', at most 64)", n)
		}
		m.names[n] = true
	}
	return nil
}

// MetricsOperationsFromEnv reads SCAMGRAPH_METRICS_OPERATIONS, a comma
// separated list of operation names.
func MetricsOperationsFromEnv() []string {
	var out []string
	for _, n := range strings.Split(os.Getenv("SCAMGRAPH_METRICS_OPERATIONS"), ",") {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// operationLabel is the metrics label of an operation name.
func (m *Metrics) operationLabel(name string) string {
	if name == "anonymous" {
		return name
	}
	m.namesMu.RLock()
	defer m.namesMu.RUnlock()
	if m.names[name] {
		return name
	}
	return "other"
}

// NewMetrics registers the collectors on a registry of their own (plus the
// Go and process collectors), so tests can make several.
func NewMetrics() *Metrics {
	reg := prometheus.NewRegistry()
	m := &Metrics{
		Registry: reg,
		names:    map[string]bool{},
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "scamgraph_graphql_requests_total", Help: "GraphQL operations served, by operation name and outcome.",
		}, []string{"operation", "outcome"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "scamgraph_graphql_request_duration_seconds", Help: "GraphQL operation latency by operation name.",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 14),
		}, []string{"operation"}),
		neo4jQueries: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "scamgraph_neo4j_round_trips_total", Help: "Statements sent to Neo4j, by statement name.",
		}, []string{"statement"}),
		neo4jLatency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "scamgraph_neo4j_statement_duration_seconds", Help: "Time to the first answer of a Neo4j statement.",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14),
		}, []string{"statement"}),
		neo4jErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "scamgraph_neo4j_errors_total", Help: "Neo4j statements that failed, by statement name.",
		}, []string{"statement"}),
		graphqlErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "scamgraph_graphql_errors_total", Help: "GraphQL errors returned, by code.",
		}, []string{"code"}),
	}
	reg.MustRegister(m.requests, m.latency, m.neo4jQueries, m.neo4jLatency, m.neo4jErrors, m.graphqlErrors,
		prometheus.NewGoCollector(), prometheus.NewProcessCollector(prometheus.ProcessCollectorOpts{}))
	for _, n := range BuiltinOperationNames {
		m.names[n] = true
	}
	return m
}

// ObserveQuery is the neo4jstore.QueryObserver that feeds the Neo4j metrics.
func (m *Metrics) ObserveQuery(name string, took time.Duration, err error) {
	m.neo4jQueries.WithLabelValues(name).Inc()
	m.neo4jLatency.WithLabelValues(name).Observe(took.Seconds())
	if err != nil {
		m.neo4jErrors.WithLabelValues(name).Inc()
	}
}
