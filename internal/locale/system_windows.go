//go:build windows

package locale

import "golang.org/x/sys/windows"

// systemLanguage is the user's preferred UI language on Windows, as a locale name
// ("zh-CN"), or "" when Windows does not say.
func systemLanguage() string {
	langs, err := windows.GetUserPreferredUILanguages(windows.MUI_LANGUAGE_NAME)
	if err != nil || len(langs) == 0 {
		return ""
	}
	return langs[0]
}
