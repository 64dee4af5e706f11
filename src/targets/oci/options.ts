import { z } from 'zod'

/** Lines of K=V (blank lines ignored). */
const kvLines = (name: string): z.ZodString =>
  z
    .string()
    .refine(
      (v) =>
        v
          .split('\n')
          .every((l) => l.trim() === '' || /^[^=\s][^=]*=/.test(l.trim())),
      `${name} takes one K=V per line`
    )

/**
 * The action inputs of the OCI image target: a reproducible single-platform
 * image of the Go binary for Confidential Space, Confidential Containers
 * and confidential ACI, and the values each of them measures.
 */
export const ociOptions = z.object({
  'oci-base': z
    .string()
    .default('')
    .refine(
      (v) =>
        v === '' ||
        v === 'scratch' ||
        /^(oci:\/\/)?[^/\s@]+\/[^\s@]+@sha256:[0-9a-f]{64}$/.test(v),
      'oci-base must be pinned by digest, REGISTRY/NAME@sha256:<64 hex> (a tag can move, and the image would change with it); find the digest with `crane digest REGISTRY/NAME:TAG` or `docker buildx imagetools inspect REGISTRY/NAME:TAG`, or leave it empty for scratch'
    )
    .describe(
      "A registry image to build on, pinned by digest (REGISTRY/NAME@sha256:…; an index resolves to the binary's platform); empty or scratch: none. Login: ENCLAVE_BUILD_REGISTRY_USERNAME/_PASSWORD or docker login."
    ),
  'oci-base-layout': z
    .string()
    .default('')
    .describe(
      'A local OCI image layout to build on (its single image); empty means scratch.'
    ),
  'oci-entrypoint': z
    .string()
    .default('')
    .describe(
      'Where the binary goes in the image and runs from; empty means /app/<binary name>.'
    ),
  'oci-env': kvLines('oci-env')
    .default('')
    .describe('Environment variables of the image, one K=V per line.'),
  'oci-labels': kvLines('oci-labels')
    .default('')
    .describe(
      'Config labels, one K=V per line (Confidential Space reads tee.launch_policy.*).'
    ),
  'oci-user': z
    .string()
    .default('')
    .describe(
      'The user the entrypoint runs as (e.g. 65532); empty leaves it unset.'
    ),
  'oci-compression': z
    .enum(['none', 'gzip'])
    .default('none')
    .describe(
      'Layer as plain tar, or gzip of stored blocks (byte-stable on any machine).'
    ),
  'oci-initdata-files': kvLines('oci-initdata-files')
    .default('')
    .describe(
      'Confidential Containers initdata entries, one NAME=PATH per line (policy.rego, aa.toml, cdh.toml); writes initdata.toml and its digest.'
    ),
  'oci-initdata-algorithm': z
    .enum(['sha256', 'sha384'])
    .default('sha384')
    .describe('Digest algorithm of the initdata document.'),
  'oci-aci-policy': z
    .enum(['true', 'false'])
    .default('false')
    .describe(
      'Also write the confidential ACI security policy (confcom shape) and its HOST_DATA.'
    )
})

/** Parsed inputs of the OCI target. */
export type OciOptions = z.infer<typeof ociOptions>

/** The action outputs of the OCI target. */
export const OCI_OUTPUTS = {
  'image-layout': 'directory of the OCI image layout',
  'image-digest': 'sha256:… of the image manifest (what to pin and push)',
  'config-digest': 'sha256:… of the image config (Confidential Space image_id)',
  'diff-ids': 'layer diff IDs, comma-separated',
  'initdata-digest':
    'CoCo initdata digest (hex), when oci-initdata-files is set',
  'aci-host-data':
    'SHA-256 of the ACI policy (SNP HOST_DATA), when oci-aci-policy is true'
} as const satisfies Readonly<Record<string, string>>

/** One of {@link OCI_OUTPUTS}. */
export type OciOutput = keyof typeof OCI_OUTPUTS
