#!/usr/bin/env bash
# Makes a private CA and a server certificate signed by it, for tests that need real TLS:
#   scripts/test-ca.sh DIR [IP...] -> DIR/ca.pem (trust this), DIR/server.pem + DIR/server.key (for 127.0.0.1,
#                               localhost, ferry.test and each IP given, e.g. a benchmark namespace's address),
#                               DIR/other-ca.pem (an unrelated CA, for failure tests)
# Valid for 7 days; EC P-256 keys, so it takes a few milliseconds.
set -euo pipefail
dir=$(mkdir -p "${1:?usage: test-ca.sh DIR [IP...]}" && cd "$1" && pwd)
shift
alt_names="IP:127.0.0.1,DNS:localhost,DNS:ferry.test"
for ip in "$@"; do
    [[ $ip =~ ^[0-9a-fA-F.:]+$ ]] || { echo "test-ca.sh: '$ip' is not an IP address" >&2; exit 2; }
    alt_names="$alt_names,IP:$ip"
done

make_ca() {
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 7 \
        -subj "/CN=Ferry test $1" -keyout "$dir/$1.key" -out "$dir/$1.pem" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        2>/dev/null
}

make_ca ca
make_ca other-ca
openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=localhost" \
    -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null
printf '%s\n' "subjectAltName=$alt_names" "basicConstraints=critical,CA:FALSE" \
    "keyUsage=critical,digitalSignature,keyEncipherment" "extendedKeyUsage=serverAuth" >"$dir/server.ext"
openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
    -days 7 -extfile "$dir/server.ext" -out "$dir/server.pem" 2>/dev/null
rm -f "$dir/server.csr" "$dir/server.ext" "$dir/ca.srl"
chmod 600 "$dir"/*.key
