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
	run := `axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations.map(v => ({
		id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map(n => n.target.join(" "))}))))`
	b.run("load axe on "+page, chromedp.Evaluate[chromedp.Void](axeSource))
	out := eval[string](b, run)
	var vs []axeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		b.t.Fatalf("axe result: %v: %s", err, out)
	}
	for _, v := range vs {
		msg := fmt.Sprintf("%s: axe %s (%s): %s at %v", page, v.ID, v.Impact, v.Help, v.Nodes)
		if v.Impact == "serious" || v.Impact == "critical" {
			b.t.Error(msg)
		} else {
			b.t.Log(msg)
		}
	}
	if eval[bool](b, `document.documentElement.scrollWidth > document.documentElement.clientWidth`) {
		b.t.Errorf("%s scrolls sideways at 1366 px", page)
	}
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
	b.elementShot("finding-graph", "svg.graph")
	b.accessible("finding")
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
