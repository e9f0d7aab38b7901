package httpapi

import (
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/dataset"
	"github.com/impartial/impartial/service"
)

// recordKind is one kind of record with its collection path.
type recordKind struct {
	kind, plural string
	filters      []param
}

var recordKinds = []recordKind{
	{"entity", "entities", []param{{Name: "kind", Type: "string", Desc: "only entities of this kind"},
		{Name: "covered", Type: "boolean", Desc: "only covered (screened) persons"}}},
	{"relationship", "relationships", []param{entityParam}},
	{"contact", "contacts", []param{entityParam}},
	{"matter", "matters", []param{{Name: "entity", Type: "string", Desc: "only matters this entity is a party to or on the team of"},
		{Name: "topic", Type: "string", Desc: "only matters with this topic"}}},
	{"statement", "statements", []param{{Name: "by", Type: "string", Desc: "only statements by this entity"}}},
	{"correction", "corrections", []param{{Name: "statement", Type: "string", Desc: "only corrections of this statement"}}},
	{"event", "events", []param{{Name: "entity", Type: "string", Desc: "only corporate actions naming this entity"}}},
}

// recordRoutes are the routes over records: list, create, read and change
// for every kind, and ending a relationship, a person's coverage or a
// matter. A record is sent and answered in the interchange format
// (docs/format.md), "record" optional; changes need If-Match.
func (a *API) recordRoutes() []route {
	var rs []route
	for _, k := range recordKinds {
		sample := dataset.WireSample(k.kind)
		readRoles, writeRoles := service.RecordReaders, service.RecordKeepers
		if k.kind == "matter" {
			readRoles, writeRoles = service.MatterReaders, service.MatterOpeners
		}
		what := k.plural
		rs = append(rs,
			route{Method: "GET", Path: "/v1/" + k.plural, Summary: "List " + what + " by id." + needToKnow(k.kind),
				Roles: readRoles, Query: with(pageParams, k.filters), Status: 200, Resp: itemsOf{sample}, h: a.listRecords(k)},
			route{Method: "POST", Path: "/v1/" + k.plural, Summary: "Create a " + k.kind + "; 409 if the id is taken. What the change affects is re-screened." + ownerNote(k.kind),
				Roles: writeRoles, Body: sample, Status: 201, Resp: sample, ETag: true, h: a.saveRecord(k, true)},
			route{Method: "GET", Path: "/v1/" + k.plural + "/{id}", Summary: "Read a " + k.kind + " with its ETag." + needToKnow(k.kind),
				Roles: getRoles(k.kind), Status: 200, Resp: sample, ETag: true, h: a.getRecord(k)},
			route{Method: "PUT", Path: "/v1/" + k.plural + "/{id}", Summary: "Replace a " + k.kind + " (If-Match: its ETag; 412 if it changed since). What the change affects is re-screened." + ownerNote(k.kind),
				Roles: writeRoles, Body: sample, IfMatch: true, Status: 200, Resp: sample, ETag: true, h: a.saveRecord(k, false),
				Query: []param{{Name: "allow_wall_changes", Type: "boolean", Desc: "allow a change that lifts a wall (409 otherwise, naming each)"}}},
		)
	}
	end := func(kind, plural, verb, field, summary string, roles []impartial.Role, set func(dataset.Record, impartial.Date) error) route {
		return route{Method: "POST", Path: "/v1/" + plural + "/{id}/" + verb, Summary: summary,
			Roles: roles, Body: endRequest{}, IfMatch: true, Status: 200, Resp: dataset.WireSample(kind), ETag: true,
			h: a.endRecord(kind, field, set)}
	}
	rs = append(rs,
		end("relationship", "relationships", "end", "end", "End a relationship on a date (If-Match: its ETag).", service.RecordKeepers,
			func(rec dataset.Record, d impartial.Date) error { rec.(*impartial.Relationship).End = d; return nil }),
		end("entity", "entities", "end", "end", "End a covered person's coverage on a date: they are screened no more from then (If-Match: its ETag).", service.RecordKeepers,
			func(rec dataset.Record, d impartial.Date) error {
				e := rec.(*impartial.Entity)
				if e.Coverage == nil {
					return impartial.FieldError(e.Label(), "coverage", "the entity is not a covered person; there is no coverage to end")
				}
				e.Coverage.End = d
				return nil
			}),
		end("matter", "matters", "close", "closed", "Close a matter on a date (If-Match: its ETag)."+ownerNote("matter"), service.MatterOpeners,
			func(rec dataset.Record, d impartial.Date) error { rec.(*impartial.Matter).Closed = d; return nil }),
	)
	return rs
}

// getRoles: a matter is read by anyone who may know of it.
func getRoles(kind string) []impartial.Role {
	if kind == "matter" {
		return service.Everyone
	}
	return service.RecordReaders
}

func needToKnow(kind string) string {
	if kind == "matter" {
		return " A confidential matter is shown only to those who see every matter and to its team; to others it reads as missing."
	}
	return ""
}

func ownerNote(kind string) string {
	if kind == "matter" {
		return " A matter owner keeps only matters whose team they are on."
	}
	return ""
}

func (a *API) listRecords(k recordKind) handler {
	return func(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
		after, limit, err := page(r)
		if err != nil {
			return err
		}
		q := service.RecordQuery{Kind: k.kind, After: after, Limit: limit}
		switch k.kind {
		case "entity":
			q.EntityKind = impartial.EntityKind(query(r).Get("kind"))
			if q.CoveredOnly, err = qBool(r, "covered", false); err != nil {
				return err
			}
		case "statement":
			q.Entity, err = qID(r, "by")
		case "correction":
			q.Statement, err = qID(r, "statement")
		default:
			q.Entity, err = qID(r, "entity")
			q.Topic = query(r).Get("topic")
		}
		if err != nil {
			return err
		}
		p, err := a.svc.Records(r.Context(), caller, q)
		if err != nil {
			return err
		}
		out := list[any]{Items: []any{}, Next: p.Next}
		for _, rec := range p.Records {
			v, err := dataset.Wire(rec)
			if err != nil {
				return err
			}
			out.Items = append(out.Items, v)
		}
		writeJSON(w, http.StatusOK, out)
		return nil
	}
}

// writeRecord answers a record with its ETag.
func writeRecord(w http.ResponseWriter, code int, rec dataset.Record) error {
	v, err := dataset.Wire(rec)
	if err != nil {
		return err
	}
	w.Header().Set("ETag", service.RecordETag(rec))
	writeJSON(w, code, v)
	return nil
}

func (a *API) getRecord(k recordKind) handler {
	return func(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
		rec, err := a.svc.Record(r.Context(), caller, k.kind, r.PathValue("id"))
		if err != nil {
			return err
		}
		if match := r.Header.Get("If-None-Match"); match != "" && match == service.RecordETag(rec) {
			w.Header().Set("ETag", match)
			w.WriteHeader(http.StatusNotModified)
			return nil
		}
		return writeRecord(w, http.StatusOK, rec)
	}
}

// ifMatch returns the If-Match precondition a change needs.
func ifMatch(r *http.Request) (string, error) {
	m := strings.TrimSpace(r.Header.Get("If-Match"))
	if m == "" {
		return "", &httpError{code: http.StatusPreconditionRequired, field: "If-Match",
			msg: "is required: read the record, and send its ETag so that a change made meanwhile is not overwritten"}
	}
	return strings.TrimPrefix(m, "W/"), nil
}

func (a *API) saveRecord(k recordKind, create bool) handler {
	return func(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
		opt := service.SaveOptions{Create: create}
		if !create {
			var err error
			if opt.IfMatch, err = ifMatch(r); err != nil {
				return err
			}
			if opt.AllowWallChanges, err = qBool(r, "allow_wall_changes", false); err != nil {
				return err
			}
		}
		if err := mediaType(r, "application/json"); err != nil {
			return err
		}
		b, err := io.ReadAll(r.Body)
		if err != nil {
			return err
		}
		rec, err := dataset.DecodeAs(k.kind, b)
		if err != nil {
			return err
		}
		if !create {
			if id := service.RecordID(rec); id != r.PathValue("id") {
				return impartial.FieldError(rec.Label(), "id", "%q differs from the id in the path, %q", id, r.PathValue("id"))
			}
		}
		start := time.Now()
		res, err := a.svc.SaveRecord(r.Context(), caller, rec, opt)
		if err != nil {
			return err
		}
		if res.Screened != nil {
			a.metrics.screened("record", time.Since(start))
		}
		code := http.StatusOK
		if res.Created {
			code = http.StatusCreated
			w.Header().Set("Location", "/v1/"+k.plural+"/"+service.RecordID(rec))
		}
		return writeRecord(w, code, rec)
	}
}

type endRequest struct {
	Date impartial.Date `json:"date"`
}

func (a *API) endRecord(kind, field string, set func(dataset.Record, impartial.Date) error) handler {
	return func(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
		match, err := ifMatch(r)
		if err != nil {
			return err
		}
		var req endRequest
		if err := decodeJSON(r, &req); err != nil {
			return err
		}
		if req.Date.IsZero() {
			return impartial.FieldError("body", "date", "is required: the date it ends (YYYY-MM-DD)")
		}
		rec, err := a.svc.ChangeRecord(r.Context(), caller, kind, r.PathValue("id"), service.SaveOptions{IfMatch: match}, func(rec dataset.Record) error {
			return set(rec, req.Date)
		})
		if err != nil {
			return err
		}
		return writeRecord(w, http.StatusOK, rec)
	}
}
