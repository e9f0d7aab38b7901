package httpapi

import (
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/dataset"
	"github.com/impartial/impartial/service"
)

// The routes over a matter's lists — its parties, topics and team — change
// one entry of the stored matter without the client sending the whole
// record: read, change, save, through service.ChangeRecord (the same path
// as PUT, with the same roles, validation, re-screening, audit entry and
// If-Match precondition), so that two analysts adding a party each do not
// overwrite each other: the second gets 412 and reads again.

type topicRequest struct {
	Topic string `json:"topic"`
}

type memberRequest struct {
	// Member is the entity id of the person to put on the team.
	Member string `json:"member"`
}

var allowWallChanges = param{Name: "allow_wall_changes", Type: "boolean", Desc: "allow a change that lifts a wall (409 otherwise, naming each)"}

// matterListRoutes are POST (add one) and DELETE (remove one) on each of a
// matter's lists.
func (a *API) matterListRoutes() []route {
	sample := dataset.WireSample("matter")
	r := func(method, list, summary string, body any, query []param, change func(*http.Request) (func(*impartial.Matter) error, error)) route {
		return route{Method: method, Path: "/v1/matters/{id}/" + list, Summary: summary + " (If-Match: the matter's ETag; 412 if it changed since). What the change affects is re-screened." + ownerNote("matter"),
			Roles: service.MatterOpeners, Body: body, Query: query, IfMatch: true, Status: 200, Resp: sample, ETag: true,
			h: a.changeMatter(body != nil, change)}
	}
	return []route{
		r("POST", "parties", "Add a party to a matter, by entity id or by name with its role; 409 if it is a party in that role already.", impartial.MatterParty{}, nil, addParty),
		r("DELETE", "parties", "Remove a party from a matter: the entity (or the party given by name) in every role, or in the role given; 404 if it is not a party.", nil,
			[]param{{Name: "entity", Type: "string", Desc: "the party's entity id (this or name)"}, {Name: "name", Type: "string", Desc: "the name of a party given by name"},
				{Name: "role", Type: "string", Desc: "only in this role"}, allowWallChanges}, removeParty),
		r("POST", "topics", "Add a topic to a matter; 409 if it has it already.", topicRequest{}, nil, addTopic),
		r("DELETE", "topics", "Remove a topic from a matter; 404 if it does not have it.", nil,
			[]param{{Name: "topic", Type: "string", Required: true, Desc: "the topic"}, allowWallChanges}, removeTopic),
		r("POST", "team", "Put a person on a matter's team; 409 if they are on it already.", memberRequest{}, nil, addMember),
		r("DELETE", "team", "Take a person off a matter's team; 404 if they are not on it.", nil,
			[]param{{Name: "member", Type: "string", Required: true, Desc: "the person's entity id"}, allowWallChanges}, removeMember),
	}
}

// changeMatter serves one list route: the precondition, the body or query
// read into a change, and the change saved.
func (a *API) changeMatter(hasBody bool, change func(*http.Request) (func(*impartial.Matter) error, error)) handler {
	return func(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
		match, err := ifMatch(r)
		if err != nil {
			return err
		}
		opt := service.SaveOptions{IfMatch: match}
		if !hasBody {
			if opt.AllowWallChanges, err = qBool(r, "allow_wall_changes", false); err != nil {
				return err
			}
		}
		apply, err := change(r)
		if err != nil {
			return err
		}
		rec, err := a.svc.ChangeRecord(r.Context(), caller, "matter", r.PathValue("id"), opt, func(rec dataset.Record) error {
			return apply(rec.(*impartial.Matter))
		})
		if err != nil {
			return err
		}
		return writeRecord(w, http.StatusOK, rec)
	}
}

func addParty(r *http.Request) (func(*impartial.Matter) error, error) {
	var p impartial.MatterParty
	if err := decodeJSON(r, &p); err != nil {
		return nil, err
	}
	switch {
	case p.Entity == "" && strings.TrimSpace(p.Name) == "":
		return nil, impartial.FieldError("body", "entity", "is required (or name, for a party not on record)")
	case p.Entity != "":
		if err := checkID("entity", p.Entity); err != nil {
			return nil, err
		}
	}
	if p.Role == "" {
		return nil, impartial.FieldError("body", "role", "is required")
	}
	return func(m *impartial.Matter) error {
		if slices.ContainsFunc(m.Parties, func(q impartial.MatterParty) bool { return sameParty(q, p.Entity, p.Name) && q.Role == p.Role }) {
			return &impartial.Error{Kind: impartial.Conflict, Record: m.Label(), Field: "parties",
				Msg: fmt.Sprintf("%s is a party in the role %s already", partyName(p.Entity, p.Name), p.Role)}
		}
		m.Parties = append(m.Parties, p)
		return nil
	}, nil
}

// sameParty reports whether q is the party named by entity id, or, for a
// party given by name, by name.
func sameParty(q impartial.MatterParty, entity, name string) bool {
	if entity != "" {
		return q.Entity == entity
	}
	return q.Entity == "" && strings.EqualFold(strings.TrimSpace(q.Name), strings.TrimSpace(name))
}

func partyName(entity, name string) string {
	if entity != "" {
		return fmt.Sprintf("entity %q", entity)
	}
	return fmt.Sprintf("%q", name)
}

func removeParty(r *http.Request) (func(*impartial.Matter) error, error) {
	entity, err := qID(r, "entity")
	if err != nil {
		return nil, err
	}
	q := query(r)
	name, role := q.Get("name"), impartial.PartyRole(q.Get("role"))
	switch {
	case entity == "" && strings.TrimSpace(name) == "":
		return nil, impartial.FieldError("query", "entity", "is required (or name, for a party given by name)")
	case entity != "" && name != "":
		return nil, impartial.FieldError("query", "name", "give entity or name, not both")
	}
	return func(m *impartial.Matter) error {
		kept := slices.DeleteFunc(slices.Clone(m.Parties), func(p impartial.MatterParty) bool {
			return sameParty(p, entity, name) && (role == "" || p.Role == role)
		})
		if len(kept) == len(m.Parties) {
			in := ""
			if role != "" {
				in = " in the role " + string(role)
			}
			return &impartial.Error{Kind: impartial.NotFound, Msg: fmt.Sprintf("%s is not a party to matter %q%s", partyName(entity, name), m.ID, in)}
		}
		m.Parties = kept
		return nil
	}, nil
}

func addTopic(r *http.Request) (func(*impartial.Matter) error, error) {
	var t topicRequest
	if err := decodeJSON(r, &t); err != nil {
		return nil, err
	}
	if strings.TrimSpace(t.Topic) == "" {
		return nil, impartial.FieldError("body", "topic", "is required")
	}
	return func(m *impartial.Matter) error {
		return addOne(m, &m.Topics, "topics", t.Topic, fmt.Sprintf("has the topic %q already", t.Topic))
	}, nil
}

func removeTopic(r *http.Request) (func(*impartial.Matter) error, error) {
	topic := query(r).Get("topic")
	return func(m *impartial.Matter) error {
		return removeOne(&m.Topics, topic, fmt.Sprintf("matter %q has no topic %q", m.ID, topic))
	}, nil
}

func addMember(r *http.Request) (func(*impartial.Matter) error, error) {
	var t memberRequest
	if err := decodeJSON(r, &t); err != nil {
		return nil, err
	}
	if err := checkID("member", t.Member); err != nil {
		return nil, err
	}
	return func(m *impartial.Matter) error {
		return addOne(m, &m.Team, "team", t.Member, fmt.Sprintf("%q is on the team already", t.Member))
	}, nil
}

func removeMember(r *http.Request) (func(*impartial.Matter) error, error) {
	member, err := qID(r, "member")
	if err != nil {
		return nil, err
	}
	return func(m *impartial.Matter) error {
		return removeOne(&m.Team, member, fmt.Sprintf("%q is not on the team of matter %q", member, m.ID))
	}, nil
}

// addOne appends v to one of m's lists, or answers a conflict on field.
func addOne(m *impartial.Matter, list *[]string, field, v, already string) error {
	if slices.Contains(*list, v) {
		return &impartial.Error{Kind: impartial.Conflict, Record: m.Label(), Field: field, Msg: already}
	}
	*list = append(*list, v)
	return nil
}

// removeOne removes v from a list, or answers not found.
func removeOne(list *[]string, v, missing string) error {
	i := slices.Index(*list, v)
	if i < 0 {
		return &impartial.Error{Kind: impartial.NotFound, Msg: missing}
	}
	*list = slices.Delete(slices.Clone(*list), i, i+1)
	return nil
}
