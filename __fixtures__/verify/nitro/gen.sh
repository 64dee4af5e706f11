#!/usr/bin/env bash
# Regenerates the test CA chain used by __tests__/verify/nitro*.test.ts:
# a P-384 root, one intermediate and a leaf, shaped like AWS's Nitro chain
# (ecdsa-with-SHA384 everywhere). Test keys only; they sign nothing real.
set -euo pipefail
cd "$(dirname "$0")"
days=36500
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out "$1" 2>/dev/null; }
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
