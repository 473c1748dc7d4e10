// Command copyright writes the packages' machine-readable copyright file (Debian's DEP-5
// format) for the programs as built: AtomGit Login's own license, then the license of
// every Go module linked into them, read from their build information (what
// `go version -m` prints) and from the LICENSE files of those modules in the module
// cache, and the Go standard library's.
//
//	go run ./build/linux/copyright -contact "NAME <EMAIL>" PROGRAM… > copyright
//
// scripts/package runs it after building. A module whose license it does not recognise
// stops it: a new dependency's license is read by a person before it ships.
package main

import (
	"bytes"
	"debug/buildinfo"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
)

func main() {
	contact := flag.String("contact", "", "NAME <EMAIL>: the Upstream-Contact")
	flag.Parse()
	if flag.NArg() == 0 || *contact == "" {
		fmt.Fprintln(os.Stderr, "usage: go run ./build/linux/copyright -contact 'NAME <EMAIL>' PROGRAM…")
		os.Exit(2)
	}
	if err := run(flag.Args(), *contact); err != nil {
		fmt.Fprintf(os.Stderr, "copyright: %v\n", err)
		os.Exit(1)
	}
}

// module is one Go module linked into the programs.
type module struct {
	Path, Version, Dir string
	programs           []string // the programs that link it
}

func run(programs []string, contact string) error {
	mods, goVersion, err := linked(programs)
	if err != nil {
		return err
	}
	if err := findDirs(mods); err != nil {
		return err
	}
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("go env GOROOT: %w", err)
	}
	goroot := strings.TrimSpace(string(out))
	var b bytes.Buffer
	fmt.Fprintf(&b, `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: atomgit-login
Upstream-Contact: %s
Source: https://atomgit.com/atomgit-login/atomgit-login
Comment: The programs are Go programs: each links in, besides AtomGit Login's own
 code, the Go standard library and the Go modules listed below (as MODULE/*),
 each under its own license. This file is generated from the programs as built
 (build/linux/copyright).
`, contact)
	own, err := paragraph("*", ".", "AtomGit Login (the atomgit-login module)")
	if err != nil {
		return err
	}
	b.WriteString(own)
	std, err := paragraph("std/*", goroot, "The Go standard library, "+goVersion+", linked into "+strings.Join(names(programs), " and ")+".")
	if err != nil {
		return err
	}
	b.WriteString(std)
	for _, m := range mods {
		p, err := paragraph(m.Path+"/*", m.Dir, fmt.Sprintf("Go module %s %s, linked into %s.", m.Path, m.Version, strings.Join(m.programs, " and ")))
		if err != nil {
			return fmt.Errorf("%s %s: %w", m.Path, m.Version, err)
		}
		b.WriteString(p)
	}
	_, err = os.Stdout.Write(b.Bytes())
	return err
}

// linked reads the modules that programs link, from their build information, sorted by
// path, and the Go version they were built with.
func linked(programs []string) ([]*module, string, error) {
	byPath := map[string]*module{}
	goVersion := ""
	for _, p := range programs {
		info, err := buildinfo.ReadFile(p)
		if err != nil {
			return nil, "", err
		}
		goVersion = info.GoVersion
		for _, d := range info.Deps {
			if d.Replace != nil {
				d = d.Replace
			}
			m := byPath[d.Path]
			if m == nil {
				m = &module{Path: d.Path, Version: d.Version}
				byPath[d.Path] = m
			}
			m.programs = append(m.programs, filepath.Base(p))
		}
	}
	var mods []*module
	for _, m := range byPath {
		mods = append(mods, m)
	}
	slices.SortFunc(mods, func(a, b *module) int { return strings.Compare(a.Path, b.Path) })
	return mods, goVersion, nil
}

func names(programs []string) []string {
	var out []string
	for _, p := range programs {
		out = append(out, filepath.Base(p))
	}
	return out
}

// findDirs finds each module's folder in the module cache (go mod download fetches a
// missing one).
func findDirs(mods []*module) error {
	args := []string{"mod", "download", "-json"}
	for _, m := range mods {
		args = append(args, m.Path+"@"+m.Version)
	}
	out, err := exec.Command("go", args...).Output()
	if err != nil {
		return fmt.Errorf("go mod download: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	dirs := map[string]string{}
	for dec.More() {
		var m module
		if err := dec.Decode(&m); err != nil {
			return err
		}
		dirs[m.Path+"@"+m.Version] = m.Dir
	}
	for _, m := range mods {
		if m.Dir = dirs[m.Path+"@"+m.Version]; m.Dir == "" {
			return fmt.Errorf("%s@%s: not in the module cache", m.Path, m.Version)
		}
	}
	return nil
}

// paragraph is the Files paragraph for the code in dir: its copyright lines and its
// license, read from its LICENSE (or COPYING) file.
func paragraph(files, dir, comment string) (string, error) {
	text, err := licenseText(dir)
	if err != nil {
		return "", err
	}
	id, err := classify(text)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\nFiles: %s\nCopyright:", files)
	holders := copyrights(text)
	if len(holders) == 0 {
		holders = []string{"the authors of " + strings.TrimSuffix(files, "/*")}
	}
	for i, h := range holders {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(" " + h)
	}
	fmt.Fprintf(&b, "\nLicense: %s\n", id)
	if common[id] {
		fmt.Fprintf(&b, " On Debian systems, the full text of this license can be found in\n /usr/share/common-licenses/%s.\n", id)
	} else {
		b.WriteString(indent(text))
	}
	fmt.Fprintf(&b, "Comment: %s\n", comment)
	return b.String(), nil
}

// licenseText is the license file in dir.
func licenseText(dir string) (string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return "", err
	}
	for _, e := range entries {
		name := strings.ToUpper(e.Name())
		if !e.IsDir() && (strings.HasPrefix(name, "LICENSE") || strings.HasPrefix(name, "LICENCE") || strings.HasPrefix(name, "COPYING")) {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			return strings.ReplaceAll(string(b), "\r\n", "\n"), err
		}
	}
	return "", fmt.Errorf("no LICENSE file in %s", dir)
}

// common are the licenses whose text Debian keeps in /usr/share/common-licenses: the
// copyright file points there instead of holding them.
var common = map[string]bool{"Apache-2.0": true, "MPL-2.0": true}

// classify names text's license by its SPDX identifier.
func classify(text string) (string, error) {
	flat := strings.Join(strings.Fields(text), " ")
	has := func(s string) bool { return strings.Contains(flat, s) }
	switch {
	case has("Permission is hereby granted, free of charge, to any person obtaining a copy"):
		return "MIT", nil
	case has("Redistribution and use in source and binary forms") && has("Neither the name"):
		return "BSD-3-Clause", nil
	case has("Redistribution and use in source and binary forms"):
		return "BSD-2-Clause", nil
	case has("Apache License") && has("Version 2.0"):
		return "Apache-2.0", nil
	case has("Mozilla Public License Version 2.0"):
		return "MPL-2.0", nil
	case has("Permission to use, copy, modify, and/or distribute this software for any purpose"):
		return "ISC", nil
	}
	return "", fmt.Errorf("a license this program does not know: read it, and teach classify its name")
}

// copyrightLine is a license's copyright notice: "Copyright (c) 2016 Zalando SE",
// "Copyright © fsnotify Authors.", "Copyright 2009 The Go Authors.", but not the
// Apache license's "Copyright [yyyy] [name of copyright owner]" template.
var copyrightLine = regexp.MustCompile(`^\s*Copyright\s+(?:\(c\)\s*|©\s*)?((?:\d|\[\d|[A-Za-z]).*)$`)

// copyrights are the holders that text's copyright notices name.
func copyrights(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		m := copyrightLine.FindStringSubmatch(line)
		if m == nil || strings.Contains(line, "[yyyy]") || strings.HasPrefix(m[1], "notice") || strings.HasPrefix(m[1], "license") {
			continue
		}
		h := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(m[1]), "All rights reserved."))
		h = strings.NewReplacer("[", "", "]", "").Replace(h) // Apache's template, filled in
		if h = strings.TrimSuffix(h, "."); !slices.Contains(out, h) {
			out = append(out, h)
		}
	}
	return out
}

// indent is text as the continuation lines of a field: each line after a space, an
// empty line as " .".
func indent(text string) string {
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		if line = strings.TrimRight(line, " \t"); line == "" {
			b.WriteString(" .\n")
		} else {
			b.WriteString(" " + line + "\n")
		}
	}
	return b.String()
}
