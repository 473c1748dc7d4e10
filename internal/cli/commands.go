package cli

import (
	"atomgit.com/atomgit-login/atomgit-login/internal/wiring"
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"atomgit.com/atomgit-login/atomgit-login/internal/config"
	"atomgit.com/atomgit-login/atomgit-login/internal/session"
)

// StatusJSON is what `status --json` prints: one object, stable field names.
type StatusJSON struct {
	SignedIn         bool             `json:"signed_in"`
	TokenValid       bool             `json:"token_valid"` // a valid access token is available now: exit 0 only then
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
	// Signed in is not enough for a tool: a refresh that could not run (offline, the lock
	// not to be had) leaves an access token that no longer works.
	valid := signedIn && st.ExpiresAt != nil && time.Now().Before(*st.ExpiresAt)
	out := StatusJSON{SignedIn: signedIn, TokenValid: valid, State: st.State, Storage: st.Storage, StorageProblem: st.StorageProblem,
		Problem: st.Error, Host: host(env), Demo: env.Demo, ExpiresAt: st.ExpiresAt, RefreshExpiresAt: st.RefreshExpiresAt}
	if st.Account != nil {
		out.Login, out.Name = st.Account.Login, st.Account.Name
	}
	if !signedIn {
		out.ExpiresAt, out.RefreshExpiresAt = nil, nil
	}
	if boolFlag(fs, "json") {
		if err := writeJSONLine(d.Stdout, out); err != nil {
			return err
		}
		if !valid {
			return &exitError{code: ExitNo}
		}
		return nil
	}
	return printStatus(env, st, out, d)
}

func printStatus(env *wiring.Env, st session.Status, out StatusJSON, d Deps) error {
	w := tabwriter.NewWriter(d.Stdout, 0, 4, 2, ' ', 0)
	defer w.Flush()
	if !out.SignedIn {
		fmt.Fprintln(w, capitalised(whyNot(st, nil, out.Host, signInCommand(env))))
		return &exitError{code: ExitNo}
	}
	fmt.Fprintf(w, "Signed in to %s as %s (@%s)\n", out.Host, displayText(out.Name), displayText(out.Login))
	if out.ExpiresAt != nil {
		left := "expired"
		if out.TokenValid {
			left = timeLeft(time.Until(*out.ExpiresAt))
		}
		fmt.Fprintf(w, "  access token\texpires %s (%s)\n", out.ExpiresAt.Local().Format(time.DateTime), left)
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
	if !out.TokenValid {
		fmt.Fprintf(w, "  no valid access token now: tools get none until a refresh succeeds\n")
		w.Flush()
		return &exitError{code: ExitNo}
	}
	return nil
}

// timeLeft says when a token that expires in d does, for people: to the minute, and
// "in less than a minute" rather than "in 0s".
func timeLeft(d time.Duration) string {
	if d < time.Minute {
		return "in less than a minute"
	}
	s := d.Round(time.Minute).String() // "2h5m0s"
	return "in " + strings.TrimSuffix(s, "0s")
}

func refusedFlag(fs *flag.FlagSet) {
	fs.Bool("refused", false, "AtomGit answered 401 to the token given on standard input: refresh it unless it is no longer the current one, and print the token to use")
}

func runToken(ctx context.Context, env *wiring.Env, fs *flag.FlagSet, d Deps) error {
	var refused string
	if boolFlag(fs, "refused") {
		// On standard input, not the command line, where every user could read it in ps.
		line, err := bufio.NewReader(io.LimitReader(d.Stdin, 64<<10)).ReadString('\n')
		refused = strings.TrimSpace(line)
		if refused == "" {
			return &usageError{"token --refused reads the refused token from standard input, and got none (" + fmt.Sprint(err) + ")"}
		}
	}
	m, err := env.Open(ctx, wiring.SessionOptions{})
	if err != nil {
		return err
	}
	tok, err := "", nil
	if refused != "" {
		tok, err = m.Refused(ctx, refused)
	} else {
		tok, err = m.Token(ctx)
	}
	if err != nil {
		return &exitError{code: ExitNo, msg: whyNot(m.Status(), err, host(env), signInCommand(env))}
	}
	_, err = fmt.Fprintln(d.Stdout, tok)
	return err
}

func runLogout(ctx context.Context, env *wiring.Env, _ *flag.FlagSet, d Deps) error {
	// The Keeper waits for a refresh under way in another process, so that nothing it
	// writes outlives the sign-out; open windows follow.
	k, err := env.Keeper()
	if err != nil {
		return err
	}
	gone, next, err := k.SignOut(ctx, env.User)
	if err != nil {
		return err
	}
	if gone != "" {
		fmt.Fprintf(d.Stderr, "Signed %s out of %s.\n", displayText(gone), host(env))
	} else {
		fmt.Fprintf(d.Stderr, "Signed out of %s.\n", host(env))
	}
	if next != "" && next != gone {
		fmt.Fprintf(d.Stderr, "The active account is now %s.\n", displayText(next))
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
		return writeJSONLine(d.Stdout, list)
	}
	if len(list) == 0 {
		return &exitError{code: ExitNo, msg: "no account is signed in to " + host(env) + "; sign in with: " + signInCommand(env)}
	}
	for _, a := range list {
		mark := " "
		if a.Active {
			mark = "*"
		}
		fmt.Fprintf(d.Stdout, "%s %s (%s)\n", mark, displayText(a.Login), displayText(a.Name))
	}
	return nil
}

func runSwitch(ctx context.Context, env *wiring.Env, fs *flag.FlagSet, d Deps) error {
	if fs.NArg() != 1 {
		return &usageError{"usage: atomgit-login switch LOGIN (see: atomgit-login accounts)"}
	}
	login := fs.Arg(0)
	k, err := env.Keeper()
	if err != nil {
		return err
	}
	if err := k.Switch(ctx, login); err != nil {
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

// capitalised starts s with a capital letter, for a sentence of its own.
func capitalised(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
