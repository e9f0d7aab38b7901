package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/dataset"
)

// maxProblems is how many bad records an import reports before it stops
// looking: enough to fix a file in one pass, few enough to read.
const maxProblems = 50

// Import formats.
const (
	FormatJSONL = "jsonl" // impartial's own JSON Lines (docs/format.md); the default
	FormatFtM   = "ftm"   // FollowTheMoney entities, as OpenSanctions and Aleph publish them
	FormatCSV   = "csv"   // a spreadsheet, read by a column map (ImportOptions.Columns)
)

// Formats lists the import formats, for validation messages and help.
var Formats = []string{FormatJSONL, FormatFtM, FormatCSV}

// ImportOptions tunes an import.
type ImportOptions struct {
	// Format is the file's format: FormatJSONL (default), FormatFtM or
	// FormatCSV.
	Format string
	// Columns says how a CSV file's columns become records; required with
	// FormatCSV.
	Columns *dataset.ColumnMap
	// SkipBad imports what is good and reports the bad lines, with their
	// line numbers, instead of importing nothing (the default: all or
	// nothing). A record that refers to a skipped one is skipped too.
	SkipBad bool
	// Actor is who imports; the audit trail records it (default: impartial
	// itself).
	Actor impartial.Actor
	// Screen re-screens, as of today, what the imported changes can
	// affect, and stores the findings: a new or changed matter, a new
	// holding, a merger, a new contact.
	Screen bool
	// Defer, with Screen, records the re-screening work in the import's
	// transaction but leaves it to whoever completes pending work next (a
	// running server, the next command that writes or checks); until then,
	// wall checks it may affect deny. What it may affect is worked out
	// after the commit (Service.ScopePending), so that the others answer.
	Defer bool
	// AllowWallChanges lets an import lift a wall: replace a matter so that
	// a recusal no longer covers it, or drop its confidentiality. Without it
	// such an import is refused, naming each change.
	AllowWallChanges bool
	// Progress, if set, is called every ProgressEvery records with the count
	// so far.
	Progress      func(records int)
	ProgressEvery int
	// SurveyProgress, if set, is called as an FtM import's first pass reads
	// the file (every 100,000 lines), before any record is imported.
	SurveyProgress func(lines int)
}

// ImportReport says what an import did, by record kind.
type ImportReport struct {
	Created, Updated, Unchanged map[string]int
	Records                     int
	// Skipped counts what the file holds and impartial deliberately does
	// not import, by what and why ("Payment: impartial has no record for
	// this schema").
	Skipped map[string]int
	// Rejected lists the bad lines an import with SkipBad skipped (the
	// first maxProblems of them); RejectedCount counts all of them.
	Rejected      []error
	RejectedCount int
	// ByOrigin counts, for a format whose records come from different
	// kinds of source record (FtM schemata), what each kind gave: created,
	// updated, unchanged, rejected.
	ByOrigin map[string]*OriginCounts
	// Screened says what the import re-screened, when asked to.
	Screened *RescreenReport
	// WallChanges names, in words, each wall the import lifted (allowed by
	// AllowWallChanges).
	WallChanges []string
}

// OriginCounts says what the records of one kind of source record became.
type OriginCounts struct {
	Created, Updated, Unchanged, Rejected int
}

// Changed reports whether the import changed anything.
func (r *ImportReport) Changed() bool {
	for _, n := range r.Created {
		if n > 0 {
			return true
		}
	}
	for _, n := range r.Updated {
		if n > 0 {
			return true
		}
	}
	return false
}

// ImportError lists every problem found in a file. Nothing of the file was
// written.
type ImportError struct {
	File     string
	Problems []error
	More     bool // stopped after maxProblems
}

func (e *ImportError) Error() string {
	msg := fmt.Sprintf("import %s: %d problem(s), nothing imported", e.File, len(e.Problems))
	if e.More {
		msg = fmt.Sprintf("import %s: more than %d problems, nothing imported", e.File, len(e.Problems))
	}
	for _, p := range e.Problems {
		msg += "\n  " + p.Error()
	}
	return msg
}

// Unwrap exposes the problems.
func (e *ImportError) Unwrap() []error { return e.Problems }

// recordSource is what an import reads records from: dataset.Reader or
// dataset.FtMReader.
type recordSource interface {
	Next() (dataset.Record, error)
	Line() int
}

// source opens the reader of opt.Format. An FtM reader asks the transaction
// for stored entities: what a link's end not in the file is, and what a
// stored entity keeps that FtM cannot say (its coverage).
func (s *Service) source(ctx context.Context, tx impartial.Tx, r io.Reader, file string, opt ImportOptions) (recordSource, func()) {
	switch opt.Format {
	case FormatCSV:
		return dataset.NewCSVReader(r, file, opt.Columns), func() {}
	case FormatFtM:
	default:
		return dataset.NewReader(r, file), func() {}
	}
	fr := dataset.NewFtMReader(r, file, dataset.FtMOptions{
		Stored: func(id string) (*impartial.Entity, error) {
			e, err := tx.Entity(ctx, id)
			if impartial.IsNotFound(err) {
				return nil, nil
			}
			return e, err
		},
		StoredRelationship: func(id string) (*impartial.Relationship, error) {
			r, err := tx.Relationship(ctx, id)
			if impartial.IsNotFound(err) {
				return nil, nil
			}
			return r, err
		},
		Progress: opt.SurveyProgress,
	})
	return fr, func() { fr.Close() }
}

// Import reads a file in the dataset format (or, with opt.Format, FtM) and
// writes its records in one transaction: all or nothing, unless
// opt.SkipBad skips the bad lines and imports the rest. Records are created or replaced by id; a
// record equal to the stored one is left alone, so importing the same file
// twice changes nothing. References must point to records earlier in the
// file or already stored. The file streams: memory does not grow with its
// records beyond a few bytes per id.
func (s *Service) Import(ctx context.Context, r io.Reader, file string, opt ImportOptions) (*ImportReport, error) {
	if opt.Actor.ID != "" {
		if err := require(opt.Actor, RecordKeepers, "importing records"); err != nil {
			return nil, err
		}
	}
	outer := ctx
	if a := opt.Actor; a.ID != "" {
		if err := a.Validate(); err != nil {
			return nil, err
		}
		if !a.Decides() && a.Role != impartial.System {
			return nil, &impartial.Error{Kind: impartial.Forbidden, Msg: "only ethics officials, admins and systems import records"}
		}
	}
	switch opt.Format {
	case "", FormatJSONL, FormatFtM:
	case FormatCSV:
		if opt.Columns == nil {
			return nil, &impartial.Error{Kind: impartial.Invalid, Field: "columns",
				Msg: "a CSV import needs a column map: which column is the name, the kind, the identifiers, ..."}
		}
	default:
		return nil, &impartial.Error{Kind: impartial.Invalid, Field: "format",
			Msg: fmt.Sprintf("%q is not an import format (want one of %s)", opt.Format, strings.Join(Formats, ", "))}
	}
	rep := &ImportReport{Created: map[string]int{}, Updated: map[string]int{}, Unchanged: map[string]int{},
		Skipped: map[string]int{}}
	ierr := &ImportError{File: file}
	changes := &changeLog{}
	err := s.store.Update(ctx, func(tx impartial.Tx) error {
		// The statements run without the caller's cancellation, which the
		// SQLite driver would watch with a goroutine per statement; the loop
		// below checks it between records instead, and a cancelled import
		// rolls back as a whole.
		ctx := context.WithoutCancel(ctx)
		im := &importer{tx: tx, seen: map[uint64]int{}, failed: map[string]bool{}, now: s.stamp(), skipBad: opt.SkipBad}
		if opt.Screen {
			im.changes = changes
		}
		rd, closeSource := s.source(ctx, tx, r, file, opt)
		defer closeSource()
		if bt, ok := tx.(batchTx); ok && opt.Format != FormatFtM {
			// Writes go in batches, and whether records are stored is asked
			// for many at a time (see lookahead).
			bt.Batch()
			im.batch = bt
			la := &lookahead{ctx: ctx, src: rd, tx: bt}
			im.absent = la.isAbsent
			rd = la
		}
		origin := func(rec dataset.Record) *OriginCounts {
			o, ok := rd.(interface{ Origin() string })
			if !ok {
				return nil
			}
			if rep.ByOrigin == nil {
				rep.ByOrigin = map[string]*OriginCounts{}
			}
			c := rep.ByOrigin[o.Origin()]
			if c == nil {
				c = &OriginCounts{}
				rep.ByOrigin[o.Origin()] = c
			}
			return c
		}
		reject := func(err error, rec dataset.Record) {
			if !opt.SkipBad {
				ierr.Problems = append(ierr.Problems, err)
				return
			}
			rep.RejectedCount++
			if len(rep.Rejected) < maxProblems {
				rep.Rejected = append(rep.Rejected, err)
			}
			if rec != nil {
				if c := origin(rec); c != nil {
					c.Rejected++
				}
			}
		}
		for {
			if err := outer.Err(); err != nil {
				return err
			}
			rec, err := rd.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				var le *dataset.LineError
				if !errors.As(err, &le) || le.Line != rd.Line() {
					return err // the stream itself failed
				}
				reject(err, nil)
				if rec, ok := partial(err); ok {
					im.failed[rec] = true
				}
			} else {
				outcome, err := im.apply(ctx, rec, rd.Line(), len(ierr.Problems) == 0)
				if err != nil {
					if impartial.KindOf(err) != impartial.Invalid {
						return err
					}
					reject(&dataset.LineError{File: file, Line: rd.Line(), Err: err}, rec)
					im.failed[key(rec)] = true
				} else {
					kind := kindOf(rec)
					oc := origin(rec)
					switch outcome {
					case created:
						rep.Created[kind]++
					case updated:
						rep.Updated[kind]++
					default:
						rep.Unchanged[kind]++
					}
					if oc != nil {
						switch outcome {
						case created:
							oc.Created++
						case updated:
							oc.Updated++
						default:
							oc.Unchanged++
						}
					}
				}
			}
			rep.Records++
			if len(ierr.Problems) >= maxProblems {
				ierr.More = true
				break
			}
			if opt.Progress != nil && opt.ProgressEvery > 0 && rep.Records%opt.ProgressEvery == 0 {
				opt.Progress(rep.Records)
			}
		}
		if len(ierr.Problems) > 0 {
			return ierr
		}
		if sk, ok := rd.(interface{ Skipped() map[dataset.Skip]int }); ok {
			for k, n := range sk.Skipped() {
				rep.Skipped[k.Schema+": "+k.Reason] += n
			}
		}
		if len(im.wallLosses) > 0 {
			if !opt.AllowWallChanges {
				list := im.wallLosses
				if len(list) > maxProblems {
					list = append(list[:maxProblems:maxProblems], fmt.Sprintf("and %d more", len(im.wallLosses)-maxProblems))
				}
				return &impartial.Error{Kind: impartial.Invalid, Msg: fmt.Sprintf(
					"refused, nothing imported: it would lift walls (a matter's record replaces the stored one whole); "+
						"give --allow-wall-changes if that is meant:\n  %s", strings.Join(list, "\n  "))}
			}
			rep.WallChanges = im.wallLosses
		}
		if err := im.appendWallChanges(ctx); err != nil {
			return err
		}
		if opt.Screen {
			if _, err := s.recordWork(ctx, tx, changes, fmt.Sprintf("import of %q", file)); err != nil {
				return err
			}
		}
		actor := opt.Actor
		if actor.ID == "" {
			actor = system
		}
		detail := fmt.Sprintf("%d records: created %v, updated %v", rep.Records, rep.Created, rep.Updated)
		if len(rep.WallChanges) > 0 {
			detail += "; walls lifted (allowed): " + strings.Join(rep.WallChanges, "; ")
		}
		if rep.RejectedCount > 0 {
			detail += fmt.Sprintf("; %d bad line(s) skipped", rep.RejectedCount)
		}
		return s.audit(ctx, tx, actor, "import", file, detail)
	})
	if err != nil {
		var ie *ImportError
		if errors.As(err, &ie) {
			return nil, &impartial.Error{Kind: impartial.Invalid, Err: ie}
		}
		if outer.Err() != nil {
			return nil, &impartial.Error{Kind: impartial.Unavailable, Msg: fmt.Sprintf("import %s: interrupted; nothing of the file was imported", file)}
		}
		return nil, fmt.Errorf("import %s: %w", file, err)
	}
	s.log.Info("import", "file", file, "records", rep.Records, "created", rep.Created, "updated", rep.Updated)
	if opt.Screen && opt.Defer {
		// The work waits for a server or the next command, but what it may
		// affect is worked out now, as CompletePending would first do:
		// until then a change that moves the graph is recorded as affecting
		// every matter and every wall check denies.
		if err := s.ScopePending(ctx); err != nil {
			return rep, &impartial.Error{Kind: impartial.Unavailable, Msg: fmt.Sprintf("import %s: imported and committed, and its re-screening "+
				"is recorded as pending, but working out which checks it may affect failed (%v): until the work is done every "+
				"wall check it may affect denies, possibly every check (impartial serve, or the next impartial command that writes or checks, completes it)", file, err)}
		}
	}
	if opt.Screen && !opt.Defer {
		// The import's work, and any other pending, is done now; if this
		// fails or is interrupted it stays recorded, and checks it may
		// affect deny until the server or the next command completes it.
		screened, err := s.CompletePending(ctx)
		if err != nil {
			why := "re-screening failed: " + err.Error()
			if outer.Err() != nil {
				why = "re-screening was interrupted"
			}
			return rep, &impartial.Error{Kind: impartial.Unavailable, Msg: fmt.Sprintf("import %s: imported and committed, but %s; "+
				"it is recorded as pending, and until it is done every wall check it may affect denies "+
				"(impartial serve, or the next impartial command that writes or checks, completes it)", file, why)}
		}
		if screened == nil {
			screened = &RescreenReport{}
		}
		rep.Screened = screened
	}
	return rep, nil
}

// partial returns the record a decode error was about, when it names one, so
// that references to it are not reported again.
func partial(err error) (string, bool) {
	var e *impartial.Error
	if errors.As(err, &e) && e.Record != "" {
		return e.Record, true
	}
	return "", false
}

type outcome int

const (
	unchanged outcome = iota
	created
	updated
)

type importer struct {
	tx impartial.Tx
	// batch, when the store batches writes, is flushed whenever the kind of
	// record changes; absent tells records known not to be stored.
	batch    batchTx
	lastKind string
	held     int // records written since the last flush
	absent   func(label string) bool
	seen     map[uint64]int  // hash of record label → line, to catch ids used twice in one file
	failed   map[string]bool // labels of records that failed, whose references are not reported again
	now      time.Time
	// skipBad: a reference to a record that failed is itself a problem, since
	// the record it refers to will not be written.
	skipBad bool
	// changes, when set, collects what changed for re-screening.
	changes *changeLog
	// matters created or changed: their topics, parties and team decide wall
	// checks, so each gets a wall change, appended at the end so that the
	// wall lock (on PostgreSQL) is held only from then to the commit.
	matters []string
	// recusals, read when a stored matter is first replaced, and the walls
	// the replacements lift, in words.
	recusals   []*impartial.Recusal
	recusalsOK bool
	wallLosses []string
}

// wallLoss notes, in words, what replacing old by m takes away from the
// walls: a recusal that covered old and no longer covers m (its topic,
// party or kind gone), or the matter's confidentiality.
func (im *importer) wallLoss(ctx context.Context, old, m *impartial.Matter) error {
	if old.Confidential && !m.Confidential {
		im.wallLosses = append(im.wallLosses, fmt.Sprintf("matter %q would no longer be confidential (the file does not say \"confidential\": true)", m.ID))
	}
	if !im.recusalsOK {
		list, err := all(func(pg impartial.Page) ([]*impartial.Recusal, error) {
			return im.tx.Recusals(ctx, impartial.RecusalFilter{Page: pg})
		}, func(r *impartial.Recusal) string { return r.ID })
		if err != nil {
			return err
		}
		im.recusals, im.recusalsOK = list, true
	}
	for _, r := range im.recusals {
		if was, _ := r.Covers(old); !was {
			continue
		}
		if still, _ := r.Covers(m); !still {
			im.wallLosses = append(im.wallLosses, fmt.Sprintf("recusal %q of %s would no longer cover matter %q (its topics, parties or kind in the file leave the recusal's scope)",
				r.ID, r.Person, m.ID))
		}
	}
	return nil
}

// appendWallChanges records the imported matters in the wall change feed.
func (im *importer) appendWallChanges(ctx context.Context) error {
	if bt, ok := im.tx.(interface {
		AppendWallChanges(context.Context, []impartial.WallChange) error
	}); ok {
		cs := make([]impartial.WallChange, len(im.matters))
		for i, id := range im.matters {
			cs[i] = impartial.WallChange{At: im.now, Kind: "matter", Matter: id, Record: id}
		}
		return bt.AppendWallChanges(ctx, cs)
	}
	for _, id := range im.matters {
		if _, err := im.tx.AppendWallChange(ctx, impartial.WallChange{At: im.now, Kind: "matter", Matter: id, Record: id}); err != nil {
			return err
		}
	}
	return nil
}

func key(rec dataset.Record) string { return rec.Label() }

func kindOf(rec dataset.Record) string {
	switch rec.(type) {
	case *impartial.Entity:
		return "entity"
	case *impartial.Relationship:
		return "relationship"
	case *impartial.Contact:
		return "contact"
	case *impartial.Matter:
		return "matter"
	case *impartial.Statement:
		return "statement"
	case *impartial.Correction:
		return "correction"
	case *impartial.Event:
		return "event"
	}
	return "record"
}

// labelHash is FNV-1a of the label, without the allocations of hash/fnv.
func labelHash(label string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(label); i++ {
		h ^= uint64(label[i])
		h *= 1099511628211
	}
	return h
}

// refLabel is the label of the record of kind and id, as its Label method
// says it ("entity \"g1\""), without fmt.
func refLabel(kind, id string) string { return kind + " " + strconv.Quote(id) }

// apply validates rec and, if write, stores it. Once a file has shown a
// problem nothing more is written (the transaction will be rolled back), but
// the rest is still checked so that one run reports every problem.
func (im *importer) apply(ctx context.Context, rec dataset.Record, line int, write bool) (outcome, error) {
	if err := rec.Validate(); err != nil {
		return 0, err
	}
	label := rec.Label()
	h := labelHash(label)
	if first, dup := im.seen[h]; dup {
		return 0, &impartial.Error{Kind: impartial.Invalid, Record: label, Field: "id",
			Msg: fmt.Sprintf("is used twice in the file (first on line %d)", first)}
	}
	im.seen[h] = line
	if err := im.references(ctx, rec); err != nil {
		return 0, err
	}
	if !write {
		return unchanged, nil
	}
	tx := im.tx
	if im.batch != nil {
		// Records of one kind are written together; another kind's may
		// refer to them, so they are sent first.
		// Held writes are sent between records, every lookaheadSize records.
		if k := kindOf(rec); k != im.lastKind || im.held >= lookaheadSize {
			if err := im.batch.Send(ctx); err != nil {
				return 0, err
			}
			im.lastKind, im.held = k, 0
		}
		im.held++
	}
	absent := im.absent != nil && im.absent(label)
	switch r := rec.(type) {
	case *impartial.Entity:
		return put(ctx, r, absent, tx.Entity, tx.PutEntity, im.changes)
	case *impartial.Relationship:
		return put(ctx, r, absent, tx.Relationship, tx.PutRelationship, im.changes)
	case *impartial.Contact:
		return put(ctx, r, absent, tx.Contact, tx.PutContact, im.changes)
	case *impartial.Matter:
		if !absent {
			old, err := tx.Matter(ctx, r.ID)
			if err == nil {
				if err := im.wallLoss(ctx, old, r); err != nil {
					return 0, err
				}
			} else if !impartial.IsNotFound(err) {
				return 0, err
			}
		}
		out, err := put(ctx, r, absent, tx.Matter, tx.PutMatter, im.changes)
		if err == nil && out != unchanged {
			im.matters = append(im.matters, r.ID)
		}
		return out, err
	case *impartial.Statement:
		return put(ctx, r, absent, tx.Statement, tx.PutStatement, nil)
	case *impartial.Correction:
		return put(ctx, r, absent, tx.Correction, tx.PutCorrection, nil)
	case *impartial.Event:
		if r.Kind == impartial.Trade {
			if err := im.tradeOfHolding(ctx, r); err != nil {
				return 0, err
			}
		}
		return put(ctx, r, absent, tx.Event, tx.PutEvent, im.changes)
	}
	return 0, fmt.Errorf("import: %T is not a record", rec)
}

// put writes rec unless the stored record with its id is equal, and logs
// the change when log is set. absent says that no record with its id is
// stored (known without asking).
func put[T any](ctx context.Context, rec *T, absent bool, get func(context.Context, string) (*T, error),
	write func(context.Context, *T) error, log *changeLog) (outcome, error) {
	var old *T
	err := error(&impartial.Error{Kind: impartial.NotFound})
	if !absent {
		old, err = get(ctx, id(rec))
	}
	switch {
	case impartial.IsNotFound(err):
		if log != nil {
			log.record(nil, rec)
		}
		return created, write(ctx, rec)
	case err != nil:
		return 0, err
	case reflect.DeepEqual(old, rec):
		return unchanged, nil
	}
	if log != nil {
		log.record(old, rec)
	}
	return updated, write(ctx, rec)
}

func id(rec any) string {
	switch r := rec.(type) {
	case *impartial.Entity:
		return r.ID
	case *impartial.Relationship:
		return r.ID
	case *impartial.Contact:
		return r.ID
	case *impartial.Matter:
		return r.ID
	case *impartial.Statement:
		return r.ID
	case *impartial.Correction:
		return r.ID
	case *impartial.Event:
		return r.ID
	}
	return ""
}

type ref struct {
	field, kind, id string
}

// references checks that every id the record refers to exists.
func (im *importer) references(ctx context.Context, rec dataset.Record) error {
	var refs []ref
	ent := func(field, id string) {
		if id != "" {
			refs = append(refs, ref{field, "entity", id})
		}
	}
	switch r := rec.(type) {
	case *impartial.Entity:
		if r.Coverage != nil {
			ent("coverage.forum", r.Coverage.Forum)
		}
	case *impartial.Relationship:
		ent("from", r.From)
		ent("to", r.To)
	case *impartial.Contact:
		for i, p := range r.Participants {
			ent(fmt.Sprintf("participants[%d]", i), p)
		}
		ent("reported_by", r.ReportedBy)
	case *impartial.Matter:
		for i, p := range r.Parties {
			ent(fmt.Sprintf("parties[%d].entity", i), p.Entity)
		}
		for i, p := range r.Team {
			ent(fmt.Sprintf("team[%d]", i), p)
		}
		ent("forum", r.Forum)
		for i, pp := range r.Participants {
			ent(fmt.Sprintf("participants[%d].person", i), pp.Person)
			ent(fmt.Sprintf("participants[%d].on_behalf_of", i), pp.OnBehalfOf)
		}
		for i, l := range r.Related {
			refs = append(refs, ref{fmt.Sprintf("related[%d].matter", i), "matter", l.Matter})
		}
	case *impartial.Statement:
		ent("by", r.By)
		ent("forum", r.Forum)
		ent("question_by", r.QuestionBy)
		for i, a := range r.Assertions {
			ent(fmt.Sprintf("assertions[%d].subject", i), a.Subject)
			ent(fmt.Sprintf("assertions[%d].about", i), a.About)
		}
	case *impartial.Correction:
		refs = append(refs, ref{"statement", "statement", r.Statement})
	case *impartial.Event:
		if r.Holding != "" {
			refs = append(refs, ref{"holding", "relationship", r.Holding})
		}
		ent("entity", r.Entity)
		ent("into", r.Into)
		for i, s := range r.Subsidiaries {
			ent(fmt.Sprintf("subsidiaries[%d]", i), s)
		}
	}
	var p impartial.Problems
	for _, rf := range refs {
		label := refLabel(rf.kind, rf.id)
		if im.failed[label] {
			if im.skipBad {
				p = append(p, impartial.FieldError(rec.Label(), rf.field,
					"refers to %s %q, which was skipped for its own problem", rf.kind, rf.id))
			}
			continue // already reported where it was defined
		}
		if _, ok := im.seen[labelHash(label)]; ok {
			continue // earlier in the file
		}
		ok, err := im.tx.Exists(ctx, rf.kind, rf.id)
		if err != nil {
			return err
		}
		if !ok {
			p = append(p, impartial.FieldError(rec.Label(), rf.field,
				"refers to %s %q, which is neither stored nor earlier in the file", rf.kind, rf.id))
		}
	}
	return p.Err()
}

// tradeOfHolding checks that a trade is of a holding: the relationship it
// names, stored or written earlier in the import, must be one.
func (im *importer) tradeOfHolding(ctx context.Context, e *impartial.Event) error {
	r, err := im.tx.Relationship(ctx, e.Holding)
	if impartial.IsNotFound(err) {
		return nil // references reported it, or it is held in a batch not sent yet
	}
	if err != nil {
		return err
	}
	if r.Type != impartial.Holding {
		return impartial.FieldError(e.Label(), "holding", "relationship %q is of type %s, not a holding: only holdings are traded", r.ID, r.Type)
	}
	return nil
}

// batchTx is a transaction that can hold writes and send them merged, and
// tell which of many ids are stored in one query (sqlstore's). Send starts
// sending them and returns, so that the import reads and checks its next
// records while the database writes; anything that reads waits for it.
type batchTx interface {
	Batch()
	Flush(ctx context.Context) error
	Send(ctx context.Context) error
	Existing(ctx context.Context, record string, ids []string) (map[string]bool, error)
}

// lookaheadSize is how many records an import reads ahead.
const lookaheadSize = 512

// lookahead reads records ahead of the import and asks the store in one
// query per kind which of them are stored, so that a new record is written
// without first being read: on PostgreSQL an import was one round trip per
// record for that read alone.
type lookahead struct {
	ctx    context.Context
	src    recordSource
	tx     batchTx
	buf    []ahead
	pos    int
	line   int
	absent map[string]bool // labels of records in buf known not to be stored
}

type ahead struct {
	rec  dataset.Record
	err  error
	line int
}

func (l *lookahead) Next() (dataset.Record, error) {
	if l.pos >= len(l.buf) {
		if err := l.fill(); err != nil {
			return nil, err
		}
		if len(l.buf) == 0 {
			return nil, io.EOF
		}
	}
	a := l.buf[l.pos]
	l.pos++
	l.line = a.line
	return a.rec, a.err
}

func (l *lookahead) Line() int { return l.line }

func (l *lookahead) isAbsent(label string) bool { return l.absent[label] }

func (l *lookahead) fill() error {
	clear(l.buf)
	l.buf, l.pos = l.buf[:0], 0
	byKind := map[string][]string{}
	for len(l.buf) < lookaheadSize {
		rec, err := l.src.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		l.buf = append(l.buf, ahead{rec: rec, err: err, line: l.src.Line()})
		if err != nil {
			var le *dataset.LineError
			if !errors.As(err, &le) || le.Line != l.src.Line() {
				break // the stream failed: the import stops there
			}
			continue
		}
		// Only well-formed ids are looked up: a bad one is reported by the
		// record's validation, with its line, not refused by the database.
		if k, id := kindOf(rec), id(rec); id != "" && k != "record" && impartial.ValidateID("", "id", id) == nil {
			byKind[k] = append(byKind[k], id)
		}
	}
	l.absent = map[string]bool{}
	for k, ids := range byKind {
		stored, err := l.tx.Existing(l.ctx, k, ids)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if !stored[id] {
				l.absent[refLabel(k, id)] = true
			}
		}
	}
	return nil
}
