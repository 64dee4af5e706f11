import { createHash } from 'node:crypto';
import { C as hashFile } from './main-BQHnxbfa.js';
import { digestOffThread } from './digest-worker-BWbgCEkR.js';

const ZERO_PCR = new Uint8Array(48);
/** Extends a zeroed SHA-384 register with `digest`. */
function extendPcr(digest) {
    return createHash('sha384').update(ZERO_PCR).update(digest).digest('hex');
}
/** The PCR of a byte string (like `nitro-cli pcr --input`). */
function pcrOfBytes(bytes) {
    return extendPcr(createHash('sha384').update(bytes).digest());
}
/**
 * The PCR of a file, streamed. Only a regular file is read (a FIFO or
 * /dev/zero would never end), with util/fs's codes.
 */
async function pcrOfFile(path) {
    return extendPcr(Buffer.from(await hashFile(path, 'sha384', 'the input', {
        maxBytes: Number.POSITIVE_INFINITY
    }), 'hex'));
}
function feed(hash, chunks) {
    for (const c of chunks)
        hash.update(c);
}
function concat(chunks) {
    if (chunks.length === 1)
        return chunks[0];
    return Buffer.concat(chunks);
}
/**
 * SHA-384 of the pieces off this thread (util/digest-worker), so it runs
 * beside this thread's own hashing. A single piece is passed as it is: in
 * shared memory, the warm worker hashes it in place.
 */
function sha384OffThread(chunks) {
    if (chunks.length === 0)
        return Promise.resolve(createHash('sha384').digest());
    return digestOffThread('sha384', concat(chunks));
}
/**
 * PCR0/1/2(/8) in one pass over the inputs. PCR0 and PCR1 share one
 * hasher: it is cloned after the first ramdisk (PCR1 is a prefix of PCR0's
 * stream). PCR2 needs its own pass over the later ramdisks, which holds the
 * big customer ramdisk; it runs off this thread (the digest worker, or
 * WebCrypto on libuv's pool) while this thread hashes PCR0, so on two
 * cores the whole costs about one SHA-384 pass.
 */
async function measureSections(s) {
    const later = s.ramdisks.slice(1).flat();
    const pcr2Digest = sha384OffThread(later);
    // Yield once so the caller can queue more thread-pool work (disk writes)
    // before this thread is busy hashing.
    await Promise.resolve();
    const image = createHash('sha384');
    feed(image, s.kernel);
    image.update(s.cmdline);
    if (s.ramdisks.length > 0)
        feed(image, s.ramdisks[0]);
    const pcr1 = extendPcr(image.copy().digest());
    feed(image, later);
    const pcr0 = extendPcr(image.digest());
    const pcrs = {
        PCR0: pcr0,
        PCR1: pcr1,
        PCR2: extendPcr(await pcr2Digest)
    };
    if (s.certificateDer)
        pcrs.PCR8 = pcrOfBytes(s.certificateDer);
    return pcrs;
}
/** The same values, synchronously, for small inputs and readers. */
function measureSectionsSync(s) {
    const image = createHash('sha384');
    const app = createHash('sha384');
    feed(image, s.kernel);
    image.update(s.cmdline);
    if (s.ramdisks.length > 0)
        feed(image, s.ramdisks[0]);
    const pcr1 = extendPcr(image.copy().digest());
    for (const rd of s.ramdisks.slice(1)) {
        feed(image, rd);
        feed(app, rd);
    }
    const pcrs = {
        PCR0: extendPcr(image.digest()),
        PCR1: pcr1,
        PCR2: extendPcr(app.digest())
    };
    if (s.certificateDer)
        pcrs.PCR8 = pcrOfBytes(s.certificateDer);
    return pcrs;
}
/**
 * Trims a kernel command line as nitro-cli does (`cmdline.trim()` in Rust):
 * Unicode White_Space at both ends. Not String.prototype.trim, which also
 * strips U+FEFF and keeps U+0085.
 */
function trimCmdline(cmdline) {
    const ws = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
    return cmdline.replace(new RegExp(`^${ws}+|${ws}+$`, 'gu'), '');
}

export { pcrOfFile as a, measureSections as b, extendPcr as e, measureSectionsSync as m, pcrOfBytes as p, sha384OffThread as s, trimCmdline as t };
