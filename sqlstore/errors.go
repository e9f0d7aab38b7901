package sqlstore

import (
	"errors"
	"fmt"

	"github.com/impartial/impartial"
)

// Violation is what a dialect's Classify makes of a driver error the
// database raised for bad data: the domain's kind and a phrase saying what
// was wrong, in words. Everything else stays as it is (Internal, or
// Unavailable where the store says so).
type Violation struct {
	Kind impartial.ErrorKind
	What string
}

// Violation kinds every dialect maps its codes to, in one place each.
var (
	DuplicateKey = Violation{impartial.Conflict, "a record with this key already exists"}
	MissingRef   = Violation{impartial.Invalid, "it refers to a record that does not exist"}
	CheckFailed  = Violation{impartial.Invalid, "a value is outside what the database allows"}
	NotNull      = Violation{impartial.Invalid, "a required value is missing"}
	BadText      = Violation{impartial.Invalid, "a text is not valid UTF-8 or contains a NUL character"}
)

// translate turns a driver error into the domain's kind through the
// dialect's Classify: the one place storage errors become *impartial.Error.
// An error that is already one, or that Classify does not know, is returned
// as it is.
func (d *Dialect) translate(err error) error {
	if err == nil || d.Classify == nil {
		return err
	}
	var e *impartial.Error
	if errors.As(err, &e) {
		return err
	}
	v, ok := d.Classify(err)
	if !ok {
		return err
	}
	return &impartial.Error{Kind: v.Kind, Msg: fmt.Sprintf("the %s database refused the change: %s", d.Name, v.What), Err: err}
}
