package cli

import (
	"fmt"
	"io"
	"os"
	"testing"
)

// The test binary also stands in for the programs the tests start: with one of these
// variables set, it plays that program instead of running the tests.
const (
	// asProgram makes it atomgit-login: it runs Main (git's credential helper, set up by
	// the integration tests).
	asProgram = "ATOMGIT_LOGIN_AS_PROGRAM"
	// fakeWindowVar makes it the window program: it answers as TestMain says.
	fakeWindowVar = "ATOMGIT_LOGIN_FAKE_WINDOW"
)

func TestMain(m *testing.M) {
	switch {
	case os.Getenv(asProgram) == "1":
		os.Exit(Main(os.Args[1:], Deps{}))
	case os.Getenv(fakeWindowVar) == "1":
		in, _ := io.ReadAll(os.Stdin)
		fmt.Printf("args=%q secret=%q stdin=%q\n", os.Args[1:], os.Getenv("ATOMGIT_CLIENT_SECRET"), in)
		fmt.Fprintln(os.Stderr, "window says goodbye")
		os.Exit(7)
	}
	os.Exit(m.Run())
}
