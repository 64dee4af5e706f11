import { constants } from 'node:fs'
import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { EnclaveBuildError } from '../../errors.js'
import type { Exec } from '../../util/exec.js'
import { trackTemp, untrackTemp } from '../../util/temps.js'
import { parseSigstruct } from '../sgx/sigstruct.js'

/**
 * When Gramine's own gramine-sgx-sign is installed, the same inputs are
 * signed with it too and the MRENCLAVEs compared: an independent check of
 * our re-implementation on the very build being attested.
 */

/** Finds an executable on PATH, or undefined. */
export async function which(
  name: string,
  env: NodeJS.ProcessEnv
): Promise<string | undefined> {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue
    const candidate = join(dir, name)
    try {
      await access(candidate, constants.X_OK)
      return candidate
    } catch {
      // not here; keep looking
    }
  }
  return undefined
}

/** The inputs gramine-sgx-sign gets; the key is PEM text, written to a 0600 temp file only for the run. */
export interface CrossCheckInput {
  tool: string
  manifestPath: string
  libpal: string
  keyPem: string
  passphrase?: string
  date: string
  chroot: string
  expectedMrenclave: string
}

/**
 * Runs gramine-sgx-sign and throws MEASUREMENT_MISMATCH when its MRENCLAVE
 * differs from ours. Returns its MRENCLAVE.
 */
export async function crossCheck(
  input: CrossCheckInput,
  deps: { exec: Exec; env: NodeJS.ProcessEnv }
): Promise<string> {
  // holds a copy of the signing key: tracked so a signal cannot leave it
  const dir = trackTemp(await mkdtemp(join(tmpdir(), 'enclave-build-gramine-')))
  try {
    const keyPath = join(dir, 'key.pem')
    await writeFile(keyPath, input.keyPem, { mode: 0o600 })
    const sig = join(dir, 'check.sig')
    const args = [
      '--manifest',
      input.manifestPath,
      '--output',
      join(dir, 'check.manifest.sgx'),
      '--libpal',
      input.libpal,
      '--key',
      keyPath,
      '--date',
      input.date,
      '--sigfile',
      sig,
      '--chroot',
      input.chroot
    ]
    if (input.passphrase) args.push('--passphrase', input.passphrase)
    const r = await deps.exec(input.tool, args, { env: deps.env })
    if (r.code !== 0)
      throw new EnclaveBuildError(
        'MEASUREMENT_MISMATCH',
        `could not cross-check with ${input.tool} (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-3).join(' ')}`
      )
    const sigBytes = await readFile(sig).catch((err: unknown) => {
      throw new EnclaveBuildError(
        'MEASUREMENT_MISMATCH',
        `${input.tool} exited 0 but wrote no .sig to cross-check`,
        { cause: err }
      )
    })
    const theirs = Buffer.from(parseSigstruct(sigBytes).enclaveHash).toString(
      'hex'
    )
    if (theirs !== input.expectedMrenclave)
      throw new EnclaveBuildError(
        'MEASUREMENT_MISMATCH',
        `${input.tool} computes MRENCLAVE ${theirs}, enclave-build computes ${input.expectedMrenclave}; the Gramine version or tomli-w on this runner may differ from v1.9 — do not ship until they agree`
      )
    return theirs
  } finally {
    await rm(dir, { recursive: true, force: true })
    untrackTemp(dir)
  }
}
