#!/usr/bin/env bash
# OdontoCare in one minute, against services that are already running
# (npm start): log in -> create a center, a doctor and a patient -> book a
# cita -> list -> change it -> cancel it. Only curl and node are needed.
#
#   bash scripts/demo.sh
#   ADMIN_URL=http://otro:5001 CITAS_URL=http://otro:5002 bash scripts/demo.sh
#
# Every run creates its own doctor and patient (the usernames carry the time and pid),
# so it can be run again and again.
set -euo pipefail

ADMIN_URL=${ADMIN_URL:-http://127.0.0.1:5001}
CITAS_URL=${CITAS_URL:-http://127.0.0.1:5002}
ADMIN_USER=${ADMIN_BOOTSTRAP_USERNAME:-admin}
ADMIN_PASS=${ADMIN_BOOTSTRAP_PASSWORD:-OdontoCare2026!}
TZ_CLINIC=${CLINIC_TIME_ZONE:-Europe/Madrid}

# field PATH: prints the value at PATH (e.g. cita_nueva.id_cita) of the JSON on stdin.
field() {
  node -e '
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      let v = JSON.parse(s);
      for (const k of process.argv[1].split(".")) v = v?.[k];
      if (v === undefined) { console.error(`(no hay ${process.argv[1]} en la respuesta)`); process.exit(1); }
      console.log(typeof v === "object" ? JSON.stringify(v) : v);
    });' "$1"
}

# pretty: indents the JSON on stdin (as-is if it is not JSON); long tokens are shortened.
pretty() {
  node -e '
    const short = (k, v) => (typeof v === "string" && /^[\w-]+\.[\w-]+\.[\w-]+$/.test(v) && v.length > 60 ? `${v.slice(0, 24)}…` : v);
    let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      try { console.log(JSON.stringify(JSON.parse(s), short, 2)); } catch { console.log(s); }
    });'
}

bold() { if [ -t 1 ]; then printf '\n\033[1m%s\033[0m\n' "$*"; else printf '\n%s\n' "$*"; fi; }

# call METHOD URL [JSON] [hide]: shows the request (its body unless "hide") and the answer;
# stops on anything but 2xx.
# The answer body is left in $BODY.
BODY=''
call() {
  local method=$1 url=$2 data=${3:-} hide=${4:-}
  local args=(-sS -X "$method" "$url" -H 'accept: application/json' -w '\n%{http_code}')
  [ -n "${TOKEN:-}" ] && args+=(-H "authorization: Bearer $TOKEN")
  [ -n "$data" ] && args+=(-H 'content-type: application/json' --data "$data")
  echo "\$ $method $url"
  if [ -n "$hide" ]; then echo '  (credenciales del admin)'; elif [ -n "$data" ]; then printf '%s\n' "$data" | pretty | sed 's/^/  /'; fi
  local out
  if ! out=$(curl "${args[@]}"); then
    echo "No se puede conectar con $url: ¿están arrancados los servicios (npm start)?" >&2
    exit 2
  fi
  local status=${out##*$'\n'}
  BODY=${out%$'\n'*}
  echo "-> $status"
  printf '%s\n' "$BODY" | pretty | sed 's/^/  /'
  if [ "${status:0:1}" != 2 ]; then
    echo "La petición falló ($status); la demo se detiene." >&2
    exit 1
  fi
}

# The next Monday-to-Friday after today, in the clinic's time zone.
NEXT_WEEKDAY=$(node -e '
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: process.argv[1] }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  do d.setUTCDate(d.getUTCDate() + 1); while (d.getUTCDay() === 0 || d.getUTCDay() === 6);
  console.log(d.toISOString().slice(0, 10));' "$TZ_CLINIC")
RUN=$(date +%H%M%S)$$

bold "1. Iniciar sesión como admin ($ADMIN_USER) en $ADMIN_URL"
TOKEN=''
call POST "$ADMIN_URL/auth/login" "{\"username\":\"$ADMIN_USER\",\"password\":\"$ADMIN_PASS\"}" hide
TOKEN=$(printf '%s' "$BODY" | field access_token)

bold "2. Crear un centro, una doctora y un paciente"
call POST "$ADMIN_URL/admin/centros" "{\"nombre\":\"OdontoCare Demo $RUN\",\"direccion\":\"Calle de Alcalá, 120, 28009 Madrid\"}"
CENTRO=$(printf '%s' "$BODY" | field id_centro)
call POST "$ADMIN_URL/admin/doctores" "{\"nombre\":\"Elena Navarro Ruiz\",\"especialidad\":\"Ortodoncia\",\"username\":\"dra.demo$RUN\",\"password\":\"Brackets-2026\"}"
DOCTOR=$(printf '%s' "$BODY" | field id_doctor)
call POST "$ADMIN_URL/admin/pacientes" "{\"nombre\":\"Mario López Sanz\",\"telefono\":\"+34 612 345 678\",\"username\":\"paciente.demo$RUN\",\"password\":\"Sonrisa-2026\"}"
PACIENTE=$(printf '%s' "$BODY" | field id_paciente)

bold "3. Reservar una cita el $NEXT_WEEKDAY a las 12:00 (hora de la clínica) en $CITAS_URL"
call POST "$CITAS_URL/citas" "{\"fecha\":\"${NEXT_WEEKDAY}T12:00:00\",\"motivo\":\"Primera visita de ortodoncia\",\"id_paciente\":$PACIENTE,\"id_doctor\":$DOCTOR,\"id_centro\":$CENTRO}"
CITA=$(printf '%s' "$BODY" | field id_cita)

bold "4. Listar las citas del paciente"
call GET "$CITAS_URL/citas?id_paciente=$PACIENTE"

bold "5. Cambiar la cita a las 13:00: se crea una nueva y la anterior queda cancelada"
call PUT "$CITAS_URL/citas/$CITA" "{\"fecha\":\"${NEXT_WEEKDAY}T13:00:00\"}"
NUEVA=$(printf '%s' "$BODY" | field cita_nueva.id_cita)

bold "6. Cancelar la cita nueva"
call PUT "$CITAS_URL/citas/$NUEVA" '{"estado":"Cancelada","motivo_cancelacion":"El paciente no puede acudir"}'

bold "7. Su historial"
call GET "$CITAS_URL/citas/$NUEVA/historial"

bold "Hecho: login -> crear -> reservar -> listar -> cambiar -> cancelar."
