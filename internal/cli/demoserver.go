package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/fakeatomgit"
)

// demoServerOptions are demo-server's: the stand-in AtomGit for a developer's OAuth app.
type demoServerOptions struct {
	port           int
	clientID       string
	clientSecret   string
	redirectURI    string // "": any loopback callback is accepted
	profile        string // which endpoints to print: 2023 or current
	accessLifetime time.Duration
}

func (o *demoServerOptions) flags(fs *flag.FlagSet, l lang) {
	fs.IntVar(&o.port, "port", 0, l.t("the port to listen on, on 127.0.0.1 (0: any free port)", "在 127.0.0.1 上监听的端口（0：任一空闲端口）"))
	fs.StringVar(&o.clientID, "client-id", fakeatomgit.DefaultClientID, l.t("the OAuth app's client id it accepts", "它接受的 OAuth 应用 Client ID"))
	fs.StringVar(&o.clientSecret, "client-secret", fakeatomgit.DefaultClientSecret, l.t("the OAuth app's client secret it accepts", "它接受的 OAuth 应用 Client Secret"))
	fs.StringVar(&o.redirectURI, "redirect-uri", "", l.t("the one callback URL registered for the app (default: any loopback http URL)",
		"为该应用登记的唯一回调地址（默认：任何本机 http 地址）"))
	fs.StringVar(&o.profile, "profile", "2023", l.t("the endpoints to print: 2023 or current", "要输出的端点：2023 或 current"))
	fs.DurationVar(&o.accessLifetime, "access-lifetime", 8*time.Hour, l.t("how long an access token lives, e.g. 1m to watch refreshes", "访问令牌的有效期，例如 1m 以便观察刷新"))
}

// run is `demo-server`: it serves until interrupted.
func (o *demoServerOptions) run(ctx context.Context, c call) error {
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	return o.serve(ctx, c.d.Stdout, c.d.Stderr, c.d.lang)
}

// serve serves the stand-in on loopback until ctx ends. Once it listens, stdout gets the
// settings a program exports to use it, one `export NAME='value'` line each, then an empty
// line (a script reads up to it); stderr gets how to sign in, and the control routes.
func (o *demoServerOptions) serve(ctx context.Context, stdout, stderr io.Writer, l lang) error {
	if _, ok := config.Profiles[o.profile]; !ok {
		return &usageError{l.f("--profile must be 2023 or current, not %q", "--profile 必须是 2023 或 current，而不是 %q", o.profile)}
	}
	if o.redirectURI != "" {
		if err := config.CheckRedirectURI(o.redirectURI); err != nil {
			return &usageError{"--redirect-uri: " + err.Error()}
		}
	}
	if o.clientID == "" || o.clientSecret == "" || o.accessLifetime <= 0 || o.port < 0 || o.port > 65535 {
		return &usageError{l.t("--client-id and --client-secret must not be empty, --access-lifetime must be positive, and --port a port",
			"--client-id 和 --client-secret 不能为空，--access-lifetime 必须为正，--port 必须是端口号")}
	}
	srv := fakeatomgit.New(fakeatomgit.Options{ClientID: o.clientID, ClientSecret: o.clientSecret, AccessLifetime: o.accessLifetime,
		RotateRefresh: true, Controls: true, RedirectURIs: nonEmpty(o.redirectURI)})
	if err := srv.Start(ctx, net.JoinHostPort("127.0.0.1", strconv.Itoa(o.port))); err != nil {
		return err
	}
	defer srv.Close()
	authorize, token, user := srv.Endpoint2023()
	if o.profile == "current" {
		authorize, token, user = srv.EndpointCurrent()
	}
	settings := [][2]string{
		{"ATOMGIT_CLIENT_ID", o.clientID}, {"ATOMGIT_CLIENT_SECRET", o.clientSecret}, {"ATOMGIT_PROFILE", o.profile},
		{"ATOMGIT_AUTHORIZE_URL", authorize}, {"ATOMGIT_TOKEN_URL", token}, {"ATOMGIT_USER_URL", user},
	}
	if o.redirectURI != "" {
		settings = append(settings, [2]string{"ATOMGIT_REDIRECT_URI", o.redirectURI})
	}
	var b strings.Builder
	for _, s := range settings {
		b.WriteString("export " + s[0] + "=" + shellQuote(s[1]) + "\n")
	}
	if _, err := fmt.Fprintln(stdout, b.String()); err != nil {
		return err
	}
	u := srv.URL()
	fmt.Fprint(stderr, l.f(`atomgit-login demo-server: a stand-in AtomGit on %[1]s, until Ctrl-C. Export the settings above.
Sign in on its pages as %[2]s / %[3]s (or %[4]s / %[5]s), or approve from a script
the address a program sends the person to:
  curl -fsSL -o /dev/null --data-urlencode "url=ADDRESS" %[1]s/demo/approve
(add -d action=deny to deny, -d username=%[4]s -d password=%[5]s for the second account).
Make the API answer 401 to the tokens issued so far (a refresh cures it):
  curl -fsS -X POST %[1]s/demo/refuse
Revoke the grant (sign in again):
  curl -fsS -X POST %[1]s/demo/revoke
`, `atomgit-login demo-server：%[1]s 上的 AtomGit 替身，按 Ctrl-C 停止。请导出上面的设置。
在它的页面上以 %[2]s / %[3]s（或 %[4]s / %[5]s）登录，或在脚本中批准程序让用户打开的地址：
  curl -fsSL -o /dev/null --data-urlencode "url=ADDRESS" %[1]s/demo/approve
（加 -d action=deny 表示拒绝，加 -d username=%[4]s -d password=%[5]s 使用第二个账户）。
让 API 对目前签发的令牌回答 401（刷新即可恢复）：
  curl -fsS -X POST %[1]s/demo/refuse
撤销授权（需要重新登录）：
  curl -fsS -X POST %[1]s/demo/revoke
`, u, fakeatomgit.DefaultUsername, fakeatomgit.DefaultPassword, fakeatomgit.SecondUsername, fakeatomgit.SecondPassword))
	<-ctx.Done()
	return nil
}

// nonEmpty is []string{s}, or nil for "".
func nonEmpty(s string) []string {
	if s == "" {
		return nil
	}
	return []string{s}
}
