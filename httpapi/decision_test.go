package httpapi

import (
	"net/http/httptest"
	"testing"

	"github.com/impartial/impartial"
)

// TestWriteDecisionAsJSON: the check's hand-written answer is byte for byte
// what writeJSON writes, with the same status and content type, for every
// field set or not and for reasons that need escaping.
func TestWriteDecisionAsJSON(t *testing.T) {
	for _, d := range []impartial.WallDecision{
		{},
		{Allow: true, Reason: "no recusal, finding or screen walls p0 off matter m0", Revision: 100},
		{Reason: `recused: "the Special Counsel" <investigation> & more, tab	and é, \ and ` + "\u2028 \x01 \xff", Recusal: "r-1", Revision: 7},
		{Reason: "pending", Finding: "28 CFR 45.2", Pending: 12, Revision: -1},
	} {
		for _, code := range []int{200, 400, 503} {
			got, want := httptest.NewRecorder(), httptest.NewRecorder()
			writeDecision(got, code, d)
			writeJSON(want, code, d)
			if got.Code != want.Code || got.Body.String() != want.Body.String() ||
				got.Header().Get("Content-Type") != want.Header().Get("Content-Type") {
				t.Errorf("%+v, %d:\n got %d %q %q\nwant %d %q %q", d, code, got.Code, got.Header().Get("Content-Type"), got.Body,
					want.Code, want.Header().Get("Content-Type"), want.Body)
			}
		}
	}
}
