#!/usr/bin/env bash
# Installs the Debian packages the portal needs, when they are missing.
#   scripts/system-deps.sh          what `make run` needs: GDAL, GEOS, PROJ, SpatiaLite, gettext,
#                                   a Python 3.11 whose sqlite3 can load extensions
#   scripts/system-deps.sh --ci     also PostGIS for the running PostgreSQL, Chromium, docker-compose,
#                                   redis-server (tests/portal/test_redis_outage.py starts its own)
# Without root (or without apt-get) it prints the apt-get line to run and exits non-zero.
set -euo pipefail

packages=(gdal-bin libgeos-c1v5 libproj25 libsqlite3-mod-spatialite gettext python3.11 python3.11-venv)
if [[ "${1:-}" == "--ci" ]]; then
  packages+=(chromium docker-compose redis-server)
  if [[ -d /etc/postgresql ]]; then
    for version in /etc/postgresql/*; do
      packages+=("postgresql-$(basename "$version")-postgis-3")
    done
  else
    packages+=(postgresql postgresql-15-postgis-3)
  fi
fi

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
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
  echo "    sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
