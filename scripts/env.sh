# Shared environment for ./mpnas and .ci/run: finds (or, as root on Debian, installs) what mpnas needs
# from the system, and sets up the allocator MXNet needs to run at full speed. Source it; do not run it.

MPNAS_JEMALLOC=${MPNAS_JEMALLOC:-/usr/lib/x86_64-linux-gnu/libjemalloc.so.2}
MPNAS_FASHION_MNIST=${MPNAS_FASHION_MNIST:-/usr/share/datasets/fashion-mnist}

mpnas_log() { printf 'mpnas: %s\n' "$*" >&2; }

# Installs Debian packages when we are root on Debian; otherwise says what to run.
mpnas_apt_install() {
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        mpnas_log "installing Debian packages: $*"
        if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1; then
            apt-get update -q >/dev/null 2>&1 || true
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@" >/dev/null 2>&1 || return 1
        fi
    else
        mpnas_log "missing: $* (install with: sudo apt-get install $*)"
        return 1
    fi
}

mpnas_need_jemalloc() {
    [ -e "$MPNAS_JEMALLOC" ] || mpnas_apt_install libjemalloc2 || true
}

# jemalloc kept warm: glibc malloc makes DJL/MXNet 6-8x slower on these machines (README, Performance).
mpnas_use_jemalloc() {
    mpnas_need_jemalloc
    if [ -e "$MPNAS_JEMALLOC" ]; then
        export LD_PRELOAD="$MPNAS_JEMALLOC${LD_PRELOAD:+:$LD_PRELOAD}"
        export MALLOC_CONF=${MALLOC_CONF:-dirty_decay_ms:-1,muzzy_decay_ms:-1}
    else
        mpnas_log "warning: jemalloc not found at $MPNAS_JEMALLOC; MXNet will run several times slower"
    fi
}

# MXNet's threads (README, Performance): OpenMP on every core (MXNet alone would use fewer), and
# every element-wise operator parallel (its per-operator tuning keeps most of them on one thread,
# which makes fake-quantized training 1.3x slower here).
mpnas_use_mxnet_threads() {
    export OMP_NUM_THREADS=${OMP_NUM_THREADS:-$(nproc 2>/dev/null || echo 2)}
    export MXNET_USE_OPERATOR_TUNING=${MXNET_USE_OPERATOR_TUNING:-0}
}

# Debian's Fashion-MNIST (the default dataset of the search and the demo).
mpnas_need_fashion_mnist() {
    [ -e "$MPNAS_FASHION_MNIST/train-images-idx3-ubyte.gz" ] || mpnas_apt_install dataset-fashion-mnist || true
}

# DJL never reaches out at run time.
export DJL_OFFLINE=true
