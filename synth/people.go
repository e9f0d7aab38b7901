package synth

import (
	"math/rand/v2"
	"strings"
	"unicode/utf8"
)

// culture is the naming tradition a person's names are drawn from. It
// decides the tables, the order of the parts, the script and which aliases
// are realistic.
type culture uint8

const (
	english culture = iota
	hispanic
	german
	french
	italian
	russian
	greek
	arabic
	chinese
	indian
	nCultures
)

// generalWeights and coveredWeights are the shares of the cultures among
// persons at large and among covered persons (U.S. officials, judges and
// lawyers), in percent.
var (
	generalWeights = [nCultures]int{36, 14, 6, 6, 4, 8, 3, 8, 8, 7}
	coveredWeights = [nCultures]int{62, 12, 3, 2, 4, 2, 2, 3, 4, 6}
)

func drawCulture(r *rand.Rand, w *[nCultures]int) culture {
	n := r.IntN(100)
	for c, p := range w {
		if n < p {
			return culture(c)
		}
		n -= p
	}
	return english
}

// latinTables are the tables of the cultures written in Latin script.
type latinTables struct{ male, female, surnames []string }

var latinCultures = map[culture]latinTables{
	english:  {englishMale, englishFemale, englishSurnames},
	hispanic: {hispanicMale, hispanicFemale, hispanicSurnames},
	german:   {germanMale, germanFemale, germanSurnames},
	french:   {frenchMale, frenchFemale, frenchSurnames},
	italian:  {italianMale, italianFemale, italianSurnames},
	indian:   {indianMale, indianFemale, indianSurnames},
}

// person is a generated person's name as indexes into the tables of its
// culture; it holds no strings of its own, so computing one is cheap enough
// to redo wherever a record needs it.
type person struct {
	culture culture
	female  bool
	native  bool // the primary name is in the culture's own script
	given   int  // given name, or first syllable (Chinese)
	middle  int  // middle name, father's name (Russian, Arabic), second syllable (Chinese); -1 for none
	surname int
	second  int // second (maternal) surname, Hispanic only; -1 for none
	suffix  int // index into englishSuffixes
	adopted int // English given name a Chinese person also uses; -1 for none
}

func (p person) givenCount() int {
	switch p.culture {
	case russian:
		return len(sexed(p.female, russianMale, russianFemale))
	case greek:
		return len(sexed(p.female, greekMale, greekFemale))
	case arabic:
		return len(sexed(p.female, arabicMale, arabicFemale))
	case chinese:
		return len(sexed(p.female, chineseMaleSyllables, chineseFemaleSyllables))
	}
	t := latinCultures[p.culture]
	return len(sexed(p.female, t.male, t.female))
}

func surnameCount(c culture) int {
	switch c {
	case russian:
		return len(russianSurnames)
	case greek:
		return len(greekSurnames)
	case arabic:
		return len(arabicFamilies)
	case chinese:
		return len(chineseSurnames)
	}
	return len(latinCultures[c].surnames)
}

func sexed[T any](female bool, male, fem []T) []T {
	if female {
		return fem
	}
	return male
}

// takesSpouseSurname says in which cultures a spouse commonly takes the
// other's surname.
func takesSpouseSurname(c culture) bool {
	switch c {
	case english, german, french, russian, greek, indian:
		return true
	}
	return false
}

// hasSpouse reports whether covered person i is married (to person
// covered+i).
func (g *generator) hasSpouse(i int) bool { return g.chance(tagSpouse, i, 70) }

// childCount is how many children covered person i has among persons
// 2·covered+2i and 2·covered+2i+1.
func (g *generator) childCount(i int) int { return int(g.hash(tagChildren, i) % 3) }

// person computes person j's name. Spouses and children of covered persons,
// and the second partner of an ordinary household, derive theirs from their
// relative's, which is computed first (one level deep: covered persons and
// first partners depend on nobody).
func (g *generator) person(j int) person {
	lay := &g.lay
	var base person
	relative := 0 // 1 spouse, 2 child
	switch c := lay.covered; {
	case j >= c && j < 2*c && g.hasSpouse(j-c):
		base, relative = g.person(j-c), 1
	case j >= 2*c && j < 4*c && (j-2*c)%2 < g.childCount((j-2*c)/2):
		base, relative = g.person((j-2*c)/2), 2
	case j >= lay.ordinary && (j-lay.ordinary)%10 == 1:
		base, relative = g.person(j-1), 1
	}
	r := g.stream(g.names, tagPersonName, j)
	p := person{middle: -1, second: -1, adopted: -1}
	switch {
	case relative == 1 && r.IntN(5) != 0:
		p.culture = base.culture
	case relative == 2:
		p.culture = base.culture
	case j < lay.covered:
		p.culture = drawCulture(r, &coveredWeights)
	default:
		p.culture = drawCulture(r, &generalWeights)
	}
	switch {
	case relative == 1:
		p.female = !base.female
		if r.IntN(20) == 0 {
			p.female = base.female
		}
	case j < lay.covered:
		p.female = r.IntN(100) < 38
	default:
		p.female = r.IntN(2) == 0
	}
	p.given = skewed(r, p.givenCount())
	p.surname = skewed(r, surnameCount(p.culture))
	if relative != 0 && p.culture == base.culture {
		switch {
		case relative == 2:
			p.surname = base.surname
		case takesSpouseSurname(p.culture) && r.IntN(10) < 7:
			p.surname = base.surname
		}
	}
	switch p.culture {
	case english:
		if r.IntN(100) < 45 {
			p.middle = skewed(r, p.givenCount())
		}
		if !p.female && r.IntN(25) == 0 {
			p.suffix = 1 + r.IntN(len(englishSuffixes)-1)
		}
	case hispanic:
		p.second = skewed(r, len(hispanicSurnames))
		if r.IntN(4) == 0 {
			p.second = -1
		}
		if relative == 2 && base.second >= 0 && r.IntN(2) == 0 {
			p.second = base.second
		}
	case indian:
		if r.IntN(100) < 40 {
			if p.female {
				p.middle = 6 + r.IntN(3)
			} else {
				p.middle = r.IntN(6)
			}
		}
	case russian:
		p.middle = r.IntN(len(russianMale))
		p.native = r.IntN(100) < 40
	case greek:
		p.native = r.IntN(100) < 40
	case arabic:
		if r.IntN(100) < 60 {
			p.middle = skewed(r, len(arabicMale))
			if !p.female && p.middle == p.given {
				p.middle = (p.middle + 1) % len(arabicMale)
			}
		}
		p.native = r.IntN(100) < 30
	case chinese:
		if r.IntN(100) < 70 {
			p.middle = r.IntN(p.givenCount())
		}
		p.native = r.IntN(100) < 15
		if r.IntN(100) < 15 {
			p.adopted = skewed(r, len(sexed(p.female, englishMale, englishFemale)))
		}
	}
	if relative == 2 && !base.female && (p.culture == russian || p.culture == arabic) {
		// The father's name: a child of a covered man carries his given name.
		p.middle = base.given
	}
	return p
}

// latin returns the given name and surname in Latin script, as a campaign
// sign or an English-language title would write them.
func (p person) latin() (given, surname string) {
	switch p.culture {
	case russian:
		return cyrLatin(sexed(p.female, russianMale, russianFemale)[p.given], cyrPress),
			cyrLatin(p.russianSurname(), cyrPress)
	case greek:
		return greekLatin(sexed(p.female, greekMale, greekFemale)[p.given]), greekLatin(p.greekSurname())
	case arabic:
		return sexed(p.female, arabicMale, arabicFemale)[p.given].latin[0], arabicFamilies[p.surname].latin[0]
	case chinese:
		return p.pinyinGiven(""), chineseSurnames[p.surname].pinyin
	}
	t := latinCultures[p.culture]
	return sexed(p.female, t.male, t.female)[p.given], t.surnames[p.surname]
}

func (p person) russianSurname() string {
	s := russianSurnames[p.surname]
	if p.female {
		return russianFeminine(s)
	}
	return s
}

func (p person) greekSurname() string {
	if p.female {
		return greekSurnames[p.surname].female
	}
	return greekSurnames[p.surname].male
}

// pinyinGiven joins the syllables of a Chinese given name: "Xiaoming", or
// with sep "-" the older "Xiao-ming".
func (p person) pinyinGiven(sep string) string {
	syl := sexed(p.female, chineseMaleSyllables, chineseFemaleSyllables)
	first := syl[p.given].pinyin
	if p.middle < 0 {
		return first
	}
	return first + sep + strings.ToLower(syl[p.middle].pinyin)
}

// russianFeminine derives the feminine form of a Russian surname
// (Иванов → Иванова, Вишневский → Вишневская); others do not change.
func russianFeminine(s string) string {
	switch {
	case strings.HasSuffix(s, "ий"):
		return strings.TrimSuffix(s, "ий") + "ая"
	case strings.HasSuffix(s, "ой"):
		return strings.TrimSuffix(s, "ой") + "ая"
	case strings.HasSuffix(s, "ов"), strings.HasSuffix(s, "ев"), strings.HasSuffix(s, "ёв"),
		strings.HasSuffix(s, "ин"), strings.HasSuffix(s, "ын"):
		return s + "а"
	}
	return s
}

// irregularPatronymics are the fathers' names whose patronymic does not
// follow the rules in patronymic.
var irregularPatronymics = map[string][2]string{
	"Пётр": {"Петрович", "Петровна"}, "Павел": {"Павлович", "Павловна"},
	"Михаил": {"Михайлович", "Михайловна"}, "Дмитрий": {"Дмитриевич", "Дмитриевна"},
}

// patronymic derives the Russian patronymic from the father's given name
// (Сергей → Сергеевич/Сергеевна, Юрий → Юрьевич, Иван → Иванович).
func patronymic(father string, female bool) string {
	if p, ok := irregularPatronymics[father]; ok {
		if female {
			return p[1]
		}
		return p[0]
	}
	var stem, m, f string
	switch {
	case strings.HasSuffix(father, "ий"):
		stem, m, f = strings.TrimSuffix(father, "ий"), "ьевич", "ьевна"
	case strings.HasSuffix(father, "й"), strings.HasSuffix(father, "ь"):
		_, size := utf8.DecodeLastRuneInString(father)
		stem, m, f = father[:len(father)-size], "евич", "евна"
	default:
		stem, m, f = father, "ович", "овна"
	}
	if female {
		return stem + f
	}
	return stem + m
}

// names renders a person's primary name and aliases in the ways registers,
// disclosure forms and the press write them: nicknames, "LAST, First",
// middle initials, other scripts and transliterations, missing accents.
func (p person) names(r *rand.Rand) (name string, aliases []string) {
	add := func(a string) {
		if a != "" && a != name {
			for _, b := range aliases {
				if a == b {
					return
				}
			}
			aliases = append(aliases, a)
		}
	}
	switch p.culture {
	case english:
		t := latinCultures[english]
		given, sur := sexed(p.female, t.male, t.female)[p.given], t.surnames[p.surname]
		suffix := ""
		if p.suffix > 0 {
			suffix = " " + englishSuffixes[p.suffix]
		}
		mid := ""
		if p.middle >= 0 {
			m := sexed(p.female, t.male, t.female)[p.middle]
			if r.IntN(5) == 0 {
				mid = m
			} else {
				mid = m[:1] + "."
			}
		}
		if mid != "" {
			name = given + " " + mid + " " + sur + suffix
			if r.IntN(2) == 0 {
				add(given + " " + sur + suffix)
			}
		} else {
			name = given + " " + sur + suffix
		}
		if nicks := englishNicknames[given]; len(nicks) > 0 && r.IntN(3) == 0 {
			add(pick(r, nicks) + " " + sur)
		}
		if r.IntN(7) == 0 {
			a := strings.ToUpper(sur) + ", " + given
			if mid != "" {
				a += " " + mid[:1] + "."
			}
			add(a)
		}
	case hispanic:
		t := latinCultures[hispanic]
		given, sur := sexed(p.female, t.male, t.female)[p.given], t.surnames[p.surname]
		name = given + " " + sur
		if p.second >= 0 {
			second := t.surnames[p.second]
			name += " " + second
			if r.IntN(2) == 0 {
				add(given + " " + sur)
			}
			if r.IntN(8) == 0 {
				add(sur + " " + second + ", " + given)
			}
		}
		if !isASCII(name) && r.IntN(10) < 4 {
			add(accentFolder.Replace(name))
		}
	case german:
		t := latinCultures[german]
		given, sur := sexed(p.female, t.male, t.female)[p.given], t.surnames[p.surname]
		name = given + " " + sur
		if !isASCII(name) && r.IntN(2) == 0 {
			add(umlautWriter.Replace(name))
		}
		if r.IntN(12) == 0 {
			add("Dr. " + name)
		}
		if r.IntN(10) == 0 {
			add(sur + ", " + given)
		}
	case french:
		t := latinCultures[french]
		given, sur := sexed(p.female, t.male, t.female)[p.given], t.surnames[p.surname]
		name = given + " " + sur
		if r.IntN(5) == 0 {
			add(strings.ToUpper(sur) + " " + given)
		}
		if !isASCII(name) && r.IntN(10) < 3 {
			add(accentFolder.Replace(name))
		}
		if strings.Contains(given, "-") && r.IntN(10) < 3 {
			add(strings.ReplaceAll(given, "-", " ") + " " + sur)
		}
	case italian:
		t := latinCultures[italian]
		given, sur := sexed(p.female, t.male, t.female)[p.given], t.surnames[p.surname]
		name = given + " " + sur
		if strings.ContainsAny(sur, " '") && r.IntN(10) < 4 {
			add(given + " " + strings.NewReplacer(" ", "", "'", "").Replace(sur))
		}
		if r.IntN(10) == 0 {
			add(sur + ", " + given)
		}
	case indian:
		t := latinCultures[indian]
		given, sur := sexed(p.female, t.male, t.female)[p.given], t.surnames[p.surname]
		if p.middle >= 0 {
			mid := indianMiddle[p.middle]
			name = given + " " + mid + " " + sur
			if r.IntN(10) < 3 {
				add(given[:1] + ". " + mid[:1] + ". " + sur)
			}
			if r.IntN(10) < 4 {
				add(given + " " + sur)
			}
		} else {
			name = given + " " + sur
		}
		if r.IntN(10) == 0 {
			add(sur + ", " + given)
		}
	case russian:
		given := sexed(p.female, russianMale, russianFemale)[p.given]
		sur := p.russianSurname()
		patr := patronymic(russianMale[p.middle], p.female)
		cyr := given + " " + patr + " " + sur
		press := cyrLatin(given, cyrPress) + " " + cyrLatin(sur, cyrPress)
		if p.native {
			name = cyr
			add(press)
			if r.IntN(4) == 0 {
				add(sur + " " + given + " " + patr)
			}
			if r.IntN(5) == 0 {
				add(cyrLatin(given+" "+patr+" "+sur, cyrPress))
			}
		} else {
			name = press
			if r.IntN(10) < 7 {
				add(cyr)
			}
		}
		if r.IntN(10) < 4 {
			add(cyrLatin(given+" "+sur, cyrICAO))
		}
		if r.IntN(10) == 0 {
			add(cyrLatin(given+" "+sur, cyrGerman))
		}
	case greek:
		greekName := sexed(p.female, greekMale, greekFemale)[p.given] + " " + p.greekSurname()
		if p.native {
			name = greekName
			add(greekLatin(greekName))
		} else {
			name = greekLatin(greekName)
			if r.IntN(10) < 6 {
				add(greekName)
			}
		}
	case arabic:
		given := sexed(p.female, arabicMale, arabicFemale)[p.given]
		fam := arabicFamilies[p.surname]
		latinName := func(variant bool) string {
			choose := func(n arabicName) string {
				if variant {
					return pick(r, n.latin)
				}
				return n.latin[0]
			}
			s := choose(given)
			if p.middle >= 0 {
				s += " " + choose(arabicMale[p.middle])
			}
			return s + " " + choose(fam)
		}
		script := given.script
		if p.middle >= 0 {
			script += " " + arabicMale[p.middle].script
		}
		script += " " + fam.script
		if p.native {
			name = script
			add(latinName(false))
		} else {
			name = latinName(false)
			if r.IntN(10) < 6 {
				add(script)
			}
		}
		if r.IntN(2) == 0 {
			add(latinName(true))
		}
		if p.middle >= 0 && r.IntN(10) < 3 {
			add(given.latin[0] + " " + fam.latin[0])
		}
	case chinese:
		syl := sexed(p.female, chineseMaleSyllables, chineseFemaleSyllables)
		sur := chineseSurnames[p.surname]
		han := sur.han + syl[p.given].han
		if p.middle >= 0 {
			han += syl[p.middle].han
		}
		given := p.pinyinGiven("")
		eastern, western := sur.pinyin+" "+given, given+" "+sur.pinyin
		switch {
		case p.native:
			name = han
			add(eastern)
		case r.IntN(10) < 6:
			name = eastern
			if r.IntN(10) < 6 {
				add(western)
			}
		default:
			name = western
			add(eastern)
		}
		if !p.native && r.IntN(2) == 0 {
			add(han)
		}
		if p.middle >= 0 && r.IntN(100) < 15 {
			add(sur.pinyin + " " + p.pinyinGiven("-"))
		}
		if p.adopted >= 0 {
			add(sexed(p.female, englishMale, englishFemale)[p.adopted] + " " + sur.pinyin)
		}
	}
	return name, aliases
}
