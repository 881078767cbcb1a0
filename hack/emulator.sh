# shellcheck shell=bash
# Sourced by hack/demo.sh and hack/fleet-demo.sh: start kaas-emulator on a free loopback port,
# stopped when the script exits. Sets `url`. Needs BIN (the venv's bin), WORK and SCALE.
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
