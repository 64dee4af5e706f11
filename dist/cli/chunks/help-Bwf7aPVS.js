/**
 * `--help` text of a subcommand, made from the flag definitions its parser
 * reads (one source). Loaded only when help is asked for.
 *
 * Why this file is long: four fifths of it are two tables of data (one
 * summary per subcommand, and the flag notes of commands whose parsers do
 * not carry their own help), read top to bottom like a manual page; the
 * code that formats them is some sixty lines. Splitting the tables across
 * files would only scatter the text a reviewer checks against CLI.md.
 */
/** One line per subcommand, shown under its usage line. */
const SUMMARIES = {
    'go build': 'Reproducible Go build of a clean git work tree (pinned toolchain, fixed environment).',
    'gramine manifest': "Render a manifest template like Gramine v1.9's gramine-manifest: Jinja, defaults, schema check, trusted-file hashing.",
    'gramine sign': 'Sign a manifest like gramine-sgx-sign: writes the .manifest.sgx and the 1808-byte SIGSTRUCT.',
    'gramine measure': 'MRENCLAVE of a .manifest.sgx and a libpal, without signing.',
    'sgx sigstruct-view': 'Show a SIGSTRUCT (.sig) like gramine-sgx-sigstruct-view.',
    'sgx gen-key': 'A new RSA-3072 (e=3) SGX development signing key, PKCS#1 PEM, mode 0600.',
    'nitro build': "Build an EIF like eif_build, from a kernel, a cmdline and ramdisks; or make the ramdisks from AWS's init and nsm.ko and a Go binary.",
    'nitro describe': 'Describe an EIF like nitro-cli describe-eif: PCRs, CRC, signature, metadata.',
    'nitro pcr': 'The PCR of one file, or PCR8 of a certificate, like nitro-cli pcr.',
    'nitro pcr1': "PCR1 of AWS's blobs (kernel, cmdline, init, nsm.ko) as nitro-cli build-enclave reports it; --expect checks it.",
    'snp measure': "SEV/SEV-ES/SEV-SNP launch digest with sev-snp-measure 0.0.13's flags and output.",
    'snp initrd': 'A deterministic direct-boot initrd with the Go binary as /init.',
    'tdx measure': "Intel TDX MRTD and RTMR0-2 of a QEMU direct-boot TD with dstack-mr's flags and output; --gce-shape: Google Cloud's MRTD.",
    'attest sign': 'Sign a statement into a Sigstore bundle, with a PEM key (--key) or keyless.',
    'attest statement': 'The measurement statement from a build record and a saved target result or measurements.',
    'attest gen-key': 'A P-256 key pair for attest sign --key.',
    'attest verify-key': 'Check a key-signed bundle with the public key (and, with --measurement, that it is a subject).'
};
/**
 * Descriptions of flags whose definitions do not carry their own `help`
 * (commands owned elsewhere). Only looked up: the flags listed are always
 * the parser's own, and a test checks that every entry here names a flag
 * its command accepts.
 */
const FLAG_NOTES = {
    'go build': {
        dir: {
            arg: 'DIR',
            help: 'The git work tree (or a directory inside it); a dirty tree is refused.'
        },
        package: {
            arg: 'PKG',
            help: 'The main package to build, e.g. ./cmd/server.'
        },
        output: { arg: 'FILE', help: 'Where to write the binary.' },
        'rebuild-check': {
            help: 'Build again in a second path and require the same bytes.'
        },
        ldflags: {
            arg: 'FLAGS',
            help: 'Extra -ldflags (the build always has -trimpath, -buildvcs=true, -mod=readonly).'
        },
        tags: { arg: 'a,b', help: 'Build tags.' },
        cgo: { help: 'Build with CGO_ENABLED=1 (default 0).' },
        goamd64: { arg: 'v1..v4', help: 'GOAMD64 level.' },
        goarch: { arg: 'ARCH', help: 'GOARCH (amd64 or arm64).' },
        pgo: {
            arg: 'off|auto|FILE',
            help: 'Profile-guided optimisation, as go build -pgo.'
        },
        'go-version': {
            arg: 'go1.x.y',
            help: 'Require this Go toolchain version (empty: any; it is recorded either way).'
        },
        record: {
            arg: 'FILE',
            help: 'Also write the build record (JSON) there, for attest statement.'
        },
        json: {
            help: 'Print {"sha256", "goVersion", "reproducible", "buildinfo", "binary", "record"}.'
        }
    },
    'gramine sign': {
        manifest: { arg: 'FILE', help: 'The manifest (from gramine manifest).' },
        output: { arg: 'FILE', help: 'Where to write the .manifest.sgx.' },
        libpal: {
            arg: 'FILE',
            help: 'The SGX libpal.so (default: PKGLIBDIR/sgx/libpal.so).'
        },
        key: {
            arg: 'KEY.pem',
            help: 'RSA-3072 (e=3) signing key (default: $XDG_CONFIG_HOME/gramine/enclave-key.pem).'
        },
        passphrase: { arg: 'TEXT', help: 'Passphrase of an encrypted key.' },
        date: { arg: 'YYYY-MM-DD|today', help: 'The SIGSTRUCT date.' },
        sigfile: {
            arg: 'FILE',
            help: 'Where to write the .sig (default: the manifest name with .sig).'
        },
        chroot: {
            arg: 'DIR',
            help: 'Read trusted files at DIR + their absolute path.'
        },
        pkglibdir: { arg: 'DIR', help: "Gramine's library directory." },
        json: {
            help: 'Print {"mrenclave", "mrsigner", "isvprodid", "isvsvn", "debug"}.'
        }
    },
    'gramine measure': {
        'manifest-sgx': { arg: 'FILE', help: 'The .manifest.sgx.' },
        libpal: { arg: 'FILE', help: 'The SGX libpal.so it was signed with.' },
        json: { help: 'Print {"mrenclave": hex}.' }
    },
    'sgx sigstruct-view': {
        json: {
            help: 'Print the fields as JSON (gramine-sgx-sigstruct-view --output-format json keys).'
        },
        'output-format': {
            arg: 'text|toml|json',
            help: 'As gramine-sgx-sigstruct-view.'
        },
        verbose: { help: 'All fields (always on, as --verbose).' }
    },
    'sgx gen-key': {
        output: { arg: 'FILE', help: 'Where to write the key (mode 0600).' },
        force: { help: 'Overwrite an existing file.' },
        json: { help: 'Print {"path", "mrsigner"}.' }
    },
    'attest statement': {
        'build-record': {
            arg: 'FILE',
            help: 'The build record of go build --record.'
        },
        'target-result': {
            arg: 'FILE',
            help: 'A saved target result (JSON), instead of the flags below.'
        },
        target: { arg: 'NAME', help: 'The target (gramine, nitro, snp, ...).' },
        measurement: {
            arg: 'NAME=HEX',
            help: 'A measurement (64 hex: sha256, 96 hex: sha384).'
        },
        artifact: {
            arg: 'KIND=FILE',
            help: 'An artifact to record with its sha256.'
        },
        pinned: {
            arg: 'NAME=FILE',
            help: 'A pinned input to record with its sha256.'
        },
        signer: {
            arg: 'KEY=VALUE',
            help: 'A signer identity (e.g. mrsigner=HEX).'
        },
        repository: { arg: 'owner/name', help: 'The source repository.' },
        ref: { arg: 'REF', help: 'The source ref.' },
        output: { arg: 'FILE', help: 'Where to write the statement.' },
        json: { help: 'Print {"statement", "predicateType", "subject"}.' }
    },
    'attest sign': {
        statement: { arg: 'FILE', help: 'The statement to sign.' },
        output: { arg: 'FILE', help: 'Where to write the Sigstore bundle.' },
        key: {
            arg: 'KEY.pem',
            help: 'Sign with this key instead of keyless Sigstore.'
        },
        'key-password-env': {
            arg: 'VAR',
            help: "The environment variable holding the key's password (never argv)."
        },
        sigstore: {
            arg: 'public-good|github',
            help: 'Which Sigstore instance signs keyless.'
        },
        'fulcio-url': { arg: 'URL', help: 'A custom Fulcio.' },
        'rekor-url': { arg: 'URL', help: 'A custom Rekor.' },
        'tsa-url': { arg: 'URL', help: 'A custom timestamp authority.' },
        json: { help: 'Print a summary of the bundle as JSON.' }
    },
    'attest gen-key': {
        output: { arg: 'FILE', help: 'Where to write the P-256 private key.' },
        force: { help: 'Overwrite existing key files.' },
        'public-key': {
            arg: 'FILE',
            help: 'Where to write the public key (default: beside it, .pub).'
        },
        'key-password-env': {
            arg: 'VAR',
            help: 'Encrypt the key with the password in this environment variable.'
        },
        json: { help: 'Print the paths and the key hint as JSON.' }
    },
    'attest verify-key': {
        bundle: { arg: 'FILE', help: 'The key-signed bundle.' },
        'public-key': { arg: 'FILE', help: 'The public key.' },
        measurement: {
            arg: 'HEX',
            help: 'Also require this measurement to be a subject.'
        },
        json: { help: 'Print the verified facts as JSON.' }
    },
    verify: {
        bundle: {
            arg: 'FILE|DIR|oci://REGISTRY/NAME:TAG',
            help: 'Sigstore bundle(s) to verify: files, directories of them, or a published artifact whose referrers hold the bundle.'
        },
        measurement: {
            arg: 'HEX',
            help: 'The measurement to trace back to its source.'
        },
        'trusted-root': {
            arg: 'TR.json',
            help: 'Sigstore trusted root JSON (default: the built-in roots).'
        },
        'certificate-identity': {
            arg: 'ID',
            help: "The signing workflow's identity, exactly."
        },
        'certificate-identity-regexp': {
            arg: 'RE',
            help: "The signing workflow's identity, as a pattern."
        },
        'certificate-oidc-issuer': {
            arg: 'URL',
            help: 'The OIDC issuer of the signing identity.'
        },
        'source-ref': { arg: 'REF', help: 'Require this source ref.' },
        repo: {
            arg: 'owner/name',
            help: 'Require this source repository; without --bundle, also look its attestations up there.'
        },
        token: { arg: 'TOKEN', help: 'GitHub token for --repo.' },
        evidence: {
            arg: 'FILE',
            help: "The enclave's evidence (attestation document, quote or report)."
        },
        'evidence-type': {
            arg: 'nitro|nitrotpm|sgx-quote|td-quote|snp-report|cs-token',
            help: 'What the evidence is.'
        },
        'public-key': {
            arg: 'PEM',
            help: 'Verify key-signed bundles with this key.'
        },
        json: { help: 'Print the verified result as JSON.' }
    }
};
/** The name of a flag's value: its own, else its choices, else VALUE. */
function argName(def) {
    return def.arg ?? def.choices?.join('|') ?? 'VALUE';
}
/** `--name ARG` (with `-s, ` before it when it has a short form). */
function flagLabel(name, def) {
    const value = def.type === 'string' ? ` ${argName(def)}` : '';
    return `${def.short ? `-${def.short}, ` : '    '}--${name}${value}`;
}
function describe(def) {
    const notes = [];
    if (def.required)
        notes.push('required');
    if (def.multiple)
        notes.push('repeatable');
    const d = def.default;
    if (def.type === 'string' && typeof d === 'string' && d !== '')
        notes.push(`default: ${d}`);
    const text = def.help ?? '';
    return notes.length === 0
        ? text
        : `${text}${text ? ' ' : ''}(${notes.join('; ')})`;
}
/** The help text of `enclave-build <name>`. */
function formatHelp(name, options, meta) {
    const notes = FLAG_NOTES[name] ?? {};
    const rows = Object.entries(options).map(([n, d]) => {
        const def = { ...notes[n], ...d };
        return [flagLabel(n, def), describe(def)];
    });
    rows.push(['-h, --help', 'Print this help and exit.']);
    const width = Math.min(34, Math.max(...rows.map(([l]) => l.length)) + 2);
    const lines = rows.map(([label, text]) => text === ''
        ? `  ${label}`
        : label.length + 2 > width
            ? `  ${label}\n  ${' '.repeat(width)}${text}`
            : `  ${label.padEnd(width)}${text}`);
    const usage = `Usage: enclave-build ${name} [options]${meta.positionals ? ` ${meta.positionals}` : ''}`;
    const parts = [usage];
    const summary = SUMMARIES[name];
    if (summary)
        parts.push('', summary);
    if (meta.about)
        parts.push('', meta.about.trimEnd());
    parts.push('', 'Options:', ...lines);
    return `${parts.join('\n')}\n`;
}

export { FLAG_NOTES, formatHelp };
