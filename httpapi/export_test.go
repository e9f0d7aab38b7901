package httpapi

import "time"

// SetFailClock sets the clock the API's limiter of failed authentications
// refills by, so that a test counts failures without the machine's speed
// deciding how many have been refilled meanwhile.
func SetFailClock(a *API, now func() time.Time) { a.fails.now = now }
