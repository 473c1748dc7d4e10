package cli

import (
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"text/tabwriter"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// StatusJSON is what `status --json` prints: one object, stable field names.
type StatusJSON struct {
	SignedIn         bool             `json:"signed_in"`
	State            session.State    `json:"state"`
	Login            string           `json:"login,omitempty"`
	Name             string           `json:"name,omitempty"`
	ExpiresAt        *time.Time       `json:"expires_at,omitempty"`
	RefreshExpiresAt *time.Time       `json:"refresh_expires_at,omitempty"`
	Storage          session.Storage  `json:"storage"`
	StorageProblem   *session.Problem `json:"storage_problem,omitempty"`
	Problem          *session.Problem `json:"problem,omitempty"`
	Host             string           `json:"host"`
	Demo             bool             `json:"demo"`
}

func jsonFlag(fs *flag.FlagSet) {
	fs.Bool("json", false, "print one JSON object for tools")
}

// boolFlag reads a bool flag a command registered.
func boolFlag(fs *flag.FlagSet, name string) bool {
	f := fs.Lookup(name)
	return f != nil && f.Value.(flag.Getter).Get().(bool)
}

// settle opens the session for a command and, when the access token is due, refreshes it
// first, so that what is printed is what a tool would get.
func settle(ctx context.Context, env *wiring.Env) (*session.Manager, session.Status, error) {
	m, err := env.Open(ctx, wiring.SessionOptions{})
	if err != nil {
		return nil, session.Status{}, err
	}
	st := m.Status()
	if st.State == session.Refreshing || st.State == session.SignedIn {
		_, _ = m.Token(ctx) // the status says what happened
		st = m.Status()
	}
	return m, st, nil
}

func runStatus(ctx context.Context, env *wiring.Env, fs *flag.FlagSet, d Deps) error {
	_, st, err := settle(ctx, env)
	if err != nil {
		return err
	}
	signedIn := st.State == session.SignedIn || st.State == session.Offline
	out := StatusJSON{SignedIn: signedIn, State: st.State, Storage: st.Storage, StorageProblem: st.StorageProblem,
		Problem: st.Error, Host: host(env), Demo: env.Demo, ExpiresAt: st.ExpiresAt, RefreshExpiresAt: st.RefreshExpiresAt}
	if st.Account != nil {
		out.Login, out.Name = st.Account.Login, st.Account.Name
	}
	if !signedIn {
		out.ExpiresAt, out.RefreshExpiresAt = nil, nil
	}
	if boolFlag(fs, "json") {
		if err := json.NewEncoder(d.Stdout).Encode(out); err != nil {
			return err
		}
		if !signedIn {
			return &exitError{code: ExitNo}
		}
		return nil
	}
	return printStatus(env, st, out, d)
}

func printStatus(env *wiring.Env, st session.Status, out StatusJSON, d Deps) error {
	w := tabwriter.NewWriter(d.Stdout, 0, 4, 2, ' ', 0)
	defer w.Flush()
	switch {
	case out.SignedIn:
		fmt.Fprintf(w, "Signed in to %s as %s (@%s)\n", out.Host, out.Name, out.Login)
		if out.ExpiresAt != nil {
			fmt.Fprintf(w, "  access token\texpires %s (in %s)\n", out.ExpiresAt.Local().Format(time.DateTime), time.Until(*out.ExpiresAt).Round(time.Minute))
		}
		if out.RefreshExpiresAt != nil {
			fmt.Fprintf(w, "  refresh token\texpires %s\n", out.RefreshExpiresAt.Local().Format(time.DateTime))
		}
		if v := env.Vault(); env.Config.TokenFile != "" {
			fmt.Fprintf(w, "  stored in\t%s (plain text, as the storage setting asks)\n", env.Config.TokenFile)
		} else {
			fmt.Fprintf(w, "  stored in\tthe system keyring (service %q, account %q)\n", v.Service, v.Key)
		}
		if st.State == session.Offline {
			fmt.Fprintf(w, "  problem\tcannot refresh now: %s\n", problemText(st.Error))
		}
		return nil
	case st.State == session.Reauth && st.Account != nil:
		fmt.Fprintf(w, "The session of %s (@%s) on %s has ended: %s.\nSign in again: atomgit-login\n", st.Account.Name, st.Account.Login, out.Host, problemText(st.Error))
	case st.StorageProblem != nil:
		fmt.Fprintf(w, "Cannot read the system keyring: %s.\n", problemText(st.StorageProblem))
	default:
		fmt.Fprintf(w, "Not signed in to %s.\nSign in: atomgit-login%s\n", out.Host, map[bool]string{true: " --demo"}[env.Demo])
	}
	w.Flush()
	return &exitError{code: ExitNo}
}

func runToken(ctx context.Context, env *wiring.Env, _ *flag.FlagSet, d Deps) error {
	m, err := env.Open(ctx, wiring.SessionOptions{})
	if err != nil {
		return err
	}
	tok, err := m.Token(ctx)
	if errors.Is(err, session.ErrNoRecord) {
		if p := m.Status().StorageProblem; p != nil {
			return &exitError{code: ExitNo, msg: "cannot read the system keyring: " + problemText(p)}
		}
		return &exitError{code: ExitNo, msg: "not signed in to " + host(env) + "; sign in with: atomgit-login"}
	}
	if st := m.Status(); err != nil && st.State == session.Reauth && st.Account != nil {
		return &exitError{code: ExitNo, msg: fmt.Sprintf("the session of %s (@%s) on %s has ended (%s); sign in again: atomgit-login",
			st.Account.Name, st.Account.Login, host(env), problemText(st.Error))}
	}
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(d.Stdout, tok)
	return err
}

func runLogout(ctx context.Context, env *wiring.Env, _ *flag.FlagSet, d Deps) error {
	// The Keeper waits for a refresh under way in another process, so that nothing it
	// writes outlives the sign-out; open windows follow.
	next, err := env.Keeper().SignOut(ctx, env.User)
	if err != nil {
		return err
	}
	if env.User != "" {
		fmt.Fprintf(d.Stderr, "Signed out of %s (%s).\n", host(env), env.User)
	} else {
		fmt.Fprintf(d.Stderr, "Signed out of %s.\n", host(env))
	}
	if next != "" && next != env.User {
		fmt.Fprintf(d.Stderr, "The active account is now %s.\n", next)
	}
	return nil
}

func runAccounts(ctx context.Context, env *wiring.Env, fs *flag.FlagSet, d Deps) error {
	list, err := env.Accounts().List(ctx)
	if err != nil {
		return err
	}
	if boolFlag(fs, "json") {
		if list == nil {
			list = []session.AccountEntry{}
		}
		return json.NewEncoder(d.Stdout).Encode(list)
	}
	if len(list) == 0 {
		return &exitError{code: ExitNo, msg: "no account is signed in to " + host(env) + "; sign in with: atomgit-login"}
	}
	for _, a := range list {
		mark := " "
		if a.Active {
			mark = "*"
		}
		fmt.Fprintf(d.Stdout, "%s %s (%s)\n", mark, a.Login, a.Name)
	}
	return nil
}

func runSwitch(ctx context.Context, env *wiring.Env, fs *flag.FlagSet, d Deps) error {
	if fs.NArg() != 1 {
		return &usageError{"usage: atomgit-login switch LOGIN (see: atomgit-login accounts)"}
	}
	login := fs.Arg(0)
	if err := env.Keeper().Switch(ctx, login); err != nil {
		if errors.Is(err, session.ErrNoAccount) {
			return &exitError{code: ExitNo, msg: login + " is not signed in here; see: atomgit-login accounts"}
		}
		return err
	}
	fmt.Fprintf(d.Stderr, "The active account on %s is now %s.\n", host(env), login)
	return nil
}

func runConfig(_ context.Context, env *wiring.Env, _ *flag.FlagSet, d Deps) error {
	w := tabwriter.NewWriter(d.Stdout, 0, 4, 2, ' ', 0)
	defer w.Flush()
	fmt.Fprintf(w, "config file: %s\n\n", env.Config.File)
	fmt.Fprintln(w, "SETTING\tVARIABLE\tVALUE\tFROM")
	for _, v := range env.Config.Values() {
		val := v.Value
		if v.Secret {
			val = config.Mask(val)
		}
		if val == "" {
			val = "-"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", v.Key, v.Env, val, v.Source)
	}
	return nil
}

// host is the AtomGit host the account belongs to, for messages.
func host(env *wiring.Env) string {
	if env.Demo {
		return "the demo AtomGit"
	}
	return env.Config.AuthorizeHost()
}

// problemText is a Problem in English for the terminal.
func problemText(p *session.Problem) string {
	if p == nil {
		return "unknown"
	}
	if p.Detail != "" {
		return p.Detail
	}
	return map[string]string{
		session.CodeInvalidGrant:       "the grant was revoked or has expired",
		session.CodeKeyringTimeout:     "it did not answer in time (is it locked?)",
		session.CodeKeyringUnavailable: "no keyring is available",
		session.CodeNetwork:            "AtomGit cannot be reached",
	}[p.Code]
}
