import { E as EnclaveBuildError, p as parse, r as required, a as printJson } from './main-C_5kpKAD.js';
import { randomBytes } from 'node:crypto';
import { stat, mkdtemp, mkdir, readFile, rm, realpath, rename } from 'node:fs/promises';
import { join, dirname, basename, resolve, relative } from 'node:path';
import { t as trackTemp, u as untrackTemp } from './temps-ClGZhUnt.js';
import { sha256File, sha256Hex, readInputFile, writeFileAtomic } from './fs-BT6MZko9.js';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';

/** Undoes Go's strconv.Quote where `go version -m` applied it. */
function unquote(s) {
    if (!s.startsWith('"'))
        return s;
    try {
        return JSON.parse(s);
    }
    catch {
        return s;
    }
}
/** Splits `key=value` where the key may itself be quoted. */
function splitSetting(field) {
    if (field.startsWith('"')) {
        const end = field.indexOf('"=', 1);
        if (end > 0)
            return [unquote(field.slice(0, end + 1)), unquote(field.slice(end + 2))];
    }
    const eq = field.indexOf('=');
    if (eq < 0)
        return [field, ''];
    return [field.slice(0, eq), unquote(field.slice(eq + 1))];
}
/**
 * Parses the text of `go version -m FILE` (the format of
 * debug/buildinfo.BuildInfo.String, each line prefixed by a tab).
 */
function parseBuildInfo(text) {
    const lines = text.split('\n');
    const head = /: (go\S+)$/.exec(lines[0] ?? '');
    if (!head)
        throw new EnclaveBuildError('BUILD_FAILED', `unexpected "go version -m" output: ${lines[0] ?? ''}`);
    const info = {
        goVersion: head[1],
        path: '',
        main: { path: '', version: '' },
        deps: [],
        settings: {}
    };
    for (const line of lines.slice(1)) {
        if (!line.startsWith('\t'))
            continue;
        const [kind, ...fields] = line.slice(1).split('\t');
        if (kind === 'path')
            info.path = fields[0] ?? '';
        else if (kind === 'mod')
            info.main = { path: fields[0], version: fields[1], sum: fields[2] };
        else if (kind === 'dep')
            info.deps.push({ path: fields[0], version: fields[1], sum: fields[2] });
        else if (kind === '=>' && info.deps.length > 0)
            // a replace directive applies to the dep just above it
            info.deps[info.deps.length - 1].version += ` => ${fields.join(' ')}`;
        else if (kind === 'build') {
            const [k, v] = splitSetting(fields.join('\t'));
            info.settings[k] = v;
        }
    }
    for (const m of [info.main, ...info.deps])
        if (!m.sum)
            delete m.sum;
    return info;
}
/** Runs `go version -m` on a binary; returns the raw text and the parse. */
async function readBuildInfo(exec, binary, env) {
    const r = await exec('go', ['version', '-m', binary], { env });
    if (r.code !== 0)
        throw new EnclaveBuildError('BUILD_FAILED', `go version -m ${binary} failed: ${r.stderr.trim()}`);
    // the first line names the file; drop the path so two builds compare
    const text = r.stdout.replace(/^[^\n]*: (go\S+)/, '$1');
    return { text, info: parseBuildInfo(r.stdout) };
}

/**
 * The arguments after `go`. -trimpath removes the build directory from the
 * binary; -buildvcs=true makes a missing git an error instead of silently
 * dropping the VCS stamp; -mod=readonly refuses to touch go.mod/go.sum;
 * -pgo is explicit because a default.pgo would otherwise be picked up.
 * The values were checked by checkGoFlags (flags.ts) and each is one
 * argument, so none becomes a flag of go's.
 */
function goBuildArgs(flags, output) {
    const args = [
        'build',
        '-trimpath',
        '-buildvcs=true',
        '-mod=readonly',
        `-pgo=${flags.pgo}`
    ];
    if (flags.tags.length > 0)
        args.push(`-tags=${flags.tags.join(',')}`);
    if (flags.ldflags !== '')
        args.push(`-ldflags=${flags.ldflags}`);
    // `--` ends go's flags: the package can never be read as one (issue 12).
    args.push('-o', output, '--', flags.package);
    return args;
}
/** Runs one go build; returns the binary's sha256 and size. */
async function runGoBuild(exec, args, cwd, env) {
    const r = await exec('go', args, { cwd, env });
    if (r.code !== 0)
        throw new EnclaveBuildError('BUILD_FAILED', `go ${args.join(' ')} failed in ${cwd}:\n${r.stderr.trim()}`);
    const output = args[args.indexOf('-o') + 1];
    const [sha256, info] = await Promise.all([sha256File(output), stat(output)]);
    return { sha256, size: info.size };
}

/**
 * Linker flags refused inside ldflags: they name a program to run
 * (-extld), or a file or directory the linker writes outside the build
 * (-o, -tmpdir, profiles). Everything else (-s, -w, -X, -buildid, and
 * -extldflags/-linkmode for cgo builds) is the linker's documented use.
 */
const LINKER_DENIED = new Set([
    'extld',
    'o',
    'tmpdir',
    'cpuprofile',
    'memprofile',
    'memprofilerate',
    'benchmarkprofile',
    'importcfg'
]);
/** A build tag as go/build/constraint accepts it. */
const TAG = /^[A-Za-z0-9_.]+$/;
/** Splits ldflags as cmd/go does (quoted.Split: spaces; ' and " quote). */
function splitQuoted(s) {
    const out = [];
    for (const m of s.matchAll(/'([^']*)'|"([^"]*)"|(\S+)/g))
        out.push(m[1] ?? m[2] ?? m[3]);
    return out;
}
/** The problems of `v`, one sentence each (empty when none). */
function goFlagProblems(v) {
    const problems = [];
    if (v.package === '' || v.package.startsWith('-'))
        problems.push(`package "${v.package}" must be a package path such as . or ./cmd/app, not a flag`);
    if (/[\0\n\r]/.test(v.package))
        problems.push('package must not contain control characters');
    for (const tag of v.tags)
        if (!TAG.test(tag))
            problems.push(`build tag "${tag}" may hold only letters, digits, _ and . (tags are separated by commas or spaces)`);
    if (v.pgo.startsWith('-') || v.pgo === '' || /[\0\n\r,]/.test(v.pgo))
        problems.push(`pgo must be off, auto or a profile path, not "${v.pgo}"`);
    if (v.goarch !== undefined && v.goarch !== 'amd64' && v.goarch !== 'arm64')
        problems.push(`goarch must be amd64 or arm64, not "${v.goarch}"`);
    // cmd/go accepts "pattern=flags" (all=-s -w): the flags are what follows.
    const ld = /^[^-\s'"=][^\s=]*=/.exec(v.ldflags);
    const linkerArgs = splitQuoted(ld ? v.ldflags.slice(ld[0].length) : v.ldflags);
    for (const arg of linkerArgs) {
        const name = /^--?([^=]+)/.exec(arg)?.[1];
        if (name !== undefined && LINKER_DENIED.has(name))
            problems.push(`ldflags must not set the linker's -${name} (it runs a program or writes outside the build)`);
    }
    if (/[\0\n\r]/.test(v.ldflags))
        problems.push('ldflags must not contain control characters');
    return problems;
}
/** Throws INPUT_INVALID listing every problem of `v`. */
function checkGoFlags(v) {
    const problems = goFlagProblems(v);
    if (problems.length > 0)
        throw new EnclaveBuildError('INPUT_INVALID', `The Go build inputs would change go's own flags:\n- ${problems.join('\n- ')}`);
}

/**
 * Variables passed through from the caller's environment: they decide where
 * things are fetched or stored, not what the bytes are. Everything else is
 * dropped so that a stray GOFLAGS or GOEXPERIMENT cannot change the build.
 */
const PASS_THROUGH = [
    'PATH',
    'HOME',
    'TMPDIR',
    'GOPATH',
    'GOMODCACHE',
    'GOCACHE',
    'GOPROXY',
    'GOSUMDB',
    'GONOSUMDB',
    'GOPRIVATE',
    'GONOPROXY',
    'GOINSECURE',
    'GOROOT',
    'GIT_CONFIG_GLOBAL',
    'GIT_CONFIG_NOSYSTEM',
    'SSL_CERT_FILE',
    'SSL_CERT_DIR',
    'HTTPS_PROXY',
    'HTTP_PROXY',
    'NO_PROXY',
    'https_proxy',
    'http_proxy',
    'no_proxy',
    'CC',
    'CXX'
];
/**
 * The explicit environment baseline that decides the bytes of the build.
 * It is recorded in the build record as is.
 */
function baselineEnv(choices) {
    return {
        GOTOOLCHAIN: 'local',
        CGO_ENABLED: choices.cgo ? '1' : '0',
        GOFLAGS: '',
        // An empty GOFLAGS still lets `go env -w GOFLAGS=...` (the user's go
        // env file) add flags such as -toolexec: the file is not read at all.
        GOENV: 'off',
        GOWORK: 'off',
        GOOS: choices.goos,
        GOARCH: choices.goarch,
        GOAMD64: choices.goamd64,
        GOEXPERIMENT: '',
        GO111MODULE: 'on'
    };
}
/** The full process environment for `go`: pass-through plus the baseline. */
function processEnv(baseline, from, overrides = {}) {
    const env = {};
    for (const name of PASS_THROUGH)
        if (from[name] !== undefined)
            env[name] = from[name];
    return { ...env, ...baseline, ...overrides };
}

async function git(exec, dir, args) {
    const r = await exec('git', ['-C', dir, ...args]);
    if (r.code === 127)
        throw new EnclaveBuildError('GIT_MISSING', 'git is not installed. The build stamps VCS information (-buildvcs=true), ' +
            'which needs git; install git or use a runner image that has it.');
    // keep leading spaces: they are part of git status's columns
    return { code: r.code, out: r.stdout.trimEnd(), err: r.stderr.trim() };
}
/**
 * Reads the checkout containing `dir` and refuses a dirty one: Go records
 * `vcs.modified=true` for any change, untracked files included, and that
 * build could not be reproduced from the commit.
 */
async function readGitSource(exec, dir) {
    const top = await git(exec, dir, ['rev-parse', '--show-toplevel']);
    if (top.code !== 0)
        throw new EnclaveBuildError('GIT_MISSING', `${dir} is not inside a git work tree (${top.err}). ` +
            'Build from a git checkout so the binary records its commit.');
    const status = await git(exec, top.out, [
        'status',
        '--porcelain',
        '--untracked-files=all'
    ]);
    if (status.out !== '') {
        const lines = status.out.split('\n');
        const shown = lines.slice(0, 10).join('\n');
        const more = lines.length > 10 ? `\n... and ${lines.length - 10} more` : '';
        throw new EnclaveBuildError('GIT_DIRTY', `the work tree ${top.out} has uncommitted or untracked files, so the ` +
            `build would record vcs.modified=true and could not be reproduced ` +
            `from its commit. Commit, remove or .gitignore them:\n${shown}${more}`);
    }
    const log = await git(exec, top.out, ['log', '-1', '--format=%H %ct']);
    if (log.code !== 0)
        throw new EnclaveBuildError('GIT_MISSING', `the repository at ${top.out} has no commit yet; commit the source first`);
    const [commit, seconds] = log.out.split(' ');
    const remote = await git(exec, top.out, [
        'config',
        '--get',
        'remote.origin.url'
    ]);
    return {
        root: top.out,
        commit,
        commitTime: new Date(Number(seconds) * 1000)
            .toISOString()
            .replace('.000Z', 'Z'),
        remote: remote.code === 0 && remote.out !== '' ? remote.out : undefined
    };
}

/**
 * sha256 of the module's go.sum (null when it has none: no dependencies).
 * Fails when `dir` is not inside a Go module.
 */
async function goSumDigest(exec, dir, env) {
    const r = await exec('go', ['env', 'GOMOD'], { cwd: dir, env });
    const gomod = r.stdout.trim();
    if (r.code !== 0 || gomod === '' || gomod === '/dev/null')
        throw new EnclaveBuildError('INPUT_INVALID', `${dir} is not inside a Go module (no go.mod found). Point ` +
            'working-directory at the module.');
    try {
        return sha256Hex(await readInputFile(join(dirname(gomod), 'go.sum'), 'go.sum'));
    }
    catch (err) {
        // no go.sum: a module without dependencies; anything else is reported
        if (err.code === 'FILE_NOT_FOUND')
            return null;
        throw err;
    }
}

const SHT_NOBITS = 8;
function bad(why) {
    throw new EnclaveBuildError('ELF_INVALID', `not a readable ELF64 file: ${why}`);
}
/**
 * Reads the section table of a 64-bit little-endian ELF file (what Go
 * builds for linux/amd64 and linux/arm64).
 */
function readSections(elf) {
    if (elf.length < 64)
        bad('shorter than an ELF header');
    if (elf[0] !== 0x7f || elf[1] !== 0x45 || elf[2] !== 0x4c || elf[3] !== 0x46)
        bad('bad magic');
    if (elf[4] !== 2 || elf[5] !== 1)
        bad('only 64-bit little-endian is supported');
    const v = new DataView(elf.buffer, elf.byteOffset, elf.byteLength);
    const shoff = Number(v.getBigUint64(0x28, true));
    const shentsize = v.getUint16(0x3a, true);
    const shnum = v.getUint16(0x3c, true);
    const shstrndx = v.getUint16(0x3e, true);
    if (shnum === 0)
        return [];
    if (shentsize < 64 || shoff + shnum * shentsize > elf.length)
        bad('section table out of bounds');
    const raw = Array.from({ length: shnum }, (_, i) => {
        const at = shoff + i * shentsize;
        return {
            nameOff: v.getUint32(at, true),
            type: v.getUint32(at + 4, true),
            offset: Number(v.getBigUint64(at + 0x18, true)),
            size: Number(v.getBigUint64(at + 0x20, true))
        };
    });
    const strtab = raw[shstrndx] ?? bad('no section name table');
    const nameAt = (off) => {
        const start = strtab.offset + off;
        let end = start;
        while (end < elf.length && elf[end] !== 0)
            end++;
        return Buffer.from(elf.subarray(start, end)).toString('latin1');
    };
    return raw.map((s) => {
        if (s.type !== SHT_NOBITS && s.offset + s.size > elf.length)
            bad('section data out of bounds');
        return {
            name: nameAt(s.nameOff),
            type: s.type,
            offset: s.offset,
            size: s.size
        };
    });
}
/** Runs of differing bytes between two equal-length buffers, at most `max`. */
function diffRuns(a, b, max) {
    const runs = [];
    let i = 0;
    while (i < a.length && runs.length < max) {
        if (a[i] === b[i]) {
            i++;
            continue;
        }
        const start = i;
        while (i < a.length && a[i] !== b[i])
            i++;
        runs.push({ at: start, length: i - start });
    }
    return runs;
}
/**
 * Compares two ELF files section by section, so a person can see which part
 * of the program differs (.rodata: a string such as a path; .note.go.buildid:
 * the build ID; .go.buildinfo: the recorded settings).
 */
function diffSections(a, b) {
    const sb = new Map(readSections(b).map((s) => [s.name, s]));
    const out = [];
    for (const s of readSections(a)) {
        const t = sb.get(s.name);
        sb.delete(s.name);
        if (!t) {
            out.push({ name: s.name, change: 'only-in-first' });
            continue;
        }
        if (s.size !== t.size) {
            out.push({ name: s.name, change: 'size', sizes: [s.size, t.size] });
            continue;
        }
        if (s.type === SHT_NOBITS)
            continue;
        const runs = diffRuns(a.subarray(s.offset, s.offset + s.size), b.subarray(t.offset, t.offset + t.size), 8);
        if (runs.length > 0)
            out.push({
                name: s.name,
                change: 'content',
                firstOffset: s.offset + runs[0].at,
                ranges: runs
            });
    }
    for (const name of sb.keys())
        out.push({ name, change: 'only-in-second' });
    return out;
}

/** Printable ASCII runs of at least `min` bytes, like strings(1). */
function printableStrings(data, min = 8) {
    const out = new Set();
    let start = -1;
    for (let i = 0; i <= data.length; i++) {
        const c = i < data.length ? data[i] : 0;
        const printable = c >= 0x20 && c < 0x7f;
        if (printable && start < 0)
            start = i;
        else if (!printable && start >= 0) {
            if (i - start >= min)
                out.add(Buffer.from(data.subarray(start, i)).toString('latin1'));
            start = -1;
        }
    }
    return out;
}
/**
 * Strings found in one binary and not the other: for a build that depends
 * on where it ran this usually shows the path itself.
 */
function distinctStrings(a, b, prefer = [], max = 5) {
    const sa = printableStrings(a);
    const sb = printableStrings(b);
    // strings that mention a known build path are the likely culprits
    const rank = (s) => prefer.some((p) => p !== '' && s.includes(p)) ? 0 : 1;
    const only = (x, y) => [...x]
        .filter((s) => !y.has(s))
        .sort((p, q) => rank(p) - rank(q))
        .slice(0, max);
    return { first: only(sa, sb), second: only(sb, sa) };
}

/** A line-level diff of two `go version -m` texts: lines only in one. */
function diffLines(a, b) {
    const la = a.split('\n').filter((l) => l.trim() !== '');
    const lb = b.split('\n').filter((l) => l.trim() !== '');
    const sb = new Set(lb);
    const sa = new Set(la);
    return [
        ...la.filter((l) => !sb.has(l)).map((l) => `- ${l.trim()}`),
        ...lb.filter((l) => !sa.has(l)).map((l) => `+ ${l.trim()}`)
    ];
}
const hints = {
    '.rodata': 'constant data differs: often a string that depends on the build ' +
        'machine (an absolute path, a date or a -X value)',
    '.go.buildinfo': 'the embedded build settings differ: compare the go version -m lines',
    '.note.go.buildid': 'the Go build ID differs: it hashes the inputs, so some input differs',
    '.symtab': 'the symbol table differs: with cgo, the external linker may record a ' +
        'random /tmp/go-link-* path (golang/go#57035)',
    '.strtab': 'the symbol names differ (see .symtab)',
    '.text': 'the machine code differs',
    '.noptrdata': 'initialised data differs (for example a -X string value)',
    '.data': 'initialised data differs (for example a -X string value)'
};
/**
 * Turns the two builds' differences into a message a person can act on:
 * which buildinfo lines differ and which ELF sections, at which offsets.
 */
function explainMismatch(p) {
    const out = [
        `the rebuild from a copy of the tree at another path produced different bytes:`,
        `  first build  sha256 ${p.sha256[0]}`,
        `  rebuild      sha256 ${p.sha256[1]}`
    ];
    const lines = diffLines(p.buildinfo[0], p.buildinfo[1]);
    out.push(lines.length === 0
        ? 'go version -m: identical in both builds (the difference is in the code or data)'
        : `go version -m differs:\n${lines.map((l) => `  ${l}`).join('\n')}`);
    if (typeof p.sections === 'string')
        out.push(`ELF sections: not compared (${p.sections})`);
    else {
        out.push('ELF sections that differ:');
        for (const d of p.sections) {
            const where = d.change === 'content'
                ? `at file offset 0x${d.firstOffset.toString(16)}; section offsets ${d
                    .ranges.map((r) => `0x${r.at.toString(16)}+${r.length}`)
                    .join(', ')}`
                : d.change === 'size'
                    ? `size ${d.sizes[0]} vs ${d.sizes[1]}`
                    : d.change;
            const hint = hints[d.name] ? ` — ${hints[d.name]}` : '';
            out.push(`  ${d.name}: ${where}${hint}`);
        }
    }
    if (p.strings && (p.strings.first.length > 0 || p.strings.second.length > 0))
        out.push('strings in only one build (a path here means the build depends on ' +
            'where it ran):', ...p.strings.first.map((s) => `  first:   ${JSON.stringify(s.slice(0, 200))}`), ...p.strings.second.map((s) => `  rebuild: ${JSON.stringify(s.slice(0, 200))}`));
    out.push('Make the build independent of where it runs: no absolute paths or ' +
        'times in -ldflags -X or cgo flags, no files outside the commit, cgo off ' +
        'unless needed.');
    return out.join('\n');
}

async function mustRun(exec, args) {
    const r = await exec('git', args);
    if (r.code !== 0)
        throw new EnclaveBuildError('BUILD_FAILED', `could not copy the source for the rebuild check: git ${args.join(' ')}: ${r.stderr.trim()}`);
}
/**
 * Builds again from a fresh clone of the commit at a different absolute
 * path, with a fresh GOCACHE, HOME and GOPATH (never a restored cache), and
 * compares the bytes. Throws BUILD_NOT_REPRODUCIBLE with an explanation.
 */
async function rebuildCheck(exec, first) {
    // a path of a different length too, so offsets that depend on it move
    const tmp = trackTemp(await mkdtemp(join(tmpdir(), `enclave_build_rebuild_${randomBytes(4).toString('hex')}_`)));
    try {
        const copy = join(tmp, 'src');
        await mustRun(exec, [
            'clone',
            '--quiet',
            '--no-hardlinks',
            first.root,
            copy
        ]);
        await mustRun(exec, [
            '-C',
            copy,
            'checkout',
            '--quiet',
            '--detach',
            first.commit
        ]);
        for (const d of ['gocache', 'home', 'gopath', 'out'])
            await mkdir(join(tmp, d));
        const output = join(tmp, 'out', basename(first.binary));
        const args = [...first.args];
        args[args.indexOf('-o') + 1] = output;
        const env = {
            ...first.env,
            GOCACHE: join(tmp, 'gocache'),
            HOME: join(tmp, 'home'),
            GOPATH: join(tmp, 'gopath'),
            GOMODCACHE: first.gomodcache
        };
        const second = await runGoBuild(exec, args, join(copy, first.subdir), env);
        if (second.sha256 === first.sha256)
            return;
        const [a, b, infoB] = await Promise.all([
            readFile(first.binary),
            readFile(output),
            readBuildInfo(exec, output, env)
        ]);
        let sections;
        try {
            sections = diffSections(a, b);
        }
        catch (err) {
            sections = err.message;
        }
        throw new EnclaveBuildError('BUILD_NOT_REPRODUCIBLE', explainMismatch({
            sha256: [first.sha256, second.sha256],
            buildinfo: [first.buildinfoText, infoB.text],
            sections,
            strings: distinctStrings(a, b, [first.root, copy])
        }));
    }
    finally {
        await rm(tmp, { recursive: true, force: true });
        untrackTemp(tmp);
    }
}

/** Normalises "1.24.3" and "go1.24.3" to "go1.24.3". */
function normaliseGoVersion(v) {
    return v.startsWith('go') ? v : `go${v}`;
}
/**
 * Asks `go env` about the toolchain and checks it is the expected one.
 * GOTOOLCHAIN=local in `env` stops go from switching to another version.
 */
async function readToolchain(exec, env, expected) {
    const r = await exec('go', ['env', 'GOVERSION', 'GOOS', 'GOARCH', 'GOMODCACHE', 'GOCACHE'], { env });
    if (r.code === 127)
        throw new EnclaveBuildError('TOOLCHAIN_MISMATCH', 'go is not on PATH. Install the pinned toolchain first ' +
            '(for example with actions/setup-go and go-version: <the same version>).');
    if (r.code !== 0)
        throw new EnclaveBuildError('TOOLCHAIN_MISMATCH', `go env failed: ${r.stderr.trim()}`);
    const [goVersion, goos, goarch, gomodcache, gocache] = r.stdout
        .trim()
        .split('\n');
    if (expected !== undefined && expected !== '') {
        const want = normaliseGoVersion(expected);
        if (goVersion !== want)
            throw new EnclaveBuildError('TOOLCHAIN_MISMATCH', `go-version is ${want} but the go on PATH is ${goVersion}. Install ` +
                `${want} (actions/setup-go with go-version: ${want.slice(2)}) or ` +
                `change go-version; the toolchain is part of the measurement.`);
    }
    return { goVersion, goos, goarch, gomodcache, gocache };
}

/**
 * Builds a Go program under a fixed environment, optionally proves the build
 * reproducible by building again elsewhere, and returns the record of
 * everything that decided its bytes. The binary appears at `output` only if
 * all of that succeeded.
 */
async function buildReproducibly(o, deps) {
    const log = deps.log ?? (() => undefined);
    checkGoFlags(o);
    const dir = await realpath(resolve(o.dir)).catch(() => {
        throw new EnclaveBuildError('INPUT_INVALID', `directory ${o.dir} does not exist`);
    });
    const source = await readGitSource(deps.exec, dir);
    const probe = processEnv({ GOTOOLCHAIN: 'local', GOFLAGS: '', GOENV: 'off' }, deps.env);
    const tc = await readToolchain(deps.exec, probe, o.goVersion);
    const baseline = baselineEnv({
        cgo: o.cgo,
        goamd64: o.goamd64,
        goos: 'linux',
        goarch: o.goarch
    });
    const env = processEnv(baseline, deps.env);
    const goSum = await goSumDigest(deps.exec, dir, env);
    const output = resolve(o.output);
    // go writes the binary here; tracked so that a signal does not leave it
    const staging = trackTemp(join(dirname(output), `.${basename(output)}.${randomBytes(6).toString('hex')}.tmp`));
    const flags = {
        package: o.package,
        ldflags: o.ldflags,
        tags: o.tags,
        pgo: o.pgo
    };
    const args = goBuildArgs(flags, staging);
    try {
        log(`go ${goBuildArgs(flags, output).join(' ')}`);
        const built = await runGoBuild(deps.exec, args, dir, env);
        const info = await readBuildInfo(deps.exec, staging, env);
        let reproducible = null;
        if (o.rebuildCheck) {
            log('rebuild check: building again from a fresh clone at another path');
            await rebuildCheck(deps.exec, {
                root: source.root,
                commit: source.commit,
                subdir: relative(source.root, dir),
                args,
                env,
                gomodcache: tc.gomodcache,
                binary: staging,
                sha256: built.sha256,
                buildinfoText: info.text
            });
            reproducible = true;
        }
        await rename(staging, output);
        return {
            schemaVersion: 1,
            goVersion: tc.goVersion,
            goos: 'linux',
            goarch: o.goarch,
            package: o.package,
            env: baseline,
            args: goBuildArgs(flags, basename(output)),
            ldflags: o.ldflags,
            tags: o.tags,
            cgo: o.cgo,
            goamd64: o.goamd64,
            goSumSha256: goSum,
            binary: { path: output, sha256: built.sha256, size: built.size },
            buildinfo: info.info,
            source: {
                commit: source.commit,
                commitTime: source.commitTime,
                ...(source.remote ? { repository: source.remote } : {})
            },
            reproducible
        };
    }
    finally {
        await rm(staging, { force: true });
        untrackTemp(staging);
    }
}

/** The real Exec, on node:child_process. */
const exec = (file, args, options = {}) => new Promise((resolve) => {
    const child = spawn(file, args, {
        cwd: options.cwd,
        env: options.env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe']
    });
    const out = [];
    const err = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', (e) => resolve({ code: 127, stdout: '', stderr: e.message }));
    child.on('close', (code) => resolve({
        code: code ?? 1,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8')
    }));
});

const GOAMD64 = /^v[1-4]$/;
/**
 * `enclave-build go build`: a reproducible Go build, optionally checked by
 * a second build elsewhere (--rebuild-check).
 */
const goBuild = async (args, io) => {
    const { values: v } = parse(args, {
        dir: { type: 'string', default: '.' },
        package: { type: 'string', default: '.' },
        output: { type: 'string' },
        'rebuild-check': { type: 'boolean', default: false },
        ldflags: { type: 'string', default: '' },
        tags: { type: 'string', default: '' },
        cgo: { type: 'boolean', default: false },
        goamd64: { type: 'string', default: 'v1' },
        goarch: { type: 'string', default: 'amd64' },
        pgo: { type: 'string', default: 'off' },
        'go-version': { type: 'string', default: '' },
        record: { type: 'string' },
        json: { type: 'boolean', default: false }
    });
    if (!GOAMD64.test(v.goamd64))
        throw new EnclaveBuildError('INPUT_INVALID', `--goamd64 must be v1, v2, v3 or v4, not "${v.goamd64}"`);
    const record = await buildReproducibly({
        dir: v.dir,
        package: v.package,
        output: required(v.output, '--output'),
        ldflags: v.ldflags,
        tags: v.tags.split(/[,\s]+/).filter((t) => t !== ''),
        cgo: v.cgo,
        goamd64: v.goamd64,
        goarch: v.goarch,
        pgo: v.pgo,
        goVersion: v['go-version'],
        rebuildCheck: v['rebuild-check']
    }, {
        exec,
        env: io.env,
        log: v.json ? undefined : (m) => io.stderr(`${m}\n`)
    });
    if (v.record !== undefined)
        await writeFileAtomic(v.record, `${JSON.stringify(record, null, 2)}\n`);
    if (v.json)
        printJson(io, {
            sha256: record.binary.sha256,
            goVersion: record.goVersion,
            reproducible: record.reproducible,
            buildinfo: record.buildinfo,
            binary: record.binary.path,
            record
        });
    else
        io.stdout(`${record.binary.sha256}  ${record.binary.path}\n` +
            `go ${record.goVersion}, reproducible: ${String(record.reproducible)}\n`);
    return 0;
};

export { goBuild };
