import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { EnclaveBuildError } from '../../src/errors.js'
import { parseDcapCollateral } from '../../src/verify/evidence/dcap-collateral.js'
import { verifyDcapQuote } from '../../src/verify/evidence/dcap-verify.js'
import { fetchDcapCollateral } from '../../src/verify/evidence/pcs.js'

/*
 * Intel PCS v4 collateral fetched from a loopback server that serves
 * Intel's recorded answers (__fixtures__/evidence/real/pcs, SOURCE.md),
 * with the faults a real service has: 404, 429 with Retry-After, and a
 * body that breaks off. The collateral fetched must verify the real GCP
 * quote exactly as the hand-assembled collateral file does.
 */

const fx = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../__fixtures__/evidence/real'
)
const read = (p: string): Buffer => readFileSync(join(fx, p))
const quote = read('tdx/gcp-cos113-v4.dat')
const AT = new Date('2025-02-20T00:00:00Z')
const chain = (p: string): string =>
  encodeURIComponent(read(p).toString('utf8'))

const ROUTES: Record<
  string,
  { body: Buffer; headers: Record<string, string> }
> = {
  '/tdx/certification/v4/tcb?fmspc=00806f050000': {
    body: read('pcs/tdx-tcb-00806f050000.json'),
    headers: { 'TCB-Info-Issuer-Chain': chain('pcs/tcb-info-issuer-chain.pem') }
  },
  '/tdx/certification/v4/qe/identity': {
    body: read('pcs/tdx-qe-identity.json'),
    headers: {
      'SGX-Enclave-Identity-Issuer-Chain': chain(
        'pcs/tcb-info-issuer-chain.pem'
      )
    }
  },
  '/sgx/certification/v4/pckcrl?ca=platform&encoding=der': {
    body: read('pcs/pckcrl-platform.der'),
    headers: {
      'SGX-PCK-CRL-Issuer-Chain': chain('pcs/pck-crl-issuer-chain.pem')
    }
  },
  '/IntelSGXRootCA.der': {
    body: read('pcs/IntelSGXRootCA.crl.der'),
    headers: {}
  }
}

/** What the server does next for a path: a fault, then the real answer. */
const faults = new Map<string, ('404' | '429' | 'truncate' | 'half')[]>()
const hits: string[] = []
let server: Server
let base = ''

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = req.url ?? ''
    hits.push(url)
    if (hits.length > 200) return void res.destroy() // bounded
    const route = ROUTES[url]
    const fault = faults.get(url)?.shift()
    if (!route || fault === '404') {
      res.writeHead(404).end('{"error":"not found"}')
      return
    }
    if (fault === '429') {
      res.writeHead(429, { 'Retry-After': '2' }).end()
      return
    }
    if (fault === 'half') {
      // A complete HTTP answer whose body is cut short (a proxy's doing).
      res.writeHead(200, route.headers).end(route.body.subarray(0, 100))
      return
    }
    if (fault === 'truncate') {
      res.writeHead(200, {
        ...route.headers,
        'Content-Length': String(route.body.length)
      })
      res.write(route.body.subarray(0, route.body.length >> 1))
      res.destroy()
      return
    }
    res.writeHead(200, route.headers).end(route.body)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((r) => server.close(r))
})

const waits: number[] = []
const options = (extra = {}): Parameters<typeof fetchDcapCollateral>[2] => ({
  baseUrl: base,
  rootCrlUrl: `${base}/IntelSGXRootCA.der`,
  sleep: (ms: number) => {
    waits.push(ms)
    return Promise.resolve()
  },
  now: () => AT,
  ...extra
})

function verdict(
  c: ReturnType<typeof parseDcapCollateral>
): string | undefined {
  return verifyDcapQuote('td-quote', quote, {
    collateral: c,
    at: AT,
    policy: { acceptedStatuses: ['UpToDate'], debug: false }
  }).tcb?.status
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'ok'
  } catch (err) {
    if (err instanceof EnclaveBuildError) return err.code
    throw err
  }
}

describe('Intel PCS v4 collateral', () => {
  it('fetches the four answers and they verify the real GCP quote as the file does', async () => {
    const fetched = await fetchDcapCollateral('td-quote', quote, options())
    const file = parseDcapCollateral(
      read('tdx/collateral-00806f050000-2025-02.json').toString('utf8'),
      'file'
    )
    expect(fetched).toEqual(file)
    expect(verdict(fetched)).toBe('UpToDate')
  })

  it('waits as a 429 asks (Retry-After), then succeeds', async () => {
    waits.length = 0
    faults.set('/tdx/certification/v4/qe/identity', ['429'])
    const c = await fetchDcapCollateral('td-quote', quote, options())
    expect(waits).toEqual([2000])
    expect(verdict(c)).toBe('UpToDate')
  })

  it('a 404 and a body that breaks off are remote faults (HTTP_ERROR, exit 1)', async () => {
    faults.set('/tdx/certification/v4/tcb?fmspc=00806f050000', ['404'])
    expect(await code(fetchDcapCollateral('td-quote', quote, options()))).toBe(
      'HTTP_ERROR'
    )
    // The other three requests of that call may still be on their way.
    await new Promise((r) => setTimeout(r, 300))
    // Broken off on every attempt (a connection reset is retried).
    faults.set(
      '/sgx/certification/v4/pckcrl?ca=platform&encoding=der',
      Array<'truncate'>(4).fill('truncate')
    )
    expect(await code(fetchDcapCollateral('td-quote', quote, options()))).toBe(
      'HTTP_ERROR'
    )
  })

  it('a complete answer with a cut-short body is refused, not cached', async () => {
    await new Promise((r) => setTimeout(r, 300))
    faults.set('/tdx/certification/v4/tcb?fmspc=00806f050000', ['half'])
    expect(await code(fetchDcapCollateral('td-quote', quote, options()))).toBe(
      'HTTP_ERROR'
    )
    await new Promise((r) => setTimeout(r, 300))
    faults.set('/IntelSGXRootCA.der', ['half'])
    expect(await code(fetchDcapCollateral('td-quote', quote, options()))).toBe(
      'HTTP_ERROR'
    )
  })

  it('keeps answers until their nextUpdate, and offline reads only the cache', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'pcs-cache-'))
    try {
      expect(
        await code(
          fetchDcapCollateral(
            'td-quote',
            quote,
            options({ cacheDir, offline: true })
          )
        )
      ).toBe('INPUT_INVALID')
      hits.length = 0
      await fetchDcapCollateral('td-quote', quote, options({ cacheDir }))
      expect(hits.length).toBe(4)
      // Within every nextUpdate (the earliest: 2025-03-15): no request.
      hits.length = 0
      const again = await fetchDcapCollateral(
        'td-quote',
        quote,
        options({ cacheDir })
      )
      expect([hits.length, verdict(again)]).toEqual([0, 'UpToDate'])
      // After the TCB info's, QE identity's and PCK CRL's nextUpdate, but
      // before the root CRL's (2025-04-03): those three are fetched again.
      hits.length = 0
      await fetchDcapCollateral(
        'td-quote',
        quote,
        options({ cacheDir, now: () => new Date('2025-03-20T00:00:00Z') })
      )
      expect(hits.sort()).toEqual(
        [
          '/sgx/certification/v4/pckcrl?ca=platform&encoding=der',
          '/tdx/certification/v4/qe/identity',
          '/tdx/certification/v4/tcb?fmspc=00806f050000'
        ].sort()
      )
      // Offline, a cached answer is used even past its nextUpdate; the
      // verification then says whether it is still valid at the time asked.
      hits.length = 0
      const offline = await fetchDcapCollateral(
        'td-quote',
        quote,
        options({
          cacheDir,
          offline: true,
          now: () => new Date('2026-01-01T00:00:00Z')
        })
      )
      expect([hits.length, verdict(offline)]).toEqual([0, 'UpToDate'])
    } finally {
      rmSync(cacheDir, { recursive: true, force: true })
    }
  })
})
