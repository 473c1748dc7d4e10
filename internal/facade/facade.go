// Package facade joins the public packages to what they keep unexported: auth/wailsauth
// checks its settings as package auth does (the one way auth.Open has), without auth
// exporting how.
package facade

import "atomgit.com/atomgit-login/atomgit-login/internal/config"

// Settings is package auth's check of an auth.Config c, with its defaults, as auth.Open
// makes it, plus the settings in more (atomgit-login's keys: "app_name", "accent"; an
// empty value is left out), checked as atomgit-login checks its settings. A Config
// without a client id is no error here (Configured says so): the window then shows how
// to set one up, as atomgit-login's does. Package auth sets it; the error is an
// *auth.Error with auth.ErrMisconfigured.
var Settings func(c any, more map[string]string) (*config.Config, error)
