package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/service"
)

// routes adds the pages beyond sign-in and findings.
func (s *Site) routes() {
	s.mux.HandleFunc("GET /ui/matters", s.auth(show(s, "matters", "matters", fixed[[]service.MatterSummary]("Matters"),
		func(ctx context.Context, a impartial.Actor, _ string) ([]service.MatterSummary, error) {
			return s.svc.VisibleMatters(ctx, a)
		})))
	s.mux.HandleFunc("GET /ui/matters/{id}", s.auth(show(s, "matter", "matters",
		func(m *service.MatterOverview) string { return m.Matter.Title }, s.svc.MatterOverview)))
	s.mux.HandleFunc("GET /ui/persons", s.auth(show(s, "persons", "persons", fixed[[]*impartial.Entity]("People"),
		func(ctx context.Context, a impartial.Actor, _ string) ([]*impartial.Entity, error) {
			return s.svc.CoveredPersons(ctx, a)
		})))
	s.mux.HandleFunc("GET /ui/persons/{id}", s.auth(s.person))
	s.mux.HandleFunc("GET /ui/recusals", s.auth(s.recusals))
	s.mux.HandleFunc("GET /ui/recusals/{id}", s.auth(s.recusalPage("recusal")))
	s.mux.HandleFunc("GET /ui/recusals/{id}/memo", s.auth(s.recusalPage("memo")))
	s.mux.HandleFunc("GET /ui/statements", s.auth(show(s, "statements", "statements", fixed[[]*impartial.Statement]("Statements"),
		func(ctx context.Context, a impartial.Actor, _ string) ([]*impartial.Statement, error) {
			return s.svc.AllStatements(ctx, a)
		})))
	s.mux.HandleFunc("GET /ui/statements/{id}", s.auth(show(s, "statement", "statements",
		func(st *service.StatementOverview) string { return "Statement " + st.Statement.ID }, s.svc.StatementOverview)))
	s.mux.HandleFunc("GET /ui/me", s.auth(s.me))
	s.mux.HandleFunc("POST /ui/me/recusals/{id}/acknowledge", s.auth(s.acknowledge))
	s.mux.HandleFunc("POST /ui/me/disclose", s.auth(s.disclose))
}

type personData struct {
	P        *service.PersonOverview
	Timeline timelineView
	// Rels, Holdings and Contacts are the timeline's events by kind.
	Rels, Holdings, Contacts, Other []service.Event
	Self                            bool
}

func (s *Site) person(w http.ResponseWriter, r *http.Request, c *request) error {
	p, err := s.svc.PersonOverview(r.Context(), c.actor, r.PathValue("id"))
	if err != nil {
		return err
	}
	d := personData{P: p, Timeline: buildTimeline(p.Profile, impartial.DateOf(s.svc.Now())), Self: c.actor.ID == p.Profile.Entity.ID}
	for _, e := range p.Profile.Events {
		switch {
		case e.Kind == "relationship" && isHolding(e):
			d.Holdings = append(d.Holdings, e)
		case e.Kind == "relationship":
			d.Rels = append(d.Rels, e)
		case e.Kind == "contact":
			d.Contacts = append(d.Contacts, e)
		default:
			d.Other = append(d.Other, e)
		}
	}
	v := c.view(p.Profile.Entity.Name, d)
	v.Nav = "persons"
	if d.Self {
		v.Nav = "me"
	}
	return s.render(w, r, http.StatusOK, "person", v)
}

// show makes a page that reads one thing (by the path's id, if any) and
// renders it.
func show[T any](s *Site, name, nav string, title func(T) string, read func(context.Context, impartial.Actor, string) (T, error)) handler {
	return func(w http.ResponseWriter, r *http.Request, c *request) error {
		data, err := read(r.Context(), c.actor, r.PathValue("id"))
		if err != nil {
			return err
		}
		v := c.view(title(data), data)
		v.Nav = nav
		return s.render(w, r, http.StatusOK, name, v)
	}
}

// fixed is a page title that does not depend on the data.
func fixed[T any](title string) func(T) string { return func(T) string { return title } }

func isHolding(e service.Event) bool { return strings.Contains(e.Summary, " holds an interest in ") }

func (s *Site) recusals(w http.ResponseWriter, r *http.Request, c *request) error {
	if c.actor.Role == impartial.Covered {
		http.Redirect(w, r, "/ui/me", http.StatusSeeOther)
		return nil
	}
	list, err := s.svc.AllRecusals(r.Context(), c.actor)
	if err != nil {
		return err
	}
	v := c.view("Recusals", list)
	v.Nav = "recusals"
	return s.render(w, r, http.StatusOK, "recusals", v)
}

// ownRecusal sends a covered person to their own page for their own
// recusal, and answers any other as one that does not exist.
func (s *Site) ownRecusal(w http.ResponseWriter, r *http.Request, c *request, id string) error {
	notices, err := s.svc.MyRecusals(r.Context(), c.actor)
	if err != nil {
		return err
	}
	for _, n := range notices {
		if n.ID == id {
			http.Redirect(w, r, "/ui/me#"+url.PathEscape(id), http.StatusSeeOther)
			return nil
		}
	}
	return &impartial.Error{Kind: impartial.NotFound, Msg: fmt.Sprintf("no recusal %q", id)}
}

type recusalData struct {
	R      *service.RecusalOverview
	Issued string
}

// recusalPage shows a recusal in full (page "recusal") or as its printable
// memo (page "memo"). A covered person is sent to their own page.
func (s *Site) recusalPage(name string) handler {
	return func(w http.ResponseWriter, r *http.Request, c *request) error {
		id := r.PathValue("id")
		if c.actor.Role == impartial.Covered {
			return s.ownRecusal(w, r, c, id)
		}
		rec, err := s.svc.RecusalOverview(r.Context(), c.actor, id)
		if err != nil {
			return err
		}
		v := c.view("Recusal "+id, recusalData{R: rec, Issued: impartial.DateOf(s.svc.Now()).String()})
		v.Nav = "recusals"
		return s.render(w, r, http.StatusOK, name, v)
	}
}

type meData struct {
	Notices    []service.RecusalNotice
	Capacities []impartial.Capacity
	Whoses     []impartial.Whose
	Kinds      []impartial.EntityKind
	Receipt    string
}

func (s *Site) me(w http.ResponseWriter, r *http.Request, c *request) error {
	if c.actor.Role != impartial.Covered {
		return &impartial.Error{Kind: impartial.NotFound, Msg: "this page is for covered persons: it shows their own recusals"}
	}
	notices, err := s.svc.MyRecusals(r.Context(), c.actor)
	if err != nil {
		return err
	}
	v := c.view("My recusals and disclosures", meData{Notices: notices, Capacities: impartial.Capacities, Whoses: impartial.Whoses,
		Kinds: impartial.EntityKinds})
	v.Nav = "me"
	return s.render(w, r, http.StatusOK, "me", v)
}

func (s *Site) acknowledge(w http.ResponseWriter, r *http.Request, c *request) error {
	id := r.PathValue("id")
	if err := s.svc.Acknowledge(r.Context(), c.actor, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/ui/me?done=acknowledged#"+url.PathEscape(id), http.StatusSeeOther)
	return nil
}

func (s *Site) disclose(w http.ResponseWriter, r *http.Request, c *request) error {
	f := r.PostFormValue
	d := service.Disclosure{Kind: service.DisclosureKind(f("kind")), Name: f("name"), EntityKind: impartial.EntityKind(f("entity_kind")),
		Role: f("role"), Type: impartial.RelType(f("type")), Whose: impartial.Whose(f("whose")), Place: f("place"),
		Capacity: impartial.Capacity(f("capacity")), Note: f("note")}
	var err error
	for _, date := range []struct {
		field string
		into  *impartial.Date
	}{{"start", &d.Start}, {"end", &d.End}, {"date", &d.Date}} {
		if v := strings.TrimSpace(f(date.field)); v != "" {
			if *date.into, err = impartial.ParseDate(v); err != nil {
				return impartial.FieldError("disclosure", date.field, "%v", err)
			}
		}
	}
	if v := strings.TrimSpace(f("amount_min")); v != "" {
		min, err := strconv.ParseInt(v, 10, 64)
		if err != nil || min < 0 {
			return impartial.FieldError("disclosure", "amount_min", "%q is not an amount in whole dollars", v)
		}
		d.Amount = &impartial.Amount{Min: min, Currency: "USD"}
		if v := strings.TrimSpace(f("amount_max")); v != "" {
			max, err := strconv.ParseInt(v, 10, 64)
			if err != nil || max < min {
				return impartial.FieldError("disclosure", "amount_max", "%q is not an amount at least the lower one", v)
			}
			d.Amount.Max = max
		}
	}
	if _, err := s.svc.Disclose(r.Context(), c.actor, d); err != nil {
		return err
	}
	http.Redirect(w, r, "/ui/me?done=disclosed", http.StatusSeeOther)
	return nil
}
