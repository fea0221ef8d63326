package demo

const (
	holdingCo    = "Jönköpings Rådhus AB"
	energyCo     = "Jönköping Energi AB"
	energyNetCo  = "Jönköping Energi Nät AB" // formed 2004-01-01 in this data
	externalCo   = "Regionala Utvecklingsbolaget AB (illustrativt)"
	innovationCo = "Jönköpings Innovationsbolag AB (illustrativt)"

	ceoTitle        = "Verkställande direktör"
	boardChairTitle = "Styrelseordförande"
	layAuditorTitle = "Lekmannarevisor"

	// defaultShares is the share capital, and the votes, of a company
	// whose totals the table does not give.
	defaultShares = 10_000
)

// holding is an owner's stake; zero shares and votes mean all of them.
type holding struct {
	Owner         string
	Shares, Votes int64
}

// whole is sole ownership.
func whole(owner string) []holding { return []holding{{Owner: owner}} }

// company is one aktiebolag. The first owner is its parent in the group and
// the one that steers it by owner directive; a company without owners
// stands outside every group.
type company struct {
	Name      string
	From      string
	Owners    []holding
	Shares    int64 // total shares; 0 = defaultShares
	Votes     int64 // total votes; 0 = as many as shares
	Directive string
	// People holding the company's posts; "" means the post does not exist.
	CEO, Chair, LayAuditor, Ombud string
}

// companies are Rådhus AB, its 16 subsidiaries (publicly reported group
// names first, illustrative ones after), one sub-subsidiary and the
// external co-owner of the one subsidiary the group holds only partly.
var companies = []company{
	{Name: holdingCo, Owners: whole(municipality), Directive: docHoldingDirective,
		CEO: financeDirector, Chair: kso, LayAuditor: "Bertil Ahlström", Ombud: kso},
	{Name: energyCo, Owners: whole(holdingCo), Directive: docEnergyDirective,
		CEO: "Leif Nordin", Chair: "Ingrid Bergkvist", LayAuditor: "Rune Petersson"},
	{Name: "Bostads AB Vätterhem", Owners: whole(holdingCo), Directive: docVatterhemDirective,
		CEO: "Göran Sjöstedt", Chair: "Ulla Sandberg", LayAuditor: "Siv Gunnarsson"},
	{Name: "Elmia AB", Owners: whole(holdingCo), Directive: docCommonDirective,
		CEO: "Cecilia Brandt", Chair: "Rolf Engström"},
	{Name: "June Avfall & Miljö AB", Owners: whole(holdingCo), Directive: docCommonDirective,
		CEO: "Hans Lundgren", Chair: "Per-Olof Nyström"},
	{Name: "Destination Jönköping AB", Owners: whole(holdingCo), Directive: docCommonDirective,
		CEO: "Camilla Rydén", Chair: "Karin Lundqvist"},
	{Name: "Jönköping Airport AB", Owners: whole(holdingCo), Directive: docCommonDirective,
		CEO: "Örjan Ek", Chair: "Bengt Axelsson"},
	{Name: "Jönköpings Kommuns Fastighetsutveckling AB", Owners: whole(holdingCo), Directive: docCommonDirective,
		CEO: "Kent Olsson", Chair: "Eva Strand"},
	{Name: "Parkeringsbolaget i Jönköping AB (illustrativt)", Owners: whole(holdingCo), Directive: docCommonDirective,
		CEO: "Jan Fagerberg", Chair: "Gösta Hedlund"},
	{Name: "Jönköpings Stadsnät AB (illustrativt)", Owners: whole(holdingCo), Directive: docCommonDirective,
		CEO: "Nils Boström", Chair: "Anita Blom"},
	// Deliberately without an owner directive, for the analysis to flag.
	{Name: "Jönköpings Hamn AB (illustrativt)", Owners: whole(holdingCo),
		CEO: "Ola Hedberg", Chair: "Sven-Erik Dahl"},
	{Name: "Huskvarna Bostäder AB (illustrativt)", Owners: whole(holdingCo), Directive: docCommonDirective,
		CEO: "Gunilla Åström", Chair: "Ulla Sandberg"},
	{Name: "Jönköpings Näringslivsfastigheter AB (illustrativt)", Owners: whole(holdingCo), Directive: docCommonDirective,
		CEO: "Patrik Sandström", Chair: "Lena Carlsson"},
	{Name: "Vätterns Vatten AB (illustrativt)", Owners: whole(holdingCo), Directive: docCommonDirective,
		CEO: "Ulf Rosén", Chair: "Arne Wästberg"},
	{Name: externalCo, Shares: 1_000},
	// A and B shares: 1 000 A-shares of 10 votes and 9 000 B-shares of one.
	// Rådhus AB holds every A-share and 5 000 B-shares, 60 % of the capital
	// and 15 000 of 19 000 votes; the external company the other 4 000 B.
	{Name: innovationCo, Shares: 10_000, Votes: 19_000,
		Owners:    []holding{{holdingCo, 6_000, 15_000}, {externalCo, 4_000, 4_000}},
		Directive: docCommonDirective, CEO: "Linda Falk", Chair: "Karin Lundqvist"},
	{Name: "Jönköpings Idrottsarenor AB (illustrativt)", Owners: whole(holdingCo), Directive: docCommonDirective,
		CEO: "Mikael Torstensson", Chair: "Rolf Engström"},
	{Name: "Jönköpings Kommunala Förvaltnings AB (illustrativt)", Owners: whole(holdingCo), Directive: docCommonDirective,
		CEO: "Agneta Holmberg", Chair: "Gösta Hedlund"},
	{Name: energyNetCo, From: "2004-01-01", Owners: whole(energyCo), Directive: docEnergyNetDirective,
		CEO: "Erik Nordgren", Chair: "Ingrid Bergkvist"},
}

func (c company) totals() (shares, votes int64) {
	shares, votes = c.Shares, c.Votes
	if shares == 0 {
		shares = defaultShares
	}
	if votes == 0 {
		votes = shares
	}
	return shares, votes
}

// parent is the group owner, or "" outside every group.
func (c company) parent() string {
	if len(c.Owners) == 0 {
		return ""
	}
	return c.Owners[0].Owner
}

// companyOrgs lists the companies as organisations, each with an
// illustrative organisationsnummer.
func companyOrgs() []orgSpec {
	orgs := make([]orgSpec, 0, len(companies))
	for i, c := range companies {
		shares, votes := c.totals()
		orgs = append(orgs, orgSpec{Name: c.Name, Kind: "company", Parent: c.parent(), From: c.From,
			OrgNumber: illustrativeOrgNumber(i + 1), Shares: shares, Votes: votes})
	}
	return orgs
}

// companyPosts lists the VD, board chair, lay auditor and stämmoombud of
// each company that has them.
func companyPosts() []postSpec {
	var all []postSpec
	for _, c := range companies {
		for _, p := range []struct {
			title, role, person string
			political           bool
		}{
			{ceoTitle, "ceo", c.CEO, false},
			{boardChairTitle, "chair", c.Chair, true},
			{layAuditorTitle, "lay_auditor", c.LayAuditor, true},
			{ombudTitle, "ombud", c.Ombud, true},
		} {
			if p.person != "" {
				all = append(all, postSpec{At: post(c.Name, p.title), Role: p.role, Political: p.political,
					From: c.From, Holders: []tenure{{Person: p.person, From: c.From}}})
			}
		}
	}
	return all
}
