package casefile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// A cell reads as the text it stands for, whatever its format shows.
func TestXLSXCellReading(t *testing.T) {
	str := func(s string) *string { return &s }
	date := classifyNumFmt(14, nil)
	for _, c := range []struct {
		raw, typ string
		nf       numFormat
		want     string
	}{
		{"45122", "", date, "2023-07-15"},                                                        // short date
		{"45122", "n", classifyNumFmt(164, str("dd/mm/yyyy")), "2023-07-15"},                     // custom date
		{"45122", "", classifyNumFmt(165, str(`[$-409]d\-mmm\-yy;@`)), "2023-07-15"},             // locale date
		{"45122.5", "", classifyNumFmt(22, nil), "2023-07-15T12:00:00"},                          // date and time
		{"45122.5", "", date, "2023-07-15"},                                                      // a date format drops the time
		{"0.75", "", classifyNumFmt(20, nil), "18:00:00"},                                        // a time alone
		{"43661", "", classifyNumFmt(166, str(`[$-th-TH]dd/mm/bbbb`)), "2019-07-15"},             // Thai Buddhist-era display
		{"12500.499999999998", "", classifyNumFmt(4, nil), "12500.5"},                            // float noise, #,##0.00
		{"0.30000000000000004", "", numGeneral, "0.3"},                                           // float noise
		{"123456789012", "", numGeneral, "123456789012"},                                         // an account number
		{"4111111111111111", "", classifyNumFmt(11, nil), "4111111111111111"},                    // shown as 4.11E+15
		{"1.23456789012E+11", "", numGeneral, "123456789012"},                                    // stored in E notation
		{"12345678", "", classifyNumFmt(167, str("0000000000")), "0012345678"},                   // zeros pad
		{"0.15", "", classifyNumFmt(9, nil), "0.15"},                                             // 15%: the value
		{"52350", "", classifyNumFmt(168, str(`"THB "#,##0.00;[Red]\-"THB "#,##0.00`)), "52350"}, // currency
		{"1200", "", classifyNumFmt(3, nil), "1200"},
		{"-7.5", "", numGeneral, "-7.5"},
		{"1", "b", numGeneral, "TRUE"},
		{"0", "b", numGeneral, "FALSE"},
		{"#N/A", "e", numGeneral, "#N/A"},
		{"45123", "s", date, "45123"}, // text typed in a date column stays text
		{"2023-07-15T00:00:00Z", "d", numGeneral, "2023-07-15T00:00:00Z"},
	} {
		if got := xlsxCell(c.raw, c.typ, c.nf, false); got != c.want {
			t.Errorf("xlsxCell(%q, t=%q, %+v) = %q, want %q", c.raw, c.typ, c.nf, got, c.want)
		}
	}
	if got := xlsxCell("43661", "", date, true); got != "2023-07-16" {
		t.Errorf("a 1904 workbook's serial: %q", got)
	}
}

// The committed workbook's rows, as the table gives them to CSVSource:
// the worksheet's row numbers, empty rows skipped, each cell as text.
func TestXLSXTableRows(t *testing.T) {
	b, err := openBook("../testdata/xlsx/agency.xlsx", "agency.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if got := b.sheets["links.csv"].name; got != "Links.csv" {
		t.Fatalf("links sheet: %q", got)
	}
	tb, err := b.table("entities.csv")
	if err != nil || tb == nil {
		t.Fatalf("entities: %v %v", tb, err)
	}
	defer tb.Close()
	var lines []int
	got := map[int][]string{}
	for {
		line, cells, err := tb.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, line)
		got[line] = cells
	}
	if want := []int{1, 2, 3, 5, 6, 7, 9, 10}; !reflect.DeepEqual(lines, want) {
		t.Fatalf("lines %v, want %v", lines, want)
	}
	for line, want := range map[int][]string{
		3: {"P2", "Victim", "Nguyễn Văn An", "VN", "male", "1997-07-12", "trafficked worker", "escaped"},
		5: {"C1", "Compound", "Golden Bay Technology Park", "", "", "", "", "ACTIVE", "", "", "KH", "Sihanoukville", "10.6093", "103.5296", "1200"},
		6: {"A1", "BankAccount", "SOMCHAI RATTANAKORN", "", "", "", "", "", "", "BANK", "TH", "", "", "", "", "Siam Riverside Bank", "SRBKTHBK", "123456789012", "THB"},
		7: {"A2", "BankAccount", "", "", "", "", "", "", "", "BANK", "TH", "", "", "", "", "Siam Riverside Bank", "SRBKTHBK", "4111111111111111", "THB"},
		9: {"A3", "BankAccount", "", "", "", "", "", "", "", "BANK", "KH", "", "", "", "", "Mekong Test Bank", "MKTBKHPP", "0012345678", "USD"},
	} {
		if !reflect.DeepEqual(got[line], want) {
			t.Errorf("row %d:\n got %q\nwant %q", line, got[line], want)
		}
	}
	if u := b.unmapped(); !reflect.DeepEqual(u, map[string]int{`worksheet "Notes" (rows)`: 2}) {
		t.Errorf("unmapped: %v", u)
	}
}

// A workbook with two worksheets for one sheet is refused, naming both;
// an .xls (or a workbook with a password: both are OLE files) is refused
// with what to do.
func TestXLSXRefusals(t *testing.T) {
	dir := t.TempDir()
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", "links"); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet("Links.csv"); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, "two.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	_, err := Open(p, Options{})
	var fe *FileError
	if !errors.As(err, &fe) || !strings.Contains(fe.Reason, `"links" and "Links.csv"`) {
		t.Fatalf("two links worksheets: %v", err)
	}
	xls := filepath.Join(dir, "old.xls")
	if err := os.WriteFile(xls, append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 512)...), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(xls, Options{}); !errors.As(err, &fe) || !strings.Contains(fe.Reason, "save it as an .xlsx workbook") {
		t.Fatalf(".xls: %v", err)
	}
	// No entities worksheet: refused, naming it.
	g := excelize.NewFile()
	q := filepath.Join(dir, "none.xlsx")
	if err := g.SaveAs(q); err != nil {
		t.Fatal(err)
	}
	src, err := Open(q, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := src.Entities(func(Location, Entity, error) error { return nil }); !errors.As(err, &fe) || !strings.Contains(fe.Reason, `no worksheet "entities"`) {
		t.Fatalf("no entities worksheet: %v", err)
	}
}

// A worksheet's header need not be its first row; an unknown column is
// reported at the header's row.
func TestXLSXHeaderBelowEmptyRows(t *testing.T) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", "entities"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetSheetRow("entities", "A3", &[]any{"ref", "type", "nationalty"}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "b.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	src, err := Open(p, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := src.Entities(func(Location, Entity, error) error { return nil }); err != nil {
		t.Fatal(err)
	}
	problems := src.(*CSVSource).ColumnProblems()
	if len(problems) != 1 || problems[0].Location.String() != "b.xlsx/entities:3" || !strings.Contains(problems[0].Reason, `"nationalty"`) {
		t.Fatalf("unknown column: %v", problems)
	}
}
