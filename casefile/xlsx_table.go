package casefile

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// An .xlsx workbook is the CSV sheets in one file: worksheets named case,
// entities and links (or case.csv ..., in any case) are read as the sheets
// of that name, through the same table interface, so that a workbook an
// agency keeps imports exactly as the same sheets saved as CSV would.
//
// A cell is read as the text it stands for, not as Excel shows it in a
// narrow column (see xlsxCell): a date as an ISO date, a number as its
// plain decimal (never 1.23E+11, never 12500.499999999998), a formula as
// its saved result. Other worksheets are not read: the report counts their
// rows as not mapped, so that a sheet of victims put on the wrong tab is
// never dropped silently.

// templateValuesSheet is the worksheet of accepted values a template
// workbook carries (WriteTemplate): it is ignored without a mention.
const templateValuesSheet = "accepted values"

// isWorkbook reports whether the zip at p is an .xlsx workbook rather
// than a .zip of CSV sheets.
func isWorkbook(p string) bool {
	z, err := zip.OpenReader(p)
	if err != nil {
		return false
	}
	defer z.Close()
	for _, f := range z.File {
		if f.Name == "xl/workbook.xml" {
			return true
		}
	}
	return false
}

// xlsxBook is a workbook's worksheets as CSVSource's sheets.
type xlsxBook struct {
	path, name string
	// sheets maps a CSV sheet's name (case.csv, ...) to its worksheet.
	sheets map[string]xlsxSheet
	// ignored are the other worksheets, in the workbook's order.
	ignored []xlsxSheet
}

type xlsxSheet struct {
	name string // as the workbook names it (excelize's name for Rows)
	part string // its XML part in the zip, e.g. xl/worksheets/sheet1.xml
}

// openBook lists the worksheets of the workbook at p. The workbook's
// structure is checked here, so a broken file is refused before anything
// is read.
func openBook(p, name string) (*xlsxBook, error) {
	sheets, err := workbookSheets(p)
	if err != nil {
		return nil, &FileError{Location{File: name}, "not a readable .xlsx workbook: " + err.Error()}
	}
	b := &xlsxBook{path: p, name: name, sheets: map[string]xlsxSheet{}}
	for _, sh := range sheets {
		key := strings.ToLower(strings.TrimSpace(sh.name))
		key = strings.TrimSuffix(key, ".csv")
		switch key {
		case "case", "entities", "links":
			csvName := key + ".csv"
			if prev, dup := b.sheets[csvName]; dup {
				return nil, &FileError{Location{File: name}, fmt.Sprintf("has two worksheets for %s: %q and %q; keep one", csvName, prev.name, sh.name)}
			}
			b.sheets[csvName] = sh
		default:
			if key != templateValuesSheet {
				b.ignored = append(b.ignored, sh)
			}
		}
	}
	return b, nil
}

// table opens the worksheet for a CSV sheet's name; nil when the workbook
// has none.
func (b *xlsxBook) table(sheet string) (table, error) {
	sh, ok := b.sheets[sheet]
	if !ok {
		return nil, nil
	}
	return openXLSXTable(b.path, sh, b.name+"/"+sh.name)
}

// unmapped counts the rows of the worksheets that are not read.
func (b *xlsxBook) unmapped() map[string]int {
	if len(b.ignored) == 0 {
		return nil
	}
	out := map[string]int{}
	for _, sh := range b.ignored {
		n := 0
		if t, err := openXLSXTable(b.path, sh, sh.name); err == nil {
			for {
				if _, _, err := t.Next(); err != nil {
					break
				}
				n++
			}
			t.Close()
		}
		out[fmt.Sprintf("worksheet %q (rows)", sh.name)] = n
	}
	return out
}

// workbookSheets reads the sheet list of xl/workbook.xml and where each
// sheet's XML is (xl/_rels/workbook.xml.rels).
func workbookSheets(p string) ([]xlsxSheet, error) {
	z, err := zip.OpenReader(p)
	if err != nil {
		return nil, err
	}
	defer z.Close()
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := decodeZipXML(&z.Reader, "xl/workbook.xml", &wb); err != nil {
		return nil, err
	}
	if err := decodeZipXML(&z.Reader, "xl/_rels/workbook.xml.rels", &rels); err != nil {
		return nil, err
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[r.ID] = t
	}
	var out []xlsxSheet
	for _, s := range wb.Sheets {
		out = append(out, xlsxSheet{name: s.Name, part: targets[s.RID]})
	}
	return out, nil
}

func decodeZipXML(z *zip.Reader, name string, v any) error {
	f, err := z.Open(name)
	if err != nil {
		return fmt.Errorf("no %s", name)
	}
	defer f.Close()
	if err := xml.NewDecoder(f).Decode(v); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// xlsxTable streams one worksheet: excelize's Rows gives each cell's
// stored value (RawCellValue: a date is its serial number, a number its
// full decimal, a formula its saved result), and cellAttrs, a second
// reader of the same XML in step with it, gives each cell's type and
// style, which excelize's stream does not expose, to read it as the text
// it stands for.
type xlsxTable struct {
	f        *excelize.File
	rows     *excelize.Rows
	attrs    *cellAttrs
	file     string
	row      int // the worksheet's row number of the last row read
	date1904 bool
	formats  map[int]numFormat // by style index
	typed    []bool            // the last row's cells that are numbers (or dates) of the workbook, not text
}

// Typed says which cells of the row Next returned last hold a number the
// workbook stored as a number (a date in a date format included): their
// text is a plain decimal or an ISO date, with one reading whatever the
// locale, so no evidence or option applies to them (see cellReading).
func (t *xlsxTable) Typed() []bool { return t.typed }

// xlsxUnzipLimit bounds what excelize unpacks of a workbook (to memory,
// or to temporary files for parts over its 16 MB), so that a small upload
// cannot fill the disk. A full Excel worksheet, 1,048,576 rows of 30
// short cells, is about 1.5 GB of XML.
const xlsxUnzipLimit = 4 << 30

func openXLSXTable(p string, sh xlsxSheet, file string) (table, error) {
	f, err := excelize.OpenFile(p, excelize.Options{UnzipSizeLimit: xlsxUnzipLimit})
	if err != nil {
		return nil, &FileError{Location{File: file}, "not a readable .xlsx workbook: " + err.Error()}
	}
	t := &xlsxTable{f: f, file: file, formats: map[int]numFormat{}}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		t.date1904 = *props.Date1904
	}
	if t.rows, err = f.Rows(sh.name); err != nil {
		f.Close()
		return nil, &FileError{Location{File: file}, "not a worksheet: " + err.Error()}
	}
	if t.attrs, err = openCellAttrs(p, sh.part); err != nil {
		t.rows.Close()
		f.Close()
		return nil, &FileError{Location{File: file}, "not a readable worksheet: " + err.Error()}
	}
	return t, nil
}

func (t *xlsxTable) Close() error {
	t.attrs.close()
	t.rows.Close()
	return t.f.Close()
}

// Next returns the next row with a value: the first is the header (rows
// above it that are empty are skipped); line is the worksheet's row number.
func (t *xlsxTable) Next() (int, []string, error) {
	for t.rows.Next() {
		// Rows.Next steps one row number at a time, rows missing from
		// the XML included, so counting gives the worksheet's row.
		t.row++
		raw, err := t.rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return 0, nil, &FileError{Location{File: t.file, Line: t.row}, "not a readable worksheet: " + err.Error()}
		}
		if len(raw) == 0 {
			continue
		}
		attrs, err := t.attrs.row(t.row)
		if err != nil {
			return 0, nil, &FileError{Location{File: t.file, Line: t.row}, "not a readable worksheet: " + err.Error()}
		}
		cells := make([]string, len(raw))
		t.typed = make([]bool, len(raw))
		for i, v := range raw {
			cells[i] = t.cell(v, attrs[i+1])
			if a := attrs[i+1]; a.t == "n" || a.t == "" {
				_, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
				t.typed[i] = err == nil
			}
		}
		if blank(cells) {
			continue
		}
		return t.row, cells, nil
	}
	if err := t.rows.Error(); err != nil {
		return 0, nil, &FileError{Location{File: t.file, Line: t.row}, "not a readable worksheet: " + err.Error()}
	}
	return 0, nil, io.EOF
}

// cell is one cell as text (see xlsxCell).
func (t *xlsxTable) cell(raw string, a cellAttr) string {
	switch a.t {
	case "n", "":
	default:
		return xlsxCell(raw, a.t, numGeneral, t.date1904)
	}
	nf, ok := t.formats[a.s]
	if !ok {
		nf = numGeneral
		if st, err := t.f.GetStyle(a.s); err == nil {
			nf = classifyNumFmt(st.NumFmt, st.CustomNumFmt)
		}
		t.formats[a.s] = nf
	}
	return xlsxCell(raw, a.t, nf, t.date1904)
}

// numFormat is what a cell's number format says its number is.
type numFormat struct {
	kind  int // kindNumber, kindDate, kindTime or kindDateTime
	zeros int // a format of zeros only ("000000"): the digits it pads to
}

const (
	kindNumber = iota
	kindDate
	kindTime
	kindDateTime
)

var numGeneral = numFormat{kind: kindNumber}

// Excel's built-in formats (ECMA-376 18.8.30) that are dates or times;
// 27-36 and 50-58 are the East Asian date formats.
func builtinNumFmt(id int) numFormat {
	switch {
	case id >= 14 && id <= 17, id >= 27 && id <= 31, id >= 34 && id <= 36, id >= 50 && id <= 58:
		return numFormat{kind: kindDate}
	case id >= 18 && id <= 21, id >= 45 && id <= 47, id == 32, id == 33:
		return numFormat{kind: kindTime}
	case id == 22:
		return numFormat{kind: kindDateTime}
	}
	return numGeneral
}

var (
	// what a format code shows literally: "text", \c, [colour], [$-locale]
	fmtLiterals = regexp.MustCompile(`"[^"]*"|\\.|\[[^\]]*\]|_.|\*.`)
	fmtElapsed  = regexp.MustCompile(`(?i)\[(h+|m+|s+)\]`)
	zerosOnly   = regexp.MustCompile(`^0+$`)
)

// classifyNumFmt reads a cell's number format: a built-in one by its id,
// a custom one by its code (its first section): y, d, or m without h or s
// is a date; h or s a time; zeros only ("0000000000", which an agency
// uses to keep an account number's leading zeros) pads.
func classifyNumFmt(id int, custom *string) numFormat {
	if custom == nil {
		return builtinNumFmt(id)
	}
	code, _, _ := strings.Cut(*custom, ";")
	if zerosOnly.MatchString(code) {
		return numFormat{kind: kindNumber, zeros: len(code)}
	}
	elapsed := fmtElapsed.MatchString(code)
	code = strings.ToLower(fmtLiterals.ReplaceAllString(code, ""))
	code = strings.NewReplacer("general", "", "e+", "", "e-", "", "am/pm", "h", "a/p", "h").Replace(code)
	date := strings.ContainsAny(code, "yd") || strings.Contains(code, "b") // b, bbbb: the Buddhist year
	clock := elapsed || strings.ContainsAny(code, "hs")
	if strings.Contains(code, "m") && !clock {
		date = true
	}
	switch {
	case date && clock:
		return numFormat{kind: kindDateTime}
	case date:
		return numFormat{kind: kindDate}
	case clock:
		return numFormat{kind: kindTime}
	}
	return numGeneral
}

var integerText = regexp.MustCompile(`^-?[0-9]+$`)

// xlsxCell reads a cell's stored value raw (excelize's RawCellValue) by its
// type t and number format:
//
//   - text (shared, inline, a formula's text result) is as typed;
//   - a boolean is TRUE or FALSE; an error (#N/A) is its code;
//   - a number in a date format is the ISO date (YYYY-MM-DD; with the
//     time, YYYY-MM-DDTHH:MM:SS, when it has one; a time alone is
//     HH:MM:SS), whatever the format shows (15/07/2023, 15-Jul-23);
//   - any other number is its plain decimal, whatever the format shows
//     (1.23E+11, 12,500.50 or 15%): a whole number with all its digits
//     as stored (an account or phone number stored as a number), a
//     fraction rounded to Excel's 15 significant digits, so float noise
//     (12500.499999999998) reads as Excel shows it (12500.5); a
//     zeros-only format pads it with the leading zeros it shows.
func xlsxCell(raw, t string, nf numFormat, date1904 bool) string {
	switch t {
	case "b":
		switch raw {
		case "1":
			return "TRUE"
		case "0":
			return "FALSE"
		}
		return raw
	case "n", "":
	default: // s, inlineStr, str, e, d (an ISO date already)
		return raw
	}
	raw = strings.TrimSpace(raw)
	f, err := strconv.ParseFloat(raw, 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		return raw
	}
	if nf.kind != kindNumber {
		if s, ok := excelDate(f, nf.kind, date1904); ok {
			return s
		}
	}
	var s string
	switch {
	case integerText.MatchString(raw):
		s = raw
	case f == math.Trunc(f) && math.Abs(f) < 1e21:
		s = strconv.FormatFloat(f, 'f', 0, 64)
	default:
		r, _ := strconv.ParseFloat(strconv.FormatFloat(f, 'g', 15, 64), 64)
		s = strconv.FormatFloat(r, 'f', -1, 64)
	}
	if nf.zeros > 0 && integerText.MatchString(s) && !strings.HasPrefix(s, "-") && len(s) < nf.zeros {
		s = strings.Repeat("0", nf.zeros-len(s)) + s
	}
	return s
}

// excelDate is a date serial number as ISO text, to the second (Excel
// shows no finer); false for a serial before 1900 or after 9999.
func excelDate(serial float64, kind int, date1904 bool) (string, bool) {
	if serial < 0 || serial > 2958465 {
		return "", false
	}
	tm, err := excelize.ExcelDateToTime(serial, date1904)
	if err != nil {
		return "", false
	}
	tm = tm.Round(time.Second)
	timeOfDay := tm.Hour() != 0 || tm.Minute() != 0 || tm.Second() != 0
	switch {
	case kind == kindTime && serial < 1:
		return tm.Format("15:04:05"), true
	case timeOfDay && kind != kindDate:
		return tm.Format("2006-01-02T15:04:05"), true
	}
	return tm.Format("2006-01-02"), true
}

// cellAttr is what the worksheet's XML says of a cell besides its value.
type cellAttr struct {
	t string // the type: s (shared text), inlineStr, str, b, e, d, or n/"" (a number)
	s int    // the style, an index into the workbook's cell formats
}

// cellAttrs reads a worksheet's XML for the type and style of each cell,
// one row at a time, as excelize's Rows reads its values.
type cellAttrs struct {
	z     *zip.ReadCloser
	rc    io.ReadCloser
	d     *xml.Decoder
	cur   int              // the row number of cells
	cells map[int]cellAttr // by column number (A is 1)
	eof   bool
}

func openCellAttrs(p, part string) (*cellAttrs, error) {
	z, err := zip.OpenReader(p)
	if err != nil {
		return nil, err
	}
	rc, err := z.Open(part)
	if err != nil {
		z.Close()
		return nil, fmt.Errorf("no %s", part)
	}
	return &cellAttrs{z: z, rc: rc, d: xml.NewDecoder(rc)}, nil
}

func (c *cellAttrs) close() {
	c.rc.Close()
	c.z.Close()
}

// row returns the attributes of row n's cells by column (nil for a row
// with none). Rows are asked for in increasing order.
func (c *cellAttrs) row(n int) (map[int]cellAttr, error) {
	for c.cur < n && !c.eof {
		if err := c.next(); err != nil {
			return nil, err
		}
	}
	if c.cur == n {
		return c.cells, nil
	}
	return nil, nil
}

// next reads the next <row> element.
func (c *cellAttrs) next() error {
	for {
		tok, err := c.d.RawToken()
		if err == io.EOF {
			c.eof = true
			return nil
		}
		if err != nil {
			return err
		}
		if end, ok := tok.(xml.EndElement); ok && end.Name.Local == "sheetData" {
			c.eof = true
			return nil
		}
		start, ok := tok.(xml.StartElement)
		if !ok || start.Name.Local != "row" {
			continue
		}
		if r, err := strconv.Atoi(attr(start, "r")); err == nil {
			c.cur = r
		} else {
			c.cur++
		}
		c.cells = map[int]cellAttr{}
		col := 0
		for {
			tok, err := c.d.RawToken()
			if err != nil {
				return err
			}
			if end, ok := tok.(xml.EndElement); ok && end.Name.Local == "row" {
				return nil
			}
			cell, ok := tok.(xml.StartElement)
			if !ok || cell.Name.Local != "c" {
				continue
			}
			col++
			if ref := attr(cell, "r"); ref != "" {
				if x, _, err := excelize.CellNameToCoordinates(ref); err == nil {
					col = x
				}
			}
			s, _ := strconv.Atoi(attr(cell, "s"))
			c.cells[col] = cellAttr{t: attr(cell, "t"), s: s}
			if err := c.skip(); err != nil {
				return err
			}
		}
	}
}

// skip reads to the end of the element just started. RawToken (no
// namespace resolution, which this reader does not need) is a third
// faster than Token on a large worksheet.
func (c *cellAttrs) skip() error {
	for depth := 1; depth > 0; {
		tok, err := c.d.RawToken()
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
