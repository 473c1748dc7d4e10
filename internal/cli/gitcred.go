package cli

import (
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strconv"
	"strings"

	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// GitUsername is the username git is given with an OAuth access token as the password.
// GitCode, whose backend AtomGit shares, takes HTTPS git with the username "oauth2" and
// an OAuth token as the password, as GitLab does; public clients of AtomGit do the same.
// It was not checked against the live server (see docs/reuse.md).
const GitUsername = "oauth2"

// maxCredentialLine bounds one line of git's credential input (a wwwauth[] header can be
// long; a token is short).
const maxCredentialLine = 64 << 10

// credential is the part of git's credential description that the helper reads. Other
// attributes (wwwauth[], capability[], password_expiry_utc, …) are ignored.
type credential struct {
	Protocol, Host, Path, Username, Password string
}

// readCredential reads git's credential description: key=value lines up to a blank line
// or the end of input (git-credential(1), "INPUT/OUTPUT FORMAT"). A url attribute is
// split into its parts, as git does. A line without "=" is an error; its text is not
// repeated, since it may hold a password.
func readCredential(r io.Reader) (credential, error) {
	var c credential
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxCredentialLine)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSuffix(sc.Text(), "\r")
		if line == "" {
			break
		}
		key, value, ok := strings.Cut(line, "=")
		if !ok || key == "" {
			return credential{}, fmt.Errorf("git-credential: line %d of the input is not key=value", n)
		}
		switch key {
		case "protocol":
			c.Protocol = value
		case "host":
			c.Host = value
		case "path":
			c.Path = value
		case "username":
			c.Username = value
		case "password":
			c.Password = value
		case "url":
			u, err := url.Parse(value)
			if err != nil {
				return credential{}, fmt.Errorf("git-credential: line %d of the input: the url cannot be read", n)
			}
			c.Protocol, c.Host = u.Scheme, u.Host
			if p := strings.TrimPrefix(u.Path, "/"); p != "" {
				c.Path = p
			}
			if u.User != nil {
				c.Username = u.User.Username()
				if pw, ok := u.User.Password(); ok {
					c.Password = pw
				}
			}
		}
	}
	if err := sc.Err(); err != nil {
		return credential{}, fmt.Errorf("git-credential: read the input: %w", err)
	}
	return c, nil
}

// gitOrigin is the web host that git talks to for the configured AtomGit: the scheme and
// host (with its port, if any) of the authorize URL, e.g. https://atomgit.com.
type gitOrigin struct {
	Scheme, Host string
}

func originOf(c *config.Config) (gitOrigin, error) {
	scheme, host, ok := c.AuthorizeOrigin()
	if !ok {
		return gitOrigin{}, fmt.Errorf("cli: the authorize URL %q has no host", c.Endpoint.AuthorizeURL)
	}
	return gitOrigin{Scheme: strings.ToLower(scheme), Host: normalHost(scheme, host)}, nil
}

// String is the origin as a URL, the form git's credential.<url>.* settings take.
func (o gitOrigin) String() string { return o.Scheme + "://" + o.Host }

// matches reports whether git asks about this origin: the same host, over https, or over
// http when the origin itself is http (a local test server). Ports are compared, with
// the protocol's default port the same as none.
func (o gitOrigin) matches(c credential) bool {
	proto := strings.ToLower(c.Protocol)
	if proto != "https" && (proto != "http" || o.Scheme != "http") {
		return false
	}
	return normalHost(proto, c.Host) == normalHost(proto, o.Host)
}

// normalHost lower-cases host and drops the scheme's default port.
func normalHost(scheme, host string) string {
	host = strings.ToLower(host)
	switch {
	case scheme == "https" && strings.HasSuffix(host, ":443"):
		return strings.TrimSuffix(host, ":443")
	case scheme == "http" && strings.HasSuffix(host, ":80"):
		return strings.TrimSuffix(host, ":80")
	}
	return host
}

// gitCredentialOptions are `git-credential OPERATION`'s: it has no flags of its own.
type gitCredentialOptions struct{}

func (*gitCredentialOptions) flags(*flag.FlagSet, lang) {}

// run is the helper that git runs: it reads git's description from stdin.
func (*gitCredentialOptions) run(ctx context.Context, c call) error {
	d := c.d
	if len(c.args) == 0 {
		return &usageError{d.lang.t("git-credential needs an operation: get, store or erase (git adds it; see atomgit-login setup-git)",
			"git-credential 需要一个操作：get、store 或 erase（由 git 添加；见 atomgit-login setup-git）")}
	}
	if len(c.args) > 1 {
		return &usageError{d.lang.unexpected(c.args[1])}
	}
	return gitCredential(ctx, c.env, c.args[0], d.Stdin, d.Stdout, d.Stderr, d.lang)
}

// gitCredential answers one request of git's credential helper protocol
// (gitcredentials(7)) for the configured AtomGit host, and stays silent for any other
// host or protocol, so that other helpers answer:
//
//   - get: username, password (a valid access token, refreshed first when due) and
//     password_expiry_utc. Without a session it answers nothing and says on stderr how
//     to sign in; git then asks the next helper, or the person.
//   - erase: git says the token was refused. When it is the current access token, it is
//     refreshed at once, so that the next get has a new one; the session is kept.
//   - store: nothing to do, the tokens are ours.
//
// Problems go to stderr as one line in the language l, and the exit status stays 0: git
// goes on without us. Tokens are never written to stderr; what goes to out is the
// protocol's, in no language.
func gitCredential(ctx context.Context, env *wiring.Env, op string, in io.Reader, out, errw io.Writer, l lang) error {
	if env.Demo {
		return &usageError{l.noDemo("git-credential")}
	}
	switch op {
	case "get", "erase", "store":
	default:
		return nil // "If a helper receives any other operation, it should silently ignore the request."
	}
	c, err := readCredential(in)
	if err != nil {
		return err
	}
	origin, err := originOf(env.Config)
	if err != nil {
		return err
	}
	if op == "store" || !origin.matches(c) {
		return nil
	}
	// A username that names one of the signed-in accounts picks it (git's
	// credential.username, or a URL with user@): several accounts on one host.
	if env.User == "" && c.Username != "" && !strings.EqualFold(c.Username, GitUsername) {
		env.User = c.Username
	}
	m, err := env.Open(ctx, wiring.SessionOptions{})
	if errors.Is(err, session.ErrNoAccount) {
		return nil // not ours: another helper may have it
	}
	if err != nil {
		return err
	}
	defer m.Close()
	if op == "erase" {
		return gitErase(ctx, env, m, c, errw, l)
	}
	return gitGet(ctx, env, m, c, out, errw, l)
}

func gitGet(ctx context.Context, env *wiring.Env, m *wiring.Session, c credential, out, errw io.Writer, l lang) error {
	user := GitUsername
	if c.Username != "" && !strings.EqualFold(c.Username, GitUsername) {
		a := m.Status().Account
		if a != nil && !strings.EqualFold(c.Username, a.Login) {
			return nil // another account: another helper may have it
		}
		user = c.Username
	}
	tok, err := m.Token(ctx)
	if err != nil {
		fmt.Fprintf(errw, "atomgit-login: %s\n", l.whyNot(m.Status(), err, env))
		return nil
	}
	st := m.Status()
	attrs := [][2]string{{"username", user}, {"password", tok}}
	if st.ExpiresAt != nil {
		attrs = append(attrs, [2]string{"password_expiry_utc", strconv.FormatInt(st.ExpiresAt.Unix(), 10)})
	}
	answer, err := credentialAnswer(attrs)
	if err != nil {
		what := err.Error()
		if bad := (*badAttributeError)(nil); errors.As(err, &bad) && l.zh {
			what = "git-credential：" + bad.attr + " 中含有换行符或 NUL，因此不交给 git"
		}
		fmt.Fprintf(errw, "atomgit-login: %s\n", l.f("%s; sign in again with: %s", "%s；重新登录请运行：%s", what, signInCommand(env)))
		return nil
	}
	_, err = io.WriteString(out, answer)
	return err
}

// credentialAnswer writes attrs as git's key=value lines. A value with CR, LF or NUL
// would end its line early and let the rest pose as attributes of its own (another
// host, user or password), so the whole answer is refused; the error names the
// attribute, never its value.
func credentialAnswer(attrs [][2]string) (string, error) {
	var b strings.Builder
	for _, a := range attrs {
		if strings.ContainsAny(a[1], "\r\n\x00") {
			return "", &badAttributeError{attr: a[0]}
		}
		b.WriteString(a[0] + "=" + a[1] + "\n")
	}
	return b.String(), nil
}

// badAttributeError is credentialAnswer's refusal: the value of attr has a line break or
// NUL in it.
type badAttributeError struct{ attr string }

func (e *badAttributeError) Error() string {
	return "git-credential: the " + e.attr + " has a line break or NUL in it, so it is not given to git"
}

func gitErase(ctx context.Context, env *wiring.Env, m *wiring.Session, c credential, errw io.Writer, l lang) error {
	if c.Password == "" {
		return nil
	}
	// The same path as `token --refused`: one refresh however many report the token.
	if _, err := m.Refused(ctx, c.Password); err != nil && !errors.Is(err, session.ErrNoRecord) {
		fmt.Fprintf(errw, "atomgit-login: %s\n", l.f("AtomGit refused the token, and refreshing it failed: %s",
			"AtomGit 拒绝了令牌，刷新也失败了：%s", l.whyNot(m.Status(), err, env)))
	}
	return nil
}
