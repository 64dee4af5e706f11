/**
 * The side of every code. Typed as a Record over the union: a code added
 * above without a side here does not compile.
 */
const ERROR_SIDE = {
    INPUT_INVALID: 'user',
    TOOLCHAIN_MISMATCH: 'user',
    GIT_DIRTY: 'user',
    GIT_MISSING: 'user',
    // what `go build` refuses is the source's; go reports a module or
    // toolchain it could not download the same way (docs/failure.md)
    BUILD_FAILED: 'user',
    BUILD_NOT_REPRODUCIBLE: 'verdict',
    MEASUREMENT_MISMATCH: 'verdict',
    PIN_MISMATCH: 'user',
    FILE_NOT_FOUND: 'user',
    FILE_NOT_REGULAR: 'user',
    FILE_TOO_LARGE: 'user',
    PERMISSION_DENIED: 'user',
    NO_SPACE: 'local',
    IO_ERROR: 'local',
    PATH_ESCAPES_ROOT: 'user',
    TEMPLATE_INVALID: 'user',
    TEMPLATE_UNSUPPORTED: 'user',
    MANIFEST_INVALID: 'user',
    TOML_INVALID: 'user',
    ELF_INVALID: 'user',
    CGO_UNRESOLVED: 'user',
    KEY_INVALID: 'user',
    SIGSTRUCT_INVALID: 'user',
    EIF_INVALID: 'user',
    CPIO_INVALID: 'user',
    FIRMWARE_INVALID: 'user',
    SIGNING_FAILED: 'remote',
    STORAGE_FAILED: 'remote',
    HTTP_ERROR: 'remote',
    // a verifier's "nothing attests this" (cosign: "no signatures found", exit 1)
    ATTESTATION_NOT_FOUND: 'verdict',
    IDENTITY_MISMATCH: 'verdict',
    MEASUREMENT_NOT_SUBJECT: 'verdict',
    SIGNATURE_INVALID: 'verdict',
    TRUST_ROOT_UNKNOWN: 'verdict',
    // malformed evidence: not what --evidence-type says, or truncated
    EVIDENCE_INVALID: 'user',
    // well-formed evidence whose signature, chain or collateral says no
    EVIDENCE_UNVERIFIED: 'verdict',
    REGISTRY_REFUSED: 'remote',
    ARTIFACT_NOT_ATTESTED: 'verdict',
    EVIDENCE_TCB_REJECTED: 'verdict',
    EVIDENCE_POLICY_REJECTED: 'verdict',
    INTERNAL: 'local'
};
/**
 * The command line's exit status for each side: 2 for what the user must
 * fix (a usage error, as POSIX utilities and argparse use 2), 1 for the
 * rest (a negative verification is 1, as `cosign verify` exits 1).
 */
const EXIT_STATUS = {
    user: 2,
    remote: 1,
    verdict: 1,
    local: 1
};
/** The side of a code; one not in the table (a cast) is taken as a bug. */
function sideOf(code) {
    return Object.hasOwn(ERROR_SIDE, code) ? ERROR_SIDE[code] : 'local';
}
/** The command line's exit status for a failure with this code. */
function exitStatusOf(code) {
    return EXIT_STATUS[sideOf(code)];
}
/** The one error class of the project. Entry points turn it into exit codes. */
class EnclaveBuildError extends Error {
    code;
    constructor(code, message, options) {
        super(message, options);
        this.code = code;
        this.name = 'EnclaveBuildError';
    }
}
/** Throws an EnclaveBuildError; handy in expressions (`x ?? fail(...)`). */
function fail(code, message, cause) {
    throw new EnclaveBuildError(code, message, { cause });
}
/**
 * The code of a failed system call, by its errno name: a missing file, a
 * refused permission and a full disk each have their own, so INTERNAL is
 * left for bugs.
 */
function errnoCode(errno) {
    switch (errno) {
        case 'ENOENT':
        case 'ENOTDIR':
            return 'FILE_NOT_FOUND';
        case 'EISDIR':
            return 'FILE_NOT_REGULAR';
        case 'EACCES':
        case 'EPERM':
        case 'EROFS':
            return 'PERMISSION_DENIED';
        case 'ENOSPC':
        case 'EDQUOT':
            return 'NO_SPACE';
        case 'EFBIG':
            return 'FILE_TOO_LARGE';
        default:
            return 'IO_ERROR';
    }
}
/** A Node system-call error (fs, net): it carries `code` and `syscall`. */
function isSystemError(err) {
    return (err instanceof Error &&
        typeof err.code === 'string' &&
        typeof err.syscall === 'string');
}
/**
 * Wraps anything thrown into an EnclaveBuildError: a system-call error gets
 * the code of its errno (see {@link errnoCode}); anything else is INTERNAL,
 * a bug.
 */
function asEnclaveBuildError(err) {
    if (err instanceof EnclaveBuildError)
        return err;
    const message = err instanceof Error ? err.message : String(err);
    if (isSystemError(err))
        return new EnclaveBuildError(errnoCode(err.code), message, { cause: err });
    return new EnclaveBuildError('INTERNAL', message, { cause: err });
}

/**
 * Secrets out of every message, log line and output: the userinfo of a
 * URL (`oci://user:password@host/...`), JSON Web Tokens (OIDC identity
 * tokens), GitHub tokens and Authorization header values. Entry points
 * pass everything they print through {@link redact}; code that holds a
 * secret it knows (a token it fetched) also passes it as `known`.
 */
const PATTERNS = [
    // scheme://userinfo@ (RFC 3986 section 3.2.1); the host stays
    [/\b([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^/@\s"'<>]+@/g, '$1[redacted]@'],
    // a JWT: three base64url parts, the first a JSON header ("eyJ" = '{"')
    [
        /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g,
        '[redacted token]'
    ],
    // GitHub's token formats (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_)
    [
        /\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g,
        '[redacted token]'
    ],
    // Authorization: Bearer|Basic <credentials>
    [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]']
];
/** `text` with every secret it shows replaced by a marker. */
function redact(text, known = []) {
    let out = text;
    for (const secret of known)
        if (secret.length >= 4)
            out = out.split(secret).join('[redacted]');
    for (const [re, marker] of PATTERNS)
        out = out.replace(re, marker);
    return out;
}

// One wording for every failed file operation, reading or writing: the
// code comes from the errno (errors.ts), the message names the file, what it
// is for, and what to do. Its own module so that reading (fs.ts) and
// writing (write-atomic.ts) share it without importing each other.
/** The coded error of a failed file operation, naming the file and the cause. */
function fileError(err, file, what, doing = 'read') {
    if (err instanceof EnclaveBuildError)
        return err;
    const errno = err.code;
    const code = errnoCode(errno);
    if (errno === 'ENOTDIR')
        return new EnclaveBuildError(code, `cannot ${doing} ${what} ${file}: a part of its path is a file, not a directory`, { cause: err });
    if (errno === 'EEXIST')
        return new EnclaveBuildError('FILE_NOT_REGULAR', `cannot ${doing} ${what} ${file}: something else already exists at that path`, { cause: err });
    if (code === 'FILE_NOT_FOUND')
        return new EnclaveBuildError(code, doing === 'read'
            ? `${what} ${file} does not exist; check the path`
            : `cannot ${doing} ${what} ${file}: its directory does not exist`, { cause: err });
    const why = code === 'PERMISSION_DENIED'
        ? `permission denied (${errno}); check the file's mode and owner`
        : code === 'NO_SPACE'
            ? `the disk is full (${errno}); free space or choose another output directory`
            : `${err.message ?? String(err)}`;
    return new EnclaveBuildError(code, `cannot ${doing} ${what} ${file}: ${why}`, {
        cause: err
    });
}

/**
 * Every temp file and directory the tool makes, so that nothing is left
 * behind when the process is stopped: a TERM or INT
 * during a build used to leave `.NAME.<rand>.tmp` files of hundreds of MB,
 * and the gramine cross-check's copy of the signing key. Normal paths
 * remove their temps themselves; this registry is for the ways out they
 * do not see: signals and process.exit.
 */
const fs$5 = process.getBuiltinModule('node:fs');
const live = new Set();
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let enabled = false;
let listening = false;
function onSignal(signal) {
    removeTrackedTemps();
    process.kill(process.pid, signal);
}
/**
 * Signal listeners exist only while there are temps to remove: a listener
 * replaces the default action, and during long synchronous work (hashing a
 * big enclave) a listener could run only when that work ends, so a TERM
 * would no longer stop the process at once.
 */
function listen() {
    const want = enabled && live.size > 0;
    if (want === listening)
        return;
    listening = want;
    for (const signal of SIGNALS)
        if (want)
            process.on(signal, onSignal);
        else
            process.off(signal, onSignal);
}
/** Records `path` (a file or a directory) as a temp to remove on the way out. */
function trackTemp(path) {
    live.add(path);
    listen();
    return path;
}
/** Forgets `path`: it was moved into place or removed. */
function untrackTemp(path) {
    live.delete(path);
    listen();
}
/** Removes every tracked temp now, synchronously (it runs in exit handlers). */
function removeTrackedTemps() {
    for (const path of live) {
        try {
            fs$5.rmSync(path, { recursive: true, force: true });
        }
        catch {
            // best effort on the way out: a temp that cannot be removed now
            // could not be by anyone else either
        }
    }
    live.clear();
    listen();
}
/**
 * Entry points call this once: while temps exist, SIGINT, SIGTERM and
 * SIGHUP remove them and are raised again, so the process ends as the
 * signal says (exit status 128 + n); on exit they are removed too.
 */
function removeTempsOnExit() {
    if (enabled)
        return;
    enabled = true;
    process.on('exit', removeTrackedTemps);
    listen();
}

// Writing outputs atomically: a temp file beside the target, then one
// rename(2), so that on error nothing is half-written. Built-ins are taken
// with process.getBuiltinModule for the reason given in fs.ts (start-up time
// of `snp measure`); node:crypto only when a temp name is first made.
const fs$4 = process.getBuiltinModule('node:fs');
const path$2 = process.getBuiltinModule('node:path');
const crypto$2 = () => process.getBuiltinModule('node:crypto');
/**
 * Temp files start with this and carry the writing process's id: only
 * `kill -9` (or a crash) can leave one, and the next run that writes in the
 * same directory removes those whose process is gone.
 */
const TEMP_PREFIX = '.enclave-build-tmp-';
const STALE = /^\.enclave-build-tmp-(\d+)-[0-9a-f]{12}\..*\.tmp$/;
const swept = new Set();
/** True while process `pid` exists (EPERM: it exists, owned by another user). */
function alive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (err) {
        return err.code === 'EPERM';
    }
}
/** Removes the temps of processes that are gone from `dir` (once per run). */
function sweepStaleTemps(dir) {
    if (swept.has(dir))
        return;
    swept.add(dir);
    let names;
    try {
        names = fs$4.readdirSync(dir);
    }
    catch {
        return; // the write that follows reports the directory's problem
    }
    for (const name of names) {
        const pid = Number(STALE.exec(name)?.[1] ?? 0);
        if (pid > 0 && pid !== process.pid && !alive(pid))
            try {
                fs$4.rmSync(path$2.join(dir, name), { recursive: true, force: true });
            }
            catch {
                // another run may be sweeping it too
            }
    }
}
/** A fresh hidden temp name in the directory of `path`, for atomic writes. */
function tempBeside(file) {
    const dir = path$2.dirname(file);
    sweepStaleTemps(dir);
    // tracked until moved or removed, so a signal does not leave it (temps.ts)
    return trackTemp(path$2.join(dir, `${TEMP_PREFIX}${process.pid}-${crypto$2().randomBytes(6).toString('hex')}.${path$2.basename(file)}.tmp`));
}
/**
 * Puts the finished temp file `tmp` at `file` with one rename(2), which
 * replaces an old file atomically: a reader finds the old bytes or the new
 * ones, never none and never part. (On ext4, auto_da_alloc flushes the new
 * file's blocks when its rename replaces another; that costs about 15 ms
 * per 20 MB and is the price of that promise.)
 */
async function moveIntoPlace(tmp, file) {
    // rename(2) would replace a device node or a FIFO at `file` (as root,
    // --output /dev/full became a regular file): only a file, a symlink
    // (replaced itself, never written through) or nothing may be there.
    const there = await fs$4.promises.lstat(file).catch(() => undefined);
    if (there && !there.isFile() && !there.isSymbolicLink())
        throw new EnclaveBuildError('FILE_NOT_REGULAR', `${file} exists and is ${there.isDirectory() ? 'a directory' : 'not a regular file (a device, pipe or socket)'}; give the path of a file to write`);
    await fs$4.promises.rename(tmp, file);
    untrackTemp(tmp);
}
/**
 * Writes a file so that readers see either the old content or the whole new
 * content, never a half-written file and never no file: write beside it,
 * then rename over it. I/O failures are coded (NO_SPACE, PERMISSION_DENIED,
 * FILE_NOT_FOUND for a missing directory, IO_ERROR) and leave no temp file.
 */
async function writeFileAtomic(file, data, mode = 0o644) {
    const tmp = tempBeside(file);
    try {
        await fs$4.promises.writeFile(tmp, data, { mode });
        await fs$4.promises.chmod(tmp, mode);
        await moveIntoPlace(tmp, file);
    }
    catch (err) {
        // a failed clean-up (ENOTDIR: the "directory" is a file) must not hide
        // why the write failed
        await fs$4.promises.rm(tmp, { force: true }).catch(() => undefined);
        untrackTemp(tmp);
        throw fileError(err, file, 'the output', 'write');
    }
}

// Built-ins are taken with process.getBuiltinModule, not `import`: this
// module is on the path of `snp measure`, which must start in tens of
// milliseconds, and an ES import of a built-in builds a module facade over
// all its exports at every start. node:fs and node:path are loaded by Node
// itself; node:crypto only when a hash is first asked for.
const fs$2 = process.getBuiltinModule('node:fs');
const crypto$1 = () => process.getBuiltinModule('node:crypto');
/** The most one read(2) is asked for (Node refuses 2 GiB and more). */
const READ_CHUNK = 2 ** 30;
/**
 * The default size limit of an input file: above any kernel, firmware,
 * ramdisk, Go binary or enclave image this tool reads (an EIF of a big
 * container image runs to a few GiB), below what would exhaust a runner's
 * memory. Callers reading keys, templates or JSON pass a far smaller one.
 */
const MAX_INPUT_BYTES = 4 * 2 ** 30;
/**
 * Opens an input for reading and checks it: only a regular file is
 * accepted (a FIFO or a device could block or never end), and only up to
 * `maxBytes`. The open is non-blocking, so opening a FIFO does not wait for
 * a writer; fstat then tells what was opened, so a path swapped after a
 * check cannot slip through. Returns the descriptor (the caller closes it)
 * and the size.
 */
function openInputFile(file, what, options = {}) {
    const maxBytes = options.maxBytes ?? MAX_INPUT_BYTES;
    let fd;
    try {
        fd = fs$2.openSync(file, fs$2.constants.O_RDONLY | fs$2.constants.O_NONBLOCK);
    }
    catch (err) {
        throw fileError(err, file, what);
    }
    try {
        const st = fs$2.fstatSync(fd);
        if (!st.isFile())
            throw new EnclaveBuildError('FILE_NOT_REGULAR', `${what} ${file} is not a regular file (a directory, pipe or device); pass the path of a file`);
        if (st.size > maxBytes)
            throw new EnclaveBuildError('FILE_TOO_LARGE', `${what} ${file} is ${st.size} bytes, more than the ${maxBytes} this input may have`);
        return { fd, size: st.size };
    }
    catch (err) {
        fs$2.closeSync(fd);
        throw fileError(err, file, what);
    }
}
/**
 * Reads a whole input file in as few read(2)s as it takes, into a buffer of
 * its size (a file that reports size 0, like those of /proc, is read to its
 * end, within the limit). Coded errors: FILE_NOT_FOUND, FILE_NOT_REGULAR,
 * FILE_TOO_LARGE, PERMISSION_DENIED, IO_ERROR, each naming the file.
 */
function readInputFileSync(file, what, options = {}) {
    const maxBytes = options.maxBytes ?? MAX_INPUT_BYTES;
    const { fd, size } = openInputFile(file, what, options);
    try {
        // a file that reports size 0 grows its buffer as it is read, and may
        // hold one byte more than the limit: that byte shows it is over
        let buf = Buffer.allocUnsafeSlow(size > 0 ? size : Math.min(65536, maxBytes + 1));
        let off = 0;
        for (;;) {
            if (off === buf.length) {
                if (size > 0)
                    break; // all of it, as fstat said
                if (off > maxBytes)
                    throw new EnclaveBuildError('FILE_TOO_LARGE', `${what} ${file} is more than the ${maxBytes} bytes this input may have`);
                const bigger = Buffer.allocUnsafeSlow(Math.min(maxBytes + 1, off * 2));
                buf.copy(bigger);
                buf = bigger;
            }
            // read(2) takes at most 2 GiB - 1 per call: a 3 GB input was an
            // IO_ERROR "length out of range"
            const n = fs$2.readSync(fd, buf, off, Math.min(buf.length - off, READ_CHUNK), off);
            if (n === 0)
                break;
            off += n;
        }
        return off === buf.length ? buf : buf.subarray(0, off);
    }
    catch (err) {
        throw fileError(err, file, what);
    }
    finally {
        fs$2.closeSync(fd);
    }
}
/** {@link readInputFileSync}, for callers that await. */
function readInputFile(file, what, options = {}) {
    try {
        return Promise.resolve(readInputFileSync(file, what, options));
    }
    catch (err) {
        return Promise.reject(fileError(err, file, what));
    }
}
/** {@link readInputFile} as UTF-8 text (PEM keys, templates, JSON). */
async function readInputText(file, what, options = {}) {
    return (await readInputFile(file, what, options)).toString('utf8');
}
/**
 * A digest of a file, streamed in 1 MiB reads (never loads the file whole;
 * no size limit unless given). Only a regular file is hashed, with the
 * coded errors of {@link readInputFile}. The fast in-memory paths (a
 * buffer hashed off this thread) are util/digest-worker's digestOffThread.
 */
async function hashFile(file, algorithm = 'sha256', what = 'the file', options = { maxBytes: Number.POSITIVE_INFINITY }) {
    const { fd } = openInputFile(file, what, options);
    const hash = crypto$1().createHash(algorithm);
    try {
        for await (const chunk of fs$2.createReadStream('', {
            fd,
            highWaterMark: 1 << 20
        }))
            hash.update(chunk);
    }
    catch (err) {
        throw fileError(err, file, what);
    }
    return hash.digest('hex');
}
/** sha256 of a file, streamed: {@link hashFile} with its defaults. */
async function sha256File(file) {
    return hashFile(file);
}
/** sha256 of bytes, lower-case hex. */
function sha256Hex(data) {
    return crypto$1().createHash('sha256').update(data).digest('hex');
}

var fs$3 = /*#__PURE__*/Object.freeze({
    __proto__: null,
    MAX_INPUT_BYTES: MAX_INPUT_BYTES,
    fileError: fileError,
    hashFile: hashFile,
    moveIntoPlace: moveIntoPlace,
    openInputFile: openInputFile,
    readInputFile: readInputFile,
    readInputFileSync: readInputFileSync,
    readInputText: readInputText,
    sha256File: sha256File,
    sha256Hex: sha256Hex,
    tempBeside: tempBeside,
    writeFileAtomic: writeFileAtomic
});

// Built-ins by process.getBuiltinModule, as in fs.ts: the command line's
// argument parser loads this module on every start.
const fs$1 = process.getBuiltinModule('node:fs');
const path$1 = process.getBuiltinModule('node:path');
/** The directory entry a path names, its directory's symlinks resolved. */
function entryOf(file) {
    try {
        return path$1.join(fs$1.realpathSync(path$1.dirname(file)), path$1.basename(file));
    }
    catch {
        return undefined; // no such directory: the write reports it
    }
}
/**
 * Refuses an output that would replace one of the inputs: outputs are
 * renamed into place, so `--output` naming the kernel (or a symlink's
 * target that is an input) would silently turn the input into the output.
 * A symlink or a hard link at the output path is no conflict: the rename
 * replaces that name only, never the file the input names.
 */
function refuseOutputsOverInputs(outputs, inputs) {
    if (outputs.length === 0 || inputs.length === 0)
        return;
    const real = new Map();
    for (const i of inputs)
        try {
            real.set(fs$1.realpathSync(i.file), i.flag);
        }
        catch {
            // gone since it was opened: the command reports it
        }
    for (const o of outputs) {
        const entry = entryOf(o.file);
        const input = entry === undefined ? undefined : real.get(entry);
        if (input !== undefined)
            throw new EnclaveBuildError('INPUT_INVALID', `${o.flag} ${o.file} is also the input ${input}: writing it would replace that input; write the output elsewhere`);
    }
}

/**
 * What each small input format can be at most, so that a wrong or hostile
 * file is refused (FILE_TOO_LARGE) before it is read.
 * Generous: each is far above any real file of its kind.
 */
/** A SIGSTRUCT is 1808 bytes. */
const MAX_SIGSTRUCT_BYTES = 64 * 1024;
/** Manifests, templates and .manifest.sgx files (text; real ones are KBs). */
const MAX_MANIFEST_BYTES = 16 * 2 ** 20;
/** Attestation evidence (Nitro document, SGX quote, SNP report + certs). */
const MAX_EVIDENCE_BYTES = 2 ** 20;
/** PEM keys and certificates. */
const MAX_PEM_BYTES = 2 ** 20;
/**
 * OVMF firmware: real images are 2 to 4 MiB and QEMU maps the whole image
 * below 4 GiB; 256 MiB is far beyond any.
 */
const MAX_FIRMWARE_BYTES = 256 * 2 ** 20;
/**
 * The size limit of each kind of input file, in one table: every file a
 * command or the action reads names its kind here, and a file above the
 * limit is refused (FILE_TOO_LARGE) when it is opened, before a byte is
 * read. Each is far above any real file of its kind and far below what
 * would take minutes or exhaust a runner's memory.
 */
const INPUT_LIMITS = {
    /** A bzImage is 10 to 20 MiB; an uncompressed arm64 Image up to ~60. */
    kernel: 128 * 2 ** 20,
    /** An initrd or EIF ramdisk holding a whole root file system. */
    initrd: 2 * 2 ** 30,
    /** A Go program (the largest real ones are a few hundred MiB). */
    binary: 1 * 2 ** 30,
    /** AWS's init and nsm.ko, Gramine's libpal, an SVSM: each under 10 MiB. */
    blob: 64 * 2 ** 20,
    firmware: MAX_FIRMWARE_BYTES,
    /** A kernel command line (x86 COMMAND_LINE_SIZE is 2 KiB). */
    cmdline: 64 * 1024,
    /** QEMU's fw_cfg ACPI blobs (tables: ~128 KiB; rsdp 36 bytes; loader KiBs). */
    acpi: 16 * 2 ** 20,
    pem: MAX_PEM_BYTES,
    /** JSON documents: statements, bundles, build records, trusted roots, collateral. */
    json: 32 * 2 ** 20,
    manifest: MAX_MANIFEST_BYTES,
    evidence: MAX_EVIDENCE_BYTES,
    sigstruct: MAX_SIGSTRUCT_BYTES,
    /** A pprof profile for -pgo. */
    profile: 64 * 2 ** 20,
    /** Small text files: os-release, SBAT, CoCo initdata documents. */
    text: 2 ** 20,
    /** UEFI signature lists (PK, KEK, db, dbx): real ones are tens of KiB. */
    efivar: 2 ** 20,
    /** A systemd-stub (~100 KiB) or another small EFI program. */
    efi: 64 * 2 ** 20,
    /** Any file measured whole (nitro pcr --input). */
    measured: 2 * 2 ** 30,
    /** An EIF or a built artifact that is hashed or published (streamed). */
    image: 4 * 2 ** 30,
    /**
     * A container layer tar, or its gzip (inflated to at most this much):
     * read and turned into an ext4 image in memory.
     */
    layer: 2 * 2 ** 30
};
/** `{ maxBytes }` of a kind, for readInputFile and friends. */
function limitOf(kind) {
    return { maxBytes: INPUT_LIMITS[kind] };
}
/**
 * The action's inputs that name a file, with their kind: preflight opens
 * each before any work, and the generated special-files test covers each.
 */
const ACTION_FILE_INPUTS = {
    pgo: 'profile',
    'manifest-template': 'manifest',
    libpal: 'blob',
    'nitro-kernel': 'kernel',
    'nitro-init': 'blob',
    'nitro-nsm': 'blob',
    'nitro-cmdline': 'cmdline',
    'snp-ovmf': 'firmware',
    'snp-kernel': 'kernel',
    'tdx-ovmf': 'firmware',
    'tdx-kernel': 'kernel',
    'tdx-acpi-tables': 'acpi',
    'tdx-acpi-rsdp': 'acpi',
    'tdx-acpi-loader': 'acpi',
    evidence: 'evidence',
    'trusted-root': 'json',
    'dcap-collateral': 'json',
    'snp-vcek': 'pem',
    'snp-ask': 'pem',
    'snp-crl': 'evidence',
    'public-key': 'pem',
    'cs-jwks': 'json',
    'uki-stub': 'efi',
    'uki-kernel': 'kernel',
    'uki-os-release': 'text',
    'uki-sbat': 'text',
    'uki-secure-boot-pk': 'efivar',
    'uki-secure-boot-kek': 'efivar',
    'uki-secure-boot-db': 'efivar',
    'uki-secure-boot-dbx': 'efivar'
};
/** The size limit of an action input that names a file (undefined: none known). */
function actionInputLimit(input) {
    const kind = ACTION_FILE_INPUTS[input];
    return kind === undefined ? undefined : INPUT_LIMITS[kind];
}

// getBuiltinModule, not `import`: the ES facade of node:util costs ~2 ms per
// start, and every `measure` subcommand parses its arguments here.
const { parseArgs } = process.getBuiltinModule('node:util');
/** The directory relative paths are taken from (the CLI's io.cwd). */
let baseDir;
/** Sets where relative input paths are resolved (called per command run). */
function setInputBase(dir) {
    baseDir = dir;
}
const fs = process.getBuiltinModule('node:fs');
const path = process.getBuiltinModule('node:path');
/**
 * Opens one input named on the command line and checks it (see
 * FlagHelp.file). Returns its absolute path when it is a file that exists.
 */
function checkInput(value, spec, what) {
    const s = typeof spec === 'string' ? { kind: spec } : spec;
    const file = s.path ? s.path(value) : value;
    if (file === undefined || file === '' || file === '-')
        return undefined;
    const abs = path.resolve(baseDir ?? process.cwd(), file);
    if (s.directory) {
        const st = fs.statSync(abs, { throwIfNoEntry: false });
        if (st?.isDirectory())
            return undefined;
    }
    let fd;
    try {
        fd = openInputFile(abs, what, { maxBytes: INPUT_LIMITS[s.kind] }).fd;
    }
    catch (err) {
        // a missing file is the command's to report, after the values it
        // checks first; refused here is what could hang or flood it
        if (err instanceof EnclaveBuildError && err.code === 'FILE_NOT_FOUND')
            return undefined;
        throw err;
    }
    fs.closeSync(fd);
    return abs;
}
/**
 * The flags that name a file a command writes: `output`, `sigfile` and
 * `*-output` (`output-format` names no file).
 */
const OUTPUT_FLAG = /^(?:output|sigfile|[a-z0-9-]+-output)$/;
/**
 * Every input file the arguments name, opened and checked before any work:
 * a FIFO, a device or a directory is FILE_NOT_REGULAR and a file above its
 * kind's limit FILE_TOO_LARGE, at once, whatever the command would do next.
 * An output flag that names one of these inputs is INPUT_INVALID.
 */
function checkInputs(tokens, options, meta) {
    const inputs = [];
    const outputs = [];
    const base = baseDir ?? process.cwd();
    let positional = 0;
    for (const t of tokens) {
        if (t.kind === 'positional') {
            const kind = meta.positionalFiles?.[positional++];
            if (kind !== undefined && t.value !== undefined) {
                const file = checkInput(t.value, kind, 'the input');
                if (file !== undefined)
                    inputs.push({ flag: t.value, file });
            }
            continue;
        }
        if (t.kind !== 'option' || t.name === undefined || t.value === undefined)
            continue;
        const spec = options[t.name]?.file;
        if (spec !== undefined) {
            const file = checkInput(t.value, spec, `--${t.name}`);
            if (file !== undefined)
                inputs.push({ flag: `--${t.name}`, file });
        }
        else if (OUTPUT_FLAG.test(t.name) && t.value !== '' && t.value !== '-')
            outputs.push({ flag: `--${t.name}`, file: path.resolve(base, t.value) });
    }
    refuseOutputsOverInputs(outputs, inputs);
}
/**
 * Thrown by `parse` when the arguments ask for `--help` (or `-h`): the
 * dispatcher catches it and prints the help made from `options`.
 */
class HelpRequest extends Error {
    options;
    meta;
    constructor(options, meta) {
        super('help requested');
        this.options = options;
        this.meta = meta;
        this.name = 'HelpRequest';
    }
}
/** True when `--help`/`-h` is an option of `args` (not the value of another). */
function asksForHelp(args, options, allow) {
    if (!args.includes('--help') && !args.includes('-h'))
        return false;
    const { tokens } = parseArgs({
        args,
        options: { ...options, help: { type: 'boolean', short: 'h' } },
        allowPositionals: allow,
        strict: false,
        tokens: true
    });
    return tokens.some((t) => t.kind === 'option' && t.name === 'help');
}
/**
 * `--ldflags "-X main.v=1"` as one writes it: parseArgs refuses a value that
 * starts with a dash ("argument is ambiguous") unless written
 * `--ldflags=-X…`. A long string option followed by an argument that
 * starts with a dash and is none of the command's flags takes it as its
 * value, as getopt does.
 */
function joinDashValues(args, options) {
    const known = (a) => {
        const long = /^--([^=]+)/.exec(a)?.[1];
        if (long !== undefined)
            return long in options || long === 'help';
        const short = /^-([^-])$/.exec(a)?.[1];
        return (short !== undefined &&
            (short === 'h' || Object.values(options).some((o) => o.short === short)));
    };
    const out = [];
    for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (a === '--') {
            out.push(...args.slice(i));
            break;
        }
        const name = /^--([^=]+)$/.exec(a)?.[1];
        const next = args[i + 1];
        if (name !== undefined &&
            options[name]?.type === 'string' &&
            next !== undefined &&
            next.startsWith('-') &&
            next !== '-' &&
            !known(next)) {
            out.push(`${a}=${next}`);
            i++;
        }
        else
            out.push(a);
    }
    return out;
}
/**
 * node:util parseArgs in strict mode, with its errors turned into
 * INPUT_INVALID so the user sees `error[INPUT_INVALID]: ...`. `--help`
 * anywhere among the options throws a HelpRequest instead. `tokens` keeps
 * the order of the flags (for pairs where the last one wins).
 */
function parse(given, options, meta = false) {
    const args = joinDashValues(given, options);
    const m = typeof meta === 'boolean' ? {} : meta;
    const allowPositionals = meta === true ||
        (typeof meta === 'object' && meta.positionals !== undefined);
    if (meta === true)
        m.positionals = '[ARGS]';
    if (asksForHelp(args, options, allowPositionals))
        throw new HelpRequest(options, m);
    let parsed;
    try {
        parsed = parseArgs({
            args,
            options,
            allowPositionals,
            strict: true,
            tokens: true
        });
    }
    catch (err) {
        throw new EnclaveBuildError('INPUT_INVALID', `${err.message}. Run with --help for usage.`);
    }
    // the files first: a FIFO or /dev/zero is refused whatever else is wrong
    checkInputs(parsed.tokens, options, m);
    const problems = valueProblems(parsed.values, options);
    if (problems.length > 0)
        throw new EnclaveBuildError('INPUT_INVALID', problems.join('; '));
    return parsed;
}
/**
 * Every required flag that is missing and every value outside its flag's
 * choices, so that one run names them all rather than the first.
 */
function valueProblems(values, options) {
    const missing = [];
    const problems = [];
    for (const [name, o] of Object.entries(options)) {
        const def = o;
        const value = values[name];
        if (def.required &&
            (value === undefined ||
                value === '' ||
                (Array.isArray(value) && value.length === 0)))
            missing.push(`--${name}`);
        if (value === undefined)
            continue;
        for (const v of Array.isArray(value) ? value : [value]) {
            if (typeof v !== 'string')
                continue;
            if (def.choices !== undefined && !def.choices.includes(v))
                problems.push(`--${name} must be ${orList(def.choices)}, not ${JSON.stringify(v)}`);
            const problem = def.check?.(v);
            if (problem !== undefined)
                problems.push(`--${name} ${JSON.stringify(v)} ${problem}`);
        }
    }
    if (missing.length > 0)
        problems.unshift(`${list(missing, 'and')} ${missing.length === 1 ? 'is' : 'are'} required`);
    return problems;
}
/** "a", "a and b", "a, b and c" (or with "or"). */
function list(items, word) {
    return items.length < 2
        ? items.join('')
        : `${items.slice(0, -1).join(', ')} ${word} ${items[items.length - 1]}`;
}
const orList = (items) => list(items, 'or');
/** The value of a required string option, or a coded error naming the flag. */
function required(value, flag) {
    if (value === undefined || value === '')
        throw new EnclaveBuildError('INPUT_INVALID', `${flag} is required`);
    return value;
}
/** Of two opposite boolean flags (`--check`/`--no-check`), the last one given wins. */
function lastOf(tokens, yes, no, fallback) {
    let value = fallback;
    for (const t of tokens)
        if (t.kind === 'option' && t.name === yes)
            value = true;
        else if (t.kind === 'option' && t.name === no)
            value = false;
    return value;
}

/** Every TEE's command-line verbs, each loaded only when it runs. */
const TARGET_VERBS = {
    'gramine manifest': async () => (await import('./cli-Da3eD8qW.js')).gramineManifest,
    'gramine sign': async () => (await import('./cli-Da3eD8qW.js')).gramineSign,
    'gramine measure': async () => (await import('./cli-Da3eD8qW.js')).gramineMeasure,
    'sgx sigstruct-view': async () => (await import('./cli-sgx-UPvvHLRz.js')).sigstructView,
    'sgx gen-key': async () => (await import('./cli-sgx-UPvvHLRz.js')).genKey,
    'nitro build': async () => (await import('./build-DXjbyGaS.js')).nitroBuild,
    'nitro describe': async () => (await import('./describe-DiaOJFJL.js')).nitroDescribe,
    'nitro pcr': async () => (await import('./pcr-CsepH5kI.js')).nitroPcr,
    'nitro pcr1': async () => (await import('./pcr1-DeI2WADZ.js')).nitroPcr1,
    'snp measure': async () => (await import('./cli-esFUqmbY.js')).snpMeasure,
    'snp initrd': async () => (await import('./cli-esFUqmbY.js')).snpInitrd,
    'tdx measure': async () => (await import('./tdx-BS7SA3Ep.js').then(function (n) { return n.h; })).tdxMeasure,
    'uki build': async () => (await import('./cli-w6uyVafo.js')).ukiBuild,
    'uki measure': async () => (await import('./cli-w6uyVafo.js')).ukiMeasure,
    'uki pcr11': async () => (await import('./cli-w6uyVafo.js')).ukiPcr11
};

/**
 * The version of enclave-build (package.json's; a test keeps them equal).
 * A constant rather than a JSON import, so the dispatcher chunk stays small.
 */
const VERSION = '0.1.0';

/**
 * Subcommands, each loaded only when it runs: a `measure` must not pay for
 * loading the signing and verification stacks. The TEEs' verbs come from
 * their registry entries (`cli`), through the generated TARGET_VERBS.
 */
const commands = {
    build: async () => (await import('./build-DyP8Fqg1.js')).build,
    'go build': async () => (await import('./go-DVOsm9TK.js')).goBuild,
    ...TARGET_VERBS,
    // container images and the platforms that run them (not TEE targets'
    // verbs: the oci target's image is one of several things they read)
    'oci image': async () => (await import('./oci-Bg109Cx1.js')).ociImage,
    'aci layer-hash': async () => (await import('./aci-9DkjyjxG.js')).aciLayerHash,
    'aci policy': async () => (await import('./aci-9DkjyjxG.js')).aciPolicy,
    'coco initdata': async () => (await import('./coco-CcWnI2iX.js')).cocoInitdata,
    'coco initdata-digest': async () => (await import('./coco-CcWnI2iX.js')).cocoInitdataDigest,
    'attest sign': async () => (await import('./attest-BXmgY8Pm.js')).attestSign,
    'attest statement': async () => (await import('./attest-BXmgY8Pm.js')).attestStatement,
    'attest gen-key': async () => (await import('./attest-BXmgY8Pm.js')).attestGenKey,
    'attest verify-key': async () => (await import('./attest-BXmgY8Pm.js')).attestVerifyKey,
    verify: async () => (await import('./verify-BxmNYFHl.js')).verify,
    'fetch-platform': async () => (await import('./fetch-platform-DSIL3Mei.js')).fetchPlatformCommand,
    publish: async () => (await import('./publish-DVfDAoiH.js')).publish
};
const usage = `Usage: enclave-build <command> [options]

Commands:
${Object.keys(commands)
    .map((c) => `  ${c}`)
    .join('\n')}

Every command takes --json; enclave-build <command> --help lists its options.
enclave-build --version prints the version.
`;
/** The subcommands the dispatcher knows, as typed on the command line. */
const COMMAND_NAMES = Object.keys(commands);
/** Loads one subcommand by name (tests enumerate their flag tables). */
function loadCommand(name) {
    return commands[name]();
}
/**
 * The flag table and usage facts of a subcommand, as its parser declares
 * them: the command is asked for --help, which its parser answers before
 * doing anything (scripts/cli-readme.ts makes the README's block from it).
 */
async function commandFlags(name) {
    const command = await commands[name]();
    try {
        await command(['--help'], {
            stdout: () => undefined,
            stderr: () => undefined,
            cwd: '.',
            env: {}
        });
    }
    catch (err) {
        if (err instanceof HelpRequest)
            return {
                options: err.options,
                meta: { about: command.about, ...err.meta }
            };
        throw err;
    }
    throw new Error(`enclave-build ${name} --help did not declare its flags`);
}
/** The commands of a group (`nitro` → nitro build, nitro describe, ...). */
function groupUsage(group) {
    const names = COMMAND_NAMES.filter((c) => c.startsWith(`${group} `));
    if (names.length === 0)
        return undefined;
    return `Usage: enclave-build ${group} <command> [options]\n\nCommands:\n${names
        .map((c) => `  ${c}`)
        .join('\n')}\n\nRun enclave-build ${group} <command> --help for its options.\n`;
}
/** The help of one subcommand, made from the flags its parser reads. */
async function printHelp(name, req, about, io) {
    const { formatHelp } = await import('./help-Bwf7aPVS.js');
    io.stdout(formatHelp(name, req.options, { about, ...req.meta }));
}
/** Finds the subcommand named by the first one or two words. */
function lookup(argv) {
    const two = argv.slice(0, 2).join(' ');
    if (two in commands)
        return { name: two, rest: argv.slice(2) };
    if (argv[0] !== undefined && argv[0] in commands)
        return { name: argv[0], rest: argv.slice(1) };
    return undefined;
}
/**
 * A message on one line, as the contract prints errors (`error[CODE]:
 * message`, one line a script can match): the lines of a message that
 * lists several problems are joined with spaces, their indentation dropped.
 */
function oneLine(message) {
    return message
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '')
        .join(' ');
}
/**
 * Runs the command line and returns the exit status. Errors become one line
 * `error[CODE]: message` on stderr, as the contract says; the status is the
 * code's side (errors.ts ERROR_SIDE): 2 for the user's to fix, 1 otherwise.
 */
async function cli(argv, io) {
    if (argv.length === 0 ||
        argv[0] === '--help' ||
        argv[0] === '-h' ||
        argv[0] === 'help') {
        io.stdout(usage);
        return argv.length === 0 ? 2 : 0;
    }
    if (argv[0] === '--version') {
        io.stdout(`enclave-build ${VERSION}\n`);
        return 0;
    }
    const found = lookup(argv);
    let command;
    try {
        if (!found) {
            const group = groupUsage(argv[0]);
            if (group !== undefined &&
                (argv.length === 1 || /^(-h|--help)$/.test(argv[1]))) {
                io.stdout(group);
                return argv.length === 1 ? 2 : 0;
            }
            throw new EnclaveBuildError('INPUT_INVALID', `unknown command "${argv.slice(0, 2).join(' ')}"; run enclave-build --help`);
        }
        command = await commands[found.name]();
        setInputBase(io.cwd);
        // what a command logs to stderr passes the same redaction as errors
        return await command(found.rest, {
            ...io,
            stderr: (t) => io.stderr(redact(t))
        });
    }
    catch (err) {
        if (err instanceof HelpRequest && found) {
            await printHelp(found.name, err, command?.about, io);
            return 0;
        }
        const e = asEnclaveBuildError(err);
        io.stderr(`error[${e.code}]: ${oneLine(redact(e.message))}\n`);
        return exitStatusOf(e.code);
    }
}

var main = /*#__PURE__*/Object.freeze({
    __proto__: null,
    COMMAND_NAMES: COMMAND_NAMES,
    cli: cli,
    commandFlags: commandFlags,
    loadCommand: loadCommand
});

/** The real process streams. */
function processIO() {
    return {
        stdout: (t) => process.stdout.write(t),
        stderr: (t) => process.stderr.write(t),
        cwd: process.cwd(),
        env: process.env,
        // Asked only by commands that draw progress: node:tty loads node:net and
        // the stream modules, ~8 ms of every start. isatty, not
        // process.stderr.isTTY, which would build the stream.
        get stderrIsTTY() {
            return process.getBuiltinModule('node:tty').isatty(2);
        }
    };
}
/** Prints exactly one JSON object followed by a newline. */
function printJson(io, value) {
    io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

var io = /*#__PURE__*/Object.freeze({
    __proto__: null,
    printJson: printJson,
    processIO: processIO
});

/**
 * How the entry points end. When their work is done (or failed) the process
 * should end by itself; but anything left holding the event loop (a worker's
 * port, a keep-alive socket, a retry timer of a library) would keep a failed
 * job alive until the runner's timeout. So a timer that does not itself hold
 * the loop ends the process shortly after, with the exit code already set.
 */
/** Grace for the loop to drain by itself, in milliseconds. */
const EXIT_GRACE_MS = 500;
/**
 * Makes sure the process ends: by itself if nothing holds it, else after
 * `graceMs`, once stdout and stderr have taken what was written to them.
 */
function exitWhenDone(graceMs = EXIT_GRACE_MS) {
    setTimeout(() => {
        const streams = [process.stdout, process.stderr].filter((s) => s.writableLength > 0);
        if (streams.length === 0)
            process.exit();
        let left = streams.length;
        for (const s of streams)
            s.write('', () => {
                if (--left === 0)
                    process.exit();
            });
        // a reader that never reads must not hold the process either
        setTimeout(() => process.exit(), graceMs).unref();
    }, graceMs).unref();
}

var exit = /*#__PURE__*/Object.freeze({
    __proto__: null,
    EXIT_GRACE_MS: EXIT_GRACE_MS,
    exitWhenDone: exitWhenDone,
    removeTempsOnExit: removeTempsOnExit
});

/**
 * The Node built-ins the SEV-SNP measurement path uses, taken with
 * process.getBuiltinModule rather than `import`. An ES import of a built-in
 * makes Node build a module facade over all of its exports, which costs
 * milliseconds per built-in at every start; `snp measure` is meant to start
 * in tens of milliseconds, so it takes the CommonJS exports object directly.
 */
/** node:fs (whole-file reads and stat); already loaded by Node itself, so free. */
const nodeFs = process.getBuiltinModule('node:fs');
let crypto;
/**
 * node:crypto, loaded on first use: loading it takes ~5 ms, which `snp
 * measure` spends while its input files are still being read in the
 * background (see readInputSoon).
 */
function nodeCrypto() {
    crypto ??= process.getBuiltinModule('node:crypto');
    return crypto;
}

/**
 * Reads a whole input file with the coded errors of util/fs (regular files
 * only, size-limited), naming the flag. One synchronous read: the async API
 * reads 512 KiB at a time through the thread pool, with a trip through the
 * event loop between reads.
 */
function readInput(path, what, options = {}) {
    return readInputFile(path, what, options);
}
/**
 * Starts reading a whole regular file on libuv's thread pool and returns at
 * once: the kernel's copy into fresh memory (~1 ms per MiB, mostly page
 * faults) then runs on another core while the caller loads node:crypto and
 * checks its flags. Resolves to the same bytes as readInput, and rejects
 * with the same coded errors, but only when awaited: a read nobody waits for
 * (a flag was refused first) never surfaces as an unhandled rejection.
 */
function readInputSoon(path, what, options = {}) {
    const bytes = new Promise((resolve, reject) => {
        let fd;
        let size;
        try {
            ;
            ({ fd, size } = openInputFile(path, what, options));
        }
        catch (err) {
            reject(fileError(err, path, what));
            return;
        }
        // a file that reports no size (/proc) is read to its end by readInput
        if (size === 0) {
            nodeFs.closeSync(fd);
            resolve(readInput(path, what, options));
            return;
        }
        const buffer = Buffer.allocUnsafeSlow(size);
        const readFrom = (offset) => 
        // at most 1 GiB per read: Node refuses 2 GiB and more in one call
        nodeFs.read(fd, buffer, offset, Math.min(size - offset, 2 ** 30), offset, (err, n) => {
            if (err || n === 0 || offset + n >= size) {
                nodeFs.closeSync(fd);
                if (err)
                    reject(fileError(err, path, what));
                else
                    resolve(n === 0 ? buffer.subarray(0, offset) : buffer);
            }
            else
                readFrom(offset + n);
        });
        readFrom(0);
    });
    bytes.catch(() => undefined);
    return bytes;
}

/**
 * GUIDs as OVMF and QEMU store them: the mixed-endian "bytes_le" form, where
 * the first three groups are little-endian and the last two are as written.
 */
/** The 16 bytes of a GUID string ("96b582de-1fb2-...") in bytes_le order. */
function guidBytesLe(guid) {
    const hex = guid.replace(/-/g, '');
    if (!/^[0-9a-fA-F]{32}$/.test(hex))
        throw new Error(`bad GUID ${guid}`);
    const b = Buffer.from(hex, 'hex');
    // Reverse the u32, u16, u16 groups; the 8 trailing bytes stay in order.
    return Uint8Array.from([
        b[3],
        b[2],
        b[1],
        b[0],
        b[5],
        b[4],
        b[7],
        b[6],
        ...b.subarray(8)
    ]);
}
/** The GUID string of 16 bytes_le bytes (inverse of guidBytesLe), lower case. */
function guidFromBytesLe(bytes) {
    const b = bytes;
    const h = (xs) => xs.map((x) => x.toString(16).padStart(2, '0')).join('');
    return [
        h([b[3], b[2], b[1], b[0]]),
        h([b[5], b[4]]),
        h([b[7], b[6]]),
        h([b[8], b[9]]),
        h([...b.subarray(10, 16)])
    ].join('-');
}
/** The GUIDs the launch measurement reads from the firmware. */
const GUIDS = {
    footerTable: '96b582de-1fb2-45f7-baea-a366c55a082d',
    sevHashTable: '7255371f-3a3b-4b04-927b-1da6efa8d454',
    sevEsResetBlock: '00f771de-1a7e-4fcb-890e-68c77e2fb44e',
    sevMetadata: 'dc886566-984a-4798-a75e-5585a7bf67cc',
    tdxMetadataOffset: 'e47a6535-984a-4798-865e-4685a7bf8ec2'
};

export { ACTION_FILE_INPUTS as A, tempBeside as B, hashFile as C, moveIntoPlace as D, EnclaveBuildError as E, MAX_INPUT_BYTES as F, GUIDS as G, redact as H, INPUT_LIMITS as I, fail as J, MAX_EVIDENCE_BYTES as K, fs$3 as L, MAX_MANIFEST_BYTES as M, main as N, io as O, exit as P, VERSION as V, guidBytesLe as a, printJson as b, readInputFileSync as c, required as d, readInputFile as e, lastOf as f, guidFromBytesLe as g, MAX_PEM_BYTES as h, MAX_SIGSTRUCT_BYTES as i, readInput as j, MAX_FIRMWARE_BYTES as k, limitOf as l, nodeFs as m, nodeCrypto as n, asEnclaveBuildError as o, parse as p, openInputFile as q, readInputSoon as r, sha256Hex as s, actionInputLimit as t, fileError as u, readInputText as v, writeFileAtomic as w, sha256File as x, trackTemp as y, untrackTemp as z };
