#!/usr/bin/env python3
"""More SEV/SNP vectors, beside the team's dev.json: edge-case firmware variants and flag
combinations. Writes the extra inputs into DIR (after gen_firmware.py's) and, given the
sev-snp-measure executable, the expected outputs to extra.json next to this script.

Usage: gen_extra.py DIR [SEV_SNP_MEASURE]   (without the executable: inputs only)
"""
import hashlib, json, os, struct, subprocess, sys, uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_firmware as g  # noqa: E402

SEC_MEM, SECRETS, CPUID, SVSM_CAA, KH = 1, 2, 3, 4, 0x10


def variant(size, seed, sections, entries, metadata_at=0x1000, signature=b"ASEV", version=1,
            declared=None, footer=True):
    """Like gen_firmware.firmware, but entries are (guid, data) pairs in file order (duplicates
    allowed) and the metadata header can be broken on purpose."""
    img = g.filler(seed, size)
    n = len(sections) if declared is None else declared
    meta = signature + struct.pack("<III", 16 + 12 * len(sections), version, n)
    for gpa, sz, kind in sections:
        meta += struct.pack("<III", gpa, sz, kind)
    img[metadata_at:metadata_at + len(meta)] = meta
    table = b"".join(g.entry(guid, data(size - metadata_at)) for guid, data in entries)
    if footer:
        table += struct.pack("<H", len(table) + 18) + uuid.UUID(g.FOOTER).bytes_le
    img[size - 32 - len(table):size - 32] = table
    return bytes(img)


def std_entries(ht=(0x80CC00, 0x400), eip=0x80B004):
    return [(g.HASH_TABLE, lambda off: struct.pack("<II", *ht)),
            (g.RESET_BLOCK, lambda off: struct.pack("<I", eip)),
            (g.SEV_METADATA, lambda off: struct.pack("<I", off))]


STD = g.STD
NO_HT = [e for e in std_entries() if e[0] != g.HASH_TABLE]
VARIANTS = {
    "fx-ap0": variant(1 << 20, b"fx-ap0", STD, std_entries(eip=0)),
    "fx-ht-edge": variant(1 << 20, b"fx-ht-edge", STD, std_entries(ht=(0x80CF50, 0x400))),
    "fx-ht-cross": variant(1 << 20, b"fx-ht-cross", STD, std_entries(ht=(0x80CF60, 0x400))),
    "fx-ht-gpa0": variant(1 << 20, b"fx-ht-gpa0", STD, std_entries(ht=(0, 0x400))),
    "fx-no-ht-entry": variant(1 << 20, b"fx-no-ht-entry", STD, NO_HT),
    "fx-unknown-section": variant(1 << 20, b"fx-unknown", STD + [(0x890000, 0x1000, 5)], std_entries()),
    "fx-bad-signature": variant(1 << 20, b"fx-badsig", STD, std_entries(), signature=b"XSEV"),
    "fx-bad-version": variant(1 << 20, b"fx-badver", STD, std_entries(), version=2),
    "fx-truncated-meta": variant(1 << 20, b"fx-trunc", STD, std_entries(), declared=9),
    "fx-no-footer": variant(1 << 20, b"fx-nofooter", STD, std_entries(), footer=False),
    "fx-odd-size": variant((1 << 20) + 100, b"fx-odd", STD, std_entries()),
    "fx-secmem-odd": variant(1 << 20, b"fx-secodd", [(0x800000, 0x1800, SEC_MEM)] + STD[2:], std_entries()),
    "fx-kh-2pages": variant(1 << 20, b"fx-kh2", [(0x80C000, 0x2000, KH)] + STD[:3], std_entries()),
    "fx-dup-reset": variant(1 << 20, b"fx-dup", STD, [(g.RESET_BLOCK, lambda off: struct.pack("<I", 0x70B004))]
                            + std_entries()),
    "fx-meta-at-end": variant(512 << 10, b"fx-metaend", STD[:3] + [STD[4]], std_entries(), metadata_at=(512 << 10) - 0x400),
    "fx-no-metadata": variant(1 << 20, b"fx-nometa", STD, [e for e in std_entries() if e[0] != g.SEV_METADATA]),
}

SVSM_INFO = "a789a612-0597-4c4b-a49f-cbb1fe9d1ddd"
SVSM_SECS = [(0x7F0000, 0x3000, SEC_MEM), (0x7F3000, 0x1000, SECRETS), (0x7F4000, 0x1000, CPUID),
             (0x7F5000, 0x1000, SVSM_CAA), (0x7F6000, 0x1000, KH)]
SVSM = {
    "svsm-a.bin": variant(256 << 10, b"svsm-a", SVSM_SECS,
                          [(SVSM_INFO, lambda off: struct.pack("<I", 0x1234)),
                           (g.SEV_METADATA, lambda off: struct.pack("<I", off))]),
    "svsm-noinfo.bin": variant(128 << 10, b"svsm-noinfo", SVSM_SECS[:2],
                               [(g.SEV_METADATA, lambda off: struct.pack("<I", off))]),
    "svsm-nometa.bin": variant(64 << 10, b"svsm-nometa", [], [(SVSM_INFO, lambda off: struct.pack("<I", 0x40))]),
}

SEED = "e574a69a046cb6d4f184f9f1412c16946ccd3ccb527fb3f5b9d7ed91ba2a02f9f2661b710bcc2d24250b0ba1e17814ab"
DIRECT = ["--kernel", "@kernel-a.bin", "--initrd", "@initrd-a.cpio", "--append", "console=ttyS0"]
SNP2 = ["--mode", "snp", "--vcpus", "2", "--vcpu-type", "EPYC-Milan"]
VECTORS = [
    ("x01-many-secmem-turin", ["--mode", "snp", "--vcpus", "3", "--vcpu-type", "EPYC-Turin", "--ovmf", "@fw-3M-many-secmem.fd"] + DIRECT),
    ("x02-vcpu-sig", ["--mode", "snp", "--vcpus", "2", "--vcpu-sig", "0xa10f11", "--ovmf", "@fw-1M-std.fd"]),
    ("x03-family-model-stepping", ["--mode", "snp", "--vcpus", "2", "--vcpu-family", "25", "--vcpu-model", "17", "--vcpu-stepping", "1", "--ovmf", "@fw-2M-reordered.fd"]),
    ("x04-initrd-empty-no-append", ["--mode", "snp", "--vcpus", "1", "--vcpu-type", "EPYC-Rome", "--ovmf", "@fw-1M-std.fd", "--kernel", "@kernel-b.bin", "--initrd", "@initrd-empty.cpio"]),
    ("x05-gce-direct", ["--mode", "snp", "--vcpus", "4", "--vmm-type", "gce", "--ovmf", "@fw-1M-std.fd"] + DIRECT),
    ("x06-ec2-cpuid-first", ["--mode", "snp", "--vcpus", "2", "--vmm-type", "ec2", "--ovmf", "@fw-2M-cpuid-first.fd"]),
    ("x07-seves-gce", ["--mode", "seves", "--vcpus", "3", "--vmm-type", "gce", "--ovmf", "@fw-2M-reordered.fd"]),
    ("x08-seves-ec2-direct", ["--mode", "seves", "--vcpus", "2", "--vmm-type", "ec2", "--ovmf", "@fw-1M-std.fd"] + DIRECT),
    ("x09-sev-no-kernel", ["--mode", "sev", "--ovmf", "@fw-4M-svsm-caa.fd"]),
    ("x10-snp-seeded", SNP2 + ["--ovmf", "@fw-2M-cpuid-first.fd", "--snp-ovmf-hash", SEED]),
    ("x11-features-0x21-unicode", SNP2 + ["--ovmf", "@fw-1M-std.fd", "--guest-features", "0x21", "--kernel", "@kernel-a.bin", "--append", "console=ttyS0 name=caf\u00e9"]),
    ("x12-vcpus-0", ["--mode", "snp", "--vcpus", "0", "--vcpu-type", "EPYC-v4", "--ovmf", "@fw-1M-std.fd"]),
    ("x13-ap0-one-vcpu", ["--mode", "snp", "--vcpus", "1", "--vcpu-type", "EPYC-v4", "--ovmf", "@fx-ap0.fd"]),
    ("x14-ap0-two-vcpus", SNP2 + ["--ovmf", "@fx-ap0.fd"]),
    ("x15-ht-edge", SNP2 + ["--ovmf", "@fx-ht-edge.fd", "--kernel", "@kernel-a.bin"]),
    ("x16-ht-cross", SNP2 + ["--ovmf", "@fx-ht-cross.fd", "--kernel", "@kernel-a.bin"]),
    ("x17-ht-cross-no-kernel", SNP2 + ["--ovmf", "@fx-ht-cross.fd"]),
    ("x18-ht-gpa0-snp", SNP2 + ["--ovmf", "@fx-ht-gpa0.fd", "--kernel", "@kernel-a.bin"]),
    ("x19-ht-gpa0-seves", ["--mode", "seves", "--vcpus", "1", "--vcpu-type", "EPYC-v4", "--ovmf", "@fx-ht-gpa0.fd", "--kernel", "@kernel-a.bin"]),
    ("x20-no-ht-entry", SNP2 + ["--ovmf", "@fx-no-ht-entry.fd", "--kernel", "@kernel-a.bin"]),
    ("x21-no-ht-entry-no-kernel", SNP2 + ["--ovmf", "@fx-no-ht-entry.fd"]),
    ("x22-unknown-section-snp", SNP2 + ["--ovmf", "@fx-unknown-section.fd"]),
    ("x23-unknown-section-sev", ["--mode", "sev", "--ovmf", "@fx-unknown-section.fd"]),
    ("x24-unknown-section-ovmf-hash", ["--mode", "snp:ovmf-hash", "--ovmf", "@fx-unknown-section.fd"]),
    ("x25-bad-signature", ["--mode", "sev", "--ovmf", "@fx-bad-signature.fd"]),
    ("x26-bad-version", SNP2 + ["--ovmf", "@fx-bad-version.fd"]),
    ("x27-truncated-meta", SNP2 + ["--ovmf", "@fx-truncated-meta.fd"]),
    ("x28-no-footer-snp", SNP2 + ["--ovmf", "@fx-no-footer.fd"]),
    ("x29-no-footer-sev", ["--mode", "sev", "--ovmf", "@fx-no-footer.fd"]),
    ("x30-no-footer-sev-kernel", ["--mode", "sev", "--ovmf", "@fx-no-footer.fd", "--kernel", "@kernel-a.bin"]),
    ("x31-odd-size-snp", SNP2 + ["--ovmf", "@fx-odd-size.fd"]),
    ("x32-odd-size-seves", ["--mode", "seves", "--vcpus", "2", "--vcpu-type", "EPYC-v4", "--ovmf", "@fx-odd-size.fd"] + DIRECT),
    ("x33-odd-size-seeded", SNP2 + ["--ovmf", "@fx-odd-size.fd", "--snp-ovmf-hash", SEED]),
    ("x34-secmem-odd", SNP2 + ["--ovmf", "@fx-secmem-odd.fd"]),
    ("x35-kh-2pages-kernel", SNP2 + ["--ovmf", "@fx-kh-2pages.fd", "--kernel", "@kernel-a.bin"]),
    ("x36-kh-2pages-no-kernel", SNP2 + ["--ovmf", "@fx-kh-2pages.fd"]),
    ("x37-dup-reset", SNP2 + ["--ovmf", "@fx-dup-reset.fd"]),
    ("x38-meta-at-end", SNP2 + ["--ovmf", "@fx-meta-at-end.fd"]),
    ("x39-no-metadata", SNP2 + ["--ovmf", "@fx-no-metadata.fd"]),
    ("x40-no-metadata-kernel", SNP2 + ["--ovmf", "@fx-no-metadata.fd", "--kernel", "@kernel-a.bin"]),
    ("x41-initrd-without-kernel", SNP2 + ["--ovmf", "@fw-1M-std.fd", "--initrd", "@initrd-a.cpio"]),
    ("x42-missing-vcpus", ["--mode", "snp", "--vcpu-type", "EPYC-v4", "--ovmf", "@fw-1M-std.fd"]),
    ("x43-missing-vcpu-type", ["--mode", "seves", "--vcpus", "1", "--ovmf", "@fw-1M-std.fd"]),
    ("x44-seed-with-sev", ["--mode", "sev", "--ovmf", "@fw-1M-std.fd", "--snp-ovmf-hash", SEED]),
    ("x45-no-direct-boot-kernel", SNP2 + ["--ovmf", "@fw-1M-no-kernel-hashes.fd", "--kernel", "@kernel-a.bin"]),
    ("x46-neg-vcpus", ["--mode", "snp", "--vcpus", "-3", "--vcpu-type", "EPYC-v4", "--ovmf", "@fw-1M-std.fd"]),
    ("x47-seves-ec2-many", ["--mode", "seves", "--vcpus", "17", "--vmm-type", "ec2", "--ovmf", "@fw-3M-many-secmem.fd"]),
    ("y01-svsm", ["--mode", "snp:svsm", "--vcpus", "2", "--vcpu-type", "EPYC-v4", "--ovmf", "@fw-1M-std.fd", "--svsm", "@svsm-a.bin", "--vars-size", "131072"]),
    ("y02-svsm-sig-features", ["--mode", "snp:svsm", "--vcpus", "3", "--vcpu-sig", "0xa10f11", "--ovmf", "@fw-2M-reordered.fd", "--svsm", "@svsm-a.bin", "--vars-size", "540672", "--guest-features", "0x21"]),
    ("y03-svsm-vars-file", ["--mode", "snp:svsm", "--vcpus", "1", "--vcpu-type", "EPYC-Genoa", "--ovmf", "@fw-1M-std.fd", "--svsm", "@svsm-a.bin", "--vars-file", "@initrd-a.cpio"]),
    ("y04-svsm-no-info", ["--mode", "snp:svsm", "--vcpus", "2", "--vcpu-type", "EPYC-v4", "--ovmf", "@fw-1M-std.fd", "--svsm", "@svsm-noinfo.bin", "--vars-size", "131072"]),
    ("y05-svsm-no-vars", ["--mode", "snp:svsm", "--vcpus", "2", "--vcpu-type", "EPYC-v4", "--ovmf", "@fw-1M-std.fd", "--svsm", "@svsm-a.bin"]),
    ("y06-svsm-gce", ["--mode", "snp:svsm", "--vcpus", "2", "--vmm-type", "gce", "--ovmf", "@fw-1M-std.fd", "--svsm", "@svsm-a.bin", "--vars-size", "131072"]),
    ("y07-svsm-kernel-ignored", ["--mode", "snp:svsm", "--vcpus", "2", "--vcpu-type", "EPYC-v4", "--ovmf", "@fw-1M-std.fd", "--svsm", "@svsm-a.bin", "--vars-size", "131072", "--kernel", "@kernel-a.bin"]),
    ("y08-svsm-no-metadata-neg-vars", ["--mode", "snp:svsm", "--vcpus", "2", "--vcpu-type", "EPYC-Rome", "--ovmf", "@fw-2M-cpuid-first.fd", "--svsm", "@svsm-nometa.bin", "--vars-size", "-8192"]),
    ("y09-svsm-odd-ovmf", ["--mode", "snp:svsm", "--vcpus", "2", "--vcpu-type", "EPYC-v4", "--ovmf", "@fx-odd-size.fd", "--svsm", "@svsm-a.bin", "--vars-size", "131072"]),
    ("y10-svsm-seeded", ["--mode", "snp:svsm", "--vcpus", "2", "--vcpu-type", "EPYC-v4", "--ovmf", "@fw-1M-std.fd", "--svsm", "@svsm-a.bin", "--vars-size", "131072", "--snp-ovmf-hash", SEED]),
    ("x48-big-features", SNP2 + ["--ovmf", "@fw-1M-std.fd", "--guest-features", "0x1_0000_0000_0000_0021"]),
]


def main(out, exe=None):
    g.main(out)
    for name, data in VARIANTS.items():
        with open(os.path.join(out, name + ".fd"), "wb") as f:
            f.write(data)
    for name, data in SVSM.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    sums = {n: hashlib.sha256(open(os.path.join(out, n), "rb").read()).hexdigest()
            for n in sorted(os.listdir(out))}
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "inputs.sha256.json"), "w") as f:
        json.dump(sums, f, indent=1, sort_keys=True)
    if not exe:
        return
    vectors = []
    for name, args in VECTORS:
        real = [os.path.join(out, a[1:]) if a.startswith("@") else a for a in args]
        r = subprocess.run([exe] + real + ["--output-format", "hex"], capture_output=True, text=True)
        vectors.append({"name": name, "args": args, "expected": r.stdout.strip() if r.returncode == 0 else "",
                        "expectError": r.returncode != 0})
    with open(os.path.join(here, "extra.json"), "w") as f:
        json.dump({"tool": "sev-snp-measure 0.0.13", "vectors": vectors}, f, indent=1)


if __name__ == "__main__":
    main(*sys.argv[1:])
