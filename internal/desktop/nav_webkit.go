//go:build linux && desktop && webkit2_41

package desktop

/*
#cgo pkg-config: webkit2gtk-4.1
#include <stdint.h>
#include <webkit2/webkit2.h>

extern int goNavigation(char *uri);
extern void goCatchReady(uintptr_t ready, int ok);

// catching is what the handlers do, read and changed atomically on both threads:
enum { OFF, CATCHING, RELEASING };
// RELEASING: Go stopped the catch, but the window may still show another site's page, whose
// frames could still navigate to the redirect URI once nothing catches it (and reach
// whoever took the port meanwhile). Navigations still go to Go (the ended attempt takes
// and refuses every one to the redirect URI) until the view commits the app's own page:
// then every document of the old page is gone, and catching ends.
static gint catching = OFF;
static WebKitWebView *caught_view; // the view our handler is on; NULLed when it is finalized
#define APP_ORIGIN "wails://wails/" // the app's own page on Linux (Wails' start URL)

// on_decide_policy sees every navigation of the view (redirects included) before any
// request leaves. One that Go takes is ignored: it does not happen.
static gboolean on_decide_policy(WebKitWebView *view, WebKitPolicyDecision *decision,
		WebKitPolicyDecisionType type, gpointer data) {
	if (g_atomic_int_get(&catching) == OFF) {
		return FALSE;
	}
	if (type != WEBKIT_POLICY_DECISION_TYPE_NAVIGATION_ACTION &&
			type != WEBKIT_POLICY_DECISION_TYPE_NEW_WINDOW_ACTION) {
		return FALSE;
	}
	WebKitNavigationAction *action = webkit_navigation_policy_decision_get_navigation_action(
		WEBKIT_NAVIGATION_POLICY_DECISION(decision));
	const gchar *uri = webkit_uri_request_get_uri(webkit_navigation_action_get_request(action));
	if (uri == NULL || !goNavigation((char *)uri)) {
		return FALSE; // WebKit decides as usual
	}
	webkit_policy_decision_ignore(decision);
	return TRUE;
}

// on_load_changed ends a catch that Go released once the view has committed the app's own
// page (its main frame: a frame of another page cannot do this). A newer catch, begun
// meanwhile, is left on (the compare-and-swap).
static void on_load_changed(WebKitWebView *view, WebKitLoadEvent event, gpointer data) {
	if (event != WEBKIT_LOAD_COMMITTED || g_atomic_int_get(&catching) != RELEASING) {
		return;
	}
	const gchar *uri = webkit_web_view_get_uri(view);
	if (uri != NULL && g_str_has_prefix(uri, APP_ORIGIN)) {
		g_atomic_int_compare_and_exchange(&catching, RELEASING, OFF);
	}
}

static WebKitWebView *find_view(GtkWidget *w) {
	if (WEBKIT_IS_WEB_VIEW(w)) {
		return WEBKIT_WEB_VIEW(w);
	}
	if (!GTK_IS_CONTAINER(w)) {
		return NULL;
	}
	WebKitWebView *found = NULL;
	GList *children = gtk_container_get_children(GTK_CONTAINER(w));
	for (GList *l = children; l != NULL && found == NULL; l = l->next) {
		found = find_view(GTK_WIDGET(l->data));
	}
	g_list_free(children);
	return found;
}

// connect_view runs on GTK's main loop. It looks for Wails' view (the only WebKitWebView
// in the window; Wails does not export it) at every attempt, and connects the handler to
// a view it is not on yet.
static gboolean connect_view(gpointer ready) {
	WebKitWebView *view = NULL;
	GList *tops = gtk_window_list_toplevels();
	for (GList *l = tops; l != NULL && view == NULL; l = l->next) {
		view = find_view(GTK_WIDGET(l->data));
	}
	g_list_free(tops);
	if (view != NULL && view != caught_view) {
		if (caught_view != NULL) {
			g_object_remove_weak_pointer(G_OBJECT(caught_view), (gpointer *)&caught_view);
		}
		g_signal_connect(view, "decide-policy", G_CALLBACK(on_decide_policy), NULL);
		g_signal_connect(view, "load-changed", G_CALLBACK(on_load_changed), NULL);
		caught_view = view;
		g_object_add_weak_pointer(G_OBJECT(view), (gpointer *)&caught_view);
	}
	goCatchReady((uintptr_t)ready, view != NULL);
	return G_SOURCE_REMOVE;
}

static void schedule_connect(uintptr_t ready) {
	if (g_main_context_is_owner(g_main_context_default())) {
		connect_view((gpointer)ready); // already on GTK's thread
		return;
	}
	g_idle_add(connect_view, (gpointer)ready);
}

static void start_catching(void) { g_atomic_int_set(&catching, CATCHING); }
static void release_catching(void) { g_atomic_int_compare_and_exchange(&catching, CATCHING, RELEASING); }
*/
import "C"

import (
	"runtime/cgo"
	"sync"
	"time"
)

// nav is the one catch under way. Wails does not connect WebKit's decide-policy, so this
// is the only handler of it.
var nav struct {
	mu      sync.Mutex // guards the fields below
	deliver func(string) bool
	gen     uint64 // bumped by every catch, so that a late stop leaves a newer catch be
}

// catchNavigation hands the window's navigations to deliver until stop, and after stop
// until the window has committed the app's own page (so deliver must go on refusing what
// it no longer wants: an ended attempt's Deliver does). It finds the view on GTK's main
// loop and waits for that (at most 2 s: then the caller uses its listener).
func catchNavigation(deliver func(string) bool) (stop func(), ok bool) {
	ready := make(chan bool, 1)
	C.schedule_connect(C.uintptr_t(cgo.NewHandle(ready)))
	select {
	case found := <-ready:
		if !found {
			return nil, false
		}
	case <-time.After(2 * time.Second):
		return nil, false
	}
	nav.mu.Lock()
	defer nav.mu.Unlock()
	nav.gen++
	gen := nav.gen
	nav.deliver = deliver
	C.start_catching()
	return func() {
		nav.mu.Lock()
		defer nav.mu.Unlock()
		if nav.gen == gen {
			C.release_catching() // deliver stays until the app's page is back
		}
	}, true
}
