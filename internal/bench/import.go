package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"time"

	"github.com/scamgraph/scamgraph/internal/benchreport"
	"github.com/scamgraph/scamgraph/synthetic"
)

// importRate uploads a new synthetic case file through importCaseFile and
// returns its rows per second. The case number changes with every run, so
// the import writes new records rather than finding them unchanged.
func (s *server) importRate(units int) (benchreport.Result, error) {
	plan := synthetic.PlanFor(units*synthetic.NodesPerUnit*2, uint64(time.Now().UnixNano()))
	plan.Cases, plan.UnitsPerCase = 1, units
	index := 100 + int(time.Now().Unix()%800)
	var file bytes.Buffer
	if err := plan.WriteCase(&file, index); err != nil {
		return benchreport.Result{}, err
	}
	raw, took, err := s.upload(plan.CaseID(index)+".json", file.Bytes())
	if err != nil {
		return benchreport.Result{}, err
	}
	var out struct {
		Data struct {
			ImportCaseFile struct {
				ExitCode int
				Counts   []struct {
					Kind           string
					Valid, Created int
				}
			}
		}
		Errors []any
	}
	if err := json.Unmarshal(raw, &out); err != nil || len(out.Errors) > 0 || out.Data.ImportCaseFile.ExitCode != 0 {
		return benchreport.Result{}, fmt.Errorf("import: %.500s", raw)
	}
	rows := 0
	for _, c := range out.Data.ImportCaseFile.Counts {
		rows += c.Valid
	}
	// An import is one request of many rows: rows/s is its figure, and
	// its latency columns stay empty.
	return benchreport.Result{Family: benchreport.FamilyImport, Mode: benchreport.ModeAPI, Concurrency: 1, Requests: rows,
		Throughput: float64(rows) / took.Seconds()}, nil
}

// upload sends a case file through importCaseFile and returns the answer
// and how long it took.
func (s *server) upload(name string, file []byte) ([]byte, time.Duration, error) {
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	_ = mw.WriteField("operations", `{"query": "mutation($f: Upload!) { importCaseFile(file: $f) { exitCode counts { kind valid created } } }", "variables": {"f": null}}`)
	_ = mw.WriteField("map", `{"0": ["variables.f"]}`)
	fw, _ := mw.CreateFormFile("0", name)
	_, _ = fw.Write(file)
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, s.base+"/graphql", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+s.key)
	start := time.Now()
	client := &http.Client{Timeout: 30 * time.Minute}
	resp, err := client.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	return raw, time.Since(start), err
}

// resolutionPeople is how many people each of the entity-resolution
// benchmark's two case files holds (the case of 1,000 people).
const resolutionPeople = 1000

// loadResolutionCases imports the entity-resolution benchmark's two case
// files (synthetic.WriteResolutionCases); importing them again changes
// nothing.
func (s *server) loadResolutionCases() error {
	a, b, _, err := synthetic.WriteResolutionCases(resolutionPeople, 16)
	if err != nil {
		return err
	}
	for i, file := range [][]byte{a, b} {
		raw, _, err := s.upload(synthetic.ResolutionCaseIDs[i]+".json", file)
		if err != nil {
			return err
		}
		if !bytes.Contains(raw, []byte(`"exitCode":0`)) {
			return fmt.Errorf("importing %s: %.500s", synthetic.ResolutionCaseIDs[i], raw)
		}
	}
	return nil
}
