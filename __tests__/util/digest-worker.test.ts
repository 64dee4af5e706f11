import { afterAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { resolve } from 'node:path'
import { types } from 'node:util'
import {
  allocForDigest,
  digestOffThread,
  digestWorkerReady,
  stopDigestWorker,
  warmDigestWorker,
  type OffThreadAlgorithm
} from '../../src/util/digest-worker.js'

// Off-thread digests must equal node:crypto's, whichever way they are
// computed (worker in place, WebCrypto, or WebCrypto after the worker died).

const algorithms: OffThreadAlgorithm[] = ['sha256', 'sha384', 'sha512']
const hex = (d: Uint8Array): string => Buffer.from(d).toString('hex')
const plain = (a: OffThreadAlgorithm, b: Uint8Array): string =>
  createHash(a).update(b).digest('hex')

/** `bytes` copied into shared memory at `offset`, as a view of just them. */
function sharedCopy(bytes: Uint8Array, offset: number): Uint8Array {
  const sab = new SharedArrayBuffer(offset + bytes.length + 7)
  const view = new Uint8Array(sab, offset, bytes.length)
  view.set(bytes)
  return view
}

const input = fc.record({
  algorithm: fc.constantFrom(...algorithms),
  bytes: fc.uint8Array({ maxLength: 5000 }),
  offset: fc.nat({ max: 100 })
})

afterAll(stopDigestWorker)

describe('digestOffThread without the worker', () => {
  it('equals node:crypto for plain and shared memory', async () => {
    expect(digestWorkerReady()).toBe(false)
    expect(types.isSharedArrayBuffer(allocForDigest(8).buffer)).toBe(false)
    await fc.assert(
      fc.asyncProperty(input, async ({ algorithm, bytes, offset }) => {
        const want = plain(algorithm, bytes)
        expect(hex(await digestOffThread(algorithm, bytes))).toBe(want)
        expect(
          hex(await digestOffThread(algorithm, sharedCopy(bytes, offset)))
        ).toBe(want)
      }),
      { numRuns: 50 }
    )
  })
})

describe('digestOffThread with the worker up', () => {
  it('hashes views of shared memory in place, many at once', async () => {
    await warmDigestWorker()
    expect(digestWorkerReady()).toBe(true)
    expect(types.isSharedArrayBuffer(allocForDigest(8).buffer)).toBe(true)
    const cases = fc.sample(input, 60)
    const got = await Promise.all(
      cases.map(({ algorithm, bytes, offset }) =>
        digestOffThread(algorithm, sharedCopy(bytes, offset))
      )
    )
    expect(got.map(hex)).toEqual(
      cases.map(({ algorithm, bytes }) => plain(algorithm, bytes))
    )
  })

  it('warming again is the same worker', async () => {
    await warmDigestWorker()
    await warmDigestWorker()
    expect(digestWorkerReady()).toBe(true)
  })

  it('redoes outstanding requests with WebCrypto when the worker stops', async () => {
    await warmDigestWorker()
    const big = allocForDigest(8 << 20)
    big.fill(0x5a)
    const pending = digestOffThread('sha384', big)
    await stopDigestWorker()
    expect(digestWorkerReady()).toBe(false)
    expect(hex(await pending)).toBe(plain('sha384', big))
    // and later requests go to WebCrypto until it is warmed again
    expect(hex(await digestOffThread('sha256', big))).toBe(plain('sha256', big))
    await warmDigestWorker()
    expect(digestWorkerReady()).toBe(true)
  })
})

describe('an idle worker', () => {
  it('does not keep its process alive', () => {
    // A process that warms the worker, waits until it is up and then has
    // nothing left to do must end by itself. Node runs the TypeScript
    // module directly (it only has type imports to strip).
    const module = resolve('src/util/digest-worker.ts')
    const script = [
      `import { warmDigestWorker } from ${JSON.stringify(module)}`,
      'const hold = setTimeout(() => {}, 5000)',
      "warmDigestWorker().then(() => { console.log('up'); clearTimeout(hold) })"
    ].join('\n')
    const t0 = Date.now()
    const r = spawnSync(
      process.execPath,
      ['--input-type=module', '--eval', script],
      { encoding: 'utf8', timeout: 15_000, killSignal: 'SIGKILL' }
    )
    expect(r.signal).toBeNull()
    expect(r.stdout).toBe('up\n')
    expect(r.status).toBe(0)
    expect(Date.now() - t0).toBeLessThan(4000)
  })

  it('is held while it starts and while a request is out, so awaiting it alone works', () => {
    // Nothing else keeps this process alive: an unref'd worker here left
    // the event loop empty and Node exited with 13 before the answer.
    const module = resolve('src/util/digest-worker.ts')
    const script = [
      `import { allocForDigest, digestOffThread, digestWorkerReady, warmDigestWorker } from ${JSON.stringify(module)}`,
      'await warmDigestWorker()',
      'const bytes = allocForDigest(1 << 20)',
      'bytes.fill(7)',
      "const d = await digestOffThread('sha256', bytes)",
      "console.log(digestWorkerReady(), Buffer.from(d).toString('hex'))"
    ].join('\n')
    const r = spawnSync(
      process.execPath,
      ['--input-type=module', '--eval', script],
      { encoding: 'utf8', timeout: 15_000, killSignal: 'SIGKILL' }
    )
    const want = createHash('sha256')
      .update(Buffer.alloc(1 << 20, 7))
      .digest('hex')
    expect([r.status, r.stdout]).toEqual([0, `true ${want}\n`])
  })
})
