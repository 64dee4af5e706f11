import { posix } from 'node:path'
import { EnclaveBuildError } from '../../errors.js'
import { readDynamic } from '../../elf/dynamic.js'
import {
  expandOrigin,
  ldSoConfDirs,
  lddError,
  readElf,
  resolve,
  SYSTEM_DIRS
} from './ld-search.js'

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
 *
 * A DT_NEEDED name found in no directory is reported (`lddScan`'s
 * `missing`). The real ldd prints it as "name => not found" and still exits
 * 0, and gramine-manifest's parse_ldd drops that line, so Gramine leaves the
 * library out of the trusted files without a word; the loader inside the
 * enclave then cannot open it. `lddInChroot` makes that an error unless the
 * caller asks for Gramine's behaviour (`skipMissing`).
 */

/** A DT_NEEDED name that no searched directory holds. */
export interface MissingLibrary {
  /** The DT_NEEDED name. */
  name: string
  /** The object whose DT_NEEDED names it (the path as the loader opened it). */
  neededBy: string
  /** The binary given to ldd() whose loading reached it. */
  binary: string
  /** The directories searched, in order, as written. */
  searched: string[]
}

/** What ldd finds: the library paths, and the names it could not find. */
export interface LddResult {
  libraries: string[]
  missing: MissingLibrary[]
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
 * The libraries `ldd` would list for the given binaries inside `chroot`,
 * and the DT_NEEDED names it would print as "not found" (each name once,
 * with the first object that needs it).
 * `given` holds binaries that are not in the root, by the absolute path
 * they will have (a cgo program that becomes /init of an initrd): they are
 * read from memory, their libraries still from the root.
 */
export function lddScan(
  chroot: string,
  binaries: string[],
  given: ReadonlyMap<string, Buffer> = new Map()
): LddResult {
  const confDirs = ldSoConfDirs(chroot, '/etc/ld.so.conf', new Set())
  const found = new Set<string>()
  const missing = new Map<string, MissingLibrary>()
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
        let hit = false
        for (const dir of dirs) {
          // As ldd prints it: the search directory as written, not normalised.
          const path = dir.endsWith('/') ? dir + name : `${dir}/${name}`
          const lib = resolve(chroot, path)
          if (lib === null || readElf(chroot, lib) === null) continue
          names.add(name)
          hit = true
          if (!files.has(lib)) {
            files.add(lib)
            found.add(path)
            queue.push({ path, inner: lib, chain })
          }
          break
        }
        if (!hit && !missing.has(name))
          missing.set(name, {
            name,
            neededBy: obj.path,
            binary: bin,
            searched: [...new Set(dirs)]
          })
      }
    }
  }
  return { libraries: [...found].sort(), missing: [...missing.values()] }
}

/** One sentence on a missing library: what, who needs it, where it was looked for. */
export function describeMissing(m: MissingLibrary): string {
  const by =
    m.neededBy === m.binary
      ? m.binary
      : `${m.neededBy} (loaded for ${m.binary})`
  return `${m.name}, needed by ${by}, is in none of ${m.searched.join(', ')}`
}

/** Options of {@link lddInChroot}. */
export interface LddOptions {
  /** Binaries that are not in the root, by their absolute path there. */
  given?: ReadonlyMap<string, Buffer>
  /** Leave a library that is not found out of the list, as gramine-manifest does. */
  skipMissing?: boolean
  /** How the caller names the switch that sets skipMissing (for the error). */
  skipInput?: string
}

/**
 * The libraries `ldd` would list for the given binaries inside `chroot`
 * (see {@link lddScan}). A DT_NEEDED library found nowhere is an error
 * (FILE_NOT_FOUND) naming it, the object that needs it and the directories
 * searched, unless `skipMissing`.
 */
export function lddInChroot(
  chroot: string,
  binaries: string[],
  opts: LddOptions = {}
): string[] {
  const { libraries, missing } = lddScan(chroot, binaries, opts.given)
  if (missing.length > 0 && opts.skipMissing !== true) {
    const skip =
      opts.skipInput === undefined
        ? ''
        : `, or pass ${opts.skipInput} to leave it out of the list as gramine-manifest does`
    throw new EnclaveBuildError(
      'FILE_NOT_FOUND',
      `ldd(): ${missing.map(describeMissing).join('; ')} (inside the root ${chroot}). ` +
        `The enclave could not load ${missing.length === 1 ? 'it' : 'them'} at run time: ` +
        `put ${missing.length === 1 ? 'the library' : 'the libraries'} into the root${skip}`
    )
  }
  return libraries
}
