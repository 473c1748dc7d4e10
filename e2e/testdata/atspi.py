"""atspi: the window's accessibility tree, as a screen reader reads it over AT-SPI.

usage: /usr/bin/python3 atspi.py PID ROLE NAME [ROLE NAME]...

Waits until the application with process id PID has an accessible with the first ROLE
and NAME that has the focus, and one of each other ROLE and NAME that is showing (reading
the tree again every 0.1 s, for at most 30 s), then prints the application's tree as
JSON: a list of nodes, each with its depth, role, name and states, in the tree's order.
Exits 1 (still printing the last tree read) when that does not happen in time, 2 on a
wrong command line. It needs Debian's
python3-pyatspi (run it with /usr/bin/python3), a D-Bus session and a display, and the
window started with GTK_MODULES=gail:atk-bridge (e2e/atspi_test.go).
"""
import json
import sys
import time

import pyatspi


def app_of(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        app = desktop.getChildAtIndex(i)
        try:
            if app is not None and app.get_process_id() == pid:
                return app
        except Exception:  # an application that went away while we asked
            continue
    return None


def nodes(acc, depth=0, out=None):
    out = [] if out is None else out
    try:
        states = sorted(pyatspi.stateToString(s) for s in acc.getState().getStates())
        out.append({"depth": depth, "role": acc.getRoleName(), "name": acc.name or "", "states": states})
        children = [acc.getChildAtIndex(i) for i in range(acc.childCount)]
    except Exception:  # the page changed under us: the next read sees the new one
        return out
    for child in children:
        if child is not None:
            nodes(child, depth + 1, out)
    return out


def found(tree, role, name, state):
    return any(n["role"] == role and n["name"] == name and state in n["states"] for n in tree)


def main(argv):
    if len(argv) < 4 or len(argv) % 2 != 0:
        print(__doc__, file=sys.stderr)
        return 2
    pid, focused, showing = int(argv[1]), tuple(argv[2:4]), list(zip(argv[4::2], argv[5::2]))
    deadline = time.monotonic() + 30
    while True:
        app = app_of(pid)
        tree = nodes(app) if app is not None else []
        if found(tree, *focused, "focused") and all(found(tree, r, n, "showing") for r, n in showing):
            print(json.dumps(tree))
            return 0
        if time.monotonic() > deadline:
            print(json.dumps(tree))
            return 1
        time.sleep(0.1)  # polling: AT-SPI has no "this is now so" to wait on


if __name__ == "__main__":
    sys.exit(main(sys.argv))
