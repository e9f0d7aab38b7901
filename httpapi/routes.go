package httpapi

import (
	"net/http"
	"runtime/debug"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/reconcile"
	"github.com/impartial/impartial/service"
)

// route is one row of the route table: everything the server registers and
// the OpenAPI document says about a route.
type route struct {
	Method, Path string
	Summary      string
	// Roles that may call it, as the service enforces them; nil for a route
	// that takes no token.
	Roles []impartial.Role
	Query []param
	// Body is a sample of the request body's type; nil for none. BodyMedia
	// is its media type (default application/json).
	Body      any
	BodyMedia string
	MaxBody   int64 // bytes; default defaultMaxBody
	// Status is the success status; Resp a sample of its body (nil: none).
	Status    int
	Resp      any
	RespMedia string // default application/json
	// IfMatch: the route changes a record and needs If-Match with the ETag
	// of the version the change was made against. ETag: the response
	// carries the record's ETag.
	IfMatch, ETag bool
	// ErrorBody, when set, is what the route answers on errors instead of a
	// problem document (the wall check answers a decision that denies).
	ErrorBody any
	h         handler
}

// param is one query parameter.
type param struct {
	Name, Type, Desc string // Type: string, integer, boolean, date, duration
	Required         bool
}

// defaultMaxBody bounds a request body: records and decisions are small.
const defaultMaxBody = 1 << 20

// maxImportBody bounds an import body; bigger files go through the CLI.
const maxImportBody = 64 << 20

// list is the envelope of every listing: a page of items and the cursor of
// the next page, empty on the last.
type list[T any] struct {
	Items []T    `json:"items"`
	Next  string `json:"next"`
}

var (
	pageParams = []param{
		{Name: "after", Type: "string", Desc: "cursor: the next value of the previous page"},
		{Name: "limit", Type: "integer", Desc: "at most this many items (default 100, at most 10000)"},
	}
	entityParam = param{Name: "entity", Type: "string", Desc: "only records involving this entity id"}
	personParam = param{Name: "person", Type: "string", Desc: "only those of this person (entity id)"}
	matterParam = param{Name: "matter", Type: "string", Desc: "only those of this matter"}
)

func with(ps ...any) []param {
	var out []param
	for _, p := range ps {
		switch v := p.(type) {
		case param:
			out = append(out, v)
		case []param:
			out = append(out, v...)
		}
	}
	return out
}

// table is the route table: every route the API serves.
func (a *API) table() []route {
	rs := []route{
		// Operations.
		{Method: "GET", Path: "/healthz", Summary: "The process is up.", Status: 200, Resp: health{}, h: a.healthz},
		{Method: "GET", Path: "/readyz", Summary: "Whether the server should take traffic: store reachable, migrations current, pending re-screens, working set loaded. 503 when not ready.",
			Status: 200, Resp: readiness{}, ErrorBody: readiness{}, h: a.readyz},
		{Method: "GET", Path: "/metrics", Summary: "Prometheus metrics: requests by route and status, latencies, check decisions, screening durations, pending re-screens, cache sizes.",
			Status: 200, Resp: "", RespMedia: "text/plain", h: a.serveMetrics},
		{Method: "GET", Path: "/openapi.json", Summary: "This document, generated from the server's route table.", Status: 200, Resp: map[string]any{}, h: a.serveOpenAPI},
		{Method: "GET", Path: "/v1/version", Summary: "The server's version.", Roles: service.Everyone, Status: 200, Resp: versionInfo{}, h: a.version},

		// The wall.
		{Method: "GET", Path: "/v1/check", Summary: "May this person view, participate in or be assigned to this matter? A deny is 200 with allow false; a check that could not be completed answers 503 with allow false. A covered person may check only their own access; a matter the caller may not know of is answered as one that does not exist.",
			Roles: service.Everyone, Query: []param{{Name: "person", Type: "string", Required: true, Desc: "the person (entity id)"},
				{Name: "action", Type: "string", Desc: "view, participate (default) or assign"}, {Name: "matter", Type: "string", Required: true, Desc: "the matter id"},
				{Name: "as_of", Type: "date", Desc: "the day the check is for, YYYY-MM-DD (default today)"}},
			Status: 200, Resp: impartial.WallDecision{}, ErrorBody: impartial.WallDecision{}, h: a.check},
		{Method: "GET", Path: "/v1/walls/feed", Summary: "The wall change feed: everything that can change a check's answer, in commit order; resume from next.",
			Roles: service.FeedReaders, Query: with(pageParams), Status: 200, Resp: feedPage{}, h: a.feed},
		{Method: "GET", Path: "/v1/matters/{id}/walled", Summary: "Who is walled from a matter, and why.",
			Roles: service.Deciders, Query: with(pageParams), Status: 200, Resp: walledPage{}, h: a.walledFromMatter},
		{Method: "GET", Path: "/v1/persons/{id}/walled", Summary: "Which matters a person is walled from, and why, with topic scopes resolved today.",
			Roles: service.Deciders, Query: with(pageParams), Status: 200, Resp: walledFromPage{}, h: a.walledPerson},

		// Names and documents.
		{Method: "GET", Path: "/v1/search", Summary: "Search entities by name across spellings, scripts, nicknames and legal forms; each hit with its score and a part-by-part explanation.",
			Roles: service.Searchers, Query: []param{{Name: "q", Type: "string", Required: true, Desc: "the name"},
				{Name: "kind", Type: "string", Desc: "only entities of this kind"}, {Name: "limit", Type: "integer", Desc: "at most this many hits (default 10, at most 1000)"},
				{Name: "after", Type: "string", Desc: "cursor: the next value of the previous page (a position in the ranking; pages end at the 1,000th hit)"}},
			Status: 200, Resp: list[nameHit]{}, h: a.search},
		{Method: "POST", Path: "/v1/scan", Summary: "Find mentions of known entities in a text (the body, plain UTF-8), with byte offsets; a place that matches several entities' names (a family name alone) is one item with count, by_name, the first 5 candidates and why, and entity \"\". With suggest=true also the contacts and relationships it may report. Nothing is written.",
			Roles: service.Scanners, Query: []param{{Name: "suggest", Type: "boolean", Desc: "also suggest contacts and relationships (default false)"}},
			Body: "", BodyMedia: "text/plain", MaxBody: 16 << 20, Status: 200, Resp: scanResponse{}, h: a.scan},
		{Method: "POST", Path: "/v1/scan/accept", Summary: "Record the contact or relationship suggestion n of a scanned text proposes, through the import: validated, re-screened, audited; accepting it twice changes nothing.",
			Roles: service.Deciders, Body: acceptRequest{}, MaxBody: 17 << 20, Status: 201, Resp: acceptResponse{}, h: a.acceptSuggestion},

		// Import.
		{Method: "POST", Path: "/v1/import", Summary: "Import records in impartial's JSON Lines format or as FollowTheMoney entities (the body): a summary, or every row-level problem with its line and nothing written. JSON Lines is all or nothing; FtM skips bad lines and lists them unless strict=true. Re-screens what changed unless screen=false.",
			Roles: service.RecordKeepers, Query: []param{{Name: "screen", Type: "boolean", Desc: "re-screen what the import changed (default true)"},
				{Name: "format", Type: "string", Desc: "jsonl (default: docs/format.md) or ftm (FollowTheMoney entity stream)"},
				{Name: "strict", Type: "boolean", Desc: "ftm: import nothing of a body with a bad line (default false: bad lines are skipped and listed in rejected); jsonl is always all or nothing"}},
			Body: "", BodyMedia: "application/x-ndjson", MaxBody: maxImportBody, Status: 200, Resp: importSummary{}, h: a.importBody},

		// Screening and findings.
		{Method: "POST", Path: "/v1/screenings", Summary: "Screen one matter, one person or every open matter as of a date; findings with every explaining path. An auditor's screening is never saved.",
			Roles: service.Screeners, Body: screenRequest{}, Status: 200, Resp: screenResponse{}, h: a.screen},
		{Method: "GET", Path: "/v1/findings", Summary: "The findings queue: stored findings filtered by outcome, person, matter and age, ordered by matter, person and rule.",
			Roles: service.RecordReaders, Query: with(pageParams, personParam, matterParam,
				param{Name: "outcome", Type: "string", Desc: "recuse, authorization_required, review, permitted or clear"},
				param{Name: "older_than", Type: "duration", Desc: "only findings computed at least this long ago, e.g. 72h"},
				param{Name: "undecided", Type: "boolean", Desc: "leave out findings a determination has decided (no conflict or authorized)"}),
			Status: 200, Resp: list[impartial.StoredFinding]{}, h: a.findings},

		// Decisions.
		{Method: "POST", Path: "/v1/determinations", Summary: "Record an ethics official's review or decision on a finding; a decision to recuse records the recusal, to authorize the single-matter authorization.",
			Roles: service.Deciders, Body: determinationRequest{}, Status: 201, Resp: impartial.Determination{}, h: a.determine},
		{Method: "GET", Path: "/v1/determinations", Summary: "Recorded determinations.",
			Roles: service.RecordReaders, Query: with(pageParams, personParam, matterParam), Status: 200, Resp: list[impartial.Determination]{}, h: a.determinations},
		{Method: "POST", Path: "/v1/recusals", Summary: "Record a recusal: who steps aside from what (named matters, topics that also cover later matters, parties), from when, why, and who acts instead; its public statement names no confidential matter.",
			Roles: service.Deciders, Body: recusalRequest{}, Status: 201, Resp: impartial.Recusal{}, h: a.recuse},
		{Method: "GET", Path: "/v1/recusals", Summary: "Recorded recusals in full.",
			Roles: service.RecordReaders, Query: with(pageParams, personParam), Status: 200, Resp: list[impartial.Recusal]{}, h: a.recusals},
		{Method: "GET", Path: "/v1/me/recusals", Summary: "The caller's own recusals as they see them: the scope in words, the delegate, never the matters behind them.",
			Roles: service.Everyone, Query: with(pageParams), Status: 200, Resp: list[service.RecusalNotice]{}, h: a.myRecusals},
		{Method: "POST", Path: "/v1/me/recusals/{id}/acknowledge", Summary: "Acknowledge one's own recusal. Someone else's reads as one that does not exist.",
			Roles: service.Everyone, Status: 204, h: a.acknowledge},
		{Method: "POST", Path: "/v1/authorizations", Summary: "Record an authorization, waiver or consent (single matter), or an exemption, cure (divestiture) or screen; refused where the rule cannot be waived.",
			Roles: service.Deciders, Body: permissionRequest{}, Status: 201, Resp: impartial.Permission{}, h: a.authorize},
		{Method: "GET", Path: "/v1/authorizations", Summary: "Recorded authorizations, waivers, consents, exemptions, cures and screens.",
			Roles: service.RecordReaders, Query: with(pageParams, personParam, matterParam), Status: 200, Resp: list[impartial.Permission]{}, h: a.permissions},

		// Statements against the facts.
		{Method: "GET", Path: "/v1/reconciliation", Summary: "Statements on the record checked against the recorded facts: discrepancies, their evidence and their corrections.",
			Roles: []impartial.Role{impartial.Admin, impartial.Ethics, impartial.Auditor}, Query: with(pageParams, param{Name: "statement", Type: "string", Desc: "one statement (default: all)"}),
			Status: 200, Resp: list[reconcile.Discrepancy]{}, h: a.reconcile},

		// The audit trail.
		{Method: "GET", Path: "/v1/audit", Summary: "The hash-chained audit trail, oldest first; the cursor is a sequence number.",
			Roles: service.AuditReaders, Query: with(pageParams), Status: 200, Resp: list[impartial.AuditEvent]{}, h: a.auditList},
		{Method: "GET", Path: "/v1/audit/verify", Summary: "Recompute the whole chain: intact and ending at its recorded head, or the first entry edited, removed or inserted, or a cut-off tail (409).",
			Roles: service.AuditReaders, Status: 200, Resp: auditVerify{}, h: a.auditVerify},
		{Method: "POST", Path: "/v1/audit/verify", Summary: "Verify the chain and that it still contains and extends each signed checkpoint given (kept outside the database); public_key, if given, must have signed them.",
			Roles: service.AuditReaders, Body: verifyRequest{}, Status: 200, Resp: auditVerify{}, h: a.auditVerifyCheckpoints},
		{Method: "POST", Path: "/v1/audit/checkpoint", Summary: "Verify the chain and return its head signed with the operator's key (serve --audit-key), to be kept outside the database; 503 when the server holds no key.",
			Roles: service.AuditReaders, Status: 200, Resp: impartial.Checkpoint{}, h: a.auditCheckpoint},
	}
	rs = append(rs, a.tokenRoutes()...)
	rs = append(rs, a.recordRoutes()...)
	rs = append(rs, a.matterListRoutes()...)
	for i := range rs {
		if rs[i].Status == 0 {
			rs[i].Status = http.StatusOK
		}
	}
	return rs
}

type health struct {
	Status string `json:"status"`
}

func (a *API) healthz(w http.ResponseWriter, r *http.Request, _ impartial.Actor) error {
	writeJSON(w, http.StatusOK, health{Status: "ok"})
	return nil
}

type readiness struct {
	Ready  bool                 `json:"ready"`
	Checks []service.ReadyCheck `json:"checks"`
}

func (a *API) readyz(w http.ResponseWriter, r *http.Request, _ impartial.Actor) error {
	checks := a.svc.Readiness(r.Context())
	for _, c := range a.ready {
		err := c.fn(r.Context())
		rc := service.ReadyCheck{Name: c.name, OK: err == nil, Detail: "ready"}
		if err != nil {
			rc.Detail = err.Error()
		}
		checks = append(checks, rc)
	}
	out := readiness{Ready: true, Checks: checks}
	for _, c := range checks {
		out.Ready = out.Ready && c.OK
	}
	code := http.StatusOK
	if !out.Ready {
		code = http.StatusServiceUnavailable
	}
	writeJSON(w, code, out)
	return nil
}

func (a *API) serveOpenAPI(w http.ResponseWriter, r *http.Request, _ impartial.Actor) error {
	w.Header().Set("Content-Type", "application/json")
	w.Write(a.openapi)
	return nil
}

type versionInfo struct {
	Version string `json:"version"`
	Go      string `json:"go"`
}

// Version is the program's version; the build sets it with
// -ldflags "-X github.com/impartial/impartial/httpapi.Version=v1.2.3", and
// otherwise it is the module's version from the build information.
var Version = ""

// VersionInfo returns the version and the Go release it was built with.
func VersionInfo() (version, goVersion string) {
	v := Version
	bi, ok := debug.ReadBuildInfo()
	if v == "" && ok {
		v = bi.Main.Version
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" {
				v += " " + s.Value
			}
		}
	}
	if v == "" {
		v = "(devel)"
	}
	if ok {
		goVersion = bi.GoVersion
	}
	return v, goVersion
}

func (a *API) version(w http.ResponseWriter, r *http.Request, _ impartial.Actor) error {
	v, g := VersionInfo()
	writeJSON(w, http.StatusOK, versionInfo{Version: v, Go: g})
	return nil
}
