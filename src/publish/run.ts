import { readFile } from 'node:fs/promises'
import { MEASUREMENT_PREDICATE_TYPE } from '../model/predicate.js'
import type { BuildRecord } from '../model/build-record.js'
import type { TargetResult } from '../model/target-result.js'
import type { FetchFn } from '../util/http.js'
import { actionInputName, type InputName } from '../util/input-name.js'
import { resolveCredentials } from '../oci/auth.js'
import { filesOfResult } from './from.js'
import type { PublishOptions } from './options.js'
import { publishArtifact, type PublishResult } from './push.js'
import { parseOciReference } from '../oci/reference.js'

/** What the action gives the publish stage. */
export interface PublishRequest {
  options: PublishOptions
  result: TargetResult
  build: BuildRecord
  /** The measurement's Sigstore bundle; absent with signing: none. */
  bundlePath?: string
  /** github-token, the login for ghcr.io when no registry-password is set. */
  githubToken?: string
  env: NodeJS.ProcessEnv
  fetch?: FetchFn
  log: (message: string) => void
  warn: (message: string) => void
  /** How messages name the inputs (default: the action's spelling). */
  input?: InputName
}

/**
 * The action's publish stage: pushes the build's artefacts to the
 * `publish` reference and attaches the bundle; returns the outputs.
 */
export async function publishForAction(
  req: PublishRequest
): Promise<{ outputs: Record<string, string>; result: PublishResult }> {
  const { options, env } = req
  const ref = parseOciReference(options.publish, { needTag: true })
  const password =
    options['registry-password'] ||
    (ref.registry === 'ghcr.io' ? (req.githubToken ?? '') : '')
  const credentials = await resolveCredentials(ref.registry, env, {
    ...(options['registry-username']
      ? { username: options['registry-username'] }
      : {}),
    password
  })
  const { facts, files } = filesOfResult(req.result, req.build, env)
  if (!req.bundlePath)
    req.warn(
      `publishing without an attestation (${(req.input ?? actionInputName)('signing', 'none')}): verify cannot check this artifact`
    )
  const bundle = req.bundlePath
    ? {
        json: JSON.parse(await readFile(req.bundlePath, 'utf8')) as unknown,
        predicateType: MEASUREMENT_PREDICATE_TYPE
      }
    : undefined
  const deps = {
    log: req.log,
    ...(credentials ? { credentials } : {}),
    ...(req.fetch ? { fetch: req.fetch } : {})
  }
  // the oci target's image goes up as the image itself, so the registry
  // serves the attested digest; other targets' files as one artifact
  const layout = (req.result.outputs as Record<string, string | undefined>)[
    'image-layout'
  ]
  const result =
    req.result.target === 'oci' && layout
      ? await (
          await import('./image.js')
        ).publishImage(
          layout,
          {
            reference: options.publish,
            ...(bundle ? { bundle } : {}),
            created: facts.created
          },
          deps
        )
      : await publishArtifact(
          {
            reference: options.publish,
            facts,
            files,
            ...(bundle ? { bundle } : {})
          },
          deps
        )
  return {
    outputs: {
      'oci-reference': result.reference,
      'oci-digest': result.digest
    },
    result
  }
}
