package locale

import (
	"runtime"
	"testing"
)

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		name   string
		vars   map[string]string
		system string
		want   Language
	}{
		{"nothing set", nil, "", English},
		{"LANG Chinese", map[string]string{"LANG": "zh_CN.UTF-8"}, "", Chinese},
		{"LANG Taiwan", map[string]string{"LANG": "zh_TW.UTF-8"}, "", Chinese},
		{"LANG bare zh", map[string]string{"LANG": "zh"}, "", Chinese},
		{"LANG upper case", map[string]string{"LANG": "ZH_CN"}, "", Chinese},
		{"LANG English", map[string]string{"LANG": "en_US.UTF-8"}, "", English},
		{"LANG French", map[string]string{"LANG": "fr_FR.UTF-8"}, "", English},
		{"Zhuang is not Chinese", map[string]string{"LANG": "zha_CN"}, "", English},
		{"LANG C", map[string]string{"LANG": "C"}, "", English},
		{"LANG C.UTF-8", map[string]string{"LANG": "C.UTF-8"}, "", English},
		{"LANG POSIX", map[string]string{"LANG": "POSIX"}, "", English},
		{"LC_MESSAGES beats LANG", map[string]string{"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "", Chinese},
		{"LC_ALL beats LC_MESSAGES", map[string]string{"LC_MESSAGES": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"}, "", English},
		{"LC_ALL C beats a Chinese LANG", map[string]string{"LANG": "zh_CN.UTF-8", "LC_ALL": "C"}, "", English},
		{"an empty LC_ALL is not set", map[string]string{"LC_ALL": "", "LANG": "zh_CN.UTF-8"}, "", Chinese},
		{"LANGUAGE beats the locale", map[string]string{"LANG": "en_US.UTF-8", "LANGUAGE": "zh_CN:en"}, "", Chinese},
		{"LANGUAGE English beats a Chinese LANG", map[string]string{"LANG": "zh_CN.UTF-8", "LANGUAGE": "en_GB"}, "", English},
		{"LANGUAGE: the first language spoken", map[string]string{"LANG": "fr_FR.UTF-8", "LANGUAGE": "fr:de:zh_CN:en"}, "", Chinese},
		{"LANGUAGE: English before Chinese", map[string]string{"LANG": "zh_CN.UTF-8", "LANGUAGE": "en:zh"}, "", English},
		{"LANGUAGE: none spoken, the locale", map[string]string{"LANG": "zh_CN.UTF-8", "LANGUAGE": "fr:de"}, "", Chinese},
		{"LANGUAGE ignored in the C locale", map[string]string{"LANG": "C", "LANGUAGE": "zh_CN"}, "", English},
		{"LANGUAGE ignored with no locale", map[string]string{"LANGUAGE": "zh_CN"}, "", English},
		{"the system, with no variables", nil, "zh-CN", Chinese},
		{"the system, Hans script", nil, "zh-Hans-CN", Chinese},
		{"the system, English", nil, "en-US", English},
		{"the variables beat the system", map[string]string{"LANG": "en_US.UTF-8"}, "zh-CN", English},
		{"C beats the system", map[string]string{"LC_ALL": "C"}, "zh-CN", English},
		{"LANGUAGE beats the system", map[string]string{"LANGUAGE": "en"}, "zh-CN", English},
	} {
		getenv := func(k string) string { return tc.vars[k] }
		if got := detect(getenv, func() string { return tc.system }); got != tc.want {
			t.Errorf("%s: detect(%v, system %q) = %q, want %q", tc.name, tc.vars, tc.system, got, tc.want)
		}
	}
}

// Detect asks the system only when no locale variable is set, so a set one decides
// everywhere, Windows included.
func TestDetectFollowsTheVariables(t *testing.T) {
	zh := map[string]string{"LANG": "zh_CN.UTF-8"}
	if got := Detect(func(k string) string { return zh[k] }); got != Chinese {
		t.Errorf("Detect(LANG=zh_CN.UTF-8) = %q, want %q", got, Chinese)
	}
	if got := Detect(func(k string) string { return map[string]string{"LC_ALL": "C"}[k] }); got != English {
		t.Errorf("Detect(LC_ALL=C) = %q, want %q", got, English)
	}
	if runtime.GOOS != "windows" {
		if got := Detect(func(string) string { return "" }); got != English {
			t.Errorf("Detect(nothing set) on %s = %q, want %q", runtime.GOOS, got, English)
		}
	}
}
