package synth

// The tables in this file are the package's own compiled lists of common given
// names and surnames per culture, written from general knowledge (no data set
// was copied). They are ordered roughly from common to rare, and the generator
// draws with a skew towards the front, so that frequent names repeat the way
// they do in real registers: the name matcher must cope with many "John
// Smith"s and the screening engine with many same-name strangers.

// englishMale and the tables after it are the Latin-script cultures: given
// names by sex and surnames.
var englishMale = []string{
	"James", "John", "Robert", "Michael", "William", "David", "Richard", "Joseph", "Thomas",
	"Charles", "Christopher", "Daniel", "Matthew", "Anthony", "Mark", "Donald", "Steven", "Paul",
	"Andrew", "Joshua", "Kenneth", "Kevin", "Brian", "George", "Timothy", "Ronald", "Edward",
	"Jason", "Jeffrey", "Ryan", "Jacob", "Gary", "Nicholas", "Eric", "Jonathan", "Stephen",
	"Larry", "Justin", "Scott", "Brandon", "Benjamin", "Samuel", "Gregory", "Alexander", "Frank",
	"Patrick", "Raymond", "Jack", "Dennis", "Jerry", "Tyler", "Aaron", "Henry", "Douglas",
	"Peter", "Walter", "Harold", "Nathan", "Zachary", "Kyle", "Carl", "Arthur", "Gerald",
	"Roger", "Keith", "Lawrence", "Terry", "Albert", "Jefferson", "Franklin", "Theodore",
	"Frederick", "Alan", "Wesley", "Russell", "Clifford", "Vernon", "Dwight", "Mitchell",
}

var englishFemale = []string{
	"Mary", "Patricia", "Jennifer", "Linda", "Elizabeth", "Barbara", "Susan", "Jessica", "Sarah",
	"Karen", "Lisa", "Nancy", "Betty", "Margaret", "Sandra", "Ashley", "Kimberly", "Emily",
	"Donna", "Michelle", "Carol", "Amanda", "Dorothy", "Melissa", "Deborah", "Stephanie",
	"Rebecca", "Sharon", "Laura", "Cynthia", "Kathleen", "Amy", "Angela", "Shirley", "Anna",
	"Brenda", "Pamela", "Emma", "Nicole", "Helen", "Samantha", "Katherine", "Christine",
	"Debra", "Rachel", "Carolyn", "Janet", "Catherine", "Heather", "Diane", "Virginia", "Julie",
	"Joyce", "Victoria", "Olivia", "Kelly", "Christina", "Lauren", "Joan", "Evelyn", "Judith",
	"Megan", "Andrea", "Cheryl", "Hannah", "Jacqueline", "Martha", "Gloria", "Teresa",
	"Abigail", "Madison", "Frances", "Kathryn", "Alexandra", "Jeanne", "Valerie", "Marilyn",
}

var englishSurnames = []string{
	"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson", "Anderson",
	"Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark",
	"Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Hill", "Green",
	"Adams", "Baker", "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips",
	"Campbell", "Parker", "Evans", "Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook",
	"Rogers", "Morgan", "Peterson", "Cooper", "Reed", "Bailey", "Bell", "Kelly", "Howard",
	"Ward", "Cox", "Richardson", "Wood", "Watson", "Brooks", "Bennett", "Gray", "James",
	"Hughes", "Price", "Sanders", "Myers", "Long", "Ross", "Foster", "Powell", "Jenkins",
	"Perry", "Russell", "Sullivan", "Fisher", "Henderson", "Coleman", "Simmons", "Patterson",
	"Jordan", "Reynolds", "Hamilton", "Graham", "Wallace", "Cole", "West", "Stone", "Hayes",
	"O'Brien", "O'Connor", "McDonald", "McCarthy", "Fitzgerald", "Sinclair", "Whitaker",
	"Holloway", "Prescott", "Caldwell", "MacKenzie", "Van Buren", "Townsend", "Blackwell",
}

// englishNicknames maps a formal given name to the short forms people use in
// the press and on forms ("Bob Smith" for Robert Smith).
var englishNicknames = map[string][]string{
	"James": {"Jim", "Jimmy"}, "John": {"Jack", "Johnny"}, "Robert": {"Bob", "Rob", "Bobby"},
	"Michael": {"Mike"}, "William": {"Bill", "Will", "Billy"}, "David": {"Dave"},
	"Richard": {"Dick", "Rick", "Rich"}, "Joseph": {"Joe"}, "Thomas": {"Tom", "Tommy"},
	"Charles": {"Chuck", "Charlie"}, "Christopher": {"Chris"}, "Daniel": {"Dan", "Danny"},
	"Matthew": {"Matt"}, "Anthony": {"Tony"}, "Donald": {"Don"}, "Steven": {"Steve"},
	"Andrew": {"Andy", "Drew"}, "Joshua": {"Josh"}, "Kenneth": {"Ken", "Kenny"},
	"Timothy": {"Tim"}, "Ronald": {"Ron"}, "Edward": {"Ed", "Ted", "Eddie"}, "Jeffrey": {"Jeff"},
	"Jacob": {"Jake"}, "Nicholas": {"Nick"}, "Jonathan": {"Jon"}, "Stephen": {"Steve"},
	"Lawrence": {"Larry"}, "Benjamin": {"Ben"}, "Samuel": {"Sam"}, "Gregory": {"Greg"},
	"Alexander": {"Alex"}, "Patrick": {"Pat"}, "Raymond": {"Ray"}, "Douglas": {"Doug"},
	"Peter": {"Pete"}, "Nathan": {"Nate"}, "Zachary": {"Zach"}, "Theodore": {"Ted", "Teddy"},
	"Frederick": {"Fred"}, "Gerald": {"Jerry"}, "Albert": {"Al"}, "Jefferson": {"Jeff"},
	"Franklin": {"Frank"}, "Henry": {"Hank"}, "Walter": {"Walt"}, "Mitchell": {"Mitch"},
	"Patricia": {"Pat", "Patty"}, "Jennifer": {"Jen", "Jenny"}, "Elizabeth": {"Liz", "Beth", "Betsy"},
	"Barbara": {"Barb"}, "Susan": {"Sue"}, "Jessica": {"Jess"}, "Margaret": {"Peggy", "Maggie", "Meg"},
	"Kimberly": {"Kim"}, "Deborah": {"Debbie", "Deb"}, "Rebecca": {"Becky"}, "Cynthia": {"Cindy"},
	"Kathleen": {"Kathy"}, "Pamela": {"Pam"}, "Samantha": {"Sam"}, "Katherine": {"Kate", "Katie"},
	"Christine": {"Chris"}, "Catherine": {"Cathy", "Kate"}, "Victoria": {"Vicky", "Tori"},
	"Judith": {"Judy"}, "Abigail": {"Abby"}, "Alexandra": {"Alex"}, "Dorothy": {"Dot"},
	"Frances": {"Fran"}, "Kathryn": {"Kate"}, "Jacqueline": {"Jackie"}, "Teresa": {"Terri"},
	"Valerie": {"Val"}, "Stephanie": {"Steph"}, "Amanda": {"Mandy"}, "Melissa": {"Missy"},
}

// englishSuffixes are generational suffixes; index 0 means none.
var englishSuffixes = []string{"", "Jr.", "Sr.", "II", "III"}

var hispanicMale = []string{
	"José", "Juan", "Luis", "Carlos", "Jorge", "Miguel", "Pedro", "Manuel", "Francisco",
	"Antonio", "Javier", "Alejandro", "Fernando", "Ricardo", "Roberto", "Eduardo", "Raúl",
	"Sergio", "Andrés", "Diego", "Gabriel", "Rafael", "Héctor", "Óscar", "Pablo", "Enrique",
	"Arturo", "Ramón", "Jesús", "Alberto", "Juan Carlos", "José Luis", "Luis Miguel",
	"José Antonio", "Juan Pablo", "Ignacio", "Joaquín", "Gonzalo", "Rodrigo", "Emilio",
}

var hispanicFemale = []string{
	"María", "Ana", "Carmen", "Laura", "Isabel", "Rosa", "Lucía", "Elena", "Patricia", "Sofía",
	"Gabriela", "Mariana", "Valentina", "Daniela", "Alejandra", "Fernanda", "Claudia",
	"Verónica", "Adriana", "Beatriz", "Teresa", "Mónica", "Silvia", "Pilar", "Inés",
	"Guadalupe", "María José", "Ana María", "María Fernanda", "Marisol", "Paula", "Ximena",
}

var hispanicSurnames = []string{
	"García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez",
	"Ramírez", "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Reyes", "Morales", "Cruz",
	"Ortiz", "Gutiérrez", "Chávez", "Ramos", "Ruiz", "Álvarez", "Mendoza", "Castillo",
	"Jiménez", "Moreno", "Romero", "Herrera", "Medina", "Aguilar", "Vargas", "Castro",
	"Guzmán", "Fernández", "Muñoz", "Rojas", "Navarro", "Domínguez", "Vázquez", "Salazar",
	"Delgado", "Peña", "Ríos", "Núñez", "Márquez", "Cabrera", "Ibáñez", "de la Cruz", "del Río",
}

var germanMale = []string{
	"Thomas", "Michael", "Andreas", "Stefan", "Klaus", "Jürgen", "Wolfgang", "Peter", "Frank",
	"Uwe", "Hans", "Dieter", "Günter", "Horst", "Matthias", "Markus", "Christian", "Sebastian",
	"Tobias", "Jan", "Lukas", "Florian", "Felix", "Maximilian", "Karl-Heinz", "Hans-Peter",
	"Jörg", "Rüdiger", "Bernd", "Helmut",
}

var germanFemale = []string{
	"Sabine", "Petra", "Monika", "Ursula", "Andrea", "Claudia", "Susanne", "Birgit", "Renate",
	"Katrin", "Anja", "Julia", "Katharina", "Lena", "Anna", "Hannelore", "Gisela", "Brigitte",
	"Jutta", "Heike", "Stefanie", "Sophie", "Marie", "Charlotte", "Jördis", "Bärbel",
}

var germanSurnames = []string{
	"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
	"Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann",
	"Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt",
	"Werner", "Schmitz", "Krause", "Meier", "Lehmann", "Köhler", "Huber", "Kaiser", "Fuchs",
	"Jäger", "Weiß", "Groß", "Vogel", "Friedrich", "von Bülow", "Lorenz", "Baumann", "Franke",
}

var frenchMale = []string{
	"Jean", "Pierre", "Michel", "Philippe", "Alain", "Nicolas", "François", "Jacques", "Bernard",
	"Éric", "Laurent", "Christophe", "Olivier", "Thierry", "Patrick", "Julien", "Sébastien",
	"Antoine", "Mathieu", "Guillaume", "Jean-Pierre", "Jean-Luc", "Jean-Marc", "Jean-François",
	"Hervé", "Stéphane", "Frédéric", "Benoît", "Rémi", "Gérard",
}

var frenchFemale = []string{
	"Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Françoise", "Valérie", "Christine",
	"Sandrine", "Céline", "Sophie", "Camille", "Chloé", "Léa", "Manon", "Hélène", "Élodie",
	"Aurélie", "Brigitte", "Monique", "Anne-Marie", "Marie-Claire", "Geneviève", "Amélie",
	"Mathilde",
}

var frenchSurnames = []string{
	"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
	"Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "David", "Bertrand", "Roux", "Vincent",
	"Fournier", "Morel", "Girard", "André", "Lefèvre", "Mercier", "Dupont", "Lambert",
	"Bonnet", "François", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin",
	"Henry", "Roussel", "Perrin", "Morin", "Clément", "Gauthier", "Dumont", "Fontaine",
	"Chevalier", "Robin", "Masson", "Duval", "Lemaire", "de Villiers", "Le Goff", "Bérénger",
}

var italianMale = []string{
	"Giuseppe", "Giovanni", "Antonio", "Mario", "Luigi", "Francesco", "Angelo", "Vincenzo",
	"Pietro", "Salvatore", "Carlo", "Franco", "Domenico", "Bruno", "Paolo", "Michele",
	"Giorgio", "Alessandro", "Marco", "Luca", "Matteo", "Lorenzo", "Andrea", "Stefano",
	"Roberto", "Niccolò",
}

var italianFemale = []string{
	"Maria", "Anna", "Giuseppina", "Rosa", "Angela", "Giovanna", "Teresa", "Lucia", "Carmela",
	"Francesca", "Giulia", "Chiara", "Sara", "Martina", "Alessandra", "Elena", "Silvia",
	"Valentina", "Federica", "Paola",
}

var italianSurnames = []string{
	"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino",
	"Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo",
	"Lombardi", "Moretti", "Barbieri", "Fontana", "Santoro", "Mariani", "Rinaldi", "Caruso",
	"Ferrara", "Galli", "Martini", "Leone", "Longo", "Gentile", "Martinelli", "Vitale",
	"Lombardo", "Serra", "Coppola", "De Santis", "D'Angelo", "Di Stefano",
}

var indianMale = []string{
	"Rajesh", "Suresh", "Ramesh", "Mahesh", "Amit", "Anil", "Sunil", "Vijay", "Sanjay", "Rahul",
	"Arun", "Ravi", "Ajay", "Deepak", "Manoj", "Ashok", "Vikram", "Rohit", "Sachin", "Anand",
	"Prakash", "Krishna", "Arjun", "Aditya", "Nikhil", "Karthik", "Venkatesh", "Srinivas",
	"Gaurav", "Harish",
}

var indianFemale = []string{
	"Priya", "Sunita", "Anita", "Kavita", "Pooja", "Neha", "Anjali", "Deepa", "Lakshmi", "Meera",
	"Asha", "Rekha", "Shalini", "Divya", "Swati", "Aarti", "Nisha", "Geeta", "Radha", "Sneha",
	"Padma", "Usha", "Kiran", "Preeti", "Shreya",
}

// indianMiddle are the middle names that often stand between given name and
// surname ("Rajesh Kumar Sharma").
var indianMiddle = []string{"Kumar", "Prasad", "Chandra", "Nath", "Lal", "Mohan", "Kumari", "Devi", "Rani"}

var indianSurnames = []string{
	"Sharma", "Verma", "Gupta", "Singh", "Kumar", "Patel", "Shah", "Mehta", "Reddy", "Rao",
	"Nair", "Iyer", "Menon", "Pillai", "Joshi", "Desai", "Kulkarni", "Chopra", "Malhotra",
	"Kapoor", "Agarwal", "Bansal", "Banerjee", "Chatterjee", "Mukherjee", "Das", "Bose", "Sen",
	"Ghosh", "Khan", "Chaudhary", "Yadav", "Mishra", "Pandey", "Tiwari", "Srinivasan",
	"Krishnan", "Subramanian", "Venkataraman", "Bhat",
}

// russianMale and the Russian tables after it are in Cyrillic; the Latin
// forms are made by transliteration (see translit.go) in more than one
// scheme, as the press and passports do.
var russianMale = []string{
	"Александр", "Сергей", "Дмитрий", "Андрей", "Алексей", "Максим", "Евгений", "Иван",
	"Михаил", "Артём", "Николай", "Владимир", "Игорь", "Павел", "Олег", "Виктор", "Юрий",
	"Роман", "Денис", "Антон", "Борис", "Григорий", "Константин", "Анатолий", "Василий",
	"Геннадий", "Вадим", "Станислав", "Фёдор", "Пётр",
}

var russianFemale = []string{
	"Елена", "Ольга", "Наталья", "Татьяна", "Ирина", "Анна", "Мария", "Светлана", "Екатерина",
	"Юлия", "Анастасия", "Марина", "Людмила", "Галина", "Валентина", "Надежда", "Дарья",
	"Ксения", "Вера", "Любовь", "Алина", "Виктория", "Полина", "Софья", "Оксана",
}

// russianSurnames are in the masculine form; russianFeminine derives the
// feminine one (Иванов → Иванова).
var russianSurnames = []string{
	"Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов",
	"Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
	"Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
	"Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев", "Романов",
	"Воробьёв", "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв",
	"Гусев", "Киселёв", "Ильин", "Максимов", "Поляков", "Сорокин", "Виноградов", "Ковалёв",
	"Белов", "Медведев", "Антонов", "Тарасов", "Жуков", "Баранов", "Филиппов", "Комаров",
	"Давыдов", "Беляев", "Герасимов", "Богданов", "Осипов", "Сидоров", "Вишневский",
	"Ковальский", "Шевченко", "Бондаренко", "Кравченко", "Толстой", "Щербаков", "Чернышёв",
}

// greekMale and greekFemale are in Greek script; Latin forms are transliterated.
var greekMale = []string{
	"Γιώργος", "Δημήτρης", "Κωνσταντίνος", "Γιάννης", "Νίκος", "Παναγιώτης", "Βασίλειος",
	"Χρήστος", "Αθανάσιος", "Μιχάλης", "Ευάγγελος", "Σπύρος", "Αντώνης", "Ανδρέας",
	"Θεόδωρος", "Στέλιος", "Αλέξανδρος", "Πέτρος", "Σταύρος", "Ηλίας",
}

var greekFemale = []string{
	"Μαρία", "Ελένη", "Αικατερίνη", "Βασιλική", "Σοφία", "Αγγελική", "Γεωργία", "Δήμητρα",
	"Κωνσταντίνα", "Παρασκευή", "Ευαγγελία", "Χριστίνα", "Ιωάννα", "Αναστασία", "Δέσποινα",
	"Αθηνά", "Ειρήνη",
}

// greekSurname holds the masculine and feminine forms, which Greek does not
// derive by a simple rule.
type greekSurname struct{ male, female string }

var greekSurnames = []greekSurname{
	{"Παπαδόπουλος", "Παπαδοπούλου"}, {"Παπαγεωργίου", "Παπαγεωργίου"}, {"Οικονόμου", "Οικονόμου"},
	{"Βασιλείου", "Βασιλείου"}, {"Νικολάου", "Νικολάου"}, {"Γεωργίου", "Γεωργίου"},
	{"Ιωάννου", "Ιωάννου"}, {"Παπανικολάου", "Παπανικολάου"}, {"Αντωνίου", "Αντωνίου"},
	{"Κωνσταντίνου", "Κωνσταντίνου"}, {"Δημητρίου", "Δημητρίου"}, {"Παπαδάκης", "Παπαδάκη"},
	{"Αλεξίου", "Αλεξίου"}, {"Μακρής", "Μακρή"}, {"Καραγιάννης", "Καραγιάννη"}, {"Παππάς", "Παππά"},
	{"Αθανασίου", "Αθανασίου"}, {"Χριστοδούλου", "Χριστοδούλου"}, {"Πετρόπουλος", "Πετροπούλου"},
	{"Κωνσταντινίδης", "Κωνσταντινίδου"}, {"Σταματόπουλος", "Σταματοπούλου"},
	{"Λαμπράκης", "Λαμπράκη"}, {"Μαυρίδης", "Μαυρίδου"}, {"Αναγνώστου", "Αναγνώστου"},
	{"Γεωργιάδης", "Γεωργιάδου"}, {"Ζαχαρίου", "Ζαχαρίου"}, {"Κυριακίδης", "Κυριακίδου"},
	{"Βλάχος", "Βλάχου"}, {"Μπακογιάννης", "Μπακογιάννη"}, {"Ντούμας", "Ντούμα"},
}

// arabicName is a name with its usual Latin spellings (the first is the one
// used as primary) and its Arabic-script form.
type arabicName struct {
	latin  []string
	script string
}

var arabicMale = []arabicName{
	{[]string{"Mohammed", "Muhammad", "Mohamed", "Mohammad"}, "محمد"},
	{[]string{"Ahmed", "Ahmad"}, "أحمد"}, {[]string{"Ali"}, "علي"}, {[]string{"Omar", "Umar"}, "عمر"},
	{[]string{"Khalid", "Khaled"}, "خالد"}, {[]string{"Hassan", "Hasan"}, "حسن"},
	{[]string{"Hussein", "Husain", "Hussain"}, "حسين"}, {[]string{"Ibrahim", "Ebrahim"}, "إبراهيم"},
	{[]string{"Youssef", "Yusuf", "Yousef"}, "يوسف"}, {[]string{"Abdullah", "Abdallah"}, "عبدالله"},
	{[]string{"Mahmoud", "Mahmud"}, "محمود"}, {[]string{"Mustafa", "Mostafa"}, "مصطفى"},
	{[]string{"Tariq", "Tarek"}, "طارق"}, {[]string{"Karim", "Kareem"}, "كريم"},
	{[]string{"Samir", "Sameer"}, "سمير"}, {[]string{"Faisal", "Faysal"}, "فيصل"},
	{[]string{"Hamza", "Hamzah"}, "حمزة"}, {[]string{"Nasser", "Nasir"}, "ناصر"},
	{[]string{"Walid", "Waleed"}, "وليد"}, {[]string{"Saeed", "Said"}, "سعيد"},
	{[]string{"Rashid", "Rasheed"}, "راشد"}, {[]string{"Salem", "Salim"}, "سالم"},
	{[]string{"Adel", "Adil"}, "عادل"}, {[]string{"Majid", "Majed"}, "ماجد"}, {[]string{"Jamal", "Gamal"}, "جمال"},
}

var arabicFemale = []arabicName{
	{[]string{"Fatima", "Fatma", "Fatimah"}, "فاطمة"}, {[]string{"Aisha", "Aysha", "Aicha"}, "عائشة"},
	{[]string{"Maryam", "Mariam"}, "مريم"}, {[]string{"Layla", "Leila", "Laila"}, "ليلى"},
	{[]string{"Noor", "Nour"}, "نور"}, {[]string{"Zainab", "Zaynab"}, "زينب"},
	{[]string{"Huda", "Hoda"}, "هدى"}, {[]string{"Amira", "Ameera"}, "أميرة"}, {[]string{"Rania"}, "رانيا"},
	{[]string{"Salma", "Salmah"}, "سلمى"}, {[]string{"Yasmin", "Yasmeen", "Jasmin"}, "ياسمين"},
	{[]string{"Nadia", "Nadiya"}, "نادية"}, {[]string{"Samira", "Sameera"}, "سميرة"},
	{[]string{"Lina", "Leena"}, "لينا"}, {[]string{"Dina", "Deena"}, "دينا"}, {[]string{"Reem", "Rim"}, "ريم"},
	{[]string{"Mona", "Muna"}, "منى"},
}

var arabicFamilies = []arabicName{
	{[]string{"Al-Hashimi", "Al Hashemi", "Alhashimi"}, "الهاشمي"},
	{[]string{"Al-Masri", "El-Masry", "Almasri"}, "المصري"},
	{[]string{"Haddad", "Hadad"}, "حداد"}, {[]string{"Khoury", "Khouri", "Khuri"}, "خوري"},
	{[]string{"Al-Tamimi", "Al Tamimi", "Altamimi"}, "التميمي"},
	{[]string{"Al-Shammari", "Al Shamari", "Alshammari"}, "الشمري"},
	{[]string{"Al-Qahtani", "Al Kahtani", "Alqahtani"}, "القحطاني"},
	{[]string{"Al-Otaibi", "Al Otaiby", "Alotaibi"}, "العتيبي"},
	{[]string{"Al-Harbi", "Al Harby", "Alharbi"}, "الحربي"},
	{[]string{"Al-Zahrani", "Al Zahrany", "Alzahrani"}, "الزهراني"},
	{[]string{"Mansour", "Mansur", "Mansoor"}, "منصور"}, {[]string{"Saleh", "Salih"}, "صالح"},
	{[]string{"Abbas", "Abas"}, "عباس"}, {[]string{"Aziz", "Azeez"}, "عزيز"},
	{[]string{"Hamdan", "Hamdane"}, "حمدان"}, {[]string{"Darwish", "Darweesh"}, "درويش"},
	{[]string{"Farouk", "Farouq", "Faruq"}, "فاروق"}, {[]string{"Suleiman", "Sulaiman", "Soliman"}, "سليمان"},
	{[]string{"El-Sayed", "Al-Sayed", "Elsayed"}, "السيد"}, {[]string{"Jaber", "Jabir"}, "جابر"},
	{[]string{"Nasr", "Nasser"}, "نصر"}, {[]string{"Khalil", "Kalil"}, "خليل"},
}

// hanzi is a Chinese syllable or name with its pinyin (without tone marks,
// as passports and the Western press write it) and its characters.
type hanzi struct{ pinyin, han string }

var chineseSurnames = []hanzi{
	{"Wang", "王"}, {"Li", "李"}, {"Zhang", "张"}, {"Liu", "刘"}, {"Chen", "陈"}, {"Yang", "杨"},
	{"Huang", "黄"}, {"Zhao", "赵"}, {"Wu", "吴"}, {"Zhou", "周"}, {"Xu", "徐"}, {"Sun", "孙"},
	{"Ma", "马"}, {"Zhu", "朱"}, {"Hu", "胡"}, {"Guo", "郭"}, {"He", "何"}, {"Gao", "高"},
	{"Lin", "林"}, {"Luo", "罗"}, {"Zheng", "郑"}, {"Liang", "梁"}, {"Xie", "谢"}, {"Song", "宋"},
	{"Tang", "唐"}, {"Han", "韩"}, {"Feng", "冯"}, {"Deng", "邓"}, {"Cao", "曹"}, {"Peng", "彭"},
	{"Zeng", "曾"}, {"Xiao", "肖"}, {"Tian", "田"}, {"Dong", "董"}, {"Pan", "潘"}, {"Yuan", "袁"},
	{"Cai", "蔡"}, {"Jiang", "蒋"}, {"Yu", "余"}, {"Du", "杜"}, {"Ye", "叶"}, {"Cheng", "程"},
	{"Wei", "魏"}, {"Su", "苏"}, {"Lyu", "吕"}, {"Ding", "丁"}, {"Ren", "任"}, {"Shen", "沈"},
	{"Yao", "姚"}, {"Cui", "崔"}, {"Zhong", "钟"}, {"Tan", "谭"}, {"Fan", "范"}, {"Jin", "金"},
	{"Shi", "石"}, {"Fang", "方"}, {"Bai", "白"}, {"Meng", "孟"}, {"Qin", "秦"}, {"Qian", "钱"},
}

var chineseMaleSyllables = []hanzi{
	{"Wei", "伟"}, {"Qiang", "强"}, {"Lei", "磊"}, {"Jun", "军"}, {"Yong", "勇"}, {"Jie", "杰"},
	{"Tao", "涛"}, {"Ming", "明"}, {"Chao", "超"}, {"Hui", "辉"}, {"Peng", "鹏"}, {"Hua", "华"},
	{"Gang", "刚"}, {"Jian", "建"}, {"Guo", "国"}, {"Zhi", "志"}, {"Hao", "浩"}, {"Yu", "宇"},
	{"Xiang", "翔"}, {"Long", "龙"}, {"Bo", "波"}, {"Dong", "东"}, {"Feng", "峰"}, {"Cheng", "成"},
	{"Bin", "斌"}, {"Hai", "海"}, {"Xin", "鑫"}, {"Jia", "家"}, {"Zhen", "振"}, {"Kai", "凯"},
}

var chineseFemaleSyllables = []hanzi{
	{"Fang", "芳"}, {"Na", "娜"}, {"Min", "敏"}, {"Jing", "静"}, {"Li", "丽"}, {"Yan", "艳"},
	{"Juan", "娟"}, {"Xia", "霞"}, {"Ying", "英"}, {"Hong", "红"}, {"Mei", "梅"}, {"Lan", "兰"},
	{"Ting", "婷"}, {"Xue", "雪"}, {"Lin", "琳"}, {"Qian", "倩"}, {"Yun", "云"}, {"Hui", "慧"},
	{"Yue", "月"}, {"Xiu", "秀"}, {"Ling", "玲"}, {"Dan", "丹"}, {"Ping", "萍"}, {"Jie", "洁"},
	{"Shu", "淑"}, {"Qing", "清"}, {"Xiao", "晓"}, {"Yi", "怡"},
}
