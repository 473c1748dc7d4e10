package config

// builtIn is the settings built into the program by whoever built it: base64 of a JSON
// object like the config file's, or "" for none. None are in the repository:
// scripts/build --settings FILE replaces this file at build time (go build -overlay)
// with one that holds FILE, so that the settings, the client secret among them, are
// never written into the source tree nor onto a command line.
const builtIn = ""
