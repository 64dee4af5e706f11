import { join } from 'node:path'
import type { MeasurementPredicate } from '../model/predicate.js'
import type { BuildRecord } from '../model/build-record.js'
import type { TargetResult } from '../model/target-result.js'
import type { ArtifactFacts } from '../oci/artifact.js'
import { publishLayout } from '../targets/index.js'
import type { PublishFile } from './push.js'

/**
 * What is published for a build: the target's artefacts, plus the Go
 * binary when the target's registry entry says so (Gramine's manifest lists
 * it as a trusted file outside every artefact; Nitro's EIF and SNP's initrd
 * carry it inside).
 */
export function filesOfResult(
  result: TargetResult,
  build: BuildRecord,
  env: NodeJS.ProcessEnv = {}
): { facts: ArtifactFacts; files: PublishFile[] } {
  // as the attestation's predicate names it: the build's remote, else the
  // workflow's repository (a checkout without an origin remote)
  const repository =
    build.source.repository ??
    (env.GITHUB_REPOSITORY
      ? `${(env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '')}/${env.GITHUB_REPOSITORY}`
      : undefined)
  const files: PublishFile[] = result.artifacts.map((a) => ({
    kind: a.kind,
    path: a.path,
    sha256: a.sha256
  }))
  if (publishLayout(result.target).binary)
    files.unshift({
      kind: 'binary',
      path: build.binary.path,
      sha256: build.binary.sha256
    })
  return {
    facts: {
      target: result.target,
      measurements: result.measurements,
      created: new Date(build.source.commitTime).toISOString(),
      ...(repository ? { repository } : {}),
      commit: build.source.commit
    },
    files
  }
}

/**
 * The same from a signed predicate and the folder its files are in (the
 * command line publishes what a bundle attests).
 */
export function filesOfPredicate(
  predicate: MeasurementPredicate,
  dir: string,
  created?: string
): { facts: ArtifactFacts; files: PublishFile[] } {
  const files: PublishFile[] = predicate.artifacts.map((a) => ({
    kind: a.kind,
    path: join(dir, a.name),
    sha256: a.sha256
  }))
  if (publishLayout(predicate.target).binary)
    files.unshift({
      kind: 'binary',
      path: join(dir, predicate.build.binary.name),
      sha256: predicate.build.binary.sha256
    })
  return {
    facts: {
      target: predicate.target,
      measurements: predicate.measurements,
      ...(created ? { created } : {}),
      ...(predicate.source.repository
        ? { repository: predicate.source.repository }
        : {}),
      commit: predicate.source.commit
    },
    files
  }
}
