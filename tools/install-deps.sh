#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Installs everything Stratum needs to build, run and test on Debian 12.
set -eu
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"

PACKAGES="
  build-essential meson ninja-build pkg-config cmake
  libglib2.0-dev libjson-glib-dev zlib1g-dev
  libdcmtk-dev dcmtk libsndfile1-dev libopenjp2-7-dev
  libopenblas-dev liblapacke-dev
  libgtk-4-dev libadwaita-1-dev libcairo2-dev
  python3-pydicom python3-gdcm python3-numpy python3-pil python3-nibabel python3-skimage
  dcm2niix clang libclang-rt-14-dev
  r-base-core r-cran-survival r-cran-th.data r-cran-glmnet
  xvfb xauth imagemagick dbus
  desktop-file-utils appstream flatpak-builder librsvg2-bin gettext locales-all
"
# Skip the network when everything is already there.
if ! dpkg-query -W -f='${Status}\n' $PACKAGES 2>/dev/null | grep -qv 'install ok installed' &&
   [ "$(dpkg-query -W -f='${Status}\n' $PACKAGES 2>/dev/null | wc -l)" -eq "$(echo $PACKAGES | wc -w)" ]; then
  exit 0
fi
$SUDO apt-get update -q
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $PACKAGES
