package handlers

import (
	"context"

	"github.com/google/uuid"
	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/importer"
	"github.com/koncernregistret/koncern/registry"
	"github.com/koncernregistret/koncern/rule"
)

// registerRegistryRoutes lists every route of the registry under /api/v1.
func registerRegistryRoutes(g *echo.Group, r *registry.Registry) {
	registerOrganizationRoutes(g, r)
	registerPersonRoutes(g, r)
	registerPostRoutes(g, r)
	registerAssignmentRoutes(g, r)
	registerStakeRoutes(g, r)
	registerSteeringLineRoutes(g, r)
	registerDocumentRoutes(g, r)
	registerLedgerRoutes(g, r)
}

// routeGuards says what each route that changes something, and each read
// not open to every reader of the registry, does to which entity, in the
// terms of the privacy rules (package rule), so that guard can refuse a
// caller who may never do it before reading its request. The roles come
// from the entities' policies; this table only names the entity and the
// operation. New checks that every route that changes something is here.
var routeGuards = func() map[string]check {
	guards := map[string]check{
		"POST /api/v1/ownership/transactions": mayChange(rule.Transactions, rule.Create),
		"POST /api/v1/import":                 MayImport,
		"GET /api/v1/finding-comments":        mayRead(rule.Comments),
		"GET /api/v1/finding-comments/:id":    mayRead(rule.Comments),
		"POST /api/v1/finding-comments":       mayChange(rule.Comments, rule.Create),
		"PATCH /api/v1/finding-comments/:id":  mayChange(rule.Comments, rule.Change),
		"GET /api/v1/recommendations":         mayRead(rule.Recommendations),
		"GET /api/v1/recommendations/:id":     mayRead(rule.Recommendations),
		"POST /api/v1/recommendations":        mayChange(rule.Recommendations, rule.Create),
		"PATCH /api/v1/recommendations/:id":   mayChange(rule.Recommendations, rule.Change),
		"GET /api/v1/reports/follow-up":       mayRead(rule.Recommendations),
		"GET /api/v1/audit/events":            mayRead(rule.AuditTrail),
		"GET /api/v1/audit/verify":            mayRead(rule.AuditTrail),
		"POST /api/v1/audit/verify":           mayRead(rule.AuditTrail),
		"GET /api/v1/audit/checkpoint":        mayRead(rule.AuditTrail),
		"GET /api/v1/tokens":                  mayRead(rule.Tokens),
		"GET /api/v1/tokens/:id":              mayRead(rule.Tokens),
		"POST /api/v1/tokens":                 mayChange(rule.Tokens, rule.Create),
		"DELETE /api/v1/tokens/:id":           mayChange(rule.Tokens, rule.Change),
	}
	for path, a := range map[string]rule.Access{
		"/organizations": rule.Organizations, "/people": rule.People, "/posts": rule.Posts,
		"/assignments": rule.Assignments, "/stakes": rule.Stakes, "/steering-lines": rule.SteeringLines,
		"/documents": rule.Documents,
	} {
		guards["POST /api/v1"+path] = mayChange(a, rule.Create)
		guards["PATCH /api/v1"+path+"/:id"] = mayChange(a, rule.Change)
		guards["DELETE /api/v1"+path+"/:id"] = mayChange(a, rule.Change, validTo)
	}
	return guards
}()

// pageGuards guard the web application's routes that the server itself
// treats apart: the import form gets the import's body limit, its long
// deadline and a place among the long requests, so only a caller who may
// import gets them, before its body is read. Package web adds these routes
// after New (with its own guard too), so checkGuards does not look for
// them.
var pageGuards = map[string]check{
	"POST " + ImportPagePath: MayImport,
}

// importRegisters names the register each sheet of an import creates.
var importRegisters = map[string]rule.Access{
	importer.SheetOrganizations: rule.Organizations, importer.SheetDocuments: rule.Documents,
	importer.SheetPeople: rule.People, importer.SheetPosts: rule.Posts, importer.SheetAssignments: rule.Assignments,
	importer.SheetStakes: rule.Stakes, importer.SheetSteeringLines: rule.SteeringLines,
}

// existence adapts a registry getter to the check a sub-list makes first.
func existence[T any](get func(ctx context.Context, id uuid.UUID) (T, error)) func(ctx context.Context, id uuid.UUID) error {
	return func(ctx context.Context, id uuid.UUID) error {
		_, err := get(ctx, id)
		return err
	}
}

func registerOrganizationRoutes(g *echo.Group, r *registry.Registry) {
	resource[koncern.OrganizationInput, koncern.OrganizationPatch, registry.OrganizationFilter, koncern.Organization]{
		path: "/organizations",
		filter: func(q *query) registry.OrganizationFilter {
			return registry.OrganizationFilter{
				MunicipalityID: q.Org("municipality"), Kind: q.Enum("kind", koncern.OrgKinds),
				ParentID: q.Org("parent"), OrgNumber: q.OrgNumber("org_number"), Query: q.Str("q"), ListOptions: q.list(),
			}
		},
		list: r.ListOrganizations, create: r.CreateOrganization, get: r.GetOrganization,
		update: r.UpdateOrganization, end: r.EndOrganization,
	}.register(g, r.Today)
	org := existence(r.GetOrganization)
	g.GET("/organizations/:id/children", subList(org, func(q *query, id uuid.UUID) registry.OrganizationFilter {
		return registry.OrganizationFilter{ParentID: &id, Kind: q.Enum("kind", koncern.OrgKinds), Query: q.Str("q"), ListOptions: q.list()}
	}, r.ListOrganizations, nil))
	g.GET("/organizations/:id/posts", subList(org, func(q *query, id uuid.UUID) registry.PostFilter {
		return registry.PostFilter{OrganizationID: &id, Role: q.Enum("role", koncern.Roles), Political: q.Bool("political"), Query: q.Str("q"), ListOptions: q.list()}
	}, r.ListPosts, nil))
	g.GET("/organizations/:id/owners", subList(org, func(q *query, id uuid.UUID) registry.StakeFilter {
		return registry.StakeFilter{CompanyID: &id, ListOptions: q.list()}
	}, r.ListStakes, namer{r}.stakes))
	g.GET("/organizations/:id/holdings", subList(org, func(q *query, id uuid.UUID) registry.StakeFilter {
		return registry.StakeFilter{OwnerID: &id, ListOptions: q.list()}
	}, r.ListStakes, namer{r}.stakes))
}

func registerPersonRoutes(g *echo.Group, r *registry.Registry) {
	resource[koncern.PersonInput, koncern.PersonPatch, registry.PersonFilter, koncern.Person]{
		path: "/people",
		filter: func(q *query) registry.PersonFilter {
			return registry.PersonFilter{
				MunicipalityID: q.Org("municipality"), OrganizationID: q.Org("organization"),
				Query: q.Str("q"), ListOptions: q.list(),
			}
		},
		list: r.ListPeople, create: r.CreatePerson, get: r.GetPerson,
		update: r.UpdatePerson, end: r.EndPerson,
	}.register(g, r.Today)
	g.GET("/people/:id/assignments", subList(existence(r.GetPerson), func(q *query, id uuid.UUID) registry.AssignmentFilter {
		return registry.AssignmentFilter{PersonID: &id, ListOptions: q.list()}
	}, r.ListAssignments, namer{r}.assignments))
}

func registerPostRoutes(g *echo.Group, r *registry.Registry) {
	resource[koncern.PostInput, koncern.PostPatch, registry.PostFilter, koncern.Post]{
		path: "/posts",
		filter: func(q *query) registry.PostFilter {
			return registry.PostFilter{
				MunicipalityID: q.Org("municipality"), OrganizationID: q.Org("organization"),
				Role: q.Enum("role", koncern.Roles), Political: q.Bool("political"), Query: q.Str("q"), ListOptions: q.list(),
			}
		},
		list: r.ListPosts, create: r.CreatePost, get: r.GetPost,
		update: r.UpdatePost, end: r.EndPost,
	}.register(g, r.Today)
	g.GET("/posts/:id/holders", subList(existence(r.GetPost), func(q *query, id uuid.UUID) holderFilter {
		return holderFilter{postID: id, ListOptions: q.list()}
	}, func(ctx context.Context, f holderFilter) (registry.Page[koncern.Holder], error) {
		return r.ListHolders(ctx, f.postID, f.ListOptions)
	}, namer{r}.holders))
}

// holderFilter is the filter of a post's holders.
type holderFilter struct {
	postID uuid.UUID
	registry.ListOptions
}

func registerAssignmentRoutes(g *echo.Group, r *registry.Registry) {
	resource[koncern.AssignmentInput, koncern.AssignmentPatch, registry.AssignmentFilter, koncern.Assignment]{
		path: "/assignments",
		filter: func(q *query) registry.AssignmentFilter {
			return registry.AssignmentFilter{
				MunicipalityID: q.Org("municipality"), PersonID: q.UUID("person"), PostID: q.UUID("post"),
				OrganizationID: q.Org("organization"), ListOptions: q.list(),
			}
		},
		list: r.ListAssignments, create: r.CreateAssignment, get: r.GetAssignment,
		update: r.UpdateAssignment, end: r.EndAssignment, show: namer{r}.assignments,
	}.register(g, r.Today)
}

func registerStakeRoutes(g *echo.Group, r *registry.Registry) {
	resource[koncern.StakeInput, koncern.StakePatch, registry.StakeFilter, koncern.Stake]{
		path: "/stakes",
		filter: func(q *query) registry.StakeFilter {
			return registry.StakeFilter{
				MunicipalityID: q.Org("municipality"), OwnerID: q.Org("owner"), CompanyID: q.Org("company"), ListOptions: q.list(),
			}
		},
		list: r.ListStakes, create: r.CreateStake, get: r.GetStake,
		update: r.UpdateStake, end: r.EndStake, show: namer{r}.stakes,
	}.register(g, r.Today)
}

func registerSteeringLineRoutes(g *echo.Group, r *registry.Registry) {
	resource[koncern.SteeringLineInput, koncern.SteeringLinePatch, registry.SteeringLineFilter, koncern.SteeringLine]{
		path: "/steering-lines",
		filter: func(q *query) registry.SteeringLineFilter {
			return registry.SteeringLineFilter{
				MunicipalityID: q.Org("municipality"), Kind: q.Enum("kind", koncern.LineKinds), Basis: q.Enum("basis", koncern.Bases),
				FromPostID: q.UUID("from_post"), ToPostID: q.UUID("to_post"), FromOrganizationID: q.Org("from_organization"),
				ToOrganizationID: q.Org("to_organization"), PostID: q.UUID("post"), ListOptions: q.list(),
			}
		},
		list: r.ListSteeringLines, create: r.CreateSteeringLine, get: r.GetSteeringLine,
		update: r.UpdateSteeringLine, end: r.EndSteeringLine, show: namer{r}.steeringLines,
	}.register(g, r.Today)
}

func registerDocumentRoutes(g *echo.Group, r *registry.Registry) {
	resource[koncern.DocumentInput, koncern.DocumentPatch, registry.DocumentFilter, koncern.Document]{
		path: "/documents",
		filter: func(q *query) registry.DocumentFilter {
			return registry.DocumentFilter{
				MunicipalityID: q.Org("municipality"), Kind: q.Enum("kind", koncern.DocumentKinds),
				IssuerID: q.Org("issuer"), Query: q.Str("q"), ListOptions: q.list(),
			}
		},
		list: r.ListDocuments, create: r.CreateDocument, get: r.GetDocument,
		update: r.UpdateDocument, end: r.EndDocument,
	}.register(g, r.Today)
}
