package koncern

import "time"

// Access roles: what a caller of the API may do. They are distinct from
// the post roles above, which describe seats in the governance graph.
const (
	AccessAdmin     = "admin"     // everything, API tokens included
	AccessRegistrar = "registrar" // organisations, people, posts, assignments, steering lines, documents
	AccessFinance   = "finance"   // ownership stakes and transactions, company share capital
	AccessAuditor   = "auditor"   // reads everything with the audit trail; writes observed steering lines
	AccessReader    = "reader"    // reads the registry, not the audit trail
)

// AccessRoles lists the roles a token may carry, from most to least power;
// a JWT whose role claim lists several gets the first of them in this order.
var AccessRoles = []string{AccessAdmin, AccessRegistrar, AccessFinance, AccessAuditor, AccessReader}

// TokenInput is a request for a new API token.
type TokenInput struct {
	Name      string     `json:"name" validate:"trimmed,visible,max=100"`
	Role      string     `json:"role" validate:"required,accessrole"`
	ExpiresAt *time.Time `json:"expires_at"`
}

// Token is an API token as the registry shows it: never the secret, which
// exists only in the answer that created it.
type Token struct {
	ID        string     `json:"id"`
	Name      string     `json:"name"`
	Role      string     `json:"role"`
	Prefix    string     `json:"prefix"`
	CreatedAt time.Time  `json:"created_at"`
	ExpiresAt *time.Time `json:"expires_at"`
	RevokedAt *time.Time `json:"revoked_at"`
	Version   int        `json:"version"`
}

// IssuedToken is the answer to a token request: the token and, this once,
// its secret.
type IssuedToken struct {
	Token
	Secret string `json:"secret"`
}
