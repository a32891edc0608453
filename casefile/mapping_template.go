package casefile

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// cellTemplate is a value built from a row: text and the cells of
// columns, in order ("acct:{Counterparty Account}").
type cellTemplate []templatePart

type templatePart struct {
	text string
	col  int // -1: text
}

func (t cellTemplate) hasColumn() bool {
	return slices.ContainsFunc(t, func(p templatePart) bool { return p.col >= 0 })
}

// empty is true when every column the template names is empty in the row.
func (t cellTemplate) empty(cells []string) bool {
	for _, p := range t {
		if p.col >= 0 && cell(cells, p.col) != "" {
			return false
		}
	}
	return true
}

// typed is true when the template is one column whose cell in the row is
// a workbook's typed number or date (see typedCells).
func (t cellTemplate) typed(rowTyped []bool) bool {
	return len(t) == 1 && t[0].col >= 0 && t[0].col < len(rowTyped) && rowTyped[t[0].col]
}

func (t cellTemplate) text(cells []string) string {
	if len(t) == 1 {
		if t[0].col < 0 {
			return t[0].text
		}
		return cell(cells, t[0].col)
	}
	var b strings.Builder
	for _, p := range t {
		if p.col < 0 {
			b.WriteString(p.text)
		} else {
			b.WriteString(cell(cells, p.col))
		}
	}
	return b.String()
}

// template reads "text {Column} text"; "{{" and "}}" are literal braces.
func (p *mappingParser) template(n *yaml.Node, s string) (cellTemplate, error) {
	var t cellTemplate
	var text strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "{{") || strings.HasPrefix(s[i:], "}}"):
			text.WriteByte(s[i])
			i++
		case s[i] == '{':
			end := strings.IndexByte(s[i:], '}')
			if end < 0 {
				return nil, p.errorf(n, "template has { without }: a column is written {Column name}")
			}
			col, err := p.column(n, s[i+1:i+end])
			if err != nil {
				return nil, err
			}
			if text.Len() > 0 {
				t = append(t, templatePart{text: text.String(), col: -1})
				text.Reset()
			}
			t = append(t, col...)
			i += end
		case s[i] == '}':
			return nil, p.errorf(n, "template has } without {: a literal brace is written }}")
		default:
			text.WriteByte(s[i])
		}
	}
	if text.Len() > 0 || len(t) == 0 {
		t = append(t, templatePart{text: text.String(), col: -1})
	}
	return t, nil
}
