package web

import (
	"testing"
	"time"

	"github.com/koncernregistret/koncern/importer"
)

func TestUploadStore(t *testing.T) {
	clock := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	st := newUploadStore()
	st.now = func() time.Time { return clock }
	st.maxBytes = 10
	first := st.put(&upload{owner: "a", data: []byte("12345")})
	t.Run("OwnerOnly", func(t *testing.T) {
		if st.get(first, "a") == nil {
			t.Error("the owner cannot find its upload")
		}
		if st.get(first, "b") != nil || st.get(first, "") != nil {
			t.Error("another session finds the upload")
		}
	})
	t.Run("OldestGoFirst", func(t *testing.T) {
		clock = clock.Add(time.Minute)
		second := st.put(&upload{owner: "a", data: []byte("123456")})
		if st.get(first, "a") != nil || st.get(second, "a") == nil {
			t.Error("the store over its bytes did not drop the oldest upload alone")
		}
	})
	t.Run("Done", func(t *testing.T) {
		id := st.put(&upload{owner: "a", data: []byte("1")})
		st.done(id, importer.Result{})
		if u := st.get(id, "a"); u == nil || u.data != nil || u.result == nil {
			t.Errorf("after its import the upload is %+v", u)
		}
	})
	t.Run("Expires", func(t *testing.T) {
		id := st.put(&upload{owner: "a", data: []byte("1")})
		clock = clock.Add(uploadTTL + time.Second)
		if st.get(id, "a") != nil {
			t.Error("an expired upload is still kept")
		}
	})
}
