package synthetic

import (
	"math/rand/v2"
	"strings"
)

// municipalityNames are Sweden's 290 municipalities, county by county, so
// that the names next to each other in the list are neighbours on the map:
// a company co-owned with "a neighbouring municipality" is co-owned with
// the one before it here.
var municipalityNames = []string{
	// Stockholms län
	"Botkyrka", "Danderyd", "Ekerö", "Haninge", "Huddinge", "Järfälla", "Lidingö", "Nacka", "Norrtälje",
	"Nykvarn", "Nynäshamn", "Salem", "Sigtuna", "Sollentuna", "Solna", "Stockholm", "Sundbyberg",
	"Södertälje", "Tyresö", "Täby", "Upplands-Bro", "Upplands Väsby", "Vallentuna", "Vaxholm", "Värmdö",
	"Österåker",
	// Uppsala län
	"Enköping", "Heby", "Håbo", "Knivsta", "Tierp", "Uppsala", "Älvkarleby", "Östhammar",
	// Södermanlands län
	"Eskilstuna", "Flen", "Gnesta", "Katrineholm", "Nyköping", "Oxelösund", "Strängnäs", "Trosa", "Vingåker",
	// Östergötlands län
	"Boxholm", "Finspång", "Kinda", "Linköping", "Mjölby", "Motala", "Norrköping", "Söderköping", "Vadstena",
	"Valdemarsvik", "Ydre", "Åtvidaberg", "Ödeshög",
	// Jönköpings län
	"Aneby", "Eksjö", "Gislaved", "Gnosjö", "Habo", "Jönköping", "Mullsjö", "Nässjö", "Sävsjö", "Tranås",
	"Vaggeryd", "Vetlanda", "Värnamo",
	// Kronobergs län
	"Alvesta", "Lessebo", "Ljungby", "Markaryd", "Tingsryd", "Uppvidinge", "Växjö", "Älmhult",
	// Kalmar län
	"Borgholm", "Emmaboda", "Hultsfred", "Högsby", "Kalmar", "Mönsterås", "Mörbylånga", "Nybro",
	"Oskarshamn", "Torsås", "Vimmerby", "Västervik",
	// Gotlands län
	"Gotland",
	// Blekinge län
	"Karlshamn", "Karlskrona", "Olofström", "Ronneby", "Sölvesborg",
	// Skåne län
	"Bjuv", "Bromölla", "Burlöv", "Båstad", "Eslöv", "Helsingborg", "Hässleholm", "Höganäs", "Hörby",
	"Höör", "Klippan", "Kristianstad", "Kävlinge", "Landskrona", "Lomma", "Lund", "Malmö", "Osby",
	"Perstorp", "Simrishamn", "Sjöbo", "Skurup", "Staffanstorp", "Svalöv", "Svedala", "Tomelilla",
	"Trelleborg", "Vellinge", "Ystad", "Åstorp", "Ängelholm", "Örkelljunga", "Östra Göinge",
	// Hallands län
	"Falkenberg", "Halmstad", "Hylte", "Kungsbacka", "Laholm", "Varberg",
	// Västra Götalands län
	"Ale", "Alingsås", "Bengtsfors", "Bollebygd", "Borås", "Dals-Ed", "Essunga", "Falköping", "Färgelanda",
	"Grästorp", "Gullspång", "Göteborg", "Götene", "Herrljunga", "Hjo", "Härryda", "Karlsborg", "Kungälv",
	"Lerum", "Lidköping", "Lilla Edet", "Lysekil", "Mariestad", "Mark", "Mellerud", "Munkedal", "Mölndal",
	"Orust", "Partille", "Skara", "Skövde", "Sotenäs", "Stenungsund", "Strömstad", "Svenljunga", "Tanum",
	"Tibro", "Tidaholm", "Tjörn", "Tranemo", "Trollhättan", "Töreboda", "Uddevalla", "Ulricehamn", "Vara",
	"Vårgårda", "Vänersborg", "Åmål", "Öckerö",
	// Värmlands län
	"Arvika", "Eda", "Filipstad", "Forshaga", "Grums", "Hagfors", "Hammarö", "Karlstad", "Kil",
	"Kristinehamn", "Munkfors", "Storfors", "Sunne", "Säffle", "Torsby", "Årjäng",
	// Örebro län
	"Askersund", "Degerfors", "Hallsberg", "Hällefors", "Karlskoga", "Kumla", "Laxå", "Lekeberg",
	"Lindesberg", "Ljusnarsberg", "Nora", "Örebro",
	// Västmanlands län
	"Arboga", "Fagersta", "Hallstahammar", "Kungsör", "Köping", "Norberg", "Sala", "Skinnskatteberg",
	"Surahammar", "Västerås",
	// Dalarnas län
	"Avesta", "Borlänge", "Falun", "Gagnef", "Hedemora", "Leksand", "Ludvika", "Malung-Sälen", "Mora",
	"Orsa", "Rättvik", "Smedjebacken", "Säter", "Vansbro", "Älvdalen",
	// Gävleborgs län
	"Bollnäs", "Gävle", "Hofors", "Hudiksvall", "Ljusdal", "Nordanstig", "Ockelbo", "Ovanåker",
	"Sandviken", "Söderhamn",
	// Västernorrlands län
	"Härnösand", "Kramfors", "Sollefteå", "Sundsvall", "Timrå", "Ånge", "Örnsköldsvik",
	// Jämtlands län
	"Berg", "Bräcke", "Härjedalen", "Krokom", "Ragunda", "Strömsund", "Åre", "Östersund",
	// Västerbottens län
	"Bjurholm", "Dorotea", "Lycksele", "Malå", "Nordmaling", "Norsjö", "Robertsfors", "Skellefteå",
	"Sorsele", "Storuman", "Umeå", "Vilhelmina", "Vindeln", "Vännäs", "Åsele",
	// Norrbottens län
	"Arjeplog", "Arvidsjaur", "Boden", "Gällivare", "Haparanda", "Jokkmokk", "Kalix", "Kiruna", "Luleå",
	"Pajala", "Piteå", "Älvsbyn", "Överkalix", "Övertorneå",
}

// genitive is the form a municipality's name takes in "Ales kommun" and
// "Linköpings Stadshus AB": an s after a consonant other than s and x,
// nothing after a vowel, s or x. Falun is the one irregular name.
func genitive(name string) string {
	if name == "Falun" {
		return "Falu"
	}
	last := []rune(name)[len([]rune(name))-1]
	if strings.ContainsRune("aeiouyåäöésx", last) {
		return name
	}
	return name + "s"
}

// mailDomain is the municipality's e-mail domain: its name in lower case
// ASCII without spaces, hyphens or diacritics.
func mailDomain(name string) string {
	return asciiLower(name) + ".se"
}

func asciiLower(s string) string {
	r := strings.NewReplacer("å", "a", "ä", "a", "ö", "o", "é", "e", " ", "", "-", "")
	return r.Replace(strings.ToLower(s))
}

// Common Swedish given names and surnames; the people are fictional.
var (
	givenNames = []string{
		"Anna", "Eva", "Maria", "Karin", "Kristina", "Lena", "Sara", "Kerstin", "Emma", "Ingrid",
		"Malin", "Linda", "Jenny", "Annika", "Helena", "Susanne", "Camilla", "Johanna", "Elisabeth", "Marie",
		"Sofia", "Ulrika", "Åsa", "Cecilia", "Monica", "Birgitta", "Margareta", "Agneta", "Therese", "Frida",
		"Lars", "Mikael", "Anders", "Johan", "Per", "Erik", "Karl", "Peter", "Jan", "Thomas",
		"Daniel", "Fredrik", "Hans", "Bengt", "Mats", "Magnus", "Stefan", "Andreas", "Jonas", "Niklas",
		"Björn", "Henrik", "Ulf", "Patrik", "Göran", "Christer", "Martin", "Mattias", "Åke", "Leif",
	}
	surnames = []string{
		"Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
		"Svensson", "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson",
		"Lindberg", "Jakobsson", "Magnusson", "Lindström", "Olofsson", "Lindqvist", "Lindgren", "Berg",
		"Axelsson", "Bergström", "Lundberg", "Lind", "Lundgren", "Lundqvist", "Mattsson", "Berglund",
		"Fredriksson", "Sandberg", "Henriksson", "Forsberg", "Sjöberg", "Wallin", "Ali", "Engström",
		"Mohammed", "Eklund", "Danielsson", "Lundin", "Håkansson", "Björk", "Bergman", "Gunnarsson",
		"Holm", "Wikström", "Samuelsson", "Isaksson", "Fransson", "Bergqvist", "Nyström", "Holmberg",
		"Arvidsson", "Löfgren", "Söderberg", "Nyberg", "Blomqvist", "Claesson", "Nordström", "Mårtensson",
		"Lundström", "Ahmed", "Viklund", "Björklund", "Eliasson", "Pålsson", "Hassan", "Berggren",
		"Sandström", "Lund", "Nordin", "Ström", "Åberg", "Hermansson", "Ekström", "Holmgren",
	}
)

// personName is a random given name and surname.
func personName(rng *rand.Rand) (given, surname string) {
	return givenNames[rng.IntN(len(givenNames))], surnames[rng.IntN(len(surnames))]
}
