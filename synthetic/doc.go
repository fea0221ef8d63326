// Package synthetic generates a reproducible national dataset of honest
// size for the registry: all of Sweden's 290 municipalities at scale 1,
// each with its council, executive board and office, 5–15 committees with
// their administrations, departments and units, forums, and a group of
// municipal companies, over three mandate periods (2015–2018, 2019–2022,
// 2023–2026). At scale 1 (seed 1) that is 20 751 organisations of which
// 1 824 municipal companies, 37 072 people, 41 934 posts, 91 257
// assignments (63 968 political), 2 062 stakes, 60 748 steering lines and
// 20 234 documents: 274 058 dated records.
//
// The data is made to be analysed. Every record satisfies the rules the
// registry enforces on a checked write (tests check them all in Go), so
// that it can be stored by Registry.BulkLoad, which skips those checks for
// speed. Apart from a known set of planted cases, which Planted lists with
// their subjects and periods, no analysis rule fires within the window.
//
// What a municipality looks like:
//
//   - Most have a holding company (stadshus AB) with 3–20 subsidiaries,
//     some of which own companies in turn, down to four levels below the
//     municipality; the smallest own one to four companies directly.
//     About one company in eleven below the holding company is owned
//     partly or jointly (50/50) with a neighbouring municipality or a
//     private company, from its start or from a later transfer of shares;
//     in some groups two subsidiaries hold 5 % of each other.
//   - Heads of administrations, departments and units, the city manager
//     and the CEOs are salaried posts whose holders change at random
//     dates, without gaps except the planted vacancies.
//   - Political seats (council and board chairs, commissioners, committee
//     and company boards, lay auditors) are filled per mandate period by
//     the council's election decision; about two thirds of a period's
//     politicians sit again in the next, and a few seats change hands
//     during a period.
//   - Steering lines follow the demo's pattern: the nämnd mandates its
//     förvaltningschef formally and through its chair, the head reports to
//     the nämnd, the city manager coordinates under the board's
//     instruction, heads manage and appraise the heads below them under
//     the nämnd's delegation order, owners steer their companies by owner
//     directives adopted after each election, and the council elects the
//     company boards.
//   - The company law is kept as in a real country (companylaw.go): the
//     council adopts every company's articles of association, each
//     company's general meeting adopts the owner directive of every
//     period on the day it takes effect, the council appoints a
//     stämmoombud for each company the municipality owns directly, and
//     each spring the executive board reviews all its companies' past
//     year in one decision. About 1–2 % of the companies, periods or
//     years break one of these rules (planted, like the other cases).
package synthetic
