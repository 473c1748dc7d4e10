package cli

import (
	"fmt"

	"atomgit.com/atomgit-login/atomgit-login/internal/locale"
)

// lang is the language of what a run prints for people: English or Chinese, chosen once
// in Main from the locale (locale.Detect, the same answer the window gets). Every human
// sentence is written where it is used, in both languages:
//
//	fmt.Fprintln(w, d.lang.t("Signed out.", "已退出登录。"))
//	msg := d.lang.f("%s is not signed in here", "%s 未在此登录", login)
//
// Identifiers keep their English inside a Chinese sentence: commands, flags, settings,
// variables. What tools read never goes through lang: JSON, the token, git's credential
// lines, exit codes. The zero lang is English.
//
// A command's summary has its Chinese in command.summaryZH, a command's flags get l in
// command.flags, a problem code has a row in problemClauses, and a setting's flag has
// usageZH in config. TestCommandsSpeakChinese runs every command's --help and the
// commands' results in Chinese and fails on English left in them;
// TestTranslationsHaveTheSameVerbs reads every l.t and l.f in the source.
type lang struct{ zh bool }

// english and chinese are the two languages.
var english, chinese = lang{}, lang{zh: true}

// langOf is the language for the environment getenv.
func langOf(getenv func(string) string) lang {
	return lang{zh: locale.Detect(getenv) == locale.Chinese}
}

// t is en or zh, in the language l.
func (l lang) t(en, zh string) string { return l.language().Text(en, zh) }

// language is l as locale names it.
func (l lang) language() locale.Language {
	if l.zh {
		return locale.Chinese
	}
	return locale.English
}

// f is the sentence in the language l, formatted with args as fmt.Sprintf does. go vet
// checks zh against args (f forwards its second-to-last parameter, as a printf wrapper
// does); TestTranslationsHaveTheSameVerbs checks that en takes the same arguments.
// A zh that puts the arguments in another order names them: %[2]s.
func (l lang) f(en, zh string, args ...any) string {
	if l.zh {
		return fmt.Sprintf(zh, args...)
	}
	return fmt.Sprintf(en, args...)
}
