import { E as EnclaveBuildError, u as fileError, C as hashFile } from './main-BQHnxbfa.js';
import { s as signPkcs1Sha256, t as toLittleEndian, l as loadSgxKey } from './key-DGgXfYoe.js';
import { S as SGX_RSA_EXPONENT, P as PAGE_SIZE$1, f as SSA_FRAME_SIZE, C, g as PAGEINFO_REG, h as PAGEINFO_R, i as SSA_FRAME_NUM, j as PAGEINFO_TCS, T as TCS_SIZE, e as ENCLAVE_STACK_SIZE, E as ENCLAVE_SIG_STACK_SIZE, M as MMAP_MIN_ADDR, k as TCS_NSSA, l as TCS_OENTRY, m as TCS_OGS_BASE, n as TCS_OFS_LIMIT, o as TCS_OGS_LIMIT, p as TLS_SELF, q as TLS_TCS_OFFSET, r as TLS_INITIAL_STACK_ADDR, s as TLS_SIG_STACK_LOW, t as TLS_SIG_STACK_HIGH, u as TLS_MANIFEST_SIZE, v as TLS_HEAP_MIN, w as TLS_HEAP_MAX, D as DEFAULT_ENCLAVE_BASE, x as PAGEINFO_W, y as PAGEINFO_X, z as TCS_OSSA, A as STACK_PROTECTOR_CANARY_DEFAULT, B as TLS_CANARY, F as TLS_ENCLAVE_SIZE, G as TLS_SSA, H as SGX_GPR_SIZE, I as TLS_GPR, J as SGX_MISCSELECT_EXINFO, K as SGX_FLAGS_MODE64BIT, L as SGX_XFRM_MASK_CONST, N as SGX_XFRM_LEGACY, b as SGX_FLAGS_DEBUG, O as SGX_XFRM_AVX, Q as SGX_XFRM_AVX512, R as SGX_XFRM_AMX, U as SGX_XFRM_MPX, V as SGX_XFRM_PKRU } from './constants-CptRa1hx.js';
import { s as signingData, b as buildSigstruct, n as newSigstruct, m as mrsigner } from './sigstruct-D9yZCZrI.js';
import { r as readElfHeader, l as loadSegments, P as PF_R, b as PF_W, c as PF_X } from './elf-CedCKE_Y.js';
import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import { p as pyTruthy, u as uriToPath, a as applyDefaults, c as checkManifest, D as DEFAULT_PKGLIBDIR } from './manifest-BYlhqLbg.js';
import { i as isTable, d as describe, p as parseToml } from './toml-C7V3IjSn.js';
import { writeToml } from './toml-writer-BbalWZ0R.js';
import { constants } from 'node:fs';
import { readdir, access, lstat, stat } from 'node:fs/promises';
import { p as purePosix, o as outerPath, r as resolveInChroot } from './chroot-Bv55sEuW.js';
import './parse-DtD2HBJZ.js';
import 'node:path';

/**
 * Signs a SIGSTRUCT in place of its MODULUS, EXPONENT, SIGNATURE, Q1 and Q2
 * fields. Q1 = floor(s^2 / n) and Q2 = floor((s^2 mod n) * s / n) let the CPU
 * verify the signature without a division.
 */
function signSigstruct(tbs, key) {
    const data = signingData(buildSigstruct(tbs));
    const s = signPkcs1Sha256(key, data);
    const n = key.modulus;
    if (n === 0n)
        throw new EnclaveBuildError('KEY_INVALID', 'the key modulus is zero');
    const s2 = s * s;
    const q1 = s2 / n;
    const q2 = ((s2 % n) * s) / n;
    return {
        ...tbs,
        modulus: toLittleEndian(n, 384),
        exponent: SGX_RSA_EXPONENT,
        signature: toLittleEndian(s, 384),
        q1: toLittleEndian(q1, 384),
        q2: toLittleEndian(q2, 384)
    };
}

/*
 * The byte records MRENCLAVE hashes (Intel SDM vol. 3D 38.7): 64-byte
 * EADD/EEXTEND records, and the reusable batches of them that the builder
 * in measure.ts hashes in large update() calls.
 */
/** Bytes of one ECREATE/EADD/EEXTEND record. */
const RECORD = 64;
/** Bytes one EEXTEND measures. */
const EEXTEND_CHUNK = 256;
/** Bytes a measured page adds: EADD + 16 x (EEXTEND + 256 bytes). */
const MEASURED_PAGE_BYTES = RECORD + (PAGE_SIZE$1 / EEXTEND_CHUNK) * (RECORD + EEXTEND_CHUNK);
/** EADD records per free-page batch: 4 MiB per update(). */
const FREE_BATCH_RECORDS = 1 << 16;
/** Measured zero pages per batch: ~4 MiB per update(). */
const ZERO_BATCH_PAGES = 800;
/** 32-bit words per measured page's records. */
const PAGE_WORDS = MEASURED_PAGE_BYTES / 4;
/** 32-bit words from one EEXTEND record to the next. */
const EXTEND_WORDS = (RECORD + EEXTEND_CHUNK) / 4;
/** Whether offsets can be stored as two native 32-bit words. */
const LITTLE_ENDIAN = endianness() === 'LE';
/** Writes a record's 8-byte, zero-padded name. */
function tag(buf, at, name) {
    buf.fill(0, at, at + 8);
    buf.write(name, at, 'latin1');
}
/** A 64-byte record with its name and zeros. */
function record(name) {
    const r = Buffer.alloc(RECORD);
    tag(r, 0, name);
    return r;
}
/** Record templates; only offsets (and EADD's flags) are written per use. */
const EADD_RECORD = record('EADD');
/** See EADD_RECORD. */
const EEXTEND_RECORD = record('EEXTEND');
/** A non-negative safe integer as u64 LE, without BigInt. */
function writeU64(b, at, v) {
    b.writeUInt32LE(v >>> 0, at);
    b.writeUInt32LE(Math.floor(v / 0x100000000), at + 4);
}
let cachedBatch;
/**
 * The reusable buffer of EADD records for unmeasured pages, built once per
 * process (per flags value) by repeating one record with a native fill.
 * Only the offsets are rewritten for each batch.
 */
function freeBatch(flags) {
    if (cachedBatch?.flags === flags)
        return cachedBatch;
    const one = Buffer.from(EADD_RECORD);
    writeU64(one, 16, flags);
    const ab = new ArrayBuffer(FREE_BATCH_RECORDS * RECORD);
    const buf = Buffer.from(ab);
    buf.fill(one);
    cachedBatch = {
        flags,
        buf,
        words: LITTLE_ENDIAN ? new Uint32Array(ab) : undefined
    };
    return cachedBatch;
}
let cachedZeroBatch;
/**
 * The reusable buffer of measured all-zero pages (stacks, signal stacks,
 * TLS and SSA areas: most of what a small enclave measures), built once per
 * process (per flags value) by repeating one page's EADD + 16 x (EEXTEND +
 * 256 zero bytes) with a native fill. Only the 17 offsets per page are
 * rewritten for each batch, like the free-page batch.
 */
function zeroBatch(flags) {
    if (cachedZeroBatch?.flags === flags)
        return cachedZeroBatch;
    const one = Buffer.alloc(MEASURED_PAGE_BYTES);
    one.set(EADD_RECORD, 0);
    writeU64(one, 16, flags);
    for (let i = 0; i < PAGE_SIZE$1 / EEXTEND_CHUNK; i++)
        one.set(EEXTEND_RECORD, RECORD + i * (RECORD + EEXTEND_CHUNK));
    const ab = new ArrayBuffer(ZERO_BATCH_PAGES * MEASURED_PAGE_BYTES);
    const buf = Buffer.from(ab);
    buf.fill(one);
    cachedZeroBatch = { flags, buf, words: new Uint32Array(ab) };
    return cachedZeroBatch;
}

/**
 * MRENCLAVE as the CPU computes it during enclave build: SHA-256 over one
 * 64-byte record per ECREATE/EADD/EEXTEND (Intel SDM vol. 3D 38.7), each
 * EEXTEND followed by the 256 measured bytes.
 *
 * Speed matters for big enclaves: a 256 GiB enclave has 64 Mi pages, almost
 * all unmeasured heap, i.e. 4 GiB of EADD records. Those records differ only
 * in their offset, so they are written into one reusable multi-MB buffer
 * whose tag and flags are filled once, and hashed in large update() calls.
 */
/** A page of zeros; pass it to addPage to measure an all-zero page cheaply. */
const ZERO_PAGE = new Uint8Array(PAGE_SIZE$1);
const STAGING_BYTES = 4 << 20;
// The staging buffer of a finished builder, handed to the next one: a fresh
// 4 MiB allocation per enclave adds external memory that triggers full
// garbage collections, whose cost grows with whatever else the heap holds.
let spareStaging;
function takeStaging() {
    const b = spareStaging ?? Buffer.allocUnsafeSlow(STAGING_BYTES);
    spareStaging = undefined;
    return b;
}
/** Accumulates the MRENCLAVE hash of one enclave build. */
class MrenclaveBuilder {
    enclaveSize;
    progress;
    hash = createHash('sha256');
    // Every byte below `used` is written before it is hashed, so no zeroing.
    staging = takeStaging();
    // The same bytes as a plain Uint8Array: its set() and fill() are V8
    // built-ins, where Buffer's fill and copy cross into C++ at every call.
    bytes = new Uint8Array(this.staging.buffer, this.staging.byteOffset, STAGING_BYTES);
    used = 0;
    finished = false;
    // Bytes of the enclave added so far, for `progress`.
    added = 0;
    /**
     * `progress`, when given, is told how many bytes of the enclave have been
     * added (a 1 TiB enclave takes seconds).
     */
    constructor(enclaveSize, progress) {
        this.enclaveSize = enclaveSize;
        this.progress = progress;
    }
    reserve(bytes) {
        if (this.finished)
            throw new EnclaveBuildError('INTERNAL', 'MRENCLAVE already finished');
        if (this.used + bytes > this.staging.byteLength)
            this.flush();
        const at = this.used;
        this.used += bytes;
        return at;
    }
    flush() {
        if (this.used > 0)
            this.hash.update(this.staging.subarray(0, this.used));
        this.used = 0;
    }
    checkOffset(offset) {
        if (!Number.isSafeInteger(offset) ||
            offset < 0 ||
            offset >= this.enclaveSize)
            throw new EnclaveBuildError('INPUT_INVALID', `page offset 0x${offset.toString(16)} lies outside the enclave (size 0x${this.enclaveSize.toString(16)})`);
    }
    /** ECREATE: SSA frame size in pages and the enclave size. */
    ecreate(ssaFramePages) {
        const at = this.reserve(RECORD);
        const b = this.staging;
        b.fill(0, at, at + RECORD);
        tag(b, at, 'ECREATE');
        b.writeUInt32LE(ssaFramePages, at + 8);
        b.writeBigUInt64LE(BigInt(this.enclaveSize), at + 12);
    }
    /**
     * EADD of one page at `offset` (relative to the enclave base), then, when
     * `content` is given, EEXTEND of its 16 chunks. `content` is one page.
     */
    addPage(offset, flags, content) {
        this.checkOffset(offset);
        if (content && content.byteLength !== PAGE_SIZE$1)
            throw new EnclaveBuildError('INTERNAL', 'a page must be exactly 4096 bytes');
        const b = this.staging;
        const u = this.bytes;
        let p = this.reserve(content ? MEASURED_PAGE_BYTES : RECORD);
        // Records are copied from prebuilt templates and only the offset and
        // flags written: this loop runs for every measured page (libpal, TCS...).
        u.set(EADD_RECORD, p);
        writeU64(b, p + 8, offset);
        writeU64(b, p + 16, flags);
        if (!content)
            return;
        p += RECORD;
        const zero = content === ZERO_PAGE;
        for (let i = 0; i < PAGE_SIZE$1; i += EEXTEND_CHUNK) {
            u.set(EEXTEND_RECORD, p);
            writeU64(b, p + 8, offset + i);
            if (zero)
                u.fill(0, p + RECORD, p + RECORD + EEXTEND_CHUNK);
            else
                u.set(content.subarray(i, i + EEXTEND_CHUNK), p + RECORD);
            p += RECORD + EEXTEND_CHUNK;
        }
    }
    /** EADD without EEXTEND for `count` consecutive pages: the batched fast path. */
    addUnmeasuredPages(offset, count, flags) {
        if (count <= 0)
            return;
        this.checkOffset(offset);
        this.checkOffset(offset + (count - 1) * PAGE_SIZE$1);
        this.flush();
        const batch = freeBatch(flags);
        let page = offset;
        let left = count;
        while (left > 0) {
            const n = Math.min(left, FREE_BATCH_RECORDS);
            for (let i = 0; i < n; i++, page += PAGE_SIZE$1) {
                if (batch.words) {
                    // Two 32-bit stores per record: far cheaper than a BigInt write.
                    batch.words[i * 16 + 2] = page >>> 0;
                    batch.words[i * 16 + 3] = Math.floor(page / 0x100000000);
                }
                else
                    batch.buf.writeBigUInt64LE(BigInt(page), i * RECORD + 8);
            }
            this.hash.update(n === FREE_BATCH_RECORDS ? batch.buf : batch.buf.subarray(0, n * RECORD));
            left -= n;
            this.added += n * PAGE_SIZE$1;
            this.progress?.(this.added, this.enclaveSize);
        }
    }
    /**
     * EADD and EEXTEND of `count` consecutive all-zero pages: addPage with
     * ZERO_PAGE for each, batched. Byte for byte the same stream.
     */
    addZeroPages(offset, count, flags) {
        if (count <= 0)
            return;
        this.checkOffset(offset);
        this.checkOffset(offset + (count - 1) * PAGE_SIZE$1);
        if (!LITTLE_ENDIAN) {
            for (let i = 0; i < count; i++)
                this.addPage(offset + i * PAGE_SIZE$1, flags, ZERO_PAGE);
            return;
        }
        this.flush();
        const { buf, words } = zeroBatch(flags);
        let page = offset;
        let left = count;
        while (left > 0) {
            const n = Math.min(left, ZERO_BATCH_PAGES);
            for (let i = 0; i < n; i++, page += PAGE_SIZE$1) {
                // EADD's offset at byte 8, then each EEXTEND's (page + 256 k) at its byte 8.
                let w = i * PAGE_WORDS + 2;
                const high = Math.floor(page / 0x100000000);
                words[w] = page >>> 0;
                words[w + 1] = high;
                w += RECORD / 4;
                for (let c = 0; c < PAGE_SIZE$1; c += EEXTEND_CHUNK, w += EXTEND_WORDS) {
                    words[w] = (page + c) >>> 0;
                    words[w + 1] = high;
                }
            }
            this.hash.update(n === ZERO_BATCH_PAGES ? buf : buf.subarray(0, n * MEASURED_PAGE_BYTES));
            left -= n;
        }
    }
    /** The 32-byte MRENCLAVE. */
    digest() {
        this.flush();
        this.progress?.(this.enclaveSize, this.enclaveSize);
        // The staging buffer goes to the next builder; this one takes no more pages.
        this.finished = true;
        spareStaging = this.staging;
        return this.hash.digest();
    }
}

// Why this file is long: Gramine's enclave memory layout is one ordered sequence of pages (as pal-sgx-sign lays them out); splitting it would scatter an order that must match byte for byte.
const { PAGE_SIZE } = C;
const roundDown = (a) => a - (a % PAGE_SIZE);
const roundUp = (a) => Math.ceil(a / PAGE_SIZE) * PAGE_SIZE;
const RW = PAGEINFO_R | PAGEINFO_W | PAGEINFO_REG;
function layoutError(message) {
    throw new EnclaveBuildError('MANIFEST_INVALID', message);
}
/** Computes MRENCLAVE for a Gramine enclave. */
function gramineMrenclave(input) {
    const { enclaveSize, maxThreads } = input;
    if (!Number.isSafeInteger(enclaveSize) || enclaveSize <= 0)
        layoutError(`sgx.enclave_size ${enclaveSize} is not a positive size`);
    if (!Number.isSafeInteger(maxThreads) || maxThreads < 0)
        layoutError(`sgx.max_threads ${maxThreads} is not a non-negative integer`);
    const elf = readElfHeader(input.libpal);
    const segments = loadSegments(input.libpal);
    if (segments.length === 0)
        throw new EnclaveBuildError('ELF_INVALID', 'libpal has no PT_LOAD segment');
    const mapAddr = Math.min(...segments.map((s) => roundDown(s.vaddr)));
    const mapEnd = Math.max(...segments.map((s) => roundUp(s.vaddr + s.memsz)));
    const manifest = new Uint8Array(input.manifestSgx.byteLength + 1); // NUL-terminated in memory
    manifest.set(input.manifestSgx);
    const fixed = (desc, size, flags) => ({
        desc,
        addr: -1,
        size: roundUp(size),
        flags,
        measure: true
    });
    const ssa = fixed('ssa', maxThreads * SSA_FRAME_SIZE * SSA_FRAME_NUM, RW);
    const tcs = fixed('tcs', maxThreads * TCS_SIZE, PAGEINFO_TCS);
    const tls = fixed('tls', maxThreads * PAGE_SIZE, RW);
    const stacks = Array.from({ length: maxThreads }, () => fixed('stack', ENCLAVE_STACK_SIZE, RW));
    const sigStacks = Array.from({ length: maxThreads }, () => fixed('sig_stack', ENCLAVE_SIG_STACK_SIZE, RW));
    const pal = fixed('pal', mapEnd - mapAddr, PAGEINFO_REG);
    if (mapAddr > 0)
        pal.addr = roundDown(mapAddr); // a non-PIE libpal keeps its address
    const manifestArea = {
        ...fixed('manifest', manifest.byteLength, PAGEINFO_R | PAGEINFO_REG),
        content: manifest
    };
    const areas = [manifestArea, ssa, tcs, tls, ...stacks, ...sigStacks, pal];
    const base = DEFAULT_ENCLAVE_BASE;
    const heapMin = MMAP_MIN_ADDR;
    let last = base + enclaveSize;
    for (const a of areas) {
        if (a.addr !== -1)
            continue;
        a.addr = last - a.size;
        if (a.addr < heapMin)
            layoutError(`sgx.enclave_size is not large enough for ${maxThreads} threads and this libpal; raise sgx.enclave_size`);
        last = a.addr;
    }
    const heapMax = pal.addr;
    for (const a of areas)
        if (!(a.addr + a.size <= heapMin || a.addr >= heapMax))
            layoutError(`memory area ${a.desc} overlaps the heap range; libpal's load address is unusable`);
    fillThreadPages({
        ssa,
        tcs,
        tls,
        stacks,
        sigStacks,
        pal,
        manifest,
        enclaveSize,
        base,
        heapMin,
        heapMax,
        entry: elf.entry,
        maxThreads
    });
    const free = [];
    if (!input.edmm) {
        for (const a of areas) {
            const end = a.addr + a.size;
            if (end < last) {
                free.push({
                    desc: 'free',
                    addr: end,
                    size: last - end,
                    flags: RW | PAGEINFO_X,
                    measure: false
                });
                last = a.addr;
            }
        }
        if (last > heapMin)
            free.push({
                desc: 'free',
                addr: heapMin,
                size: last - heapMin,
                flags: RW | PAGEINFO_X,
                measure: false
            });
    }
    const m = new MrenclaveBuilder(enclaveSize, input.progress);
    m.ecreate(SSA_FRAME_SIZE / PAGE_SIZE);
    for (const a of [...areas, ...free]) {
        if (a === pal) {
            addElf(m, input.libpal, segments, pal.addr - mapAddr, base);
            continue;
        }
        if (!a.measure) {
            m.addUnmeasuredPages(a.addr - base, a.size / PAGE_SIZE, a.flags);
            continue;
        }
        if (!a.content) {
            m.addZeroPages(a.addr - base, a.size / PAGE_SIZE, a.flags);
            continue;
        }
        for (let addr = a.addr; addr < a.addr + a.size; addr += PAGE_SIZE) {
            const start = addr - a.addr;
            const page = new Uint8Array(PAGE_SIZE);
            page.set(a.content.subarray(start, Math.min(start + PAGE_SIZE, a.content.byteLength)));
            m.addPage(addr - base, a.flags, page);
        }
    }
    return m.digest();
}
/** Measures each PT_LOAD segment page by page; bytes outside [p_offset, p_offset+p_filesz) are zero. */
function addElf(m, file, segments, loadBias, base) {
    for (const s of segments) {
        let flags = PAGEINFO_REG;
        if (s.flags & PF_R)
            flags |= PAGEINFO_R;
        if (s.flags & PF_W)
            flags |= PAGEINFO_W;
        if (s.flags & PF_X)
            flags |= PAGEINFO_X;
        const addr = loadBias + s.vaddr;
        const mAddr = roundDown(addr);
        const mEnd = roundUp(addr + s.memsz);
        const fAddr = roundDown(s.offset);
        const dataEnd = s.offset + s.filesz;
        for (let page = mAddr; page < mEnd; page += PAGE_SIZE) {
            const start = page - mAddr + fAddr;
            const from = Math.max(start, s.offset);
            const to = Math.min(start + PAGE_SIZE, dataEnd);
            if (from >= to) {
                // bss: no bytes from the file
                m.addPage(page - base, flags, ZERO_PAGE);
                continue;
            }
            if (to > file.byteLength)
                throw new EnclaveBuildError('ELF_INVALID', 'a PT_LOAD segment extends past the end of libpal');
            // A page wholly inside the file is measured straight from it.
            if (from === start && to === start + PAGE_SIZE) {
                m.addPage(page - base, flags, file.subarray(from, to));
                continue;
            }
            const content = new Uint8Array(PAGE_SIZE);
            content.set(file.subarray(from, to), from - start);
            m.addPage(page - base, flags, content);
        }
    }
}
/** The TCS and TLS (pal_enclave_tcb) page of every thread. */
function fillThreadPages(t) {
    const tcs = new DataView(new ArrayBuffer(t.tcs.size));
    const tls = new DataView(new ArrayBuffer(t.tls.size));
    const q = (v, at, value) => v.setBigUint64(at, BigInt.asUintN(64, BigInt(value)), true);
    for (let i = 0; i < t.maxThreads; i++) {
        const ssa = t.ssa.addr + SSA_FRAME_SIZE * SSA_FRAME_NUM * i;
        const c = i * TCS_SIZE;
        q(tcs, c + TCS_OSSA, ssa - t.base);
        tcs.setUint32(c + TCS_NSSA, SSA_FRAME_NUM, true);
        q(tcs, c + TCS_OENTRY, t.pal.addr + t.entry - t.base);
        q(tcs, c + TCS_OGS_BASE, t.tls.addr - t.base + PAGE_SIZE * i);
        tcs.setUint32(c + TCS_OFS_LIMIT, 0xfff, true);
        tcs.setUint32(c + TCS_OGS_LIMIT, 0xfff, true);
        const l = i * PAGE_SIZE;
        q(tls, l + TLS_SELF, t.tls.addr + PAGE_SIZE * i);
        q(tls, l + TLS_CANARY, STACK_PROTECTOR_CANARY_DEFAULT);
        q(tls, l + TLS_ENCLAVE_SIZE, t.enclaveSize);
        q(tls, l + TLS_TCS_OFFSET, t.tcs.addr - t.base + TCS_SIZE * i);
        q(tls, l + TLS_INITIAL_STACK_ADDR, t.stacks[i].addr + t.stacks[i].size);
        q(tls, l + TLS_SIG_STACK_LOW, t.sigStacks[i].addr);
        q(tls, l + TLS_SIG_STACK_HIGH, t.sigStacks[i].addr + t.sigStacks[i].size);
        q(tls, l + TLS_SSA, ssa);
        q(tls, l + TLS_GPR, ssa + SSA_FRAME_SIZE - SGX_GPR_SIZE);
        q(tls, l + TLS_MANIFEST_SIZE, t.manifest.byteLength);
        q(tls, l + TLS_HEAP_MIN, t.heapMin);
        q(tls, l + TLS_HEAP_MAX, t.heapMax);
    }
    t.tcs.content = new Uint8Array(tcs.buffer);
    t.tls.content = new Uint8Array(tls.buffer);
}

// Order matters: avx512 (0xe4) contains the AVX bit, so avx512 = "disabled"
// after avx = "required" clears AVX again. Gramine behaves the same way.
const FEATURES = [
    ['avx', SGX_XFRM_AVX],
    ['avx512', SGX_XFRM_AVX512],
    ['amx', SGX_XFRM_AMX]
];
const SECURE_FEATURES = [
    ['mpx', SGX_XFRM_MPX],
    ['pkru', SGX_XFRM_PKRU]
];
function applyFeatures(features, table, start, hardening) {
    let { xfrm, mask } = start;
    for (const [name, bits] of table) {
        if (!features.has(name))
            continue;
        const value = features.get(name);
        if (value === 'required') {
            xfrm |= bits;
            mask |= bits;
        }
        else if (value === 'disabled') {
            xfrm &= ~bits;
            mask |= bits;
        }
        else if (hardening || value !== 'unspecified') {
            const allowed = hardening
                ? '"required" or "disabled"'
                : '"required", "disabled" or "unspecified"';
            throw new EnclaveBuildError('MANIFEST_INVALID', `sgx.cpu_features.${name} has a disallowed value ${JSON.stringify(String(value))}; use ${allowed}`);
        }
    }
    return { xfrm, mask };
}
/** Computes the attributes Gramine's signer puts into SIGSTRUCT. */
function enclaveAttributes(s) {
    let flags = SGX_FLAGS_MODE64BIT;
    if (s.debug === true)
        flags |= SGX_FLAGS_DEBUG;
    const miscSelect = s.useExinfo === true ? SGX_MISCSELECT_EXINFO : 0;
    let acc = { xfrm: SGX_XFRM_LEGACY, mask: SGX_XFRM_MASK_CONST };
    if (s.cpuFeatures) {
        acc = applyFeatures(s.cpuFeatures, FEATURES, acc, false);
        acc = applyFeatures(s.cpuFeatures, SECURE_FEATURES, acc, true);
    }
    // ~bits on a bigint is negative; keep the 64-bit view SIGSTRUCT stores.
    const u64 = (v) => BigInt.asUintN(64, v);
    return { flags, xfrm: u64(acc.xfrm), xfrmMask: u64(acc.mask), miscSelect };
}

function invalid(message) {
    throw new EnclaveBuildError('MANIFEST_INVALID', message);
}
// Python int(x, 0): optional sign, 0x/0o/0b prefixes, single underscores
// between digits, no leading zeros on decimals, surrounding whitespace.
const PY_INT = /^\s*([+-]?)(0[xX](?:_?[0-9a-fA-F])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|0(?:_?0)*|[1-9](?:_?[0-9])*)\s*$/;
/** Gramine's parse_size: an integer literal with an optional K, M or G suffix (powers of 1024). */
function parseSize(value) {
    if (typeof value !== 'string')
        invalid(`sgx.enclave_size must be a string like "256M" or "4G", not ${describe(value)}`);
    let scale = 1n;
    let digits = value;
    const suffix = value.slice(-1);
    if (suffix === 'K' || suffix === 'M' || suffix === 'G') {
        scale = suffix === 'K' ? 1n << 10n : suffix === 'M' ? 1n << 20n : 1n << 30n;
        digits = value.slice(0, -1);
    }
    const m = PY_INT.exec(digits);
    if (!m)
        invalid(`sgx.enclave_size ${JSON.stringify(value)} is not a size like "256M" or "4G"`);
    const body = m[2].replace(/_/g, '');
    const n = BigInt(/^0[0-9]/.test(body) ? '0' : body) *
        (m[1] === '-' ? -1n : 1n) *
        scale;
    if (n <= 0n || n > BigInt(Number.MAX_SAFE_INTEGER))
        invalid(`sgx.enclave_size ${JSON.stringify(value)} is out of range`);
    return Number(n);
}
/**
 * The largest sgx.enclave_size a Gramine enclave can have: 1 TiB (what
 * Gramine itself defaults to with EDMM). SGX needs SECS.SIZE to be a power
 * of two no larger than 2^MaxEnclaveSize_64 (CPUID leaf 12H, EDX[15:8]; a
 * per-CPU limit, and ELRANGE must be canonical: below 2^47 on 4-level
 * paging). Gramine's loader is stricter: it maps the enclave at address 0
 * and refuses a range that reaches its debug-info page at 1 TiB (gramine
 * v1.9 pal/src/host/linux-sgx/host_main.c, "Enclave range collides with
 * shared memory or debug range"; DBGINFO_ADDR in sgx_gdb.h). A larger size
 * only made us hash for minutes (about 12 s per TiB) for an enclave that
 * can never start.
 */
const MAX_ENCLAVE_SIZE = 2 ** 40;
/** Refuses a size no Gramine enclave can have, before anything is hashed. */
function checkEnclaveSize(size, text) {
    if (size > MAX_ENCLAVE_SIZE)
        invalid(`sgx.enclave_size ${JSON.stringify(text)} is ${size / 2 ** 30} GiB, above the 1024G (1 TiB) a Gramine enclave can have: Gramine's loader maps the enclave at address 0 and refuses one reaching its debug page at 1 TiB, and SGX limits SECS.SIZE per CPU (CPUID 12H MaxEnclaveSize_64). Use a power of two up to "1024G"`);
}
function intIn(v, key, max) {
    if (typeof v !== 'bigint' || v < 0n || v > BigInt(max))
        invalid(`sgx.${key} must be an integer from 0 to ${max}, not ${describe(v)}`);
    return Number(v);
}
/** Reads the SGX parameters; the manifest must have had applyDefaults run on it. */
function sgxParams(manifest) {
    const sgx = manifest.get('sgx');
    if (!isTable(sgx))
        invalid('the manifest has no [sgx] table');
    const cpu = sgx.get('cpu_features');
    const size = sgx.get('enclave_size');
    const enclaveSize = parseSize(size);
    checkEnclaveSize(enclaveSize, size); // a string, or parseSize threw
    return {
        enclaveSize,
        // Far above what Gramine can run; bounds the TCS/TLS buffers built in memory.
        maxThreads: intIn(sgx.get('max_threads'), 'max_threads', 65536),
        edmm: pyTruthy(sgx.get('edmm_enable')),
        isvProdId: intIn(sgx.get('isvprodid'), 'isvprodid', 0xffff),
        isvSvn: intIn(sgx.get('isvsvn'), 'isvsvn', 0xffff),
        attributes: enclaveAttributes({
            debug: sgx.get('debug'),
            useExinfo: sgx.get('use_exinfo'),
            cpuFeatures: isTable(cpu) ? cpu : undefined
        })
    };
}

function manifestError(message) {
    throw new EnclaveBuildError('MANIFEST_INVALID', message);
}
async function makeTrustedFile(uri, sha256, chroot) {
    const path = purePosix(uriToPath(uri));
    if (chroot === undefined)
        return { uri, sha256, realpath: path };
    const inner = await resolveInChroot(path, chroot);
    return { uri, sha256, realpath: outerPath(chroot, inner), inner };
}
async function statOrNull(p) {
    try {
        return await stat(p);
    }
    catch {
        return null;
    }
}
/** Python sorts names by code point; JavaScript's default sort uses UTF-16 units. */
function byCodePoint(a, b) {
    return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
async function* expand(tf, chroot, skipped) {
    const st = await statOrNull(tf.realpath);
    if (!tf.uri.endsWith('/')) {
        if (st?.isDirectory())
            manifestError(`trusted file URI ${JSON.stringify(tf.uri)} is a directory: end it with "/"`);
        yield tf;
        return;
    }
    if (!st?.isDirectory())
        manifestError(`trusted file URI ${JSON.stringify(tf.uri)} ends with "/" but is not a directory`);
    if (tf.sha256 !== undefined)
        manifestError(`trusted directory ${JSON.stringify(tf.uri)} cannot have a sha256`);
    let names;
    try {
        names = (await readdir(tf.realpath)).sort(byCodePoint);
    }
    catch (err) {
        throw fileError(err, tf.realpath, `trusted directory ${tf.uri} at`, 'list');
    }
    for (const name of names) {
        const hostChild = tf.realpath === '.' ? name : `${tf.realpath}/${name}`;
        // The enclave path of the child: under the chroot, the resolved parent plus the name.
        const childPath = chroot === undefined
            ? hostChild
            : `${tf.inner === '/' ? '' : tf.inner}/${name}`;
        const target = chroot === undefined
            ? hostChild
            : outerPath(chroot, await resolveInChroot(childPath, chroot));
        const cst = await statOrNull(target);
        if (!cst || (!cst.isFile() && !cst.isDirectory())) {
            skipped(`file:${childPath}`, cst ? 'not a regular file or directory' : 'a dangling symlink');
            continue;
        }
        try {
            await access(target, constants.R_OK);
        }
        catch {
            skipped(`file:${childPath}`, 'not readable');
            continue;
        }
        const isDir = cst.isDirectory();
        if (isDir && (await lstat(hostChild)).isSymbolicLink())
            continue;
        const child = await makeTrustedFile(`file:${childPath}${isDir ? '/' : ''}`, undefined, chroot);
        yield* expand(child, chroot, skipped);
    }
}
async function hashOf(realpath, uri) {
    try {
        return await hashFile(realpath, 'sha256', `trusted file ${uri} at`);
    }
    catch (err) {
        if (err.code === 'FILE_NOT_FOUND')
            throw new EnclaveBuildError('FILE_NOT_FOUND', `missing trusted file ${uri} (looked at ${realpath})`, { cause: err });
        throw err;
    }
}
/**
 * Expands and hashes sgx.trusted_files in place. Entries must already be
 * normalised to `{uri[, sha256]}` tables (see applyDefaults). `warn` hears
 * of every directory entry left out, as Gramine leaves it out.
 */
async function expandTrustedFiles(manifest, chroot, warn = () => undefined) {
    const skipped = (uri, why) => warn(`trusted files: ${uri} is left out of the manifest (${why}), as gramine-manifest does; it will not be in the enclave`);
    const sgx = manifest.get('sgx');
    const entries = sgx.get('trusted_files');
    const byUri = new Map();
    for (const entry of entries) {
        if (!isTable(entry))
            manifestError('an sgx.trusted_files entry is not a table');
        const leftover = [...entry.keys()].filter((k) => k !== 'uri' && k !== 'sha256');
        if (leftover.length > 0)
            manifestError(`unknown keys ${leftover.join(', ')} in an sgx.trusted_files entry`);
        const uri = entry.get('uri');
        if (typeof uri !== 'string')
            manifestError('sgx.trusted_files uri must be a string');
        const top = await makeTrustedFile(uri, entry.get('sha256'), chroot);
        for await (const tf of expand(top, chroot, skipped)) {
            const old = byUri.get(tf.uri);
            if (old?.sha256 !== undefined) {
                if (tf.sha256 !== undefined && tf.sha256 !== old.sha256)
                    manifestError(`two different sha256 values (${describe(old.sha256)} and ${describe(tf.sha256)}) for the same URI ${tf.uri}`);
                continue;
            }
            byUri.set(tf.uri, tf);
        }
    }
    const out = [];
    for (const tf of byUri.values()) {
        const sha = tf.sha256 ?? (await hashOf(tf.realpath, tf.uri));
        out.push(new Map([
            ['uri', tf.uri],
            ['sha256', sha]
        ]));
    }
    sgx.set('trusted_files', out);
}
/** Fills loader.entrypoint.sha256 when absent (read under the chroot when one is given). */
async function hashLoaderEntrypoint(entry, chroot) {
    if (entry.has('sha256'))
        return;
    const uri = entry.get('uri');
    const path = purePosix(uriToPath(uri));
    const realpath = chroot === undefined
        ? path
        : outerPath(chroot, await resolveInChroot(path, chroot));
    entry.set('sha256', await hashOf(realpath, describe(uri)));
}

/**
 * Parses manifest text, inserts the defaults, validates it (unless `check`
 * is false) before any file is read, fills loader.entrypoint.sha256.
 */
async function loadManifest(text, fs, check = true) {
    const manifest = parseToml(text);
    const entry = applyDefaults(manifest, fs.pkglibdir ?? DEFAULT_PKGLIBDIR);
    if (check)
        validate(manifest);
    await hashLoaderEntrypoint(entry, fs.chroot);
    return manifest;
}
/**
 * The one schema of a manifest, for every step:
 * gramine-manifest's checks, then the SGX values the signer reads (their
 * types, ranges, and the enclave size limit). gramine-sgx-sign checks
 * nothing and signs `sgx.debug = "yes"` as a debug enclave; we refuse it
 * at each step, so no path signs or measures what another step refuses.
 */
function validate(manifest) {
    checkManifest(manifest);
    return sgxParams(manifest);
}
/**
 * gramine-manifest after rendering: defaults, schema check, trusted-file
 * expansion; returns the .manifest text.
 */
async function finalizeManifest(rendered, fs) {
    const manifest = await loadManifest(rendered, fs, fs.check !== false);
    await expandTrustedFiles(manifest, fs.chroot, fs.warn);
    return writeToml(manifest);
}
/** gramine-sgx-sign: completes the manifest, measures it and signs the SIGSTRUCT. */
async function signManifest(input) {
    const key = loadSgxKey(input.keyPem, input.passphrase);
    const manifest = await loadManifest(input.manifest, input);
    await expandTrustedFiles(manifest, input.chroot, input.warn);
    const manifestSgx = writeToml(manifest);
    const bytes = Buffer.from(manifestSgx, 'utf8');
    // Gramine measures what it re-reads from the written file; the writer's
    // output parses back to the same values, so the parameters are the same.
    const p = sgxParams(manifest);
    const mrenclave = gramineMrenclave({
        manifestSgx: bytes,
        libpal: input.libpal,
        enclaveSize: p.enclaveSize,
        maxThreads: p.maxThreads,
        edmm: p.edmm,
        progress: input.progress
    });
    const tbs = newSigstruct({
        date: input.date,
        enclaveHash: mrenclave,
        isvProdId: p.isvProdId,
        isvSvn: p.isvSvn,
        attributeFlags: p.attributes.flags,
        attributeXfrms: p.attributes.xfrm,
        miscSelect: p.attributes.miscSelect,
        attributeXfrmMask: p.attributes.xfrmMask
    });
    const signed = signSigstruct(tbs, key);
    return {
        manifestSgx,
        sig: buildSigstruct(signed),
        mrenclave: mrenclave.toString('hex'),
        mrsigner: mrsigner(signed.modulus),
        isvprodid: p.isvProdId,
        isvsvn: p.isvSvn,
        debug: (p.attributes.flags & 2n) !== 0n
    };
}
/** MRENCLAVE of a finished .manifest.sgx with a libpal (no signing, no file access). */
function measureManifestSgx(manifestSgx, libpal, progress) {
    let text;
    try {
        text = new TextDecoder('utf-8', { fatal: true }).decode(manifestSgx);
    }
    catch (err) {
        throw new EnclaveBuildError('TOML_INVALID', 'the .manifest.sgx is not UTF-8', { cause: err });
    }
    const manifest = parseToml(text, '.manifest.sgx');
    applyDefaults(manifest, DEFAULT_PKGLIBDIR);
    const p = validate(manifest);
    return gramineMrenclave({
        manifestSgx,
        libpal,
        enclaveSize: p.enclaveSize,
        maxThreads: p.maxThreads,
        edmm: p.edmm,
        progress
    }).toString('hex');
}
/**
 * Parses gramine-sgx-sign's --date: "today", YYYY-MM-DD of a real calendar
 * day, or 0000-00-00. Gramine accepts any digits so that the all-zero date
 * of reproducible builds works (python/gramine-sgx-sign BCDDateParamType);
 * we keep that one and refuse the rest (2026-13-45), which could only be a
 * mistake.
 */
function parseSigDate(value, now = new Date()) {
    if (value.toLowerCase() === 'today')
        return {
            year: now.getFullYear(),
            month: now.getMonth() + 1,
            day: now.getDate()
        };
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!m)
        throw new EnclaveBuildError('INPUT_INVALID', `--date ${JSON.stringify(value)}: expecting "today" or YYYY-MM-DD`);
    const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
    if (value === '0000-00-00')
        return date;
    const check = new Date(0);
    check.setUTCFullYear(date.year, date.month - 1, date.day); // years < 100 too
    if (date.year < 1 ||
        check.getUTCFullYear() !== date.year ||
        check.getUTCMonth() !== date.month - 1 ||
        check.getUTCDate() !== date.day)
        throw new EnclaveBuildError('INPUT_INVALID', `--date ${value} is not a calendar day: give YYYY-MM-DD, "today" or 0000-00-00`);
    return date;
}

export { finalizeManifest, measureManifestSgx, parseSigDate, signManifest };
