import { z } from 'zod'
import { binaryPathProblem } from './binary-path.js'

/**
 * The action inputs the Gramine target reads (kebab-case, exactly as in
 * action.yml). The signing key is PEM text from a secret, never a path.
 */
export const gramineOptions = z.object({
  'manifest-template': z
    .string()
    .min(1, 'manifest-template is required for target gramine')
    .describe(
      'Path of the Gramine manifest template (Jinja, as for gramine-manifest), relative to the workspace.'
    ),
  'gramine-vars': z
    .string()
    .default('')
    .describe(
      'Template variables, one key=value per line (a bare key is True), like gramine-manifest -D. Built in: entrypoint (the binary path in the enclave) and arch_libdir (/lib/x86_64-linux-gnu).'
    ),
  libpal: z
    .string()
    .default('')
    .describe(
      'The libpal.so to measure with (pin it: MRENCLAVE depends on its bytes). Default: <gramine-pkglibdir>/sgx/libpal.so from gramine-root, else the installed one.'
    ),
  'signing-key': z
    .string()
    .default('')
    .describe(
      'PEM text of the RSA-3072 (exponent 3) enclave signing key, from a secret. Empty: a throw-away key is made, so MRSIGNER means nothing.'
    ),
  'signing-key-passphrase': z
    .string()
    .default('')
    .describe('Passphrase of an encrypted signing-key.'),
  'gramine-binary-path': z
    .string()
    .superRefine((v, ctx) => {
      const problem = v === '' ? undefined : binaryPathProblem(v)
      if (problem) ctx.addIssue({ code: 'custom', message: problem })
    })
    .default('')
    .describe(
      'Absolute path where the built binary is placed in the enclave staging root. Default: /app/<binary name>.'
    ),
  'gramine-root': z
    .string()
    .default('')
    .describe(
      'A directory copied into the enclave staging root first (pinned Gramine files such as libsysdb.so and runtime/, configuration). Default: the installed Gramine PKGLIBDIR, when present.'
    ),
  'gramine-ldd-skip-missing': z
    .stringbool()
    .default(false)
    .describe(
      'true: ldd() in the template leaves a library missing from the enclave root out of its list, as gramine-manifest does (the enclave cannot load it). Default: such a library is an error naming it.'
    ),
  'gramine-pkglibdir': z
    .string()
    .default('/usr/lib/x86_64-linux-gnu/gramine')
    .describe(
      "Gramine's PKGLIBDIR as the manifest names it (gramine.libos, gramine.runtimedir()). Default: the Debian/Ubuntu package path."
    )
})

/** Parsed Gramine target options. */
export type GramineOptions = z.infer<typeof gramineOptions>

/**
 * The action outputs this target sets, each with its description (action.yml
 * prefixes it with the target's name).
 */
export const GRAMINE_OUTPUTS = {
  mrenclave: 'MRENCLAVE (hex), as the SGX hardware will report it',
  mrsigner: 'MRSIGNER (hex), sha256 of the signing key modulus',
  isvprodid: 'ISVPRODID from the manifest',
  isvsvn: 'ISVSVN from the manifest',
  debug: 'true when the enclave is a debug enclave',
  'manifest-sgx': 'path of the .manifest.sgx',
  sig: 'path of the .sig (SIGSTRUCT)'
} as const satisfies Readonly<Record<string, string>>

/** One of {@link GRAMINE_OUTPUTS}. */
export type GramineOutput = keyof typeof GRAMINE_OUTPUTS
