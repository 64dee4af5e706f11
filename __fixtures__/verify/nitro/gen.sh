#!/usr/bin/env bash
# Regenerates the test CA chain used by __tests__/verify/nitro*.test.ts:
# a P-384 root, one intermediate and a leaf, shaped like AWS's Nitro chain
# (ecdsa-with-SHA384 everywhere). Test keys only; they sign nothing real.
#
#   ./gen.sh              the base chain, then the path-constraint certificates
#   ./gen.sh constraints  only the path-constraint certificates (the base
#                         chain, which other tests pin, stays as it is)
set -euo pipefail
cd "$(dirname "$0")"
days=36500
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$1" 2>/dev/null; }

# The base chain: root.pem ← int.pem ← leaf.pem, and other-root.pem.
base() {
  key root-key.pem; key int-key.pem; key leaf-key.pem; key other-root-key.pem
  ca_ext='basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign,digitalSignature
subjectKeyIdentifier=hash'
  leaf_ext='basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature'
  openssl req -x509 -new -key root-key.pem -sha384 -days $days -subj '/C=US/O=Test/CN=test.nitro-enclaves' \
    -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature' -out root.pem
  openssl req -x509 -new -key other-root-key.pem -sha384 -days $days -subj '/C=US/O=Test/CN=test.nitro-enclaves' \
    -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature' -out other-root.pem
  openssl req -new -key int-key.pem -subj '/C=US/O=Test/CN=int.test.nitro-enclaves' -out int.csr
  openssl x509 -req -in int.csr -CA root.pem -CAkey root-key.pem -sha384 -days $days -set_serial 2 \
    -extfile <(echo "$ca_ext") -out int.pem 2>/dev/null
  openssl req -new -key leaf-key.pem -subj '/C=US/O=Test/CN=i-0123.test.nitro-enclaves' -out leaf.csr
  openssl x509 -req -in leaf.csr -CA int.pem -CAkey int-key.pem -sha384 -days $days -set_serial 3 \
    -extfile <(echo "$leaf_ext") -out leaf.pem 2>/dev/null
  rm -f int.csr leaf.csr other-root-key.pem
}

# A certificate for subject CN=$1 under issuer $2 with the extensions $3,
# keyed by $4 (a new key $1-key.pem when empty).
issue() {
  local k="${4:-$1-key.pem}"
  [ -n "${4:-}" ] || key "$k"
  openssl req -new -key "$k" -subj "/C=US/O=Test/CN=$1.test.nitro-enclaves" -out "$1.csr"
  openssl x509 -req -in "$1.csr" -CA "$2.pem" -CAkey "$2-key.pem" -sha384 -days $days \
    -set_serial "0x$(openssl rand -hex 8)" -extfile <(echo "$3") -out "$1.pem" 2>/dev/null
  rm -f "$1.csr"
}
ca() { issue "$1" "$2" "$3"; }
leaf() { issue "$1" "$2" "$3" leaf-key.pem; }

# Path-constraint certificates for the RFC 5280 checks of nitro.ts, all under
# root.pem (or int.pem); every leaf reuses leaf-key.pem so the default
# document signer fits. Creates only the files named below.
#   pathlen0-int ← pathlen0-sub ← pathlen0-leaf   pathLen 0 with a CA below: refused
#   pathlen0-int ← pathlen0-direct-leaf           pathLen 0, leaf only: fine
#   pathlen1-int ← pathlen1-sub ← pathlen1-leaf   pathLen 1, one CA below: fine
#   nosign-int ← nosign-leaf                      CA without keyCertSign
#   int ← nods-leaf                               leaf without digitalSignature
#   int ← crit-leaf / noncrit-leaf                unknown extension 1.2.3.4,
#                                                 critical / not critical
#   notca-int ← notca-leaf                        CA:FALSE issuer that signs
#   nc-int ← nc-leaf                              critical nameConstraints
constraints() {
  local usage='keyUsage=critical,keyCertSign,cRLSign,digitalSignature'
  local leaf_ext='basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature'
  ca pathlen0-int root "basicConstraints=critical,CA:TRUE,pathlen:0
$usage"
  ca pathlen0-sub pathlen0-int "basicConstraints=critical,CA:TRUE
$usage"
  leaf pathlen0-leaf pathlen0-sub "$leaf_ext"
  leaf pathlen0-direct-leaf pathlen0-int "$leaf_ext"
  ca pathlen1-int root "basicConstraints=critical,CA:TRUE,pathlen:1
$usage"
  ca pathlen1-sub pathlen1-int "basicConstraints=critical,CA:TRUE
$usage"
  leaf pathlen1-leaf pathlen1-sub "$leaf_ext"
  ca nosign-int root 'basicConstraints=critical,CA:TRUE
keyUsage=critical,cRLSign,digitalSignature'
  leaf nosign-leaf nosign-int "$leaf_ext"
  leaf nods-leaf int 'basicConstraints=critical,CA:FALSE
keyUsage=critical,keyAgreement'
  leaf crit-leaf int "$leaf_ext
1.2.3.4=critical,ASN1:UTF8String:x"
  leaf noncrit-leaf int "$leaf_ext
1.2.3.4=ASN1:UTF8String:x"
  ca notca-int root "basicConstraints=critical,CA:FALSE
$usage"
  leaf notca-leaf notca-int "$leaf_ext"
  ca nc-int root "basicConstraints=critical,CA:TRUE
$usage
nameConstraints=critical,permitted;DNS:test.nitro-enclaves"
  leaf nc-leaf nc-int "$leaf_ext"
}

case "${1:-all}" in
  all) base; constraints ;;
  constraints) constraints ;;
  *) echo "usage: $0 [constraints]" >&2; exit 2 ;;
esac
