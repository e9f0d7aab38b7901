package httpapi

import (
	"crypto/ed25519"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/dataset"
	"github.com/impartial/impartial/internal/jsonstr"
	"github.com/impartial/impartial/reconcile"
	"github.com/impartial/impartial/scan"
	"github.com/impartial/impartial/service"
)

// checkQuery refuses query parameters the route does not take, and any
// given twice, so that a misspelt filter is an error and not a listing of
// everything.
// The parsed query is kept in r.Form (the API's bodies are JSON, never
// forms), so that a handler reads it without parsing it again.
func checkQuery(r *http.Request, params []param) error {
	if r.URL.RawQuery == "" && !slices.ContainsFunc(params, func(q param) bool { return q.Required }) {
		return nil
	}
	query := r.URL.Query()
	r.Form = query
	var p impartial.Problems
	for name, vals := range query {
		if !slices.ContainsFunc(params, func(q param) bool { return q.Name == name }) {
			p = append(p, impartial.FieldError("query", name, "is not a parameter of this route"))
		} else if len(vals) > 1 {
			p = append(p, impartial.FieldError("query", name, "is given %d times; give it once", len(vals)))
		}
	}
	for _, q := range params {
		v := query.Get(q.Name)
		if q.Required && v == "" {
			p = append(p, impartial.FieldError("query", q.Name, "is required"))
		}
		if len(v) > 1000 {
			p = append(p, impartial.FieldError("query", q.Name, "is longer than 1000 characters"))
		}
	}
	if p == nil {
		return nil
	}
	slices.SortFunc(p, func(a, b *impartial.Error) int { return strings.Compare(a.Field, b.Field) })
	return p.Err()
}

// query returns the request's query parameters, parsed once.
func query(r *http.Request) url.Values {
	if r.Form == nil && r.URL.RawQuery != "" {
		r.Form = r.URL.Query()
	}
	return r.Form
}

// qID returns an optional id parameter, validated.
func qID(r *http.Request, name string) (string, error) {
	v := query(r).Get(name)
	if v == "" {
		return "", nil
	}
	return v, checkID(name, v)
}

func qInt(r *http.Request, name string, def, lo, hi int) (int, error) {
	s := query(r).Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, impartial.FieldError("query", name, "%q is not a whole number from %d to %d", s, lo, hi)
	}
	return n, nil
}

func qBool(r *http.Request, name string, def bool) (bool, error) {
	switch s := query(r).Get(name); s {
	case "":
		return def, nil
	case "true", "1":
		return true, nil
	case "false", "0":
		return false, nil
	default:
		return false, impartial.FieldError("query", name, "%q is not true or false", s)
	}
}

// page reads the after and limit parameters.
func page(r *http.Request) (string, int, error) {
	after := query(r).Get("after")
	limit, err := qInt(r, "limit", 100, 1, impartial.MaxPage)
	return after, limit, err
}

// pageOf cuts one page out of a whole listing sorted by key.
func pageOf[T any](items []T, key func(T) string, after string, limit int) list[T] {
	i := 0
	if after != "" {
		i, _ = slices.BinarySearchFunc(items, after, func(t T, k string) int {
			if key(t) <= k {
				return -1
			}
			return 1
		})
	}
	items = items[i:]
	out := list[T]{Items: []T{}}
	if len(items) > limit {
		out.Next = key(items[limit-1])
		items = items[:limit]
	}
	out.Items = append(out.Items, items...)
	return out
}

// idPage turns a store page read with limit+1 into a listing.
func idPage[T any](items []T, limit int, key func(T) string) list[T] {
	out := list[T]{Items: orEmpty(items)}
	if len(items) > limit {
		out.Items = items[:limit]
		out.Next = key(items[limit-1])
	}
	return out
}

// check answers GET /v1/check. A deny is a 200 with allow false; a check
// that could not be completed is a 503 that also says deny, so that a caller
// reading only "allow" fails closed.
func (a *API) check(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	q := query(r)
	for _, f := range []string{"person", "matter"} {
		if err := checkID(f, q.Get(f)); err != nil {
			code, _ := status(err)
			writeDecision(w, code, impartial.WallDecision{Reason: err.Error()})
			return nil
		}
	}
	action := q.Get("action")
	if action == "" {
		action = string(impartial.Participate)
	}
	asOf, err := impartial.ParseDate(q.Get("as_of"))
	if err != nil {
		err = impartial.FieldError("request", "as_of", "%v", err)
		writeDecision(w, http.StatusBadRequest, impartial.WallDecision{Reason: err.Error()})
		return nil
	}
	d, err := a.svc.CheckAsOf(r.Context(), caller, q.Get("person"), impartial.Action(action), q.Get("matter"), asOf)
	a.metrics.checked(d.Allow, err)
	if err != nil {
		code, _ := status(err)
		if code == http.StatusInternalServerError {
			code = http.StatusServiceUnavailable
			a.log.Error("check failed closed", "err", err)
		}
		writeDecision(w, code, d)
		return nil
	}
	writeDecision(w, http.StatusOK, d)
	return nil
}

// decisionBufs holds the buffers wall check answers are written from.
var decisionBufs = sync.Pool{New: func() any { b := make([]byte, 0, 256); return &b }}

// writeDecision writes a wall check's answer as writeJSON would (the same
// bytes, TestWriteDecisionAsJSON), without reflection or an encoder per
// answer: the check is the API's most frequent request.
func writeDecision(w http.ResponseWriter, code int, d impartial.WallDecision) {
	bp := decisionBufs.Get().(*[]byte)
	b := appendDecision((*bp)[:0], d)
	h := w.Header()
	h["Content-Type"] = jsonContentType
	w.WriteHeader(code)
	w.Write(b)
	if cap(b) <= 4<<10 {
		*bp = b
		decisionBufs.Put(bp)
	}
}

var jsonContentType = []string{"application/json"}

// appendDecision appends d as encoding/json encodes it (without escaping
// HTML), with the newline an Encoder ends with.
func appendDecision(b []byte, d impartial.WallDecision) []byte {
	b = append(b, `{"allow":`...)
	b = strconv.AppendBool(b, d.Allow)
	b = append(b, `,"reason":`...)
	b = jsonstr.Append(b, d.Reason, false)
	if d.Recusal != "" {
		b = append(b, `,"recusal":`...)
		b = jsonstr.Append(b, d.Recusal, false)
	}
	if d.Finding != "" {
		b = append(b, `,"finding":`...)
		b = jsonstr.Append(b, d.Finding, false)
	}
	if d.Pending != 0 {
		b = append(b, `,"pending":`...)
		b = strconv.AppendInt(b, d.Pending, 10)
	}
	b = append(b, `,"revision":`...)
	b = strconv.AppendInt(b, d.Revision, 10)
	return append(b, "}\n"...)
}

type feedPage struct {
	Changes []impartial.WallChange `json:"changes"`
	// Next is the position to resume from: the Seq of the last change.
	Next int64 `json:"next"`
}

func (a *API) feed(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	afterS, limit, err := page(r)
	if err != nil {
		return err
	}
	after := int64(0)
	if afterS != "" {
		n, err := strconv.ParseInt(afterS, 10, 64)
		if err != nil || n < 0 {
			return impartial.FieldError("query", "after", "%q is not a position (a whole number ≥ 0)", afterS)
		}
		after = n
	}
	changes, err := a.svc.WallFeed(r.Context(), caller, after, limit)
	if err != nil {
		return err
	}
	next := after
	if len(changes) > 0 {
		next = changes[len(changes)-1].Seq
	}
	writeJSON(w, http.StatusOK, feedPage{Changes: orEmpty(changes), Next: next})
	return nil
}

type walledPage struct {
	Walled []service.WalledPerson `json:"walled"`
	Next   string                 `json:"next"`
}

func (a *API) walledFromMatter(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	after, limit, err := page(r)
	if err != nil {
		return err
	}
	ws, err := a.svc.WalledPage(r.Context(), caller, r.PathValue("id"), impartial.Page{After: after, Limit: limit + 1})
	if err != nil {
		return err
	}
	p := idPage(ws, limit, func(x service.WalledPerson) string { return x.Person })
	writeJSON(w, http.StatusOK, walledPage{Walled: p.Items, Next: p.Next})
	return nil
}

type walledFromPage struct {
	Matters []service.WalledMatter `json:"matters"`
	Next    string                 `json:"next"`
}

func (a *API) walledPerson(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	after, limit, err := page(r)
	if err != nil {
		return err
	}
	ms, err := a.svc.WalledFromPage(r.Context(), caller, r.PathValue("id"), impartial.Page{After: after, Limit: limit + 1})
	if err != nil {
		return err
	}
	p := idPage(ms, limit, func(x service.WalledMatter) string { return x.Matter })
	writeJSON(w, http.StatusOK, walledFromPage{Matters: p.Items, Next: p.Next})
	return nil
}

func (a *API) myRecusals(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	after, limit, err := page(r)
	if err != nil {
		return err
	}
	ns, err := a.svc.MyRecusalPage(r.Context(), caller, impartial.Page{After: after, Limit: limit + 1})
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, idPage(ns, limit, func(n service.RecusalNotice) string { return n.ID }))
	return nil
}

func (a *API) acknowledge(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	if err := a.svc.Acknowledge(r.Context(), caller, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// nameHit is a search hit with the entity in the interchange format.
type nameHit struct {
	Entity      any     `json:"entity"`
	Score       float64 `json:"score"`
	Decision    string  `json:"decision"`
	Explanation string  `json:"explanation"`
}

// maxSearchHits is how deep into a search's ranking its pages go.
const maxSearchHits = 1000

// search answers a page of the ranking. Its cursor is a position in the
// ranking (hits are ranked by score, not by id, so the id cursor of the
// other listings does not apply): the next page asks for the ranking again
// down to its end, which the name index answers in about the time of the
// first page.
func (a *API) search(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	limit, err := qInt(r, "limit", 10, 1, maxSearchHits)
	if err != nil {
		return err
	}
	offset := 0
	if after := query(r).Get("after"); after != "" {
		if offset, err = strconv.Atoi(after); err != nil || offset < 1 || offset >= maxSearchHits {
			return impartial.FieldError("query", "after", "%q is not a cursor of this search (the next of a previous page: a position from 1 to %d)", after, maxSearchHits-1)
		}
	}
	end := min(offset+limit, maxSearchHits)
	hits, err := a.svc.SearchEntities(r.Context(), caller, query(r).Get("q"), impartial.EntityKind(query(r).Get("kind")), min(end+1, maxSearchHits))
	if err != nil {
		return err
	}
	out := list[nameHit]{Items: []nameHit{}}
	if len(hits) > end {
		out.Next = strconv.Itoa(end)
	}
	hits = hits[min(offset, len(hits)):min(end, len(hits))]
	for _, h := range hits {
		e, err := dataset.Wire(h.Entity)
		if err != nil {
			return err
		}
		out.Items = append(out.Items, nameHit{Entity: e, Score: h.Score, Decision: h.Decision, Explanation: h.Explanation})
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type scanResponse struct {
	Items []service.ScanMention `json:"items"`
	Next  string                `json:"next"`
	// Suggestions are the contacts and relationships the text may report,
	// with suggest=true; POST /v1/scan/accept records one.
	Suggestions []scan.Suggestion `json:"suggestions,omitempty"`
}

func (a *API) scan(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	if err := mediaType(r, "text/plain"); err != nil {
		return err
	}
	suggest, err := qBool(r, "suggest", false)
	if err != nil {
		return err
	}
	b, err := io.ReadAll(r.Body)
	if err != nil {
		return err
	}
	if !utf8.Valid(b) {
		return impartial.FieldError("body", "", "is not UTF-8 text")
	}
	if !suggest {
		return streamScan(w, r, a.svc, caller, string(b))
	}
	out := scanResponse{}
	ms, ss, err := a.svc.ScanTextSuggest(r.Context(), caller, string(b))
	if err != nil {
		return err
	}
	out.Items, out.Suggestions = orEmpty(ms), orEmpty(ss)
	writeJSON(w, http.StatusOK, out)
	return nil
}

// streamScan writes a scan's response as its mentions are found, in the
// bytes writeJSON gives a scanResponse: a 16 MB text has hundreds of
// thousands of mentions, which held whole take more memory than they need. The
// status is written with the first mention or at the end, so that an error
// before (the caller's role) is a problem document; the scan of a text in
// memory fails after that only if the request is cancelled.
func streamScan(w http.ResponseWriter, r *http.Request, svc *service.Service, caller impartial.Actor, text string) error {
	var buf []byte
	started := false
	start := func() {
		if !started {
			started = true
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusOK)
		}
	}
	n := 0
	err := svc.ScanTextEach(r.Context(), caller, strings.NewReader(text), func(m service.ScanMention) error {
		if n == 0 {
			buf = append(buf, `{"items":[`...)
		} else {
			buf = append(buf, ',')
		}
		n++
		buf = appendScanMention(buf, m)
		if len(buf) < 64<<10 {
			return nil
		}
		start()
		_, err := w.Write(buf)
		buf = buf[:0]
		return err
	})
	if err != nil {
		if started {
			return nil // the response is cut short; the client sees invalid JSON, not a shorter list
		}
		return err
	}
	if n == 0 {
		buf = append(buf, `{"items":[`...)
	}
	buf = append(buf, "],\"next\":\"\"}\n"...)
	start()
	w.Write(buf)
	return nil
}

// appendScanMention appends a mention as encoding/json, without escaping
// HTML, writes a service.ScanMention.
func appendScanMention(b []byte, m service.ScanMention) []byte {
	b = append(b, `{"entity":`...)
	b = jsonstr.Append(b, m.Entity, false)
	b = append(b, `,"start":`...)
	b = strconv.AppendInt(b, int64(m.Start), 10)
	b = append(b, `,"end":`...)
	b = strconv.AppendInt(b, int64(m.End), 10)
	b = append(b, `,"text":`...)
	b = jsonstr.Append(b, m.Surface, false)
	b = append(b, `,"matched":`...)
	b = jsonstr.Append(b, m.Matched, false)
	b = append(b, `,"how":`...)
	b = jsonstr.Append(b, string(m.How), false)
	b = append(b, `,"count":`...)
	b = strconv.AppendInt(b, int64(m.Count), 10)
	if m.ByName != 0 {
		b = append(b, `,"by_name":`...)
		b = strconv.AppendInt(b, int64(m.ByName), 10)
	}
	if len(m.Candidates) > 0 {
		b = append(b, `,"candidates":[`...)
		for i, c := range m.Candidates {
			if i > 0 {
				b = append(b, ',')
			}
			b = append(b, `{"entity":`...)
			b = jsonstr.Append(b, c.Entity, false)
			b = append(b, `,"name":`...)
			b = jsonstr.Append(b, c.Name, false)
			b = append(b, `,"matched":`...)
			b = jsonstr.Append(b, c.Matched, false)
			b = append(b, `,"how":`...)
			b = jsonstr.Append(b, string(c.How), false)
			if c.Covered {
				b = append(b, `,"covered":true`...)
			}
			b = append(b, '}')
		}
		b = append(b, ']')
	}
	if m.Why != "" {
		b = append(b, `,"why":`...)
		b = jsonstr.Append(b, m.Why, false)
	}
	b = append(b, `,"name":`...)
	b = jsonstr.Append(b, m.Name, false)
	return append(b, '}')
}

type acceptRequest struct {
	Text   string `json:"text"`             // the text as scanned
	Source string `json:"source,omitempty"` // where it comes from, recorded with the fact
	N      int    `json:"n"`                // the suggestion's number
	Date   string `json:"date,omitempty"`   // YYYY[-MM[-DD]], in place of the sentence's
}

type acceptResponse struct {
	Suggestion scan.Suggestion `json:"suggestion"`
	Record     any             `json:"record"`
	Import     importSummary   `json:"import"`
}

func (a *API) acceptSuggestion(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	var req acceptRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	acc, err := a.svc.AcceptSuggestion(r.Context(), caller, req.Text, req.Source, req.N, service.AcceptOptions{Date: req.Date})
	if err != nil {
		return err
	}
	rec, err := dataset.Wire(acc.Record)
	if err != nil {
		return err
	}
	out := acceptResponse{Suggestion: acc.Suggestion, Record: rec}
	if rep := acc.Import; rep != nil {
		out.Import = importSummary{Records: rep.Records, Created: rep.Created, Updated: rep.Updated,
			Unchanged: rep.Unchanged, Skipped: orEmptyMap(rep.Skipped), Screened: summarizeRescreen(rep.Screened)}
	}
	writeJSON(w, http.StatusCreated, out)
	return nil
}

// importSummary is what an import did, by kind of record.
type importSummary struct {
	Records   int            `json:"records"`
	Created   map[string]int `json:"created"`
	Updated   map[string]int `json:"updated"`
	Unchanged map[string]int `json:"unchanged"`
	// Skipped counts what the body holds and impartial does not import
	// (FtM schemata without a record), by what and why.
	Skipped map[string]int `json:"skipped"`
	// Rejected lists the bad lines an FtM import skipped (the first 50),
	// each with its line; RejectedCount counts them all. Absent when
	// strict, which imports nothing of a body with a bad line.
	Rejected      []string `json:"rejected,omitempty"`
	RejectedCount int      `json:"rejected_count,omitempty"`
	// BySchema counts what each FtM schema gave.
	BySchema map[string]*service.OriginCounts `json:"by_schema,omitempty"`
	// Screened says what was re-screened; absent with screen=false.
	Screened *rescreenSummary `json:"screened,omitempty"`
}

type rescreenSummary struct {
	All      bool `json:"all"`
	Matters  int  `json:"matters"`
	Persons  int  `json:"persons"`
	Pairs    int  `json:"pairs"`
	Findings int  `json:"findings"`
}

func summarizeRescreen(r *service.RescreenReport) *rescreenSummary {
	if r == nil {
		return nil
	}
	return &rescreenSummary{All: r.All, Matters: r.Matters, Persons: r.Persons, Pairs: r.Pairs, Findings: r.Findings}
}

func (a *API) importBody(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	if err := mediaType(r, "application/x-ndjson"); err != nil {
		return err
	}
	screen, err := qBool(r, "screen", true)
	if err != nil {
		return err
	}
	format := query(r).Get("format")
	if format == "" {
		format = service.FormatJSONL
	}
	strict, err := qBool(r, "strict", false)
	if err != nil {
		return err
	}
	start := time.Now()
	rep, err := a.svc.Import(r.Context(), r.Body, "body", service.ImportOptions{Actor: caller, Screen: screen, Format: format,
		SkipBad: format == service.FormatFtM && !strict})
	if err != nil {
		return err
	}
	if rep.Screened != nil {
		a.metrics.screened("import", time.Since(start))
	}
	sum := importSummary{Records: rep.Records, Created: rep.Created, Updated: rep.Updated,
		Unchanged: rep.Unchanged, Skipped: orEmptyMap(rep.Skipped), Screened: summarizeRescreen(rep.Screened),
		RejectedCount: rep.RejectedCount, BySchema: rep.ByOrigin}
	for _, e := range rep.Rejected {
		sum.Rejected = append(sum.Rejected, e.Error())
	}
	writeJSON(w, http.StatusOK, sum)
	return nil
}

func orEmptyMap(m map[string]int) map[string]int {
	if m == nil {
		return map[string]int{}
	}
	return m
}

type screenRequest struct {
	Matter   string         `json:"matter,omitempty"`
	Person   string         `json:"person,omitempty"`
	All      bool           `json:"all,omitempty"`
	AsOf     impartial.Date `json:"as_of,omitzero"`
	Rulebook string         `json:"rulebook,omitempty"`
	Save     bool           `json:"save,omitempty"`
}

type screenResponse struct {
	AsOf     impartial.Date      `json:"as_of"`
	Findings []impartial.Finding `json:"findings"`
	Warnings []string            `json:"warnings"`
}

func (a *API) screen(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	var req screenRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if strings.ContainsAny(req.Rulebook, `/\`) || strings.HasSuffix(req.Rulebook, ".json") {
		return impartial.FieldError("body", "rulebook", "name a shipped rulebook; files are read only by the CLI")
	}
	for _, f := range []struct{ name, v string }{{"matter", req.Matter}, {"person", req.Person}} {
		if f.v != "" {
			if err := checkID(f.name, f.v); err != nil {
				return err
			}
		}
	}
	start := time.Now()
	rep, err := a.svc.Screen(r.Context(), caller, service.ScreenRequest{Matter: req.Matter, Person: req.Person, All: req.All,
		AsOf: req.AsOf, Rulebook: req.Rulebook, Save: req.Save})
	if err != nil {
		return err
	}
	scope := "person"
	switch {
	case req.All:
		scope = "all"
	case req.Matter != "":
		scope = "matter"
	}
	a.metrics.screened(scope, time.Since(start))
	writeJSON(w, http.StatusOK, screenResponse{AsOf: rep.AsOf, Findings: orEmpty(rep.Findings()), Warnings: orEmpty(rep.Warnings)})
	return nil
}

func (a *API) findings(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	after, limit, err := page(r)
	if err != nil {
		return err
	}
	q := service.FindingListQuery{Outcome: impartial.Outcome(query(r).Get("outcome")), After: after, Limit: limit}
	if q.Person, err = qID(r, "person"); err != nil {
		return err
	}
	if q.Matter, err = qID(r, "matter"); err != nil {
		return err
	}
	if s := query(r).Get("older_than"); s != "" {
		d, err := time.ParseDuration(s)
		if err != nil || d < 0 {
			return impartial.FieldError("query", "older_than", "%q is not a duration such as 72h or 30m", s)
		}
		q.OlderThan = d
	}
	if q.Undecided, err = qBool(r, "undecided", false); err != nil {
		return err
	}
	p, err := a.svc.ListFindings(r.Context(), caller, q)
	if err != nil {
		return err
	}
	out := list[impartial.StoredFinding]{Items: []impartial.StoredFinding{}, Next: p.Next}
	for _, f := range p.Findings {
		out.Items = append(out.Items, *f)
	}
	writeJSON(w, http.StatusOK, out)
	return nil
}

type determinationRequest struct {
	ID             string             `json:"id,omitempty"`
	Person         string             `json:"person"`
	Matter         string             `json:"matter"`
	Rule           string             `json:"rule"`
	Recommendation impartial.Decision `json:"recommendation,omitempty"`
	ReviewReasons  string             `json:"review_reasons,omitempty"`
	Decision       impartial.Decision `json:"decision,omitempty"`
	Reasons        string             `json:"reasons,omitempty"`
	Supersedes     string             `json:"supersedes,omitempty"`
}

func (a *API) determine(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	var req determinationRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	d := &impartial.Determination{ID: req.ID, Person: req.Person, Matter: req.Matter, Rule: req.Rule,
		Recommendation: req.Recommendation, ReviewReasons: req.ReviewReasons, Decision: req.Decision, Reasons: req.Reasons, Supersedes: req.Supersedes}
	if err := a.svc.Determine(r.Context(), caller, d); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, d)
	return nil
}

func (a *API) determinations(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	after, limit, err := page(r)
	if err != nil {
		return err
	}
	f := impartial.DeterminationFilter{Page: impartial.Page{After: after, Limit: limit + 1}}
	if f.Person, err = qID(r, "person"); err != nil {
		return err
	}
	if f.Matter, err = qID(r, "matter"); err != nil {
		return err
	}
	ds, err := a.svc.Determinations(r.Context(), caller, f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, idPage(deref(ds), limit, func(d impartial.Determination) string { return d.ID }))
	return nil
}

func deref[T any](ps []*T) []T {
	out := make([]T, len(ps))
	for i, p := range ps {
		out[i] = *p
	}
	return out
}

type recusalRequest struct {
	ID              string                 `json:"id,omitempty"`
	Person          string                 `json:"person"`
	Effective       impartial.Date         `json:"effective"`
	Matters         []string               `json:"matters,omitempty"`
	Topics          []string               `json:"topics,omitempty"`
	Parties         []string               `json:"parties,omitempty"`
	Kinds           []impartial.MatterKind `json:"kinds,omitempty"`
	ScopeText       string                 `json:"scope_text"`
	Basis           string                 `json:"basis,omitempty"`
	Rules           []string               `json:"rules,omitempty"`
	Findings        []string               `json:"findings,omitempty"`
	Delegate        string                 `json:"delegate,omitempty"`
	PublicStatement string                 `json:"public_statement,omitempty"`
	Source          string                 `json:"source,omitempty"`
}

func (a *API) recuse(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	var req recusalRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	rec := &impartial.Recusal{ID: req.ID, Person: req.Person, Effective: req.Effective, Matters: req.Matters, Topics: req.Topics,
		Parties: req.Parties, Kinds: req.Kinds, ScopeText: req.ScopeText, Basis: req.Basis, Rules: req.Rules, Findings: req.Findings,
		Delegate: req.Delegate, PublicStatement: req.PublicStatement, Source: req.Source}
	if rec.ID == "" && rec.Person != "" && !rec.Effective.IsZero() {
		rec.ID = fmt.Sprintf("recusal-%s-%s", rec.Person, rec.Effective)
	}
	if err := a.svc.RecordRecusal(r.Context(), caller, rec); err != nil {
		return err
	}
	w.Header().Set("Location", "/v1/recusals?person="+rec.Person)
	writeJSON(w, http.StatusCreated, rec)
	return nil
}

func (a *API) recusals(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	after, limit, err := page(r)
	if err != nil {
		return err
	}
	f := impartial.RecusalFilter{Page: impartial.Page{After: after, Limit: limit + 1}}
	if f.Person, err = qID(r, "person"); err != nil {
		return err
	}
	rs, err := a.svc.Recusals(r.Context(), caller, f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, idPage(deref(rs), limit, func(x impartial.Recusal) string { return x.ID }))
	return nil
}

type permissionRequest struct {
	ID        string                   `json:"id,omitempty"`
	Kind      impartial.PermissionKind `json:"kind"`
	Person    string                   `json:"person"`
	Matter    string                   `json:"matter,omitempty"`
	Rules     []string                 `json:"rules,omitempty"`
	Granted   impartial.Date           `json:"granted,omitzero"`
	GrantedBy string                   `json:"granted_by,omitempty"`
	Start     impartial.Date           `json:"start,omitzero"`
	End       impartial.Date           `json:"end,omitzero"`
	Reason    string                   `json:"reason"`
	Source    string                   `json:"source,omitempty"`
}

func (a *API) authorize(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	var req permissionRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	p := &impartial.Permission{ID: req.ID, Kind: req.Kind, Person: req.Person, Matter: req.Matter, Rules: req.Rules,
		Granted: req.Granted, GrantedBy: req.GrantedBy, Span: impartial.Span{Start: req.Start, End: req.End}, Reason: req.Reason, Source: req.Source}
	if p.Kind == "" {
		p.Kind = impartial.Authorization
	}
	if p.ID == "" && p.Person != "" {
		p.ID = strings.TrimSuffix(fmt.Sprintf("%s-%s-%s", p.Kind, p.Person, p.Matter), "-")
	}
	if err := a.svc.Authorize(r.Context(), caller, p); err != nil {
		return err
	}
	writeJSON(w, http.StatusCreated, p)
	return nil
}

func (a *API) permissions(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	after, limit, err := page(r)
	if err != nil {
		return err
	}
	f := impartial.PermissionFilter{Page: impartial.Page{After: after, Limit: limit + 1}}
	if f.Person, err = qID(r, "person"); err != nil {
		return err
	}
	if f.Matter, err = qID(r, "matter"); err != nil {
		return err
	}
	ps, err := a.svc.Permissions(r.Context(), caller, f)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, idPage(deref(ps), limit, func(x impartial.Permission) string { return x.ID }))
	return nil
}

func (a *API) reconcile(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	after, limit, err := page(r)
	if err != nil {
		return err
	}
	id, err := qID(r, "statement")
	if err != nil {
		return err
	}
	var cur service.DiscrepancyCursor
	if after != "" {
		i := strings.LastIndexByte(after, '#')
		n, err := strconv.Atoi(after[i+1:])
		if i <= 0 || err != nil || n < 0 {
			return impartial.FieldError("query", "after", "%q is not a position in the discrepancies (STATEMENT#ASSERTION, as 'next' gives)", after)
		}
		cur = service.DiscrepancyCursor{Statement: after[:i], Assertion: n}
	}
	ds, err := a.svc.ReconcilePage(r.Context(), caller, id, cur, limit+1)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, idPage(ds, limit, func(d reconcile.Discrepancy) string { return fmt.Sprintf("%s#%06d", d.Statement, d.Assertion) }))
	return nil
}

func (a *API) auditList(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	afterS, limit, err := page(r)
	if err != nil {
		return err
	}
	after := int64(0)
	if afterS != "" {
		if after, err = strconv.ParseInt(afterS, 10, 64); err != nil || after < 0 {
			return impartial.FieldError("query", "after", "%q is not a sequence number (a whole number ≥ 0)", afterS)
		}
	}
	es, err := a.svc.AuditTrail(r.Context(), caller, after, limit+1)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, idPage(es, limit, func(e impartial.AuditEvent) string { return strconv.FormatInt(e.Seq, 10) }))
	return nil
}

type auditVerify struct {
	Intact  bool                `json:"intact"`
	Checked int64               `json:"checked"`
	Head    impartial.AuditHead `json:"head"`
	// Checkpoints are those verified: contained and extended.
	Checkpoints []impartial.Checkpoint `json:"checkpoints"`
}

type verifyRequest struct {
	Checkpoints []impartial.Checkpoint `json:"checkpoints"`
	// PublicKey is the trusted signer's Ed25519 public key, base64; without
	// it a checkpoint is checked only against the key it names.
	PublicKey string `json:"public_key,omitempty"`
}

func (a *API) auditVerifyCheckpoints(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	var req verifyRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	var trusted ed25519.PublicKey
	if req.PublicKey != "" {
		k, err := base64.StdEncoding.DecodeString(req.PublicKey)
		if err != nil || len(k) != ed25519.PublicKeySize {
			return impartial.FieldError("body", "public_key", "is not a base64 Ed25519 public key")
		}
		trusted = k
	}
	for i, c := range req.Checkpoints {
		if err := c.VerifySignature(trusted); err != nil {
			return impartial.FieldError("body", fmt.Sprintf("checkpoints[%d]", i), "%v", err)
		}
	}
	c, err := a.svc.VerifyAuditAs(r.Context(), caller, req.Checkpoints...)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, auditVerify{Intact: true, Checked: c.Entries, Head: c.Head, Checkpoints: orEmpty(c.Checkpoints)})
	return nil
}

func (a *API) auditCheckpoint(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	if a.auditKey == nil {
		// Who may ask is decided first, so that the answer says nothing
		// about the server to those who may not.
		if !slices.Contains(service.AuditReaders, caller.Role) {
			return &impartial.Error{Kind: impartial.Forbidden, Msg: "checkpointing the audit trail is for auditors and ethics officials"}
		}
		return &impartial.Error{Kind: impartial.Unavailable, Msg: "this server holds no checkpoint key: start it with --audit-key FILE, or run 'impartial audit checkpoint'"}
	}
	c, err := a.svc.Checkpoint(r.Context(), caller, a.auditKey)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, c)
	return nil
}

func (a *API) auditVerify(w http.ResponseWriter, r *http.Request, caller impartial.Actor) error {
	c, err := a.svc.VerifyAuditAs(r.Context(), caller)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, auditVerify{Intact: true, Checked: c.Entries, Head: c.Head, Checkpoints: []impartial.Checkpoint{}})
	return nil
}
