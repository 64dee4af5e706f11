import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { EnclaveBuildError } from '../errors.js'
import { readInputFile, writeFileAtomic } from '../util/fs.js'
import { INPUT_LIMITS } from '../util/limits.js'
import {
  NITRO_BLOB_SETS,
  type FetchedFile,
  type NitroBlobSet
} from './sources.js'

/**
 * AWS's Nitro blobs are in no package registry, so they are taken from a
 * folder the user has: an aws-nitro-enclaves-cli checkout at a release tag
 * (blobs/x86_64/), that folder itself, or Amazon Linux's
 * /usr/share/nitro_enclaves/blobs. The four files must together be one
 * pinned set; anything else is refused with the sha256 found, so that the
 * user pins it knowingly.
 */

const sha256 = (b: Uint8Array): string =>
  createHash('sha256').update(b).digest('hex')

/** The folder under `from` that holds the blobs (bzImage beside init). */
export function nitroBlobDir(from: string): string {
  const candidates = [from, join(from, 'blobs', 'x86_64'), join(from, 'blobs')]
  const dir = candidates.find((d) => existsSync(join(d, 'bzImage')))
  if (!dir)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `no bzImage in ${candidates.join(', ')}; --from takes an aws-nitro-enclaves-cli checkout, its blobs/x86_64 folder, or Amazon Linux's /usr/share/nitro_enclaves/blobs (only x86_64 sets are pinned)`
    )
  return dir
}

/**
 * Copies the blobs of `from` to `outDir` when they are, all four, one of
 * `sets`; writes nothing otherwise. A file already in `outDir` with its
 * pinned sha256 is kept.
 */
export async function copyNitroBlobs(
  from: string,
  outDir: string,
  sets: readonly NitroBlobSet[] = NITRO_BLOB_SETS
): Promise<FetchedFile[]> {
  const dir = nitroBlobDir(from)
  const names = [...new Set(sets.flatMap((s) => s.blobs.map((b) => b.name)))]
  const found = new Map<string, Uint8Array>()
  for (const name of names)
    found.set(
      name,
      await readInputFile(join(dir, name), `the Nitro ${name}`, {
        maxBytes: name === 'bzImage' ? INPUT_LIMITS.kernel : INPUT_LIMITS.blob
      })
    )
  const digests = new Map(
    [...found].map(([name, bytes]) => [name, sha256(bytes)])
  )
  const set = sets.find((s) =>
    s.blobs.every((b) => digests.get(b.name) === b.sha256)
  )
  if (!set)
    throw new EnclaveBuildError(
      'PIN_MISMATCH',
      `the blobs in ${dir} are no pinned set (${names.map((n) => `${n} ${digests.get(n)}`).join(', ')}); pinned: ${sets.map((s) => s.source).join('; ')}. If you trust these files, pass them to the build with nitro-kernel-sha256, nitro-init-sha256, nitro-nsm-sha256 and nitro-cmdline-sha256 set to these values (docs/nitro.md)`
    )
  await mkdir(outDir, { recursive: true })
  const out: FetchedFile[] = []
  for (const b of set.blobs) {
    const path = join(outDir, b.name)
    const have = await readInputFile(path, b.name).catch(() => undefined)
    const cached = have !== undefined && sha256(have) === b.sha256
    if (!cached) await writeFileAtomic(path, found.get(b.name)!)
    const id = b.gitBlobId ? ` (git blob ${b.gitBlobId})` : ''
    out.push({
      input: b.input,
      path,
      sha256: b.sha256,
      source: `${set.source}/${b.name}${id}`,
      cached
    })
  }
  return out
}
