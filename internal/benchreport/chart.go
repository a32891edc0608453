package benchreport

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// Chart geometry. One PNG holds one panel per concurrency, the highest on
// top (16, then 1), so that a reader compares api and raw at the same load
// without switching files; the legend sits in a strip on the right where
// it cannot hide a bar.
const (
	chartDPI        = 96
	chartWidthPx    = 1400
	panelHeightPx   = 600
	legendWidthPx   = 190
	yAxisAllowance  = 70 // px taken by the Y axis labels, to size the bars
	groupFill       = 0.8
	maxGroupPx      = 200
	familyLineChars = 12
)

// series are the four bars of a family's group: raw beside api, each with
// its p50 light and its p95 dark, so the tail reads as the darker bar.
var series = []struct {
	name  string
	mode  string
	p95   bool
	color color.RGBA
}{
	{"raw p50", ModeRaw, false, color.RGBA{158, 202, 225, 255}},
	{"raw p95", ModeRaw, true, color.RGBA{33, 113, 181, 255}},
	{"api p50", ModeAPI, false, color.RGBA{253, 174, 107, 255}},
	{"api p95", ModeAPI, true, color.RGBA{217, 72, 1, 255}},
}

// WriteChart writes a PNG to path (whatever its extension) with a grouped
// bar chart of p50 and p95 per family, api vs raw, one panel per
// concurrency measured, highest first. The Y axis is logarithmic, in ms,
// because the families span from sub-millisecond lookups to slow path
// searches. Families without any latency (an import that reports only
// rows/s) are left out; a missing cell has no bar.
func WriteChart(path string, results []Result) error {
	fams := chartFamilies(results)
	if len(fams) == 0 {
		return errors.New("benchreport: no latencies to chart")
	}
	cs := concurrencies(results)
	slices.Reverse(cs)

	w := vg.Length(chartWidthPx) * vg.Inch / chartDPI
	h := vg.Length(panelHeightPx*len(cs)) * vg.Inch / chartDPI
	img := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(chartDPI), vgimg.UseBackgroundColor(color.White))
	dc := draw.New(img)
	legendW := vg.Length(legendWidthPx) * vg.Inch / chartDPI
	plotsC := draw.Crop(dc, 0, -legendW, 0, 0)

	groupW := groupFill * (plotsC.Size().X - vg.Length(yAxisAllowance)*vg.Inch/chartDPI) / vg.Length(len(fams))
	// A lone family would get bars as wide as the chart.
	groupW = min(groupW, vg.Length(maxGroupPx)*vg.Inch/chartDPI)
	barW := groupW / vg.Length(len(series))

	plots := make([][]*plot.Plot, len(cs))
	var legend plot.Legend
	for i, c := range cs {
		p, bars, err := panel(results, fams, c, barW)
		if err != nil {
			return err
		}
		plots[i] = []*plot.Plot{p}
		if i == 0 {
			legend = plot.NewLegend()
			legend.Top, legend.Left = true, true
			legend.TextStyle.Font.Size = vg.Points(13)
			legend.Padding = vg.Points(4)
			for j, b := range bars {
				legend.Add(series[j].name, b)
			}
		}
	}
	tiles := draw.Tiles{Rows: len(cs), Cols: 1, PadTop: 8, PadBottom: 8, PadLeft: 8, PadRight: 8, PadY: 16}
	for i, row := range plot.Align(plots, tiles, plotsC) {
		plots[i][0].Draw(row[0])
	}
	legend.Draw(draw.Crop(dc, w-legendW+12, 0, 0, -30))

	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// panel builds one concurrency's plot and returns its bars, in series
// order, for the legend.
func panel(results []Result, fams []string, c int, barW vg.Length) (*plot.Plot, []*plotter.BarChart, error) {
	lo, hi := latencyRange(results, fams)
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Concurrency %d: latency per request, api vs raw", c)
	p.Title.TextStyle.Font.Size = vg.Points(15)
	p.Title.Padding = vg.Points(8)
	p.Y.Label.Text = "ms (log scale)"
	p.Y.Label.TextStyle.Font.Size = vg.Points(13)
	p.Y.Tick.Label.Font.Size = vg.Points(11)
	p.X.Tick.Label.Font.Size = vg.Points(11)
	p.Y.Scale = plot.LogScale{}
	p.Y.Tick.Marker = msTicks{}
	grid := plotter.NewGrid()
	grid.Vertical.Color = nil // families are categories; a line between them is noise
	p.Add(grid)

	// Bars start at 0, which a log axis cannot show; stacking each bar on
	// an unplotted base at the axis floor makes it rise from there.
	floor := make(plotter.Values, len(fams))
	for i := range floor {
		floor[i] = lo
	}
	base, err := plotter.NewBarChart(floor, barW)
	if err != nil {
		return nil, nil, err
	}
	var bars []*plotter.BarChart
	for j, s := range series {
		vs := make(plotter.Values, len(fams))
		for i, f := range fams {
			if r, ok := find(results, f, s.mode, c); ok {
				vs[i] = math.Max(0, msf(pick(r, s.p95))-lo)
			}
		}
		b, err := plotter.NewBarChart(vs, barW)
		if err != nil {
			return nil, nil, err
		}
		b.StackOn(base)
		b.Offset = (vg.Length(j) - vg.Length(len(series)-1)/2) * barW
		b.Color = s.color
		b.LineStyle.Width = vg.Points(0.5)
		b.LineStyle.Color = color.Gray{Y: 80}
		p.Add(b)
		bars = append(bars, b)
	}
	p.NominalX(wrapped(fams)...)
	p.Y.Min, p.Y.Max = lo, hi
	return p, bars, nil
}

// chartFamilies are the families with at least one latency, in report
// order.
func chartFamilies(results []Result) []string {
	var out []string
	for _, f := range families(results) {
		for _, r := range results {
			if r.Family == f && (r.P50 > 0 || r.P95 > 0) {
				out = append(out, f)
				break
			}
		}
	}
	return out
}

// latencyRange is the Y axis, in ms, rounded out to powers of ten and the
// same for every panel so that panels compare by eye.
func latencyRange(results []Result, fams []string) (lo, hi float64) {
	lo, hi = math.Inf(1), 0
	for _, r := range results {
		if !slices.Contains(fams, r.Family) {
			continue
		}
		for _, d := range []float64{msf(r.P50), msf(r.P95)} {
			if d > 0 {
				lo, hi = math.Min(lo, d), math.Max(hi, d)
			}
		}
	}
	return math.Pow(10, math.Floor(math.Log10(lo))), math.Pow(10, math.Ceil(math.Log10(hi*1.2)))
}

func pick(r Result, p95 bool) time.Duration {
	if p95 {
		return r.P95
	}
	return r.P50
}

// wrapped breaks long family names onto lines so that neighbours' labels
// do not run into each other.
func wrapped(fams []string) []string {
	out := make([]string, len(fams))
	for i, f := range fams {
		var lines []string
		line := ""
		for _, word := range strings.Fields(f) {
			if line != "" && len(line)+1+len(word) > familyLineChars {
				lines = append(lines, line)
				line = ""
			}
			if line != "" {
				line += " "
			}
			line += word
		}
		out[i] = strings.Join(append(lines, line), "\n")
	}
	return out
}

// msTicks are log ticks labelled at 1, 2 and 5 of each decade, as a log
// axis labelled only at powers of ten leaves the reader guessing. (The
// library's LogTicks also drops the first decade below 1 ms.)
type msTicks struct{}

func (msTicks) Ticks(min, max float64) []plot.Tick {
	var ticks []plot.Tick
	for e := math.Floor(math.Log10(min)); e <= math.Ceil(math.Log10(max)); e++ {
		decade := math.Pow(10, e)
		for i := 1; i <= 9; i++ {
			v := float64(i) * decade
			if v < min*(1-1e-9) || v > max*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			if i == 1 || i == 2 || i == 5 {
				t.Label = strconv.FormatFloat(v, 'g', 3, 64)
			}
			ticks = append(ticks, t)
		}
	}
	return ticks
}
