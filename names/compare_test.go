package names

import (
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestParse(t *testing.T) {
	tests := []struct {
		raw       string
		schema    Schema
		tokens    string // token texts joined by spaces
		titles    int
		legal     string // codes joined by spaces
		reordered string
	}{
		{"Attorney General Jeff Sessions", Person, "jeff sessions", 2, "", ""},
		{"then-Sen. Jeff Sessions'", Person, "jeff sessions", 2, "", ""},
		{"SESSIONS, Jeff", Person, "jeff sessions", 0, "", "comma"},
		{"SESSIONS Jeff Beauregard", Person, "jeff beauregard sessions", 0, "", "capitals"},
		{"Dr. Rami Makhlouf", Person, "rami makhlouf", 1, "", ""},
		{"Shaikh Isa Bin Tarif Al Bin Ali", Person, "isa bin tarif al bin ali", 1, "", ""},
		{"Präsident Barack Obama", Person, "barack obama", 1, "", ""},
		{"President", Person, "president", 0, "", ""}, // a name made only of a title is kept
		{"J.-C. Juncker", Person, "j c juncker", 0, "", ""},
		{"Martin Luther King Jr.", Person, "martin luther king", 1, "", ""},
		{"Nicolás Maduro SA", Person, "nicolas maduro", 0, "", ""},
		{"Siemens Aktiengesellschaft", Company, "siemens", 0, "AG", ""},
		{"Siemens Aktiengeselschaft", Company, "siemens", 0, "AG", ""},
		{"OAO Gazprom", Company, "gazprom", 0, "OJSC", ""},
		{"Open Joint Stock Company Gazprom", Company, "gazprom", 0, "OJSC", ""},
		{"ООО \"Ромашка\"", Company, "romashka", 0, "LLC", ""},
		{"Общество с ограниченной ответственностью Ромашка", Company, "romashka", 0, "LLC", ""},
		{"FABERLIC EUROPE Sp. z o.o.", Company, "faberlic europe", 0, "SPZOO", ""},
		{"Brigade Forty-Four", Organization, "brigade 44", 0, "", ""},
		{"First Bank Int'l", Company, "1 bank international", 0, "", ""},
		{"MV Hellenic Spirit", Vessel, "hellenic spirit", 1, "", ""},
		{"Shoigu Shoigu Sergey", Person, "shoigu sergey", 0, "", ""},
	}
	for _, tt := range tests {
		n := Parse(tt.raw, tt.schema)
		var toks []string
		for _, tk := range n.Tokens {
			toks = append(toks, tk.Text)
		}
		var codes []string
		for _, l := range n.Legal {
			codes = append(codes, l.Code)
		}
		if got := strings.Join(toks, " "); got != tt.tokens {
			t.Errorf("Parse(%q).Tokens = %q, want %q", tt.raw, got, tt.tokens)
		}
		if len(n.Titles) != tt.titles {
			t.Errorf("Parse(%q).Titles = %q, want %d titles", tt.raw, n.Titles, tt.titles)
		}
		if got := strings.Join(codes, " "); got != tt.legal {
			t.Errorf("Parse(%q).Legal = %q, want %q", tt.raw, got, tt.legal)
		}
		if n.Reordered != tt.reordered {
			t.Errorf("Parse(%q).Reordered = %q, want %q", tt.raw, n.Reordered, tt.reordered)
		}
	}
}

func TestTransliterationMatches(t *testing.T) {
	tests := []struct{ a, b string }{
		{"Сергей Иванович Кисляк", "Sergey Kislyak"},
		{"Сергей Кисляк", "Serguei Kisliak"},
		{"Юрий Гагарин", "Iouri Gagarine"},
		{"Владимир Путин", "Wladimir Putin"},
		{"Володимир Зеленський", "Volodymyr Zelenskyy"},
		{"Михаил Ходорковский", "Mikhail Khodorkovsky"},
		{"Κυριάκος Μητσοτάκης", "Kyriakos Mitsotakis"},
		{"Αλέξης Τσίπρας", "Alexis Tsipras"},
		{"Նիկոլ Փաշինյան", "Nikol Pashinyan"},
		{"Բարակ Օբամա", "Barack Obama"},
		{"მიხეილ სააკაშვილი", "Mikheil Saakashvili"},
		{"ბიძინა ივანიშვილი", "Bidzina Ivanishvili"},
		{"محمد بن سلمان", "Mohammed bin Salman"},
		{"بشار الأسد", "Bashar al-Assad"},
		{"حسن روحانی", "Hassan Rouhani"},
	}
	for _, tt := range tests {
		r := Compare(tt.a, tt.b, Person)
		if !r.Match {
			t.Errorf("Compare(%q, %q) = %.2f, want a match\n%s", tt.a, tt.b, r.Score, r.Explain())
		}
	}
}

func TestComparePerson(t *testing.T) {
	tests := []struct {
		a, b  string
		match bool
		how   string // a How value that must appear in the parts, if set
	}{
		{"Hans Friedrich", "Hans Friedrich", true, HowExact},
		{"Friedrich Hans", "Hans Friedrich", true, ""}, // the other order: registers write either
		{"Smith John", "John Smith", true, HowExact},
		{"Berry", "Taylor Berry", false, ""},             // a surname alone
		{"Senator Berry", "Taylor Berry", true, ""},      // a title and the surname
		{"Allison Grant", "Addison Grant", false, ""},    // two given names one letter apart
		{"Ben Grant", "Len Grant", false, ""},            // idem, short
		{"Jon Grant", "John Grant", true, HowNickname},   // nickname from the generated table
		{"Juan Grant", "John Grant", true, HowCrossLang}, // the name in another language
		{"Giovanni Rossi", "Ivan Rossi", true, HowCrossLang},
		{"Emma Webb", "Emm Webb", true, ""}, // a dropped letter in a short name
		{"Reid Cole", "Reidz Cole", true, HowTypo},
		{"Kyle Rees", "Kyle Reis", true, HowTypo},                                // one letter in four
		{"Kyle Rees", "Kyle Fees", false, ""},                                    // not the first letter of a short word
		{"David Dobbins Jr", "David Dobbins Sr", false, ""},                      // son and father
		{"Robert E Smith", "Robert J Smith", false, ""},                          // conflicting middle initials
		{"Omar bin Abdullah al-Harbi", "Abdullah bin Omar al-Harbi", false, ""},  // son and father swapped
		{"Omar bin al-Khattab al-Adawi", "Khattab bin Omar al-Adawi", false, ""}, // idem, past the article
		{"SESSIONS, Jeff", "Jeff Sessions", true, HowExact},
		{"Hans J Friedrich", "Hans Joachim Friedrich", true, HowInitial},
		{"Hans O Friedrich", "Hans Joachim Friedrich", false, ""}, // different initial
		{"Hans Friedrich", "Hans Joachim Friedrich", true, ""},    // extra middle name
		{"Jeff Sessions", "Jefferson Sessions", true, HowNickname},
		{"Bob Smith", "Robert Smith", true, HowNickname},
		{"Bill Clinton", "William Jefferson Clinton", true, HowNickname},
		{"Bibi Netanyahu", "Benjamin Netanyahu", true, HowNickname},
		{"Boris Netanyahu", "Benjamin Netanyahu", false, ""},
		{"Olaf Scholze", "Olaf Scholz", true, HowTypo},
		{"Olaf Schulze", "Olaf Scholz", false, ""}, // two edits in a 6-letter word
		{"Alexandr Lukashnko", "Alexander Lukashenko", true, HowTypo},
		{"VladimirPutin", "Vladimir Putin", true, ""},
		{"MOHAMMAD HASNI ZARKARI", "MOHAMMADHASNI ZARKARI", true, HowJoined},
		{"Attorney General Jeff Sessions", "Sessions", true, ""}, // surname only, with a title
		{"Vladimir", "Vladimir Putin", false, ""},                // a given name alone
		{"N.N.", "Nursultan Nazarbayev", false, ""},              // initials alone
		{"Michel Obama", "Michelle Obama", false, ""},            // masculine vs feminine form
		{"Sergey Ivanov", "Sergey Viktorovich Lavrov", false, ""},
		{"Sergey Ivanovich Lavrov", "Sergey Viktorovich Lavrov", false, ""}, // different patronymic
		{"Mohammed bin Salman", "bin Salman Mohammed", true, ""},
		{"JC Juncker", "Jean-Claude Juncker", true, HowInitials},
	}
	for _, tt := range tests {
		r := Compare(tt.a, tt.b, Person)
		if r.Match != tt.match {
			t.Errorf("Compare(%q, %q).Match = %v (%.2f), want %v\n%s", tt.a, tt.b, r.Match, r.Score, tt.match, r.Explain())
			continue
		}
		if tt.match && r.Decision != DecisionReview {
			t.Errorf("Compare(%q, %q).Decision = %q, want %q for a person matched by name", tt.a, tt.b, r.Decision, DecisionReview)
		}
		if tt.how != "" && !hasHow(r, tt.how) {
			t.Errorf("Compare(%q, %q): no part matched by %q\n%s", tt.a, tt.b, tt.how, r.Explain())
		}
	}
}

func hasHow(r Result, how string) bool {
	for _, p := range r.Parts {
		if p.How == how {
			return true
		}
	}
	return false
}

func TestCompareOrganization(t *testing.T) {
	tests := []struct {
		a, b   string
		schema Schema
		match  bool
	}{
		{"Siemens AG", "Siemens Aktiengesellschaft", Company, true},
		{"SiemensAG", "Siemens AG", Company, true},
		{"Deutsche Bank AG", "Deutsche Bank GmbH", Company, false}, // legal forms of different kinds
		{"Deutsche Bank AG", "Deutsche Bank", Company, true},       // missing legal form is fine
		{"Deutsche Bank Trust Company", "Deutsche Bank", Company, false},
		{"Deutsche Bank (Schweiz) AG", "Deutsche Bank AG", Company, true},
		{"Deutsche Bank (Schweiz) AG", "Deutsche Bank (Luxembourg) AG", Company, false},
		{"OAO Gazprom", "Open Joint Stock Company Gazprom", Company, true},
		{"Rosneft Oil Company LLC", "ООО Роснефть Oil Company", Company, true},
		{"ANO Iskusstvo Krasoty", "LLC Iskusstvo Krasoty", Company, false},
		{"Friedrich Hans GmbH", "Hans Friedrich GmbH", Company, true},                 // word order is free for companies
		{"Alfa Bank", "Alfa Bond", Company, false},                                    // a changed short word
		{"Zenfel Northern Finance JSC", "Zenfel Norohern Finance JSC", Company, true}, // typo in a long word
		{"Gazprom Neft", "Gazprom Nefть", Company, true},
		{"Crystalord Ltd", "Cristalord Limited", Company, true},
		{"Management Company 23", "Management Company", Company, false},
		{"Brigade Forty-Four", "Brigade 44", Organization, true},
		{"1st International Bank", "First International Bank", Company, true},
		{"PLA", "People's Liberation Army", Organization, true},
		{"Al Qaeda", "Al-Qa'ida/Islamic Army", Organization, true},
		{"Government of Estonia", "Government of Ethiopia", Organization, false},
		{"MV Hellenic Spirit", "Hellenic Spirit", Vessel, true},
		{"Victory", "Victory 3", Vessel, false},
	}
	for _, tt := range tests {
		r := Compare(tt.a, tt.b, tt.schema)
		if r.Match != tt.match {
			t.Errorf("Compare(%q, %q, %s).Match = %v (%.2f), want %v\n%s", tt.a, tt.b, tt.schema, r.Match, r.Score, tt.match, r.Explain())
		}
		if r.Match && r.Decision != DecisionMatch {
			t.Errorf("Compare(%q, %q, %s).Decision = %q, want %q", tt.a, tt.b, tt.schema, r.Decision, DecisionMatch)
		}
	}
}

func TestScoreBounds(t *testing.T) {
	pairs := [][2]string{{"", ""}, {"a", ""}, {"Jeff Sessions", "Jeff Sessions"}, {"x", "y"}, {"Ltd", "Ltd"}}
	for _, p := range pairs {
		for _, s := range []Schema{Person, Company, "Unknown"} {
			r := Compare(p[0], p[1], s)
			if r.Score < 0 || r.Score > 1 {
				t.Errorf("Compare(%q, %q, %s).Score = %v, out of [0,1]", p[0], p[1], s, r.Score)
			}
		}
	}
	if r := Compare("Jeff Sessions", "Jeff Sessions", Person); r.Score != 1 {
		t.Errorf("identical names score %v, want 1", r.Score)
	}
}

func TestIdentifiersDecide(t *testing.T) {
	a := Candidate{Schema: Company, Names: []string{"Siemens AG"}, Identifiers: []Identifier{{"LEI", "W38RGI023J3WT1HWRP32"}}}
	same := Candidate{Schema: Company, Names: []string{"Totally Different Name"}, Identifiers: []Identifier{{"lei", "w38rgi023j3wt1hwrp32"}}}
	other := Candidate{Schema: Company, Names: []string{"Siemens AG"}, Identifiers: []Identifier{{"LEI", "529900T8BM49AURSDO55"}}}
	noCommon := Candidate{Schema: Company, Names: []string{"Siemens Aktiengesellschaft"}, Identifiers: []Identifier{{"ticker", "SIE"}}}
	tests := []struct {
		name       string
		b          Candidate
		match      bool
		score      float64
		byIdent    bool
		reasonPart string
	}{
		{"equal LEI, different names", same, true, 1, true, "identifiers decide"},
		{"different LEI, same names", other, false, 0, true, "different identifiers"},
		{"no common scheme: names decide", noCommon, true, -1, false, "names decide"},
	}
	for _, tt := range tests {
		r := CompareEntities(a, tt.b)
		if r.Match != tt.match || r.IdentifierDecided != tt.byIdent || (tt.score >= 0 && r.Score != tt.score) {
			t.Errorf("%s: got match=%v score=%.2f byIdentifier=%v, want %v %.2f %v\n%s", tt.name, r.Match, r.Score, r.IdentifierDecided, tt.match, tt.score, tt.byIdent, r.Explain())
		}
		if !strings.Contains(r.Explain(), tt.reasonPart) {
			t.Errorf("%s: explanation lacks %q:\n%s", tt.name, tt.reasonPart, r.Explain())
		}
	}
	// aliases: the best pair counts
	p1 := Candidate{Schema: Person, Names: []string{"J. Doe", "Сергей Кисляк"}}
	p2 := Candidate{Schema: Person, Names: []string{"Sergey Kislyak", "Someone Else"}}
	if r := CompareEntities(p1, p2); !r.Match || r.Decision != DecisionReview {
		t.Errorf("alias comparison: got %v %q, want a match for review\n%s", r.Match, r.Decision, r.Explain())
	}
}

func TestExplain(t *testing.T) {
	r := Compare("Attorney General Jeff Sessions", "SESSIONS, Jefferson Beauregard", Person)
	ex := r.Explain()
	for _, want := range []string{
		`"Jeff" ↔ "Jefferson": nickname (0.90)`,
		`"Sessions" ↔ "SESSIONS": exact (1.00)`,
		`titles removed from the first name: "Attorney", "General"`,
		`"SURNAME, Given"`,
		"review",
		"person matched by name only",
	} {
		if !strings.Contains(ex, want) {
			t.Errorf("explanation lacks %q:\n%s", want, ex)
		}
	}
	sum := 0.0
	for _, p := range r.Parts {
		sum += p.Contribution
	}
	if d := sum - r.Score; d > 0.02 || d < -0.02 {
		t.Errorf("contributions add up to %.2f, score is %.2f", sum, r.Score)
	}
	r = Compare("Deutsche Bank AG", "Deutsche Bank GmbH", Company)
	if ex := r.Explain(); !strings.Contains(ex, "legal form differs") || !strings.Contains(ex, "no match") {
		t.Errorf("legal-form explanation missing:\n%s", ex)
	}
	r = Compare("Alexandr Lukashnko", "Alexander Lukashenko", Person)
	if ex := r.Explain(); !strings.Contains(ex, "typo, 1 edit") {
		t.Errorf("typo explanation missing:\n%s", ex)
	}
	r = Compare("Сергей Кисляк", "Sergey Kislyak", Person)
	if ex := r.Explain(); !strings.Contains(ex, "transliterat") {
		t.Errorf("transliteration explanation missing:\n%s", ex)
	}
}

func TestTypoBudget(t *testing.T) {
	tests := []struct{ n, want int }{{1, 0}, {2, 0}, {3, 1}, {4, 1}, {5, 1}, {6, 1}, {7, 2}, {9, 2}, {20, 2}}
	for _, tt := range tests {
		if got := typoBudget(tt.n); got != tt.want {
			t.Errorf("typoBudget(%d) = %d, want %d", tt.n, got, tt.want)
		}
	}
	if d := osa("luakshenko", "lukashenko", 2); d != 1 {
		t.Errorf("osa transposition = %d, want 1", d)
	}
	if d := osa("abc", "xyz", 1); d != 2 {
		t.Errorf("osa cut-off = %d, want 2", d)
	}
}

func TestNicknameTable(t *testing.T) {
	tests := []struct{ a, b string }{
		{"jeff", "jefferson"}, {"bob", "robert"}, {"bill", "william"}, {"bibi", "benjamin"},
		{"sasha", "aleksandr"}, {"sasha", "alexander"}, {"dima", "dmitriy"}, {"paco", "francisco"},
		{"peggy", "margaret"}, {"hans", "johannes"}, {"bob", "rob"},
	}
	for _, tt := range tests {
		if _, _, got := nicknameGroupShared(nickGroups[skeleton(tt.a)], nickGroups[skeleton(tt.b)]); !got {
			t.Errorf("nickname(%q, %q) = false, want true", tt.a, tt.b)
		}
	}
	for _, tt := range []struct{ a, b string }{{"friedrich", "frederick"}, {"juan", "john"}, {"giuseppe", "joseph"}, {"giovanni", "john"}} {
		if _, cross, got := nicknameGroupShared(nickGroups[skeleton(tt.a)], nickGroups[skeleton(tt.b)]); !got || !cross {
			t.Errorf("cross-language(%q, %q) = %v, %v, want true, true", tt.a, tt.b, got, cross)
		}
	}
	for _, p := range [][2]string{{"boris", "benjamin"}, {"john", "james"}, {"allison", "addison"}} {
		if _, _, got := nicknameGroupShared(nickGroups[skeleton(p[0])], nickGroups[skeleton(p[1])]); got {
			t.Errorf("nickname(%q, %q) = true, want false", p[0], p[1])
		}
	}
	if len(nickCanon) < 1200 {
		t.Errorf("given-name tables have %d groups, want at least 1200", len(nickCanon))
	}
}

// BenchmarkCompare times Compare on raw names (parsing both, aligning,
// scoring, explaining).
func BenchmarkCompare(b *testing.B) { benchCompare(b, benchPairs) }

// benchCompare times Compare over pairs of (name, name, schema), in CPU
// time of the benchmark's thread as well.
func benchCompare(b *testing.B, pairs [][3]string) {
	b.ReportAllocs()
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	c0 := threadCPU()
	i := 0
	for b.Loop() {
		p := pairs[i%len(pairs)]
		Compare(p[0], p[1], Schema(p[2]))
		i++
	}
	reportCPU(b, c0, i)
}

// reportCPU reports the CPU time per operation of the benchmark's thread
// since c0: on a shared machine ns/op also counts the waits for a core.
func reportCPU(b *testing.B, c0 time.Duration, ops int) {
	if c := threadCPU() - c0; c > 0 && ops > 0 {
		b.ReportMetric(float64(c.Nanoseconds())/float64(ops), "cpu-ns/op")
	}
}

var benchPairs = [][3]string{
	{"Attorney General Jeff Sessions", "SESSIONS, Jefferson Beauregard", "Person"},
	{"Сергей Иванович Кисляк", "Sergey Kislyak", "Person"},
	{"Deutsche Bank (Schweiz) AG", "Deutsche Bank Aktiengesellschaft", "Company"},
	{"Alexandr Lukashnko", "Alexander Lukashenko", "Person"},
	{"TACTICAL MISSILES CORPORATION JOINT STOCK COMPANY", "JSC TACTICAL MISSILES CORP.", "Company"},
	{"Smith John", "Jon Smyth", "Person"},
	{"김정은", "Kim Jong-un", "Person"},
	{"习近平", "Xi Jinping", "Person"},
}

// BenchmarkParse times parsing both names of a pair.
func BenchmarkParse(b *testing.B) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	c0 := threadCPU()
	i := 0
	for b.Loop() {
		p := benchPairs[i%len(benchPairs)]
		Parse(p[0], Schema(p[2]))
		Parse(p[1], Schema(p[2]))
		i++
	}
	reportCPU(b, c0, i)
}

// BenchmarkCompareParsed times the comparison of already parsed names,
// as the index does for its candidates.
func BenchmarkCompareParsed(b *testing.B) {
	ns := make([][2]Name, len(benchPairs))
	for i, p := range benchPairs {
		ns[i][0] = Parse(p[0], Schema(p[2]))
		ns[i][1] = Parse(p[1], Schema(p[2]))
	}
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	c0 := threadCPU()
	i := 0
	for b.Loop() {
		CompareNames(&ns[i%len(ns)][0], &ns[i%len(ns)][1])
		i++
	}
	reportCPU(b, c0, i)
}

// TestTypingSlips: names keyed in by hand, garbled by a neighbouring key, a
// doubled, dropped or swapped letter, match as typos even with two such
// slips in a short word; two different given names of the tables, or a
// short word with another first letter, do not. Invented names.
func TestTypingSlips(t *testing.T) {
	tests := []struct {
		a, b  string
		match bool
	}{
		{"Maren Holt", "Mareb Holt", true},         // n/b: neighbouring keys
		{"Petra Voss", "Petra Vods", true},         // s/d
		{"Petra Voss", "Petra Vosx", true},         // s/x, one letter in four
		{"Nadine Kessler", "Nadine Kesslrr", true}, // e/r
		{"Tomas Brandl", "Tomas Brandk", true},     // l/k
		{"Irene Gobbel", "Irene Gobex", true},      // one b typed once and l/x… an edit and a slip in six
		{"Lukas Fenner", "Lukas Fennre", true},     // swapped
		{"Lorna Pratt", "Lorna Prsatt", true},      // a neighbouring key added
		{"Joanne Tibbs", "Joanne Tibbz", true},     // an ordinary typo still
		{"Allison Grant", "Addison Grant", false},  // two given names of the tables
		{"Marie Lund", "Mario Lund", false},        // idem (and masculine/feminine)
		{"Rhona Hill", "Rhona Gill", false},        // another first letter in a short word
		{"Rhona Kane", "Rhona Lane", false},        // idem, neighbouring keys though
		{"Olaf Schulze", "Olaf Scholz", false},     // two plain edits in six letters
		{"Petra Voss", "Petra Vogt", false},        // two plain edits in four letters
		{"Teodor Marsh", "Teodor Walsh", false},
	}
	for _, tt := range tests {
		r := Compare(tt.a, tt.b, Person)
		if r.Match != tt.match {
			t.Errorf("Compare(%q, %q).Match = %v (%.2f), want %v\n%s", tt.a, tt.b, r.Match, r.Score, tt.match, r.Explain())
		}
	}
}

func TestKeyboardDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int // half edits
	}{
		{"voss", "voss", 0},
		{"voss", "vosd", 1}, // s/d neighbours
		{"voss", "vosp", 2}, // s/p are not
		{"voss", "vos", 1},  // a double typed once
		{"vos", "voss", 1},
		{"holt", "hlot", 1},    // swapped
		{"lauren", "laufn", 3}, // r/f and a dropped e
		{"abcdef", "uvwxyz", 5},
	}
	for _, tt := range tests {
		if got := keyboardDistance(tt.a, tt.b, 4); got != tt.want {
			t.Errorf("keyboardDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
	if !adjacentKeys('r', 'f') || !adjacentKeys('f', 'r') || !adjacentKeys('s', 'x') || adjacentKeys('q', 'p') || adjacentKeys('a', 'a') {
		t.Error("adjacentKeys: wrong neighbours on the QWERTY layout")
	}
}

// TestAliasMarkers: a name field that carries another name after "a.k.a.",
// "aka", "alias", "f.k.a." or "also known as" (as sanctions lists write
// them) matches either name; the marker alone, or a name that merely
// contains the letters, is not split. Invented names.
func TestAliasMarkers(t *testing.T) {
	tests := []struct {
		a, b  string
		match bool
	}{
		{"Yusuf Abdallah Haddad a.k.a. Abu Hamza", "Abu Hamza", true},
		{"Yusuf Abdallah Haddad (a.k.a. Abu Hamza)", "Yusuf Abdallah Haddad", true},
		{"Yusuf Haddad AKA Abu Hamza al-Masri", "Abu Hamza al-Masri", true},
		{"Yusuf Haddad alias Abu Hamza", "Abu Hamza", true},
		{"Northwind Shipping Ltd f.k.a. Eastgate Maritime Ltd", "Eastgate Maritime Ltd", true},
		{"Yusuf Haddad a/k/a Abu Hamza", "Abu Hamza", true},
		{"Yusuf Haddad a.k.a. Abu Hamza", "Omar Khalil", false},
		{"Yusuf Haddad also known as Abu Hamza", "Abu Hamza", true},
	}
	for _, tt := range tests {
		schema := Person
		if strings.Contains(tt.a, "Ltd") {
			schema = Company
		}
		r := Compare(tt.a, tt.b, schema)
		if r.Match != tt.match {
			t.Errorf("Compare(%q, %q).Match = %v (%.2f), want %v\n%s", tt.a, tt.b, r.Match, r.Score, tt.match, r.Explain())
		}
	}
	for _, tt := range []struct {
		in   string
		want int // alternatives besides the whole name
	}{
		{"Yusuf Haddad a.k.a. Abu Hamza", 2},
		{"Yusuf Haddad a.k.a. Abu Hamza a.k.a. Abu Musa", 3},
		{"Aka Hiroshi", 0},   // a name, no second name
		{"Hiroshi Aka", 0},   // idem
		{"Akaev Askar", 0},   // the letters inside a word
		{"Balias Kostas", 0}, // idem
		{"Al-Qaida/Islamic Army", 2},
	} {
		if got := len(splitAlternates(tt.in)) - 1; got != tt.want {
			t.Errorf("splitAlternates(%q) = %q: %d alternatives, want %d", tt.in, splitAlternates(tt.in), got, tt.want)
		}
	}
}
