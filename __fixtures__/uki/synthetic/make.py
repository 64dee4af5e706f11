#!/usr/bin/env python3
"""Writes the small synthetic PE32+ inputs of the UKI vectors (no third-party code):
stub-252.efi / stub-257.efi (an EFI application with .text, .sbat and a systemd-stub
.sdmagic line of that version) and kernel.efi (a PE32+ with .text and NX_COMPAT).
The expected values for UKIs built from them come from ukify, systemd-measure and
nitro-tpm-pcr-compute (see ../SOURCE.md and make-vectors.sh)."""
import struct, sys, os

FA, SA = 0x200, 0x1000

def pe(sections, dllch=0x160):
    n = len(sections)
    headers = 0x400
    raw, ptr, va, table = b'', headers, SA, b''
    for name, data, ch in sections:
        size = (len(data) + FA - 1) // FA * FA
        table += struct.pack('<8sIIIIIIHHI', name.encode(), len(data), va, size, ptr, 0, 0, 0, 0, ch)
        raw += data + bytes(size - len(data))
        ptr += size
        va += (len(data) + SA - 1) // SA * SA
    size_of_image = va
    dos = b'MZ' + bytes(0x3a) + struct.pack('<I', 0x40)
    coff = struct.pack('<HHIIIHH', 0x8664, n, 0, 0, 0, 240, 0x0206)
    opt = struct.pack('<HBBIIIII', 0x20b, 2, 40, 0x200, 0, 0, SA, SA)
    opt += struct.pack('<QIIHHHHHHIIIIHHQQQQII', 0, SA, FA, 0, 0, 0, 0, 0, 0, 0,
                       size_of_image, headers, 0, 10, dllch, 0x100000, 0x1000, 0x100000, 0x1000, 0, 16)
    opt += bytes(16 * 8)
    head = b'PE\0\0' + coff + opt + table
    out = dos + head
    return out + bytes(headers - len(out)) + raw

TEXT = 0x60000020
RDATA = 0x40000040
def stub(version, major, magic=True):
    sbat = ('sbat,1,SBAT Version,sbat,1,https://github.com/rhboot/shim/blob/main/SBAT.md\n'
            f'systemd-stub,1,The systemd Developers,systemd,{major},https://systemd.io/\n').encode()
    magic_line = f'#### LoaderInfo: systemd-stub {version} ####'.encode() + b'\0'
    sections = [('.text', b'\xc3' * 64, TEXT), ('.sbat', sbat, RDATA)]
    return pe(sections + ([('.sdmagic', magic_line, RDATA)] if magic else []))

out = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(out, 'stub-252.efi'), 'wb') as f: f.write(stub('252.39-1~deb12u2', 252))
with open(os.path.join(out, 'stub-257.efi'), 'wb') as f: f.write(stub('257.13-1~deb13u1', 257))
with open(os.path.join(out, 'stub-258.efi'), 'wb') as f: f.write(stub('258.1', 258))
with open(os.path.join(out, 'stub-nomagic.efi'), 'wb') as f: f.write(stub('', 252, magic=False))
with open(os.path.join(out, 'os-release-al2023'), 'wb') as f: f.write(b'NAME="Amazon Linux"\nVERSION="2023"\nID="amzn"\n')
kernel_sbat = b'sbat,1,SBAT Version,sbat,1,https://github.com/rhboot/shim/blob/main/SBAT.md\nlinux,1,The Linux Developers,linux,6.12,https://linux.org/\n'
with open(os.path.join(out, 'kernel.efi'), 'wb') as f:
    f.write(pe([('.text', bytes(range(256)) * 8, TEXT), ('.sbat', kernel_sbat, RDATA)], dllch=0x140))
with open(os.path.join(out, 'initrd.img'), 'wb') as f: f.write(b'070701' + b'0' * 100 + b'TRAILER!!!\0' * 3)
with open(os.path.join(out, 'os-release'), 'wb') as f: f.write(b'ID=enclave\nNAME="enclave-build"\n')
