package auth

import (
	"slices"
	"strings"
)

// Action is something a principal may be allowed to do. Actions are
// coarse; which case an action touches is checked separately against the
// principal's compartments (SeesCase, CanWriteCase).
type Action string

// The actions, in the order of the permission table.
const (
	// ActionRead: query entities, links, money trails and exports.
	ActionRead Action = "read"
	// ActionWrite: create, change and delete entities and links.
	ActionWrite Action = "write"
	// ActionImport: import case files.
	ActionImport Action = "import"
	// ActionAdmin: read the audit log, retract a case, erase victim data.
	ActionAdmin Action = "admin"
)

// actionMeans explains each action in the documentation table.
var actionMeans = map[Action]string{
	ActionRead:   "query entities, links, money trails; export",
	ActionWrite:  "create, change and delete entities and links",
	ActionImport: "import case files",
	ActionAdmin:  "read the audit log, retract a case, erase victim data",
}

// grants is the permission matrix, the single source of Can, Matrix and
// (through a test) docs/access.md. IMPORTER reads as well: importers must
// read the import report and look at what they loaded to check it.
var grants = map[Role][]Action{
	RoleViewer:   {ActionRead},
	RoleAnalyst:  {ActionRead, ActionWrite},
	RoleImporter: {ActionRead, ActionImport},
	RoleAdmin:    {ActionRead, ActionWrite, ActionImport, ActionAdmin},
}

// Actions lists every action in the order of the permission table.
func Actions() []Action {
	return []Action{ActionRead, ActionWrite, ActionImport, ActionAdmin}
}

// Can reports whether p's role allows a. An unknown or empty role (a zero
// Principal) may do nothing.
func (p Principal) Can(a Action) bool {
	return slices.Contains(grants[p.Role], a)
}

// SeesCase reports whether caseID is in p's compartments. Data of other
// cases must be invisible to p, not merely read-only.
func (p Principal) SeesCase(caseID string) bool {
	return p.AllCases || slices.Contains(p.Cases, caseID)
}

// CanWriteCase reports whether p may change the data of caseID at all: its
// role writes (write or import) and the case is in its compartments.
// Callers still check the specific action with Can: an IMPORTER may import
// into its cases but not edit entities there.
func (p Principal) CanWriteCase(caseID string) bool {
	return (p.Can(ActionWrite) || p.Can(ActionImport)) && p.SeesCase(caseID)
}

// MatrixRow is one action of the permission table.
type MatrixRow struct {
	Action  Action
	Means   string
	Allowed map[Role]bool // every role of Roles() has an entry
}

// Matrix returns the permission table, one row per action in the order of
// Actions(), for documentation and tests.
func Matrix() []MatrixRow {
	var rows []MatrixRow
	for _, a := range Actions() {
		row := MatrixRow{Action: a, Means: actionMeans[a], Allowed: map[Role]bool{}}
		for _, r := range Roles() {
			row.Allowed[r] = Principal{Role: r}.Can(a)
		}
		rows = append(rows, row)
	}
	return rows
}

// MatrixMarkdown renders Matrix as the Markdown table of docs/access.md,
// so the table there can be regenerated rather than edited by hand.
func MatrixMarkdown() string {
	var b strings.Builder
	b.WriteString("| Action | Allows |")
	sep := "|---|---|"
	for _, r := range Roles() {
		b.WriteString(" " + string(r) + " |")
		sep += ":-:|"
	}
	b.WriteString("\n" + sep + "\n")
	for _, row := range Matrix() {
		b.WriteString("| `" + string(row.Action) + "` | " + row.Means + " |")
		for _, r := range Roles() {
			if row.Allowed[r] {
				b.WriteString(" yes |")
			} else {
				b.WriteString(" no |")
			}
		}
		b.WriteString("\n")
	}
	return b.String()
}
