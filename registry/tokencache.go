package registry

import (
	"context"
	"sync"

	"github.com/koncernregistret/koncern/ent"
	"github.com/koncernregistret/koncern/ent/predicate"
	"github.com/koncernregistret/koncern/ent/privacy"
)

// cachedToken is the token where holds, which key names in cache: from the
// cache while the registry's version stays, else from the database. The
// lookup runs before anyone is known, so it is allowed past the privacy
// rules.
func cachedToken[K comparable](ctx context.Context, r *Registry, cache *versionCache[K, *ent.APIToken], key K, where predicate.APIToken) (*ent.APIToken, error) {
	version, err := r.Version(ctx)
	if err != nil {
		return nil, err
	}
	if row, ok := cache.get(key, version); ok {
		return row, nil
	}
	row, err := r.db.Client.APIToken.Query().Where(where).Only(privacy.DecisionContext(ctx, privacy.Allow))
	if err != nil {
		return nil, err
	}
	cache.put(key, version, row)
	return row, nil
}

// versionCache keeps what was read at one version of the registry, so
// that a busy client costs no lookup per request: the tokens that
// authenticated, by the hash of their secret, and the tokens of sessions,
// by id. A token's revocation is a change like any other: it raises the
// version, and the cache starts afresh. Expiry is checked on every use.
type versionCache[K comparable, V any] struct {
	mu      sync.Mutex
	version int64
	rows    map[K]V
}

// maxCachedTokens bounds a cache of tokens; past it, it starts afresh.
const maxCachedTokens = 4096

func (c *versionCache[K, V]) get(key K, version int64) (V, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version {
		var zero V
		return zero, false
	}
	row, ok := c.rows[key]
	return row, ok
}

// put keeps row as read at version, which was read before the row: a
// change in between raised the version past it, so the entry is never
// newer than the version it claims.
func (c *versionCache[K, V]) put(key K, version int64, row V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.version != version || c.rows == nil || len(c.rows) >= maxCachedTokens {
		if version < c.version {
			return
		}
		c.version, c.rows = version, make(map[K]V)
	}
	c.rows[key] = row
}
