import { constants } from 'node:fs'
import { access, lstat, readdir, stat } from 'node:fs/promises'
import { EnclaveBuildError } from '../../errors.js'
import { fileError } from '../../util/file-error.js'
import { hashFile } from '../../util/fs.js'
import { outerPath, purePosix, resolveInChroot } from '../cgo/chroot.js'
import { uriToPath } from './manifest.js'
import { describe, isTable, type TomlTable, type TomlValue } from './toml.js'

/**
 * sgx.trusted_files expansion and hashing, as Gramine v1.9 does it
 * (manifest.py TrustedFile, expand_all_trusted_files): a URI ending in "/"
 * is a directory, expanded recursively in sorted order (symlinked
 * directories are not descended); duplicates are merged by URI; each file
 * gets the sha256 of its contents unless one was given.
 *
 * Inside a trusted directory, Gramine leaves out what is neither a regular
 * file nor a directory (FIFOs, sockets, devices, dangling symlinks) and what
 * fails os.access(R_OK): TrustedFile.expand_directory(skip_inaccessible=True),
 * gramine v1.9 python/graminelibos/manifest.py (commit 0d1a4b76). The same
 * entries are left out here, so the manifest and MRENCLAVE are Gramine's
 * (__fixtures__/vectors/gramine-trusted-skip), and each one is reported
 * through `warn`: a file that is not measured is not in the enclave.
 * A trusted directory that cannot be listed is an error (Gramine would
 * silently expand it to nothing).
 */

interface TrustedFile {
  uri: string
  sha256?: TomlValue
  /** Where the bytes are read on this machine. */
  realpath: string
  /** With --chroot: the resolved path inside the chroot. */
  inner?: string
}

function manifestError(message: string): never {
  throw new EnclaveBuildError('MANIFEST_INVALID', message)
}

async function makeTrustedFile(
  uri: string,
  sha256: TomlValue | undefined,
  chroot: string | undefined
): Promise<TrustedFile> {
  const path = purePosix(uriToPath(uri))
  if (chroot === undefined) return { uri, sha256, realpath: path }
  const inner = await resolveInChroot(path, chroot)
  return { uri, sha256, realpath: outerPath(chroot, inner), inner }
}

async function statOrNull(
  p: string
): Promise<Awaited<ReturnType<typeof stat>> | null> {
  try {
    return await stat(p)
  } catch {
    return null
  }
}

/** Python sorts names by code point; JavaScript's default sort uses UTF-16 units. */
function byCodePoint(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'))
}

async function* expand(
  tf: TrustedFile,
  chroot: string | undefined,
  skipped: (uri: string, why: string) => void
): AsyncGenerator<TrustedFile> {
  const st = await statOrNull(tf.realpath)
  if (!tf.uri.endsWith('/')) {
    if (st?.isDirectory())
      manifestError(
        `trusted file URI ${JSON.stringify(tf.uri)} is a directory: end it with "/"`
      )
    yield tf
    return
  }
  if (!st?.isDirectory())
    manifestError(
      `trusted file URI ${JSON.stringify(tf.uri)} ends with "/" but is not a directory`
    )
  if (tf.sha256 !== undefined)
    manifestError(
      `trusted directory ${JSON.stringify(tf.uri)} cannot have a sha256`
    )
  let names: string[]
  try {
    names = (await readdir(tf.realpath)).sort(byCodePoint)
  } catch (err) {
    throw fileError(err, tf.realpath, `trusted directory ${tf.uri} at`, 'list')
  }
  for (const name of names) {
    const hostChild = tf.realpath === '.' ? name : `${tf.realpath}/${name}`
    // The enclave path of the child: under the chroot, the resolved parent plus the name.
    const childPath =
      chroot === undefined
        ? hostChild
        : `${tf.inner === '/' ? '' : tf.inner}/${name}`
    const target =
      chroot === undefined
        ? hostChild
        : outerPath(chroot, await resolveInChroot(childPath, chroot))
    const cst = await statOrNull(target)
    if (!cst || (!cst.isFile() && !cst.isDirectory())) {
      skipped(
        `file:${childPath}`,
        cst ? 'not a regular file or directory' : 'a dangling symlink'
      )
      continue
    }
    try {
      await access(target, constants.R_OK)
    } catch {
      skipped(`file:${childPath}`, 'not readable')
      continue
    }
    const isDir = cst.isDirectory()
    if (isDir && (await lstat(hostChild)).isSymbolicLink()) continue
    const child = await makeTrustedFile(
      `file:${childPath}${isDir ? '/' : ''}`,
      undefined,
      chroot
    )
    yield* expand(child, chroot, skipped)
  }
}

async function hashOf(realpath: string, uri: string): Promise<string> {
  try {
    return await hashFile(realpath, 'sha256', `trusted file ${uri} at`)
  } catch (err) {
    if ((err as EnclaveBuildError).code === 'FILE_NOT_FOUND')
      throw new EnclaveBuildError(
        'FILE_NOT_FOUND',
        `missing trusted file ${uri} (looked at ${realpath})`,
        { cause: err }
      )
    throw err
  }
}

/**
 * Expands and hashes sgx.trusted_files in place. Entries must already be
 * normalised to `{uri[, sha256]}` tables (see applyDefaults). `warn` hears
 * of every directory entry left out, as Gramine leaves it out.
 */
export async function expandTrustedFiles(
  manifest: TomlTable,
  chroot?: string,
  warn: (message: string) => void = () => undefined
): Promise<void> {
  const skipped = (uri: string, why: string): void =>
    warn(
      `trusted files: ${uri} is left out of the manifest (${why}), as gramine-manifest does; it will not be in the enclave`
    )
  const sgx = manifest.get('sgx') as TomlTable
  const entries = sgx.get('trusted_files') as TomlValue[]
  const byUri = new Map<string, TrustedFile>()
  for (const entry of entries) {
    if (!isTable(entry))
      manifestError('an sgx.trusted_files entry is not a table')
    const leftover = [...entry.keys()].filter(
      (k) => k !== 'uri' && k !== 'sha256'
    )
    if (leftover.length > 0)
      manifestError(
        `unknown keys ${leftover.join(', ')} in an sgx.trusted_files entry`
      )
    const uri = entry.get('uri')
    if (typeof uri !== 'string')
      manifestError('sgx.trusted_files uri must be a string')
    const top = await makeTrustedFile(uri, entry.get('sha256'), chroot)
    for await (const tf of expand(top, chroot, skipped)) {
      const old = byUri.get(tf.uri)
      if (old?.sha256 !== undefined) {
        if (tf.sha256 !== undefined && tf.sha256 !== old.sha256)
          manifestError(
            `two different sha256 values (${describe(old.sha256)} and ${describe(tf.sha256)}) for the same URI ${tf.uri}`
          )
        continue
      }
      byUri.set(tf.uri, tf)
    }
  }
  const out: TomlValue[] = []
  for (const tf of byUri.values()) {
    const sha = tf.sha256 ?? (await hashOf(tf.realpath, tf.uri))
    out.push(
      new Map<string, TomlValue>([
        ['uri', tf.uri],
        ['sha256', sha]
      ])
    )
  }
  sgx.set('trusted_files', out)
}

/** Fills loader.entrypoint.sha256 when absent (read under the chroot when one is given). */
export async function hashLoaderEntrypoint(
  entry: TomlTable,
  chroot?: string
): Promise<void> {
  if (entry.has('sha256')) return
  const uri = entry.get('uri')
  const path = purePosix(uriToPath(uri))
  const realpath =
    chroot === undefined
      ? path
      : outerPath(chroot, await resolveInChroot(path, chroot))
  entry.set('sha256', await hashOf(realpath, describe(uri)))
}
