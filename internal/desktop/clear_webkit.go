//go:build linux && desktop && webkit2_41

package desktop

/*
#cgo pkg-config: webkit2gtk-4.1
#include <webkit2/webkit2.h>

static void cleared(GObject *source, GAsyncResult *res, gpointer data) {
	webkit_website_data_manager_clear_finish(WEBKIT_WEBSITE_DATA_MANAGER(source), res, NULL);
}

// clear runs on GTK's main loop: WebKit is not to be called from other threads.
static gboolean clear(gpointer data) {
	WebKitWebContext *ctx = webkit_web_context_get_default();
	WebKitWebsiteDataManager *m = webkit_web_context_get_website_data_manager(ctx);
	webkit_website_data_manager_clear(m, WEBKIT_WEBSITE_DATA_ALL, 0, NULL, cleared, NULL);
	return G_SOURCE_REMOVE;
}

static void schedule_clear(void) { g_idle_add(clear, NULL); }
*/
import "C"

// clearBrowsingData ends every web session in the window (cookies, storage and caches of
// every site). It returns at once; the clearing runs on the GTK main loop. Wails does not
// expose WebKit's website data manager, hence this cgo call.
func clearBrowsingData() { C.schedule_clear() }
