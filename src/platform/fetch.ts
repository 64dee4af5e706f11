import { createHash } from 'node:crypto'
import { mkdir } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { EnclaveBuildError } from '../errors.js'
import type { Exec } from '../util/exec.js'
import { readInputFile, writeFileAtomic } from '../util/fs.js'
import { httpRequest, type FetchFn } from '../util/http.js'
import { extractFromDeb } from './deb.js'
import { copyNitroBlobs } from './nitro.js'
import {
  DEFAULT_MIRROR,
  NO_PLATFORM_FILES,
  PLATFORM_SOURCES,
  PLATFORM_STEPS,
  type DebianSource,
  type FetchedFile
} from './sources.js'

export type { FetchedFile } from './sources.js'

/** A package larger than this is refused before it is read whole. */
const MAX_DEB_BYTES = 256 * 2 ** 20

const sha256 = (b: Uint8Array): string =>
  createHash('sha256').update(b).digest('hex')

/** What fetch-platform needs from the outside world. */
export interface FetchPlatformDeps {
  fetch?: FetchFn
  exec: Exec
  log?: (message: string) => void
}

/** The Debian-packaged sources of `target`, or a coded error with the steps. */
export function platformSources(
  target: string,
  sources: Readonly<Record<string, DebianSource[]>> = PLATFORM_SOURCES
): DebianSource[] {
  const list = sources[target]
  if (list) return list
  const steps = PLATFORM_STEPS[target]
  throw new EnclaveBuildError(
    'INPUT_INVALID',
    steps
      ? `target ${target} has no Debian-packaged platform files to fetch: ${steps}`
      : `no platform files are known for target ${target}; fetch-platform knows ${[...Object.keys(sources), ...Object.keys(PLATFORM_STEPS), ...Object.keys(NO_PLATFORM_FILES)].join(', ')}`
  )
}

/**
 * Downloads each platform file of `target` from its Debian package (the
 * .deb checked against its pinned sha256, then the file inside against
 * its own), and writes it to `outDir`. With `from`, the .deb files are
 * read from that folder instead (as `apt-get download` leaves them), same
 * pins. For nitro, whose blobs no registry carries, `from` is the folder
 * that holds AWS's blobs (see nitro.ts). A file already in `outDir` with
 * the pinned sha256 is kept. Nothing unpinned is ever written.
 */
export async function fetchPlatform(
  target: string,
  outDir: string,
  deps: FetchPlatformDeps,
  options: {
    mirror?: string
    from?: string
    sources?: Readonly<Record<string, DebianSource[]>>
  } = {}
): Promise<FetchedFile[]> {
  if (target === 'nitro' && options.from !== undefined)
    return copyNitroBlobs(options.from, outDir)
  // nothing to fetch, and nothing written (NO_PLATFORM_FILES says why)
  if (NO_PLATFORM_FILES[target] !== undefined) return []
  const list = platformSources(target, options.sources)
  const mirror = (options.mirror ?? DEFAULT_MIRROR).replace(/\/+$/, '')
  await mkdir(outDir, { recursive: true })
  const out: FetchedFile[] = []
  for (const s of list) {
    const path = join(outDir, s.name)
    const source = `Debian ${s.suite} ${s.package} ${s.version}: ${s.member}`
    const have = await readInputFile(path, s.name).catch(() => undefined)
    if (have && sha256(have) === s.sha256) {
      out.push({ input: s.input, path, sha256: s.sha256, source, cached: true })
      continue
    }
    const deb =
      options.from === undefined
        ? await download(`${mirror}/${s.filename}`, s, deps)
        : await readInputFile(
            join(options.from, basename(s.filename)),
            `${s.package} ${s.version}`,
            { maxBytes: MAX_DEB_BYTES }
          )
    if (sha256(deb) !== s.debSha256)
      throw new EnclaveBuildError(
        // the pins are ours: other bytes from the mirror are the mirror's
        // fault, other bytes in --from are the user's
        options.from === undefined ? 'HTTP_ERROR' : 'PIN_MISMATCH',
        options.from === undefined
          ? `${mirror}/${s.filename} has sha256 ${sha256(deb)}, not the pinned ${s.debSha256}; the mirror serves another build (if the package left it, pass --mirror https://snapshot.debian.org/archive/debian/<date>)`
          : `${join(options.from, basename(s.filename))} has sha256 ${sha256(deb)}, not the pinned ${s.debSha256}; download ${s.package}=${s.version} (apt-get download, or ${DEFAULT_MIRROR}/${s.filename})`
      )
    const file = await extractFromDeb(deb, s.member, deps.exec)
    if (sha256(file) !== s.sha256)
      throw new EnclaveBuildError(
        'PIN_MISMATCH',
        `${s.member} in ${s.package} ${s.version} has sha256 ${sha256(file)}, not the pinned ${s.sha256}`
      )
    await writeFileAtomic(path, file)
    out.push({ input: s.input, path, sha256: s.sha256, source, cached: false })
  }
  return out
}

/** The bytes of one pinned package from the mirror (checked by the caller). */
async function download(
  url: string,
  s: DebianSource,
  deps: FetchPlatformDeps
): Promise<Uint8Array> {
  deps.log?.(`fetching ${url}`)
  const response = await httpRequest(url, {
    what: `downloading ${s.package} ${s.version}`,
    timeoutMs: 120_000,
    ...(deps.fetch ? { fetch: deps.fetch } : {})
  })
  const length = Number(response.headers.get('content-length') ?? 0)
  if (length > MAX_DEB_BYTES)
    throw new EnclaveBuildError(
      'HTTP_ERROR',
      `${url} is ${length} bytes, more than the ${MAX_DEB_BYTES} a platform package may be`
    )
  return new Uint8Array(await response.arrayBuffer())
}
