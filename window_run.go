package main

import (
	"errors"
	"fmt"
	"io"
	"os/exec"
)

// runWindow runs the program at path with args and exactly the environment environ,
// connected to the given standard streams, and waits for it to end. It returns the
// program's exit code, or an error when it could not be started at all. Used where a
// process cannot replace itself with the window (Windows).
func runWindow(path string, args, environ []string, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	cmd := exec.Command(path, args...)
	cmd.Env = environ
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		return ee.ExitCode(), nil
	case err != nil:
		return 0, fmt.Errorf("starting the window %s: %w", path, err)
	}
	return 0, nil
}
