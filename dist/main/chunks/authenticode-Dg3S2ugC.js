import { E as EnclaveBuildError } from '../index.js';

/**
 * The Authenticode digest of a PE/COFF image (Microsoft's "Windows
 * Authenticode Portable Executable Signature Format"): the headers without
 * CheckSum and the certificate directory entry, the sections' raw data in
 * file order, then the bytes after the last section except the certificate
 * table. It is the digest UEFI firmware logs when it loads an image, in two
 * dialects that differ only after the sections:
 *  - `edk2` as EDK2's image verification and Google's `authenticode` crate
 *    0.5 (used by aws nitro-tpm-pcr-compute): every trailing byte but the
 *    certificate table, no padding, a section past the end is an error;
 *  - `dstack` as dstack-mr's kernel.rs computes a bzImage's digest: trailing
 *    bytes only when a certificate table exists, then zero padding to a
 *    multiple of 8 (what signing tools would have added).
 * Both agree on signed images, whose length is already 8-aligned.
 */
function bad(message) {
    return new EnclaveBuildError('INPUT_INVALID', `the image is not a PE image UEFI can load (${message}); pass an EFI binary (a bzImage built with EFI_STUB, a systemd-stub UKI)`);
}
/**
 * Authenticode SHA-384 of `file` whose first `head.length` bytes read as
 * `head` (QEMU's patched setup header): a 10 MiB kernel is never copied to
 * change a few bytes.
 */
function authenticodeSha384(file, head = new Uint8Array(0)) {
    return authenticodeDigest(file, {
        algorithm: 'sha384',
        head,
        dialect: 'dstack'
    });
}
/** The Authenticode digest of the PE image `file`. */
function authenticodeDigest(file, options = {}) {
    const head = options.head ?? new Uint8Array(0);
    const edk2 = (options.dialect ?? 'edk2') === 'edk2';
    const n = head.length;
    const pe = { length: file.length };
    const h = process
        .getBuiltinModule('node:crypto')
        .createHash(options.algorithm ?? 'sha256');
    const byte = (i) => (i < n ? head[i] : file[i]);
    const u16 = (at, what) => {
        if (at < 0 || at + 2 > pe.length)
            throw bad(`no ${what}`);
        return byte(at) | (byte(at + 1) << 8);
    };
    const u32 = (at, what) => {
        if (at < 0 || at + 4 > pe.length)
            throw bad(`no ${what}`);
        return (u16(at, what) + u16(at + 2, what) * 0x10000) >>> 0;
    };
    /** Hashes file[start, end) through the patched head. */
    const update = (start, end) => {
        if (start < n)
            h.update(head.subarray(start, Math.min(end, n)));
        if (end > n)
            h.update(file.subarray(Math.max(start, n), end));
    };
    const sig = u32(0x3c, 'DOS header');
    if (u32(sig, 'PE signature') !== 0x4550)
        throw bad('invalid PE signature');
    const coff = sig + 4;
    const optSize = u16(coff + 16, 'COFF header');
    const opt = coff + 20;
    const plus = u16(opt, 'optional header magic') === 0x20b;
    const checksum = opt + 64;
    const certDir = opt + (plus ? 112 : 96) + 4 * 8;
    const headers = u32(opt + 60, 'SizeOfHeaders');
    if (checksum + 4 > certDir || certDir + 8 > headers || headers > pe.length)
        throw bad('header fields out of order or past the end');
    update(0, checksum);
    update(checksum + 4, certDir);
    update(certDir + 8, headers);
    let hashed = headers;
    const count = u16(coff + 2, 'section count');
    const sections = [];
    for (let i = 0; i < count; i++) {
        const at = opt + optSize + 40 * i;
        const size = u32(at + 16, 'SizeOfRawData');
        const ptr = u32(at + 20, 'PointerToRawData');
        if (size > 0)
            sections.push([ptr, size]);
    }
    sections.sort((a, b) => a[0] - b[0]);
    for (const [ptr, size] of sections) {
        if (edk2 && ptr + size > pe.length)
            throw bad('a section runs past the end of the file');
        if (ptr < pe.length)
            update(ptr, Math.min(ptr + size, pe.length));
        hashed += size;
    }
    const certAddr = u32(certDir, 'certificate table');
    const certSize = u32(certDir + 4, 'certificate table');
    if (edk2) {
        const extra = pe.length - hashed - (certAddr !== 0 ? certSize : 0);
        if (extra < 0)
            throw bad('the sections and certificate table overrun the file');
        update(hashed, hashed + extra);
        return h.digest();
    }
    if (certAddr > 0 && certSize > 0 && pe.length > hashed) {
        const trailing = pe.length - hashed;
        if (trailing > certSize)
            update(hashed, hashed + trailing - certSize);
    }
    if (pe.length % 8 !== 0)
        h.update(new Uint8Array(8 - (pe.length % 8)));
    return h.digest();
}

export { authenticodeSha384 as a, authenticodeDigest as b };
