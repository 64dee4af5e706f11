/**
 * The documented offline check of a key-signed bundle (docs/attest.md, "A
 * key-signed bundle with cosign, offline"), run as written: the shell block
 * is taken from the doc and run with the real cosign on a bundle that
 * `enclave-build attest sign --key` made, the network shut (a dead proxy,
 * an empty HOME and TUF_ROOT). Every verdict is cosign's. Needs the binary
 * in $COSIGN (bash .ci/cosign.sh builds v2.6.5); skipped by name otherwise.
 */
import { execFile } from 'node:child_process'
import {
  mkdir,
  mkdtemp,
  readFile,
  rm,
  symlink,
  writeFile
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { bundleToJSON } from '@sigstore/bundle'
import {
  DSSEBundleBuilder,
  RekorWitness,
  TSAWitness,
  type Witness
} from '@sigstore/sign'
import { cli } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'
import {
  KeySigner,
  loadPrivateKey,
  generateSigningKey
} from '../../src/attest/key.js'
import { MEASUREMENT_PREDICATE_TYPE } from '../../src/model/predicate.js'
import {
  startMockSigstore,
  type MockSigstore
} from '../../__fixtures__/sigstore-mock.js'
import { PCR0, PCR0_LOOKUP, sampleBuild } from './sample.js'

const run = promisify(execFile)
const COSIGN = process.env.COSIGN
const maybe = COSIGN ? describe : describe.skip
const DEAD_PROXY = 'http://127.0.0.1:9'

/** The shell block after the doc's marker. */
async function documentedBlock(): Promise<string> {
  const doc = await readFile('docs/attest.md', 'utf8')
  const at = doc.indexOf('<!-- cosign-key-offline:')
  const m = at < 0 ? null : /```sh\n([\s\S]*?)```/.exec(doc.slice(at))
  if (!m) throw new Error('no sh block after the cosign-key-offline marker')
  return m[1]
}

function quietIO(cwd: string): CliIO {
  return { cwd, env: {}, stdout: () => undefined, stderr: () => undefined }
}

const title = `cosign verifies a key-signed bundle offline with the documented trusted root${COSIGN ? '' : ' (needs $COSIGN from .ci/cosign.sh)'}`
maybe(title, () => {
  let dir: string
  let block: string
  let env: NodeJS.ProcessEnv
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cosign-key-root-'))
    const bin = join(dir, 'bin')
    await mkdir(bin)
    await symlink(COSIGN as string, join(bin, 'cosign'))
    env = {
      PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
      HOME: join(dir, 'home'),
      TUF_ROOT: join(dir, 'tuf'),
      PCR0,
      HTTPS_PROXY: DEAD_PROXY,
      HTTP_PROXY: DEAD_PROXY,
      https_proxy: DEAD_PROXY,
      http_proxy: DEAD_PROXY
    }
    // The README flow: a key, the statement, the bundle.
    await writeFile(join(dir, 'build.json'), JSON.stringify(sampleBuild()))
    const io = quietIO(dir)
    const steps = [
      ['attest', 'gen-key', '--output', 'attest.pem'],
      [
        'attest',
        'statement',
        '--build-record',
        'build.json',
        '--target',
        'nitro',
        '--measurement',
        `PCR0=${PCR0}`,
        '--output',
        'app.intoto.json'
      ],
      [
        'attest',
        'sign',
        '--statement',
        'app.intoto.json',
        '--key',
        'attest.pem',
        '--output',
        'app.sigstore.json'
      ]
    ]
    for (const args of steps)
      if ((await cli(args, io)) !== 0)
        throw new Error(`enclave-build ${args.join(' ')} failed`)
    block = await documentedBlock()
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  /** Runs shell text in the work directory; cosign's exit and its words. */
  async function sh(text: string): Promise<{ ok: boolean; out: string }> {
    try {
      const r = await run('bash', ['-euo', 'pipefail', '-c', text], {
        cwd: dir,
        env,
        timeout: 60_000
      })
      return { ok: true, out: r.stdout + r.stderr }
    } catch (err) {
      const e = err as { stdout?: string; stderr?: string }
      return { ok: false, out: `${e.stdout ?? ''}${e.stderr ?? ''}` }
    }
  }

  /** The block with one piece of text replaced (it must be there). */
  function edited(from: string, to: string): string {
    expect(block).toContain(from)
    return block.replace(from, to)
  }

  it('the documented commands verify it', async () => {
    const r = await sh(block)
    expect(r.out).toMatch(/Verified OK/)
    expect(r.ok).toBe(true)
  })

  it('the shipped docs/key-trusted-root.json is the root the block writes', async () => {
    await sh(block)
    expect(
      JSON.parse(await readFile('docs/key-trusted-root.json', 'utf8'))
    ).toEqual(
      JSON.parse(await readFile(join(dir, 'trusted_root.json'), 'utf8'))
    )
    const shipped = join(process.cwd(), 'docs/key-trusted-root.json')
    const r = await sh(
      edited('--trusted-root trusted_root.json', `--trusted-root ${shipped}`)
    )
    expect(r.out).toMatch(/Verified OK/)
  })

  it('without --trusted-root, offline, cosign refuses (it would fetch the public root)', async () => {
    const r = await sh(edited('--trusted-root trusted_root.json ', ''))
    expect(r.ok).toBe(false)
    expect(r.out).toMatch(/trusted root is required/)
  })

  it('without --insecure-ignore-tlog cosign wants a log entry; --private-infrastructure does as well', async () => {
    const r = await sh(edited(' --insecure-ignore-tlog', ''))
    expect(r.ok).toBe(false)
    expect(r.out).toMatch(/not enough verified log entries/)
    const p = await sh(
      edited('--insecure-ignore-tlog', '--private-infrastructure')
    )
    expect(p.out).toMatch(/Verified OK/)
    expect(p.ok).toBe(true)
    const o = await sh(
      edited('--insecure-ignore-tlog', '--insecure-ignore-tlog --offline')
    )
    expect(o.ok).toBe(true)
  })

  it('another key, a digest that is no subject, another predicate type: refused', async () => {
    await writeFile(join(dir, 'other.pub'), generateSigningKey().publicKeyPem)
    const key = await sh(edited('--key attest.pub', '--key other.pub'))
    expect(key.ok).toBe(false)
    const digest = await sh(
      edited(
        '"$(printf %s "$PCR0" | xxd -r -p | sha256sum | cut -d\' \' -f1)"',
        'ab'.repeat(32)
      )
    )
    expect(digest.ok).toBe(false)
    const type = await sh(
      edited(MEASUREMENT_PREDICATE_TYPE, 'https://slsa.dev/provenance/v1')
    )
    expect(type.ok).toBe(false)
    expect(type.out).toMatch(/invalid predicate type/)
  })

  describe('a key-signed bundle with a witness (the table of docs/attest.md)', () => {
    let mock: MockSigstore
    let full: string
    beforeAll(async () => {
      mock = await startMockSigstore()
      full = join(dir, 'mock-root.json')
      await writeFile(full, JSON.stringify(mock.trustedRoot))
    })
    afterAll(async () => {
      await mock.close()
    })

    /** The statement signed with the key, the witness's evidence in the bundle. */
    async function witnessed(name: string, witness: Witness): Promise<string> {
      const key = loadPrivateKey(
        await readFile(join(dir, 'attest.pem'), 'utf8')
      )
      const bundle = await new DSSEBundleBuilder({
        signer: new KeySigner(key),
        witnesses: [witness]
      }).create({
        data: await readFile(join(dir, 'app.intoto.json')),
        type: 'application/vnd.in-toto+json'
      })
      const json = bundleToJSON(bundle)
      // as attest sign does: cosign compares a non-empty keyid with its own
      for (const s of json.dsseEnvelope?.signatures ?? []) s.keyid = ''
      const path = join(dir, `${name}.sigstore.json`)
      await writeFile(path, JSON.stringify(json))
      return path
    }

    async function cosign(
      bundle: string,
      root: string,
      flags: string[]
    ): Promise<boolean> {
      const args = [
        'verify-blob-attestation',
        '--bundle',
        bundle,
        '--key',
        join(dir, 'attest.pub'),
        '--trusted-root',
        root,
        ...flags,
        '--type',
        MEASUREMENT_PREDICATE_TYPE,
        '--digest',
        PCR0_LOOKUP,
        '--digestAlg',
        'sha256'
      ]
      try {
        await run(COSIGN as string, args, { env, timeout: 60_000 })
        return true
      } catch {
        return false
      }
    }

    it('a Rekor entry: the log key in the root and no flag; the minimal root only with --insecure-ignore-tlog', async () => {
      const b = await witnessed(
        'rekor',
        new RekorWitness({ rekorBaseURL: mock.rekorURL })
      )
      const minimal = join(dir, 'trusted_root.json')
      await sh(block) // writes the minimal root
      expect(await cosign(b, full, [])).toBe(true)
      expect(await cosign(b, minimal, [])).toBe(false)
      expect(await cosign(b, minimal, ['--insecure-ignore-tlog'])).toBe(true)
    })

    it('a TSA timestamp: the TSA chain in the root with --use-signed-timestamps --insecure-ignore-tlog', async () => {
      const b = await witnessed(
        'tsa',
        new TSAWitness({ tsaBaseURL: mock.tsaURL })
      )
      const minimal = join(dir, 'trusted_root.json')
      await sh(block)
      const flags = ['--use-signed-timestamps', '--insecure-ignore-tlog']
      expect(await cosign(b, full, flags)).toBe(true)
      expect(await cosign(b, minimal, flags)).toBe(false)
      expect(await cosign(b, full, ['--use-signed-timestamps'])).toBe(false)
    })
  })
})
