package browsertest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// collector keeps the errors a tab reported that no one has taken yet.
type collector struct {
	t      testing.TB
	mu     sync.Mutex
	errors []string
	closed bool
	// documents holds the requests that loaded a page or a frame. It is
	// touched only on the goroutine that delivers the tab's events.
	documents map[network.RequestID]bool
}

type collectorKey struct{}

// syncTimeout bounds the round trip Errors makes to the page.
const syncTimeout = 5 * time.Second

// watch forwards the tab's console messages to the test log and collects
// its errors: uncaught exceptions, console.error calls, and the browser's
// own error entries, which is where Chromium reports a blocked resource,
// a failed load and every Content-Security-Policy violation.
func watch(t testing.TB, ctx context.Context) (context.Context, *collector) {
	t.Helper()
	c := &collector{t: t, documents: map[network.RequestID]bool{}}
	// Listen, unlike chromedp.Console, sees an event before the reply to
	// any command the browser sent after it, so Errors can be exact.
	err := chromedp.Listen(ctx, c.event)
	if err != nil {
		t.Fatalf("browsertest: listening to the console: %v", err)
	}
	return context.WithValue(ctx, collectorKey{}, c), c
}

// close stops the logging and collecting; events after it are dropped.
func (c *collector) close() {
	c.mu.Lock()
	c.closed = true
	c.mu.Unlock()
}

// event handles one event of the tab. A page's own status of 4xx or 5xx
// (a 403 for a forged form, a 422 for a form with errors) makes Chromium log
// "Failed to load resource" too; that is the server answering as the test
// expects, which the test checks by the status, so it is logged but not
// counted. A failed script, style or image is counted.
func (c *collector) event(ev any) {
	if r, ok := ev.(*network.EventRequestWillBeSent); ok {
		if r.Type == network.ResourceTypeDocument {
			c.documents[r.RequestID] = true
		}
		return
	}
	text, isError := describe(ev)
	if text == "" {
		return
	}
	if e, ok := ev.(*log.EventEntryAdded); ok && isError && c.documents[e.Entry.NetworkRequestID] {
		isError = false
		text += " (the page's own status, not counted as an error)"
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return
	}
	c.t.Log("browser " + text)
	if isError {
		c.errors = append(c.errors, text)
	}
}

// describe renders a console event as one line and says whether it is an
// error; it returns "" for events that are not console messages.
func describe(ev any) (string, bool) {
	switch ev := ev.(type) {
	case *runtime.EventExceptionThrown:
		return "exception: " + exceptionText(ev.ExceptionDetails), true
	case *runtime.EventConsoleAPICalled:
		isError := ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert
		return fmt.Sprintf("console.%s: %s", ev.Type, argsText(ev.Args)), isError
	case *log.EventEntryAdded:
		e := ev.Entry
		text := fmt.Sprintf("%s (%s): %s", e.Level, e.Source, e.Text)
		if e.URL != "" {
			text += fmt.Sprintf(" [%s:%d]", e.URL, e.LineNumber)
		}
		return text, e.Level == log.EntryLevelError
	}
	return "", false
}

func exceptionText(d *runtime.ExceptionDetails) string {
	text := d.Text
	if d.Exception != nil && d.Exception.Description != "" {
		// The description carries the stack after the first line.
		first, _, _ := strings.Cut(d.Exception.Description, "\n")
		text += " " + first
	}
	if d.URL != "" {
		text += fmt.Sprintf(" [%s:%d]", d.URL, d.LineNumber)
	}
	return text
}

// argsText joins a console call's arguments as the DevTools console would,
// close enough to read: strings as they are, other values by description.
func argsText(args []*runtime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		switch {
		case a.Type == runtime.RemoteObjectTypeString:
			var s string
			_ = json.Unmarshal(a.Value, &s)
			parts = append(parts, s)
		case a.Description != "":
			parts = append(parts, a.Description)
		default:
			parts = append(parts, string(a.Value))
		}
	}
	return strings.Join(parts, " ")
}

// Errors returns the errors the tab of ctx reported since the last call and
// forgets them: a test that provokes an error on purpose (a script that
// throws, say) takes it here, and any error left untaken fails the test when it ends.
// A round trip to the page first makes sure every error the page raised
// before the call has arrived.
func Errors(ctx context.Context) []string {
	c, ok := ctx.Value(collectorKey{}).(*collector)
	if !ok {
		panic("browsertest: Errors needs a context from New or NewTab")
	}
	// An error here means the tab is gone or stuck; what arrived is still
	// reported, and the timeout keeps a stuck page from hanging the test.
	round, cancel := context.WithTimeout(ctx, syncTimeout)
	defer cancel()
	_ = chromedp.Do(round, chromedp.Evaluate[chromedp.Void]("0"))
	c.mu.Lock()
	defer c.mu.Unlock()
	errs := c.errors
	c.errors = nil
	return errs
}

// NoErrors fails the test, listing them, if the tab reported any error
// since the last Errors call. A Content-Security-Policy violation is one:
// it is a bug in the page even when the page still looks right.
func NoErrors(t testing.TB, ctx context.Context) {
	t.Helper()
	for _, e := range Errors(ctx) {
		t.Errorf("browser error: %s", e)
	}
}
