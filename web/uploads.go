package web

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"

	"github.com/koncernregistret/koncern/importer"
)

// upload is a file a dry run found fit to import, kept until its owner
// imports it, and then the import's result.
type upload struct {
	owner   string // the hash of the session that sent it
	name    string
	format  importer.Format
	kind    string
	data    []byte
	result  *importer.Result
	expires time.Time
}

// uploadStore keeps checked uploads in memory for a few minutes, keyed by
// a random id that the import button sends back, and only for the session
// that sent them. Keeping the file here, rather than asking the browser to
// send it again, means the import writes exactly the bytes the dry run
// checked: a browser cannot re-send a chosen file without the person
// choosing it again, and could then choose another. The cost is memory,
// bounded by maxBytes, and that a server restarted between the two clicks
// asks for the file again.
type uploadStore struct {
	mu       sync.Mutex
	items    map[string]*upload
	ttl      time.Duration
	maxBytes int
	now      func() time.Time
}

// Bounds of the store: a checked file waits this long for its import, and
// the files waiting at once take at most this many bytes (the oldest go
// first).
const (
	uploadTTL      = 15 * time.Minute
	uploadMaxBytes = 64 << 20
)

func newUploadStore() *uploadStore {
	return &uploadStore{items: map[string]*upload{}, ttl: uploadTTL, maxBytes: uploadMaxBytes, now: time.Now}
}

// put keeps u and returns its id.
func (st *uploadStore) put(u *upload) string {
	b := make([]byte, 18)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24).
	id := base64.RawURLEncoding.EncodeToString(b)
	st.mu.Lock()
	defer st.mu.Unlock()
	u.expires = st.now().Add(st.ttl)
	st.items[id] = u
	st.sweep()
	return id
}

// get is the upload id of owner, if it is still kept.
func (st *uploadStore) get(id, owner string) *upload {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.sweep()
	u, ok := st.items[id]
	if !ok || owner == "" || u.owner != owner {
		return nil
	}
	return u
}

// done replaces the file of upload id by the result of its import, so
// that the page after the import can show it while the file's memory is
// freed.
func (st *uploadStore) done(id string, res importer.Result) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if u, ok := st.items[id]; ok {
		u.data, u.result = nil, &res
	}
}

// sweep drops expired uploads, then the oldest until the rest fit in
// maxBytes. The caller holds mu.
func (st *uploadStore) sweep() {
	now, total := st.now(), 0
	for id, u := range st.items {
		if now.After(u.expires) {
			delete(st.items, id)
			continue
		}
		total += len(u.data)
	}
	for total > st.maxBytes {
		oldest := ""
		for id, u := range st.items {
			if len(u.data) > 0 && (oldest == "" || u.expires.Before(st.items[oldest].expires)) {
				oldest = id
			}
		}
		total -= len(st.items[oldest].data)
		delete(st.items, oldest)
	}
}
