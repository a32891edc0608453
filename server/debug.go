package server

import (
	"fmt"
	"net"
	"net/http"
	"net/http/pprof"
	"time"
)

// DebugHandler serves Go's profiles (net/http/pprof) for an operator who
// profiles a slow server: `go tool pprof http://ADDR/debug/pprof/profile`.
// It is never part of the API's mux: profiles show request data in stack
// arguments and heap contents, so it listens on an address of its own
// (SCAMGRAPH_DEBUG_ADDR), which must be a loopback address.
func DebugHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// CheckDebugAddr refuses a debug address that is not on the loopback
// interface: the profiles must not be reachable from the network.
func CheckDebugAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("SCAMGRAPH_DEBUG_ADDR %q: want host:port such as 127.0.0.1:6060", addr)
	}
	if host == "localhost" {
		return nil
	}
	ip := net.ParseIP(host)
	if ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("SCAMGRAPH_DEBUG_ADDR %q: the profiling listener must be on a loopback address (127.0.0.1 or [::1])", addr)
	}
	return nil
}

// NewDebugServer is the profiling listener's HTTP server. Its write
// timeout leaves room for a 30-second CPU profile.
func NewDebugServer(addr string) *http.Server {
	return &http.Server{Addr: addr, Handler: DebugHandler(), ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 2 * time.Minute}
}
