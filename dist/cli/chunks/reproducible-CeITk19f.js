import { closeSync } from 'node:fs';
import { stat, mkdir, rename, rm, cp, readdir, writeFile, readFile, mkdtemp, realpath } from 'node:fs/promises';
import { join, dirname, relative, isAbsolute, basename, resolve } from 'node:path';
import { E as EnclaveBuildError, x as sha256File, s as sha256Hex, e as readInputFile, v as readInputText, y as trackTemp, z as untrackTemp, B as tempBeside, q as openInputFile } from './main-BQHnxbfa.js';
import { actionInputName } from './input-name-slbb3zbm.js';
import { randomBytes, createHash } from 'node:crypto';
import { homedir, tmpdir } from 'node:os';
import { d as diffSections } from './sections-DZojHsOo.js';

/** Options of the external linker that only ask for a static binary. */
const EXTLDFLAGS_ALLOWED = new Set(['-static', '-static-pie']);
const BOOL = /^(true|false|1|0|t|f|TRUE|FALSE|True|False|T|F)$/;
const LINKER_ALLOWED = {
    s: { bool: true },
    w: { bool: true },
    compressdwarf: { bool: true },
    X: {
        check: (v) => /^[^=\s]+\.[^.=\s]+=/.test(v)
            ? undefined
            : `-X takes importpath.name=value, not "${v}"`
    },
    buildid: { check: () => undefined },
    B: {
        check: (v) => v === 'gobuildid' || /^0x([0-9a-fA-F]{2})+$/.test(v)
            ? undefined
            : `-B takes gobuildid or 0x and hex, not "${v}"`
    },
    linkmode: {
        check: (v) => /^(internal|external|auto)$/.test(v)
            ? undefined
            : `-linkmode must be internal, external or auto, not "${v}"`
    },
    extldflags: {
        check: (v) => {
            const bad = splitQuoted(v).filter((a) => !EXTLDFLAGS_ALLOWED.has(a));
            return bad.length === 0
                ? undefined
                : `-extldflags may hold only -static or -static-pie (the external linker runs programs and reads files its options name), not ${bad.map((a) => `"${a}"`).join(', ')}`;
        }
    }
};
/** The problems of the linker's arguments, parsed as Go's flag package does. */
function linkerProblems(args) {
    const problems = [];
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        const m = /^--?([^-=][^=]*)(?:=([\s\S]*))?$/.exec(arg);
        if (m === null) {
            problems.push(`ldflags must hold only linker flags; "${arg}" is not one (the linker would stop reading flags there)`);
            break;
        }
        const [, name, inline] = m;
        const flag = Object.hasOwn(LINKER_ALLOWED, name)
            ? LINKER_ALLOWED[name]
            : undefined;
        if (flag === undefined) {
            problems.push(`ldflags must not set the linker's -${name}: only ${Object.keys(LINKER_ALLOWED)
                .map((n) => `-${n}`)
                .join(', ')} are allowed (others run a program or write outside the build)`);
            continue;
        }
        if (flag.bool) {
            if (inline !== undefined && !BOOL.test(inline))
                problems.push(`the linker's -${name} takes true or false, not "${inline}"`);
            continue;
        }
        let value = inline;
        if (value === undefined) {
            if (i + 1 >= args.length) {
                problems.push(`the linker's -${name} needs a value`);
                continue;
            }
            value = args[++i];
        }
        const why = flag.check?.(value);
        if (why !== undefined)
            problems.push(why);
    }
    return problems;
}
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
    problems.push(...linkerProblems(linkerArgs));
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
    // `--` ends go's flags: the package can never be read as one.
    args.push('-o', output, '--', flags.package);
    return args;
}
/**
 * What go prints when fetching a module or toolchain failed on the way
 * (cmd/go's own wording, or net/http's): a 5xx or 429 from the proxy, a
 * refused or timed-out connection, a name that did not resolve.
 */
const DOWNLOAD_FAILED = /(?:reading|downloading|fetching) https?:\/\/\S+: (?:5\d\d|429)\b|dial tcp|i\/o timeout|connection (?:refused|reset by peer)|no such host|TLS handshake timeout|unexpected EOF/;
/** Runs one go build; returns the binary's sha256 and size, and what go printed. */
async function runGoBuild(exec, args, cwd, env) {
    const r = await exec('go', args, { cwd, env });
    if (r.code !== 0)
        throw new EnclaveBuildError(
        // a module or toolchain download that failed is the network's or the
        // proxy's fault, not the program's
        DOWNLOAD_FAILED.test(r.stderr) ? 'HTTP_ERROR' : 'BUILD_FAILED', `go ${args.join(' ')} failed in ${cwd}:\n${r.stderr.trim()}`);
    const output = args[args.indexOf('-o') + 1];
    const [sha256, info] = await Promise.all([sha256File(output), stat(output)]);
    return { sha256, size: info.size, stderr: r.stderr };
}

const firstLine = (s) => s.trim().split('\n')[0]?.trim() ?? '';
/**
 * Asks the toolchain what it is: a cgo binary's bytes depend on the C
 * compiler and the C library it links (statically or, through the
 * loader, at run time), so the record names them. The library is asked of
 * the compiler, not of the host: `CC=musl-gcc` on a glibc host links musl.
 * Never fails: what cannot be asked is recorded as "unknown".
 */
async function readCToolchain(exec, env) {
    const run = async (cmd, args) => {
        try {
            return await exec(cmd, args, { env });
        }
        catch {
            return { code: 127, stdout: '', stderr: '' };
        }
    };
    const cc = firstLine((await run('go', ['env', 'CC'])).stdout) || 'gcc';
    const [command, ...ccArgs] = cc.split(/\s+/);
    const v = await run(command, [...ccArgs, '--version']);
    const version = v.code === 0 ? firstLine(v.stdout) : '';
    return {
        cc,
        version: version || 'unknown',
        libc: (await libcOf(run, command, ccArgs)) || 'unknown'
    };
}
/** The C library behind the compiler's headers (see CToolchain.libc). */
async function libcOf(run, command, ccArgs) {
    // preprocess nothing but features.h, which glibc and musl both have
    const pre = ['-E', '-include', 'features.h', '-x', 'c', '/dev/null'];
    const macros = await run(command, [...ccArgs, '-dM', ...pre]);
    if (macros.code !== 0)
        return '';
    const major = /^#define __GLIBC__ (\d+)$/m.exec(macros.stdout)?.[1];
    const minor = /^#define __GLIBC_MINOR__ (\d+)$/m.exec(macros.stdout)?.[1];
    if (major !== undefined && minor !== undefined)
        return `glibc ${major}.${minor}`;
    // musl has no version macro by design: its include path names it, and
    // its loader prints the version
    const search = (await run(command, [...ccArgs, '-v', ...pre])).stderr;
    if (!/^ \S*musl\S*$/m.test(search))
        return '';
    const arch = firstLine((await run(command, [...ccArgs, '-dumpmachine'])).stdout).split('-')[0];
    const loader = await run(`/lib/ld-musl-${arch}.so.1`, []);
    const musl = /^Version (\S+)$/m.exec(loader.stderr)?.[1];
    return musl === undefined ? 'musl (version unknown)' : `musl ${musl}`;
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
 * Fails when `dir` is not inside a Go module, naming the input that
 * chose it as `input` does.
 */
async function goSumDigest(exec, dir, env, input = actionInputName) {
    return (await moduleDigests(exec, dir, env, input)).goSum;
}
/**
 * sha256 of the module's go.mod and go.sum (null when it has none).
 * Fails when `dir` is not inside a Go module, naming the input as
 * `input` does.
 */
async function moduleDigests(exec, dir, env, input = actionInputName) {
    const r = await exec('go', ['env', 'GOMOD'], { cwd: dir, env });
    const gomod = r.stdout.trim();
    if (r.code !== 0 || gomod === '' || gomod === '/dev/null')
        throw new EnclaveBuildError('INPUT_INVALID', `${dir} is not inside a Go module (no go.mod found). Point ` +
            `${input('working-directory')} at the module.`);
    const goMod = sha256Hex(await readInputFile(gomod, 'go.mod'));
    try {
        const goSum = sha256Hex(await readInputFile(join(dirname(gomod), 'go.sum'), 'go.sum'));
        return { goMod, goSum };
    }
    catch (err) {
        // no go.sum: a module without dependencies; anything else is reported
        if (err.code === 'FILE_NOT_FOUND')
            return { goMod, goSum: null };
        throw err;
    }
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

/** Where std caches live: ENCLAVE_BUILD_STD_CACHE, else the user cache dir. */
function stdCacheRoot(env) {
    if (env.ENCLAVE_BUILD_STD_CACHE)
        return env.ENCLAVE_BUILD_STD_CACHE;
    const base = env.XDG_CACHE_HOME ||
        (env.HOME
            ? join(env.HOME, '.cache')
            : join(homedir() || tmpdir(), '.cache'));
    return join(base, 'enclave-build', 'go-std');
}
/** The directory name of a key: its sha256. */
function stdCacheId(key) {
    return createHash('sha256')
        .update(JSON.stringify([
        key.goVersion,
        key.goroot,
        Object.entries(key.env).sort(([a], [b]) => (a < b ? -1 : 1)),
        key.flags,
        key.cc ?? ''
    ]))
        .digest('hex');
}
/**
 * The environment part of a cache key: the baseline without
 * SOURCE_DATE_EPOCH. A cgo build sets it to the commit time, so with it
 * every commit would start a cold cache; go keeps it out of its action IDs
 * too, and the standard library's C files (the only C a shared cache holds:
 * cgo dependencies always compile afresh, deps-cache.ts) do not read the
 * date (std-cache.test.ts checks them for __DATE__, __TIME__, __TIMESTAMP__).
 */
function cacheKeyEnv(baseline) {
    const { SOURCE_DATE_EPOCH: _date, ...rest } = baseline;
    return rest;
}
/**
 * The build flags of `args` (a go build command) that reach a compile:
 * without -o and its value, the package, and -ldflags (only the link reads
 * it, and a per-release `-X main.version=...` would otherwise start a cold
 * cache each time).
 */
function compileFlags(args) {
    const out = [];
    for (let i = 1; i < args.length; i++) {
        if (args[i] === '-o') {
            i++;
            continue;
        }
        if (args[i] === '--')
            break;
        if (args[i].startsWith('-ldflags='))
            continue;
        out.push(args[i]);
    }
    return out;
}
async function nonEmpty(dir) {
    const have = await readdir(dir).catch(() => undefined);
    return have !== undefined && have.length > 0;
}
/**
 * Makes the cache `target` if it is not there: seeds a staging directory
 * from `base` (when given), runs `go build <flags> -- <packages>` into it
 * and moves it into place. Returns false when go failed: the rebuild then
 * compiles those packages itself, as before.
 */
async function makeCache(exec, p) {
    if (await nonEmpty(p.target))
        return true;
    await mkdir(p.root, { recursive: true });
    const staging = join(p.root, `.${randomBytes(6).toString('hex')}.tmp`);
    await mkdir(staging);
    try {
        if (p.base)
            await seedGoCache(exec, p.base, staging);
        const r = await exec('go', ['build', ...p.flags, '--', ...p.packages], {
            cwd: p.dir,
            env: { ...p.env, GOCACHE: staging }
        });
        if (r.code !== 0)
            return false;
        // another build may have made it meanwhile: either copy is as good
        await rename(staging, p.target).catch(() => undefined);
        return true;
    }
    finally {
        await rm(staging, { recursive: true, force: true });
    }
}
/**
 * The std cache for `key` and `std`, the standard packages the program
 * imports (`go list -deps`), made if missing by compiling those packages
 * (and nothing else) into an empty cache. Returns undefined when it cannot
 * be made: the rebuild then compiles everything, as before.
 */
async function ensureStdCache(exec, p) {
    if (p.std.length === 0)
        return undefined;
    // one cache per set of std packages: a program that imports more than
    // another must not find the smaller set and compile the rest each time
    const target = join(p.root, stdCacheId({ ...p.key, flags: [...p.key.flags, ...p.std] }));
    if (await nonEmpty(target))
        return target;
    if (!(await makeCache(exec, {
        target,
        flags: p.key.flags,
        packages: p.std,
        dir: p.dir,
        env: p.env,
        root: p.root
    })))
        return undefined;
    p.log?.(`rebuild check: standard library cache made (${p.std.length} packages)`);
    return target;
}
/**
 * Fills an empty GOCACHE from a shared cache with hard links, never by
 * sharing the directory: go creates every new entry as a new file in the
 * GOCACHE it was given, so what the rebuild compiles (the module's own
 * packages) never reaches the shared cache. go writes into an existing
 * entry only after it recomputed that action: an output file is named by
 * the sha256 of its content (a rewrite repairs it), an index entry maps the
 * action to what go just computed. Linking ~800 files costs a few ms where
 * copying 50+ MB cost 30-100 ms of CPU. Across file systems (no hard
 * links) it copies: cp(1), then node:fs's cp.
 */
async function seedGoCache(exec, from, gocache) {
    for (const flags of ['-al', '-R']) {
        const r = await exec('cp', [flags, '--', `${from}/.`, gocache]).catch(() => undefined);
        if (r?.code === 0)
            return;
        await emptyDir(gocache);
    }
    await cp(from, gocache, { recursive: true, force: false });
}
async function emptyDir(dir) {
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir);
}

/** What makes a package more than pure Go: never taken from the shared cache. */
const NOT_PURE_GO = [
    'CgoFiles',
    'CFiles',
    'CXXFiles',
    'MFiles',
    'FFiles',
    'SwigFiles',
    'SwigCXXFiles',
    'EmbedFiles'
];
const FIELDS = [
    'ImportPath',
    'Name',
    'Standard',
    'Dir',
    'Module',
    'Deps',
    ...NOT_PURE_GO
];
function inside(dir, root) {
    const r = relative(root, dir);
    return r !== '' && !r.startsWith('..') && !isAbsolute(r);
}
/** Splits go list's stream of JSON objects (each closes with "}" alone on a line). */
function parseStream(text) {
    return text
        .split(/^\}$/m)
        .filter((chunk) => chunk.trim() !== '')
        .map((chunk) => JSON.parse(`${chunk}}`));
}
/** Sorts go list's packages of one build into PackageSets (see above). */
function classify(packages, gomodcache) {
    const own = new Map();
    const std = new Set();
    for (const p of packages) {
        if (p.Standard) {
            std.add(p.ImportPath);
            continue;
        }
        const m = p.Module;
        own.set(p.ImportPath, m !== undefined &&
            !m.Main &&
            !!m.Version &&
            (m.Replace === undefined || !!m.Replace.Version) &&
            p.Dir !== undefined &&
            inside(p.Dir, gomodcache) &&
            NOT_PURE_GO.every((f) => (p[f]?.length ?? 0) === 0));
    }
    const sets = { std: [...std], shared: [], fresh: [], main: [] };
    for (const p of packages) {
        if (p.Standard)
            continue;
        if (p.Module?.Main)
            sets.main.push(p.ImportPath);
        const shared = own.get(p.ImportPath) === true &&
            (p.Deps ?? []).every((d) => std.has(d) || own.get(d) === true);
        if (shared)
            sets.shared.push(`${p.ImportPath} ${p.Module.Path}@${p.Module.Version}`);
        // go compiles a main package as "main" (-p main)
        else
            sets.fresh.push(p.Name === 'main' ? 'main' : p.ImportPath);
    }
    return sets;
}
/** The packages of one build (`go list -deps`), or undefined when go list fails. */
async function listPackages(exec, p) {
    const r = await exec('go', ['list', '-deps', ...p.tags, `-json=${FIELDS.join(',')}`, '--', p.package], { cwd: p.dir, env: p.env });
    if (r.code !== 0)
        return undefined;
    try {
        return classify(parseStream(r.stdout), p.gomodcache);
    }
    catch {
        return undefined;
    }
}
/** The deps cache's directory name: the std key, the std set and the shared set. */
function depsCacheName(key, sets) {
    const id = createHash('sha256')
        .update(JSON.stringify([
        stdCacheId(key),
        [...sets.std].sort(),
        [...sets.shared].sort()
    ]))
        .digest('hex');
    return `deps-${id}`;
}

/**
 * The seed of the rebuild check's fresh GOCACHE: the standard library
 * (std-cache.ts) and the shared dependency packages (deps-cache.ts), so that
 * the check recompiles only what can differ (the proof: the module's own
 * packages at another path, and every package with C or embedded files).
 *
 * Finding those sets takes a `go list -deps` (about a third of a warm
 * build), so the result is kept in an index keyed by the std key, go.mod,
 * go.sum and the package: later checks of the same module skip it. A stale
 * index (the program imports a package it did not) only costs a compile:
 * go checks every action ID itself. The rebuild runs with -x, which prints
 * each compile go ran; a compile of a package the index does not name
 * fresh drops the index, so the next check lists again.
 */
/**
 * The import paths go compiled, from its -x trace (one `compile ... -p
 * PATH` line per package it did not find in the cache).
 */
function compiledPackages(trace) {
    const out = [];
    for (const line of trace.split('\n')) {
        if (!/\/compile(\.exe)? -o /.test(line))
            continue;
        const m = / -p (\S+) /.exec(line);
        if (m)
            out.push(m[1]);
    }
    return out;
}
/** The index file of a program. */
function indexFile(root, key) {
    const id = createHash('sha256')
        .update(JSON.stringify([
        stdCacheId(key.std),
        key.goMod,
        key.goSum,
        key.subdir,
        key.package
    ]))
        .digest('hex');
    return join(root, `index-${id}.json`);
}
const SEED_NAME = /^(deps-)?[0-9a-f]{64}$/;
async function readIndex(file, root) {
    try {
        // a cache directory is input like any other (a regular file of bounded
        // size): only a name of ours and a list of strings are taken from it
        const text = await readInputText(file, 'the rebuild check index', {
            maxBytes: 16 * 2 ** 20
        });
        const v = JSON.parse(text);
        if (typeof v !== 'object' || v === null)
            return undefined;
        const { seed, fresh } = v;
        if (typeof seed !== 'string' || !SEED_NAME.test(seed))
            return undefined;
        if (!Array.isArray(fresh) || !fresh.every((x) => typeof x === 'string'))
            return undefined;
        const dir = join(root, seed);
        const have = await readdir(dir).catch(() => []);
        return have.length > 0 ? { dir, fresh } : undefined;
    }
    catch {
        return undefined;
    }
}
/**
 * The seed of the rebuild's GOCACHE for one program: from its index, else
 * by listing its packages and making (or finding) the std and deps caches.
 * Undefined when none can be made: the rebuild then compiles everything.
 */
async function prepareSeed(exec, p) {
    const index = indexFile(p.root, p.key);
    const seed = (dir, fresh, listed) => ({
        dir,
        fresh,
        compiled: async (packages) => {
            const expected = new Set(fresh);
            const extra = packages.filter((x) => !expected.has(x));
            // the rebuild always compiles the main package; nothing seen means
            // the trace was not understood: list again next time
            if (packages.length > 0 && extra.length === 0)
                return;
            p.log?.(`rebuild check: the cache did not hold ${extra.length > 0 ? extra.join(', ') : 'what it should'}; it is listed again next time`);
            if (!listed || extra.length > 0)
                await rm(index, { force: true });
        },
        discard: async () => {
            await rm(index, { force: true });
            // moved aside first, so that no other check links from a half-removed
            // directory; made again on the next check
            const aside = `${dir}.${process.pid}.discarded.tmp`;
            await rename(dir, aside).catch(() => undefined);
            await rm(aside, { recursive: true, force: true });
        }
    });
    const known = await readIndex(index, p.root);
    if (known)
        return seed(known.dir, known.fresh, false);
    const sets = await listPackages(exec, {
        dir: p.dir,
        package: p.key.package,
        tags: p.tags,
        env: p.env,
        gomodcache: p.gomodcache
    });
    if (!sets)
        return undefined;
    const std = await ensureStdCache(exec, {
        key: p.key.std,
        std: sets.std,
        dir: p.dir,
        env: p.env,
        root: p.root,
        log: p.log
    });
    if (!std)
        return undefined;
    let dir = std;
    let fresh = sets.fresh;
    if (sets.shared.length > 0) {
        const target = join(p.root, depsCacheName(p.key.std, sets));
        const made = await makeCache(exec, {
            target,
            base: std,
            flags: p.key.std.flags,
            packages: sets.shared.map((s) => s.split(' ')[0]),
            dir: p.dir,
            env: p.env,
            root: p.root
        });
        if (made)
            dir = target;
        else
            fresh = [...fresh, ...sets.shared.map((s) => s.split(' ')[0])];
    }
    // written aside and moved, so that no check reads half an index
    const part = `${index}.${process.pid}.tmp`;
    await writeFile(part, JSON.stringify({ seed: relative(p.root, dir), fresh }))
        .then(() => rename(part, index))
        .catch(() => rm(part, { force: true }));
    p.log?.(`rebuild check: cache of ${sets.std.length} standard and ${dir === std ? 0 : sets.shared.length} dependency packages; ${fresh.length} compile afresh`);
    return seed(dir, fresh, true);
}
const INDEX_ENTRY = /^v1 ([0-9a-f]{64}) ([0-9a-f]{64}) +(\d+) +\d+\n$/;
/**
 * Whether a cache is intact as go writes it: every output file's name is
 * the sha256 of its content, every index entry names its action by its
 * file name and an output that is there with its size. Run when a seeded
 * rebuild gave other bytes, so that a damaged cache is not taken for a
 * build that is not reproducible (it reads the whole cache: ~0.2 s for the
 * standard library).
 */
async function cacheIntact(dir) {
    try {
        for (const sub of await readdir(dir, { withFileTypes: true })) {
            if (!sub.isDirectory() || !/^[0-9a-f]{2}$/.test(sub.name))
                continue;
            const d = join(dir, sub.name);
            const files = await readdir(d, { withFileTypes: true });
            const sizes = new Map();
            for (const f of files) {
                // a directory is an executable's entry, which go build never uses
                if (!f.isFile() || !f.name.endsWith('-d'))
                    continue;
                const out = f.name.slice(0, -2);
                if ((await sha256File(join(d, f.name))) !== out)
                    return false;
                sizes.set(out, (await stat(join(d, f.name))).size);
            }
            for (const f of files) {
                if (!f.isFile() || !f.name.endsWith('-a'))
                    continue;
                const m = INDEX_ENTRY.exec(await readFile(join(d, f.name), 'utf8'));
                if (!m || `${m[1]}-a` !== f.name)
                    return false;
                const out = join(dir, m[2].slice(0, 2), `${m[2]}-d`);
                const size = Number(m[3]);
                const known = sizes.get(m[2]);
                if (known !== undefined ? known !== size : !(await sizeIs(out, size)))
                    return false;
            }
        }
        return true;
    }
    catch {
        return false;
    }
}
async function sizeIs(file, size) {
    const s = await stat(file).catch(() => undefined);
    // an empty output has no file
    return s ? s.isFile() && s.size === size : size === 0;
}

async function mustRun(exec, args) {
    const r = await exec('git', args);
    if (r.code !== 0)
        throw new EnclaveBuildError(
        // a local clone of the user's own checkout: this machine's fault
        'IO_ERROR', `could not copy the source for the rebuild check: git ${args.join(' ')}: ${r.stderr.trim()}`);
}
/**
 * Builds again from a fresh clone of the commit at a different absolute
 * path, with a fresh GOCACHE (holding at most the standard library and the
 * pure-Go module-cache dependencies, see deps-cache.ts: never a package of
 * the module's own), HOME and GOPATH (never the restored build cache), and
 * compares the bytes. Throws BUILD_NOT_REPRODUCIBLE with an explanation.
 */
async function rebuildCheck(exec, first) {
    // a path of a different length too, so offsets that depend on it move
    const tmp = trackTemp(await mkdtemp(join(tmpdir(), `enclave_build_rebuild_${randomBytes(4).toString('hex')}_`)));
    try {
        const copy = join(tmp, 'src');
        // --shared: the clone reads the objects of the first work tree's
        // repository instead of copying them (1.5 s of CPU for a 20 MiB object
        // store, see docs/performance.md); it writes none there, and its work
        // tree is checked out from those objects once, at the commit
        await mustRun(exec, [
            'clone',
            '--quiet',
            '--shared',
            '--no-checkout',
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
        // the shared module cache is trusted only as far as go.sum vouches for it
        const [seed, v] = await Promise.all([
            first.seed,
            first.hasDeps
                ? exec('go', ['mod', 'verify'], { cwd: join(copy, first.subdir), env })
                : undefined
        ]);
        if (v) {
            if (v.code !== 0)
                throw new EnclaveBuildError('BUILD_NOT_REPRODUCIBLE', `the module cache does not match go.sum (go mod verify): ${(v.stdout + v.stderr).trim()}; clear it with go clean -modcache and build again`);
        }
        const cwd = join(copy, first.subdir);
        let second;
        if (seed) {
            await seedGoCache(exec, seed.dir, env.GOCACHE);
            // -x: go prints each compile it runs, which tells whether the seed
            // held what it should (its output is otherwise unchanged)
            const traced = ['build', '-x', ...args.slice(1)];
            let seeded = true;
            try {
                const r = await runGoBuild(exec, traced, cwd, env);
                await seed.compiled(compiledPackages(r.stderr));
                second = r;
            }
            catch (err) {
                if (err.code !== 'BUILD_FAILED')
                    throw err;
                // a damaged cache only costs time: it can fail a compile or even
                // the loading of packages (go keeps its index of GOROOT and the
                // module cache there), so the build runs again without it, and the
                // cache is dropped if that passes; when it fails too, the failure
                // is the source's (and is reported without the -x trace)
                await rm(env.GOCACHE, { recursive: true, force: true });
                await mkdir(env.GOCACHE);
                seeded = false;
                second = await runGoBuild(exec, args, cwd, env);
                first.log?.('rebuild check: the build failed with the cache and passed without it; the cache is made anew next time');
                await seed.discard();
            }
            // other bytes: a damaged cache could be the cause, not the source
            // (go does not check the outputs it takes from its cache)
            if (seeded &&
                second.sha256 !== first.sha256 &&
                !(await cacheIntact(seed.dir))) {
                first.log?.('rebuild check: other bytes with a damaged cache; building again without it');
                await seed.discard();
                await rm(env.GOCACHE, { recursive: true, force: true });
                await mkdir(env.GOCACHE);
                second = await runGoBuild(exec, args, cwd, env);
            }
        }
        else
            second = await runGoBuild(exec, args, cwd, env);
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
        // rm(1) removes the ~1000 entries of the seeded GOCACHE for a twentieth
        // of the CPU node:fs's rm takes; node:fs is the fallback
        const r = await exec('rm', ['-rf', '--', tmp]).catch(() => undefined);
        if (r?.code !== 0)
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
 * A mismatch names the go-version input as `input` does.
 */
async function readToolchain(exec, env, expected, input = actionInputName) {
    const r = await exec('go', ['env', 'GOVERSION', 'GOOS', 'GOARCH', 'GOMODCACHE', 'GOCACHE', 'GOROOT'], { env });
    if (r.code === 127)
        throw new EnclaveBuildError('TOOLCHAIN_MISMATCH', 'go is not on PATH. Install the pinned toolchain first ' +
            '(for example with actions/setup-go and go-version: <the same version>).');
    if (r.code !== 0)
        throw new EnclaveBuildError('TOOLCHAIN_MISMATCH', `go env failed: ${r.stderr.trim()}`);
    const [goVersion, goos, goarch, gomodcache, gocache, goroot = ''] = r.stdout
        .trim()
        .split('\n');
    if (expected !== undefined && expected !== '') {
        const want = normaliseGoVersion(expected);
        if (goVersion !== want)
            throw new EnclaveBuildError('TOOLCHAIN_MISMATCH', `${input('go-version')} is ${want} but the go on PATH is ${goVersion}. Install ` +
                `${want} (with actions/setup-go in a workflow, or from go.dev/dl) or ` +
                `change ${input('go-version')}; the toolchain is part of the measurement.`);
    }
    return { goVersion, goos, goarch, gomodcache, gocache, goroot };
}

/** A PGO profile is a few MiB at most (pprof, gzip-compressed). */
const MAX_PGO_BYTES = 64 * 2 ** 20;
/**
 * A -pgo profile path is opened here first, as every input is: go would
 * otherwise read a FIFO or /dev/zero without end. go resolves it from the
 * directory it runs in.
 */
function checkProfile(dir, pgo) {
    if (pgo === 'off' || pgo === 'auto')
        return;
    closeSync(openInputFile(resolve(dir, pgo), 'the PGO profile', {
        maxBytes: MAX_PGO_BYTES
    }).fd);
}
/**
 * Builds a Go program under a fixed environment, optionally proves the build
 * reproducible by building again elsewhere, and returns the record of
 * everything that decided its bytes. The binary appears at `output` only if
 * all of that succeeded.
 */
async function buildReproducibly(o, deps) {
    const log = deps.log ?? (() => undefined);
    const input = deps.input ?? actionInputName;
    checkGoFlags(o);
    const dir = await realpath(resolve(o.dir)).catch(() => {
        throw new EnclaveBuildError('INPUT_INVALID', `${input('working-directory')} ${o.dir} does not exist`);
    });
    checkProfile(dir, o.pgo);
    const source = await readGitSource(deps.exec, dir);
    const probe = processEnv({ GOTOOLCHAIN: 'local', GOFLAGS: '', GOENV: 'off' }, deps.env);
    const tc = await readToolchain(deps.exec, probe, o.goVersion, input);
    const baseline = baselineEnv({
        cgo: o.cgo,
        goamd64: o.goamd64,
        goos: 'linux',
        goarch: o.goarch
    });
    // C compilers read SOURCE_DATE_EPOCH for __DATE__/__TIME__ (and archive
    // tools for member times): the commit time, so a cgo build is tied to
    // its commit and not to the clock
    if (o.cgo)
        baseline.SOURCE_DATE_EPOCH = String(Math.floor(new Date(source.commitTime).getTime() / 1000));
    const env = processEnv(baseline, deps.env);
    const { goMod, goSum } = await moduleDigests(deps.exec, dir, env, input);
    const cToolchain = o.cgo ? await readCToolchain(deps.exec, env) : undefined;
    const output = resolve(o.output);
    // go writes the binary here; tracked so that a signal does not leave it
    const staging = tempBeside(output);
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
            // found (or made) while the source is cloned; awaited by the check
            const subdir = relative(source.root, dir);
            const seed = (async () => prepareSeed(deps.exec, {
                key: {
                    std: {
                        goVersion: tc.goVersion,
                        goroot: tc.goroot,
                        env: cacheKeyEnv(baseline),
                        flags: compileFlags(args),
                        ...(cToolchain
                            ? { cc: `${cToolchain.cc} ${cToolchain.version}` }
                            : {})
                    },
                    goMod,
                    goSum,
                    subdir,
                    package: o.package
                },
                dir,
                tags: args.filter((a) => a.startsWith('-tags=')),
                env,
                gomodcache: tc.gomodcache,
                root: stdCacheRoot(deps.env),
                log
            }))().catch(() => undefined);
            await rebuildCheck(deps.exec, {
                seed,
                log,
                hasDeps: goSum !== null,
                root: source.root,
                commit: source.commit,
                subdir,
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
            ...(cToolchain ? { cToolchain } : {}),
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

export { goSumDigest as a, buildReproducibly as b, goFlagProblems as g, processEnv as p, readToolchain as r, stdCacheRoot as s };
