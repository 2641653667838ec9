#!/usr/bin/env bash
# Delivers every e-mail of the demo run through a real mail server, Postfix from Debian, to one
# local mailbox on this machine, and checks that each one arrived intact and that nothing bounced.
#
# It changes the machine (installs and configures Postfix, adds a local user): run it as root on a
# test machine or container, by hand, not in `.ci/run`. Running it again is safe: every step checks
# what is already there, and each run starts from an empty mailbox and a fresh copy of the demo.
#
# Postfix is set up to deliver locally only: EVERY recipient address (customers, sales
# representatives, the collector) is rewritten to the local user's mailbox, the relay and default
# transports refuse any outside delivery, and the server listens on the loopback interface only.
#
#   sudo scripts/postfix-delivery-test.sh                        # builds with `swift build`, runs the demo
#   sudo scripts/postfix-delivery-test.sh --relance .build/release/relance
#   options: --user NAME (mailbox owner, default relancebox)  --timeout SECONDS (queue wait, default 120)
#            --no-approve (deliver only what the run sends on its own, not the approved pending e-mails)
#
# Before delivering it empties the Postfix queue and the user's mailbox (a test machine has nothing else there).
#
# Exit status: 0 when every message arrived and nothing bounced or stayed in the queue; 1 otherwise;
# 2 on a usage or set-up error.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
relance=""
user="relancebox"
timeout=120
approve=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --relance) relance="$2"; shift 2 ;;
    --user) user="$2"; shift 2 ;;
    --timeout) timeout="$2"; shift 2 ;;
    --no-approve) approve=no; shift ;;
    -h|--help) sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
done

die() { echo "postfix-delivery-test: $*" >&2; exit 2; }
[ "$(id -u)" = "0" ] || die "needs root (it installs and configures Postfix)"
command -v apt-get >/dev/null || die "needs a Debian system (apt-get)"
[[ "$user" =~ ^[a-z_][a-z0-9_-]*$ ]] || die "invalid user name: $user"
[[ "$timeout" =~ ^[0-9]+$ ]] || die "--timeout wants seconds"

mailbox="/var/mail/$user"
log="/var/log/postfix-relance.log"
aliases_map="/etc/postfix/relance-everything-local.regexp"

# 1. Postfix, installed without questions as a "Local only" server.
if ! dpkg-query -W -f='${Status}' postfix 2>/dev/null | grep -q "install ok installed"; then
  echo "== installing postfix"
  echo "postfix postfix/main_mailer_type select Local only" | debconf-set-selections
  echo "postfix postfix/mailname string relance-test.localdomain" | debconf-set-selections
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postfix >/dev/null
  fi
fi
command -v sendmail >/dev/null || die "postfix is installed but sendmail is not on PATH"

# 2. The local user whose mailbox receives everything.
if ! id "$user" >/dev/null 2>&1; then
  echo "== adding local user $user"
  useradd --system --create-home --shell /usr/sbin/nologin "$user"
fi

# 3. Local delivery only: every recipient but the user itself becomes the user (a regexp table
#    applies to every address, whatever its domain); nothing is relayed; loopback only.
cat > "$aliases_map" <<EOF
# Written by scripts/postfix-delivery-test.sh: every address goes to the local user $user.
!/^$user@localhost\$/ $user@localhost
EOF
postconf -e \
  "inet_interfaces = loopback-only" \
  "mydestination = \$myhostname, localhost.\$mydomain, localhost" \
  "relayhost =" \
  "default_transport = error:relance delivery test: no outside delivery" \
  "relay_transport = error:relance delivery test: no outside delivery" \
  "virtual_alias_maps = regexp:$aliases_map" \
  "maillog_file = $log" \
  "mailbox_size_limit = 0" \
  "message_size_limit = 52428800"
postfix check
if postfix status >/dev/null 2>&1; then
  postfix reload >/dev/null 2>&1
else
  postfix start >/dev/null 2>&1
fi
postfix status >/dev/null 2>&1 || die "postfix did not start (see $log)"

# Anything left in the queue by an earlier run would be counted against this one.
postsuper -d ALL >/dev/null 2>&1 || true
: > "$mailbox"
chown "$user":mail "$mailbox"
chmod 0660 "$mailbox"
log_start=$(wc -c < "$log" 2>/dev/null || echo 0)

# 4. The demo run, in a fresh copy laid out like the repository (the repository's own outbox and
#    state are left alone).
sandbox="$(mktemp -d /tmp/relance-postfix-XXXXXX)"
trap 'rm -rf "$sandbox"' EXIT
mkdir -p "$sandbox/pipelines" "$sandbox/fixtures/demo"
cp -r "$repo/pipelines/demo" "$sandbox/pipelines/demo"
cp -r "$repo/fixtures/demo/inbox" "$sandbox/fixtures/demo/inbox"
if [ -z "$relance" ]; then
  echo "== building relance"
  (cd "$repo" && swift build --product relance >/dev/null)
  relance="$(cd "$repo" && swift build --show-bin-path)/relance"
fi
[ -x "$relance" ] || die "not an executable: $relance"
echo "== running the demo pipeline with $relance"
"$relance" run "$sandbox/pipelines/demo" --quiet || die "relance run failed"
if [ "$approve" = yes ]; then
  # The reminders waiting for a person's approval are e-mails of the demo too.
  "$relance" approve "$sandbox/pipelines/demo" --all >/dev/null || die "relance approve failed"
fi
outbox="$sandbox/outbox/mail/new"
mapfile -t emls < <(find "$outbox" -maxdepth 1 -name '*.eml' | sort)
[ "${#emls[@]}" -gt 0 ] || die "the demo run left no e-mail in $outbox"

# 5. Delivery: the recipients come from the To and Cc headers (-t), a lone dot is text (-i); the
#    envelope sender is local so that a bounce would come back to the same mailbox.
echo "== delivering ${#emls[@]} e-mails with sendmail -t -i"
failed=0
for f in "${emls[@]}"; do
  if ! sendmail -t -i -f "relance-bounces@localhost" < "$f"; then
    echo "FAIL sendmail refused $(basename "$f")"
    failed=$((failed + 1))
  fi
done

# 6. Wait for the queue to empty (bounded), the maildrop folder included (pickup may not have read
#    a message sendmail just wrote there).
maildrop="$(postconf -h queue_directory)/maildrop"
queue_empty() {
  postqueue -p 2>/dev/null | grep -q "Mail queue is empty" && [ -z "$(find "$maildrop" -type f 2>/dev/null | head -1)" ]
}
waited=0
until queue_empty; do
  if [ "$waited" -ge "$timeout" ]; then
    echo "FAIL the queue is not empty after ${timeout}s:"
    postqueue -p || true
    failed=$((failed + 1))
    break
  fi
  postqueue -f >/dev/null 2>&1 || true
  sleep 1
  waited=$((waited + 1))
done

# 7. Each message in the mailbox, by its Message-ID; nothing bounced or deferred.
arrived=0
for f in "${emls[@]}"; do
  id="$(grep -m1 -i '^Message-ID:' "$f" | tr -d '\r' | sed 's/^[^:]*:[[:space:]]*//')"
  copies="$(grep -c -i -F "Message-ID: $id" "$mailbox" || true)"
  if [ -z "$id" ]; then
    echo "FAIL $(basename "$f"): no Message-ID header"
    failed=$((failed + 1))
  elif [ "$copies" -ge 1 ]; then
    arrived=$((arrived + 1))
  else
    echo "FAIL $(basename "$f"): $id not in $mailbox"
    failed=$((failed + 1))
  fi
done
copies_total="$(grep -c '^From ' "$mailbox" || true)"
bounces="$(grep -c '^From MAILER-DAEMON' "$mailbox" || true)"
new_log="$(tail -c +"$((log_start + 1))" "$log" 2>/dev/null || true)"
delivered_lines="$(grep -c 'status=sent' <<<"$new_log" || true)"
bounced_lines="$(grep -c 'status=bounced' <<<"$new_log" || true)"
deferred_lines="$(grep -c 'status=deferred' <<<"$new_log" || true)"
if [ "$bounces" -gt 0 ] || [ "$bounced_lines" -gt 0 ] || [ "$deferred_lines" -gt 0 ]; then
  echo "FAIL bounces in the mailbox: $bounces, log lines status=bounced: $bounced_lines, status=deferred: $deferred_lines"
  grep -E 'status=(bounced|deferred)' <<<"$new_log" || true
  failed=$((failed + 1))
fi

# 8. Intact: the delivered copy of each message has the same headers and the same decoded parts
#    (texts, HTML, attachments) as the file in the outbox (Postfix only adds trace headers).
intact="not checked (python3 missing)"
if command -v python3 >/dev/null; then
  if python3 - "$mailbox" "${emls[@]}" > "$sandbox/intact.txt" <<'EOF'
import sys, mailbox, email, email.policy, hashlib
def summary(m):
    heads = [(k, str(v)) for k, v in m.items() if k.lower() in ('from', 'to', 'cc', 'subject', 'date', 'message-id', 'reply-to')]
    # The mailbox stores lines with LF: a text part's decoded line ends are compared as LF.
    def payload(p):
        data = p.get_payload(decode=True) or b''
        return data.replace(b'\r\n', b'\n') if p.get_content_maintype() == 'text' else data
    parts = [(p.get_content_type(), p.get_filename(), hashlib.sha256(payload(p)).hexdigest())
             for p in m.walk() if not p.is_multipart()]
    defects = [type(d).__name__ for p in m.walk() for d in p.defects]
    return heads, parts, defects
delivered = {}
for msg in mailbox.mbox(sys.argv[1], factory=None):
    m = email.message_from_bytes(msg.as_bytes(), policy=email.policy.default)
    delivered.setdefault(str(m['Message-ID']), m)
bad = checked = 0
for path in sys.argv[2:]:
    original = email.message_from_bytes(open(path, 'rb').read(), policy=email.policy.default)
    copy = delivered.get(str(original['Message-ID']))
    if copy is None:
        continue   # reported above
    checked += 1
    if summary(original) != summary(copy) or summary(copy)[2]:
        bad += 1
        print('FAIL', path.rsplit('/', 1)[-1], 'differs after delivery or has defects')
print(checked - bad, 'of', checked, 'delivered messages')
sys.exit(1 if bad else 0)
EOF
  then intact="yes"; else intact="NO"; failed=$((failed + 1)); grep FAIL "$sandbox/intact.txt" || true; fi
  intact="$intact ($(tail -n 1 "$sandbox/intact.txt"))"
fi

echo "== summary"
echo "postfix $(postconf -h mail_version), inet_interfaces=$(postconf -h inet_interfaces), default_transport=$(postconf -h default_transport | cut -d: -f1)"
echo "e-mails in the outbox:           ${#emls[@]}"
echo "arrived in $mailbox: $arrived (by Message-ID)"
echo "copies in the mailbox:           $copies_total (one per To/Cc recipient)"
echo "deliveries logged status=sent:   $delivered_lines"
echo "bounced / deferred:              $bounced_lines / $deferred_lines (MAILER-DAEMON messages: $bounces)"
echo "intact (headers, decoded parts): $intact"
echo "queue empty after:               ${waited}s"
if [ "$failed" -ne 0 ]; then
  echo "RESULT: FAIL ($failed problem(s))"
  exit 1
fi
echo "RESULT: OK"
