import { readdir, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { EnclaveBuildError } from '../errors.js'
import { readInputText } from '../util/fs.js'
import type { DiscoveredArtifact } from '../oci/discover.js'

/** A bundle read from disk, named for messages. */
export interface BundleSource {
  name: string
  json: unknown
  /** The OCI artifact the bundle was attached to, when found in a registry. */
  artifact?: DiscoveredArtifact
}

/**
 * The bundles a file holds. Accepted: one bundle (*.sigstore.json), JSON
 * Lines with one bundle per line (what actions/attest and `gh attestation
 * download` write), `{"bundle": …}`, and a saved GitHub API answer
 * `{"attestations": [{"bundle": …}]}`.
 */
export function bundlesInText(text: string, name: string): BundleSource[] {
  const unwrap = (v: unknown, n: string): BundleSource[] => {
    if (typeof v !== 'object' || v === null) return []
    const o = v as Record<string, unknown>
    if (Array.isArray(o.attestations))
      return o.attestations.flatMap((a, i) => unwrap(a, `${n}#${i + 1}`))
    if ('bundle' in o && !('mediaType' in o)) return unwrap(o.bundle, n)
    return [{ name: n, json: v }]
  }
  try {
    return unwrap(JSON.parse(text), name)
  } catch {
    // Not one JSON document: try JSON Lines.
  }
  return text.split('\n').flatMap((line, i) => {
    if (line.trim() === '') return []
    try {
      return unwrap(JSON.parse(line), `${name}:${i + 1}`)
    } catch {
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        `${name} line ${i + 1} is not JSON; give Sigstore bundle files (*.sigstore.json or .jsonl)`
      )
    }
  })
}

/**
 * Reads every --bundle path: a file, or a directory whose *.json and
 * *.jsonl files are read (not recursively, sorted by name).
 */
/** A bundle file (or JSON Lines of them) bigger than this is not one. */
const MAX_BUNDLE_FILE = 256 * 2 ** 20

export async function readBundleSources(
  paths: string[]
): Promise<BundleSource[]> {
  const out: BundleSource[] = []
  for (const path of paths) {
    let isDir: boolean
    try {
      isDir = (await stat(path)).isDirectory()
    } catch {
      throw new EnclaveBuildError(
        'FILE_NOT_FOUND',
        `bundle path ${path} does not exist`
      )
    }
    const files = isDir
      ? (await readdir(path))
          .filter((f) => /\.jsonl?$/.test(f))
          .sort()
          .map((f) => join(path, f))
      : [path]
    for (const file of files)
      out.push(
        ...bundlesInText(
          await readInputText(file, 'the bundle file', {
            maxBytes: MAX_BUNDLE_FILE
          }),
          basename(file)
        )
      )
  }
  return out
}
