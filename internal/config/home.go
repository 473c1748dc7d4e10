package config

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// DefaultFile is the config file used when neither --config nor ATOMGIT_CONFIG names one:
// config.json in the user's config folder, found through getenv (os.Getenv when nil) as
// os.UserConfigDir finds it. Without a home folder there is none, and it is an *Error:
// the file is never looked for in the current folder, where a cloned repository could
// put one.
func DefaultFile(getenv func(string) string) (string, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	dir, err := userConfigDir(getenv)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "atomgit-login", "config.json"), nil
}

// userConfigDir is os.UserConfigDir on the environment that getenv reads, which also
// refuses a HOME that is not an absolute path.
func userConfigDir(getenv func(string) string) (string, error) {
	const named = "name the config file with ATOMGIT_CONFIG or --config"
	notAbs := func(name, v string) error {
		return &Error{Setting: name, Msg: fmt.Sprintf("must be an absolute path, not %q (or %s)", v, named)}
	}
	if runtime.GOOS == "windows" {
		// Windows has no HOME: the config folder is the roaming AppData, as in
		// os.UserConfigDir (%AppData%\atomgit-login\config.json).
		dir := getenv("AppData")
		switch {
		case dir == "":
			return "", &Error{Setting: "AppData", Msg: "is not set: there is no config folder of yours " +
				"(the config file is never read from the current folder); " + named}
		case !filepath.IsAbs(dir):
			return "", notAbs("AppData", dir)
		}
		return dir, nil
	}
	if runtime.GOOS != "darwin" {
		if dir := getenv("XDG_CONFIG_HOME"); dir != "" {
			if !filepath.IsAbs(dir) {
				return "", notAbs("XDG_CONFIG_HOME", dir)
			}
			return dir, nil
		}
	}
	home := getenv("HOME")
	switch {
	case home == "":
		return "", &Error{Setting: "HOME", Msg: "is not set, nor is XDG_CONFIG_HOME: there is no config folder of yours " +
			"(the config file is never read from the current folder); set HOME, or " + named}
	case !filepath.IsAbs(home):
		return "", notAbs("HOME", home)
	case runtime.GOOS == "darwin":
		return filepath.Join(home, "Library", "Application Support"), nil
	}
	return filepath.Join(home, ".config"), nil
}
