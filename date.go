package impartial

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Precision says how much of a Date is known. Records of meetings and
// relationships are often known only to the month ("July 2016") or the year;
// keeping the precision stops the system from inventing a day.
type Precision uint8

// The precisions a Date can have. The zero Date has NoPrecision.
const (
	NoPrecision Precision = iota
	YearPrecision
	MonthPrecision
	DayPrecision
)

// Date is a calendar date known to the year, the month or the day. It has no
// time of day and no zone: the facts it records (a meeting, the start of a
// position) are dated by the calendar, not the clock.
type Date struct {
	year  int
	month time.Month
	day   int
	prec  Precision
}

// Day returns the Date for a full year, month and day.
func Day(year int, month time.Month, day int) Date {
	return Date{year: year, month: month, day: day, prec: DayPrecision}
}

// Month returns a Date known only to the month.
func Month(year int, month time.Month) Date {
	return Date{year: year, month: month, prec: MonthPrecision}
}

// Year returns a Date known only to the year.
func Year(year int) Date { return Date{year: year, prec: YearPrecision} }

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date { return Day(t.Year(), t.Month(), t.Day()) }

// ParseDate reads "YYYY", "YYYY-MM" or "YYYY-MM-DD". The empty string gives
// the zero Date, which means "not known".
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	parts := strings.Split(s, "-")
	bad := fmt.Errorf("%q is not a date: want YYYY, YYYY-MM or YYYY-MM-DD", s)
	if len(parts) > 3 || len(parts[0]) != 4 {
		return Date{}, bad
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		if i > 0 && len(p) != 2 {
			return Date{}, bad
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 {
			return Date{}, bad
		}
		nums[i] = n
	}
	if nums[0] < 1 {
		return Date{}, bad
	}
	switch len(nums) {
	case 1:
		return Year(nums[0]), nil
	case 2:
		if nums[1] < 1 || nums[1] > 12 {
			return Date{}, fmt.Errorf("%q is not a date: month %d is out of range 01-12", s, nums[1])
		}
		return Month(nums[0], time.Month(nums[1])), nil
	}
	if nums[1] < 1 || nums[1] > 12 {
		return Date{}, fmt.Errorf("%q is not a date: month %d is out of range 01-12", s, nums[1])
	}
	d := Day(nums[0], time.Month(nums[1]), nums[2])
	if nums[2] < 1 || nums[2] > daysIn(nums[0], time.Month(nums[1])) {
		return Date{}, fmt.Errorf("%q is not a date: %s has no day %d", s, time.Month(nums[1]), nums[2])
	}
	return d, nil
}

// MustDate is ParseDate for literals in tests and fixtures; it panics on error.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d.prec == NoPrecision }

// Precision reports how much of the date is known.
func (d Date) Precision() Precision { return d.prec }

// String formats the date as ParseDate reads it.
func (d Date) String() string {
	switch d.prec {
	case YearPrecision:
		return fmt.Sprintf("%04d", d.year)
	case MonthPrecision:
		return fmt.Sprintf("%04d-%02d", d.year, int(d.month))
	case DayPrecision:
		return fmt.Sprintf("%04d-%02d-%02d", d.year, int(d.month), d.day)
	}
	return ""
}

// First returns the first day the date can mean: 2016-07 → 2016-07-01.
func (d Date) First() time.Time {
	switch d.prec {
	case YearPrecision:
		return time.Date(d.year, 1, 1, 0, 0, 0, 0, time.UTC)
	case MonthPrecision:
		return time.Date(d.year, d.month, 1, 0, 0, 0, 0, time.UTC)
	case DayPrecision:
		return time.Date(d.year, d.month, d.day, 0, 0, 0, 0, time.UTC)
	}
	return time.Time{}
}

// Last returns the last day the date can mean: 2016-07 → 2016-07-31.
func (d Date) Last() time.Time {
	switch d.prec {
	case YearPrecision:
		return time.Date(d.year, 12, 31, 0, 0, 0, 0, time.UTC)
	case MonthPrecision:
		return time.Date(d.year, d.month, daysIn(d.year, d.month), 0, 0, 0, 0, time.UTC)
	case DayPrecision:
		return d.First()
	}
	return time.Time{}
}

// Before reports whether d certainly ends before e begins. Unknown dates are
// never before anything.
func (d Date) Before(e Date) bool {
	if d.IsZero() || e.IsZero() {
		return false
	}
	return d.Last().Before(e.First())
}

// Within reports whether d can fall on or between from and to; a zero bound
// is open.
func (d Date) Within(from, to Date) bool {
	if d.IsZero() {
		return false
	}
	if !from.IsZero() && d.Last().Before(from.First()) {
		return false
	}
	if !to.IsZero() && d.First().After(to.Last()) {
		return false
	}
	return true
}

// AddYears returns the date n years later, with the same precision. It is how
// look-back windows ("within the last year") are computed.
func (d Date) AddYears(n int) Date {
	if d.IsZero() {
		return d
	}
	e := d
	e.year += n
	if e.prec == DayPrecision && e.day > daysIn(e.year, e.month) {
		e.day = daysIn(e.year, e.month)
	}
	return e
}

// Compare orders dates by their first day, then by precision (coarser first).
func (d Date) Compare(e Date) int {
	if c := d.First().Compare(e.First()); c != 0 {
		return c
	}
	return int(d.prec) - int(e.prec)
}

// MarshalText writes the date as ParseDate reads it.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads what MarshalText writes.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Span is a period with optional ends: when a relationship held, when a
// person was covered.
type Span struct {
	Start Date `json:"start,omitzero"`
	End   Date `json:"end,omitzero"`
}

// Active reports whether the span covers the day asOf: it has started (or its
// start is unknown) and not ended before asOf.
func (s Span) Active(asOf Date) bool {
	if !s.Start.IsZero() && asOf.Last().Before(s.Start.First()) {
		return false
	}
	if !s.End.IsZero() && s.End.Last().Before(asOf.First()) {
		return false
	}
	return true
}

// EndedWithin reports whether the span ended within years before asOf (or is
// still active): the test of look-back windows such as 5 CFR 2635.502's "within
// the last year".
func (s Span) EndedWithin(asOf Date, years int) bool {
	if s.Active(asOf) {
		return true
	}
	if s.End.IsZero() {
		return false
	}
	return !s.End.Last().Before(asOf.AddYears(-years).First()) && !asOf.Last().Before(s.Start.First())
}
