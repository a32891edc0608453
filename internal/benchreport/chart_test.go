package benchreport

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteChart(t *testing.T) {
	for name, rs := range map[string][]Result{
		"two panels": sample(),
		"one panel":  pair(FamilySearch, 16, 4, 5),
		"no raw":     {{Family: FamilySearch, Mode: ModeAPI, Concurrency: 16, P50: msd(4), P95: msd(9)}},
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "bench.png")
			if err := WriteChart(path, rs); err != nil {
				t.Fatal(err)
			}
			f, err := os.Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			img, err := png.Decode(f)
			if err != nil {
				t.Fatal(err)
			}
			b := img.Bounds()
			want := panelHeightPx * len(concurrencies(rs))
			if b.Dx() != chartWidthPx || b.Dy() != want {
				t.Errorf("size %dx%d, want %dx%d", b.Dx(), b.Dy(), chartWidthPx, want)
			}
			// To look at the charts: BENCHREPORT_CHART_DIR=/tmp go test .
			if dir := os.Getenv("BENCHREPORT_CHART_DIR"); dir != "" {
				data, _ := os.ReadFile(path)
				os.WriteFile(filepath.Join(dir, filepath.Base(t.Name())+".png"), data, 0o644)
			}
		})
	}
}

func TestWriteChartNothing(t *testing.T) {
	rs := []Result{{Family: FamilyImport, Mode: ModeAPI, Concurrency: 1, Throughput: 60000}}
	if err := WriteChart(filepath.Join(t.TempDir(), "x.png"), rs); err == nil {
		t.Error("chart without latencies: no error")
	}
}
