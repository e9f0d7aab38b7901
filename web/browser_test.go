package web_test

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// The browser tests drive a real chromium (Debian's package; .ci/run
// installs it) against a real server, as a person would use the pages. They
// skip when no chromium is installed, so that `go test ./...` works without
// one.

//go:embed testdata/axe-core/axe.min.js
var axeSource string

// EnvChromium names a chromium binary to use instead of looking on PATH.
const EnvChromium = "IMPARTIAL_CHROMIUM"

// EnvScreenshots names the directory the browser tests write their
// screenshots to; by default a temporary one.
const EnvScreenshots = "IMPARTIAL_SCREENSHOTS"

func chromiumPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv(EnvChromium); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skipf("no chromium binary found on PATH (install Debian's chromium, or set %s); the browser tests need one", EnvChromium)
	return ""
}

// browser is one headless chromium with a laptop-sized window.
type browser struct {
	t    *testing.T
	ctx  context.Context
	base string
	shot string // where screenshots go
}

func newBrowser(t *testing.T, base string) *browser {
	t.Helper()
	path := chromiumPath(t)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // CI runs as root
		chromedp.WindowSize(1366, 768),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-dev-shm-usage", true),
	)
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium (%s): %v", path, err)
	}
	dir := os.Getenv(EnvScreenshots)
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return &browser{t: t, ctx: ctx, base: base, shot: dir}
}

func (b *browser) run(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// value runs an action that returns a value.
func value[T any](b *browser, what string, a chromedp.Action[T]) T {
	b.t.Helper()
	v, err := chromedp.Run(b.ctx, a)
	if err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
	return v
}

func eval[T any](b *browser, expr string) T {
	b.t.Helper()
	return value(b, "evaluate "+expr, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

func (b *browser) open(path string) {
	b.t.Helper()
	b.run("open "+path, chromedp.Navigate(b.base+path), chromedp.WaitReady(chromedp.CSS("body")))
}

// text returns the visible text of the main content.
func (b *browser) text() string {
	b.t.Helper()
	return value(b, "read the page", chromedp.Text(chromedp.CSS("main")))
}

func (b *browser) mustSee(want ...string) {
	b.t.Helper()
	got := b.text()
	for _, w := range want {
		if !strings.Contains(got, w) {
			b.t.Errorf("page lacks %q; it says:\n%s", w, got)
		}
	}
}

func (b *browser) mustNotSee(unwanted ...string) {
	b.t.Helper()
	html := value(b, "read the page source", chromedp.OuterHTML(chromedp.CSS("html")))
	for _, w := range unwanted {
		if strings.Contains(html, w) {
			b.t.Errorf("page reveals %q", w)
		}
	}
}

// screenshot writes the whole page as a PNG named name.png.
func (b *browser) screenshot(name string) {
	b.t.Helper()
	png := value(b, "screenshot "+name, chromedp.FullScreenshot(100))
	if err := os.WriteFile(filepath.Join(b.shot, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// viewShot writes what the window shows, as a PNG named name.png.
func (b *browser) viewShot(name string) {
	b.t.Helper()
	png := value(b, "screenshot "+name, chromedp.CaptureScreenshot())
	if err := os.WriteFile(filepath.Join(b.shot, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

// elementShot writes one element of the page as a PNG named name.png.
func (b *browser) elementShot(name, css string) {
	b.t.Helper()
	png := value(b, "screenshot "+name, chromedp.Screenshot(chromedp.CSS(css)))
	if err := os.WriteFile(filepath.Join(b.shot, name+".png"), png, 0o644); err != nil {
		b.t.Fatal(err)
	}
}

type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// accessible runs axe-core on the page and fails on serious or critical
// violations; it also checks that the page does not scroll sideways on a
// laptop screen.
func (b *browser) accessible(page string) {
	b.t.Helper()
	run := `axe.run(document).then(r => JSON.stringify({passes: r.passes.length, violations: r.violations.map(v => ({
		id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}))}))`
	b.run("load axe on "+page, chromedp.Evaluate[chromedp.Void](axeSource))
	out := eval[string](b, run)
	var res struct {
		Passes     int            `json:"passes"`
		Violations []axeViolation `json:"violations"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		b.t.Fatalf("axe result: %v: %s", err, out)
	}
	if res.Passes < 10 {
		b.t.Errorf("%s: axe passed only %d rules; did it run?", page, res.Passes)
	}
	b.t.Logf("%s: axe: %d rules passed, %d violated", page, res.Passes, len(res.Violations))
	for _, v := range res.Violations {
		msg := fmt.Sprintf("%s: axe %s (%s): %s at %v", page, v.ID, v.Impact, v.Help, v.Nodes)
		if v.Impact == "serious" || v.Impact == "critical" {
			b.t.Error(msg)
		} else {
			b.t.Log(msg)
		}
	}
	// No sideways scrolling on a laptop screen, wide or small.
	for _, w := range []int64{1366, 1280} {
		b.run("window width", chromedp.EmulateViewport(w, 768))
		if eval[bool](b, `document.documentElement.scrollWidth > document.documentElement.clientWidth`) {
			b.t.Errorf("%s scrolls sideways at %d px", page, w)
		}
	}
	b.run("window width", chromedp.EmulateViewport(1366, 768))
}

func (b *browser) signIn(token string) {
	b.t.Helper()
	b.open("/ui/signin")
	b.run("sign in",
		chromedp.SendKeys(chromedp.CSS("#token"), token),
		chromedp.Submit(chromedp.CSS("#token")),
		chromedp.WaitVisible(chromedp.CSS("header nav")))
}

func (b *browser) signOut() {
	b.t.Helper()
	b.run("sign out", chromedp.Click(chromedp.CSS(".signout button")), chromedp.WaitVisible(chromedp.CSS("#token")))
}

// TestBrowserReferenceCase walks the reference case through the pages as
// an ethics official and then as Jeff Sessions.
func TestBrowserReferenceCase(t *testing.T) {
	chromiumPath(t)
	s := startSite(t)
	b := newBrowser(t, s.url)

	// An ethics official signs in and lands on the queue.
	b.signIn(s.ethics)
	b.mustSee("Findings queue", "Jeff Sessions", "28 CFR 45.2(a), (c)(1)", "Special Counsel investigation")
	b.screenshot("queue")
	b.accessible("queue")

	// Keyboard triage: j moves to the first finding, Enter opens it.
	b.run("keyboard triage", chromedp.KeyEvent("j"), chromedp.KeyEvent("\r"), chromedp.WaitVisible(chromedp.CSS("svg.graph")))
	b.mustSee("The explaining paths")

	// The 45.2 finding on the Russia investigation, with its path graph.
	b.open("/ui/findings/sessions/m-russia-2016/doj-45.2-political")
	b.mustSee("Recuse", "28 CFR 45.2(a), (c)(1)", "principal adviser", "This rule can be waived or authorized by the employee's supervisor", "Record a recusal")
	nodes := eval[[]string](b, `Array.from(document.querySelectorAll("svg.graph .node title")).map(n => n.textContent)`)
	for _, want := range []string{"Person: Jeff Sessions", "Campaign organisation: Donald J. Trump for President, Inc.", "Matter: Investigation into Russian interference in the 2016 presidential election"} {
		if !contains(nodes, want) {
			t.Errorf("graph nodes %q lack %q", nodes, want)
		}
	}
	edges := eval[int](b, `document.querySelectorAll("svg.graph .edge").length`)
	if edges != 4 {
		t.Errorf("graph has %d edges, want 4 (two campaign roles, each then the campaign's part in the matter)", edges)
	}
	b.screenshot("finding")
	b.run("taller window", chromedp.EmulateViewport(1366, 1000))
	b.viewShot("finding-top")
	b.run("laptop window", chromedp.EmulateViewport(1366, 768))
	b.elementShot("finding-graph", "svg.graph")
	b.accessible("finding")

	// Open the Russia investigation from the list of matters.
	b.open("/ui/matters")
	b.accessible("matters")
	b.run("open the Russia investigation", chromedp.Click(chromedp.CSS(`a[href="/ui/matters/m-russia-2016"]`)), chromedp.WaitVisible(chromedp.CSS("#findings-h")))
	b.mustSee("Investigation into Russian interference in the 2016 presidential election", "Parties and roles", "directly affected",
		"Findings", "28 CFR 45.2(a), (c)(1)", "Screening history", "us-executive-doj")
	b.screenshot("matter-before")

	// Back on the 45.2 finding, record the recusal by topic, so that it
	// reaches matters opened later.
	b.run("open the finding", chromedp.Click(chromedp.CSS(`a[href="/ui/findings/sessions/m-russia-2016/doj-45.2-political"]`)), chromedp.WaitVisible(chromedp.CSS("#recuse-form")))
	b.run("record the recusal",
		chromedp.SetValue(chromedp.CSS("#effective"), "2017-03-02"),
		chromedp.SetValue(chromedp.CSS("#scope_text"), "any pending or future investigations relating in any way to the 2016 campaign for president of the United States"),
		chromedp.SendKeys(chromedp.CSS("#delegate"), "the Deputy Attorney General"),
		chromedp.Click(chromedp.CSS("#recuse-form button[type=submit]")),
		chromedp.WaitVisible(chromedp.CSS("#covers-h")))
	b.mustSee("The recusal was recorded", "Recusal of Jeff Sessions", "any pending or future investigations relating in any way to the 2016 campaign",
		"the Deputy Attorney General", "Special Counsel investigation of Russian interference and related matters", "not yet acknowledged by the person")
	b.mustNotSee("Investigation of opioid distribution")
	b.screenshot("recusal")
	b.accessible("recusal")
	recusalURL := value(b, "location", chromedp.Location())

	// The printable memo: its public statement confirms no investigation.
	b.run("open the memo", chromedp.Click(chromedp.CSS(`a[href$="/memo"]`)), chromedp.WaitVisible(chromedp.CSS("article.memo")))
	b.mustSee("Recusal memorandum", "Public statement", "should not be taken as confirmation of the existence of any investigation")
	b.mustNotSee("m-russia-2016", "Investigation into Russian interference", "Special Counsel")
	b.run("print view", media("print"))
	b.screenshot("memo-print")
	if shown := eval[bool](b, `getComputedStyle(document.querySelector("header.top")).display !== "none"`); shown {
		t.Errorf("the printed memo shows the navigation")
	}
	b.run("screen view", media(""))
	b.accessible("memo")

	// Sessions is walled from the Special Counsel matter, opened after the
	// recusal, because of the recusal.
	b.open("/ui/matters/m-special-counsel")
	b.mustSee("Walled off", "Jeff Sessions", "is recused (recusal recusal-sessions-", "within the recusal's scope")
	b.screenshot("matter")
	b.accessible("matter")

	// His record: the timeline, the statement and its contradiction.
	b.open("/ui/persons/sessions")
	b.mustSee("Timeline", "principal adviser", "Sergey I. Kislyak", "Recusals", "Walled from")
	if n := eval[int](b, `document.querySelectorAll("svg.timeline g > rect, svg.timeline g > path").length`); n < 8 {
		t.Errorf("timeline draws %d facts, want at least 8", n)
	}
	b.screenshot("person")
	b.accessible("person")
	b.open("/ui/statements/testimony-2017-01-10")
	b.mustSee("did not have communications with the Russians", "Contradicting records", "contact-rnc", "contact-office", "I did meet one Russian official a couple of times")
	b.screenshot("statement")
	b.accessible("statement")
	b.signOut()

	// Jeff Sessions signs in: he sees the scope of his recusal, never the
	// matters behind it, and acknowledges it.
	b.signIn(s.sessions)
	b.mustSee("My recusals", "any pending or future investigations relating in any way to the 2016 campaign", "the Deputy Attorney General",
		"should not be taken as confirmation")
	b.mustNotSee("m-russia-2016", "Russian interference", "Special Counsel", "m-special-counsel")
	b.accessible("me")
	b.run("acknowledge", chromedp.Click(chromedp.CSS(`button[id^="ack-"]`)), chromedp.WaitVisible(chromedp.CSS(".acknowledged")))
	b.mustSee("Your acknowledgment was recorded", "Acknowledged on")
	b.screenshot("covered")

	// The confidential matter's page is the page of a matter that does not
	// exist.
	b.open("/ui/matters/m-russia-2016")
	secret := strings.ReplaceAll(b.text(), "m-russia-2016", "ID")
	b.open("/ui/matters/m-no-such-matter")
	missing := strings.ReplaceAll(b.text(), "m-no-such-matter", "ID")
	if secret != missing || !strings.Contains(missing, "no matter with id") {
		t.Errorf("the confidential matter's page differs from a missing one's:\n%s\n---\n%s", secret, missing)
	}
	// Nor may he open the recusal's full record.
	b.open(strings.TrimPrefix(recusalURL, s.url))
	b.mustNotSee("Matters it covers today", "Special Counsel")

	// A form posted without its CSRF token is refused.
	b.open("/ui/me")
	b.run("post a form without its token", chromedp.Evaluate[chromedp.Void](`(() => {
		const f = document.createElement("form");
		f.method = "post"; f.action = "/ui/me/disclose";
		const i = document.createElement("input"); i.name = "name"; i.value = "Forged Holdings LLC"; f.appendChild(i);
		document.body.appendChild(f); f.submit(); })()`), chromedp.WaitVisible(chromedp.CSS("p.message")))
	b.mustSee("The form was refused")
	if got, err := s.svc.SearchNames(context.Background(), "Forged Holdings LLC", "", 1); err != nil || (len(got) > 0 && got[0].Score > 0.9) {
		t.Errorf("the refused form recorded something: %v %v", got, err)
	}

	// A disclosure through the form is recorded and re-screened.
	b.open("/ui/me")
	b.run("disclose a holding",
		chromedp.SendKeys(chromedp.CSS("#d-name"), "Gulfport Pharma LLC"),
		chromedp.SendKeys(chromedp.CSS("#d-min"), "15001"),
		chromedp.SendKeys(chromedp.CSS("#d-max"), "50000"),
		chromedp.SendKeys(chromedp.CSS("#d-start"), "2017-05-01"),
		chromedp.Click(chromedp.CSS(`form[action="/ui/me/disclose"] button`)),
		chromedp.WaitVisible(chromedp.CSS("p.notice")))
	b.mustSee("Your disclosure was recorded")
	b.mustNotSee("opioid", "m-pharma")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// media switches the page to a CSS media type ("print"; "" for the screen).
func media(m string) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m})
		return chromedp.Void{}, err
	}
}
