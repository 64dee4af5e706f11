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

/**
 * The file side of ldd() (ldd.ts): paths resolved inside the root with
 * symlinks re-rooted, ELF objects read, /etc/ld.so.conf followed, without
 * running anything. A path that does not exist is passed over, as the
 * loader does; any other failure to look at a path is an error naming it.
 */

/** The loader's built-in directories (x86-64 Debian/Ubuntu, then the generic ones). */
export const SYSTEM_DIRS = [
  '/lib/x86_64-linux-gnu',
  '/usr/lib/x86_64-linux-gnu',
  '/lib64',
  '/usr/lib64',
  '/lib',
  '/usr/lib'
]
const MAX_ELF = 1 << 30

/** The coded error of an ldd() call that cannot be answered. */
export function lddError(message: string): never {
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
export function resolve(
  chroot: string,
  path: string,
  depth = 0
): string | null {
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

/** The bytes of an x86-64 ELF64 object at `inner`; null when missing or not one. */
export function readElf(chroot: string, inner: string): Buffer | null {
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

/** The directories /etc/ld.so.conf names inside the root, includes followed. */
export function ldSoConfDirs(
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

/** A DT_RPATH/DT_RUNPATH list with $ORIGIN replaced. */
export function expandOrigin(
  list: string | undefined,
  origin: string
): string[] {
  if (list === undefined) return []
  return list
    .split(':')
    .filter((d) => d !== '')
    .map((d) => d.replace(/\$(\{ORIGIN\}|ORIGIN)/g, origin))
}
