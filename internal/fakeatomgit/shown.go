package fakeatomgit

import "net/http"

// shownJS runs at the end of every page: it puts the focus where a person starts typing,
// then, once it is painted, tells the server that the page is ready for them. End-to-end tests wait for that
// (Stats.LoginShown, Stats.AuthorizeShown) before they type, instead of guessing.
const shownJS = `(function () {
  var f = document.querySelector("[autofocus]");
  if (f) f.focus();
  var page = document.currentScript.getAttribute("data-page");
  // After two animation frames the page has been painted.
  requestAnimationFrame(function () {
    requestAnimationFrame(function () {
      fetch("/_shown?page=" + encodeURIComponent(page), { method: "POST" });
    });
  });
})();
`

func (s *Server) handleShownJS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write([]byte(shownJS)) //nolint:errcheck // the client went away.
}

func (s *Server) handleShown(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Query().Get("page") {
	case "login":
		s.count(func(st *Stats) { st.LoginShown++ })
	case "authorize":
		s.count(func(st *Stats) { st.AuthorizeShown++ })
	}
	w.WriteHeader(http.StatusNoContent)
}
