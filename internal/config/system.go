package config

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// systemFiles are the places of the system-wide settings file, in the order they are
// looked at (the first that exists is read), found through getenv:
// $XDG_CONFIG_DIRS/atomgit-login/config.json on Linux and the BSDs (/etc/xdg when the
// variable is unset; relative entries are ignored, as the XDG spec says),
// %ProgramData%\atomgit-login\config.json on Windows, and
// /Library/Application Support/atomgit-login/config.json on macOS.
func systemFiles(getenv func(string) string) []string {
	var dirs []string
	switch runtime.GOOS {
	case "windows":
		dirs = []string{getenv("ProgramData")}
	case "darwin":
		dirs = []string{"/Library/Application Support"}
	default:
		dirs = strings.Split(getenv("XDG_CONFIG_DIRS"), ":")
		if getenv("XDG_CONFIG_DIRS") == "" {
			dirs = []string{"/etc/xdg"}
		}
	}
	var paths []string
	for _, d := range dirs {
		if filepath.IsAbs(d) {
			paths = append(paths, filepath.Join(d, "atomgit-login", "config.json"))
		}
	}
	return paths
}

// maxSystemFile bounds what is read of a system file: settings are a few lines.
const maxSystemFile = 1 << 20

// readOwned reads the system file at path once it has checked, on the file it opened,
// that only the administrator (or the person running the program) may write it:
// whoever can write it decides where everyone on the computer signs in, and where their
// codes and tokens are sent. A refused file is an *Error that names it.
func readOwned(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if err := checkOwner(f); err != nil {
		return nil, &Error{Setting: "system file", Msg: fmt.Sprintf("%s is refused: %v", path, err)}
	}
	return io.ReadAll(io.LimitReader(f, maxSystemFile))
}
