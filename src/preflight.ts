import { loadPrivateKey } from './attest/key.js'
import { asEnclaveBuildError, EnclaveBuildError } from './errors.js'
import type { Inputs } from './inputs.js'
import { signPcr0 } from './targets/nitro/signature.js'
import { loadSgxKey } from './targets/sgx/key.js'
import { openInputFile, readInputText } from './util/fs.js'
import { ACTION_FILE_INPUTS, INPUT_LIMITS } from './util/limits.js'

const fs = process.getBuiltinModule('node:fs')
const path = process.getBuiltinModule('node:path')

/**
 * The checks of the action's inputs that a schema cannot make, run before
 * any work (issue 12, item 11): keys are parsed (type, passphrase, the
 * Nitro certificate and key belonging together), and the files the target
 * will read are opened as regular files, so that a bad key or an
 * unreadable template is not found after the Go build. Every problem is
 * collected and reported at once.
 */
export async function preflight(inputs: Inputs): Promise<void> {
  const problems: EnclaveBuildError[] = []
  const check = async (work: () => unknown): Promise<void> => {
    try {
      await work()
    } catch (err) {
      problems.push(asEnclaveBuildError(err))
    }
  }
  // each file input within the limit of its kind (util/limits.ts)
  const file = (path: string, what: string) => (): void => {
    const kind = ACTION_FILE_INPUTS[what]
    fs.closeSync(
      openInputFile(path, what, {
        maxBytes:
          kind === undefined ? Number.POSITIVE_INFINITY : INPUT_LIMITS[kind]
      }).fd
    )
  }

  const v = inputs.verify
  if (inputs.mode === 'verify') {
    if (v)
      for (const name of [
        'evidence',
        'trusted-root',
        'dcap-collateral',
        'snp-vcek',
        'snp-ask'
      ] as const)
        if (v[name] !== '') await check(file(v[name], name))
    return report(problems)
  }

  if (inputs.pgo !== 'off' && inputs.pgo !== 'auto')
    await check(
      file(path.resolve(inputs['working-directory'], inputs.pgo), 'pgo')
    )

  const a = inputs.attest
  if (a?.signing === 'key')
    await check(() => {
      const pem = a['attestation-key']
      if (!pem)
        throw new EnclaveBuildError(
          'INPUT_INVALID',
          'signing: key needs attestation-key (a PEM private key, from a secret)'
        )
      loadPrivateKey(pem, a['attestation-key-password'])
    })

  const g = inputs.gramine
  if (g) {
    if (g['signing-key'].trim() !== '')
      await check(() =>
        loadSgxKey(g['signing-key'], g['signing-key-passphrase'] || undefined)
      )
    await check(() =>
      readInputText(g['manifest-template'], 'manifest-template', {
        maxBytes: INPUT_LIMITS.manifest
      })
    )
    if (g.libpal !== '') await check(file(g.libpal, 'libpal'))
    if (g['gramine-root'] !== '')
      await check(() => {
        if (!fs.statSync(g['gramine-root']).isDirectory())
          throw new EnclaveBuildError(
            'FILE_NOT_REGULAR',
            `gramine-root ${g['gramine-root']} is not a directory`
          )
      })
  }

  const n = inputs.nitro
  if (n) {
    for (const name of [
      'nitro-kernel',
      'nitro-init',
      'nitro-nsm',
      'nitro-cmdline'
    ] as const)
      await check(file(n[name], name))
    const cert = n['nitro-signing-certificate'].trim()
    const key = n['nitro-signing-key'].trim()
    if ((cert === '') !== (key === ''))
      problems.push(
        new EnclaveBuildError(
          'INPUT_INVALID',
          'nitro-signing-certificate and nitro-signing-key go together: set both (PEM text from secrets) or neither'
        )
      )
    // signing a dummy PCR0 checks the certificate, the key's curve and
    // that the two belong together
    else if (cert !== '')
      await check(() => signPcr0('00'.repeat(48), `${cert}\n`, `${key}\n`))
  }

  const s = inputs.snp
  if (s) {
    await check(file(s['snp-ovmf'], 'snp-ovmf'))
    await check(file(s['snp-kernel'], 'snp-kernel'))
  }

  const t = inputs.tdx
  if (t)
    for (const name of [
      'tdx-ovmf',
      'tdx-kernel',
      'tdx-acpi-tables',
      'tdx-acpi-rsdp',
      'tdx-acpi-loader'
    ] as const) {
      const given = t[name]
      if (given !== undefined && given !== '') await check(file(given, name))
    }

  report(problems)
}

/** Throws the one problem, or all of them in one error. */
function report(problems: EnclaveBuildError[]): void {
  if (problems.length === 1) throw problems[0]
  if (problems.length > 1)
    throw new EnclaveBuildError(
      problems[0].code,
      `${problems.length} problems with the inputs, found before any work:\n${problems.map((p) => `- [${p.code}] ${p.message}`).join('\n')}`
    )
}
