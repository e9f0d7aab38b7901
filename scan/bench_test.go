package scan

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/impartial/impartial"
	"github.com/impartial/impartial/synth"
)

var prose = strings.Fields(`The committee said on Tuesday that the report, first published last week,
had been reviewed by officials who declined to comment. According to filings made in March, the company's
board approved the transaction after a meeting with regulators; a spokesperson would not say whether
investigators had been informed. Shares rose 3.2% in early trading.`)

// synthEntities returns the entities of a generated set of n.
func synthEntities(b testing.TB, n int) []*impartial.Entity {
	var es []*impartial.Entity
	err := synth.Generate(context.Background(), synth.DefaultConfig(n), func(rec any) error {
		if e, ok := rec.(*impartial.Entity); ok {
			es = append(es, e)
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return es
}

// BenchmarkScan measures the build of the automaton over the names of a
// generated set and the scan of 8 MB of text through it, streamed in chunks:
// prose where one word in 300 starts a known name, and a dense text where one
// in 30 does (a generated surname is shared by hundreds of entities, each a
// mention of its own).
//
//	go test ./scan -run '^$' -bench Scan -benchtime 3x -entities 1000000
func BenchmarkScan(b *testing.B) {
	es := synthEntities(b, *benchEntities)
	start := time.Now()
	ix := NewIndex(es)
	b.ReportMetric(time.Since(start).Seconds(), "build-s")
	for _, every := range []int{300, 30} {
		r := rand.New(rand.NewPCG(1, 1))
		var sb strings.Builder
		for sb.Len() < 8<<20 {
			if r.IntN(every) == 0 {
				sb.WriteString(randomText(r, es, 1))
			} else {
				sb.WriteString(prose[r.IntN(len(prose))])
				sb.WriteString(" ")
			}
		}
		text := sb.String()
		b.Run(fmt.Sprintf("one-name-in-%d-words", every), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for range b.N {
				n := 0
				if _, err := ix.ScanReader(strings.NewReader(text), func(Mention) error { n++; return nil }); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(n), "mentions")
			}
		})
	}
}

var benchEntities = flag.Int("entities", 100000, "entities in the generated set of BenchmarkScan")

// newsWords are the words of the prose around the names in the news-like
// benchmark text: function words and the nouns, verbs and figures of a
// report on companies, courts and officials, with the punctuation and the
// multi-byte quotes and dashes newspapers print. None is, alone, an indexed
// name at 1,000,000 generated entities (checked when the list was written):
// common words that are also surnames ("price", "long", "young") each match
// thousands of persons and are measured apart.
var newsWords = strings.Fields(`the the the the a a an of of of to to to in in and and and for on on
with by at from as that that is was were be been has had have will would could may not no it its
this these their there which who whom what when after before over under about against between during
said says told added according declined comment statement spokesperson officials official
company companies board shareholders shares stock market trading investors billion million percent
quarter annual report reports filing filings court judge judges case cases lawsuit ruling appeal
committee senate hearing testimony investigation investigators federal state department agency
regulators regulator contract contracts deal merger acquisition subsidiary transaction approved
rejected reviewed announced disclosed confirmed denied met meeting meetings week month year
Monday Tuesday Wednesday Thursday Friday March April June 2016 2017 2023 2024 3.2% 12 40
“we” “this” decision” process.” — – (the) yesterday; earlier, later, however, also only more
than most first last new former chief executive president director counsel lawyer lawyers firm
public private political campaign election donors records documents emails call calls familiar
matter matters questions answered interview people sources, spokesman analysts café façade naïve`)

// newsText returns about size bytes of news-like prose naming entities of
// es: articles of 400–1,000 words, each about a cast of two to eight
// entities drawn at random; one word in every (on average) is a reference
// to a member of the cast. The first reference to an entity gives its name
// or an alias in full, sometimes with a title; a later reference to a person
// gives the family name alone half of the time ("Green said"), as reports
// do, and a possessive now and then. The prose around them is newsWords, in
// sentences.
func newsText(r *rand.Rand, es []*impartial.Entity, size, every int) string {
	titles := []string{"Sen. ", "Mr. ", "Ms. ", "Judge ", "Dr. ", "then-Sen. "}
	var b strings.Builder
	b.Grow(size + 4096)
	for b.Len() < size {
		cast := make([]*impartial.Entity, 2+r.IntN(7))
		named := make([]bool, len(cast))
		for i := range cast {
			cast[i] = es[r.IntN(len(es))]
		}
		words := 400 + r.IntN(600)
		sentence, first := 0, false
		for range words {
			if sentence == 0 {
				sentence, first = 12+r.IntN(18), true
			}
			if r.IntN(every) == 0 {
				k := r.IntN(len(cast))
				e := cast[k]
				ns := e.Names()
				name := ns[r.IntN(len(ns))]
				if fs := strings.Fields(e.Name); named[k] && e.Kind == impartial.Person && len(fs) > 1 && r.IntN(2) == 0 {
					name = fs[len(fs)-1]
				} else if e.Kind == impartial.Person && r.IntN(5) == 0 {
					name = titles[r.IntN(len(titles))] + name
				}
				named[k] = true
				b.WriteString(name)
				if r.IntN(8) == 0 {
					b.WriteString("’s")
				}
			} else {
				w := newsWords[r.IntN(len(newsWords))]
				if first {
					c, n := utf8.DecodeRuneInString(w)
					w = string(unicode.ToUpper(c)) + w[n:]
				}
				b.WriteString(w)
			}
			first = false
			sentence--
			switch {
			case sentence == 0:
				b.WriteString(". ")
			case r.IntN(12) == 0:
				b.WriteString(", ")
			default:
				b.WriteString(" ")
			}
		}
		b.WriteString("\n\n")
	}
	return b.String()
}

// BenchmarkScanNews scans news-like prose (newsText) at three densities of
// references to known names — one in 300 words (a report that names a
// handful of people), one in 100 (a report about people and companies in
// the database: the density this benchmark is set for) and one in 30 (a
// list-like filing) — streamed through ScanReader with a callback that
// keeps what a caller keeps of each mention (its entity and offsets).
//
//	go test ./scan -run '^$' -bench ScanNews -benchtime 3x -entities 1000000
func BenchmarkScanNews(b *testing.B) {
	es := synthEntities(b, *benchEntities)
	ix := NewIndex(es)
	for _, every := range []int{300, 100, 30} {
		text := newsText(rand.New(rand.NewPCG(7, uint64(every))), es, *benchMB<<20, every)
		b.Run(fmt.Sprintf("one-name-in-%d-words", every), func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			cpu0 := cpuTime()
			defer func() {
				// On a machine others load, the processor time the scan
				// took says more than the wall time.
				if d := cpuTime() - cpu0; d > 0 {
					b.ReportMetric(float64(len(text))*float64(b.N)/d.Seconds()/1e6, "cpu-MB/s")
				}
			}()
			for range b.N {
				n, sum := 0, 0
				if _, err := ix.ScanReader(strings.NewReader(text), func(m Mention) error {
					n++
					sum += m.Start + len(m.Entity)
					return nil
				}); err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(n), "mentions")
				b.ReportMetric(float64(n)/float64(len(text))*(1<<20), "mentions/MB")
				if sum == 0 {
					b.Fatal("no mentions")
				}
			}
		})
	}
}

// cpuTime returns the processor time the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

var benchMB = flag.Int("mb", 16, "megabytes of text BenchmarkScanNews scans at each density")

var newsOut = flag.String("news-out", "", "TestWriteNewsText writes -mb megabytes of news-like text at one name in -every words, over the generated set of -entities, to this file")
var newsEvery = flag.Int("every", 100, "TestWriteNewsText: one reference to a known name in this many words")

// TestWriteNewsText writes the benchmark's news-like text to a file, for
// measuring `impartial scan` through the product on the database that
// `impartial gen` writes for the same number of entities:
//
//	go test ./scan -run WriteNewsText -args -entities 1000000 -mb 100 -every 100 -news-out /tmp/news.txt
func TestWriteNewsText(t *testing.T) {
	if *newsOut == "" {
		t.Skip("no -news-out")
	}
	es := synthEntities(t, *benchEntities)
	text := newsText(rand.New(rand.NewPCG(7, uint64(*newsEvery))), es, *benchMB<<20, *newsEvery)
	if err := os.WriteFile(*newsOut, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
