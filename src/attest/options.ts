import { z } from 'zod'

/**
 * The action inputs of the attestation stage. Keys are the action input
 * names. Values arrive as strings (GitHub passes unset inputs as empty
 * strings, which readInputs turns into undefined); booleans use stringbool.
 */
export const attestOptionsSchema = z.object({
  signing: z
    .enum(['keyless', 'key', 'none'])
    .default('keyless')
    .describe(
      'keyless: GitHub OIDC + Sigstore (needs id-token: write); key: sign with attestation-key; none: write the statements unsigned'
    ),
  'attestation-key': z
    .string()
    .optional()
    .describe(
      'PEM private key for signing: key (pass it from a secret; it is masked and never logged)'
    ),
  'attestation-key-password': z
    .string()
    .optional()
    .describe('Password of an encrypted attestation-key'),
  sigstore: z
    .enum(['public-good', 'github'])
    .optional()
    .describe(
      "Sigstore instance for keyless signing: public-good (public Rekor log) or github (GitHub's private instance, TSA timestamp). Default: public-good only for a repository the workflow event says is public, github otherwise (also when the visibility is unknown)"
    ),
  'github-token': z
    .string()
    .default('${{ github.token }}')
    .describe('Token for storing attestations (needs attestations: write)'),
  store: z
    .stringbool()
    .optional()
    .describe(
      "Store the attestations in GitHub's attestation store (default: true for keyless signing, false otherwise)"
    )
})

/** The parsed attestation inputs. */
export type AttestOptions = z.infer<typeof attestOptionsSchema>

/** Inputs whose values are secrets (to be masked as soon as they are read). */
export const ATTEST_SECRET_INPUTS = [
  'attestation-key',
  'attestation-key-password',
  'github-token'
]
