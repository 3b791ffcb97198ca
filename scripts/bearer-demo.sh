#!/usr/bin/env bash
# The /jwt API from a non-browser client: sign in, then call with Authorization: Bearer.
# Usage: scripts/bearer-demo.sh [base URL]   (default http://localhost:3000)
# tests/e2e/bearer.spec.ts runs this very script against the test server.
set -euo pipefail
BASE="${1:-http://localhost:3000}"

# 1. Sign in. The token comes back only as a cookie (browsers must never see it in a body);
#    a script reads it from the Set-Cookie header. "checks": [] asks for a plain JWT.
TOKEN=$(curl -s -D - -o /dev/null "$BASE/api/jwt/login" \
  -H 'content-type: application/json' \
  -d '{"username":"bob","password":"battery-staple","checks":[]}' |
  sed -n 's/^[Ss]et-[Cc]ookie: \(__Host-\)\{0,1\}jwt=\([^;]*\).*/\2/p')

# 2. Use it as a Bearer token: no cookie involved.
curl -s "$BASE/api/jwt/me" -H "authorization: Bearer $TOKEN"
echo

# 3. Without it: 401 with a reason.
curl -s "$BASE/api/jwt/me"
echo
