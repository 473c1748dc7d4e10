package cli

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptrace"
	"net/url"
	"strings"
	"sync"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/atomgit"
	"atomgit.com/atomgit-login/atomgit-login/internal/config"
)

// maxSkew is how far this machine's clock may be from AtomGit's: the 2023 API's token
// expiries are the server's own times.
const maxSkew = time.Minute

// endpoint is one of the app's AtomGit endpoints, and the setting that names it.
type endpoint struct{ name, setting, url string }

// hostProbe is what one request to a host found, phase by phase.
type hostProbe struct {
	host      string
	endpoints []endpoint // the endpoints on this host, the first one asked
	dns, tls  time.Duration
	addrs     int
	tlsVer    string
	proxy     string
	status    int
	took      time.Duration
	skew      time.Duration // the server's Date less this machine's clock; 0 without a Date
	dated     bool
	phase     string // where it failed: dns, connect, tls, http
	err       error
}

// network checks every host of the app's endpoints at once (DNS, TLS, an answer, the
// clock's skew), and then whether AtomGit takes the app's settings, each with its own
// time limit; when the network is slow, progress hears that diagnose still waits.
func (dc *doctor) network(ctx context.Context) []Finding {
	l := dc.l
	if dc.cfg == nil {
		why := l.t("not checked: the settings cannot be used", "未检查：设置无法使用")
		return []Finding{skipped("host", why), skipped("clock", why)}
	}
	if dc.env.Demo {
		return []Finding{skipped("host", l.t("not checked: the demo runs on this machine, in its window", "未检查：演示在本机的窗口中运行"))}
	}
	c := dc.cfg
	var hosts []*hostProbe
	for _, e := range []endpoint{{"authorize", "authorize_url", c.Endpoint.AuthorizeURL}, {"token", "token_url", c.Endpoint.TokenURL}, {"user", "user_url", c.Endpoint.UserURL}} {
		u, err := url.Parse(e.url)
		if err != nil {
			continue // the settings' check refused it
		}
		var p *hostProbe
		for _, h := range hosts {
			if h.host == u.Host {
				p = h
			}
		}
		if p == nil {
			p = &hostProbe{host: u.Host}
			hosts = append(hosts, p)
		}
		p.endpoints = append(p.endpoints, e)
	}
	client := atomgit.Client{Endpoint: c.Endpoint, ClientID: c.ClientID, ClientSecret: c.ClientSecret, RedirectURI: c.RedirectURI,
		HTTP: &http.Client{Timeout: dc.timeout}}
	var wg sync.WaitGroup
	var authorizeErr, tokenErr error
	for _, h := range hosts {
		wg.Go(func() { dc.probeHost(ctx, h) })
	}
	configured := c.Configured() && c.ClientSecret != ""
	if configured {
		wg.Go(func() { authorizeErr = client.CheckAuthorize(ctx) })
		wg.Go(func() { _, tokenErr = client.Exchange(ctx, "atomgit-login-diagnose-not-a-code") })
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		fmt.Fprintln(dc.progress, l.f("atomgit-login: still waiting for AtomGit's hosts (at most %s)…", "atomgit-login：仍在等待 AtomGit 的主机（最多 %s）…", dc.timeout))
		<-done
	}
	var out []Finding
	for _, h := range hosts {
		out = append(out, dc.hostFinding(h))
	}
	out = append(out, dc.clock(hosts))
	if configured {
		out = append(out, dc.authorizeFinding(authorizeErr), dc.tokenFinding(tokenErr))
	}
	return out
}

// probeHost asks h's first endpoint, as the program would (through the same proxy), with
// no credentials, following no redirect, and times each phase.
func (dc *doctor) probeHost(ctx context.Context, h *hostProbe) {
	ctx, cancel := context.WithTimeout(ctx, dc.timeout)
	defer cancel()
	var dnsStart, tlsStart time.Time
	h.phase = "connect" // an address needs no DNS
	trace := &httptrace.ClientTrace{
		DNSStart: func(httptrace.DNSStartInfo) { dnsStart, h.phase = time.Now(), "dns" },
		DNSDone: func(i httptrace.DNSDoneInfo) {
			h.dns, h.addrs = time.Since(dnsStart), len(i.Addrs)
			if i.Err == nil {
				h.phase = "connect"
			}
		},
		ConnectDone: func(_, _ string, err error) {
			if err == nil {
				h.phase = "tls"
			}
		},
		TLSHandshakeStart: func() { tlsStart = time.Now() },
		TLSHandshakeDone: func(s tls.ConnectionState, err error) {
			h.tls = time.Since(tlsStart)
			if err == nil {
				h.tlsVer, h.phase = tls.VersionName(s.Version), "http"
			}
		},
		GotConn: func(httptrace.GotConnInfo) {
			if h.phase != "http" {
				h.phase = "http"
			}
		},
	}
	req, err := http.NewRequestWithContext(httptrace.WithClientTrace(ctx, trace), http.MethodGet, h.endpoints[0].url, nil)
	if err != nil {
		h.err = err
		return
	}
	if proxy, err := http.ProxyFromEnvironment(req); err == nil && proxy != nil {
		h.proxy = hidePassword(proxy.String())
	}
	transport := &http.Transport{Proxy: http.ProxyFromEnvironment, DisableKeepAlives: true, ForceAttemptHTTP2: true}
	hc := &http.Client{Transport: transport, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	start := time.Now()
	resp, err := hc.Do(req)
	if err != nil {
		h.err = err
		return
	}
	resp.Body.Close()
	h.took, h.status = time.Since(start), resp.StatusCode
	if date, err := http.ParseTime(resp.Header.Get("Date")); err == nil {
		// The server's clock read at about the middle of the request; its second is whole.
		h.skew, h.dated = date.Sub(start.Add(h.took/2)).Round(time.Second), true
	}
}

// hostFinding says what the request to h found, or where and why it failed.
func (dc *doctor) hostFinding(h *hostProbe) Finding {
	l := dc.l
	var names []string
	for _, e := range h.endpoints {
		names = append(names, e.name)
	}
	who := fmt.Sprintf("%s (%s)", h.host, strings.Join(names, ", "))
	data := map[string]any{"host": h.host, "endpoints": names}
	if h.err != nil {
		data["failed"] = h.phase
		e := h.endpoints[0]
		netFix := l.t("check the network, a firewall, or the proxy variables this network needs (HTTPS_PROXY)", "请检查网络、防火墙，或这个网络所需的代理变量（HTTPS_PROXY）")
		var text, fix string
		switch {
		case errors.Is(h.err, context.DeadlineExceeded):
			text, fix = l.f("%s: no answer within %s", "%s：%s 内没有应答", who, dc.timeout), netFix
		case h.phase == "dns" && h.proxy == "":
			text = l.f("%s: the name cannot be resolved (%v)", "%s：无法解析该名称（%v）", who, unwrapURL(h.err))
			fix = l.t("check this machine's DNS and network connection", "请检查本机的 DNS 和网络连接")
			if v := dc.value(e.setting); v.Source != config.FromDefault {
				fix = l.f("check %s (%s) for a typo, and this machine's DNS and network", "请检查 %s（%s）是否有错字，以及本机的 DNS 和网络", dc.cfg.SettingName(e.setting), e.url)
			}
		case h.phase == "tls":
			text = l.f("%s: the TLS handshake failed (%v)", "%s：TLS 握手失败（%v）", who, unwrapURL(h.err))
			fix = l.t("the server's certificate is not trusted here: check the system's CA certificates, the clock, or a proxy that intercepts TLS",
				"此处不信任服务器的证书：请检查系统的 CA 证书、时钟，或拦截 TLS 的代理")
		default:
			text, fix = l.f("%s: cannot connect (%v)", "%s：无法连接（%v）", who, unwrapURL(h.err)), netFix
		}
		return Finding{ID: "host", Text: text, Fix: fix, Data: data}
	}
	var parts []string
	switch {
	case h.proxy != "":
		parts = append(parts, l.f("through the proxy %s", "经由代理 %s", h.proxy))
	case h.addrs > 0:
		parts = append(parts, l.f("DNS %d ms (%d addresses)", "DNS %d 毫秒（%d 个地址）", h.dns.Milliseconds(), h.addrs))
	}
	if h.tlsVer != "" {
		parts = append(parts, l.f("%s in %d ms", "%s 用了 %d 毫秒", h.tlsVer, h.tls.Milliseconds()))
	} else if strings.HasPrefix(h.endpoints[0].url, "http:") {
		parts = append(parts, l.t("no TLS (http, this machine only)", "无 TLS（http，仅限本机）"))
	}
	parts = append(parts, l.f("HTTP %d in %d ms", "HTTP %d 用了 %d 毫秒", h.status, h.took.Milliseconds()))
	data["status"], data["ms"] = h.status, h.took.Milliseconds()
	return Finding{ID: "host", OK: true, Text: who + l.t(": ", "：") + strings.Join(parts, l.t(", ", "，")), Data: data}
}

// unwrapURL is err without the *url.Error's method and URL.
func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// clock compares this machine's clock with the hosts' Date.
func (dc *doctor) clock(hosts []*hostProbe) Finding {
	l := dc.l
	var worst *hostProbe
	for _, h := range hosts {
		if h.dated && (worst == nil || h.skew.Abs() > worst.skew.Abs()) {
			worst = h
		}
	}
	if worst == nil {
		return skipped("clock", l.t("not checked: no host answered with its time", "未检查：没有主机在应答中给出时间"))
	}
	data := map[string]any{"host": worst.host, "skew_seconds": int64(-worst.skew / time.Second)}
	if worst.skew.Abs() <= maxSkew {
		return Finding{ID: "clock", OK: true, Data: data,
			Text: l.f("within %s of %s's", "与 %[2]s 的时钟相差不超过 %[1]s", max(worst.skew.Abs(), time.Second), worst.host)}
	}
	text := l.f("this machine's clock is %s behind %s's", "本机的时钟比 %[2]s 的慢 %[1]s", worst.skew.Abs(), worst.host)
	if worst.skew < 0 {
		text = l.f("this machine's clock is %s ahead of %s's", "本机的时钟比 %[2]s 的快 %[1]s", worst.skew.Abs(), worst.host)
	}
	return Finding{ID: "clock", Text: text, Data: data,
		Fix: l.t("set the clock right, and let the system keep it right (its date and time settings: automatic time): AtomGit's token expiries are its own times",
			"请把时钟调准，并让系统保持准确（在日期和时间设置中启用自动对时）：AtomGit 令牌的过期时间是按它自己的时钟给出的")}
}

// authorizeFinding says whether AtomGit's authorize page takes the app's request (its
// client id and redirect URI).
func (dc *doctor) authorizeFinding(err error) Finding {
	l, c := dc.l, dc.cfg
	var e *atomgit.Error
	switch {
	case err == nil:
		return Finding{ID: "app_authorize", OK: true, Text: l.t("AtomGit's authorize page takes the app's client id and callback address", "AtomGit 的授权页面接受本应用的 Client ID 和回调地址")}
	case !errors.As(err, &e) || e.StatusCode == 0 || e.StatusCode >= 500:
		return skipped("app_authorize", l.f("not checked: %v", "未检查：%v", err))
	case e.Code != "":
		key, ok := atomgit.RefusedSettingByCode(e.Code)
		if !ok {
			key = "client_id"
		}
		return Finding{ID: "app_authorize", Text: l.f("AtomGit's authorize page sends the app back with %s (%s)", "AtomGit 的授权页面以 %s 拒绝本应用（%s）", e.Code, e.Message),
			Fix: l.checkSetting(key, c), Data: map[string]any{"error": e.Code, "setting": key}}
	}
	return Finding{ID: "app_authorize", Data: map[string]any{"status": e.StatusCode},
		Text: l.f("AtomGit's authorize page refuses the app's request (HTTP %d: %s)", "AtomGit 的授权页面拒绝了本应用的请求（HTTP %d：%s）", e.StatusCode, displayText(e.Message)),
		Fix: l.f("check client_id, whose value %s, and redirect_uri, whose value %s: the client id must be your OAuth app's, and its callback URL exactly %s (config file: %s)",
			"请检查 client_id（它的值%s）和 redirect_uri（它的值%s）：Client ID 必须是你的 OAuth 应用的，其回调地址必须正好是 %s（配置文件：%s）",
			l.origin("client_id", c), l.origin("redirect_uri", c), c.RedirectURI, c.File)}
}

// tokenFinding says whether AtomGit's token endpoint takes the app's client id and
// secret: a made-up code must be refused as a code (invalid_grant), not the client.
func (dc *doctor) tokenFinding(err error) Finding {
	l := dc.l
	if key, ok := atomgit.RefusedSetting(err); ok {
		var e *atomgit.Error
		errors.As(err, &e)
		return Finding{ID: "app_token", Data: map[string]any{"error": e.Code, "setting": key},
			Text: l.f("AtomGit's token endpoint refuses the app's client id or secret (%s)", "AtomGit 的令牌端点拒绝了本应用的 Client ID 或 Secret（%s）", displayText(e.Message)),
			Fix:  l.checkSetting(key, dc.cfg)}
	}
	if err != nil && !atomgit.IsInvalidGrant(err) {
		return skipped("app_token", l.f("not checked: %v", "未检查：%v", err))
	}
	return Finding{ID: "app_token", OK: true, Text: l.t("AtomGit's token endpoint takes the app's client id and secret (it refused a made-up code, as it should)",
		"AtomGit 的令牌端点接受本应用的 Client ID 和 Secret（它拒绝了一个编造的代码，理应如此）")}
}

// proxyURLOK reports whether v can be a proxy's address, as Go reads the variable (a
// missing scheme is http).
func proxyURLOK(v string) bool {
	if !strings.Contains(v, "://") {
		v = "http://" + v
	}
	u, err := url.Parse(v)
	return err == nil && u.Host != ""
}

// value is the setting key as resolved.
func (dc *doctor) value(key string) config.Value {
	for _, v := range dc.cfg.Values() {
		if v.Key == key {
			return v
		}
	}
	return config.Value{}
}
