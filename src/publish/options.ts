import { z } from 'zod'
import { parseOciReference } from '../oci/reference.js'

/** The action inputs of publishing to an OCI registry. */
export const publishOptions = z.object({
  publish: z
    .string()
    .default('')
    .refine(
      (v) => {
        if (v === '') return true
        try {
          parseOciReference(v, { needTag: true })
          return true
        } catch {
          return false
        }
      },
      {
        message: 'write oci://REGISTRY/NAME:TAG, e.g. oci://ghcr.io/acme/app:v1'
      }
    )
    .describe(
      'Push the artefacts as one OCI artifact to oci://REGISTRY/NAME:TAG and attach the Sigstore bundle to it as a referrer. Empty: no push.'
    ),
  'registry-username': z
    .string()
    .default('')
    .describe('Registry login for publish (default: the workflow actor).'),
  'registry-password': z
    .string()
    .default('')
    .describe(
      'Registry password or token for publish, from a secret. Default for ghcr.io: github-token (needs packages: write).'
    )
})

/** The parsed publish inputs. */
export type PublishOptions = z.infer<typeof publishOptions>

/** Inputs whose values are secrets. */
export const PUBLISH_SECRET_INPUTS = ['registry-password']
