package rules

import (
	"testing"

	"github.com/impartial/impartial"
)

// TestAnyServing: screening skips the walks of a rule that binds only while
// serving (ABA Model Rule 1.12(b)) where no one serves in the matter.
func TestAnyServing(t *testing.T) {
	r := &Rule{Serving: []impartial.ParticipationCapacity{impartial.AsArbitrator}}
	asOf := impartial.MustDate("2025-06-01")
	part := func(capacity impartial.ParticipationCapacity, start, end string) impartial.Participant {
		p := impartial.Participant{Person: "p", Capacity: capacity}
		if start != "" {
			p.Start = impartial.MustDate(start)
		}
		if end != "" {
			p.End = impartial.MustDate(end)
		}
		return p
	}
	tests := []struct {
		name  string
		parts []impartial.Participant
		want  bool
	}{
		{"no participants", nil, false},
		{"serving now", []impartial.Participant{part(impartial.AsArbitrator, "2025-01-01", "")}, true},
		{"another capacity", []impartial.Participant{part(impartial.AsCounsel, "2025-01-01", "")}, false},
		{"service ended", []impartial.Participant{part(impartial.AsArbitrator, "2024-01-01", "2024-12-31")}, false},
		{"service not begun", []impartial.Participant{part(impartial.AsArbitrator, "2025-07-01", "")}, false},
		{"one of several", []impartial.Participant{part(impartial.AsCounsel, "", ""), part(impartial.AsArbitrator, "", "")}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := &impartial.Matter{ID: "m", Participants: tt.parts}
			if got := r.AnyServing(m, asOf); got != tt.want {
				t.Errorf("AnyServing = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestServingAsPrefersSubstantial: of a person's current services in the
// matter, the rule reads the one found personal and substantial, which is
// what lets 1.12(b) conclude recuse rather than review.
func TestServingAsPrefersSubstantial(t *testing.T) {
	r := &Rule{Serving: []impartial.ParticipationCapacity{impartial.AsArbitrator, impartial.AsMediator}}
	asOf := impartial.MustDate("2025-06-01")
	m := &impartial.Matter{ID: "m", Participants: []impartial.Participant{
		{Person: "p", Capacity: impartial.AsMediator},
		{Person: "q", Capacity: impartial.AsArbitrator, Substantial: true},
		{Person: "p", Capacity: impartial.AsArbitrator, Substantial: true},
		{Person: "p", Capacity: impartial.AsCounsel, Substantial: true},
	}}
	got := r.ServingAs("p", m, asOf)
	if got == nil || got.Person != "p" || got.Capacity != impartial.AsArbitrator || !got.Substantial {
		t.Fatalf("ServingAs = %+v, want p's substantial service as arbitrator", got)
	}
	if got := r.ServingAs("nobody", m, asOf); got != nil {
		t.Errorf("ServingAs(nobody) = %+v, want nil", got)
	}
}
