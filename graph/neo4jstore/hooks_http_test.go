package neo4jstore

import (
	"time"
)

// AwaitIndexesTxTimeout exposes awaitIndexesTxTimeout to the tests.
func AwaitIndexesTxTimeout() time.Duration { return awaitIndexesTxTimeout() }

// AwaitIndexesSeconds exposes awaitIndexesSeconds to the tests.
const AwaitIndexesSeconds = awaitIndexesSeconds
