// Command man writes the man pages of atomgit-login and atomgit-login-window, in English
// and Chinese, from the command table (cli.ManPage), for the packages:
//
//	go run ./build/linux/man -version VERSION -date YYYY-MM-DD DIR
//
// writes DIR/man1/atomgit-login.1, DIR/man1/atomgit-login-window.1 and the same under
// DIR/zh_CN/man1/, as they are installed under /usr/share/man (scripts/package runs it,
// and gzips them).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"atomgit.com/atomgit-login/atomgit-login/internal/cli"
)

func main() {
	version := flag.String("version", "", "the version the pages name (scripts/version)")
	date := flag.String("date", "", "the date the pages carry, YYYY-MM-DD (the commit's)")
	flag.Parse()
	if flag.NArg() != 1 || *version == "" || *date == "" {
		fmt.Fprintln(os.Stderr, "usage: go run ./build/linux/man -version VERSION -date YYYY-MM-DD DIR")
		os.Exit(2)
	}
	if err := write(flag.Arg(0), *version, *date); err != nil {
		fmt.Fprintf(os.Stderr, "man: %v\n", err)
		os.Exit(1)
	}
}

func write(dir, version, date string) error {
	for _, lang := range []struct {
		folder string
		zh     bool
	}{{"man1", false}, {"zh_CN/man1", true}} {
		for _, program := range []string{cli.ManCommands, cli.ManWindow} {
			var page bytes.Buffer
			if err := cli.ManPage(&page, program, lang.zh, version, date); err != nil {
				return err
			}
			path := filepath.Join(dir, lang.folder, program+".1")
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(path, page.Bytes(), 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}
