package main

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// The license files of the kinds linked today are named, and one not known stops the
// build.
func TestClassify(t *testing.T) {
	own, err := os.ReadFile("../../../LICENSE")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ text, want string }{
		{string(own), "MIT"},
		{"Redistribution and use in source and binary forms, with or without\nmodification... Neither the name of Google Inc. nor", "BSD-3-Clause"},
		{"Redistribution and use in source and binary forms, with or without modification", "BSD-2-Clause"},
		{"                                 Apache License\n                           Version 2.0, January 2004", "Apache-2.0"},
		{"Mozilla Public License Version 2.0\n==================================", "MPL-2.0"},
	} {
		if got, err := classify(tc.text); got != tc.want || err != nil {
			t.Errorf("classify(%.40q) = %q, %v; want %q", tc.text, got, err, tc.want)
		}
	}
	if _, err := classify("GNU GENERAL PUBLIC LICENSE Version 3"); err == nil {
		t.Error("an unknown license was named")
	}
}

// The holders are read from the notices, whatever their spelling, and the license's
// own words about copyright notices are not taken for one.
func TestCopyrights(t *testing.T) {
	text := `Copyright © 2012 The Go Authors. All rights reserved.
Copyright © fsnotify Authors. All rights reserved.
Copyright (c) 2015-2020, Tim Heckman
   Copyright [2016-] [Tomo Krajina]
      Copyright [yyyy] [name of copyright owner]
   * Redistributions of source code must retain the above copyright notice,
Copyright notice and this permission notice shall be included
Copyright 2009 The Go Authors.
`
	want := []string{"2012 The Go Authors", "fsnotify Authors", "2015-2020, Tim Heckman", "2016- Tomo Krajina", "2009 The Go Authors"}
	if got := copyrights(text); !slices.Equal(got, want) {
		t.Errorf("copyrights = %q, want %q", got, want)
	}
}

// A license text becomes a field's continuation lines: a space before each, " ." for
// an empty one.
func TestIndent(t *testing.T) {
	if got, want := indent("MIT License\n\nCopyright\n"), " MIT License\n .\n Copyright\n"; got != want {
		t.Errorf("indent = %q, want %q", got, want)
	}
	if strings.Contains(indent("a  \n"), "a  ") {
		t.Error("trailing spaces kept")
	}
}
