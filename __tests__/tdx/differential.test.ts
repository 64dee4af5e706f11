import { afterAll, describe, expect, test } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { EnclaveBuildError } from '../../src/errors.js'
import { gceMrtd, GCE_SHAPES } from '../../src/targets/tdx/gce.js'
import { parseTdvf } from '../../src/targets/tdx/metadata.js'
import { dstackRegions, mrtdOf } from '../../src/targets/tdx/mrtd.js'
import { tdvfImage, type GenSection } from './fwgen.js'

// Random TDVF images and machine shapes, compared with google/gce-tcb-verifier v0.3.1
// (.ci/tdx-oracle.sh builds .tools/tdx-gce-oracle). Without it the suite skips loudly.

const exe = process.env.TDX_GCE_ORACLE
const have = exe !== undefined && existsSync(exe)
const suite = have ? describe : describe.skip
const RUNS = Number(process.env.TDX_DIFF_RUNS ?? 25)
const dir = mkdtempSync(join(tmpdir(), 'tdx-diff-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function oracle(fw: Uint8Array, shape?: string): string {
  const path = join(dir, 'fw.fd')
  writeFileSync(path, fw)
  const r = spawnSync(exe as string, shape ? [path, shape] : [path], {
    encoding: 'utf8',
    timeout: 20_000
  })
  // A corrupt section count can make the oracle read millions of sections: no answer.
  if (r.error !== undefined) return 'timeout'
  return r.status === 0 ? r.stdout.trim() : 'error'
}

function ours(fw: Uint8Array, shape?: string): string {
  try {
    return Buffer.from(gceMrtd(fw, shape)).toString('hex')
  } catch (e) {
    expect((e as EnclaveBuildError).code).toBe('FIRMWARE_INVALID')
    // Ours alone: sections describing more than 256 MiB are refused (see metadata.ts).
    return /more than 256 MiB/.test((e as Error).message) ? 'cap' : 'error'
  }
}

const K4 = 0x1000
const image = fc
  .record({
    cfvPages: fc.integer({ min: 1, max: 8 }),
    bfvPages: fc.integer({ min: 2, max: 24 }),
    bfvExtend: fc.boolean(),
    cfvExtend: fc.boolean(),
    temps: fc.array(fc.integer({ min: 1, max: 6 }), {
      minLength: 0,
      maxLength: 4
    }),
    hobPages: fc.integer({ min: 1, max: 3 }),
    hobAt: fc.integer({ min: 0, max: 5 }),
    gap: fc.integer({ min: 0, max: 3 }),
    // Attributes of the memory sections: mostly none, sometimes MR.EXTEND and/or PAGE.AUG.
    memAttrs: fc.array(fc.constantFrom(0, 0, 0, 1, 2, 3), {
      minLength: 5,
      maxLength: 5
    }),
    seed: fc.integer({ min: 1, max: 255 })
  })
  .map((r) => {
    const size = (r.cfvPages + r.bfvPages) * K4
    const fwBase = 2 ** 32 - size
    const sections: GenSection[] = [
      {
        dataOffset: r.cfvPages * K4,
        rawDataSize: r.bfvPages * K4,
        memoryAddress: fwBase + r.cfvPages * K4,
        memoryDataSize: r.bfvPages * K4,
        type: 0,
        attributes: r.bfvExtend ? 1 : 0
      },
      {
        dataOffset: 0,
        rawDataSize: r.cfvPages * K4,
        memoryAddress: fwBase,
        memoryDataSize: r.cfvPages * K4,
        type: 1,
        attributes: r.cfvExtend ? 1 : 0
      }
    ]
    let at = 0x800000
    const mem: GenSection[] = r.temps.map((pages, i) => {
      const s = {
        dataOffset: 0,
        rawDataSize: 0,
        memoryAddress: at,
        memoryDataSize: pages * K4,
        type: 3,
        attributes: r.memAttrs[i]
      }
      at += (pages + r.gap) * K4
      return s
    })
    mem.splice(Math.min(r.hobAt, mem.length), 0, {
      dataOffset: 0,
      rawDataSize: 0,
      memoryAddress: at,
      memoryDataSize: r.hobPages * K4,
      type: 2,
      attributes: r.memAttrs[4]
    })
    const all = [...sections, ...mem]
    const fw = tdvfImage(size, all, 0x100, (i) => (i * r.seed + 3) & 0xff)
    // dstack-mr reads the same images the same way only when no memory section has attributes.
    return { fw, plain: mem.every((m) => m.attributes === 0) }
  })

const title = `gce-tcb-verifier on random images${have ? '' : ' (needs $TDX_GCE_ORACLE from .ci/tdx-oracle.sh)'}`
suite(title, () => {
  test('default and per-shape MRTD', () => {
    fc.assert(
      fc.property(
        image,
        fc.constantFrom(undefined, ...Object.keys(GCE_SHAPES)),
        ({ fw, plain }, shape) => {
          const want = oracle(fw, shape)
          expect(ours(fw, shape)).toBe(want)
          // Without a shape Google and dstack-mr's single pass agree on plain layouts.
          if (shape === undefined && plain && want !== 'error')
            expect(
              Buffer.from(mrtdOf(dstackRegions(fw, parseTdvf(fw)))).toString(
                'hex'
              )
            ).toBe(want)
        }
      ),
      { numRuns: RUNS }
    )
  })
  test('refusals agree on broken layouts', () => {
    fc.assert(
      fc.property(
        image,
        fc.oneof(
          fc.integer({ min: 0x100, max: 0x200 }),
          fc.integer({ min: -96, max: -1 })
        ),
        fc.integer({ min: 0, max: 255 }),
        fc.constantFrom(undefined, 'c3-standard-4'),
        ({ fw }, at, v, shape) => {
          const bad = Buffer.from(fw)
          bad[at < 0 ? bad.length + at : at] = v
          const want = oracle(bad, shape)
          const got = ours(bad, shape)
          // Both answer the same, refusals included, except where only one of us refuses
          // on purpose (our 256 MiB cap) or the oracle did not answer in time.
          if (want !== 'timeout' && got !== 'cap') expect(got).toBe(want)
        }
      ),
      { numRuns: RUNS }
    )
  })
})
