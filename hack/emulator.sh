# shellcheck shell=bash
# Sourced by hack/demo.sh and hack/fleet-demo.sh from the repository root: the demos' settings
# (BIN, the venv's bin; WORK, where logs and files go; SCALE, the emulator's time scale) and
# start_emulator, which starts kaas-emulator on a free loopback port, stopped when the script
# exits, and sets `url`.
BIN=${VENV:-.venv}/bin
WORK=.build/demo
SCALE=${KAAS_DEMO_TIME_SCALE:-300}
mkdir -p "$WORK"

start_emulator() {
  rm -f "$WORK/port"
  "$BIN/kaas-emulator" serve --host 127.0.0.1 --port 0 --port-file "$WORK/port" --time-scale "$SCALE" \
    >"$WORK/emulator.log" 2>&1 &
  emulator=$!
  trap 'kill "$emulator" 2>/dev/null || true; wait "$emulator" 2>/dev/null || true' EXIT
  for _ in $(seq 100); do
    [ -s "$WORK/port" ] && break
    kill -0 "$emulator" 2>/dev/null || { cat "$WORK/emulator.log"; exit 1; }
    sleep 0.1
  done
  [ -s "$WORK/port" ] || { echo "kaas-emulator did not start"; cat "$WORK/emulator.log"; exit 1; }
  url="http://127.0.0.1:$(cat "$WORK/port")"
  echo "==> kaas-emulator on $url (time scale $SCALE: a 4-minute cluster creation takes under a second)"
}
