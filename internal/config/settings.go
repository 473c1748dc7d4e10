// Package config holds the app's settings: defaults (the 2023 API's endpoints), the
// settings built into the program, a system-wide JSON file, the person's JSON file in
// their config folder, environment variables and flags, in that order of strength, and
// their validation.
package config

// A setting is one configurable value, known by the same key in the file, by an
// environment variable and by a flag.
type setting struct {
	key     string // file key and flag name (with - for _)
	env     string
	usage   string
	usageZH string // usage in Chinese
	secret  bool
	boolean bool // the flag may stand alone: --browser means --browser=true
}

// The order is the order `config` lists them in.
var settings = []setting{
	{key: "profile", env: "ATOMGIT_PROFILE", usage: "endpoint profile: 2023 (the 2023 API, the default) or current (AtomGit's current API)", usageZH: "端点配置：2023（2023 版 API，默认）或 current（AtomGit 当前的 API）"},
	{key: "client_id", env: "ATOMGIT_CLIENT_ID", usage: "the OAuth app's client id", usageZH: "OAuth 应用的 Client ID"},
	{key: "client_secret", env: "ATOMGIT_CLIENT_SECRET", usage: "the OAuth app's client secret", usageZH: "OAuth 应用的 Client Secret", secret: true},
	{key: "client_secret_file", env: "ATOMGIT_CLIENT_SECRET_FILE", usage: "a file that holds the OAuth app's client secret; - reads it from standard input", usageZH: "保存 OAuth 应用 Client Secret 的文件；- 表示从标准输入读取"},
	{key: "redirect_uri", env: "ATOMGIT_REDIRECT_URI", usage: "the loopback callback URL registered with the OAuth app", usageZH: "在 OAuth 应用中登记的本机回调地址"},
	{key: "authorize_url", env: "ATOMGIT_AUTHORIZE_URL", usage: "the authorize page", usageZH: "授权页面"},
	{key: "token_url", env: "ATOMGIT_TOKEN_URL", usage: "the token endpoint", usageZH: "令牌端点"},
	{key: "user_url", env: "ATOMGIT_USER_URL", usage: "the user info endpoint", usageZH: "用户信息端点"},
	{key: "token_request", env: "ATOMGIT_TOKEN_REQUEST", usage: "token request body: json or form", usageZH: "令牌请求的格式：json 或 form"},
	{key: "pkce", env: "ATOMGIT_PKCE", usage: "PKCE proof key on sign-in (RFC 7636): s256 or off (default: s256 for the current profile, off for 2023)", usageZH: "登录时的 PKCE 证明密钥（RFC 7636）：s256 或 off（默认：current 配置为 s256，2023 为 off）"},
	{key: "scopes", env: "ATOMGIT_SCOPES", usage: "space-separated scopes sent on the authorize URL (empty: none)", usageZH: "授权地址上发送的权限范围，以空格分隔（空：不发送）"},
	{key: "browser", env: "ATOMGIT_BROWSER", usage: "sign in through the system browser instead of the app's window: true or false", usageZH: "在系统浏览器中登录，而不是在本应用的窗口中：true 或 false", boolean: true},
	{key: "storage", env: "ATOMGIT_STORAGE", usage: "where tokens are kept: keyring (the system keyring), or file (plain text, readable by you only; only if you have no keyring)", usageZH: "令牌的保存位置：keyring（系统钥匙环），或 file（明文，仅你可读；仅在没有钥匙环时使用）"},
	{key: "signin_timeout", env: "ATOMGIT_SIGNIN_TIMEOUT", usage: "how long a sign-in attempt may take, e.g. 10m", usageZH: "一次登录最长可用的时间，例如 10m"},
	{key: "app_name", env: "ATOMGIT_APP_NAME", usage: "the name shown in the window title and on the sign-in screen", usageZH: "显示在窗口标题和登录界面上的名称"},
	{key: "tagline", env: "ATOMGIT_TAGLINE", usage: "the sentence under the name on the sign-in screen", usageZH: "登录界面上名称下方的一句话"},
	{key: "logo", env: "ATOMGIT_LOGO", usage: "an image file (.png, .svg, .jpg; at most 1 MiB) shown as the logo on the sign-in screen (default: the built-in logo)", usageZH: "在登录界面上作为标志显示的图片文件（.png、.svg、.jpg；不超过 1 MiB）（默认：内置标志）"},
	{key: "accent", env: "ATOMGIT_ACCENT", usage: "the accent colour of the sign-in screen's buttons, links and logo, as #rgb or #rrggbb (default: AtomGit Login's red)", usageZH: "登录界面按钮、链接和标志的强调色，写作 #rgb 或 #rrggbb（默认：AtomGit Login 的红色）"},
}

// Defaults of the settings that are not endpoints (those come from the profile).
const (
	DefaultRedirectURI   = "http://127.0.0.1:8765/callback"
	DefaultSignInTimeout = "10m"
	DefaultAppName       = "AtomGit Login"
	DefaultTagline       = "Sign in once; your AtomGit tools stay signed in."
	// RegisterURL is where a developer registers an OAuth app on AtomGit.
	RegisterURL = "https://atomgit.com/setting/oauth-apps"
)

// Source says where a setting's value came from.
type Source string

func flagName(key string) string {
	b := []byte(key)
	for i, c := range b {
		if c == '_' {
			b[i] = '-'
		}
	}
	return string(b)
}

// nameIn is how the setting of value v was given, for messages: the variable, the flag,
// the key in a file or in the built-in settings.
func (s setting) nameIn(v Value) string {
	switch v.Source {
	case FromEnv:
		return s.env
	case FromFlag:
		return "--" + flagName(s.key)
	case FromFile, FromSystemFile:
		return s.key + " in " + v.File
	case FromBuiltIn:
		return s.key + " in " + builtInName
	case FromSecretFile:
		return "the file that client_secret_file names"
	}
	return s.env
}

// Setting describes one setting for its documentation (the man pages): its file key,
// variable and flag (without the dashes), and what it is, in English and in Chinese.
type Setting struct {
	Key, Env, Flag string
	Usage, UsageZH string
}

// Settings lists every setting, in the order `config` lists them.
func Settings() []Setting {
	out := make([]Setting, len(settings))
	for i, s := range settings {
		out[i] = Setting{Key: s.key, Env: s.env, Flag: flagName(s.key), Usage: s.usage, UsageZH: s.usageZH}
	}
	return out
}
