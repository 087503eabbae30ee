#!/usr/bin/env bash
# Installs every system package CX Pilot needs to build, run and test on Debian 12.
# Idempotent: apt-get skips what is already installed. Run as root or through sudo.
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build git pkg-config clang-format
  # Qt 6.4 (Charts needs the OpenGL and xkbcommon dev packages to be found by CMake)
  qt6-base-dev qt6-base-dev-tools qt6-charts-dev libqt6opengl6-dev libxkbcommon-dev
  libqt6sql6-psql libqt6sql6-sqlite libqt6svg6 qt6-httpserver-dev qt6-websockets-dev
  # cxpilotd: the intake sets its own SQLite busy handler on the libsqlite3 Qt's driver uses (src/core/ingest)
  libsqlite3-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-qpa-plugins libgl-dev
  qtkeychain-qt6-dev
  # coroutines for asynchronous sequences (the outbox's send path)
  qcoro-qt6-dev
  # search engine for the knowledge base
  libxapian-dev
  # benchmarks (wrk: the HTTP load generator of cxpilotd's acknowledgement benchmark)
  libbenchmark-dev wrk
  # edit distance between the AI draft and the approved reply (src/core/review/EditDistance.cpp)
  libedlib-dev
  # test services: PostgreSQL, D-Bus session with a secret service, virtual display
  postgresql postgresql-contrib gnome-keyring libsecret-tools dbus dbus-x11 xvfb xauth
  # looking at what we build; driving the real window under a window manager
  imagemagick poppler-utils fonts-dejavu-core openbox xdotool
  # fuzzing (libFuzzer with Debian's clang)
  clang libfuzzer-14-dev
  # the app icon's PNGs, rendered from its SVG at build time
  librsvg2-bin
  # the .deb packages (CPack: dpkg-shlibdeps, file) and their quality gates (packaging/check-package.sh)
  dpkg-dev file lintian appstream desktop-file-utils x11-utils
)

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends "${PACKAGES[@]}"
