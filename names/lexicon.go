package names

import "strings"

// This file holds the word lists the parser interprets: titles and
// honorifics, name particles, legal forms, generic organisation words,
// country qualifiers and number words. They are compiled for this project
// from general knowledge of English, German, French, Spanish, Russian and
// Arabic naming and company-law conventions; the legal forms follow the
// designations in the company laws of the respective countries as listed in
// ISO 20275 (Entity Legal Forms) and the GLEIF ELF code list, abbreviated to
// the spellings seen in registers and sanctions lists.

// setOf builds a lookup set from space-separated words.
func setOf(words string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// titlesAnywhere are honorifics removed wherever they stand in a person's
// name: they are never given names or surnames in practice. "Haji" and
// "Sheikh" are honorifics (pilgrimage, tribal/religious rank) that lists
// add or omit freely.
var titlesAnywhere = setOf(`mr mrs ms mx miss messrs dr drs prof professor senator hon
honorable honourable rev reverend revd sheikh shaikh sheik shaykh cheikh sheykh haji hajji hadji
alhaji alhaj alhajji hajj mullah mulla ayatollah hojatoleslam monsieur mme madame mlle mademoiselle
herr frau sig signor signora sra srta dott ing dipl mag phd md esq esquire`)

// titlesLeading are words that are titles only at the start of a name
// ("President Erdoğan", "Attorney General Jeff Sessions"): elsewhere they
// can be names (General, Major, King, Prince are also surnames; Sen as in
// Hun Sen, Amartya Sen).
var titlesLeading = setOf(`sen rep sir dame lord lady president pres prasident praesident presidente presidential
vice prime minister premier chancellor ambassador amb general gen lt lieutenant col colonel maj major
capt captain cmdr commander cdr adm admiral brig brigadier sgt sergeant cpl corporal pvt private marshal
field gov governor mayor judge justice chief secretary attorney king queen prince princess emir
crown duke duchess count countess baron baroness earl father fr sister brother saint pope cardinal
bishop archbishop rabbi imam deputy chairman chairwoman chairperson chair director ceo cfo coo founder
congressman congresswoman councillor councilman councilwoman assemblyman assemblywoman mp mep
speaker leader commissioner ayatullah grand supreme general-secretary`)

// titleConnectors may stand between or before leading titles ("then-Sen.",
// "Secretary of State", "former Prime Minister", "U.S. Attorney").
var titleConnectors = setOf(`then former ex acting of the state us u s federal foreign defence defense
interior finance justice national general chief deputy vice executive`)

// suffixes are generational suffixes and post-nominals removed from persons.
var suffixes = setOf(`jr jnr junior sr snr senior ii iii iv obe mbe cbe kbe`)

// particles are name particles: articles, patronymic and nobiliary links
// (al-, bin, ibn, van, von, de). They carry little weight in scoring.
var particles = setOf(`al el ul bin ibn ben bint binti bte ould de da di do dos das del della dei du
des van von der den ter ten la le lo zu af av y e und mac`)

// particleClass maps spelling variants of a particle to one form so that
// "Isa Ben Tarif" matches "Isa Bin Tarif".
var particleClass = map[string]string{
	"bin": "bin", "ibn": "bin", "ben": "bin", "b": "bin",
	"bint": "bint", "binti": "bint", "bte": "bint",
	"al": "al", "el": "al", "ul": "al",
	"van": "van", "von": "van",
	"de": "de", "di": "de", "da": "de", "do": "de",
}

// nasabParticles mark Arabic-style genealogical names, whose parts are
// listed in varying order (Mohammed bin Salman, bin Salman Mohammed).
var nasabParticles = setOf(`bin ibn ben bint binti bte ould abu`)

// orgStopwords carry almost no weight in organisation names.
var orgStopwords = setOf(`the of and for in on at to a an de del della la le les der die das und et y e i du des da do dos van von`)

// orgGeneric are generic organisation words: present in so many names that
// they weigh little, and interchangeable with each other.
var orgGeneric = setOf(`company co corporation corp group grp holding holdings hldgs companies cos
international enterprises enterprise`)

// orgGenericEquivalent lists generic words that are synonyms of each other.
var orgGenericEquivalent = setOf(`company co corporation corp companies cos`)

// orgAbbreviations expands common abbreviations in organisation names.
var orgAbbreviations = map[string]string{
	"co": "company", "corp": "corporation", "intl": "international", "natl": "national",
	"assn": "association", "assoc": "association", "bros": "brothers", "mfg": "manufacturing",
	"dept": "department", "univ": "university", "inst": "institute", "grp": "group",
	"hldgs": "holdings", "ctr": "center", "centre": "center", "svcs": "services", "sys": "systems",
	"govt": "government", "mgmt": "management", "dev": "development", "ind": "industries",
	"inds": "industries", "tech": "technology", "techs": "technologies", "cos": "companies",
	"min": "ministry", "comm": "committee", "org": "organization", "organisation": "organization",
	"soc": "society", "fdn": "foundation", "ltd": "ltd",
}

// countryWords are country and region names used as qualifiers in
// organisation names ("Deutsche Bank (Schweiz) AG", "Faberlic Europe").
// Source: ISO 3166 English short names and common endonyms.
var countryWords = setOf(`afghanistan albania algeria america americas andorra angola argentina armenia
asia australia austria azerbaijan bahrain bangladesh belarus belgium bolivia bosnia brazil britain
bulgaria cambodia cameroon canada chile china colombia congo croatia cuba cyprus czech czechia denmark
deutschland egypt emirates england estonia ethiopia europe european finland france georgia germany ghana
greece hellas hong kong hungary iceland india indonesia iran iraq ireland israel italia italy japan
jordan kazakhstan kenya korea kosovo kuwait kyrgyzstan latvia lebanon libya lithuania luxembourg
macedonia malaysia mali malta mexico moldova monaco mongolia montenegro morocco myanmar nederland
netherlands nigeria norway oman pakistan palestine panama peru philippines poland portugal qatar
romania russia rossii rossiya saudi schweiz scotland serbia singapore slovakia slovenia somalia
spain espana sudan rossiya rossii rossiyskoy rf zhongguo nippon polska ukraina osterreich svizzera suisse sweden switzerland syria taiwan tajikistan tanzania thailand tunisia turkey
turkiye turkmenistan uae uganda uk ukraine usa us uzbekistan venezuela vietnam wales yemen zimbabwe
africa african asian arabia gulf middle east eastern western northern southern latin global worldwide
eu emea apac gb cis`)

// countryCanon maps endonyms and adjectival forms of some countries to one
// English name, so that "Sberbank of Russia" matches "Sberbank Rossii".
var countryCanon = map[string]string{
	"rossii": "russia", "rossiya": "russia", "rossiyskoy": "russia", "rf": "russia",
	"deutschland": "germany", "schweiz": "switzerland", "suisse": "switzerland", "svizzera": "switzerland",
	"espana": "spain", "italia": "italy", "nederland": "netherlands", "hellas": "greece",
	"turkiye": "turkey", "britain": "uk", "gb": "uk", "england": "uk", "us": "usa", "america": "usa",
	"zhongguo": "china", "nippon": "japan", "polska": "poland", "ukraina": "ukraine", "osterreich": "austria",
}

// vesselPrefixes are ship-type prefixes ("MV Hellenic Spirit").
var vesselPrefixes = setOf(`mv mt ms ss fv mfv hms uss rv sv my mts mss lng lpg`)

// LegalKind groups legal forms that are legally alike, so that a private
// limited company (LLC, GmbH, Ltd, OOO) is distinguished from a stock
// corporation (AG, SA, JSC, PLC) or a non-profit.
type LegalKind string

// Kinds of legal form.
const (
	KindLimited     LegalKind = "limited liability company"
	KindStock       LegalKind = "stock corporation"
	KindPartnership LegalKind = "partnership"
	KindNonProfit   LegalKind = "non-profit organisation"
	KindState       LegalKind = "state enterprise"
)

// LegalForm is a canonical legal form: a code such as "AG" or "LLC" and its
// kind.
type LegalForm struct {
	Code string
	Kind LegalKind
	Raw  string // as written in the name
	norm string // normalised words joined
}

// legalPhrases maps normalised phrases (tokens joined by spaces) to a
// canonical code; legalKinds gives each code's kind.
var legalPhrases = map[string]string{
	// English
	"llc": "LLC", "l l c": "LLC", "limited liability company": "LLC", "limited liability co": "LLC",
	"ltd": "LTD", "limited": "LTD", "pty ltd": "LTD", "pty limited": "LTD", "private limited company": "LTD",
	"proprietary limited": "LTD", "pvt ltd": "LTD", "ltda": "LTD", "co ltd": "LTD", "company limited": "LTD",
	"plc": "PLC", "public limited company": "PLC",
	"inc": "INC", "incorporated": "INC",
	"lp": "LP", "limited partnership": "LP", "llp": "LLP", "limited liability partnership": "LLP",
	"jsc": "JSC", "joint stock company": "JSC", "joint stock co": "JSC", "stock company": "JSC",
	"ojsc": "OJSC", "open joint stock company": "OJSC", "cjsc": "CJSC", "closed joint stock company": "CJSC",
	"pjsc": "PJSC", "public joint stock company": "PJSC", "jsc public": "PJSC",
	// Russian and CIS (transliterated)
	"ooo": "LLC", "obshchestvo s ogranichennoy otvetstvennostyu": "LLC", "tov": "LLC", "too": "LLC",
	"tovarystvo z obmezhenoyu vidpovidalnistyu": "LLC",
	"ao": "JSC", "aktsionernoe obshchestvo": "JSC", "aktsionernoye obshchestvo": "JSC",
	"oao": "OJSC", "otkrytoe aktsionernoe obshchestvo": "OJSC", "zao": "CJSC", "zakrytoe aktsionernoe obshchestvo": "CJSC",
	"pao": "PJSC", "publichnoe aktsionernoe obshchestvo": "PJSC", "pat": "PJSC", "prat": "CJSC",
	"ano": "ANO", "avtonomnaya nekommercheskaya organizatsiya": "ANO", "nko": "ANO",
	"fgup": "GUP", "gup": "GUP", "mup": "GUP", "federalnoe gosudarstvennoe unitarnoe predpriyatie": "GUP",
	"gosudarstvennoe unitarnoe predpriyatie": "GUP",
	// German
	"ag": "AG", "aktiengesellschaft": "AG", "gmbh": "GMBH", "gesellschaft mit beschrankter haftung": "GMBH",
	"kg": "KG", "kommanditgesellschaft": "KG", "gmbh and co kg": "KG", "gmbh co kg": "KG", "ohg": "OHG",
	"kgaa": "KGAA", "ev": "EV", "eingetragener verein": "EV", "se": "SE", "ug": "GMBH",
	// French, Spanish, Italian, Portuguese, Romanian
	"sa": "SA", "societe anonyme": "SA", "sociedad anonima": "SA", "sa de cv": "SA", "sociedade anonima": "SA",
	"sarl": "SARL", "societe a responsabilite limitee": "SARL", "sas": "SAS", "societe par actions simplifiee": "SAS",
	"snc": "SNC", "sl": "SL", "sociedad limitada": "SL", "sociedad de responsabilidad limitada": "SRL",
	"srl": "SRL", "societa a responsabilita limitata": "SRL", "societatea cu raspundere limitata": "SRL",
	"spa": "SPA", "societa per azioni": "SPA",
	// Dutch, Nordic, Central European, Asian
	"bv": "BV", "besloten vennootschap": "BV", "nv": "NV", "naamloze vennootschap": "NV",
	"ab": "AB", "aktiebolag": "AB", "asa": "ASA", "oy": "OY", "oyj": "OYJ", "aps": "APS", "a s": "AS",
	"as": "AS", "aksjeselskap": "AS", "aktieselskab": "AS", "akciova spolecnost": "AS", "aktsiaselts": "AS",
	"sp z oo": "SPZOO", "sp z o o": "SPZOO", "spolka z ograniczona odpowiedzialnoscia": "SPZOO",
	"sro": "SRO", "s r o": "SRO", "spol s r o": "SRO", "kft": "KFT", "zrt": "ZRT", "doo": "DOO", "d o o": "DOO",
	"kk": "KK", "kabushiki kaisha": "KK", "pte ltd": "LTD", "sdn bhd": "SDNBHD", "bhd": "BHD", "tbk": "TBK",
	// further English and American forms
	"pllc": "LLC", "p l l c": "LLC", "pty": "LTD", "private limited": "LTD", "pvt": "LTD",
	"public company limited": "PLC", "pcl": "PLC",
	// Latin America, Iberia (Mexico, Peru, Brazil, Argentina, Chile)
	"s de rl": "SRL", "s de rl de cv": "SRL", "sab de cv": "SA", "sapi de cv": "SA", "saa": "SA", "sac": "SA",
	"cia ltda": "LTD", "eireli": "LTD", "eirl": "LTD", "sociedad anonima cerrada": "SA", "spa chile": "SA",
	// France, Benelux, Germany, Austria
	"sasu": "SAS", "eurl": "SARL", "bvba": "BV", "mbh": "GMBH", "gesmbh": "GMBH", "ges m b h": "GMBH",
	"vof": "VOF", "gie": "GIE", "sca": "SCA",
	// Nordic, Baltic, Central and South-East Europe
	"ehf": "LTD", "ou": "LTD", "sia": "LTD", "uab": "LTD", "spolka akcyjna": "SA", "sp j": "SPJ",
	"d d": "DD", "a d": "DD", "ood": "LTD", "eood": "LTD", "nyrt": "ZRT",
	// Turkey, the Gulf, Egypt
	"anonim sirketi": "SA", "limited sirketi": "LTD", "ltd sti": "LTD", "wll": "LLC", "w l l": "LLC",
	"fze": "LLC", "fzco": "LLC", "fz llc": "LLC", "fzc": "LLC", "spc": "LLC", "saog": "JSC", "saoc": "JSC",
	"qsc": "JSC", "qpsc": "JSC", "bsc": "JSC", "ksc": "JSC", "kscp": "JSC", "psc": "JSC", "sae": "SA",
	// Japan and Korea (romanised, and as the Han and Hangul words read by the transliterator)
	"kabushikigaisha": "KK", "kabushiki gaisha": "KK", "godo kaisha": "GK", "yugen kaisha": "LTD",
	"zhu shi hui she": "KK", "you xian hui she": "LTD", "he tong hui she": "GK",
	"joo sik hoe sa": "JSC", "ju sik hoe sa": "JSC", "jusikhoesa": "JSC", "chusikhoesa": "JSC",
	"yoo han hoe sa": "LTD", "yu han hoe sa": "LTD",
	// China (Mandarin pinyin, as 有限公司 and 股份有限公司 read), Vietnam, Indonesia
	"you xian gong si": "LTD", "you xian ze ren gong si": "LTD", "gu fen you xian gong si": "JSC",
	"youxian gongsi": "LTD", "gufen youxian gongsi": "JSC",
	"cong ty tnhh": "LLC", "tnhh": "LLC", "cong ty co phan": "JSC", "pt": "LTD", "persero": "GUP",
}

// legalKinds gives the kind of each canonical legal form code.
var legalKinds = map[string]LegalKind{
	"LLC": KindLimited, "LTD": KindLimited, "GMBH": KindLimited, "SARL": KindLimited, "SL": KindLimited,
	"SRL": KindLimited, "BV": KindLimited, "APS": KindLimited, "SPZOO": KindLimited, "SRO": KindLimited,
	"KFT": KindLimited, "DOO": KindLimited, "SDNBHD": KindLimited, "OY": KindLimited,
	"PLC": KindStock, "INC": KindStock, "JSC": KindStock, "OJSC": KindStock, "CJSC": KindStock,
	"PJSC": KindStock, "AG": KindStock, "SA": KindStock, "SAS": KindStock, "SPA": KindStock, "NV": KindStock,
	"AB": KindStock, "ASA": KindStock, "OYJ": KindStock, "AS": KindStock, "KK": KindStock, "SE": KindStock,
	"ZRT": KindStock, "BHD": KindStock, "TBK": KindStock, "KGAA": KindStock,
	"LP": KindPartnership, "LLP": KindPartnership, "KG": KindPartnership, "OHG": KindPartnership,
	"SNC": KindPartnership,
	"ANO": KindNonProfit, "EV": KindNonProfit,
	"GUP": KindState,
	"GK":  KindLimited, "DD": KindStock, "VOF": KindPartnership, "SPJ": KindPartnership,
	"SCA": KindPartnership, "GIE": KindPartnership,
}

// legalNames gives a readable expansion for explanations.
var legalNames = map[string]string{
	"LLC": "limited liability company", "LTD": "limited company", "GMBH": "Gesellschaft mit beschränkter Haftung",
	"AG": "Aktiengesellschaft", "JSC": "joint-stock company", "OJSC": "open joint-stock company",
	"CJSC": "closed joint-stock company", "PJSC": "public joint-stock company", "PLC": "public limited company",
	"INC": "incorporated", "SA": "société anonyme / sociedad anónima", "SRL": "società/societate a responsabilità limitată",
	"ANO": "autonomous non-profit organisation", "GUP": "state unitary enterprise", "SPZOO": "spółka z o.o.",
	"KK": "kabushiki kaisha (stock company)", "GK": "gōdō kaisha (limited liability company)",
	"DD": "dioničko društvo / akcionarsko društvo (stock company)",
}

// legalShortAmbiguous are legal-form abbreviations that are also ordinary
// words or name parts; they are taken as legal forms only at the start or
// end of a name.
var legalShortAmbiguous = setOf(`ag sa se ab as ao ev kg sl bv nv oy co a s ug too pat tov kk spa doo tbk
sac ou sia pt pty pvt sca gie vof a d d d saa`)

// legalMaxWords is the longest legal-form phrase in words.
const legalMaxWords = 6

// numberWords maps English number words (cardinal and ordinal) to values.
var numberWords = map[string]int{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
	"eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
	"fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
	"thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
	"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
	"ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
	"fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
	"twentieth": 20, "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60, "seventieth": 70,
	"eightieth": 80, "ninetieth": 90, "hundred": 100, "hundredth": 100, "thousand": 1000,
}

// romanNumerals are Roman numerals read as numbers in organisation and
// vessel names ("Fund II"); "i" alone counts only after another word.
var romanNumerals = map[string]int{"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10, "xi": 11, "xii": 12}

// Word classes as bits, so that the parser looks each word up once.
const (
	lexTitleLead uint16 = 1 << iota
	lexTitleAny
	lexConnector
	lexSuffix
	lexParticle
	lexStop
	lexGeneric
	lexCountry
	lexLegalFirst
)

// lexBits maps a normalised word to its classes.
var lexBits = func() map[string]uint16 {
	m := make(map[string]uint16)
	for bit, set := range map[uint16]map[string]bool{
		lexTitleLead: titlesLeading, lexTitleAny: titlesAnywhere, lexConnector: titleConnectors,
		lexSuffix: suffixes, lexParticle: particles, lexStop: orgStopwords, lexGeneric: orgGeneric,
		lexCountry: countryWords,
	} {
		for w := range set {
			m[w] |= bit
		}
	}
	for ph := range legalPhrases {
		w, _, _ := strings.Cut(ph, " ")
		m[w] |= lexLegalFirst
	}
	return m
}()

// commonNameWeight is the weight of a very common given name or surname in
// a person's name, against 1 for any other name word: sharing "Smith" or
// "Mohammed" says less than sharing "Kislyak", and lacking it costs less.
const commonNameWeight = 0.8

// commonNames are given names and surnames borne by a large share of the
// people of their country or of the world (Smith, Garcia, Wang, Kim,
// Singh, Mohammed, Ivanov, Müller, Silva, Nguyen …), compiled from general
// knowledge of name frequencies. The index weighs words by their
// frequency among the names it holds; this list stands in for that when
// two names are compared alone.
var commonNames = setOf(`john james robert michael william david richard joseph thomas charles
christopher daniel matthew anthony mark paul george peter mary patricia jennifer linda elizabeth
barbara susan jessica sarah karen maria jose juan carlos luis antonio manuel francisco ana carmen
mohammed muhammad mohamed mohammad mohd ahmed ahmad ali hassan hussein husain abdul abdullah omar
ibrahim mahmoud fatima aisha wei li ming jing yan hui ying lei jun hong min xin raj ram anil sunil
rajesh amit priya anita sanjay vijay ivan sergey sergei alexander aleksandr vladimir dmitry andrey
andrei elena olga natalia anna tatiana irina
smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez
wilson anderson taylor moore jackson martin perez thompson white harris sanchez clark ramirez
lewis robinson walker young allen king wright scott torres nguyen hill flores green adams nelson
baker hall rivera campbell mitchell carter roberts wang zhang liu chen yang huang zhao wu zhou xu
sun ma zhu hu guo lin gao luo kim park choi jung kang cho yoon singh kumar sharma patel shah khan
hussain rahman islam ivanov smirnov kuznetsov popov petrov muller mueller schmidt schneider
fischer weber meyer wagner becker schulz hoffmann silva santos oliveira souza pereira costa
ferreira rossi russo ferrari esposito bianchi romano tanaka suzuki sato takahashi watanabe ito
yamamoto nakamura kobayashi tran pham hoang phan vu dang bui ngo duong`)
