package main

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// The bulk seed's memory limit leaves the host room: at most the memory
// available, at least 1 GiB.
func TestBulkMemoryLimitLeavesTheHostRoom(t *testing.T) {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		t.Fatalf("this test reads /proc/meminfo (Linux): %v", err)
	}
	var availableKB int64
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) == 3 && f[0] == "MemAvailable:" {
			availableKB, _ = strconv.ParseInt(f[1], 10, 64)
		}
	}
	limit := bulkMemoryLimit()
	if limit < 1<<30 || (availableKB<<10 > 2<<30 && limit >= availableKB<<10) {
		t.Fatalf("limit %d bytes with %d kB available", limit, availableKB)
	}
}
