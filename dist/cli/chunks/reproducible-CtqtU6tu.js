import { closeSync } from 'node:fs';
import { stat, readdir, mkdir, rename, rm, cp, mkdtemp, readFile, realpath } from 'node:fs/promises';
import { join, dirname, basename, resolve, relative } from 'node:path';
import { E as EnclaveBuildError, x as sha256File, s as sha256Hex, e as readInputFile, y as trackTemp, z as untrackTemp, B as tempBeside, q as openInputFile } from './main-BNMZYsS8.js';
import { randomBytes, createHash } from 'node:crypto';
import { homedir, tmpdir } from 'node:os';
import { d as diffSections } from './sections-CBJP7RDg.js';

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
/** Runs one go build; returns the binary's sha256 and size. */
async function runGoBuild(exec, args, cwd, env) {
    const r = await exec('go', args, { cwd, env });
    if (r.code !== 0)
        throw new EnclaveBuildError('BUILD_FAILED', `go ${args.join(' ')} failed in ${cwd}:\n${r.stderr.trim()}`);
    const output = args[args.indexOf('-o') + 1];
    const [sha256, info] = await Promise.all([sha256File(output), stat(output)]);
    return { sha256, size: info.size };
}

const firstLine = (s) => s.trim().split('\n')[0]?.trim() ?? '';
/**
 * Asks the toolchain what it is: a cgo binary's bytes depend on the C
 * compiler and the C library it links (statically or, through the
 * loader, at run time), so the record names them. Never fails: what
 * cannot be asked is recorded as "unknown".
 */
async function readCToolchain(exec, env) {
    const ask = async (cmd, args) => {
        try {
            const r = await exec(cmd, args, { env });
            return r.code === 0 ? firstLine(r.stdout) || firstLine(r.stderr) : '';
        }
        catch {
            return '';
        }
    };
    const cc = (await ask('go', ['env', 'CC'])) || 'gcc';
    const [command, ...ccArgs] = cc.split(/\s+/);
    const version = await ask(command, [...ccArgs, '--version']);
    let libc = await ask('getconf', ['GNU_LIBC_VERSION']);
    if (libc === '') {
        try {
            const r = await exec('ldd', ['--version'], { env });
            libc = firstLine(r.stdout) || firstLine(r.stderr);
        }
        catch {
            libc = '';
        }
    }
    return {
        cc,
        version: version || 'unknown',
        libc: libc || 'unknown'
    };
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
/** The build flags of `args` (a go build command) without -o and the package. */
function compileFlags(args) {
    const out = [];
    for (let i = 1; i < args.length; i++) {
        if (args[i] === '-o') {
            i++;
            continue;
        }
        if (args[i] === '--')
            break;
        out.push(args[i]);
    }
    return out;
}
/**
 * The std cache for `key` and the standard packages the main package
 * imports (`go list -deps`), made if missing by compiling those packages
 * (and nothing else) into an empty cache.
 * Returns undefined when it cannot be made: the rebuild then compiles
 * everything, as before.
 */
async function ensureStdCache(exec, p) {
    const root = p.root;
    const tags = p.key.flags.filter((f) => f.startsWith('-tags='));
    const list = await exec('go', [
        'list',
        '-deps',
        ...tags,
        '-f',
        '{{if .Standard}}{{.ImportPath}}{{end}}',
        '--',
        p.package
    ], { cwd: p.dir, env: p.env });
    if (list.code !== 0)
        return undefined;
    const std = list.stdout.split('\n').filter((l) => l.trim() !== '');
    if (std.length === 0)
        return undefined;
    // one cache per set of std packages: a program that imports more than
    // another must not find the smaller set and compile the rest each time
    const target = join(root, stdCacheId({ ...p.key, flags: [...p.key.flags, ...std] }));
    const have = await readdir(target).catch(() => undefined);
    if (have && have.length > 0)
        return target;
    await mkdir(root, { recursive: true });
    const staging = join(root, `.${randomBytes(6).toString('hex')}.tmp`);
    await mkdir(staging);
    try {
        const r = await exec('go', ['build', ...p.key.flags, '--', ...std], {
            cwd: p.dir,
            env: { ...p.env, GOCACHE: staging }
        });
        if (r.code !== 0)
            return undefined;
        // another build may have made it meanwhile: either copy is as good
        await rename(staging, target).catch(() => undefined);
        p.log?.(`rebuild check: standard library cache made (${std.length} packages)`);
        return target;
    }
    finally {
        await rm(staging, { recursive: true, force: true });
    }
}
/**
 * Fills an empty GOCACHE with a copy of the std cache (a copy, never
 * shared: go writes into its cache). cp(1) copies its few hundred files
 * in a fifth of the time node:fs's cp takes; node:fs is the fallback.
 */
async function seedGoCache(exec, std, gocache) {
    const r = await exec('cp', ['-R', '--', `${std}/.`, gocache]).catch(() => undefined);
    if (r?.code === 0)
        return;
    await cp(std, gocache, { recursive: true, force: false });
}

async function mustRun(exec, args) {
    const r = await exec('git', args);
    if (r.code !== 0)
        throw new EnclaveBuildError('BUILD_FAILED', `could not copy the source for the rebuild check: git ${args.join(' ')}: ${r.stderr.trim()}`);
}
/**
 * Builds again from a fresh clone of the commit at a different absolute
 * path, with a fresh GOCACHE (holding at most the standard library, see
 * std-cache.ts), HOME and GOPATH (never the restored build cache), and compares
 * the bytes. Throws BUILD_NOT_REPRODUCIBLE with an explanation.
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
        // the standard library only: the module's packages compile afresh here;
        // the shared module cache is trusted only as far as go.sum vouches for it
        const [std, v] = await Promise.all([
            first.stdCache,
            first.hasDeps
                ? exec('go', ['mod', 'verify'], { cwd: join(copy, first.subdir), env })
                : undefined
        ]);
        if (std)
            await seedGoCache(exec, std, env.GOCACHE);
        if (v) {
            if (v.code !== 0)
                throw new EnclaveBuildError('BUILD_NOT_REPRODUCIBLE', `the module cache does not match go.sum (go mod verify): ${(v.stdout + v.stderr).trim()}; clear it with go clean -modcache and build again`);
        }
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
            throw new EnclaveBuildError('TOOLCHAIN_MISMATCH', `go-version is ${want} but the go on PATH is ${goVersion}. Install ` +
                `${want} (actions/setup-go with go-version: ${want.slice(2)}) or ` +
                `change go-version; the toolchain is part of the measurement.`);
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
    checkGoFlags(o);
    const dir = await realpath(resolve(o.dir)).catch(() => {
        throw new EnclaveBuildError('INPUT_INVALID', `directory ${o.dir} does not exist`);
    });
    checkProfile(dir, o.pgo);
    const source = await readGitSource(deps.exec, dir);
    const probe = processEnv({ GOTOOLCHAIN: 'local', GOFLAGS: '', GOENV: 'off' }, deps.env);
    const tc = await readToolchain(deps.exec, probe, o.goVersion);
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
    const goSum = await goSumDigest(deps.exec, dir, env);
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
            // made (or found) while the source is cloned; awaited by the check
            const stdCache = (async () => ensureStdCache(deps.exec, {
                key: {
                    goVersion: tc.goVersion,
                    goroot: tc.goroot,
                    env: baseline,
                    flags: compileFlags(args),
                    ...(cToolchain
                        ? { cc: `${cToolchain.cc} ${cToolchain.version}` }
                        : {})
                },
                dir,
                package: o.package,
                env,
                root: stdCacheRoot(deps.env),
                log
            }))().catch(() => undefined);
            await rebuildCheck(deps.exec, {
                stdCache,
                hasDeps: goSum !== null,
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
