// The binary formats a user hands the command line, mutated at random and
// crafted by hand (lengths that overflow, offsets past the end, nesting
// that would exhaust the stack): every reader ends in a coded error or a
// result, never an exception of its own (INTERNAL) and never a hang.
import { afterAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { exitFor } from '../../__fixtures__/exit-status.js'
import { cli } from '../../src/cli/main.js'
import { EnclaveBuildError, type ErrorCode } from '../../src/errors.js'
import { authenticodeDigest } from '../../src/pe/authenticode.js'
import { parsePe, sectionData } from '../../src/pe/pe.js'
import {
  attributeCertificates,
  signatureCertificates
} from '../../src/pe/signature.js'
import { readEif } from '../../src/targets/nitro/eif-reader.js'
import { nitroTpmPcrs } from '../../src/targets/uki/nitro-pcrs.js'
import { pcr11 } from '../../src/targets/uki/pcr11.js'
import { capture } from '../gramine/helpers.js'
import { firmware, SEC_MEM, STD, stdEntries } from '../snp/fwgen.js'

const UKI = readFileSync('__fixtures__/uki/synthetic/uki-257-signed.efi')
const EIF = readFileSync('__fixtures__/vectors/nitro/d4-signed/image.eif')
const SB = (n: string) => readFileSync(`__fixtures__/uki/synthetic/${n}.esl`)

/** Runs f; a throw other than a coded, non-INTERNAL error fails the property. */
function coded(f: () => unknown): void {
  try {
    f()
  } catch (err) {
    if (!(err instanceof EnclaveBuildError) || err.code === 'INTERNAL')
      throw err
  }
}

/** `seed` with up to `n` bytes overwritten (biased to the first 4 KiB, where headers are) and maybe cut. */
const mutated = (seed: Buffer, n = 8) =>
  fc
    .tuple(
      fc.array(
        fc.tuple(
          fc.oneof(fc.nat(4095), fc.nat(seed.length - 1)),
          fc.integer({ min: 0, max: 255 })
        ),
        { minLength: 1, maxLength: n }
      ),
      fc.option(fc.nat(seed.length), { nil: undefined })
    )
    .map(([flips, cut]) => {
      const b = Buffer.from(seed)
      for (const [at, v] of flips) b[at % b.length] = v
      return cut === undefined ? b : b.subarray(0, cut)
    })

describe('properties: mutated inputs give coded errors only', () => {
  it('PE/COFF and Authenticode readers on a mutated signed UKI', () => {
    fc.assert(
      fc.property(mutated(UKI), (b) => {
        coded(() => {
          const pe = parsePe(b)
          for (const s of pe.sections) sectionData(pe, s.name)
          for (const c of attributeCertificates(pe)) signatureCertificates(c)
        })
        coded(() => authenticodeDigest(b, { dialect: 'edk2' }))
        coded(() => authenticodeDigest(b, { dialect: 'dstack' }))
        coded(() => pcr11(b))
        coded(() =>
          nitroTpmPcrs({
            images: [b],
            pk: SB('PK'),
            kek: SB('KEK'),
            db: SB('db'),
            dbx: SB('dbx')
          })
        )
      }),
      { numRuns: 300 }
    )
  })

  it('the EIF reader on a mutated signed EIF', () => {
    fc.assert(
      fc.property(mutated(EIF), (b) => coded(() => readEif(b))),
      { numRuns: 200 }
    )
  })
})

// made at load: the probe table below writes its files as it is built
const dir = mkdtempSync(join(tmpdir(), 'eb-formats-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function run(args: string[]) {
  const io = capture()
  const t0 = Date.now()
  const code = await cli(args, io)
  return { code, err: io.err, ms: Date.now() - t0 }
}
const put = (name: string, b: Uint8Array): string => {
  const f = join(dir, name)
  writeFileSync(f, b)
  return f
}
const edit = (b: Buffer, f: (c: Buffer) => void): Buffer => {
  const c = Buffer.from(b)
  f(c)
  return c
}

/** An EIF of the given sections (type, payload) with a consistent header table. */
function eif(sections: [number, Buffer][], fix?: (b: Buffer) => void): Buffer {
  const parts: Buffer[] = []
  const head = Buffer.alloc(548)
  head.write('.eif')
  head.writeUInt16BE(4, 4)
  head.writeUInt16BE(sections.length, 26)
  let at = 548
  sections.forEach(([type, data], i) => {
    const h = Buffer.alloc(12)
    h.writeUInt16BE(type, 0)
    h.writeBigUInt64BE(BigInt(data.length), 4)
    head.writeBigUInt64BE(BigInt(at), 28 + 8 * i)
    head.writeBigUInt64BE(BigInt(data.length), 284 + 8 * i)
    parts.push(h, data)
    at += 12 + data.length
  })
  const b = Buffer.concat([head, ...parts])
  fix?.(b)
  return b
}
const K: [number, Buffer] = [1, Buffer.from('kernel')]
const C: [number, Buffer] = [2, Buffer.from('console=ttyS0')]
const R: [number, Buffer] = [3, Buffer.from('ramdisk')]

const lfanew = UKI.readUInt32LE(0x3c)
const certAt = UKI.readUInt32LE(lfanew + 24 + 144)

const probes: [string, string[], ErrorCode, RegExp][] = [
  ...(
    [
      [
        '33 sections declared',
        eif([K, C, R], (b) => b.writeUInt16BE(33, 26)),
        /at most 32/
      ],
      [
        'a section size of 2^64-1',
        eif([K, C, R], (b) => b.writeBigUInt64BE(2n ** 64n - 1n, 284)),
        /past the end/
      ],
      [
        'a section offset of 2^64-1',
        eif([K, C, R], (b) => b.writeBigUInt64BE(2n ** 64n - 1n, 28)),
        /past the end/
      ],
      [
        'a section header claiming 2^63 bytes',
        eif([K, C, R], (b) => b.writeBigUInt64BE(2n ** 63n, 552)),
        /the EIF is truncated/
      ],
      [
        'metadata nested 500000 deep',
        eif([
          K,
          C,
          R,
          [5, Buffer.from('['.repeat(500000) + ']'.repeat(500000))]
        ]),
        /metadata/
      ],
      [
        'a signature of 200000 nested CBOR arrays',
        eif([K, C, R, [4, Buffer.alloc(200000, 0x81)]]),
        /not valid CBOR/
      ],
      [
        'a signature byte string of 2^64-1 bytes',
        eif([
          K,
          C,
          R,
          [
            4,
            Buffer.from([0x5b, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
          ]
        ]),
        /not valid CBOR/
      ],
      [
        'trailing bytes after the last section',
        Buffer.concat([eif([K, C, R]), Buffer.alloc(100, 1)]),
        /invalid section type/
      ]
    ] as [string, Buffer, RegExp][]
  ).map(([n, b, m]): [string, string[], ErrorCode, RegExp] => [
    `nitro describe: ${n}`,
    ['nitro', 'describe', '--eif', put(`${n}.eif`, b)],
    'EIF_INVALID',
    m
  ]),
  ...(
    [
      [
        'e_lfanew past the end',
        edit(UKI, (b) => b.writeUInt32LE(0xfffffff0, 0x3c)),
        /no PE header/
      ],
      [
        '65535 sections',
        edit(UKI, (b) => b.writeUInt16LE(0xffff, lfanew + 6)),
        /no section table/
      ],
      [
        '2^32-1 data directories',
        edit(UKI, (b) => b.writeUInt32LE(0xffffffff, lfanew + 24 + 108)),
        /data directories overrun/
      ],
      [
        'a certificate entry of 4 GiB',
        edit(UKI, (b) => b.writeUInt32LE(0xffffff00, certAt)),
        /invalid size/
      ],
      [
        'a DER length of 4 GiB',
        edit(UKI, (b) => {
          b[certAt + 8] = 0x30
          b[certAt + 9] = 0x84
          b.writeUInt32BE(0xffffffff, certAt + 10)
        }),
        /DER element past its parent/
      ],
      ['a truncated image', UKI.subarray(0, 512), /no section table/]
    ] as [string, Buffer, RegExp][]
  ).map(([n, b, m]): [string, string[], ErrorCode, RegExp] => {
    const f = put(`${n}.efi`, b)
    const sb = ['PK', 'KEK', 'db', 'dbx'].flatMap((v) => [
      `--${v}`,
      put(`${v}.esl`, SB(v))
    ])
    return [
      `uki measure: ${n}`,
      ['uki', 'measure', '--image', f, ...sb],
      'INPUT_INVALID',
      m
    ]
  }),
  ...(
    [
      // 1 GiB took 9.5 s, 2 GiB - 1 took 17 s, and 2 GiB or more was a RangeError (INTERNAL)
      ['an .osrel of 2 GiB - 1 in memory', 0x7fffffff],
      ['an .osrel of 4 GiB - 256 MiB in memory', 0xf0000000]
    ] as [string, number][]
  ).map(([n, size]): [string, string[], ErrorCode, RegExp] => {
    const u = readFileSync('__fixtures__/uki/synthetic/uki-257.efi')
    const at = u.indexOf('.osrel\0')
    return [
      `uki pcr11: ${n}`,
      [
        'uki',
        'pcr11',
        '--image',
        put(
          `${n}.efi`,
          edit(u, (b) => b.writeUInt32LE(size, at + 8))
        )
      ],
      'INPUT_INVALID',
      /claims \d+ bytes in memory/
    ]
  }),
  ...(
    [
      // a FileAlignment of 1 GiB took 114 s and 18.5 GB; 2 GiB was killed at 23 GB
      [
        'a FileAlignment of 1 MiB',
        (b: Buffer, o: number) => b.writeUInt32LE(2 ** 20, o + 36),
        /FileAlignment/
      ],
      [
        'a FileAlignment of 3',
        (b: Buffer, o: number) => b.writeUInt32LE(3, o + 36),
        /FileAlignment/
      ],
      // 2 GiB: 11.5 s, 4.2 GB, and a 2 GiB UKI written
      [
        'an .sbat of 1 MiB in a 2 KiB stub',
        (b: Buffer) => b.writeUInt32LE(2 ** 20, b.indexOf('.sbat\0') + 16),
        /\.sbat section runs past the end/
      ]
    ] as [string, (b: Buffer, optional: number) => void, RegExp][]
  ).map(([n, f, m]): [string, string[], ErrorCode, RegExp] => {
    const stub = readFileSync('__fixtures__/uki/synthetic/stub-257.efi')
    const optional = stub.readUInt32LE(0x3c) + 24
    return [
      `uki build: a stub with ${n}`,
      [
        'uki',
        'build',
        '--stub',
        put(
          `${n}.stub`,
          edit(stub, (b) => f(b, optional))
        ),
        '--kernel',
        '__fixtures__/uki/synthetic/kernel.efi',
        '--initrd',
        '__fixtures__/uki/synthetic/initrd.img',
        '--output',
        join(dir, `${n}.uki`)
      ],
      'INPUT_INVALID',
      m
    ]
  }),
  [
    // three 4 GiB zero sections were measured page by page (~2 s each);
    // a thousand in a 4 MiB image ran for half an hour
    'snp measure: SEV metadata listing three 4 GiB sections',
    [
      'snp',
      'measure',
      '--mode',
      'snp',
      '--vcpus',
      '1',
      '--vcpu-type',
      'EPYC-v4',
      '--ovmf',
      put(
        'huge-sections.fd',
        firmware({
          size: 128 * 1024,
          seed: 'hostile',
          sections: [
            ...STD,
            ...Array.from({ length: 3 }, (): [number, number, number] => [
              0,
              0xfffff000,
              SEC_MEM
            ])
          ],
          entries: stdEntries()
        })
      )
    ],
    'FIRMWARE_INVALID',
    /more than the 4 GiB/
  ],
  ...(
    [
      ['nested 1000000 deep', Buffer.alloc(2 ** 20 - 1, 0x81)],
      [
        'indefinite arrays nested 1000000 deep',
        Buffer.alloc(2 ** 20 - 1, 0x9f)
      ],
      [
        'a byte string of 2^63 bytes',
        Buffer.from([0x5b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
      ],
      ['an array of 2^32-1 items', Buffer.from([0x9a, 0xff, 0xff, 0xff, 0xff])],
      ['a map of 2^32-1 entries', Buffer.from([0xba, 0xff, 0xff, 0xff, 0xff])]
    ] as [string, Buffer][]
  ).map(([n, b]): [string, string[], ErrorCode, RegExp] => [
    `verify --evidence nitro: ${n}`,
    [
      'verify',
      '--evidence',
      put(`${n}.cbor`, b),
      '--evidence-type',
      'nitro',
      '--evidence-time',
      '2025-06-25T12:00:00Z'
    ],
    'EVIDENCE_INVALID',
    /not valid CBOR/
  ]),
  [
    'verify --evidence cs-token: a header nested 300000 deep',
    [
      'verify',
      '--evidence',
      put(
        'deep.jwt',
        Buffer.from(
          `${Buffer.from('['.repeat(300000) + ']'.repeat(300000)).toString('base64url')}.e30.x`
        )
      ),
      '--evidence-type',
      'cs-token',
      '--cs-audience',
      'a',
      '--evidence-time',
      '2025-06-25T12:00:00Z'
    ],
    'EVIDENCE_INVALID',
    /header is not base64url JSON/
  ],
  [
    'verify --evidence cs-token: alg none',
    [
      'verify',
      '--evidence',
      put(
        'none.jwt',
        Buffer.from(
          `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"aud":"a"}').toString('base64url')}.`
        )
      ),
      '--evidence-type',
      'cs-token',
      '--cs-audience',
      'a',
      '--evidence-time',
      '2025-06-25T12:00:00Z'
    ],
    'EVIDENCE_INVALID',
    /not a compact JWS/
  ]
]

describe('hand-made hostile files through the command line', () => {
  it.each(probes)('%s', async (_n, args, code, msg) => {
    const r = await run(args)
    expect(r.err.startsWith(`error[${code}]: `)).toBe(true)
    expect(r.err).toMatch(msg)
    expect(r.code).toBe(exitFor(code))
    expect(r.ms).toBeLessThan(5_000)
  })
})
