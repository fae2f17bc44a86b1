#!/bin/sh
# Installs the Debian packages Synama needs and a bare machine lacks.
#   pdf      Pango (WeasyPrint) and fonts with Kazakh and Russian letters
#   browser  Debian's Chromium for the browser tests
# As root it installs them with apt-get; otherwise it says what to install and fails.
set -eu
missing=""
for need in "$@"; do
  case "$need" in
    pdf)
      ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so' || missing="$missing libpango-1.0-0 libpangoft2-1.0-0"
      fc-list 2>/dev/null | grep -qi 'DejaVuSans' || missing="$missing fontconfig fonts-dejavu-core"
      ;;
    browser)
      [ -x /usr/bin/chromium ] || missing="$missing chromium"
      ;;
    *) echo "system-deps: unknown group '$need'" >&2; exit 2 ;;
  esac
done
[ -z "$missing" ] && exit 0
echo "system-deps: installing:$missing"
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
  echo "system-deps: please run: sudo apt-get install$missing" >&2
  exit 1
fi
