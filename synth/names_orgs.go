package synth

// The tables in this file are the package's own lists of countries, public
// bodies, places, company name parts, legal forms and topics, written from
// general knowledge for realistic-looking synthetic records. No real company
// is meant; real public bodies are named because matters and positions name
// them.

// country is a government the generator can name, with the forms its name
// takes in English and in its own language.
type country struct {
	official  string // as written after "of": "the Russian Federation"
	short     string // "Russia"
	adjective string // "Russian"
	native    string // the official name in the country's language and script, if not English
}

var countries = []country{
	{"the United States of America", "United States", "U.S.", ""},
	{"the Russian Federation", "Russia", "Russian", "Российская Федерация"},
	{"the People's Republic of China", "China", "Chinese", "中华人民共和国"},
	{"the United Kingdom", "United Kingdom", "British", ""},
	{"the French Republic", "France", "French", "République française"},
	{"the Federal Republic of Germany", "Germany", "German", "Bundesrepublik Deutschland"},
	{"the Hellenic Republic", "Greece", "Greek", "Ελληνική Δημοκρατία"},
	{"the Kingdom of Saudi Arabia", "Saudi Arabia", "Saudi", "المملكة العربية السعودية"},
	{"the Arab Republic of Egypt", "Egypt", "Egyptian", "جمهورية مصر العربية"},
	{"the Republic of India", "India", "Indian", "भारत गणराज्य"},
	{"the United Mexican States", "Mexico", "Mexican", "Estados Unidos Mexicanos"},
	{"the Kingdom of Spain", "Spain", "Spanish", "Reino de España"},
	{"the Italian Republic", "Italy", "Italian", "Repubblica Italiana"},
	{"Japan", "Japan", "Japanese", "日本国"},
	{"Canada", "Canada", "Canadian", ""},
	{"the Federative Republic of Brazil", "Brazil", "Brazilian", "República Federativa do Brasil"},
	{"Ukraine", "Ukraine", "Ukrainian", "Україна"},
	{"the Republic of Türkiye", "Turkey", "Turkish", "Türkiye Cumhuriyeti"},
	{"the State of Israel", "Israel", "Israeli", "מדינת ישראל"},
	{"the State of Qatar", "Qatar", "Qatari", "دولة قطر"},
	{"the United Arab Emirates", "United Arab Emirates", "Emirati", "الإمارات العربية المتحدة"},
	{"the Republic of Kazakhstan", "Kazakhstan", "Kazakh", "Қазақстан Республикасы"},
	{"the Federal Republic of Nigeria", "Nigeria", "Nigerian", ""},
	{"the Republic of Korea", "South Korea", "Korean", "대한민국"},
	{"the Swiss Confederation", "Switzerland", "Swiss", "Schweizerische Eidgenossenschaft"},
	{"the Kingdom of the Netherlands", "Netherlands", "Dutch", "Koninkrijk der Nederlanden"},
	{"the Republic of Poland", "Poland", "Polish", "Rzeczpospolita Polska"},
	{"the Republic of Cyprus", "Cyprus", "Cypriot", "Κυπριακή Δημοκρατία"},
	{"the Bolivarian Republic of Venezuela", "Venezuela", "Venezuelan", "República Bolivariana de Venezuela"},
	{"the Republic of Belarus", "Belarus", "Belarusian", "Рэспубліка Беларусь"},
}

// bodyCat is what a government body is, which decides who holds positions
// there: DOJ lawyers and agents, judges, foreign diplomats.
type bodyCat uint8

const (
	catDOJ bodyCat = iota
	catExec
	catCourt
	catLegis
	catForeign
	catState
	catLocal
	nBodyCats
)

// body is a government body: its name, aliases, category and, for courts,
// the title of its judges.
type body struct {
	name    string
	aliases []string
	cat     bodyCat
	judge   string
	country int // index into countries
}

// headBodies are the bodies that come first, so that even a small data set
// has the Justice Department, a court and a foreign ministry.
var headBodies = []body{
	{name: "U.S. Department of Justice", aliases: []string{"DOJ", "Department of Justice", "Justice Department"}, cat: catDOJ},
	{name: "U.S. District Court for the District of Columbia", aliases: []string{"D.D.C."}, cat: catCourt, judge: "District Judge"},
	{name: "U.S. Department of State", aliases: []string{"State Department"}, cat: catExec},
	{name: "Ministry of Foreign Affairs of the Russian Federation", aliases: []string{"Министерство иностранных дел Российской Федерации", "МИД России", "Russian Foreign Ministry"}, cat: catForeign, country: 1},
	{name: "Federal Bureau of Investigation", aliases: []string{"FBI"}, cat: catDOJ},
	{name: "United States Senate", aliases: []string{"U.S. Senate", "Senate"}, cat: catLegis},
	{name: "Senate Committee on the Judiciary", aliases: []string{"Senate Judiciary Committee"}, cat: catLegis},
	{name: "Senate Committee on Armed Services", aliases: []string{"Senate Armed Services Committee", "SASC"}, cat: catLegis},
	{name: "Embassy of the Russian Federation in the United States", aliases: []string{"Посольство Российской Федерации в США", "Russian Embassy in Washington"}, cat: catForeign, country: 1},
	{name: "U.S. Court of Appeals for the Second Circuit", aliases: []string{"Second Circuit", "2d Cir."}, cat: catCourt, judge: "Circuit Judge"},
	{name: "U.S. Securities and Exchange Commission", aliases: []string{"SEC"}, cat: catExec},
	{name: "Drug Enforcement Administration", aliases: []string{"DEA"}, cat: catDOJ},
	{name: "Criminal Division, U.S. Department of Justice", aliases: []string{"DOJ Criminal Division"}, cat: catDOJ},
	{name: "Antitrust Division, U.S. Department of Justice", aliases: []string{"DOJ Antitrust Division"}, cat: catDOJ},
	{name: "National Security Division, U.S. Department of Justice", aliases: []string{"NSD"}, cat: catDOJ},
	{name: "Supreme Court of the United States", aliases: []string{"U.S. Supreme Court", "SCOTUS"}, cat: catCourt, judge: "Associate Justice"},
	{name: "U.S. Department of the Treasury", aliases: []string{"Treasury Department", "Treasury"}, cat: catExec},
	{name: "U.S. Department of Defense", aliases: []string{"DoD", "Pentagon"}, cat: catExec},
	{name: "U.S. Department of Health and Human Services", aliases: []string{"HHS"}, cat: catExec},
	{name: "U.S. Department of Commerce", aliases: []string{"Commerce Department"}, cat: catExec},
	{name: "U.S. Department of Energy", aliases: []string{"DOE"}, cat: catExec},
	{name: "Environmental Protection Agency", aliases: []string{"EPA"}, cat: catExec},
	{name: "Federal Trade Commission", aliases: []string{"FTC"}, cat: catExec},
	{name: "Federal Communications Commission", aliases: []string{"FCC"}, cat: catExec},
	{name: "Office of Government Ethics", aliases: []string{"OGE"}, cat: catExec},
	{name: "U.S. House of Representatives", aliases: []string{"House of Representatives"}, cat: catLegis},
	{name: "Senate Select Committee on Intelligence", aliases: []string{"SSCI"}, cat: catLegis},
	{name: "House Committee on the Judiciary", aliases: []string{"House Judiciary Committee"}, cat: catLegis},
	{name: "Bureau of Alcohol, Tobacco, Firearms and Explosives", aliases: []string{"ATF"}, cat: catDOJ},
	{name: "U.S. Marshals Service", aliases: []string{"USMS"}, cat: catDOJ},
	{name: "Office of Legal Counsel, U.S. Department of Justice", aliases: []string{"OLC"}, cat: catDOJ},
}

var circuits = []string{"First", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth", "Eleventh", "District of Columbia", "Federal"}

// districts are federal judicial districts; each gives a district court, a
// bankruptcy court and a U.S. Attorney's Office.
var districts = []string{
	"Southern District of New York", "Eastern District of Virginia", "Northern District of California",
	"Central District of California", "Northern District of Illinois", "Southern District of Florida",
	"District of Massachusetts", "Eastern District of New York", "District of New Jersey",
	"Eastern District of Pennsylvania", "Southern District of Texas", "Northern District of Texas",
	"Western District of Washington", "District of Maryland", "District of Colorado",
	"Northern District of Georgia", "Eastern District of Michigan", "District of Arizona",
	"District of Minnesota", "Middle District of Florida", "Eastern District of Louisiana",
	"Western District of Texas", "District of Oregon", "Southern District of Ohio",
	"Northern District of Ohio", "District of Nevada", "Eastern District of Missouri",
	"Western District of Pennsylvania", "Southern District of California", "District of Connecticut",
	"Southern District of Alabama", "Northern District of Alabama", "District of Utah",
}

var states = []string{
	"Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware",
	"Florida", "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky",
	"Louisiana", "Maine", "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi",
	"Missouri", "Montana", "Nebraska", "Nevada", "New Hampshire", "New Jersey", "New Mexico",
	"New York", "North Carolina", "North Dakota", "Ohio", "Oklahoma", "Oregon", "Pennsylvania",
	"Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas", "Utah", "Vermont",
	"Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming",
}

var stateAgencies = []string{
	"%s Department of Revenue", "Office of the %s Attorney General", "%s Department of Transportation",
	"%s Public Utility Commission", "%s Supreme Court", "%s State Senate", "%s Department of Health",
	"%s Department of Environmental Quality",
}

var cities = []string{
	"New York", "Los Angeles", "Chicago", "Houston", "Phoenix", "Philadelphia", "San Antonio",
	"San Diego", "Dallas", "Austin", "Jacksonville", "Columbus", "Charlotte", "Indianapolis",
	"San Francisco", "Seattle", "Denver", "Nashville", "Oklahoma City", "Boston", "Portland",
	"Las Vegas", "Detroit", "Memphis", "Louisville", "Baltimore", "Milwaukee", "Albuquerque",
	"Tucson", "Fresno", "Sacramento", "Atlanta", "Kansas City", "Omaha", "Raleigh", "Miami",
	"Minneapolis", "Tulsa", "Cleveland", "Wichita", "Arlington", "New Orleans", "Tampa",
	"Pittsburgh", "Cincinnati", "St. Louis", "Anchorage", "Mobile", "Birmingham", "Montgomery",
	"Richmond", "Norfolk", "Buffalo", "Rochester", "Spokane", "Boise", "Des Moines", "Madison",
	"Little Rock", "Salt Lake City", "Hartford", "Providence", "Charleston", "Savannah",
}

var localAgencies = []string{
	"%s City Council", "%s Police Department", "%s Housing Authority", "%s School District",
	"%s Port Authority", "%s Transit Authority", "%s Water District", "%s Planning Commission",
}

var foreignBodies = []string{
	"Ministry of Foreign Affairs of %s", "Embassy of %s in Washington", "Ministry of Finance of %s",
	"Ministry of Defence of %s", "Ministry of Justice of %s",
}

// bodyTitles are positions held in bodies of each category by people who
// are not covered: staff, diplomats, legislators.
var bodyTitles = [nBodyCats][]string{
	catDOJ:     {"Trial Attorney", "Special Agent", "Paralegal Specialist", "Intelligence Analyst", "Deputy Chief"},
	catExec:    {"Program Analyst", "Senior Advisor", "Policy Advisor", "Chief of Staff", "Economist", "Press Secretary"},
	catCourt:   {"Law Clerk", "Clerk of Court", "Court Reporter", "Staff Attorney"},
	catLegis:   {"member", "Legislative Assistant", "Chief of Staff", "Committee Counsel", "Senator", "Representative"},
	catForeign: {"Ambassador to the United States", "Deputy Chief of Mission", "Counselor", "First Secretary", "Minister", "Attaché", "Trade Representative"},
	catState:   {"Commissioner", "Director", "Deputy Director", "Inspector", "Assistant Attorney General"},
	catLocal:   {"Council Member", "Director", "Commissioner", "Chief", "Board Member"},
}

// coveredTitles are the positions of covered persons, by regime (courts name
// their judges' title themselves).
var (
	dojTitles = []string{"Assistant United States Attorney", "Trial Attorney", "Special Agent", "United States Attorney",
		"Deputy Assistant Attorney General", "Assistant Attorney General", "Chief of Staff", "Deputy Attorney General", "Attorney General"}
	executiveTitles = []string{"Program Manager", "Policy Analyst", "Contracting Officer", "Senior Advisor", "General Counsel",
		"Commissioner", "Assistant Secretary", "Deputy Secretary"}
	lawFirmTitles = []string{"Associate", "Senior Associate", "Of Counsel", "Partner", "Senior Counsel", "Managing Partner"}
)

// wordStems are company and fund name stems made of ordinary words.
var wordStems = []string{
	"Pacific", "Atlantic", "Northern", "Summit", "Pinnacle", "Blue Ridge", "Evergreen", "Granite",
	"Liberty", "Meridian", "Horizon", "Keystone", "Sterling", "Cardinal", "Redwood", "Lakeshore",
	"Frontier", "Harbor", "Silver Creek", "Ironwood", "Beacon", "Crescent", "Cascade", "Prairie",
	"Capitol", "Heritage", "Patriot", "Eagle", "Falcon", "Orion", "Atlas", "Apex", "Vertex", "Nova",
	"Zenith", "Polaris", "Sierra", "Delta", "Trident", "Bluewater", "Stonebridge", "Oakmont",
	"Riverside", "Northstar", "Westfield", "Highland", "Clearwater", "Silverline", "Greenfield",
	"Copperhead", "Sunrise", "Bayview", "Fairmont", "Kingsley", "Windward", "Magnolia", "Sequoia",
	"Aurora", "Phoenix", "Titan", "Monarch", "Sovereign", "Paragon", "Vanguard Hill", "Coastal",
}

// inventedHeads and inventedTails combine into invented brand names
// ("Veritron", "Omnigen").
var (
	inventedHeads = []string{"Acu", "Ame", "Bio", "Cor", "Data", "Ever", "Gen", "Info", "Inte", "Medi", "Nex",
		"Omni", "Pro", "Quan", "Syn", "Tele", "Tri", "Uni", "Vera", "Zen", "Navi", "Opti", "Alta",
		"Novo", "Veri", "Lumi", "Cura", "Terra", "Aero", "Hexa"}
	inventedTails = []string{"tek", "tron", "gen", "lytics", "via", "nix", "ora", "sys", "logic", "link",
		"wave", "path", "core", "dyne", "vance", "sphere", "ient", "aris", "cell", "max"}
)

// sectors are the English sector words of company names.
var sectors = []string{
	"Energy", "Oil & Gas", "Pharmaceuticals", "Biotech", "Health", "Medical", "Capital", "Financial",
	"Bancorp", "Insurance", "Holdings", "Industries", "Logistics", "Shipping", "Airlines", "Motors",
	"Steel", "Mining", "Chemicals", "Technologies", "Software", "Systems", "Networks",
	"Communications", "Media", "Foods", "Beverages", "Retail", "Realty", "Construction",
	"Engineering", "Defense", "Aerospace", "Semiconductor", "Telecom", "Utilities", "Agriculture",
	"Consulting", "Partners", "Group", "Pharma", "Ventures",
}

// legalForm is a legal form as companies write it, with the other ways the
// same form is written, which name matching has to treat as equal.
type legalForm struct {
	short string
	other []string
	front bool // the form goes before the name (ООО «…»)
}

// jurisdiction is where a company is incorporated: its legal forms, sector
// words in the local language, the word a foreign group uses for its local
// subsidiary, and whose surnames local company names use.
type jurisdiction struct {
	code    string
	weight  int
	forms   []legalForm
	sectors []string
	region  string
	culture culture
}

var jurisdictions = []jurisdiction{
	{"US", 46, []legalForm{{short: "Inc.", other: []string{"Incorporated", "Inc"}}, {short: "LLC", other: []string{"L.L.C."}},
		{short: "Corp.", other: []string{"Corporation", "Corp"}}, {short: "Co.", other: []string{"Company"}},
		{short: "L.P.", other: []string{"LP", "Limited Partnership"}}}, nil, "USA", english},
	{"GB", 10, []legalForm{{short: "Ltd", other: []string{"Limited", "Ltd."}}, {short: "PLC", other: []string{"plc", "Public Limited Company"}},
		{short: "LLP", other: []string{"Limited Liability Partnership"}}}, nil, "UK", english},
	{"DE", 9, []legalForm{{short: "GmbH", other: []string{"Gesellschaft mit beschränkter Haftung"}}, {short: "AG", other: []string{"Aktiengesellschaft"}},
		{short: "GmbH & Co. KG", other: []string{"GmbH & Co KG"}}, {short: "SE", other: []string{"Societas Europaea"}}},
		[]string{"Logistik", "Maschinenbau", "Versicherungen", "Energie", "Bau", "Chemie", "Handel", "Technik", "Immobilien", "Holding"}, "Deutschland", german},
	{"FR", 6, []legalForm{{short: "S.A.", other: []string{"SA", "Société anonyme"}}, {short: "SAS", other: []string{"S.A.S."}},
		{short: "SARL", other: []string{"S.A.R.L."}}},
		[]string{"Énergie", "Assurances", "Transports", "Industries", "Distribution", "Conseil", "Finance", "Immobilier"}, "France", french},
	{"ES", 4, []legalForm{{short: "S.A.", other: []string{"SA", "Sociedad Anónima"}}, {short: "S.L.", other: []string{"SL", "Sociedad Limitada"}}},
		[]string{"Energía", "Construcciones", "Inversiones", "Seguros", "Transportes", "Alimentos", "Inmobiliaria"}, "España", hispanic},
	{"MX", 4, []legalForm{{short: "S.A. de C.V.", other: []string{"SA de CV"}}, {short: "S. de R.L. de C.V.", other: []string{"S de RL de CV"}}},
		[]string{"Energía", "Construcciones", "Inversiones", "Comercial", "Transportes", "Alimentos"}, "México", hispanic},
	{"IT", 3, []legalForm{{short: "S.p.A.", other: []string{"SpA", "Società per azioni"}}, {short: "S.r.l.", other: []string{"Srl"}}},
		[]string{"Energia", "Costruzioni", "Assicurazioni", "Trasporti", "Alimentare", "Finanziaria"}, "Italia", italian},
	{"NL", 3, []legalForm{{short: "B.V.", other: []string{"BV"}}, {short: "N.V.", other: []string{"NV"}}}, nil, "Nederland", english},
	{"CH", 3, []legalForm{{short: "AG", other: []string{"SA", "Ltd"}}}, nil, "Schweiz", german},
	{"RU", 6, []legalForm{{short: "ПАО", other: []string{"PAO", "PJSC"}, front: true}, {short: "АО", other: []string{"AO", "JSC"}, front: true},
		{short: "ООО", other: []string{"OOO", "LLC"}, front: true}, {short: "ОАО", other: []string{"OAO", "OJSC"}, front: true}}, nil, "Rus", russian},
	{"CN", 6, []legalForm{{short: "Co., Ltd.", other: []string{"Company Limited", "Co. Ltd"}}, {short: "Group Co., Ltd.", other: []string{"Group Company Limited"}}}, nil, "China", chinese},
}

// russianStemHeads and russianStemTails form Russian company names
// ("Уралпром", "Волгаинвест"), transliterated for their Latin aliases.
var (
	russianStemHeads = []string{"Урал", "Сибир", "Волга", "Нева", "Техно", "Энерго", "Нефте", "Газ", "Агро",
		"Транс", "Строй", "Металл", "Росс", "Север", "Кама", "Дон", "Алмаз", "Лес"}
	russianStemTails = []string{"пром", "инвест", "ком", "сервис", "холдинг", "банк", "торг", "снаб", "газ", "нефть", "маш", "строй"}
)

// chineseStemChars form Chinese company names; chineseSectors are sector
// words with their characters ("Technology" 科技).
var (
	chineseStemChars = []hanzi{{"Hua", "华"}, {"Zhong", "中"}, {"Dong", "东"}, {"Nan", "南"}, {"Hai", "海"}, {"Jin", "金"},
		{"Xin", "新"}, {"Tian", "天"}, {"Heng", "恒"}, {"Chang", "长"}, {"Long", "龙"}, {"Hong", "宏"}, {"An", "安"},
		{"Rui", "瑞"}, {"Hui", "汇"}, {"Tai", "泰"}, {"Bo", "博"}, {"Yong", "永"}, {"Da", "达"}, {"Tong", "通"},
		{"Sheng", "盛"}, {"Xing", "兴"}, {"Yuan", "源"}, {"Kang", "康"}, {"Feng", "丰"}, {"Li", "利"}, {"De", "德"}}
	chineseSectors = []hanzi{{"Technology", "科技"}, {"Electronics", "电子"}, {"Pharmaceutical", "医药"}, {"Energy", "能源"},
		{"Trading", "贸易"}, {"Logistics", "物流"}, {"Investment", "投资"}, {"Industrial", "实业"}, {"Holdings", "控股"},
		{"Steel", "钢铁"}, {"Real Estate", "地产"}, {"Machinery", "机械"}, {"Chemical", "化工"}, {"Communications", "通信"}}
)

// fundKind is a kind of investment fund; diversified ones carry the
// diversified_fund flag, sector ones the sector_fund flag.
type fundKind struct {
	name        string
	diversified bool
}

var fundKinds = []fundKind{
	{"Total Stock Market Index Fund", true}, {"500 Index Fund", true}, {"Global Equity Fund", true},
	{"Balanced Fund", true}, {"Growth Fund", true}, {"Dividend Income Fund", true},
	{"International Value Fund", true}, {"Small-Cap Index Fund", true}, {"Target Retirement 2040 Fund", true},
	{"Energy Select Sector Fund", false}, {"Health Care Sector Fund", false}, {"Technology Sector Fund", false},
	{"Regional Banks Fund", false}, {"Utilities Sector Fund", false}, {"Defense & Aerospace Fund", false},
}

var fundFamilyWords = []string{"Funds", "Investments", "Asset Management", "Capital", "Advisors"}

// orgNames are the patterns of organisations other than law firms, by the
// subkind j%10 of the organisation's index (see orgSubkind); %s is filled
// from places, surnames or sectors.
var (
	universityPatterns = []string{"University of %s", "%s State University", "%s College", "%s Institute of Technology", "%s School of Law"}
	associationSectors = []string{"Petroleum", "Bankers", "Pharmaceutical Manufacturers", "Trial Lawyers", "Home Builders",
		"Broadcasters", "Manufacturers", "Realtors", "Chemical Producers", "Wireless Carriers", "Hospital", "Beverage"}
	thinkTankTopics = []string{"Public Policy", "Economic Research", "Strategic Studies", "Security Studies",
		"Governance", "Energy Policy", "Legal Reform", "Technology Policy", "International Affairs", "Justice"}
	causes       = []string{"Clean Government", "Open Courts", "Fair Elections", "Clean Water", "Consumer Rights", "Veterans", "Children's Health", "Free Speech"}
	paperNames   = []string{"Times", "Post", "Herald", "Tribune", "Chronicle", "Gazette", "Journal", "Observer", "Courier", "Sentinel"}
	unionSectors = []string{"Steelworkers", "Teachers", "Nurses", "Electrical Workers", "Teamsters", "Machinists", "Carpenters"}
)

// campaignOffices are the offices candidates run for, with the pattern of
// the campaign committee's name (%[1]s the full name, %[2]s the surname,
// %[3]d the year).
type campaignOffice struct {
	office   string
	patterns []string
}

var campaignOffices = []campaignOffice{
	{"President", []string{"%[1]s for President", "%[2]s for America", "%[2]s %[3]d", "Committee to Elect %[1]s"}},
	{"Senate", []string{"%[2]s for Senate", "Friends of %[1]s", "%[1]s for U.S. Senate", "%[2]s Victory Committee"}},
	{"House", []string{"%[2]s for Congress", "Friends of %[1]s", "People for %[2]s", "%[1]s for Congress"}},
	{"Governor", []string{"%[2]s for Governor", "Citizens for %[1]s", "%[2]s %[3]d"}},
	{"Mayor", []string{"%[2]s for Mayor", "Friends of %[1]s", "%[1]s for %[4]s"}},
	{"Attorney General", []string{"%[2]s for Attorney General", "Committee to Elect %[1]s"}},
}

// campaignRoles are the roles a person has in a campaign (28 CFR 45.2 names
// "principal adviser" and "surrogate" among the political relationships).
var campaignRoles = []string{"endorser", "principal adviser", "surrogate", "fundraiser", "volunteer", "chair", "national security adviser", "treasurer"}

// topics is the small vocabulary of matter topics; recusals by topic scope
// match against it.
var topics = []string{
	"antitrust", "securities fraud", "foreign influence", "export controls", "tax evasion",
	"environmental violations", "healthcare fraud", "public corruption", "immigration",
	"cybersecurity", "sanctions", "money laundering", "bankruptcy", "patent infringement",
	"labor practices", "government contracts", "election law", "energy regulation",
	"telecommunications", "opioid distribution", "bank fraud", "insider trading",
	"false claims", "bribery of foreign officials", "data privacy", "merger review",
	"campaign finance", "hacking", "trade secrets", "wire fraud",
}

// contactPlaces and contactContexts describe where and why people met.
var (
	contactPlaces = []string{
		"Washington, D.C.", "Senate office", "Mayflower Hotel, Washington", "Capitol Hill", "Department headquarters",
		"Republican National Convention, Cleveland", "Democratic National Convention, Philadelphia",
		"New York", "Moscow", "London", "Davos", "Munich Security Conference", "Embassy reception",
		"Trump Tower, New York", "Chicago", "Houston", "by telephone", "video call", "Miami", "Geneva",
	}
	contactContexts = []string{
		"meeting in the official's office", "reception after a speech", "conference side meeting",
		"working lunch", "telephone call", "fundraising dinner", "campaign event", "committee business",
		"courtesy visit", "bar association meeting", "trade delegation", "university lecture",
	}
	contactCapacityDetails = []string{
		"senator or campaign surrogate", "official or private capacity", "campaign adviser or board member",
		"personal friend or business partner",
	}
)

// jobTitles are roles in employment by companies and organisations.
var jobTitles = []string{
	"Chief Executive Officer", "Chief Financial Officer", "Chief Operating Officer", "Vice President",
	"General Counsel", "Director of Sales", "Engineer", "Analyst", "Manager", "Consultant", "Accountant",
	"Lobbyist", "Director", "Senior Manager", "Compliance Officer", "Research Fellow", "Professor", "Reporter",
}

// businessDetails describe business relationships between companies.
var businessDetails = []string{"supplier", "distributor", "joint venture", "licensing agreement", "customer", "contractor", "lender", "consulting contract"}
