package impartial

import (
	"errors"
	"fmt"
	"strings"
)

// ErrorKind classifies an error by what the caller can do about it. The HTTP
// layer maps kinds to status codes in one place and the CLI to exit status.
type ErrorKind uint8

// The kinds of error.
const (
	// Internal is a fault of the system, not of the input.
	Internal ErrorKind = iota
	// Invalid input: a field is missing, malformed or contradicts another.
	Invalid
	// NotFound: no such record (or one the caller may not know exists).
	NotFound
	// Conflict: the change collides with the current state.
	Conflict
	// Forbidden: the caller may not do this.
	Forbidden
	// Unavailable: the store is too new, locked or unreachable.
	Unavailable
	// Stale: a change was made against a version of the record that is no
	// longer current (someone else changed it since it was read).
	Stale
)

func (k ErrorKind) String() string {
	switch k {
	case Invalid:
		return "invalid"
	case NotFound:
		return "not found"
	case Conflict:
		return "conflict"
	case Forbidden:
		return "forbidden"
	case Unavailable:
		return "unavailable"
	case Stale:
		return "stale"
	}
	return "internal"
}

// Error is an error with a kind and, for bad input, the record and field it
// is about. Its message reads as a sentence a user can act on:
// `relationship "r3": field "end": 2015-01-01 is before start 2016-01-01`.
type Error struct {
	Kind   ErrorKind
	Record string // e.g. `relationship "r3"`; empty when not about a record
	Field  string // e.g. "end", "parties[2].entity"
	Msg    string
	Err    error // the underlying cause, if any
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Record != "" {
		b.WriteString(e.Record)
		b.WriteString(": ")
	}
	if e.Field != "" {
		fmt.Fprintf(&b, "field %q: ", e.Field)
	}
	b.WriteString(e.Msg)
	if e.Err != nil {
		if e.Msg != "" {
			b.WriteString(": ")
		}
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error of the kind with a formatted message.
func Errorf(kind ErrorKind, format string, args ...any) *Error {
	return &Error{Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

// FieldError returns an Invalid error about one field of a record.
func FieldError(record, field, format string, args ...any) *Error {
	return &Error{Kind: Invalid, Record: record, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// KindOf returns the kind of the first *Error in err's chain, or Internal.
func KindOf(err error) ErrorKind {
	var e *Error
	if errors.As(err, &e) {
		return e.Kind
	}
	return Internal
}

// IsNotFound reports whether err says a record does not exist.
func IsNotFound(err error) bool { return err != nil && KindOf(err) == NotFound }

// Problems collects the validation errors of one record so that a user sees
// every problem at once rather than one per attempt.
type Problems []*Error

func (p Problems) Error() string {
	msgs := make([]string, len(p))
	for i, e := range p {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

// Unwrap exposes the individual problems to errors.As and errors.Is.
func (p Problems) Unwrap() []error {
	errs := make([]error, len(p))
	for i, e := range p {
		errs[i] = e
	}
	return errs
}

// Err returns nil when there are no problems.
func (p Problems) Err() error {
	if len(p) == 0 {
		return nil
	}
	return p
}

func (p *Problems) add(record, field, format string, args ...any) {
	*p = append(*p, FieldError(record, field, format, args...))
}
