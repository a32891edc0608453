package testneo4j

import (
	"io"
	"net"
	"strings"
	"sync"
	"testing"
)

// Proxy forwards TCP to the real test Neo4j and can be switched off
// (listener closed, open connections cut) and on again at the same
// address, so a test can take Neo4j away from the code under test without
// stopping the instance the other tests share.
type Proxy struct {
	Addr   string
	target string
	mu     sync.Mutex
	ln     net.Listener
	conns  map[net.Conn]bool
}

// NewProxy reserves a loopback address for a proxy to the test Neo4j; it
// starts switched off.
func NewProxy(t testing.TB) *Proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &Proxy{Addr: ln.Addr().String(), target: strings.TrimPrefix(URI(), "bolt://"), conns: map[net.Conn]bool{}}
	ln.Close()
	t.Cleanup(p.Off)
	return p
}

// URI is the Bolt URI of the proxy.
func (p *Proxy) URI() string { return "bolt://" + p.Addr }

// On starts forwarding.
func (p *Proxy) On(t testing.TB) {
	t.Helper()
	ln, err := net.Listen("tcp", p.Addr)
	if err != nil {
		t.Fatal(err)
	}
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			up, err := net.Dial("tcp", p.target)
			if err != nil {
				c.Close()
				continue
			}
			p.mu.Lock()
			p.conns[c], p.conns[up] = true, true
			p.mu.Unlock()
			go func() { _, _ = io.Copy(up, c); up.Close() }()
			go func() { _, _ = io.Copy(c, up); c.Close() }()
		}
	}()
}

// Off stops forwarding and cuts every open connection.
func (p *Proxy) Off() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
	}
	p.conns = map[net.Conn]bool{}
}
