package config

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// pngHead is enough of a PNG for the logo's check, which reads the file's start.
const pngHead = "\x89PNG\r\n\x1a\n"

func TestBrandDefaultsToTheBuiltInLook(t *testing.T) {
	c, err := load(t, nil, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if c.Logo != "" || c.Accent != "" {
		t.Errorf("logo = %q, accent = %q; want both empty (the built-in look)", c.Logo, c.Accent)
	}
}

func TestAccentIsNormalised(t *testing.T) {
	c, err := load(t, []string{"--accent", "#1F6"}, nil, "")
	if err != nil {
		t.Fatal(err)
	}
	if c.Accent != "#11ff66" {
		t.Errorf("accent = %q, want #11ff66", c.Accent)
	}
	if v := value(c, "accent"); v.Value != "#11ff66" || v.Source != FromFlag {
		t.Errorf("config lists the accent as %q from %s, want #11ff66 from the flag", v.Value, v.Source)
	}
}

func TestLogoPaths(t *testing.T) {
	dir := t.TempDir()
	abs := filepath.Join(dir, "abs.png")
	if err := os.WriteFile(abs, []byte(pngHead), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := load(t, nil, map[string]string{"ATOMGIT_LOGO": abs}, "")
	if err != nil || c.Logo != abs {
		t.Fatalf("logo = %q, %v; want %q", c.Logo, err, abs)
	}

	// A relative path in the config file is beside the config file.
	folder := t.TempDir()
	cfg := filepath.Join(folder, "config.json")
	if err := os.WriteFile(filepath.Join(folder, "acme.png"), []byte(pngHead), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(cfg, []byte(`{"logo": "acme.png"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err = load(t, nil, map[string]string{"ATOMGIT_CONFIG": cfg}, "")
	if want := filepath.Join(folder, "acme.png"); err != nil || c.Logo != want || value(c, "logo").Value != want {
		t.Errorf("logo from the file = %q, %v; want %q, also in Values", c.Logo, err, want)
	}

	// A relative path given as a flag is from the working folder, made absolute.
	t.Chdir(dir)
	c, err = load(t, []string{"--logo", "abs.png"}, nil, "")
	if err != nil || c.Logo != abs {
		t.Errorf("logo from the flag = %q, %v; want %q", c.Logo, err, abs)
	}
}

func TestBadBrandNamesTheSetting(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.png")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.png")
	// The system's own words for a missing file: "no such file or directory" on Unix,
	// "The system cannot find the file specified." on Windows.
	var notFound *fs.PathError
	if _, err := os.Stat(missing); !errors.As(err, &notFound) {
		t.Fatalf("stat of a missing file: %v", err)
	}
	for _, tc := range []struct {
		name    string
		args    []string
		env     map[string]string
		file    string
		setting string
		msg     string
	}{
		{"a colour name", nil, map[string]string{"ATOMGIT_ACCENT": "red"}, "", "ATOMGIT_ACCENT", `not "red"`},
		{"CSS in the colour", []string{"--accent", "#fff;background:url(x)"}, nil, "", "--accent", "#rgb or #rrggbb"},
		{"from the file", nil, nil, `{"accent": "#12345"}`, "accent in ", "#rgb or #rrggbb"},
		{"a missing logo", nil, map[string]string{"ATOMGIT_LOGO": missing}, "", "ATOMGIT_LOGO", "cannot read " + missing},
		{"an empty logo", []string{"--logo", empty}, nil, "", "--logo", empty + " is empty"},
		{"a logo of another kind", nil, map[string]string{"ATOMGIT_LOGO": filepath.Join(dir, "logo.gif")}, "", "ATOMGIT_LOGO", ".png, .svg, .jpg or .jpeg"},
		{"a missing logo in the file", nil, nil, `{"logo": "gone.svg"}`, "logo in ", "gone.svg: " + notFound.Err.Error()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := load(t, tc.args, tc.env, tc.file)
			var ce *Error
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want a *config.Error", err)
			}
			if !strings.HasPrefix(ce.Setting, tc.setting) || !strings.Contains(ce.Msg, tc.msg) {
				t.Errorf("err = %v, want it to name %s and say %q", err, tc.setting, tc.msg)
			}
		})
	}
}

// The settings never open the logo: its content is the window's to check when it reads
// it (brand.LoadLogo), so a command that shows no logo reads nothing of it.
func TestTheSettingsDoNotReadTheLogo(t *testing.T) {
	text := filepath.Join(t.TempDir(), "notes.png")
	if err := os.WriteFile(text, []byte("not an image"), 0o600); err != nil {
		t.Fatal(err)
	}
	if c, err := load(t, []string{"--logo", text}, nil, ""); err != nil || c.Logo != text {
		t.Errorf("logo = %v, %v; want %s, unread", c, err, text)
	}
}
