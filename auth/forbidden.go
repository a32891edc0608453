package auth

import "fmt"

// ForbiddenError is a refusal by role or compartment. Its reason names the
// permission or the case, never data.
type ForbiddenError struct{ Reason string }

func (e *ForbiddenError) Error() string { return e.Reason }

// AuthorizeWriteInto says whether p may write (or, with ActionImport,
// import) into a case: the role must allow the action and the case must be
// in p's compartments.
func (p Principal) AuthorizeWriteInto(action Action, caseID string) error {
	if !p.Can(action) {
		return &ForbiddenError{Reason: fmt.Sprintf("the %s permission is not given to role %s", action, p.Role)}
	}
	if !p.CanWriteCase(caseID) {
		return &ForbiddenError{Reason: fmt.Sprintf("case %s is not in your compartments", caseID)}
	}
	return nil
}
