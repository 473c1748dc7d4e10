package cli

import (
	"strings"

	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
)

// explain is problemText, except that AtomGit's refusal of the app's settings
// (session.CodeClientRefused) says, from env's settings, which setting to change, where
// its value comes from, and where the config file is.
func (l lang) explain(p *session.Problem, env *wiring.Env) string {
	if p == nil || p.Code != session.CodeClientRefused || env == nil || env.Config == nil {
		return l.problemText(p)
	}
	text, _ := l.problemClause(p.Code)
	if p.Detail != "" {
		text += l.f(" (AtomGit said: %s)", "（AtomGit 说：%s）", displayText(p.Detail))
	}
	if env.Demo {
		return text
	}
	return text + l.t("; ", "；") + l.checkSetting(p.Key, env.Config)
}

// checkSetting asks the person to check the setting key of c, and says where its value
// comes from and where the config file is.
func (l lang) checkSetting(key string, c *config.Config) string {
	return l.f("check %s, whose value %s (config file: %s); atomgit-login diagnose checks the settings",
		"请检查 %s，它的值%s（配置文件：%s）；atomgit-login diagnose 可以检查这些设置",
		key, l.origin(key, c), c.File)
}

// origin says where the setting key of c gets its value, as a clause: "comes from the
// variable ATOMGIT_CLIENT_SECRET".
func (l lang) origin(key string, c *config.Config) string {
	v := (&doctor{cfg: c}).value(key)
	switch v.Source {
	case config.FromEnv:
		return l.f("comes from the variable %s", "来自环境变量 %s", v.Env)
	case config.FromFlag:
		return l.f("comes from the flag --%s", "来自命令行选项 --%s", strings.ReplaceAll(key, "_", "-"))
	case config.FromFile:
		return l.t("comes from the config file", "来自配置文件")
	case config.FromSystemFile:
		return l.f("comes from the system-wide settings file %s (yours, or a variable, overrides it)", "来自系统级设置文件 %s（你的配置文件或环境变量可以覆盖它）", v.File)
	case config.FromBuiltIn:
		return l.t("is built into this program (your config file, or a variable, overrides it)", "内置于本程序（你的配置文件或环境变量可以覆盖它）")
	case config.FromSecretFile:
		return l.f("is read from the file that %s names", "读取自 %s 指定的文件", c.SettingName("client_secret_file"))
	case config.FromDefault:
		if v.Value == "" {
			return l.f("is not set (set %s, or %s in the config file)", "尚未设置（请设置 %s，或配置文件中的 %s）", v.Env, key)
		}
		return l.f("is the default (set %s, or %s in the config file, to change it)", "是默认值（要修改它，请设置 %s，或配置文件中的 %s）", v.Env, key)
	}
	return l.t("comes from an unknown place", "来源不明")
}
