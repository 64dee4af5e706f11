import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { EnclaveBuildError } from '../../src/errors.js'
import {
  fetchVcek,
  productOfReport,
  vcekPath
} from '../../src/verify/evidence/kds.js'

const fx = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../__fixtures__/evidence/snp'
)
const dstack = readFileSync(join(fx, 'dstack-report.bin'))
const genoa = readFileSync(join(fx, 'tinfoil-genoa-report.bin'))
const gosev = readFileSync(join(fx, 'gosev-attestation.bin'))
const vcek = readFileSync(join(fx, 'tinfoil-genoa-vcek.der'))

async function codeOf(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e
  )
  if (err === undefined) return 'resolved'
  if (err instanceof EnclaveBuildError) return err.code
  throw err as Error
}

describe('AMD KDS', () => {
  it('names the product from the report’s CPUID (v3+) and builds the VCEK path', () => {
    expect(productOfReport(dstack)).toBe('Milan')
    expect(productOfReport(genoa)).toBe('Genoa')
    expect(productOfReport(gosev)).toBeUndefined() // v2: no CPUID
    expect(vcekPath(genoa, 'Genoa')).toMatch(
      /^\/vcek\/v1\/Genoa\/[0-9a-f]{128}\?blSPL=10&teeSPL=0&snpSPL=23&ucodeSPL=84$/
    )
    const turin = Buffer.from(dstack)
    turin[0x188] = 0x1a
    expect(productOfReport(turin)).toBe('Turin')
    // Turin: 8 bytes of chip id, FMC SPL first, its own TCB layout.
    expect(vcekPath(turin, 'Turin')).toBe(
      `/vcek/v1/Turin/${turin.subarray(0x1a0, 0x1a8).toString('hex')}?fmcSPL=4&blSPL=0&teeSPL=0&snpSPL=0&ucodeSPL=213`
    )
  })

  it('retries 503 and 429, then returns the DER', async () => {
    const statuses = [503, 429, 200]
    const waits: number[] = []
    const der = await fetchVcek(genoa, {
      baseUrl: 'https://kds.test',
      fetch: (() =>
        Promise.resolve(
          new Response(statuses[0] === 200 ? vcek : 'busy', {
            status: statuses.shift()
          })
        )) as unknown as typeof fetch,
      sleep: (ms) => {
        waits.push(ms)
        return Promise.resolve()
      }
    })
    expect(der.equals(vcek)).toBe(true)
    expect(waits).toHaveLength(2)
  })

  it('refuses a 404, an answer that is not a certificate, and a v2 report', async () => {
    const answer = (body: string, status: number) =>
      (() =>
        Promise.resolve(
          new Response(body, { status })
        )) as unknown as typeof fetch
    expect(
      await codeOf(
        fetchVcek(genoa, { fetch: answer('no', 404), sleep: async () => {} })
      )
    ).toBe('HTTP_ERROR')
    expect(
      await codeOf(fetchVcek(genoa, { fetch: answer('<html>', 200) }))
    ).toBe('HTTP_ERROR')
    expect(await codeOf(fetchVcek(gosev, { fetch: answer('', 200) }))).toBe(
      'INPUT_INVALID'
    )
  })
})
