import { EnclaveBuildError } from '../../errors.js'
import type { PreflightChecks } from '../preflight.js'
import type { NitroOptions } from './options.js'
import { signPcr0 } from './signature.js'

/**
 * Nitro's inputs checked before the Go build: the blobs are readable
 * files, and the signing certificate and key come together and belong
 * together.
 */
export async function nitroPreflight(
  n: NitroOptions,
  c: PreflightChecks
): Promise<void> {
  for (const name of [
    'nitro-kernel',
    'nitro-init',
    'nitro-nsm',
    'nitro-cmdline'
  ] as const)
    await c.file(n[name], name)
  const cert = n['nitro-signing-certificate'].trim()
  const key = n['nitro-signing-key'].trim()
  if ((cert === '') !== (key === ''))
    c.problem(
      new EnclaveBuildError(
        'INPUT_INVALID',
        `${c.input('nitro-signing-certificate')} and ${c.input('nitro-signing-key')} go together: set both (PEM text from secrets) or neither`
      )
    )
  // signing a dummy PCR0 checks the certificate, the key's curve and
  // that the two belong together
  else if (cert !== '')
    await c.check(() => signPcr0('00'.repeat(48), `${cert}\n`, `${key}\n`))
}
