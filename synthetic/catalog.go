package synthetic

// committeeSpec is a kind of nämnd, the förvaltning it governs and the
// avdelningar that förvaltning may have.
type committeeSpec struct {
	Name, Administration string
	// Coordinated is false for the authorities whose heads stand outside
	// the city manager's coordination (the räddningschef and the
	// överförmyndare act under their own statutes); no coordination line
	// reaches their heads.
	Coordinated bool
	Departments []departmentSpec
}

// departmentSpec is an avdelning and the stem of its enheter's names.
type departmentSpec struct{ Name, UnitStem string }

// coreCommittees exist in every municipality.
var coreCommittees = []committeeSpec{
	{"Barn- och utbildningsnämnden", "Barn- och utbildningsförvaltningen", true, []departmentSpec{
		{"Förskoleavdelningen", "Förskoleområde"}, {"Grundskoleavdelningen", "Skolområde"},
		{"Elevhälsoavdelningen", "Elevhälsoteam"}, {"Verksamhetsstödsavdelningen", "Stödenhet"}}},
	{"Socialnämnden", "Socialförvaltningen", true, []departmentSpec{
		{"Individ- och familjeomsorgen", "IFO-enhet"}, {"Funktionsstödsavdelningen", "Funktionsstöd"},
		{"Avdelningen för ekonomiskt bistånd", "Biståndsenhet"}, {"Administrativa avdelningen", "Administrativ enhet"}}},
	{"Tekniska nämnden", "Tekniska förvaltningen", true, []departmentSpec{
		{"Gatuavdelningen", "Gatuenhet"}, {"Fastighetsavdelningen", "Fastighetsenhet"},
		{"Park- och naturavdelningen", "Parkenhet"}, {"Måltidsavdelningen", "Kök"}}},
	{"Kultur- och fritidsnämnden", "Kultur- och fritidsförvaltningen", true, []departmentSpec{
		{"Kulturavdelningen", "Kulturenhet"}, {"Fritidsavdelningen", "Fritidsgård"}, {"Biblioteksavdelningen", "Bibliotek"}}},
	{"Miljö- och byggnadsnämnden", "Miljö- och byggförvaltningen", true, []departmentSpec{
		{"Bygglovsavdelningen", "Bygglovsenhet"}, {"Miljöavdelningen", "Miljöenhet"}, {"Planavdelningen", "Planenhet"}}},
}

// optionalCommittees are drawn for larger municipalities.
var optionalCommittees = []committeeSpec{
	{"Räddningsnämnden", "Räddningstjänsten", false, []departmentSpec{
		{"Operativa avdelningen", "Räddningsstation"}, {"Förebyggande avdelningen", "Tillsynsenhet"}}},
	{"Vård- och omsorgsnämnden", "Vård- och omsorgsförvaltningen", true, []departmentSpec{
		{"Hemtjänstavdelningen", "Hemtjänstområde"}, {"Avdelningen för särskilt boende", "Boendeenhet"},
		{"Hälso- och sjukvårdsavdelningen", "Sjukvårdsenhet"}}},
	{"Gymnasie- och vuxenutbildningsnämnden", "Gymnasie- och vuxenutbildningsförvaltningen", true, []departmentSpec{
		{"Gymnasieavdelningen", "Gymnasieskola"}, {"Vuxenutbildningsavdelningen", "Lärcentrum"}}},
	{"Arbetsmarknadsnämnden", "Arbetsmarknadsförvaltningen", true, []departmentSpec{
		{"Arbetsmarknadsavdelningen", "Arbetsmarknadsenhet"}, {"Integrationsavdelningen", "Integrationsenhet"}}},
	{"Överförmyndarnämnden", "Överförmyndarkansliet", false, []departmentSpec{
		{"Handläggningsavdelningen", "Handläggarenhet"}}},
	{"Samhällsbyggnadsnämnden", "Samhällsbyggnadsförvaltningen", true, []departmentSpec{
		{"Mark- och exploateringsavdelningen", "Exploateringsenhet"}, {"Trafikavdelningen", "Trafikenhet"},
		{"Avdelningen för översiktlig planering", "Planeringsenhet"}}},
	{"Servicenämnden", "Serviceförvaltningen", true, []departmentSpec{
		{"IT-avdelningen", "IT-enhet"}, {"Kostavdelningen", "Kostenhet"}, {"Lokalvårdsavdelningen", "Lokalvårdsenhet"}}},
	{"Äldrenämnden", "Äldreförvaltningen", true, []departmentSpec{
		{"Äldreboendeavdelningen", "Äldreboende"}, {"Avdelningen för hemtjänst", "Hemtjänstgrupp"}}},
	{"Fritidsnämnden", "Fritidsförvaltningen", true, []departmentSpec{
		{"Anläggningsavdelningen", "Anläggningsenhet"}, {"Föreningsavdelningen", "Föreningsenhet"}}},
	{"Lantmäterinämnden", "Lantmäterikontoret", true, []departmentSpec{
		{"Förrättningsavdelningen", "Förrättningsenhet"}, {"Geodataavdelningen", "Geodataenhet"}}},
}

// unitDistricts name the enheter of an avdelning after the parts of the
// municipality they serve.
var unitDistricts = []string{"Norr", "Söder", "Öster", "Väster", "Centrum"}

// officeDepartment is an avdelning of the executive board's office and the
// title of its head.
type officeDepartment struct{ Name, HeadTitle string }

var officeDepartments = []officeDepartment{
	{"Ekonomiavdelningen", "Ekonomichef"},
	{"HR-avdelningen", "HR-chef"},
	{"Kansliavdelningen", "Kanslichef"},
	{"Kommunikationsavdelningen", "Kommunikationschef"},
	{"Näringslivsavdelningen", "Näringslivschef"},
	{"Digitaliseringsavdelningen", "Digitaliseringschef"},
	{"Strategiavdelningen", "Strategichef"},
}

// commissionerAreas are the portfolios of the kommunalråd, in the order
// they are added as a municipality grows.
var commissionerAreas = []string{"samhällsbyggnad", "välfärd", "utbildning", "kultur och fritid", "oppositionsråd"}

// companyType is a kind of municipal company. Name is a pattern: %[1]s is
// the municipality's name, %[2]s its genitive. Weight is how often it is
// chosen; Children are the kinds of subsidiary it may own.
type companyType struct {
	Name     string
	Weight   int
	Children []companyType
}

var holdingType = companyType{Name: "%[2]s Stadshus AB"}

var companyTypes = []companyType{
	{"%[2]s Bostäder AB", 30, []companyType{{Name: "%[1]s Studentbostäder AB"}, {Name: "%[1]s Bostadsservice AB"}}},
	{"%[1]s Energi AB", 18, []companyType{
		{Name: "%[1]s Energi Nät AB", Children: []companyType{{Name: "%[1]s Nätservice AB"}}},
		{Name: "%[1]s Energi Försäljning AB"}, {Name: "%[1]s Fjärrvärme AB"}}},
	{"%[1]s Vatten AB", 16, []companyType{{Name: "%[1]s Avlopp AB"}}},
	{"%[1]s Renhållning AB", 14, []companyType{{Name: "%[1]s Biogas AB"}}},
	{"%[2]s Fastighets AB", 16, []companyType{
		{Name: "%[1]s Skolfastigheter AB"},
		{Name: "%[1]s Parkeringshus AB", Children: []companyType{{Name: "%[1]s Laddinfrastruktur AB"}}}}},
	{"%[1]s Stadsnät AB", 12, nil},
	{"%[1]s Näringslivsutveckling AB", 10, []companyType{{Name: "%[1]s Science Park AB"}}},
	{"%[2]s Industrihus AB", 9, nil},
	{"%[2]s Hamn AB", 5, []companyType{{Name: "%[1]s Hamnterminal AB"}}},
	{"%[1]s Airport AB", 3, nil},
	{"%[1]s Arena AB", 6, []companyType{{Name: "%[1]s Evenemang AB"}}},
	{"Destination %[1]s AB", 7, nil},
	{"%[1]s Parkering AB", 6, nil},
	{"%[1]s Vindkraft AB", 4, nil},
	{"%[1]s Teater AB", 3, nil},
	{"%[1]s Kommunutveckling AB", 4, nil},
	{"%[1]s Logistikcenter AB", 3, nil},
	{"%[1]s Omsorgsfastigheter AB", 5, nil},
	{"%[1]s Lokaltrafik AB", 4, nil},
	{"%[2]s Markexploatering AB", 4, nil},
	{"%[1]s Stadshotell AB", 2, nil},
	{"%[1]s Kommunservice AB", 4, nil},
}

// Private co-owners are named from these parts; the names are invented.
var (
	privatePrefixes = []string{"Nordisk", "Svensk", "Skandinavisk", "Mellansvensk", "Norrländsk", "Västsvensk", "Sydsvensk", "Östsvensk"}
	privateTrades   = []string{"Energi", "Fiber", "Fastighets", "Vatten", "Logistik", "Utvecklings", "Infrastruktur"}
)
