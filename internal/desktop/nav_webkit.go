//go:build linux && desktop && webkit2_41

package desktop

/*
#cgo pkg-config: webkit2gtk-4.1
#include <stdint.h>
#include <webkit2/webkit2.h>

extern int goNavigation(char *uri);
extern void goCatchReady(uintptr_t ready, int ok);

static gint catching;              // 1 while Go wants navigations; read on GTK's thread
static WebKitWebView *caught_view; // the view our handler is on; NULLed when it is finalized

// on_decide_policy sees every navigation of the view (redirects included) before any
// request leaves. One that Go takes is ignored: it does not happen.
static gboolean on_decide_policy(WebKitWebView *view, WebKitPolicyDecision *decision,
		WebKitPolicyDecisionType type, gpointer data) {
	if (!g_atomic_int_get(&catching)) {
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

static void set_catching(int on) { g_atomic_int_set(&catching, on); }
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

// catchNavigation hands the window's navigations to deliver until stop. It finds the view
// on GTK's main loop and waits for that (at most 2 s: then the caller uses its listener).
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
	C.set_catching(1)
	return func() {
		nav.mu.Lock()
		defer nav.mu.Unlock()
		if nav.gen == gen {
			nav.deliver = nil
			C.set_catching(0)
		}
	}, true
}
