package authflow

import (
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"atomgit.com/atomgit-login/atomgit-login/internal/htmlescape"
)

// ErrTimeout ends an attempt that took longer than Options.Timeout.
var ErrTimeout = errors.New("authflow: the sign-in took too long and was stopped")

// ErrCancelled ends an attempt that the person (or the app's shutdown) cancelled.
var ErrCancelled = errors.New("authflow: the sign-in was cancelled")

// PortInUseError says that another program holds the redirect URI's port.
type PortInUseError struct {
	Addr string
	Err  error
}

func (e *PortInUseError) Error() string {
	return "authflow: " + e.Addr + " is used by another program"
}

func (e *PortInUseError) Unwrap() error { return e.Err }

// Callback error codes, also shown to the frontend.
const (
	CodeDenied        = "denied"             // the person declined on the authorize page
	CodeStateMismatch = "state_mismatch"     // state missing or not this attempt's (ignored, see ServeHTTP)
	CodeMissingCode   = "missing_code"       // neither a code nor an error
	CodeProvider      = "callback_error"     // the provider reported another error
	CodeUnexpected    = "unexpected_request" // not a GET (ignored, see ServeHTTP)
)

// CallbackError is a callback that did not carry a usable code.
type CallbackError struct {
	Code   string // one of the Code… constants
	Detail string // the provider's error and description, cleaned; never a code or token
	// Provider is the provider's own error code (its error parameter, cleaned), for
	// CodeDenied and CodeProvider: unauthorized_client, invalid_scope, ….
	Provider string
}

func (e *CallbackError) Error() string {
	if e.Detail != "" {
		return "authflow: " + e.Code + ": " + e.Detail
	}
	return "authflow: " + e.Code
}

// ServeHTTP answers the loopback listener's requests. Only a GET on the exact path that
// carries the attempt's state decides the attempt (with a code, or with the provider's
// error). Any web page in the person's browser can send requests here, so anything else
// gets a page and a log line, and the attempt goes on.
func (a *Attempt) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.EscapedPath() != a.path {
		a.page(w, http.StatusNotFound, pageNotFound)
		return
	}
	select {
	case <-a.done:
		a.page(w, http.StatusGone, pageFinished)
		return
	default:
	}
	res, err := a.parse(r)
	if why := foreign(err); why != "" {
		a.logIgnored(why, "method", clean(r.Method), "origin", clean(r.Header.Get("Origin")))
		if r.Method != http.MethodGet {
			w.Header().Set("Allow", http.MethodGet)
			a.page(w, http.StatusMethodNotAllowed, pageIgnored)
			return
		}
		a.page(w, http.StatusBadRequest, pageIgnored)
		return
	}
	if !a.decide(res, err) {
		a.page(w, http.StatusGone, pageFinished)
		return
	}
	if err == nil {
		a.page(w, http.StatusOK, pageSignedIn)
		return
	}
	a.page(w, http.StatusBadRequest, pageProblem)
}

// foreign says why parse found a request that is not this attempt's answer (not a GET, or
// without the attempt's state), or "" for one that decides the attempt.
func foreign(err error) string {
	if ce, ok := err.(*CallbackError); ok && (ce.Code == CodeUnexpected || ce.Code == CodeStateMismatch) {
		return ce.Code
	}
	return ""
}

// logIgnored reports an ignored request or navigation: why, and what attrs say of it (its
// method and the page's Origin, or that the window caught it), never its query (which may
// hold a code). A page in a loop is logged at the 1st, 2nd, 4th, 8th… request only.
func (a *Attempt) logIgnored(why string, attrs ...any) {
	n := a.ignored.Add(1)
	if a.opts.Log == nil || n&(n-1) != 0 {
		return
	}
	a.opts.Log.Warn("authflow: ignored a request on the callback path; the sign-in goes on",
		append(append([]any{"reason", why}, attrs...), "count", n)...)
}

// parse reads a callback request.
func (a *Attempt) parse(r *http.Request) (Result, error) {
	if r.Method != http.MethodGet {
		return Result{}, &CallbackError{Code: CodeUnexpected, Detail: "a " + r.Method + " request instead of the redirect"}
	}
	return a.parseQuery(r.URL.Query())
}

// parseQuery reads a callback's query. The state is checked first, in constant time, so
// that nothing else of a foreign callback is believed.
func (a *Attempt) parseQuery(q url.Values) (Result, error) {
	state := q.Get("state")
	if state == "" || subtle.ConstantTimeCompare([]byte(state), []byte(a.state)) != 1 {
		return Result{}, &CallbackError{Code: CodeStateMismatch}
	}
	if e := q.Get("error"); e != "" {
		detail := clean(q.Get("error_description"))
		if e == "access_denied" {
			return Result{}, &CallbackError{Code: CodeDenied, Detail: detail, Provider: e}
		}
		if detail == "" {
			detail = clean(e)
		} else {
			detail = clean(e) + ": " + detail
		}
		return Result{}, &CallbackError{Code: CodeProvider, Detail: detail, Provider: clean(e)}
	}
	code := q.Get("code")
	if code == "" {
		return Result{}, &CallbackError{Code: CodeMissingCode}
	}
	return Result{Code: code}, nil
}

// clean keeps a provider's text short and printable.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 200 {
		s = string(r[:200]) + "…"
	}
	return s
}

type pageKind int

const (
	pageSignedIn pageKind = iota
	pageProblem
	pageNotFound
	pageFinished
	pageIgnored
)

// pageText is each page's title and text (an array: nothing to build at start-up).
var pageText = [...][2]string{
	pageSignedIn: {"Signed in", "You are signed in. Returning to the app… 登录成功，正在返回应用…"},
	pageProblem:  {"Sign-in not completed", "The sign-in was not completed. The app explains why. 登录未完成，请回到应用查看原因。"},
	pageNotFound: {"Not found", "This address is not part of the sign-in. 此地址不属于登录流程。"},
	pageFinished: {"Sign-in already finished", "This sign-in is already finished; nothing was done. 此次登录已结束。"},
	pageIgnored:  {"Request ignored", "This request is not the answer to the sign-in under way, so it was ignored; the sign-in goes on. 此请求不是当前登录的应答，已忽略，登录仍在进行。"},
}

// pageTop is the callback page up to its title.
const pageTop = `<!doctype html>
<html><head><meta charset="utf-8"><title>`

// pageStyle follows the title.
const pageStyle = `</title>
<link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width">
<style>body{font:16px system-ui,sans-serif;display:grid;place-items:center;min-height:90vh;margin:0;color:#222}
main{max-width:28rem;padding:2rem;text-align:center}a{color:#c7402d}</style></head>
<body><main><h1>`

// pageHTML is the callback page: title, text, the app's name, the trusted URL that takes
// the window back to the app ("" for none), and whether the page goes there by itself.
// It is written with internal/htmlescape rather than html/template, which the commands
// would otherwise link for this page and the demo's alone, at a cost to every start
// (internal/htmlescape says how much); TestPageSameAsHTMLTemplate holds it equal to the html/template page it
// replaced, hostile values included.
func pageHTML(title, text, app, back string, leave bool) string {
	var b strings.Builder
	t := htmlescape.Text(title)
	b.WriteString(pageTop + t + pageStyle + t + "</h1><p>" + htmlescape.Text(text) + "</p>\n")
	if back != "" {
		b.WriteString(`<p><a href="` + htmlescape.TrustedURL(back) + `">Back to ` + htmlescape.Text(app) + "</a></p>\n")
		if leave {
			js, _ := json.Marshal(back) // a string: cannot fail; <, > and & come out as \u003c…
			b.WriteString("<script>location.replace(" + string(js) + ")</script>")
		}
	} else {
		b.WriteString("<p>You can close this tab and return to " + htmlescape.Text(app) + ".</p>")
	}
	b.WriteString("\n</main></body></html>")
	return b.String()
}

// page answers a small page that sends the window back to the app (except an ignored
// request's: the sign-in is still under way there). It carries no code or state, and keeps
// the callback URL (which holds the code) out of caches and referrers.
func (a *Attempt) page(w http.ResponseWriter, status int, kind pageKind) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:")
	w.WriteHeader(status)
	app := a.opts.AppName
	if app == "" {
		app = "the app"
	}
	t := pageText[kind]
	_, _ = io.WriteString(w, pageHTML(t[0], t[1], app, a.opts.ReturnURL, kind != pageIgnored))
}
