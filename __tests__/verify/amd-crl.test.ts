import { execFileSync, spawnSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { EnclaveBuildError } from '../../src/errors.js'
import { checkNotRevoked, readCrl } from '../../src/verify/evidence/crl.js'
import { fetchAmdCrl } from '../../src/verify/evidence/kds.js'
import { DEFAULT_SNP_POLICY } from '../../src/verify/evidence/snp-policy.js'
import { verifySnpReport } from '../../src/verify/evidence/snp-verify.js'

/*
 * AMD's CRLs (KDS /vcek|vlek/v1/{product}/crl) are RSASSA-PSS, SHA-384,
 * 48-byte salt, signed by the ARK. No real one is published in a
 * repository this project could find, so OpenSSL makes one of that shape
 * here with a throw-away "ARK" revoking a throw-away "ASK"; the real
 * report below shows the CRL is checked against the pinned ARK itself.
 */

const fx = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../__fixtures__/evidence'
)
const HAVE_OPENSSL = spawnSync('openssl', ['version']).status === 0
const work = mkdtempSync(join(tmpdir(), 'amd-crl-'))
let crl: Buffer
let ark: X509Certificate
let ask: X509Certificate
let server: Server
let base = ''
const hits: string[] = []
let half = false

beforeAll(async () => {
  if (!HAVE_OPENSSL) return
  const run = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: work, stdio: 'ignore' })
  }
  writeFileSync(
    join(work, 'ca.cnf'),
    '[ca]\ndefault_ca = ark\n[ark]\ndatabase = index.txt\ncrlnumber = crlnumber\ndefault_md = sha384\ndefault_crl_days = 30\n[req]\ndistinguished_name = dn\nprompt = no\n[dn]\nCN = ARK-Test\n'
  )
  writeFileSync(join(work, 'index.txt'), '')
  writeFileSync(join(work, 'crlnumber'), '01\n')
  const pss = [
    '-sigopt',
    'rsa_padding_mode:pss',
    '-sigopt',
    'rsa_pss_saltlen:48'
  ]
  run(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-keyout',
    'ark.key',
    '-nodes',
    '-out',
    'ark.pem',
    '-days',
    '3650',
    '-config',
    'ca.cnf',
    '-sha384',
    ...pss
  )
  run(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-keyout',
    'ask.key',
    '-nodes',
    '-out',
    'ask.pem',
    '-days',
    '3650',
    '-subj',
    '/CN=SEV-Test'
  )
  run(
    'ca',
    '-config',
    'ca.cnf',
    '-keyfile',
    'ark.key',
    '-cert',
    'ark.pem',
    '-revoke',
    'ask.pem'
  )
  run(
    'ca',
    '-config',
    'ca.cnf',
    '-keyfile',
    'ark.key',
    '-cert',
    'ark.pem',
    '-gencrl',
    '-out',
    'crl.pem',
    ...pss
  )
  run('crl', '-in', 'crl.pem', '-outform', 'der', '-out', 'crl.der')
  crl = readFileSync(join(work, 'crl.der'))
  ark = new X509Certificate(readFileSync(join(work, 'ark.pem')))
  ask = new X509Certificate(readFileSync(join(work, 'ask.pem')))
  server = createServer((req, res) => {
    hits.push(req.url ?? '')
    if (hits.length > 50) return void res.destroy()
    if (req.url !== '/vcek/v1/Milan/crl') return void res.writeHead(404).end()
    res.writeHead(200).end(half ? crl.subarray(0, 40) : crl)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  if (server) await new Promise((r) => server.close(r))
  rmSync(work, { recursive: true, force: true })
})

function code(f: () => unknown): string {
  try {
    f()
    return 'ok'
  } catch (err) {
    if (err instanceof EnclaveBuildError) return err.code
    throw err
  }
}

;(HAVE_OPENSSL ? describe : describe.skip)(
  "AMD's CRL (needs openssl to make one)",
  () => {
    it('an RSASSA-PSS SHA-384 CRL is verified and its revocations found', () => {
      const now = new Date()
      const list = readCrl('snp-report', crl, ark, now, "AMD's CRL")
      expect(list.revoked.has(ask.serialNumber.toUpperCase())).toBe(true)
      expect(code(() => checkNotRevoked('snp-report', list, ask))).toBe(
        'EVIDENCE_UNVERIFIED'
      )
      expect(code(() => readCrl('snp-report', crl, ask, now, 'x'))).toBe(
        'EVIDENCE_UNVERIFIED'
      )
    })

    it('a CRL not signed by the pinned ARK refuses a real report', () => {
      const report = readFileSync(join(fx, 'snp/dstack-report.bin'))
      const vcek = readFileSync(join(fx, 'snp/dstack-vcek.pem'))
      const at = new Date()
      const verify = (withCrl?: Buffer): string =>
        code(() =>
          verifySnpReport(report, {
            certificates: { vcek },
            policy: DEFAULT_SNP_POLICY,
            at,
            ...(withCrl ? { crl: withCrl } : {})
          })
        )
      expect([verify(), verify(crl)]).toEqual(['ok', 'EVIDENCE_UNVERIFIED'])
    })

    it('is fetched from KDS, kept until its nextUpdate, read offline from the cache', async () => {
      const cacheDir = join(work, 'cache')
      const fetchIt = (extra = {}): Promise<Buffer> =>
        fetchAmdCrl('Milan', 'vcek', { baseUrl: base, cacheDir, ...extra })
      let offline = 'ok'
      await fetchIt({ offline: true }).catch((e: EnclaveBuildError) => {
        offline = e.code
      })
      expect(offline).toBe('INPUT_INVALID')
      hits.length = 0
      expect((await fetchIt()).equals(crl)).toBe(true)
      expect((await fetchIt()).equals(crl)).toBe(true)
      expect(hits).toEqual(['/vcek/v1/Milan/crl'])
      // Past its nextUpdate (30 days) it is fetched again; offline it is not.
      const later = new Date(Date.now() + 40 * 86400_000)
      await fetchIt({ now: later })
      expect(hits.length).toBe(2)
      await fetchIt({ now: later, offline: true })
      expect(hits.length).toBe(2)
      half = true
      let cut = 'ok'
      await fetchAmdCrl('Milan', 'vcek', { baseUrl: base }).catch(
        (e: EnclaveBuildError) => {
          cut = e.code
        }
      )
      expect(cut).toBe('HTTP_ERROR')
    })
  }
)
