package server

import (
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

	// Operation names are chosen by clients: only the first
	// maxOperationNames distinct ones get a label of their own, so a
	// client cannot blow up the metrics' cardinality.
	namesMu sync.Mutex
	names   map[string]bool
}

const maxOperationNames = 200

// operationLabel is the metrics label of an operation name.
func (m *Metrics) operationLabel(name string) string {
	m.namesMu.Lock()
	defer m.namesMu.Unlock()
	if m.names[name] {
		return name
	}
	if len(m.names) >= maxOperationNames || len(name) > 64 {
		return "other"
	}
	m.names[name] = true
	return name
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
	return m
}

// ObserveQuery is the graph.QueryObserver that feeds the Neo4j metrics.
func (m *Metrics) ObserveQuery(name string, took time.Duration, err error) {
	m.neo4jQueries.WithLabelValues(name).Inc()
	m.neo4jLatency.WithLabelValues(name).Observe(took.Seconds())
	if err != nil {
		m.neo4jErrors.WithLabelValues(name).Inc()
	}
}
