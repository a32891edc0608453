//go:build ignore

// generate writes agency.xlsx, the workbook the casefile tests import, as
// an agency's Excel saves one: dates stored as serial numbers under date
// formats, amounts under a thousands format, account numbers stored as
// numbers (one shown as 4.11E+15, one padded with zeros by its format), a
// formula with its saved result, float noise, empty rows, a worksheet
// that is not a sheet of the format. Run from this folder:
//
//	go run generate.go
//
// The committed file is the test's input; this program says how it was
// made and remakes it.
package main

import (
	"archive/zip"
	"bytes"
	"io"
	"log"
	"os"
	"time"

	"github.com/xuri/excelize/v2"
)

func main() {
	f := excelize.NewFile()
	must(f.SetSheetName("Sheet1", "Case"))
	style := func(s *excelize.Style) int {
		id, err := f.NewStyle(s)
		must(err)
		return id
	}
	str := func(v string) *string { return &v }
	shortDate := style(&excelize.Style{NumFmt: 14})                 // Excel's short date
	dmy := style(&excelize.Style{CustomNumFmt: str("dd/mm/yyyy")})  // 12/07/1997
	dMonYY := style(&excelize.Style{CustomNumFmt: str("d-mmm-yy")}) // 20-May-24
	thousands := style(&excelize.Style{NumFmt: 4})                  // #,##0.00
	wholeThousands := style(&excelize.Style{NumFmt: 3})             // #,##0
	scientific := style(&excelize.Style{NumFmt: 11})                // 0.00E+00
	tenZeros := style(&excelize.Style{CustomNumFmt: str("0000000000")})
	day := func(y int, m time.Month, d int) float64 {
		t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
		return float64(t.Sub(time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)).Hours() / 24)
	}
	set := func(sheet, cell string, v any, styleID int) {
		must(f.SetCellValue(sheet, cell, v))
		if styleID != 0 {
			must(f.SetCellStyle(sheet, cell, cell, styleID))
		}
	}
	row := func(sheet string, r int, cells ...any) {
		for i, v := range cells {
			if v == nil {
				continue
			}
			name, _ := excelize.CoordinatesToCellName(i+1, r)
			set(sheet, name, v, 0)
		}
	}

	row("Case", 1, "id", "title", "agency", "country", "openedAt", "classification", "fictional")
	row("Case", 2, "TEST-TH-XLSX-01", "Test workbook: a Thai police unit's spreadsheet", "Test police unit (fictional)", "Thailand", nil, "CONFIDENTIAL", true)
	set("Case", "E2", day(2025, 2, 3), shortDate)

	must2(f.NewSheet("Entities"))
	row("Entities", 1, "ref", "type", "name", "nationality", "gender", "birthDate", "victimType", "status", "identifiers",
		"kind", "country", "city", "lat", "lon", "estimatedWorkers", "institution", "bankCode", "accountNumber", "currency")
	row("Entities", 2, "P1", "Recruiter", "Somchai Rattanakorn", "TH", "M", nil, nil, nil, "PHONE:+66 81 234 5678")
	row("Entities", 3, "P2", "Victim", "Nguyễn Văn An", "VN", "male", nil, "trafficked worker", "escaped")
	set("Entities", "F3", day(1997, 7, 12), dmy)
	// row 4: cells with a style and no value, as Excel keeps a formatted empty row
	must(f.SetCellStyle("Entities", "A4", "S4", thousands))
	row("Entities", 5, "C1", "Compound", "Golden Bay Technology Park", nil, nil, nil, nil, "ACTIVE", nil, nil, "KH", "Sihanoukville", 10.6093, 103.5296)
	set("Entities", "O5", 1200, wholeThousands)
	row("Entities", 6, "A1", "BankAccount", "SOMCHAI RATTANAKORN", nil, nil, nil, nil, nil, nil, "BANK", "TH", nil, nil, nil, nil, "Siam Riverside Bank", "SRBKTHBK", 123456789012, "THB")
	row("Entities", 7, "A2", "BankAccount", nil, nil, nil, nil, nil, nil, nil, "BANK", "TH", nil, nil, nil, nil, "Siam Riverside Bank", "SRBKTHBK", nil, "THB")
	set("Entities", "R7", 4111111111111111, scientific)
	row("Entities", 8, "   ") // spaces only: an empty row
	row("Entities", 9, "A3", "BankAccount", nil, nil, nil, nil, nil, nil, nil, "BANK", "KH", nil, nil, nil, nil, "Mekong Test Bank", "MKTBKHPP", nil, "USD")
	set("Entities", "R9", 12345678, tenZeros)
	row("Entities", 10, "P3", "Victim", "Sok Dara", "KH", nil, "31/02/1990") // no such day: rejected at row 10

	must2(f.NewSheet("Links.csv"))
	row("Links.csv", 1, "type", "from", "to", "date", "since", "until", "channel", "method", "role", "amount", "currency", "amountUsd", "reason", "txId")
	row("Links.csv", 2, "RECRUITED", "P1", "P2", nil, nil, nil, "Facebook", "job offer")
	set("Links.csv", "D2", day(2024, 5, 20), dMonYY)
	row("Links.csv", 3, "HELD_AT", "P2", "C1", nil, nil, "30/11/2024")
	set("Links.csv", "E3", day(2024, 6, 1), shortDate)
	row("Links.csv", 4, "HOLDS", "P1", "A1", nil, nil, nil, nil, nil, "mule")
	row("Links.csv", 5, "PAID", "P2", "A3", nil, nil, nil, nil, nil, nil, nil, "USD", nil, "ransom")
	set("Links.csv", "J5", 12500.5, thousands) // stored with a sum's float noise below
	set("Links.csv", "D5", day(2024, 7, 1), shortDate)
	row("Links.csv", 6, "TRANSFERRED", "A2", "A1", nil, nil, nil, nil, nil, nil, nil, "THB", nil, nil, "TX-0001")
	set("Links.csv", "J6", 52350, thousands)
	set("Links.csv", "D6", day(2024, 7, 2), shortDate)
	// amountUsd is a formula; its saved result carries float noise
	must(f.SetCellFormula("Links.csv", "L6", "J6*0.0277"))
	must(f.SetCellStyle("Links.csv", "L6", "L6", thousands))

	must2(f.NewSheet("Notes"))
	row("Notes", 1, "Received from the unit on 3 February; two rows not yet checked.")
	row("Notes", 2, "Call back the unit about P3.")

	var buf bytes.Buffer
	must(f.Write(&buf))
	// What excelize does not write as Excel does: Excel saves a formula
	// with its result (a number: no t="str"), and a sum such as
	// 12000.2+500.3 as the float it is.
	out := patch(buf.Bytes(), "xl/worksheets/sheet3.xml",
		`<c r="L6" s="4" t="str"><f>J6*0.0277</f></c>`, `<c r="L6" s="4"><f>J6*0.0277</f><v>1450.0949999999998</v></c>`,
		`<c r="J5" s="4"><v>12500.5</v></c>`, `<c r="J5" s="4"><v>12500.499999999998</v></c>`)
	must(os.WriteFile("agency.xlsx", out, 0o644))
}

// patch replaces, in one part of the workbook, each old with its new.
func patch(book []byte, part string, oldNew ...string) []byte {
	zr, err := zip.NewReader(bytes.NewReader(book), int64(len(book)))
	must(err)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	found := false
	for _, f := range zr.File {
		rc, err := f.Open()
		must(err)
		data, err := io.ReadAll(rc)
		must(err)
		rc.Close()
		if f.Name == part {
			for i := 0; i < len(oldNew); i += 2 {
				if !bytes.Contains(data, []byte(oldNew[i])) {
					log.Fatalf("%s has no %s", part, oldNew[i])
				}
				data = bytes.Replace(data, []byte(oldNew[i]), []byte(oldNew[i+1]), 1)
			}
			found = true
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: time.Date(2025, 2, 3, 0, 0, 0, 0, time.UTC)})
		must(err)
		_, err = w.Write(data)
		must(err)
	}
	must(zw.Close())
	if !found {
		log.Fatalf("no %s", part)
	}
	return out.Bytes()
}

func must(err error) {
	if err != nil {
		log.Fatal(err)
	}
}

func must2[T any](_ T, err error) { must(err) }
