#!/usr/bin/env python3
"""Writes EFI_SIGNATURE_LISTs (UEFI 2.10 32.4.1) for the PCR7 vectors: make-esl.py OUT OWNER-GUID TYPE FILE
TYPE x509 (FILE is a PEM or DER certificate) or sha256 (FILE holds the 32-byte hash)."""
import sys, struct, uuid, subprocess
out, owner, kind, path = sys.argv[1:5]
data = open(path, 'rb').read()
if kind == 'x509':
    if data.startswith(b'-----'):
        data = subprocess.run(['openssl', 'x509', '-outform', 'DER'], input=data, capture_output=True, check=True).stdout
    t = uuid.UUID('a5c059a1-94e4-4aa7-87b5-ab155c2bf072')
else:
    t = uuid.UUID('c1c41626-504c-4092-aca9-41f936934328')
sig = uuid.UUID(owner).bytes_le + data
open(out, 'wb').write(t.bytes_le + struct.pack('<III', 28 + len(sig), 0, len(sig)) + sig)
