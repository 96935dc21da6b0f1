#!/usr/bin/env bash
# Installs the Debian packages the portal needs, when they are missing (from the machine's own apt
# sources: nothing else is downloaded; Playwright's browser download is never used).
#   scripts/system-deps.sh          what `make run` needs: GDAL, GEOS, PROJ, SpatiaLite, gettext, Pango and fonts,
#                                   a Python 3.11 whose sqlite3 can load extensions
#   scripts/system-deps.sh --test   what `make test` needs besides: Chromium for the browser journeys,
#                                   redis-server (tests/portal/test_redis_outage.py starts its own),
#                                   (their screenshots' text uses the fonts above), the docker-compose client
#                                   that tests/portal/test_deploy.py runs (`config` only: no daemon)
#   scripts/system-deps.sh --ci     what .ci/run needs besides: PostgreSQL with PostGIS, Redis
# Without root (or without apt-get) it prints the apt-get line to run and exits non-zero.
# `--list` prints the packages of the level and exits.
set -euo pipefail

level="" list=""
for argument in "$@"; do
  case "$argument" in
    --test | --ci) level="$argument" ;;
    --list) list=1 ;;
    *) echo "usage: $0 [--test|--ci] [--list]" >&2; exit 2 ;;
  esac
done

# Pango and the fonts lay out the practice sheet PDFs (WeasyPrint) in every script a partner may type.
packages=(gdal-bin libgeos-c1v5 libproj25 libsqlite3-mod-spatialite gettext python3.11 python3.11-venv
  libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fonts-noto-core fonts-noto-cjk)
if [[ "$level" == "--test" || "$level" == "--ci" ]]; then
  packages+=(chromium docker-compose redis-server)
fi
if [[ "$level" == "--ci" ]]; then
  if [[ -d /etc/postgresql ]]; then
    for version in /etc/postgresql/*; do
      packages+=("postgresql-$(basename "$version")-postgis-3")
    done
  else
    packages+=(postgresql postgresql-15-postgis-3)
  fi
fi

if [[ -n "$list" ]]; then
  printf '%s\n' "${packages[@]}"
  exit 0
fi

if ! command -v dpkg-query >/dev/null; then
  echo "dpkg-query is missing: this script knows Debian's packages only. The portal needs: ${packages[*]}" >&2
  exit 1
fi

missing=()
for package in "${packages[@]}"; do
  # "install ok installed" only: a removed package whose configuration files remain ("deinstall ok
  # config-files") or an unknown name (dpkg-query fails) counts as missing.
  if ! dpkg-query -W -f='${Status}\n' "$package" 2>/dev/null | grep -qx "install ok installed"; then
    missing+=("$package")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "The portal needs these system packages, which are missing: ${missing[*]}" >&2
  echo "Install them, then run make again:" >&2
  echo "    sudo apt-get install --no-install-recommends ${missing[*]}" >&2
  exit 1
fi
