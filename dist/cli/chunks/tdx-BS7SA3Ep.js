import { g as guidFromBytesLe, a as guidBytesLe, G as GUIDS, p as parse, r as readInputSoon, l as limitOf, b as printJson, E as EnclaveBuildError, c as readInputFileSync, I as INPUT_LIMITS, n as nodeCrypto } from './main-BQHnxbfa.js';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/**
 * Why a kernel command line cannot be measured as given, or undefined.
 * Command-line arguments and action inputs reach us decoded from UTF-8,
 * with every invalid byte already turned into U+FFFD: two different byte
 * strings would then be measured as the same text, so U+FFFD is refused
 * (as are lone UTF-16 surrogates, which have no UTF-8 form at all).
 */
function cmdlineTextProblem(text) {
    if (text.includes('\uFFFD'))
        return 'holds U+FFFD, which is what invalid UTF-8 becomes when it is read; give the command line as valid UTF-8';
    if (LONE_SURROGATE.test(text))
        return 'holds a lone UTF-16 surrogate, which has no UTF-8 form';
    return undefined;
}

/**
 * Python's slicing and int.from_bytes, for following sev-snp-measure (a
 * Python tool) where it indexes with unchecked sizes read from an image.
 */
/**
 * Python slice semantics (`a[start:end]`, negative indices counted from the
 * end, then clamped): the reference indexes with unchecked sizes read from
 * the image, and must be followed even when those are nonsense.
 */
function pySlice(a, start, end = a.length) {
    const norm = (i) => i < 0 ? Math.max(0, a.length + i) : Math.min(i, a.length);
    const s = norm(start);
    const e = norm(end);
    return e > s ? a.subarray(s, e) : a.subarray(0, 0);
}
/** Little-endian unsigned value of up to 4 bytes (fewer bytes read as less, like int.from_bytes). */
function leUint(bytes, count = 4) {
    let v = 0;
    const n = Math.min(count, bytes.length);
    for (let i = n - 1; i >= 0; i--)
        v = v * 256 + bytes[i];
    return v;
}

const HEADER = 18; // u16 size + 16-byte GUID
const TAIL = 32; // the footer entry ends this far before the end
const FOOTER_GUID = guidBytesLe(GUIDS.footerTable);
function same(a, b) {
    return a.length === b.length && a.every((x, i) => x === b[i]);
}
const u16 = (b, at) => b[at] | (b[at + 1] << 8);
/**
 * The table's entries, from the last in the image to the first, as `walk`
 * reads them; throws `invalid(...)` where that tool refuses the table. Lazy:
 * dstack-mr stops at the entry it looks for and never reads what lies
 * before it, so a caller that stops there sees no later refusal either.
 */
function footerEntries(image, walk, invalid) {
    if (walk === 'sev-snp-measure')
        return sevSnpMeasure(image, invalid);
    if (walk === 'dstack-mr')
        return dstackMr(image, invalid);
    return gceTcbVerifier(image, invalid);
}
/** ovmf.py: Python slices with unchecked sizes, clamped and wrapped as Python does. */
function* sevSnpMeasure(data, invalid) {
    const start = data.length - TAIL - HEADER;
    const footer = pySlice(data, start);
    if (footer.length < HEADER)
        throw invalid(`firmware of ${data.length} bytes is too small for an OVMF footer table`);
    // No footer GUID: a firmware without the table (sev-snp-measure goes on with none).
    if (!same(footer.subarray(2, 18), FOOTER_GUID))
        return;
    const tableSize = leUint(footer, 2) - HEADER;
    if (tableSize < 0)
        return;
    let rest = pySlice(data, start - tableSize, start);
    while (rest.length >= HEADER) {
        const header = rest.subarray(rest.length - HEADER);
        const size = leUint(header, 2);
        if (size < HEADER)
            throw invalid(`OVMF footer table entry has invalid size ${size}`);
        yield {
            guid: guidFromBytesLe(header.subarray(2, 18)),
            data: pySlice(rest, -size, -HEADER)
        };
        rest = pySlice(rest, 0, -size);
    }
}
/** tdvf.rs: the footer's size taken as the region below its header; steps back by each size. */
function* dstackMr(fw, invalid) {
    if (fw.length < TAIL + HEADER)
        throw invalid('TDVF firmware too small');
    const end = fw.length - TAIL;
    if (!same(fw.subarray(end - 16, end), FOOTER_GUID))
        throw invalid('no OVMF footer table GUID 32 bytes before the end');
    const tablesLen = u16(fw, end - HEADER);
    if (tablesLen === 0 || tablesLen > end - HEADER)
        throw invalid(`invalid OVMF footer table length ${tablesLen}`);
    const tables = fw.subarray(end - HEADER - tablesLen, end - HEADER);
    let at = tables.length;
    while (at >= HEADER) {
        const len = u16(tables, at - HEADER);
        if (len > at - HEADER)
            throw invalid(`invalid OVMF footer table entry length ${len}`);
        yield {
            guid: guidFromBytesLe(tables.subarray(at - 16, at)),
            data: tables.subarray(at - HEADER - len, at - HEADER)
        };
        // dstack-mr steps back by the entry length alone: a zero length is a dead end.
        if (len === 0)
            return;
        at -= len;
    }
}
/** GetFwGUIDTable: the whole table must walk cleanly, each GUID once. */
function* gceTcbVerifier(fw, invalid) {
    const len = fw.length;
    if (len < TAIL + HEADER)
        throw invalid('firmware too small');
    if (!same(fw.subarray(len - 48, len - TAIL), FOOTER_GUID))
        throw invalid('no OVMF footer table GUID 32 bytes before the end');
    const size = u16(fw, len - 50);
    if (size < HEADER || len < size + TAIL)
        throw invalid(`invalid OVMF footer table size ${size}`);
    const table = fw.subarray(len - TAIL - size, len - 50);
    const seen = new Set();
    let rest = table.length;
    while (rest > 0) {
        if (rest < HEADER)
            throw invalid('OVMF footer table is corrupted');
        const n = u16(table, rest - HEADER);
        if (rest < n || n < HEADER)
            throw invalid('OVMF footer table entries are corrupted');
        const guid = guidFromBytesLe(table.subarray(rest - 16, rest));
        if (seen.has(guid))
            throw invalid(`duplicate GUID ${guid}`);
        seen.add(guid);
        yield { guid, data: table.subarray(rest - n, rest) };
        rest -= n;
    }
}

// Why this file is long: dstack-mr's flags, the image metadata.json and every check of them in one module, so that all problems are reported at once and `tdx measure` loads as one small chunk (the measuring is in measure.ts).
// Only light modules above: `tdx measure` must start in tens of milliseconds.
const bad$2 = (message) => new EnclaveBuildError('INPUT_INVALID', message);
const options = {
    bios: {
        type: 'string',
        arg: 'FILE',
        file: 'firmware',
        help: 'The TDVF/OVMF firmware (-bios); overrides metadata.json.'
    },
    firmware: {
        type: 'string',
        arg: 'FILE',
        file: 'firmware',
        help: 'Same as --bios.'
    },
    kernel: {
        type: 'string',
        arg: 'FILE',
        file: 'kernel',
        help: 'The bzImage booted directly (-kernel); with --initrd, gives RTMR1 and RTMR2.'
    },
    initrd: {
        type: 'string',
        arg: 'FILE',
        file: 'initrd',
        help: 'The initrd (-initrd).'
    },
    cmdline: {
        type: 'string',
        arg: 'TEXT',
        help: 'The kernel command line (-append), byte for byte.'
    },
    append: { type: 'string', arg: 'TEXT', help: 'Same as --cmdline.' },
    cpu: {
        type: 'string',
        short: 'c',
        default: '1',
        arg: 'N',
        help: "vCPUs, as dstack-mr's -c (only the ACPI tables depend on it)."
    },
    memory: {
        type: 'string',
        short: 'm',
        default: '2G',
        arg: 'SIZE',
        help: 'Guest RAM (-m), e.g. 2G or 0x80000000.'
    },
    'two-pass-add-pages': {
        type: 'string',
        arg: 'true|false',
        help: 'Page-add order of MRTD (default: from --qemu-version).'
    },
    'qemu-version': {
        type: 'string',
        arg: 'X.Y.Z',
        help: 'Host QEMU version (default 9.1.0); 8.x adds pages in two passes.'
    },
    'acpi-tables': {
        type: 'string',
        arg: 'FILE',
        file: 'acpi',
        help: "QEMU's etc/acpi/tables blob; with --acpi-rsdp and --acpi-loader, RTMR0 is computed."
    },
    'acpi-rsdp': {
        type: 'string',
        arg: 'FILE',
        file: 'acpi',
        help: "QEMU's etc/acpi/rsdp blob."
    },
    'acpi-loader': {
        type: 'string',
        arg: 'FILE',
        file: 'acpi',
        help: "QEMU's etc/table-loader blob."
    },
    'gce-shape': {
        type: 'string',
        arg: 'SHAPE',
        help: 'Only the MRTD Google Compute Engine gives this C3 shape (c3-standard-4 ... 176).'
    },
    json: {
        type: 'boolean',
        help: 'Print {"mrtd", "rtmr0", "rtmr1", "rtmr2"} as dstack-mr --json does.'
    }
};
/** dstack-mr's options that only change the ACPI tables QEMU generates: here those are inputs. */
const ACPI_ONLY = [
    'pic',
    'smm',
    'pci-hole64-size',
    'hugepages',
    'num-gpus',
    'num-nvswitches',
    'num-nics',
    'num-verity-volumes',
    'swtpm',
    'hotplug-off',
    'root-verity'
];
function readMetadata(path) {
    // a regular file within the JSON limit, with the coded file errors
    const text = readInputFileSync(path, 'image metadata', {
        maxBytes: INPUT_LIMITS.json
    }).toString('utf8');
    let info;
    try {
        info = JSON.parse(text);
    }
    catch (err) {
        throw bad$2(`cannot read image metadata ${path}: ${err.message}`);
    }
    const dir = process.getBuiltinModule('node:path').dirname(path);
    const join = (p, key) => {
        if (typeof p !== 'string' || p === '')
            throw bad$2(`${path} has no "${key}"`);
        return process.getBuiltinModule('node:path').join(dir, p);
    };
    return {
        bios: join(info.bios, 'bios'),
        kernel: join(info.kernel, 'kernel'),
        initrd: join(info.initrd, 'initrd'),
        // dstack-mr appends what OVMF's loader adds for the initrd it was given.
        cmdline: `${typeof info.cmdline === 'string' ? info.cmdline : ''} initrd=initrd`
    };
}
function bool(value, flag) {
    if (value === undefined)
        return undefined;
    if (value === 'true')
        return true;
    if (value === 'false')
        return false;
    throw bad$2(`${flag} takes true or false`);
}
/**
 * `tdx measure [METADATA.json]`: MRTD and RTMR0-2 of a QEMU direct-boot TD
 * with dstack-mr's flags, or with --gce-shape the MRTD Google's hypervisor
 * gives that C3 shape. JSON as dstack-mr's: {"mrtd", "rtmr0", "rtmr1", "rtmr2"}.
 */
const tdxMeasure = async (args, io) => {
    for (const a of args)
        if (ACPI_ONLY.includes(a.replace(/^--/, '').split('=')[0]))
            throw bad$2(`${a.split('=')[0]} only changes the ACPI tables QEMU builds; pass the tables that QEMU produced with --acpi-tables, --acpi-rsdp and --acpi-loader instead`);
    const { values: v, positionals } = parse(args, options, {
        positionals: '[METADATA.json]',
        positionalFiles: ['json'],
        about: "METADATA.json is a dstack image's metadata.json (bios, kernel, initrd, cmdline beside it)."
    });
    if (positionals.length > 1)
        throw bad$2('at most one metadata.json');
    const meta = positionals.length === 1 ? readMetadata(positionals[0]) : undefined;
    // Every problem of the flags is reported at once (docs/failure.md).
    const problems = [];
    const checked = (work) => {
        try {
            return work();
        }
        catch (err) {
            if (!(err instanceof EnclaveBuildError) || err.code !== 'INPUT_INVALID')
                throw err;
            problems.push(err.message);
            return undefined;
        }
    };
    const fwPath = v.bios ?? v.firmware ?? meta?.bios;
    if (fwPath === undefined)
        problems.push('--bios FIRMWARE (or a metadata.json) is required');
    const kernelPath = v.kernel ?? meta?.kernel;
    const initrdPath = v.initrd ?? meta?.initrd;
    if (initrdPath && !kernelPath)
        problems.push('--initrd needs --kernel');
    if (kernelPath && !initrdPath)
        problems.push('--kernel needs --initrd');
    const acpiPaths = [v['acpi-loader'], v['acpi-rsdp'], v['acpi-tables']];
    const nAcpi = acpiPaths.filter((p) => p !== undefined).length;
    if (nAcpi !== 0 && nAcpi !== 3)
        problems.push('RTMR0 needs all three of --acpi-tables, --acpi-rsdp and --acpi-loader');
    // reads start now and finish on other threads while the checks run and
    // the measuring code loads; their errors wait until they are awaited
    const firmwareSoon = fwPath === undefined
        ? undefined
        : readInputSoon(fwPath, '--bios', limitOf('firmware'));
    const kernelSoon = kernelPath
        ? readInputSoon(kernelPath, '--kernel', limitOf('kernel'))
        : undefined;
    const initrdSoon = initrdPath
        ? readInputSoon(initrdPath, '--initrd', limitOf('initrd'))
        : undefined;
    const acpiSoon = nAcpi === 3
        ? acpiPaths.map((p) => readInputSoon(p, 'ACPI file', limitOf('acpi')))
        : undefined;
    if (v['gce-shape'] !== undefined && (kernelPath || nAcpi))
        problems.push('--gce-shape gives the MRTD only: drop --kernel and the ACPI flags');
    if (!/^[1-9][0-9]{0,3}$/.test(v.cpu))
        problems.push(`--cpu must be a vCPU count (1 to 9999), not ${v.cpu}`);
    const { parseMemorySize } = await Promise.resolve().then(function () { return size; });
    const memory = checked(() => parseMemorySize(v.memory));
    const { measureTdx, orderForQemu, acpiDigests } = await Promise.resolve().then(function () { return measure; });
    const twoPass = checked(() => bool(v['two-pass-add-pages'], '--two-pass-add-pages'));
    // as before: the QEMU version decides the order only when it is not given
    const qemuOrder = twoPass === undefined
        ? checked(() => orderForQemu(v['qemu-version'] ?? '9.1.0'))
        : undefined;
    const cmdline = v.cmdline ?? v.append ?? meta?.cmdline ?? '';
    const cmdlineProblem = cmdlineTextProblem(cmdline);
    if (cmdlineProblem !== undefined)
        problems.push(`the kernel command line ${cmdlineProblem}`);
    if (problems.length > 0 || !firmwareSoon || memory === undefined)
        throw bad$2(problems.join('; '));
    const order = twoPass !== undefined ? (twoPass ? 'two-pass' : 'single') : qemuOrder;
    const firmware = await firmwareSoon;
    let result;
    if (v['gce-shape'] !== undefined) {
        const { gceMrtd } = await import('./gce-Dt4kGXHy.js');
        result = {
            mrtd: Buffer.from(gceMrtd(firmware, v['gce-shape'])).toString('hex')
        };
    }
    else {
        const acpiFiles = acpiSoon ? await Promise.all(acpiSoon) : undefined;
        result = measureTdx({
            firmware,
            memory,
            order,
            kernel: kernelSoon ? await kernelSoon : undefined,
            initrd: initrdSoon ? await initrdSoon : undefined,
            cmdline,
            acpi: acpiFiles
                ? acpiDigests(acpiFiles[0], acpiFiles[1], acpiFiles[2])
                : undefined
        });
    }
    if (v.json)
        printJson(io, result);
    else {
        const lines = ['Machine measurements:', `MRTD: ${result.mrtd}`];
        for (const k of ['rtmr0', 'rtmr1', 'rtmr2'])
            if (result[k] !== undefined)
                lines.push(`${k.toUpperCase()}: ${result[k]}`);
        io.stdout(`${lines.join('\n')}\n`);
    }
    return 0;
};

var cli = /*#__PURE__*/Object.freeze({
    __proto__: null,
    tdxMeasure: tdxMeasure
});

/**
 * A memory size as dstack-mr's --memory takes it: bytes in decimal or 0x
 * hex, or a number with a binary unit (K, M, G, T; an optional "B" or "iB").
 */
function parseMemorySize(value) {
    const m = /^\s*(0x[0-9a-f]+|\d+)\s*([kmgt]?)(i?b)?\s*$/i.exec(value);
    if (m === null)
        throw new EnclaveBuildError('INPUT_INVALID', `memory size ${JSON.stringify(value)} must be bytes or a number with K, M, G or T (e.g. 2G)`);
    const unit = { '': 0n, k: 10n, m: 20n, g: 30n, t: 40n }[m[2].toLowerCase()] ?? 0n;
    const bytes = BigInt(m[1]) << unit;
    if (bytes <= 0n || bytes >= 1n << 52n)
        throw new EnclaveBuildError('INPUT_INVALID', `memory size ${value} is out of range`);
    return bytes;
}

var size = /*#__PURE__*/Object.freeze({
    __proto__: null,
    parseMemorySize: parseMemorySize
});

/**
 * RTMR arithmetic: an RTMR starts at 48 zero bytes and each event extends
 * it as RTMR = SHA-384(RTMR ‖ digest), digests being SHA-384 of the event
 * data (TCG event log, as dstack-mr's measure_log).
 */
/** SHA-384 of bytes. */
function sha384(data) {
    return nodeCrypto().createHash('sha384').update(data).digest();
}
/** The RTMR after replaying these event digests. */
function replay(log) {
    let mr = new Uint8Array(48);
    for (const d of log)
        mr = nodeCrypto().createHash('sha384').update(mr).update(d).digest();
    return mr;
}
/** UTF-16LE of a string (JS strings are UTF-16 already, as Rust's encode_utf16). */
function utf16le(s) {
    return Buffer.from(s, 'utf16le');
}
/** Digest of an EFI variable event as OVMF logs an absent/empty variable (dstack-mr's measure_tdx_efi_variable). */
function efiVariableDigest(vendorGuid, name) {
    const head = Buffer.alloc(32);
    head.set(guidBytesLe(vendorGuid), 0);
    // Rust's str::len: the UTF-8 byte length, which is the char count for these ASCII names.
    head.writeBigUInt64LE(BigInt(Buffer.byteLength(name, 'utf8')), 16);
    return sha384(Buffer.concat([head, utf16le(name)]));
}
/** The separator event's digest (four zero bytes). */
const SEPARATOR = () => sha384(new Uint8Array(4));

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
function bad$1(message) {
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
            throw bad$1(`no ${what}`);
        return byte(at) | (byte(at + 1) << 8);
    };
    const u32 = (at, what) => {
        if (at < 0 || at + 4 > pe.length)
            throw bad$1(`no ${what}`);
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
        throw bad$1('invalid PE signature');
    const coff = sig + 4;
    const optSize = u16(coff + 16, 'COFF header');
    const opt = coff + 20;
    const plus = u16(opt, 'optional header magic') === 0x20b;
    const checksum = opt + 64;
    const certDir = opt + (plus ? 112 : 96) + 4 * 8;
    const headers = u32(opt + 60, 'SizeOfHeaders');
    if (checksum + 4 > certDir || certDir + 8 > headers || headers > pe.length)
        throw bad$1('header fields out of order or past the end');
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
            throw bad$1('a section runs past the end of the file');
        if (ptr < pe.length)
            update(ptr, Math.min(ptr + size, pe.length));
        hashed += size;
    }
    const certAddr = u32(certDir, 'certificate table');
    const certSize = u32(certDir + 4, 'certificate table');
    if (edk2) {
        const extra = pe.length - hashed - (certAddr !== 0 ? certSize : 0);
        if (extra < 0)
            throw bad$1('the sections and certificate table overrun the file');
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

/**
 * RTMR1 and RTMR2 of a QEMU direct-boot TD (dstack-mr's kernel.rs and
 * machine.rs). QEMU patches the bzImage setup header before OVMF loads it
 * (hw/i386/x86.c x86_load_linux): loader type, heap end, command-line
 * address and, with an initrd, the initrd address and size, the address
 * depending on RAM below 4 GiB minus the ACPI data (0x28000 in QEMU's TDX
 * machine). RTMR1 is the patched kernel's Authenticode digest and four
 * fixed EFI events; RTMR2 the command line (UTF-16LE + NUL) and the initrd.
 */
/** ACPI data size QEMU reserves below 4 GiB for a q35 TD (dstack-mr's constant). */
const ACPI_DATA_SIZE = 0x28000;
const bad = (m) => new EnclaveBuildError('INPUT_INVALID', m);
/** Bytes of the setup header region QEMU may write (all below this offset). */
const PATCHED = 0x1000;
/**
 * Refuses a kernel QEMU's x86_load_linux (hw/i386/x86-common.c) would not
 * load as a Linux bzImage for OVMF: no "HdrS" boot-protocol magic at 0x202
 * (QEMU then tries multiboot or a PVH ELF, which a TD's OVMF cannot boot),
 * or setup sectors (0x1f1, 0 meaning 4) running past the end of the file
 * ("qemu: invalid kernel header"). Such a kernel has no RTMR1.
 */
function checkBzImage(kernel) {
    if (kernel.length < 0x206 ||
        Buffer.from(kernel.subarray(0x202, 0x206)).toString('latin1') !== 'HdrS')
        throw bad('the kernel has no "HdrS" Linux boot header at 0x202: it is not a bzImage, and QEMU cannot boot it directly in a TD; pass the bzImage (arch/x86/boot/bzImage)');
    const sects = kernel[0x1f1] === 0 ? 4 : kernel[0x1f1];
    const setup = (sects + 1) * 512;
    if (setup > kernel.length)
        throw bad(`the kernel's setup sectors (${sects}, ${setup} bytes) run past its end (${kernel.length} bytes); QEMU refuses it as an invalid kernel header`);
}
/** The first 4 KiB of the kernel image as QEMU leaves it in guest memory (the rest is unchanged). */
function patchKernel(kernel, initrdSize, memory, acpiDataSize = ACPI_DATA_SIZE) {
    if (kernel.length < 0x1000)
        throw bad('the kernel image is too short');
    const k = Buffer.from(kernel.subarray(0, PATCHED));
    const protocol = k.readUInt16LE(0x206);
    const [realAddr, cmdlineAddr] = protocol < 0x200 || (k[0x211] & 1) === 0
        ? [0x90000, 0x9a000]
        : [0x10000, 0x20000];
    if (protocol >= 0x200)
        k[0x210] = 0xb0;
    if (protocol >= 0x201) {
        k[0x211] |= 0x80;
        k.writeUInt32LE(Math.max(0, cmdlineAddr - realAddr - 0x200), 0x224);
    }
    if (protocol >= 0x202)
        k.writeUInt32LE(cmdlineAddr, 0x228);
    else {
        k.writeUInt16LE(0xa33f, 0x20);
        k.writeUInt16LE(cmdlineAddr - realAddr, 0x22);
    }
    if (initrdSize > 0) {
        if (protocol < 0x200)
            throw bad('the kernel image is too old for an initrd');
        let max = 0x37ffffff;
        if (protocol >= 0x20c)
            max = (k.readUInt16LE(0x236) & 0x40) !== 0 ? 0xffffffff : 0x37ffffff;
        else if (protocol >= 0x203)
            max = k.readUInt32LE(0x22c) || 0x37ffffff;
        const lowmem = memory < 0xb0000000n ? 0xb0000000n : 0x80000000n;
        // `as u32` in dstack-mr: memory below lowmem is truncated to 32 bits.
        const below4g = Number((memory >= lowmem ? lowmem : memory) & 0xffffffffn);
        if (below4g < acpiDataSize)
            throw bad(`ACPI data (${acpiDataSize}) exceeds memory below 4 GiB (${below4g})`);
        const available = below4g - acpiDataSize;
        if (max >= available)
            max = Math.max(0, available - 1);
        if (initrdSize >= max)
            throw bad('the initrd is too large for this memory size');
        k.writeUInt32LE(((max - initrdSize) & -4096) >>> 0, 0x218);
        k.writeUInt32LE(initrdSize, 0x21c);
    }
    return k;
}
/** RTMR1's event digests: the patched kernel, then OVMF's fixed boot events. */
function rtmr1Log(kernel, initrdSize, memory, acpiDataSize = ACPI_DATA_SIZE) {
    const text = (s) => sha384(Buffer.from(s, 'latin1'));
    return [
        authenticodeSha384(kernel, patchKernel(kernel, initrdSize, memory, acpiDataSize)),
        text('Calling EFI Application from Boot Option'),
        sha384(new Uint8Array(4)),
        text('Exit Boot Services Invocation'),
        text('Exit Boot Services Returned with Success')
    ];
}
/** RTMR2's event digests: the command line as OVMF logs it (UTF-16LE + NUL), then the initrd. */
function rtmr2Log(cmdline, initrd) {
    return [
        sha384(Buffer.concat([utf16le(cmdline), Buffer.alloc(2)])),
        sha384(initrd)
    ];
}

/**
 * The TDX metadata of a TDVF (OVMF built for Intel TDX): the "TDVF"
 * descriptor that the OVMF GUIDed footer table points at, and its 32-byte
 * section records (TDX Virtual Firmware Design Guide, section 11). The walk
 * and the refusals are dstack-mr's (tdvf.rs), so the same image gives the
 * same sections or a refusal.
 */
/** Section types of the TDX metadata (design guide, table 11-3). */
const TdvfSectionType = {
    BFV: 0,
    CFV: 1,
    TD_HOB: 2,
    TEMP_MEM: 3};
/** Section attributes: MR.EXTEND the bytes; PAGE.AUG (added later, not at build). */
const ATTR_MR_EXTEND = 0x1;
const ATTR_PAGE_AUG = 0x2;
const PAGE$1 = 0x1000n;
const DESCRIPTOR = 16;
const SECTION = 32;
/**
 * Most memory the sections may describe. Real TDVF images describe a few
 * MiB; a corrupt size would otherwise mean billions of records (dstack-mr
 * then runs for hours), so more is refused.
 */
const MAX_SECTION_MEMORY = 256n << 20n;
/** A coded refusal of a firmware image. */
function invalidFirmware(message) {
    return new EnclaveBuildError('FIRMWARE_INVALID', `${message}; pass the TDVF/OVMF image the TD boots (an IntelTdx or OvmfPkgX64 build with TDX metadata)`);
}
/** The TDX metadata offset entry of the footer table, found as dstack-mr walks it. */
function metadataOffsetEntry(fw) {
    for (const e of footerEntries(fw, 'dstack-mr', invalidFirmware))
        if (e.guid === GUIDS.tdxMetadataOffset)
            return e.data;
    throw invalidFirmware('the OVMF footer table has no TDX metadata offset entry (GUID e47a6535-...)');
}
/** Parses the TDX metadata sections of a TDVF image; FIRMWARE_INVALID where dstack-mr refuses. */
function parseTdvf(fw) {
    const entry = metadataOffsetEntry(fw);
    if (entry.length < 4)
        throw invalidFirmware('TDX metadata entry too small');
    const ev = new DataView(entry.buffer, entry.byteOffset, entry.length);
    const raw = ev.getUint32(entry.length - 4, true);
    if (raw > fw.length)
        throw invalidFirmware('TDX metadata offset exceeds the firmware size');
    const start = fw.length - raw;
    if (start + DESCRIPTOR > fw.length)
        throw invalidFirmware('TDX metadata descriptor runs past the end');
    const view = new DataView(fw.buffer, fw.byteOffset, fw.byteLength);
    if (Buffer.from(fw.subarray(start, start + 4)).toString('latin1') !== 'TDVF')
        throw invalidFirmware('wrong TDX metadata signature (expected "TDVF")');
    const version = view.getUint32(start + 8, true);
    if (version !== 1)
        throw invalidFirmware(`unsupported TDX metadata version ${version}`);
    const count = view.getUint32(start + 12, true);
    // QEMU's tdvf_parse_metadata (hw/i386/tdvf.c) refuses fewer than two
    // sections and a descriptor length that is not 16 + 32 per section: such
    // an image never boots, so it has no measurement
    if (count < 2)
        throw invalidFirmware(`TDX metadata declares ${count} section(s); QEMU refuses fewer than 2`);
    const length = view.getUint32(start + 4, true);
    if (length !== DESCRIPTOR + SECTION * count)
        throw invalidFirmware(`TDX metadata length ${length} is not ${DESCRIPTOR + SECTION * count} (16 + 32 x ${count} sections); QEMU refuses it`);
    const sections = [];
    let total = 0n;
    for (let i = 0; i < count; i++) {
        const at = start + DESCRIPTOR + SECTION * i;
        if (at + SECTION > fw.length)
            throw invalidFirmware(`TDX metadata declares ${count} sections but the image holds ${i}`);
        const s = {
            dataOffset: view.getUint32(at, true),
            rawDataSize: view.getUint32(at + 4, true),
            memoryAddress: view.getBigUint64(at + 8, true),
            memoryDataSize: view.getBigUint64(at + 16, true),
            type: view.getUint32(at + 24, true),
            attributes: view.getUint32(at + 28, true)
        };
        // QEMU knows four section types; each says whether it has raw bytes
        const fromImage = s.type === TdvfSectionType.BFV || s.type === TdvfSectionType.CFV;
        const inMemoryOnly = s.type === TdvfSectionType.TD_HOB || s.type === TdvfSectionType.TEMP_MEM;
        if (!fromImage && !inMemoryOnly)
            throw invalidFirmware(`TDX section ${i} has type ${s.type}, which QEMU does not support (BFV, CFV, TD_HOB, TEMP_MEM)`);
        if (fromImage && s.rawDataSize === 0)
            throw invalidFirmware(`TDX section ${i} (BFV/CFV) has no raw data`);
        if (inMemoryOnly && s.rawDataSize !== 0)
            throw invalidFirmware(`TDX section ${i} (TD_HOB/TEMP_MEM) has raw data, which QEMU refuses`);
        if (s.memoryAddress % PAGE$1 !== 0n)
            throw invalidFirmware(`TDX section ${i}: memory address not page-aligned`);
        if (s.memoryDataSize < BigInt(s.rawDataSize))
            throw invalidFirmware(`TDX section ${i}: memory size below raw size`);
        if (s.memoryDataSize % PAGE$1 !== 0n)
            throw invalidFirmware(`TDX section ${i}: memory size not page-aligned`);
        total += s.memoryDataSize;
        if (total > MAX_SECTION_MEMORY)
            throw invalidFirmware(`TDX sections describe more than ${MAX_SECTION_MEMORY >> 20n} MiB of memory`);
        sections.push(s);
    }
    return sections;
}

const PAGE = 4096;
const CHUNK = 256;
const RECORD = 128;
const BATCH = 1 << 20;
/** A record's first bytes: its tag, zero-padded to the GPA at byte 16. */
const tagged = (tag) => {
    const b = new Uint8Array(16);
    b.set(Buffer.from(tag, 'latin1'));
    return b;
};
const ADD = tagged('MEM.PAGE.ADD');
const EXTEND = tagged('MR.EXTEND');
const MAX_GPA = 2 ** 52;
/** The regions dstack-mr measures: its own reading of the attributes. */
function dstackRegions(fw, sections) {
    return sections.map((s, i) => {
        const size = s.memoryDataSize;
        const gpa = s.memoryAddress;
        if (gpa + size > BigInt(MAX_GPA))
            throw invalidFirmware(`TDX section ${i} lies above 2^52`);
        const region = {
            gpa: Number(gpa),
            pages: Number(size) / PAGE,
            add: (s.attributes & ATTR_PAGE_AUG) === 0
        };
        if ((s.attributes & ATTR_MR_EXTEND) === 0)
            return region;
        const end = s.dataOffset + Number(size);
        if (end > fw.length)
            throw invalidFirmware(`TDX section ${i} extends bytes ${s.dataOffset}..${end} past the image end`);
        return { ...region, data: fw.subarray(s.dataOffset, end) };
    });
}
/** Writes records into a reusable batch buffer and hashes it when full. */
class RecordHasher {
    h = nodeCrypto().createHash('sha384');
    buf = Buffer.alloc(BATCH);
    at = 0;
    room(n) {
        if (this.at + n <= BATCH)
            return;
        this.h.update(this.buf.subarray(0, this.at));
        this.buf.fill(0, 0, this.at);
        this.at = 0;
    }
    // Tag and GPA only: the rest of every record stays zero because the batch
    // buffer is zeroed again (one fill per megabyte) after each hash update,
    // and Uint8Array.set, unlike Buffer fill/copy, stays out of C++.
    header(tag, gpa) {
        this.room(RECORD + CHUNK);
        const b = this.buf;
        b.set(tag, this.at);
        b.writeUInt32LE(gpa % 2 ** 32, this.at + 16);
        b.writeUInt32LE(Math.floor(gpa / 2 ** 32), this.at + 20);
        this.at += RECORD;
    }
    pageAdd(gpa) {
        this.header(ADD, gpa);
    }
    extendPage(gpa, page) {
        for (let c = 0; c < PAGE; c += CHUNK) {
            this.header(EXTEND, gpa + c);
            this.buf.set(page.subarray(c, c + CHUNK), this.at);
            this.at += CHUNK;
        }
    }
    digest() {
        this.h.update(this.buf.subarray(0, this.at));
        return this.h.digest();
    }
}
/** MRTD over the regions in order. */
function mrtdOf(regions, order = 'single') {
    const r = new RecordHasher();
    for (const { gpa, pages, add, data } of regions) {
        const page = (p) => data.subarray(p * PAGE, (p + 1) * PAGE);
        if (order === 'two-pass') {
            if (add)
                for (let p = 0; p < pages; p++)
                    r.pageAdd(gpa + p * PAGE);
            if (data)
                for (let p = 0; p < pages; p++)
                    r.extendPage(gpa + p * PAGE, page(p));
        }
        else {
            for (let p = 0; p < pages; p++) {
                if (add)
                    r.pageAdd(gpa + p * PAGE);
                if (data)
                    r.extendPage(gpa + p * PAGE, page(p));
            }
        }
    }
    return r.digest();
}

/** dstack-mr's fixed CFV digest (its OVMF's empty variable store). */
const CFV_DIGEST = Buffer.from('344bc51c980ba621aaa00da3ed7436f7d6e549197dfe699515dfa2c6583d95e6412af21c097d473155875ffd561d6790', 'hex');
/** dstack-mr's fixed Boot0000 (UiApp) digest for pre-202505 OVMF. */
const BOOT0000_DIGEST = Buffer.from('23ada07f5261f12f34a0bd8e46760962d6b4d576a416f1fea1c64bc656b1d28eacf7047ae6e967c58fd2a98bfa74c298', 'hex');
const GLOBAL = '8be4df61-93ca-11d2-aa0d-00e098032b8c';
const IMAGE_SECURITY = 'd719b2cb-3d3a-4596-a3bc-dad00e67656f';
/** The RTMR0 event digests. */
function rtmr0Log(tdHob, acpi) {
    return [
        tdHob,
        CFV_DIGEST,
        efiVariableDigest(GLOBAL, 'SecureBoot'),
        efiVariableDigest(GLOBAL, 'PK'),
        efiVariableDigest(GLOBAL, 'KEK'),
        efiVariableDigest(IMAGE_SECURITY, 'db'),
        efiVariableDigest(IMAGE_SECURITY, 'dbx'),
        SEPARATOR(),
        acpi.loader,
        acpi.rsdp,
        acpi.tables,
        sha384(new Uint8Array(2)), // BootOrder: the raw 2 bytes of legacy OVMF
        BOOT0000_DIGEST
    ];
}

function accept(spans, start, end) {
    if (start >= end)
        return spans;
    const out = [];
    for (const r of spans) {
        if (r.accepted || r.end <= start || r.start >= end)
            out.push(r);
        else {
            if (r.start < start)
                out.push({ accepted: false, start: r.start, end: start });
            if (r.end > end)
                out.push({ accepted: false, start: end, end: r.end });
        }
    }
    out.push({ accepted: true, start, end });
    // A stable sort by start, as Rust's sort_by_key.
    return out.sort((a, b) => a.start < b.start ? -1 : a.start > b.start ? 1 : 0);
}
const U64 = 2n ** 64n;
/** SHA-384 of the TD HOB for this firmware's sections and RAM size. */
function tdHobHash(sections, memory) {
    let spans = [{ accepted: false, start: 0n, end: memory }];
    let base = 0x809000n;
    for (const s of sections) {
        if (s.type === TdvfSectionType.TD_HOB ||
            s.type === TdvfSectionType.TEMP_MEM)
            spans = accept(spans, s.memoryAddress, s.memoryAddress + s.memoryDataSize);
        if (s.type === TdvfSectionType.TD_HOB)
            base = s.memoryAddress;
    }
    const parts = [];
    const phit = Buffer.alloc(56);
    phit.writeUInt16LE(1, 0);
    phit.writeUInt16LE(56, 2);
    phit.writeUInt32LE(9, 8);
    parts.push(phit);
    const resource = (type, start, length) => {
        if (length < 0n || length >= U64 || start >= U64)
            throw invalidFirmware('TD HOB memory range out of range');
        const r = Buffer.alloc(48);
        r.writeUInt16LE(3, 0);
        r.writeUInt16LE(48, 2);
        r[24] = type;
        r.writeUInt32LE(7, 28);
        r.writeBigUInt64LE(start, 32);
        r.writeBigUInt64LE(length, 40);
        parts.push(r);
    };
    const last = spans.pop();
    for (const r of spans) {
        if (r.end < r.start)
            throw invalidFirmware('invalid TD HOB memory range');
        resource(r.accepted ? 0x00 : 0x07, r.start, r.end - r.start);
    }
    if (last.end < last.start)
        throw invalidFirmware('invalid TD HOB memory range');
    if (memory >= 0xb0000000n) {
        if (last.start < 0x80000000n)
            resource(0x07, last.start, 0x80000000n - last.start);
        if (last.end > 0x80000000n)
            resource(0x07, 0x100000000n, last.end - 0x80000000n);
    }
    else
        resource(0x07, last.start, last.end - last.start);
    const hob = Buffer.concat(parts);
    phit.writeBigUInt64LE((base + BigInt(hob.length) + 8n) % U64, 48);
    hob.set(phit, 0);
    return nodeCrypto().createHash('sha384').update(hob).digest();
}

const hex = (b) => Buffer.from(b).toString('hex');
/** The QEMU page-add order for a QEMU version "MAJOR.MINOR.PATCH", as dstack-mr decides it. */
function orderForQemu(version) {
    const m = /^(\d+)\.(\d+)\.(\d+)$/.exec(version);
    if (m === null)
        throw new EnclaveBuildError('INPUT_INVALID', `QEMU version ${JSON.stringify(version)} must be MAJOR.MINOR.PATCH`);
    const major = Number(m[1]);
    if (major < 8)
        throw new EnclaveBuildError('INPUT_INVALID', `QEMU ${version} is not supported (TDX needs 8.0.0 or later)`);
    return major === 8 ? 'two-pass' : 'single';
}
/** Measures a direct-boot TD. */
function measureTdx(input) {
    const sections = parseTdvf(input.firmware);
    const out = {
        mrtd: hex(mrtdOf(dstackRegions(input.firmware, sections), input.order))
    };
    if (input.acpi !== undefined)
        out.rtmr0 = hex(replay(rtmr0Log(tdHobHash(sections, input.memory), input.acpi)));
    if (input.kernel !== undefined) {
        // dstack-mr's event layout has an initrd event; a boot without one logs differently.
        const initrd = input.initrd;
        if (initrd === undefined || initrd.length === 0)
            throw new EnclaveBuildError('INPUT_INVALID', 'RTMR1 and RTMR2 are computed for a boot with an initrd: pass --initrd');
        // what QEMU would not boot has no RTMR1 (dstack-mr does not check)
        checkBzImage(input.kernel);
        out.rtmr1 = hex(replay(rtmr1Log(input.kernel, initrd.length, input.memory, input.acpiDataSize ?? ACPI_DATA_SIZE)));
        out.rtmr2 = hex(replay(rtmr2Log(input.cmdline ?? '', initrd)));
    }
    return out;
}
/** ACPI digests from QEMU's three fw_cfg files (etc/table-loader, etc/acpi/rsdp, etc/acpi/tables). */
function acpiDigests(loader, rsdp, tables) {
    return { loader: sha384(loader), rsdp: sha384(rsdp), tables: sha384(tables) };
}

var measure = /*#__PURE__*/Object.freeze({
    __proto__: null,
    acpiDigests: acpiDigests,
    measureTdx: measureTdx,
    orderForQemu: orderForQemu
});

export { ATTR_MR_EXTEND as A, MAX_SECTION_MEMORY as M, TdvfSectionType as T, authenticodeDigest as a, parseMemorySize as b, cmdlineTextProblem as c, measureTdx as d, acpiDigests as e, footerEntries as f, parseTdvf as g, cli as h, invalidFirmware as i, leUint as l, mrtdOf as m, orderForQemu as o, pySlice as p };
