// Why this file is long: the four `attest` subcommands with their flag tables and usage text, each mostly flag handling; they share the measurement and file helpers above.
import { isAbsolute, resolve } from 'node:path'
import { EnclaveBuildError } from '../../errors.js'
import { measurement } from '../../model/measurement.js'
import { generateSigningKey, publicKeyHint } from '../../attest/key.js'
import {
  findMeasurementSubject,
  verifyBundleWithKey
} from '../../attest/key-verify.js'
import { githubOidcProvider } from '../../attest/oidc.js'
import { TOOL_VERSION } from '../../model/predicate.js'
import {
  readBuildRecord,
  readJsonFile,
  readTargetResult
} from '../../attest/records.js'
import {
  signStatement,
  sigstoreEndpoints,
  writeBundle
} from '../../attest/sign.js'
import { buildMeasurementStatement } from '../../attest/statement.js'
import { parseStatement } from '../../model/statement.js'
import type { TargetResult } from '../../model/target-result.js'
import { readInputText, hashFile, writeFileAtomic } from '../../util/fs.js'
import { refuseOverwrite, writeFileSet } from '../../util/file-set.js'
import { parse, required } from '../args.js'
import { printJson, type CliIO, type Command } from '../io.js'

/** A PEM key file is a few KiB; more is not a key. */
const PEM = { maxBytes: 2 ** 20 }

const at = (io: CliIO, p: string): string =>
  isAbsolute(p) ? p : resolve(io.cwd, p)

/** Splits NAME=VALUE; INPUT_INVALID naming the flag otherwise. */
function pair(flag: string, s: string): [string, string] {
  const i = s.indexOf('=')
  if (i <= 0 || i === s.length - 1)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `${flag} takes NAME=VALUE, got "${s}"`
    )
  return [s.slice(0, i), s.slice(i + 1)]
}

/**
 * `enclave-build attest statement`: the measurement statement from a build
 * record and either a saved TargetResult or measurements on the command
 * line (the algorithm follows from the length: 64 hex = sha256, 96 = sha384).
 */
export const attestStatement: Command = async (args, io) => {
  const { values: v } = parse(args, {
    'build-record': { type: 'string', file: 'json', required: true },
    'target-result': { type: 'string', file: 'json' },
    target: { type: 'string' },
    measurement: { type: 'string', multiple: true, default: [] },
    artifact: {
      type: 'string',
      multiple: true,
      default: [],
      file: { kind: 'image', path: (v: string) => v.slice(v.indexOf('=') + 1) }
    },
    pinned: {
      type: 'string',
      multiple: true,
      default: [],
      file: { kind: 'image', path: (v: string) => v.slice(v.indexOf('=') + 1) }
    },
    signer: { type: 'string', multiple: true, default: [] },
    repository: { type: 'string' },
    ref: { type: 'string' },
    output: { type: 'string', required: true },
    json: { type: 'boolean', default: false }
  })
  const output = at(io, required(v.output, '--output'))
  const build = await readBuildRecord(
    at(io, required(v['build-record'], '--build-record'))
  )
  let result: TargetResult
  if (v['target-result'] !== undefined) {
    result = await readTargetResult(at(io, v['target-result']))
  } else {
    const measurements = v.measurement.map((m) => {
      const [name, hex] = pair('--measurement', m)
      const algorithm = hex.length === 96 ? 'sha384' : 'sha256'
      return measurement(name, algorithm, hex)
    })
    const files = async (
      flag: string,
      list: string[]
    ): Promise<{ name: string; path: string; sha256: string }[]> =>
      Promise.all(
        list.map(async (s) => {
          const [name, p] = pair(flag, s)
          const path = at(io, p)
          const sha256 = await hashFile(path, 'sha256', `${flag} ${name}:`)
          return { name, path, sha256 }
        })
      )
    result = {
      target: required(v.target, '--target (or --target-result)'),
      measurements,
      artifacts: (await files('--artifact', v.artifact)).map((f) => ({
        kind: f.name,
        path: f.path,
        sha256: f.sha256
      })),
      pinned: await files('--pinned', v.pinned),
      ...(v.signer.length
        ? {
            signer: Object.fromEntries(v.signer.map((s) => pair('--signer', s)))
          }
        : {}),
      outputs: {},
      parameters: {}
    }
  }
  const statement = buildMeasurementStatement({
    result,
    build,
    source: { repository: v.repository, ref: v.ref },
    toolVersion: TOOL_VERSION
  })
  await writeFileAtomic(output, `${JSON.stringify(statement, null, 2)}\n`)
  if (v.json)
    printJson(io, {
      statement: output,
      predicateType: statement.predicateType,
      subject: statement.subject
    })
  else
    io.stdout(
      `${output}\n${statement.subject.map((s) => `  ${s.digest.sha256}  ${s.name}`).join('\n')}\n`
    )
  return 0
}

/**
 * `enclave-build attest sign`: signs a statement into a Sigstore bundle,
 * with a PEM key (--key) or keyless (GitHub OIDC, or SIGSTORE_ID_TOKEN).
 * The key password is read from an environment variable, never argv.
 */
export const attestSign: Command = async (args, io) => {
  const { values: v } = parse(args, {
    statement: { type: 'string', file: 'json', required: true },
    output: { type: 'string', required: true },
    key: { type: 'string', file: 'pem' },
    'key-password-env': {
      type: 'string',
      default: 'ENCLAVE_BUILD_KEY_PASSWORD'
    },
    sigstore: { type: 'string', default: 'public-good' },
    'fulcio-url': { type: 'string' },
    'rekor-url': { type: 'string' },
    'tsa-url': { type: 'string' },
    json: { type: 'boolean', default: false }
  })
  const statementPath = at(io, required(v.statement, '--statement'))
  const output = at(io, required(v.output, '--output'))
  const statement = parseStatement(
    await readJsonFile(statementPath, 'statement')
  )
  let signed
  if (v.key !== undefined) {
    const pem = await readInputText(at(io, v.key), 'the key', PEM)
    signed = await signStatement(statement, {
      mode: 'key',
      privateKeyPem: pem,
      password: io.env[v['key-password-env']] || undefined
    })
  } else {
    if (v.sigstore !== 'public-good' && v.sigstore !== 'github')
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        `--sigstore must be public-good or github, not "${v.sigstore}"`
      )
    const defaults = sigstoreEndpoints(v.sigstore, io.env.GITHUB_SERVER_URL)
    const custom = v['fulcio-url'] !== undefined
    signed = await signStatement(statement, {
      mode: 'keyless',
      endpoints: {
        fulcioURL: v['fulcio-url'] ?? defaults.fulcioURL,
        ...(custom
          ? {
              ...(v['rekor-url'] ? { rekorURL: v['rekor-url'] } : {}),
              ...(v['tsa-url'] ? { tsaURL: v['tsa-url'] } : {})
            }
          : {
              ...defaults,
              ...(v['rekor-url'] ? { rekorURL: v['rekor-url'] } : {}),
              ...(v['tsa-url'] ? { tsaURL: v['tsa-url'] } : {})
            })
      },
      identityProvider: githubOidcProvider({ env: io.env })
    })
  }
  await writeBundle(output, signed.bundle)
  const facts = {
    bundle: output,
    mode: v.key !== undefined ? 'key' : 'keyless',
    predicateType: statement.predicateType,
    ...(signed.keyHint ? { keyHint: signed.keyHint } : {}),
    ...(signed.logIndex ? { logIndex: signed.logIndex } : {})
  }
  if (v.json) printJson(io, facts)
  else io.stdout(`${output}\n`)
  return 0
}

/** `enclave-build attest gen-key`: a P-256 key pair for --key signing. */
export const attestGenKey: Command = async (args, io) => {
  const { values: v } = parse(args, {
    output: { type: 'string', required: true },
    'public-key': { type: 'string' },
    'key-password-env': { type: 'string' },
    force: { type: 'boolean', short: 'f', default: false },
    json: { type: 'boolean', default: false }
  })
  const output = at(io, required(v.output, '--output'))
  const pub = at(
    io,
    v['public-key'] ?? output.replace(/(\.pem|\.key)?$/, '.pub')
  )
  if (pub === output)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      '--public-key must differ from --output'
    )
  const password = v['key-password-env']
    ? io.env[v['key-password-env']]
    : undefined
  if (v['key-password-env'] && !password)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `environment variable ${v['key-password-env']} is empty`
    )
  // as sgx gen-key: never replace a key without --force, and write the
  // pair together
  refuseOverwrite([output, pub], v.force)
  const { privateKeyPem, publicKeyPem } = generateSigningKey(password)
  await writeFileSet(
    [
      { path: output, data: privateKeyPem, mode: 0o600 },
      { path: pub, data: publicKeyPem }
    ],
    { overwrite: v.force }
  )
  const facts = {
    privateKey: output,
    publicKey: pub,
    keyHint: publicKeyHint(publicKeyPem)
  }
  if (v.json) printJson(io, facts)
  else io.stdout(`${output}\n${pub}\n`)
  return 0
}

/**
 * `enclave-build attest verify-key`: checks a key-signed bundle with the
 * public key and, with --measurement, that the measurement is a subject.
 */
export const attestVerifyKey: Command = async (args, io) => {
  const { values: v } = parse(args, {
    bundle: { type: 'string', file: 'json', required: true },
    'public-key': { type: 'string', file: 'pem', required: true },
    measurement: { type: 'string' },
    json: { type: 'boolean', default: false }
  })
  const bundlePath = at(io, required(v.bundle, '--bundle'))
  const pem = await readInputText(
    at(io, required(v['public-key'], '--public-key')),
    'the public key',
    PEM
  )
  const statement = verifyBundleWithKey(
    await readJsonFile(bundlePath, 'bundle'),
    pem
  )
  const subject =
    v.measurement !== undefined
      ? findMeasurementSubject(statement, v.measurement)
      : undefined
  const facts = {
    verified: true,
    predicateType: statement.predicateType,
    keyHint: publicKeyHint(pem),
    ...(subject
      ? { measurement: v.measurement?.toLowerCase(), subject: subject.name }
      : {}),
    subjects: statement.subject
  }
  if (v.json) printJson(io, facts)
  else io.stdout(`Verified OK${subject ? `: ${subject.name}` : ''}\n`)
  return 0
}
