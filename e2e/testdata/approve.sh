#!/bin/sh
# approve.sh AUTHORIZE_URL [USER PASSWORD]: a person in a browser on another machine,
# played with curl against the stand-in AtomGit (internal/fakeatomgit): it opens the
# authorize page, logs in on the login page it is sent to, presses Allow, and prints the
# address the browser is sent to next (the callback's, which it does not load).
set -eu
url=$1 user=${2:-demo} pass=${3:-demo-password}
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT
origin=$(printf '%s\n' "$url" | sed -E 's#^(https?://[^/]+).*#\1#')
c() { curl -sS --fail-with-body -c "$jar" -b "$jar" "$@"; }

# Not logged in: the authorize page sends the browser to the login page, which comes
# back to it (-L) once logged in.
login=$(c -o /dev/null -w '%{redirect_url}' "$url")
case $login in
*/login\?next=*) ;;
*) echo "approve.sh: the authorize page did not send us to the login page: $login" >&2; exit 1 ;;
esac
page=$(c -L --data-urlencode "username=$user" --data-urlencode "password=$pass" \
	--data "next=${login#*next=}" "$origin/login")

# The authorize page's form: its hidden fields (as the stand-in writes them), and Allow.
action=$(printf '%s\n' "$page" | sed -nE 's#.*<form method="post" action="([^"]*)".*#\1#p' | head -n 1)
fields=$(printf '%s\n' "$page" | grep -oE '<input type="hidden" name="[^"]*" value="[^"]*">' |
	sed -E 's#<input type="hidden" name="([^"]*)" value="([^"]*)">#\1=\2#; s#&amp;#\&#g; s#&\#43;#+#g; s#&\#34;#"#g; s#&\#39;#'"'"'#g')
set --
while IFS= read -r kv; do
	[ -n "$kv" ] && set -- "$@" --data-urlencode "$kv"
done <<FIELDS
$fields
FIELDS
[ -n "$action" ] || { echo "approve.sh: no authorize form on the page" >&2; exit 1; }
c -o /dev/null -w '%{redirect_url}\n' "$@" --data "action=allow" "$origin$action"
