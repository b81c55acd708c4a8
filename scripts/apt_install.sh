# Sourced by the set-up scripts: install Debian packages with apt-get, as root (CI runs as root).
#
#   apt_install PACKAGE...     # exits 1 with a hint when not root

apt_install() {
    if [[ $(id -u) -ne 0 ]]; then
        echo "need root to install $* with apt-get (run as root, or install them)" >&2
        exit 1
    fi
    echo "installing Debian packages: $*"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q --no-install-recommends "$@"
}
