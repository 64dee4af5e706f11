import { loadPrivateKey } from './attest/key.js'
import { EnclaveBuildError } from './errors.js'
import { targetOptions, type Inputs } from './inputs.js'
import { targetEntry } from './targets/index.js'
import { preflightChecks } from './targets/preflight.js'

/**
 * The checks of the action's inputs that a schema cannot make, run before
 * any work, so that a bad key or an unreadable file is not found after the
 * Go build: the attestation key parses (type, passphrase), then the chosen
 * target's own checks from its registry entry (keys, the files it will
 * read, pins). Every problem is collected and reported at once.
 */
export async function preflight(inputs: Inputs): Promise<void> {
  if (inputs.mode === 'verify') return
  const problems: EnclaveBuildError[] = []
  const c = preflightChecks(problems)

  const a = inputs.attest
  if (a?.signing === 'key')
    await c.check(() => {
      const pem = a['attestation-key']
      if (!pem)
        throw new EnclaveBuildError(
          'INPUT_INVALID',
          'signing: key needs attestation-key (a PEM private key, from a secret)'
        )
      loadPrivateKey(pem, a['attestation-key-password'])
    })

  if (inputs.target !== 'none') {
    const entry = targetEntry(inputs.target)
    if (entry.preflight)
      await entry.preflight(targetOptions(inputs, inputs.target), c)
  }

  if (problems.length === 1) throw problems[0]
  if (problems.length > 1)
    throw new EnclaveBuildError(
      problems[0].code,
      `${problems.length} problems with the inputs, found before any work:\n${problems.map((p) => `- [${p.code}] ${p.message}`).join('\n')}`
    )
}
