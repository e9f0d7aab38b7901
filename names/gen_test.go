package names

import (
	"math/rand/v2"
	"strings"
	"unicode"
)

// nameGen generates deterministic synthetic entities in several cultures
// and scripts for index tests and benchmarks. Surnames and company words
// are built from syllables, so that a million entities have a realistic
// mix of shared and rare words.
type nameGen struct {
	r *rand.Rand
}

func newNameGen(seed uint64) *nameGen {
	return &nameGen{r: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func (g *nameGen) pick(xs []string) string { return xs[g.r.IntN(len(xs))] }

func (g *nameGen) word(syl []string, min, max int) string {
	n := min + g.r.IntN(max-min+1)
	var b strings.Builder
	for range n {
		b.WriteString(g.pick(syl))
	}
	return b.String()
}

func capitalise(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToUpper(r[0])
	return string(r)
}

var (
	genEnglishGiven = strings.Fields(`james john robert michael william david richard joseph thomas charles
christopher daniel matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george
timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty margaret
sandra ashley kimberly emily donna michelle carol amanda melissa deborah stephanie rebecca laura`)
	genGermanGiven = strings.Fields(`hans peter klaus wolfgang jurgen dieter uwe michael thomas andreas
stefan frank markus friedrich karl heinrich wilhelm ursula monika petra sabine renate helga gisela`)
	genSpanishGiven = strings.Fields(`jose juan luis carlos jorge manuel francisco antonio miguel pedro
alejandro fernando ricardo maria carmen ana isabel dolores pilar teresa rosa lucia elena`)
	genRuGiven = strings.Fields(`Александр Сергей Дмитрий Андрей Алексей Максим Евгений Иван Михаил
Николай Владимир Юрий Олег Павел Игорь Виктор Аркадий Елена Ольга Наталья Татьяна Ирина Светлана
Юлия Анна Мария Екатерина`)
	genRuSyl    = strings.Split("ко,ва,ле,ни,ро,ма,ше,ки,со,лов,ин,ев,ов,ен,ча,ту,ря,жу,ха,цы,бо,гу,зе,ми,пе,дя", ",")
	genRuEnd    = strings.Split("ов,ев,ин,ский,енко,ук,ко,ян,идзе", ",")
	genGrGiven  = strings.Fields(`Γιώργος Νίκος Κώστας Γιάννης Δημήτρης Μαρία Ελένη Κατερίνα Σοφία`)
	genGrSyl    = strings.Split("πα,πα,δο,πο,λο,νι,κο,ρα,μη,τσο,τα,κη,ου,λι,γε,ζα", ",")
	genArGiven  = strings.Fields(`محمد أحمد علي حسن حسين عمر خالد يوسف إبراهيم عبدالله فاطمة عائشة مريم`)
	genArSyl    = strings.Split("حم,دا,سل,ما,نو,ري,كا,ظم,شي,با,قا,سم,ها,شم,عز,يز", ",")
	genHyGiven  = strings.Fields(`Արամ Տիգրան Նիկոլ Արմեն Գագիկ Աննա Մարիամ`)
	genHySyl    = strings.Split("պա,շի,նյ,ան,սա,րգ,սյ,մի,քա,ել,յան,եան", ",")
	genKaGiven  = strings.Fields(`გიორგი დავით მიხეილ ნინო თამარ ლევან`)
	genKaSyl    = strings.Split("სა,აკა,შვი,ლი,ძე,ია,ავა,ნი,ბე,რი,კი", ",")
	genLatinSyl = strings.Split("an,ber,chen,da,el,fel,gar,har,ing,jo,kel,lin,mann,ner,os,per,quin,ros,sch,ter,ul,von,wal,xi,yor,zen,ley,son,ton,field", ",")
	genCoWords  = strings.Fields(`global national first united royal pacific atlantic northern capital
energy steel oil gas chemical shipping trading logistics mining metals finance investment systems
technologies industries pharma marine aviation motors foods textiles media telecom power resources`)
	genCoForms = []string{"LLC", "Ltd", "Inc.", "AG", "GmbH", "S.A.", "JSC", "OOO", "PLC", "Corporation", ""}
)

// entity generates one synthetic entity: its schema and aliases.
func (g *nameGen) entity() (Schema, []string) {
	switch k := g.r.IntN(100); {
	case k < 22:
		return Person, g.latinPerson(genEnglishGiven)
	case k < 30:
		return Person, g.latinPerson(genGermanGiven)
	case k < 38:
		return Person, g.latinPerson(genSpanishGiven)
	case k < 55:
		return Person, g.scriptPerson(genRuGiven, genRuSyl, genRuEnd)
	case k < 60:
		return Person, g.scriptPerson(genGrGiven, genGrSyl, []string{"ς", "ου", "ης", "ος"})
	case k < 68:
		return Person, g.scriptPerson(genArGiven, genArSyl, []string{"ي", "ان", ""})
	case k < 71:
		return Person, g.scriptPerson(genHyGiven, genHySyl, []string{"յան"})
	case k < 74:
		return Person, g.scriptPerson(genKaGiven, genKaSyl, []string{"შვილი", "ძე"})
	default:
		return Company, g.company()
	}
}

func (g *nameGen) latinPerson(given []string) []string {
	first := capitalise(g.pick(given))
	last := capitalise(g.word(genLatinSyl, 2, 3))
	middle := ""
	if g.r.IntN(3) == 0 {
		middle = capitalise(g.pick(given))
	}
	full := first + " " + last
	if middle != "" {
		full = first + " " + middle + " " + last
	}
	aliases := []string{full, strings.ToUpper(last) + ", " + first}
	if g.r.IntN(2) == 0 {
		aliases = append(aliases, first[:1]+". "+last)
	}
	return aliases
}

func (g *nameGen) scriptPerson(given, syl, ends []string) []string {
	first := g.pick(given)
	last := capitalise(g.word(syl, 1, 3) + g.pick(ends))
	native := first + " " + last
	latin := titleCase(Normalize(native))
	return []string{native, latin, last + " " + first}
}

func titleCase(s string) string {
	ws := strings.Fields(s)
	for i, w := range ws {
		ws[i] = capitalise(w)
	}
	return strings.Join(ws, " ")
}

func (g *nameGen) company() []string {
	core := capitalise(g.word(genLatinSyl, 2, 3))
	words := []string{core}
	if g.r.IntN(2) == 0 {
		words = append(words, capitalise(g.pick(genCoWords)))
	}
	if g.r.IntN(3) == 0 {
		words = append(words, capitalise(g.pick(genCoWords)))
	}
	form := g.pick(genCoForms)
	base := strings.Join(words, " ")
	full := strings.TrimSpace(base + " " + form)
	aliases := []string{full, strings.ToUpper(base)}
	if len(words) > 1 {
		aliases = append(aliases, strings.Join(words[:len(words)-1], " ")+" "+form)
	}
	return aliases
}

// typo introduces one edit in the longest word of a name.
func (g *nameGen) typo(name string) string {
	ws := strings.Fields(name)
	li := 0
	for i, w := range ws {
		if len([]rune(w)) > len([]rune(ws[li])) {
			li = i
		}
	}
	r := []rune(ws[li])
	if len(r) < 6 {
		return name
	}
	p := 1 + g.r.IntN(len(r)-2)
	switch g.r.IntN(3) {
	case 0: // substitute with a neighbour vowel
		r[p] = []rune("aeiou")[g.r.IntN(5)]
	case 1: // delete
		r = append(r[:p], r[p+1:]...)
	default: // transpose
		r[p], r[p+1] = r[p+1], r[p]
	}
	ws[li] = string(r)
	return strings.Join(ws, " ")
}
