package main

// The optional side-by-side (-peer, make bench-peer): the nested query and
// the filtered list through another GraphQL server, @neo4j/graphql
// (bench/peer: typeDefs over the stored model, served by Node.js), on the
// same Neo4j and data, measured with the same measure function. Before
// measuring, each family asks both servers the same questions and
// compares the data (a comparison of throughput means little if the two
// answer different things); a difference is reported, not fatal.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/scamgraph/scamgraph/internal/benchreport"
)

// peerFamily is one of families() as the peer asks it. param draws what
// a request varies (a victim id, a case id) the way the API's family
// does, so that with the same random source both ask the same sequence
// of questions; api and peer turn it into each server's query; canonAPI
// and canonPeer reduce each answer's data to the same shape.
type peerFamily struct {
	name                string
	param               func(r *rand.Rand) string
	checks              []string // params the answers are compared on
	api, peer           func(p string) (string, map[string]any)
	canonAPI, canonPeer func(data []byte) ([]string, error)
}

// The peer's queries, in @neo4j/graphql 7's syntax (generic filters
// `{ field: { eq: ... } }`; the `_EQ` suffixes are deprecated in 7).
const (
	// From the victim, as our nested family: her recruiters, the
	// victims each recruited, where each was held.
	peerNestedQuery = `query($id: ID!) { victims(where: {id: {eq: $id}}) { recruitedBy { name recruited { name heldAt { name } } } } }`
	// A case's victims whose name contains "9", in NAME order (the
	// stored sortName, then id, as our list orders), 20 of them. "Of a
	// case" is `$c IN n.sources`, as in our raw statement.
	// The question (nestedListQuery): 20 recruiters of a case in
	// NAME order, their victims, where each was held, its country.
	peerNestedListQuery = `query($c: String!) { recruiters(where: {sources: {includes: $c}}, sort: [{sortName: ASC}, {id: ASC}], limit: 20) { name recruited { name heldAt { name country { code } } } } }`
	peerListQuery       = `query($c: String!) { victims(where: {sources: {includes: $c}, name: {contains: "9"}}, sort: [{sortName: ASC}, {id: ASC}], limit: 20) { id name status } }`
)

func peerFamilies(s sample) []peerFamily {
	first := func(xs []string, n int) []string { return xs[:min(n, len(xs))] }
	return []peerFamily{
		{
			name:   benchreport.FamilyFilteredList,
			param:  func(r *rand.Rand) string { return pick(r, s.cases) },
			checks: first(s.cases, 5),
			api:    func(c string) (string, map[string]any) { return listQuery, map[string]any{"c": c} },
			peer:   func(c string) (string, map[string]any) { return peerListQuery, map[string]any{"c": c} },
			canonAPI: func(data []byte) ([]string, error) {
				var d struct {
					Victims struct {
						Edges []struct{ Node listRow }
					}
				}
				err := json.Unmarshal(data, &d)
				var out []string
				for _, e := range d.Victims.Edges {
					out = append(out, e.Node.String())
				}
				return out, err
			},
			canonPeer: func(data []byte) ([]string, error) {
				var d struct{ Victims []listRow }
				err := json.Unmarshal(data, &d)
				var out []string
				for _, v := range d.Victims {
					out = append(out, v.String())
				}
				return out, err
			},
		},
		{
			name:   benchreport.FamilyNestedList,
			param:  func(r *rand.Rand) string { return pick(r, s.cases) },
			checks: first(s.cases, 5),
			api:    func(c string) (string, map[string]any) { return nestedListQuery, map[string]any{"c": c} },
			peer:   func(c string) (string, map[string]any) { return peerNestedListQuery, map[string]any{"c": c} },
			canonAPI: func(data []byte) ([]string, error) {
				var d struct {
					Recruiters struct {
						Edges []struct {
							Node struct {
								Name      *string
								Recruited []struct{ Victim heldVictim }
							}
						}
					}
				}
				err := json.Unmarshal(data, &d)
				var out []string
				for i, e := range d.Recruiters.Edges {
					for _, rv := range e.Node.Recruited {
						out = append(out, rv.Victim.lines(i, e.Node.Name)...)
					}
				}
				slices.Sort(out)
				return out, err
			},
			canonPeer: func(data []byte) ([]string, error) {
				var d struct {
					Recruiters []struct {
						Name      *string
						Recruited []struct {
							Name   *string
							HeldAt []struct {
								Name    *string
								Country []struct{ Code *string }
							}
						}
					}
				}
				err := json.Unmarshal(data, &d)
				var out []string
				for i, rec := range d.Recruiters {
					for _, rv := range rec.Recruited {
						v := heldVictim{Name: rv.Name}
						for _, h := range rv.HeldAt {
							c := compoundIn{}
							c.Compound.Name = h.Name
							if len(h.Country) > 0 {
								c.Compound.Country = &struct{ Code *string }{h.Country[0].Code}
							}
							v.HeldAt = append(v.HeldAt, c)
						}
						out = append(out, v.lines(i, rec.Name)...)
					}
				}
				slices.Sort(out)
				return out, err
			},
		},
		{
			name:   benchreport.FamilyNested,
			param:  func(r *rand.Rand) string { return pick(r, s.victims) },
			checks: first(s.victims, 5),
			api:    func(id string) (string, map[string]any) { return nestedQuery, map[string]any{"id": id} },
			peer:   func(id string) (string, map[string]any) { return peerNestedQuery, map[string]any{"id": id} },
			canonAPI: func(data []byte) ([]string, error) {
				type named struct{ Name *string }
				var d struct {
					Node *struct {
						AsVictim *struct {
							RecruitedBy []struct {
								Recruiter struct {
									Name      *string
									Recruited []struct {
										Victim struct {
											Name   *string
											HeldAt []struct{ Compound named }
										}
									}
								}
							}
						}
					}
				}
				if err := json.Unmarshal(data, &d); err != nil || d.Node == nil || d.Node.AsVictim == nil {
					return nil, err
				}
				var out []string
				for _, rb := range d.Node.AsVictim.RecruitedBy {
					for _, rv := range rb.Recruiter.Recruited {
						var held []*string
						for _, h := range rv.Victim.HeldAt {
							held = append(held, h.Compound.Name)
						}
						out = append(out, triples(rb.Recruiter.Name, rv.Victim.Name, held)...)
					}
				}
				slices.Sort(out)
				return out, nil
			},
			canonPeer: func(data []byte) ([]string, error) {
				type named struct{ Name *string }
				var d struct {
					Victims []struct {
						RecruitedBy []struct {
							Name      *string
							Recruited []struct {
								Name   *string
								HeldAt []named
							}
						}
					}
				}
				if err := json.Unmarshal(data, &d); err != nil {
					return nil, err
				}
				var out []string
				for _, v := range d.Victims {
					for _, rb := range v.RecruitedBy {
						for _, rv := range rb.Recruited {
							var held []*string
							for _, h := range rv.HeldAt {
								held = append(held, h.Name)
							}
							out = append(out, triples(rb.Name, rv.Name, held)...)
						}
					}
				}
				slices.Sort(out)
				return out, nil
			},
		},
	}
}

// heldVictim is a recruited victim of the nested list, in the API's
// shape (the peer's is turned into it).
type heldVictim struct {
	Name   *string
	HeldAt []compoundIn
}

type compoundIn struct {
	Compound struct {
		Name    *string
		Country *struct{ Code *string }
	}
}

// lines flattens a recruited victim into "place of the recruiter in the
// page, recruiter, victim, compound, country" lines, one per compound.
func (v heldVictim) lines(place int, recruiter *string) []string {
	prefix := fmt.Sprintf("%02d\t%s\t%s\t", place, str(recruiter), str(v.Name))
	if len(v.HeldAt) == 0 {
		return []string{prefix}
	}
	var out []string
	for _, h := range v.HeldAt {
		code := "<none>"
		if h.Compound.Country != nil {
			code = str(h.Compound.Country.Code)
		}
		out = append(out, prefix+str(h.Compound.Name)+"\t"+code)
	}
	return out
}

// listRow is one victim of a list page, as both servers name its fields.
type listRow struct {
	ID     string
	Name   *string
	Status *string
}

func (r listRow) String() string { return r.ID + "\t" + str(r.Name) + "\t" + str(r.Status) }

// triples flattens one recruited victim into "recruiter, victim,
// compound" lines, one per compound (one with no compound when she was
// held nowhere the data says).
func triples(recruiter, victim *string, compounds []*string) []string {
	if len(compounds) == 0 {
		return []string{str(recruiter) + "\t" + str(victim) + "\t"}
	}
	var out []string
	for _, c := range compounds {
		out = append(out, str(recruiter)+"\t"+str(victim)+"\t"+str(c))
	}
	return out
}

func str(s *string) string {
	if s == nil {
		return "<null>"
	}
	return *s
}

// sameData asks both servers f's questions on f.checks and says whether
// they answered the same data, in one line for the report.
func sameData(f peerFamily, ours *server, theirs *peer) string {
	same, rows := 0, 0
	var diffs []string
	for _, p := range f.checks {
		q, v := f.api(p)
		a, err := ours.data(q, v)
		var ca, cp []string
		if err == nil {
			ca, err = f.canonAPI(a)
		}
		if err != nil {
			diffs = append(diffs, fmt.Sprintf("%s: the API failed: %v", p, err))
			continue
		}
		q, v = f.peer(p)
		b, err := theirs.data(q, v)
		if err == nil {
			cp, err = f.canonPeer(b)
		}
		if err != nil {
			diffs = append(diffs, fmt.Sprintf("%s: the peer failed: %v", p, err))
			continue
		}
		if slices.Equal(ca, cp) {
			same++
			rows += len(ca)
			continue
		}
		diffs = append(diffs, fmt.Sprintf("%s: api %d rows, peer %d rows%s", p, len(ca), len(cp), firstDifference(ca, cp)))
	}
	what := "victims"
	if f.name == benchreport.FamilyFilteredList || f.name == benchreport.FamilyNestedList {
		what = "cases"
	}
	line := fmt.Sprintf("%s: the same data for %d of %d %s (%d rows alike)", f.name, same, len(f.checks), what, rows)
	if len(diffs) > 0 {
		line += "; DIFFERENT: " + strings.Join(diffs, "; ")
	}
	return line
}

// firstDifference shows the first line where a and b part.
func firstDifference(a, b []string) string {
	for i := range max(len(a), len(b)) {
		x, y := "(none)", "(none)"
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			return fmt.Sprintf(", first difference at row %d: api %q, peer %q", i+1, x, y)
		}
	}
	return ""
}

// peer is the peer GraphQL server (node bench/peer/server.mjs) as its own
// process, like ours.
type peer struct {
	cmd     *exec.Cmd
	exited  chan error
	url     string
	version string // "@neo4j/graphql 7.6.3", as installed
	client  *http.Client
}

// startPeer starts the peer in dir on a free port, reading the Neo4j at
// uri, and waits until it answers.
func startPeer(dir, uri, password string) (*peer, error) {
	var pkg struct{ Version string }
	b, err := os.ReadFile(filepath.Join(dir, "node_modules", "@neo4j", "graphql", "package.json"))
	if err == nil {
		err = json.Unmarshal(b, &pkg)
	}
	if err != nil {
		return nil, fmt.Errorf("the peer is not installed in %s (run make peer, which needs Node.js and npm): %v", dir, err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		return nil, fmt.Errorf("the peer needs Node.js: %w", err)
	}
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	_, port, _ := net.SplitHostPort(addr)
	logf, err := os.CreateTemp("", "scamgraph-bench-peer-*.log")
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(node, filepath.Join(dir, "server.mjs"))
	cmd.Env = append(os.Environ(), "NEO4J_URI="+uri, "NEO4J_USER=neo4j", "NEO4J_PASSWORD="+password, "PORT="+port, "NODE_ENV=production")
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting the peer: %w", err)
	}
	p := &peer{cmd: cmd, exited: make(chan error, 1), url: "http://" + addr + "/graphql", version: "@neo4j/graphql " + pkg.Version,
		client: &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}, Timeout: 60 * time.Second}}
	go func() { p.exited <- cmd.Wait() }()
	for range 240 {
		select {
		case err := <-p.exited:
			return nil, fmt.Errorf("the peer exited (%v); its log is %s", err, logf.Name())
		case <-time.After(250 * time.Millisecond):
		}
		if _, err := p.data(`{ __typename }`, nil); err == nil {
			return p, nil
		}
	}
	p.stop()
	return nil, fmt.Errorf("the peer did not answer in 60 s; its log is %s", logf.Name())
}

// stop interrupts the peer and waits for it, killing it after 10 s.
func (p *peer) stop() {
	_ = p.cmd.Process.Signal(os.Interrupt)
	select {
	case <-p.exited:
	case <-time.After(10 * time.Second):
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
}

func (p *peer) request(q string, vars map[string]any) *http.Request {
	body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, p.url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	return req
}

// graphql does one request as our server's graphql does: the answer is
// read whole and checked for errors, not decoded.
func (p *peer) graphql(q string, vars map[string]any) error {
	_, err := post(p.client, p.request(q, vars))
	return err
}

// data does one request and returns the answer's data.
func (p *peer) data(q string, vars map[string]any) ([]byte, error) {
	return dataOf(post(p.client, p.request(q, vars)))
}

// data does one request to our server and returns the answer's data.
func (s *server) data(q string, vars map[string]any) ([]byte, error) {
	body, _ := json.Marshal(map[string]any{"query": q, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, s.base+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+s.key)
	return dataOf(post(s.client, req))
}

// post sends req and returns the answer; an error status or an answer
// with errors is an error.
func post(c *http.Client, req *http.Request) ([]byte, error) {
	resp, err := c.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != 200 || bytes.Contains(b, []byte(`"errors"`)) {
		return nil, fmt.Errorf("%d %.300s", resp.StatusCode, b)
	}
	return b, nil
}

// dataOf is the data field of an answer.
func dataOf(b []byte, err error) ([]byte, error) {
	if err != nil {
		return nil, err
	}
	var env struct{ Data json.RawMessage }
	if err := json.Unmarshal(b, &env); err != nil {
		return nil, err
	}
	return env.Data, nil
}
