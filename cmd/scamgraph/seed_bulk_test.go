package main

import "testing"

// The bulk seed's memory limit leaves the host room: at most the memory
// available (when there is more than 2 GiB), at least 1 GiB.
func TestBulkMemoryLimitLeavesTheHostRoom(t *testing.T) {
	available, ok := memAvailable()
	if !ok {
		t.Fatal("this test reads MemAvailable of /proc/meminfo (Linux)")
	}
	limit := bulkMemoryLimit()
	if limit < 1<<30 || (available > 2<<30 && limit >= available) {
		t.Fatalf("limit %d bytes with %d bytes available", limit, available)
	}
}
