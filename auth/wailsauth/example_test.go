package wailsauth_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"atomgit.com/atomgit-login/atomgit-login/auth"
	"atomgit.com/atomgit-login/atomgit-login/auth/wailsauth"
	"atomgit.com/atomgit-login/atomgit-login/internal/authtest"
)

// TestMain gives the package's tests and examples a cache and config folder of their own.
func TestMain(m *testing.M) { authtest.Main(m) }

// standIn is the Config of an OAuth app on a stand-in AtomGit, its session in a file of
// its own; in a program, the Config comes from auth.LoadConfig or is the program's own.
func standIn() auth.Config {
	cfg, _ := authtest.StandIn()
	cfg.Browser, cfg.OpenURL = false, nil // the sign-in is the window's
	return cfg
}

// A Wails app serves the sign-in under Path beside its own files. Here the hooks that
// Wails calls are called by hand, without a window: the page comes with the app's name
// and the session's status in it, and the app's Go code has the session.
func Example() {
	ctx := context.Background()
	login, err := wailsauth.New(standIn(), wailsauth.Brand{Name: "Acme Desktop", Accent: "#0a7f5a"})
	if err != nil {
		log.Fatal(err)
	}
	login.Startup(ctx) // options.App's OnStartup: wails.Run calls it with its context
	defer login.Shutdown(ctx)

	app := http.FileServer(http.Dir(".")) // the app's own assets
	srv := httptest.NewServer(login.Middleware(app))
	defer srv.Close()
	resp, err := http.Get(srv.URL + wailsauth.Path)
	if err != nil {
		log.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var boot struct {
		Info struct {
			AppName string `json:"app_name"`
		}
		Status struct{ State string }
	}
	data := regexp.MustCompile(`<script type="application/json" id="boot">(.*?)</script>`).FindSubmatch(page)
	if err := json.Unmarshal(data[1], &boot); err != nil {
		log.Fatal(err)
	}
	fmt.Println(resp.Status, boot.Info.AppName, boot.Status.State)

	_, err = login.Session().Token(ctx)
	fmt.Println(errors.Is(err, auth.ErrNotSignedIn))
	// Output:
	// 200 OK Acme Desktop signed_out
	// true
}
