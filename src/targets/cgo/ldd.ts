import {
  lstatSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync
} from 'node:fs'
import { posix } from 'node:path'
import { EnclaveBuildError } from '../../errors.js'
import { fileError } from '../../util/file-error.js'
import { outerPath } from './chroot.js'
import { readDynamic } from '../../elf/dynamic.js'

/**
 * Gramine's `ldd(*binaries)` template helper, answered from the --chroot
 * root without running anything: the DT_NEEDED names of each binary are
 * searched for like glibc's loader (DT_RPATH when there is no DT_RUNPATH,
 * then DT_RUNPATH, with $ORIGIN; then the directories of /etc/ld.so.conf
 * inside the root; then the system directories), recursively. As with
 * gramine-manifest's parse_ldd, the result is the sorted set of library
 * paths, without the program interpreter. Not modelled: ld.so.cache order
 * across directories (the first directory holding the name wins here),
 * hwcaps subdirectories, LD_LIBRARY_PATH and DT_NEEDED with a slash.
 * Synchronous because template rendering is.
 *
 * A path that does not exist is passed over, as the loader does. Any other
 * failure to look at a path or list a directory (permission, a name too
 * long, an I/O error) is an error naming the path, not a silent skip: the
 * loader would fail or pick a later directory there, and a different list of
 * trusted files is a different MRENCLAVE.
 */

const SYSTEM_DIRS = [
  '/lib/x86_64-linux-gnu',
  '/usr/lib/x86_64-linux-gnu',
  '/lib64',
  '/usr/lib64',
  '/lib',
  '/usr/lib'
]
const MAX_ELF = 1 << 30

function lddError(message: string): never {
  throw new EnclaveBuildError('TEMPLATE_INVALID', `ldd(): ${message}`)
}

/** ENOENT/ENOTDIR: nothing there, which the loader passes over. */
function isMissing(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code
  return code === 'ENOENT' || code === 'ENOTDIR'
}

/** The coded error of a path ldd() could not look at. */
function pathError(err: unknown, inner: string, doing = 'read'): never {
  throw fileError(err, inner, 'ldd(): the library path', doing)
}

/** Resolves an absolute path inside the root (symlinks re-rooted); null when missing. */
function resolve(chroot: string, path: string, depth = 0): string | null {
  if (depth > 40) lddError(`too many symlinks resolving ${path}`)
  let inner = '/'
  const parts = path.split('/').filter((p) => p !== '' && p !== '.')
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]
    if (part === '..') {
      if (inner === '/') lddError(`${path} climbs above the root`)
      inner = posix.dirname(inner)
      continue
    }
    const next = posix.join(inner, part)
    let st
    try {
      st = lstatSync(outerPath(chroot, next))
    } catch (err) {
      if (isMissing(err)) return null
      pathError(err, next)
    }
    if (st.isSymbolicLink()) {
      let t: string
      try {
        t = readlinkSync(outerPath(chroot, next))
      } catch (err) {
        pathError(err, next)
      }
      const rest = parts.slice(i + 1).join('/')
      const target = t.startsWith('/') ? t : posix.join(inner, t)
      return resolve(chroot, `${target}/${rest}`, depth + 1)
    }
    inner = next
  }
  return inner
}

function readElf(chroot: string, inner: string): Buffer | null {
  const outer = outerPath(chroot, inner)
  let buf: Buffer
  try {
    const st = statSync(outer, { throwIfNoEntry: false })
    if (!st?.isFile()) return null
    if (st.size > MAX_ELF) lddError(`${inner} is larger than 1 GiB`)
    buf = readFileSync(outer)
  } catch (err) {
    if (err instanceof EnclaveBuildError) throw err
    if (isMissing(err)) return null
    pathError(err, inner)
  }
  // Only 64-bit x86-64 objects can be loaded by a 64-bit x86-64 program.
  if (buf.length < 20 || buf.readUInt32BE(0) !== 0x7f454c46) return null
  if (buf[4] !== 2 || buf.readUInt16LE(18) !== 62) return null
  return buf
}

function ldSoConfDirs(
  chroot: string,
  file: string,
  seen: Set<string>
): string[] {
  if (seen.has(file)) return []
  seen.add(file)
  const inner = resolve(chroot, file)
  if (inner === null) return []
  let text: string
  try {
    const st = statSync(outerPath(chroot, inner), { throwIfNoEntry: false })
    if (!st?.isFile()) return []
    text = readFileSync(outerPath(chroot, inner), 'utf8')
  } catch (err) {
    if (isMissing(err)) return []
    pathError(err, inner)
  }
  const dirs: string[] = []
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim()
    if (line === '') continue
    const inc = /^include\s+(.+)$/.exec(line)
    if (!inc) {
      dirs.push(line)
      continue
    }
    const pattern = inc[1].trim()
    const dir = posix.dirname(pattern)
    const re = new RegExp(
      `^${posix
        .basename(pattern)
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`
    )
    const dinner = resolve(chroot, dir)
    let names: string[] = []
    try {
      if (dinner) names = readdirSync(outerPath(chroot, dinner))
    } catch (err) {
      if (!isMissing(err)) pathError(err, dir, 'list')
    }
    for (const n of names.filter((x) => re.test(x)).sort())
      dirs.push(...ldSoConfDirs(chroot, `${dir}/${n}`, seen))
  }
  return dirs
}

function expandOrigin(list: string | undefined, origin: string): string[] {
  if (list === undefined) return []
  return list
    .split(':')
    .filter((d) => d !== '')
    .map((d) => d.replace(/\$(\{ORIGIN\}|ORIGIN)/g, origin))
}

interface Loaded {
  /** The path as the loader opened it (ldd prints it; $ORIGIN is its directory). */
  path: string
  /** The resolved path inside the root. */
  inner: string
  /** DT_RPATH directories of the objects that loaded this one (those without DT_RUNPATH). */
  chain: string[]
}

/**
 * The libraries `ldd` would list for the given binaries inside `chroot`.
 * `given` holds binaries that are not in the root, by the absolute path
 * they will have (a cgo program that becomes /init of an initrd): they are
 * read from memory, their libraries still from the root.
 */
export function lddInChroot(
  chroot: string,
  binaries: string[],
  given: ReadonlyMap<string, Buffer> = new Map()
): string[] {
  const confDirs = ldSoConfDirs(chroot, '/etc/ld.so.conf', new Set())
  const found = new Set<string>()
  for (const bin of binaries) {
    if (!bin.startsWith('/')) lddError(`${bin} is not an absolute path`)
    const inner = given.has(bin) ? bin : resolve(chroot, bin)
    const buf =
      inner === null ? null : (given.get(bin) ?? readElf(chroot, inner))
    if (inner === null || buf === null)
      lddError(`${bin} is not an x86-64 ELF file inside the root`)
    const top = readDynamic(buf)
    // The loader matches a DT_NEEDED name against what is already loaded
    // (the interpreter included), and a file against the files it opened.
    // A shared library without PT_INTERP is listed through the system loader.
    const names = new Set<string>([
      posix.basename(top.interp ?? '/lib64/ld-linux-x86-64.so.2')
    ])
    const files = new Set<string>([inner])
    const queue: Loaded[] = [{ path: bin, inner, chain: [] }]
    while (queue.length > 0) {
      const obj = queue.shift() as Loaded
      const data = given.get(obj.inner) ?? readElf(chroot, obj.inner)
      if (data === null) continue
      const dyn = readDynamic(data)
      const origin = posix.dirname(obj.path)
      const chain =
        dyn.runpath === undefined
          ? [...expandOrigin(dyn.rpath, origin), ...obj.chain]
          : obj.chain
      const dirs = [
        ...(dyn.runpath === undefined
          ? chain
          : expandOrigin(dyn.runpath, origin)),
        ...confDirs,
        ...SYSTEM_DIRS
      ]
      for (const name of dyn.needed) {
        if (names.has(name) || name.includes('/')) continue
        for (const dir of dirs) {
          // As ldd prints it: the search directory as written, not normalised.
          const path = dir.endsWith('/') ? dir + name : `${dir}/${name}`
          const lib = resolve(chroot, path)
          if (lib === null || readElf(chroot, lib) === null) continue
          names.add(name)
          if (!files.has(lib)) {
            files.add(lib)
            found.add(path)
            queue.push({ path, inner: lib, chain })
          }
          break
        }
      }
    }
  }
  return [...found].sort()
}
