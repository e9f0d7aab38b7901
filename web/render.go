package web

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/service"
)

// view is what every page template receives.
type view struct {
	Title string
	Actor impartial.Actor
	// SignedIn is false on the sign-in page and on refusals before sign-in.
	SignedIn bool
	CSRF     string
	// Nav says which navigation entry is the current page.
	Nav string
	// Notice is a one-line confirmation after a form was accepted.
	Notice string
	Data   any
}

func (c *request) view(title string, data any) *view {
	return &view{Title: title, Actor: c.actor, SignedIn: true, CSRF: c.csrf, Data: data}
}

// Ethics reports whether the viewer keeps the records.
func (v *view) Ethics() bool { return v.Actor.Decides() }

// Covered reports whether the viewer is a covered person.
func (v *view) Covered() bool { return v.Actor.Role == impartial.Covered }

// Reader reports whether the viewer reads findings (ethics and auditors).
func (v *view) Reader() bool { return v.Actor.Decides() || v.Actor.Role == impartial.Auditor }

type pages struct {
	byName map[string]*template.Template
}

var funcs = template.FuncMap{
	"outcome":  outcomeLabel,
	"describe": func(o impartial.Outcome) string { return o.Describe() },
	"words":    func(s any) string { return strings.ReplaceAll(fmt.Sprint(s), "_", " ") },
	"stamp": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02 15:04 UTC")
	},
	"day": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.UTC().Format("2006-01-02")
	},
	"date": func(d impartial.Date) string {
		if d.IsZero() {
			return "not recorded"
		}
		return d.String()
	},
	"join": strings.Join,
	"path": pathEscape,
	"add":  func(a, b int) int { return a + b },
	"when": func(e service.Event) string {
		return dateRange(e, e.Kind == "contact" || e.Kind == "statement" || e.Kind == "correction")
	},
	"kind": kindWord,
}

// outcomeLabel names an outcome in words (never by colour alone).
func outcomeLabel(o impartial.Outcome) string {
	switch o {
	case impartial.OutcomeRecuse:
		return "Recuse"
	case impartial.OutcomeAuthorizationRequired:
		return "Authorization required"
	case impartial.OutcomeReview:
		return "Review"
	case impartial.OutcomePermitted:
		return "Permitted"
	case impartial.OutcomeClear:
		return "Clear"
	}
	return string(o)
}

func pathEscape(parts ...string) string {
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = strings.ReplaceAll(template.URLQueryEscaper(p), "+", "%20")
	}
	return strings.Join(out, "/")
}

// loadPages parses every page with the layout.
func loadPages() *pages {
	p := &pages{byName: map[string]*template.Template{}}
	layout := template.Must(template.New("layout.html").Funcs(funcs).ParseFS(assets, "templates/layout.html"))
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		panic(err)
	}
	for _, n := range names {
		name := strings.TrimSuffix(strings.TrimPrefix(n, "templates/"), ".html")
		if name == "layout" {
			continue
		}
		t := template.Must(template.Must(layout.Clone()).ParseFS(assets, n))
		p.byName[name] = t
	}
	return p
}

// render writes a page; a template error is an internal error, written
// before any of the page is sent.
func (s *Site) render(w http.ResponseWriter, r *http.Request, code int, name string, v *view) error {
	t := s.pages.byName[name]
	if t == nil {
		return fmt.Errorf("no page template %q", name)
	}
	if v.Notice == "" {
		v.Notice = notices[r.URL.Query().Get("done")]
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout.html", v); err != nil {
		s.log.Error("render", "page", name, "err", err)
		http.Error(w, "internal error rendering the page; it has been logged", http.StatusInternalServerError)
		return nil
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	w.Write(buf.Bytes())
	return nil
}

// notices are the confirmations a redirect after a form can ask for: a
// fixed list, so that no link can make a page say anything else.
var notices = map[string]string{
	"determined":   "The determination was recorded.",
	"recused":      "The recusal was recorded. Wall checks deny from now on.",
	"acknowledged": "Your acknowledgment was recorded.",
	"disclosed":    "Your disclosure was recorded and screening has been re-run. The ethics office will contact you if it affects your work.",
}
