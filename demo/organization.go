package demo

// Names that more than one table refers to.
const (
	municipality    = "Jönköpings kommun"
	council         = "Kommunfullmäktige"
	board           = "Kommunstyrelsen"
	cityOffice      = "Stadskontoret"
	technicalOffice = "Tekniska kontoret"
	streetUnit      = "Gatuenheten"

	headTitle  = "Förvaltningschef"
	chairTitle = "Ordförande"

	kso             = "Lars-Göran Wallin" // kommunstyrelsens ordförande
	cityManagerName = "Christina Malmberg"
	financeDirector = "Mats Höglund" // head of Finansavdelningen, VD of Rådhus AB
)

// Posts that lines refer to by name.
var (
	cityManager        = post(cityOffice, "Stadsdirektör")
	ksoPost            = post(board, "Kommunstyrelsens ordförande (KSO)")
	commissionerBuild  = post(board, "Kommunalråd, samhällsbyggnad")
	commissionerStreet = post(board, "Kommunalråd, trafik och miljö")
	secretaryKSO       = post(cityOffice, "Kommunalrådssekreterare, KSO")
	secretaryOthers    = post(cityOffice, "Kommunalrådssekreterare, kommunalråden")
	streetUnitHead     = post(streetUnit, "Enhetschef gatuenheten")
)

// structure is the municipality and its permanent bodies.
var structure = []orgSpec{
	{Name: municipality, Kind: "municipality", OrgNumber: "212000-0530", ReviewDeadline: reviewDeadline},
	{Name: council, Kind: "council", Parent: municipality},
	{Name: board, Kind: "executive_board", Parent: municipality},
	{Name: cityOffice, Kind: "administration", Parent: board, StaffFTE: 167},
}

// units sit below head level in an administration.
var units = []orgSpec{
	{Name: streetUnit, Kind: "unit", Parent: technicalOffice},
}

// department is an avdelning of Stadskontoret and its head.
type department struct{ Name, HeadTitle, Head string }

var departments = []department{
	{"Allmänna avdelningen", "Kanslichef", "Håkan Sundberg"},
	{"Ekonomiavdelningen", "Ekonomidirektör", "Annika Forsberg"},
	{"Finansavdelningen", "Finansdirektör", financeDirector},
	{"Personalavdelningen", "Personaldirektör", "Eva-Lena Karlsson"},
	{"Näringslivsavdelningen", "Näringslivschef", "Peter Åberg"},
	{"Arbetsmarknadsavdelningen", "Arbetsmarknadschef", "Monica Ekberg"},
}

func (d department) head() ref { return post(d.Name, d.HeadTitle) }

// appraisal says who holds the annual utvecklingssamtal with a
// förvaltningschef; the review finds it unclear.
type appraisal int

const (
	appraisedByChair appraisal = iota
	appraisedByChairAndCityManager
	notAppraised
)

// committee is a nämnd, its förvaltning and who sits where.
type committee struct {
	Name, Administration string
	Chair                string
	Heads                []tenure
	Appraisal            appraisal
}

var committees = []committee{
	{Name: "Tekniska nämnden", Administration: technicalOffice, Chair: "Kjell Arvidsson",
		Heads: held("Bo Gustavsson")},
	{Name: "Barn- och utbildningsnämnden", Administration: "Barn- och utbildningsförvaltningen", Chair: "Margareta Holmgren",
		Heads: held("Helena Wikström"), Appraisal: appraisedByChairAndCityManager},
	{Name: "Socialnämnden", Administration: "Socialförvaltningen", Chair: "Birgitta Lindqvist",
		Heads: []tenure{{"Anders Holm", "", "2004-01-31"}, {"Maria Sjöberg", "2004-02-01", ""}}},
	{Name: "Kultur- och fritidsnämnden", Administration: "Kultur- och fritidsförvaltningen", Chair: "Tomas Fransson",
		Heads: []tenure{{"Jonas Lindahl", "2003-04-01", ""}}}, // vacant 2003-01-01..2003-03-31
	{Name: "Stadsbyggnadsnämnden", Administration: "Stadsbyggnadskontoret", Chair: "Stig Johansson",
		Heads: held("Karl-Erik Svensson"), Appraisal: notAppraised},
}

func (c committee) chair() ref         { return post(c.Name, chairTitle) }
func (c committee) head() ref          { return post(c.Administration, headTitle) }
func (c committee) regulation() string { return "Reglemente för " + c.Name }

// otherPosts are the posts of the bodies, Stadskontoret and the unit.
var otherPosts = []postSpec{
	{At: post(council, "Kommunfullmäktiges ordförande"), Role: "chair", Political: true, Holders: held("Gunnel Ekström")},
	{At: ksoPost, Role: "chair", Political: true, Holders: held(kso)},
	{At: commissionerBuild, Role: "commissioner", Political: true, Holders: held("Ingrid Bergkvist")},
	{At: commissionerStreet, Role: "commissioner", Political: true, Holders: held("Per-Olof Nyström")},
	{At: cityManager, Role: "city_manager", Holders: held(cityManagerName)},
	{At: secretaryKSO, Role: "secretary", Holders: held("Johan Ekdahl")},
	{At: secretaryOthers, Role: "secretary", Holders: held("Sara Lindberg")},
	{At: streetUnitHead, Role: "head", Holders: held("Roger Fredriksson")},
}

// forum is a ledningsgrupp whose members are the holders of other posts;
// its posts are held by whoever holds those posts.
type forum struct {
	Name, From string
	Chair      ref
	Members    []ref
}

func forums() []forum {
	lead := forum{Name: "Stadskontorets ledningsgrupp", Chair: cityManager}
	for _, d := range departments {
		lead.Members = append(lead.Members, d.head())
	}
	// "en relativt ny företeelse i Jönköpings kommun"
	heads := forum{Name: "Förvaltningschefsgruppen", From: "2003-02-01", Chair: cityManager}
	for _, c := range committees {
		heads.Members = append(heads.Members, c.head())
	}
	return []forum{lead, heads}
}

// organizations lists every organisation, parents before children.
func organizations() []orgSpec {
	orgs := append([]orgSpec{}, structure...)
	for _, d := range departments {
		orgs = append(orgs, orgSpec{Name: d.Name, Kind: "department", Parent: cityOffice})
	}
	for _, f := range forums() {
		orgs = append(orgs, orgSpec{Name: f.Name, Kind: "forum", Parent: cityOffice, From: f.From})
	}
	for _, c := range committees {
		orgs = append(orgs,
			orgSpec{Name: c.Name, Kind: "committee", Parent: municipality},
			orgSpec{Name: c.Administration, Kind: "administration", Parent: c.Name})
	}
	orgs = append(orgs, units...)
	return append(orgs, companyOrgs()...)
}

// posts lists every post but the forums', which mirror these.
func posts() []postSpec {
	all := append([]postSpec{}, otherPosts...)
	for _, d := range departments {
		all = append(all, postSpec{At: d.head(), Role: "head", Holders: held(d.Head)})
	}
	for _, c := range committees {
		all = append(all,
			postSpec{At: c.chair(), Role: "chair", Political: true, Holders: held(c.Chair)},
			postSpec{At: c.head(), Role: "head", Holders: c.Heads})
	}
	return append(all, companyPosts()...)
}
