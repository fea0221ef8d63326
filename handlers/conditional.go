package handlers

import (
	"encoding/hex"
	"hash/fnv"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/koncernregistret/koncern"
	"github.com/koncernregistret/koncern/registry"
)

// conditional makes the API's reads cacheable the way HTTP clients and
// caches expect (RFC 9110 8.8 and 13, RFC 9111):
//
//   - Every answer to a GET under /api/ says how it may be kept
//     (Cache-Control) and what it depends on besides the URL (Vary): the
//     Authorization header always, since the caller's role decides what
//     the privacy rules let it see, and the Accept header where a report
//     chooses its format by it.
//   - The answers of cachedRoutes carry an entity tag. A record carries the
//     strong tag its handler gives it (its version, which If-Match takes
//     back); any other answer the weak tag weakTag derives from the
//     registry's version and everything else the answer depends on.
//   - A GET whose If-None-Match names the answer's tag, or "*", is answered
//     304 Not Modified without a body. For a weak tag that is decided before
//     the handler runs, so a report the client holds costs one version read;
//     for a record, once the handler has named its version.
//
// Anonymous readers of a published registry get "public, no-cache": what
// they read is published under the principle of public access and is the
// same for each of them (the answer cache keeps it once for all), so a
// shared cache may keep it, and must ask again with the tag each time
// (no-cache), so that no cache ever answers from before a write. Vary:
// Authorization keeps a shared cache from handing that answer to a caller
// with a token. Every other answer is "private, no-cache": it shows what
// one role may see. A read as recorded at a moment carries no weak tag,
// like the answer cache, which does not keep it either.
//
// A weak tag also names the build (buildKey): an upgrade that changes what
// an answer shows (a new field, another order) changes no record, so
// without it a client would be told 304 and keep the old answer.
func conditional(reg *registry.Registry, spec []byte) echo.MiddlewareFunc {
	build := buildKey(spec)
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			if req.Method != http.MethodGet || !strings.HasPrefix(c.Path(), "/api/") {
				return next(c)
			}
			h := c.Response().Header()
			h.Set(echo.HeaderCacheControl, "private, no-cache")
			h.Add(echo.HeaderVary, echo.HeaderAuthorization)
			// Accept chooses the format of a negotiating route whether or
			// not its answers are cached (the follow-up report is not).
			if negotiates(c.Path()) {
				h.Add(echo.HeaderVary, echo.HeaderAccept)
			}
			if !cachedRoutes[c.Path()] {
				return next(c)
			}
			kind, ok := callerKind(req)
			// Only an answer is public; a refusal stays private.
			public := ok && kind == "public"
			id, tagged, err := identify(c, reg)
			if err != nil {
				return err
			}
			tag := ""
			if tagged {
				tag = weakTag(id.version, build+"\x00"+id.key)
			}
			// "*" names any answer there is, which only the handler knows:
			// the record may be missing, the query refused.
			inm := req.Header.Get("If-None-Match")
			if tag != "" && strings.TrimSpace(inm) != "*" && noneMatchNames(inm, tag) {
				h.Set("ETag", tag)
				if public {
					h.Set(echo.HeaderCacheControl, "public, no-cache")
				}
				return c.NoContent(http.StatusNotModified)
			}
			res := c.Response()
			res.Before(func() { notModifiedIfHeld(res, tag, inm, public) })
			return next(c)
		}
	}
}

// notModifiedIfHeld runs just before a 200 answer's header goes out: it
// makes a public answer public, gives the answer the weak tag unless the
// handler gave it a tag of its own, and turns it into a 304 without a
// body when If-None-Match names that tag.
func notModifiedIfHeld(res *echo.Response, weak, inm string, public bool) {
	if res.Status != http.StatusOK {
		return
	}
	h := res.Header()
	if public {
		h.Set(echo.HeaderCacheControl, "public, no-cache")
	}
	if h.Get("ETag") == "" && weak != "" {
		h.Set("ETag", weak)
	}
	if inm == "" || !noneMatchNames(inm, h.Get("ETag")) {
		return
	}
	res.Status = http.StatusNotModified
	for _, k := range []string{echo.HeaderContentType, echo.HeaderContentLength, echo.HeaderContentDisposition} {
		h.Del(k)
	}
	res.Writer = discardWriter{res.Writer}
}

// negotiates reports whether the answers of route choose their format by
// the Accept header where format= is absent (func chosen).
func negotiates(route string) bool {
	return route == "/api/v1/findings" || route == "/api/v1/calendar" || route == "/api/v1/organizations/:id/cap-table" ||
		strings.HasPrefix(route, "/api/v1/reports/")
}

// weakTag is the weak entity tag of an answer that depends on the
// registry's records as of version and on what key names (answerKey): the
// same things the answer cache keeps an answer by, so that one tag never
// stands for two answers. The key is hashed, not shown: it holds the
// caller's role.
func weakTag(version int64, key string) string {
	h := fnv.New64a()
	h.Write([]byte(key))
	return `W/"` + strconv.FormatInt(version, 10) + "-" + hex.EncodeToString(h.Sum(nil)) + `"`
}

// buildKey names what the server's answers look like: the build's version
// and the contract it serves. A build from a checkout is "(devel)" without
// a commit, and every change to what an answer shows goes into the
// contract, so the contract's digest tells two such builds apart; servers
// of one build sharing a database give the same tags.
func buildKey(spec []byte) string {
	h := fnv.New64a()
	h.Write(spec)
	return koncern.Version().String() + "\x00" + hex.EncodeToString(h.Sum(nil))
}

// noneMatchNames reports whether an If-None-Match header names tag: "*"
// names any current answer, and otherwise the header is a list of entity
// tags compared weakly, that is, without their W/ prefix (RFC 9110
// 13.1.2). Members that are not entity tags are skipped.
func noneMatchNames(header, tag string) bool {
	if tag == "" {
		return false
	}
	if strings.TrimSpace(header) == "*" {
		return true
	}
	want := strings.TrimPrefix(tag, "W/")
	for _, t := range entityTags(header) {
		if strings.TrimPrefix(t, "W/") == want {
			return true
		}
	}
	return false
}

// entityTags splits a list of entity tags. A tag's quoted part may hold
// commas, so the list is read tag by tag rather than split on commas.
func entityTags(header string) []string {
	var tags []string
	s := header
	for {
		s = strings.TrimLeft(s, " \t,")
		if s == "" {
			return tags
		}
		weak := strings.HasPrefix(s, "W/")
		rest := strings.TrimPrefix(s, "W/")
		if !strings.HasPrefix(rest, `"`) {
			// Not a tag: skip to the next comma.
			_, s, _ = strings.Cut(s, ",")
			continue
		}
		end := strings.IndexByte(rest[1:], '"')
		if end < 0 {
			return tags
		}
		t := rest[:end+2]
		if weak {
			t = "W/" + t
		}
		tags = append(tags, t)
		s = rest[end+2:]
	}
}
