// Package locale says which language to speak to the person running the program:
// Chinese or English, the two the app has words for. The commands and the window both
// ask Detect, so that they speak the same language.
package locale

import "strings"

// Language is a language the app speaks.
type Language string

// The languages the app speaks.
const (
	English Language = "en"
	Chinese Language = "zh"
)

// Text is en or zh, whichever is in the language l: the program's words are written
// where they are used, in both languages.
func (l Language) Text(en, zh string) string {
	if l == Chinese {
		return zh
	}
	return en
}

// Detect is the language for the environment getenv, chosen the POSIX way: the locale
// is the first of LC_ALL, LC_MESSAGES and LANG that is set. A Chinese locale (zh, zh_CN,
// zh_TW.UTF-8, …) gives Chinese; anything else gives English, and so does the C or POSIX
// locale, or none. When the locale is not C, LANGUAGE comes first, as gettext has it: a
// colon-separated list of languages in order of preference, where the first that the
// app speaks (zh or en) wins (LANGUAGE=fr:zh gives Chinese; LANGUAGE=en:zh English).
//
// Where none of the three variables is set, the system's language is asked: on Windows
// the user's preferred UI language, where the variables are usually absent. Elsewhere
// (macOS apps started from the Finder, for one) there is none, and the answer is English.
// Detect is safe for concurrent use; it reads getenv a few times and builds nothing.
func Detect(getenv func(string) string) Language {
	return detect(getenv, systemLanguage)
}

// detect is Detect with the system's language (a locale name, or "") from system.
func detect(getenv func(string) string, system func() string) Language {
	loc := getenv("LC_ALL")
	if loc == "" {
		loc = getenv("LC_MESSAGES")
	}
	if loc == "" {
		loc = getenv("LANG")
	}
	if loc == "" {
		loc = system()
	}
	if loc == "" || isC(loc) {
		return English // gettext ignores LANGUAGE in the C locale
	}
	for list := getenv("LANGUAGE"); list != ""; {
		var entry string
		entry, list, _ = strings.Cut(list, ":")
		if l, ok := spoken(entry); ok {
			return l
		}
	}
	if l, ok := spoken(loc); ok {
		return l
	}
	return English
}

// isC reports whether loc is the C locale, which asks for no translation: C, POSIX, or
// C with an encoding (C.UTF-8).
func isC(loc string) bool {
	return loc == "C" || loc == "POSIX" || strings.HasPrefix(loc, "C.")
}

// spoken is the language of the locale name loc (zh_CN.UTF-8, zh-Hans-CN, en@euro) when
// the app speaks it. Only the language part counts, whole: zha (Zhuang) is not zh.
func spoken(loc string) (Language, bool) {
	if i := strings.IndexAny(loc, "_-.@"); i >= 0 {
		loc = loc[:i]
	}
	switch strings.ToLower(loc) {
	case "zh":
		return Chinese, true
	case "en":
		return English, true
	}
	return "", false
}
