package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/service"
)

// list is a repeatable string flag.
type list []string

func (l *list) String() string     { return strings.Join(*l, ", ") }
func (l *list) Set(v string) error { *l = append(*l, v); return nil }

// actorFlag adds --as ROLE:ID, who is acting. On the command line the local
// user is by default an ethics official. --as is not authentication: anyone
// who can open the database file (or holds the PostgreSQL URL) can read and
// change everything in it, whatever --as says, so it is in effect the
// database's administrator. --as only says whose need-to-know and audit
// entries apply; the HTTP API, with its tokens, is the trust boundary.
func actorFlag(fs *flag.FlagSet) *string {
	user := os.Getenv("USER")
	if user == "" {
		user = "cli"
	}
	return fs.String("as", "ethics:"+user, "who is acting, as ROLE:ID; roles: admin, ethics, covered, matter_owner, auditor, service.\n"+
		"Not authentication: whoever can open the database is its administrator; the HTTP API's tokens are the trust boundary")
}

func parseActor(s string) (impartial.Actor, error) {
	role, id, ok := strings.Cut(s, ":")
	a := impartial.Actor{ID: id, Role: impartial.Role(role)}
	if !ok {
		return a, usageError{fmt.Sprintf("--as %q: want ROLE:ID, e.g. covered:sessions", s)}
	}
	if err := a.Validate(); err != nil {
		return a, usageError{"--as: " + err.Error()}
	}
	return a, nil
}

func runRecuse(ctx context.Context, e *env, args []string) error {
	fs := e.flags("recuse", "--person ID --effective DATE --scope TEXT (--matter ID | --topic T | --party ID)... [flags]",
		"Record a recusal. Its scope covers the named matters and every matter, pending or opened later, with one of the\n"+
			"topics or parties (optionally only of the given kinds). The public statement is generated from the scope\n"+
			"unless given, and may not name a confidential matter.")
	as := actorFlag(fs)
	var r impartial.Recusal
	var matters, topics, parties, kinds, ruleIDs list
	fs.StringVar(&r.ID, "id", "", "recusal id (default recusal-PERSON-DATE)")
	fs.StringVar(&r.Person, "person", "", "the covered person who steps aside")
	effective := fs.String("effective", "", "effective date, YYYY-MM-DD")
	ended := fs.String("ended", "", "the last day the recusal is in force, YYYY-MM-DD (default: until lifted)")
	fs.StringVar(&r.ScopeText, "scope", "", "the recusal's scope in its own words (the covered person sees this)")
	fs.Var(&matters, "matter", "a matter covered by name (repeatable)")
	fs.Var(&topics, "topic", "a topic: every matter with it is covered, including later ones (repeatable)")
	fs.Var(&parties, "party", "an entity: every matter where it is a party is covered (repeatable)")
	fs.Var(&kinds, "kind", "limit the scope to matters of this kind (repeatable)")
	fs.Var(&ruleIDs, "rule", "a rule the recusal rests on (repeatable)")
	fs.StringVar(&r.Basis, "basis", "", "why, in words")
	fs.StringVar(&r.Delegate, "delegate", "", "who acts instead")
	fs.StringVar(&r.PublicStatement, "statement", "", "public statement (default: generated from the scope)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	actor, err := parseActor(*as)
	if err != nil {
		return err
	}
	if r.Effective, err = impartial.ParseDate(*effective); err != nil {
		return usageError{"--effective: " + err.Error()}
	}
	if r.Ended, err = impartial.ParseDate(*ended); err != nil {
		return usageError{"--ended: " + err.Error()}
	}
	r.Matters, r.Topics, r.Parties, r.Rules = matters, topics, parties, ruleIDs
	for _, k := range kinds {
		r.Kinds = append(r.Kinds, impartial.MatterKind(k))
	}
	if r.ID == "" {
		r.ID = fmt.Sprintf("recusal-%s-%s", r.Person, r.Effective)
	}
	svc, done, err := e.service(ctx)
	if err != nil {
		return err
	}
	defer done()
	if err := svc.RecordRecusal(ctx, actor, &r); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "recorded %s: %s steps aside from %s, effective %s\npublic statement: %s\n",
		r.ID, r.Person, r.ScopeText, r.Effective, r.PublicStatement)
	return nil
}

func runAuthorize(ctx context.Context, e *env, args []string) error {
	fs := e.flags("authorize", "--person ID --matter ID --rule ID --reason TEXT [--kind KIND]",
		"Record an authorization, waiver or consent (one matter only; refused where the rule's grounds cannot be\n"+
			"waived), or an exemption, divestiture or screen.")
	as := actorFlag(fs)
	var p impartial.Permission
	var ruleIDs list
	kind := fs.String("kind", "authorization", "authorization, waiver, consent, exemption, divestiture or screen")
	fs.StringVar(&p.ID, "id", "", "id (default KIND-PERSON-MATTER)")
	fs.StringVar(&p.Person, "person", "", "whom it permits")
	fs.StringVar(&p.Matter, "matter", "", "the one matter it covers")
	fs.Var(&ruleIDs, "rule", "a rule it lifts (repeatable)")
	fs.StringVar(&p.Reason, "reason", "", "written reasons")
	granted := fs.String("granted", "", "date granted (default today)")
	fs.StringVar(&p.GrantedBy, "by", "", "who authorized (default the acting user)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	actor, err := parseActor(*as)
	if err != nil {
		return err
	}
	p.Kind, p.Rules = impartial.PermissionKind(*kind), ruleIDs
	if p.Granted, err = impartial.ParseDate(*granted); err != nil {
		return usageError{"--granted: " + err.Error()}
	}
	if p.ID == "" {
		p.ID = strings.TrimSuffix(fmt.Sprintf("%s-%s-%s", p.Kind, p.Person, p.Matter), "-")
	}
	svc, done, err := e.service(ctx)
	if err != nil {
		return err
	}
	defer done()
	if err := svc.Authorize(ctx, actor, &p); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "recorded %s\n", p.Explain())
	return nil
}

func runDetermine(ctx context.Context, e *env, args []string) error {
	fs := e.flags("determine", "--person ID --matter ID --rule ID (--recommend D | --decide D) --reasons TEXT",
		"Record an ethics official's review of a finding (--recommend) or decision (--decide): recuse, authorize or\n"+
			"no_conflict. A decision supersedes earlier determinations; it is never edited. recuse records a recusal\n"+
			"from the matter; authorize records a single-matter authorization.")
	as := actorFlag(fs)
	var d impartial.Determination
	fs.StringVar(&d.Person, "person", "", "the covered person")
	fs.StringVar(&d.Matter, "matter", "", "the matter")
	fs.StringVar(&d.Rule, "rule", "", "the finding's rule")
	rec := fs.String("recommend", "", "recommendation: recuse, authorize or no_conflict")
	dec := fs.String("decide", "", "decision: recuse, authorize or no_conflict")
	reasons := fs.String("reasons", "", "written reasons")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	actor, err := parseActor(*as)
	if err != nil {
		return err
	}
	if (*rec == "") == (*dec == "") {
		return usageError{"give either --recommend or --decide"}
	}
	if *rec != "" {
		d.Recommendation, d.ReviewReasons = impartial.Decision(*rec), *reasons
	} else {
		d.Decision, d.Reasons = impartial.Decision(*dec), *reasons
	}
	svc, done, err := e.service(ctx)
	if err != nil {
		return err
	}
	defer done()
	if err := svc.Determine(ctx, actor, &d); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "recorded %s", d.ID)
	if d.Supersedes != "" {
		fmt.Fprintf(e.stdout, " (supersedes %s)", d.Supersedes)
	}
	if d.Recusal != "" {
		fmt.Fprintf(e.stdout, "; recusal %s", d.Recusal)
	}
	if d.Permission != "" {
		fmt.Fprintf(e.stdout, "; authorization %s", d.Permission)
	}
	fmt.Fprintln(e.stdout)
	return nil
}

// errDenied makes `impartial check` exit with status 3 on a deny.
type errDenied struct{}

func (errDenied) Error() string { return "denied" }

func runCheck(ctx context.Context, e *env, args []string) error {
	fs := e.flags("check", "--person ID --action view|participate|assign --matter ID [--as-of DATE] [--json]",
		"Ask the wall whether a person may view, participate in or be assigned to a matter. Prints ALLOW or DENY,\n"+
			"the reason and the revision it was evaluated at. Exit status 0 for allow, 3 for deny.")
	as := fs.String("as", "service:cli", "who is asking, as ROLE:ID")
	person := fs.String("person", "", "the person")
	action := fs.String("action", "participate", "view, participate or assign")
	matter := fs.String("matter", "", "the matter")
	asJSON := fs.Bool("json", false, "print JSON for programs")
	asOfFlag := fs.String("as-of", "", "the date to check as of, YYYY-MM-DD (default today)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	asOf, err := impartial.ParseDate(*asOfFlag)
	if err != nil {
		return usageError{"--as-of: " + err.Error()}
	}
	actor, svc, done, err := e.open(ctx, *as)
	if err != nil {
		return err
	}
	defer done()
	d, err := svc.CheckAsOf(ctx, actor, *person, impartial.Action(*action), *matter, asOf)
	if *asJSON {
		if werr := writeJSON(e.stdout, d); werr != nil {
			return werr
		}
	} else {
		printDecision(e.stdout, *person, *action, *matter, d)
	}
	if err != nil {
		return err
	}
	if !d.Allow {
		return errDenied{}
	}
	return nil
}

func printDecision(w io.Writer, person, action, matter string, d impartial.WallDecision) {
	verdict := "DENY "
	if d.Allow {
		verdict = "ALLOW"
	}
	fmt.Fprintf(w, "%s %s %s %s: %s (revision %d)\n", verdict, person, action, matter, d.Reason, d.Revision)
}

func runWalls(ctx context.Context, e *env, args []string) error {
	fs := e.flags("walls", "(--matter ID | --person ID | --feed [--after N]) [--json]",
		"For ethics officials: who is walled from a matter, which matters a person is walled from (topic scopes\n"+
			"resolved now, so later matters are listed), or the change feed of the walls from a position.")
	as := actorFlag(fs)
	matter := fs.String("matter", "", "list the people walled from this matter")
	person := fs.String("person", "", "list the matters this person is walled from")
	feed := fs.Bool("feed", false, "print the wall change feed")
	after := fs.Int64("after", 0, "with --feed: changes after this position")
	asJSON := fs.Bool("json", false, "print JSON for programs")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	n := 0
	for _, set := range []bool{*matter != "", *person != "", *feed} {
		if set {
			n++
		}
	}
	if n != 1 {
		return usageError{"give one of --matter, --person or --feed"}
	}
	actor, svc, done, err := e.open(ctx, *as)
	if err != nil {
		return err
	}
	defer done()
	switch {
	case *matter != "":
		list, err := svc.Walled(ctx, actor, *matter)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(e.stdout, list)
		}
		if len(list) == 0 {
			fmt.Fprintf(e.stdout, "no one is walled from %s\n", *matter)
		}
		for _, p := range list {
			fmt.Fprintf(e.stdout, "%s (%s): %s\n", p.Name, p.Person, p.Reason)
		}
	case *person != "":
		list, err := svc.WalledFrom(ctx, actor, *person)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(e.stdout, list)
		}
		if len(list) == 0 {
			fmt.Fprintf(e.stdout, "%s is walled from no matter\n", *person)
		}
		for _, m := range list {
			fmt.Fprintf(e.stdout, "%s %q (opened %s): %s\n", m.Matter, m.Title, m.Opened, m.Reason)
		}
	default:
		list, err := svc.WallFeed(ctx, actor, *after, 1000)
		if err != nil {
			return err
		}
		if *asJSON {
			return writeJSON(e.stdout, list)
		}
		for _, c := range list {
			fmt.Fprintf(e.stdout, "%d %s %s person=%s matter=%s record=%s\n", c.Seq, c.At.Format("2006-01-02T15:04:05Z"), c.Kind, c.Person, c.Matter, c.Record)
		}
	}
	return nil
}

func runRecusals(ctx context.Context, e *env, args []string) error {
	fs := e.flags("recusals", "--as covered:ID [--acknowledge RECUSAL] [--json]",
		"What a covered person sees of their own recusals: the scope in the recusal's words, the delegate and the\n"+
			"public statement, never the matters behind them. --acknowledge records that they have read one.")
	as := fs.String("as", "", "the covered person, as covered:ID")
	ack := fs.String("acknowledge", "", "acknowledge this recusal")
	asJSON := fs.Bool("json", false, "print JSON for programs")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	actor, svc, done, err := e.open(ctx, *as)
	if err != nil {
		return err
	}
	defer done()
	if *ack != "" {
		if err := svc.Acknowledge(ctx, actor, *ack); err != nil {
			return err
		}
	}
	notices, err := svc.MyRecusals(ctx, actor)
	if err != nil {
		return err
	}
	if *asJSON {
		return writeJSON(e.stdout, notices)
	}
	printNotices(e.stdout, notices)
	return nil
}

func printNotices(w io.Writer, notices []service.RecusalNotice) {
	if len(notices) == 0 {
		fmt.Fprintln(w, "  no recusals")
	}
	for _, n := range notices {
		fmt.Fprintf(w, "  Recusal %s, effective %s\n", n.ID, n.Effective)
		fmt.Fprintf(w, "    You are recused from: %s.\n", n.ScopeText)
		if n.Delegate != "" {
			fmt.Fprintf(w, "    Acting instead: %s.\n", n.Delegate)
		}
		fmt.Fprintf(w, "    Public statement: %s\n", n.PublicStatement)
		if n.AcknowledgedAt.IsZero() {
			fmt.Fprintln(w, "    Not yet acknowledged.")
		} else {
			fmt.Fprintf(w, "    Acknowledged %s.\n", n.AcknowledgedAt.Format("2006-01-02 15:04 MST"))
		}
	}
}
