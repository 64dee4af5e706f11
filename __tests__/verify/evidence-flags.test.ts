/**
 * The command line (`enclave-build verify --FLAG`) and the action
 * (`mode: verify`, input FLAG) make the same verify request from the same
 * evidence options: the verifier is stubbed and the request each hands it
 * is compared, for random combinations of the options both have.
 */
import { describe, expect, jest, test } from '@jest/globals'
import fc from 'fast-check'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import type { VerifyInput } from '../../src/verify/run.js'

let seen: VerifyInput | undefined
jest.unstable_mockModule('../../src/verify/run.js', () => ({
  runVerify: (input: VerifyInput) => {
    seen = input
    return Promise.reject(new Error('stub: the request is what is compared'))
  }
}))
const { cli } = await import('../../src/cli/main.js')
const { verifyOptions, verifyForAction } =
  await import('../../src/verify/options.js')
const { EVIDENCE_FLAGS } = await import('../../src/verify/evidence-flags.js')
const { EnclaveBuildError } = await import('../../src/errors.js')

const dir = tmpdir()
const file = (name: string): string => join(dir, `eb-absent-${name}`)

/** Values each option may take (absent files are only named, never read). */
const VALUES: Record<string, fc.Arbitrary<string | boolean>> = {
  'evidence-time': fc.constantFrom('now', 'document', '2026-05-01T10:00:00Z'),
  'dcap-collateral': fc.constant(file('collateral.json')),
  'dcap-tcb-accept': fc.constantFrom(
    'UpToDate',
    'UpToDate,SWHardeningNeeded',
    'OutOfDate, ConfigurationNeeded'
  ),
  'dcap-allow-debug': fc.boolean(),
  'nitro-allow-debug': fc.boolean(),
  'dcap-pcs': fc.constant('https://api.trustedservices.intel.com'),
  'evidence-offline': fc.boolean(),
  'snp-vcek': fc.constant(file('vcek.pem')),
  'snp-ask': fc.constant(file('ask.pem')),
  'snp-policy': fc.constantFrom(
    'debug=allow',
    'debug=deny,migrate-ma=deny,smt=allow,min-tcb.snp=22'
  ),
  'snp-crl': fc.constantFrom('kds', file('crl.der')),
  'snp-kds': fc.constant('https://kdsintf.amd.com'),
  'evidence-cache': fc.constant(file('cache')),
  'evidence-register': fc.constantFrom('HOST_DATA', 'MRCONFIGID'),
  'cs-audience': fc.constant('https://example.test/aud'),
  'cs-jwks': fc.constantFrom('https://example.test/jwks', file('jwks.json')),
  'evidence-challenge': fc.constantFrom('00ff', 'abcdef0123')
}

const shared = Object.entries(EVIDENCE_FLAGS)
  .filter(([, f]) => !('cliOnly' in f))
  .map(([n]) => n)

const io = {
  stdout: () => undefined,
  stderr: () => undefined,
  cwd: dir,
  env: {}
}

/** What the command line hands the verifier (or the code it refuses with). */
async function viaCli(
  o: Record<string, string | boolean | undefined>
): Promise<VerifyInput | string> {
  seen = undefined
  const args = ['verify', '--bundle', file('bundle.json')]
  args.push('--evidence', file('evidence.bin'), '--evidence-type', 'snp-report')
  for (const [name, value] of Object.entries(o))
    if (value === true) args.push(`--${name}`)
    else if (typeof value === 'string') args.push(`--${name}`, value)
  let err = ''
  const code = await cli(args, { ...io, stderr: (t) => (err += t) })
  return seen ?? `${code}: ${err}`
}

/** What the action hands the verifier from the same options as inputs. */
async function viaAction(
  o: Record<string, string | boolean | undefined>
): Promise<VerifyInput | string> {
  seen = undefined
  const inputs: Record<string, string> = {
    bundle: file('bundle.json'),
    evidence: file('evidence.bin'),
    'evidence-type': 'snp-report'
  }
  for (const [name, value] of Object.entries(o))
    if (value !== undefined) inputs[name] = String(value)
  try {
    await verifyForAction(verifyOptions.parse(inputs), {
      env: {},
      log: () => undefined,
      warn: () => undefined
    })
  } catch (e) {
    if (seen === undefined)
      return e instanceof EnclaveBuildError ? e.code : String(e)
  }
  return seen ?? 'no request'
}

describe('evidence options: the command line and the action', () => {
  test('every option both have is drawn here', () => {
    expect(Object.keys(VALUES).sort()).toEqual([...shared].sort())
  })

  test('give the same verify request for the same options', async () => {
    const options = fc.record(VALUES, { requiredKeys: [] })
    await fc.assert(
      fc.asyncProperty(options, async (o) => {
        const fromCli = await viaCli(o)
        const fromAction = await viaAction(o)
        expect(typeof fromCli).toBe('object')
        expect((fromCli as VerifyInput).evidence).toEqual(
          (fromAction as VerifyInput).evidence
        )
      }),
      { numRuns: 150 }
    )
  })

  test('say what the options mean (CLI.md, action.yml)', async () => {
    const r = (await viaCli({
      'evidence-time': '2026-05-01T10:00:00Z',
      'dcap-tcb-accept': 'UpToDate,SWHardeningNeeded',
      'evidence-cache': file('cache'),
      'evidence-offline': true,
      'evidence-challenge': '00ff'
    })) as VerifyInput
    expect(r.evidence).toMatchObject({
      type: 'snp-report',
      at: new Date('2026-05-01T10:00:00Z'),
      challenge: '00ff',
      snp: { cacheDir: file('cache'), offline: true },
      dcap: {
        acceptedStatuses: ['UpToDate', 'SWHardeningNeeded'],
        cacheDir: file('cache'),
        offline: true
      }
    })
    // not given: the defaults both document (now; UpToDate only; no debug)
    const d = (await viaAction({})) as VerifyInput
    expect(d.evidence?.at).toBeUndefined()
    expect(d.evidence?.dcap).toMatchObject({
      acceptedStatuses: ['UpToDate'],
      debug: false,
      offline: false
    })
    expect(d.evidence?.nitroAllowDebug).toBe(false)
  })

  test('refuse the same bad values, each in its own terms', async () => {
    for (const [name, bad] of [
      ['evidence-time', 'yesterday'],
      ['dcap-tcb-accept', 'Fine'],
      ['snp-policy', 'debug=maybe']
    ]) {
      const fromCli = await viaCli({ [name]: bad })
      expect(fromCli).toMatch(new RegExp(`^2: .*--${name}`, 's'))
      let err: unknown
      try {
        await verifyForAction(
          verifyOptions.parse({
            bundle: file('bundle.json'),
            evidence: file('evidence.bin'),
            'evidence-type': 'snp-report',
            [name]: bad
          }),
          { env: {}, log: () => undefined, warn: () => undefined }
        )
      } catch (e) {
        err = e
      }
      expect(err).toBeInstanceOf(EnclaveBuildError)
      expect((err as Error).message).toContain(name)
      expect((err as Error).message).not.toContain(`--${name}`)
    }
  })
})
