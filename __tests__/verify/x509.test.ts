import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { EnclaveBuildError } from '../../src/errors.js'
import { readExtensions } from '../../src/verify/evidence/x509.js'
import { nitroFixture, pemToDer } from '../../__fixtures__/verify/evidence.js'

const der = (name: string): Buffer => pemToDer(nitroFixture(name))

/** The error code readExtensions threw, or 'ok'; anything else fails. */
function outcome(bytes: Uint8Array): string {
  try {
    readExtensions(bytes)
    return 'ok'
  } catch (err) {
    if (err instanceof EnclaveBuildError) return err.code
    throw err
  }
}

/** A DER element: tag, minimal length, contents. */
function tlv(tag: number, ...contents: Buffer[]): Buffer {
  const body = Buffer.concat(contents)
  const n = body.length
  const length =
    n < 0x80
      ? Buffer.from([n])
      : n < 0x100
        ? Buffer.from([0x81, n])
        : Buffer.from([0x82, n >> 8, n & 0xff])
  return Buffer.concat([Buffer.from([tag]), length, body])
}

/**
 * The fixture root with its extensions replaced by `extensions` (DER of
 * each Extension). The signature no longer matches; the reader does not
 * look at it.
 */
function withExtensions(...extensions: Buffer[]): Buffer {
  const root = der('root.pem')
  const cert = tlvChildren(root)
  const tbs = tlvChildren(cert[0])
  const kept = tbs.filter((e) => e[0] !== 0xa3)
  const newTbs = tlv(0x30, ...kept, tlv(0xa3, tlv(0x30, ...extensions)))
  return tlv(0x30, newTbs, cert[1], cert[2])
}

/** The elements inside a constructed DER element (test helper, trusting). */
function tlvChildren(element: Buffer): Buffer[] {
  const children: Buffer[] = []
  let at = headerLength(element, 0)
  while (at < element.length) {
    const h = headerLength(element, at)
    const len = contentLength(element, at)
    children.push(element.subarray(at, at + h + len))
    at += h + len
  }
  return children
}

/** Bytes of tag and length of the element at `at`. */
function headerLength(b: Buffer, at: number): number {
  return b[at + 1] & 0x80 ? 2 + (b[at + 1] & 0x7f) : 2
}

/** The content length of the element at `at`. */
function contentLength(b: Buffer, at: number): number {
  if (!(b[at + 1] & 0x80)) return b[at + 1]
  let n = 0
  for (let i = 0; i < (b[at + 1] & 0x7f); i++) n = n * 256 + b[at + 2 + i]
  return n
}

/** An Extension with the given OID contents, criticality and value. */
function extension(oid: number[], critical: boolean, value: Buffer): Buffer {
  return tlv(
    0x30,
    tlv(0x06, Buffer.from(oid)),
    ...(critical ? [tlv(0x01, Buffer.from([0xff]))] : []),
    tlv(0x04, value)
  )
}

const BC = [0x55, 0x1d, 0x13] // 2.5.29.19
const KU = [0x55, 0x1d, 0x0f] // 2.5.29.15

describe('X.509 extension reader', () => {
  it('reads the fixture chain: CAs sign certificates, the leaf signs', () => {
    const root = readExtensions(der('root.pem'))
    expect(root.basicConstraints).toEqual({ ca: true })
    expect([...(root.keyUsage ?? [])].sort()).toEqual([
      'cRLSign',
      'digitalSignature',
      'keyCertSign'
    ])
    expect(root.criticalUnknown).toEqual([])
    expect(root.nameConstraints).toBe(false)
    expect(readExtensions(der('int.pem')).keyUsage?.has('keyCertSign')).toBe(
      true
    )
    const leaf = readExtensions(der('leaf.pem'))
    expect(leaf.basicConstraints).toEqual({ ca: false })
    expect([...(leaf.keyUsage ?? [])]).toEqual(['digitalSignature'])
  })

  it('reads pathLenConstraint values', () => {
    expect(readExtensions(der('pathlen0-int.pem')).basicConstraints).toEqual({
      ca: true,
      pathLen: 0
    })
    expect(readExtensions(der('pathlen1-int.pem')).basicConstraints).toEqual({
      ca: true,
      pathLen: 1
    })
    expect(
      readExtensions(der('pathlen1-sub.pem')).basicConstraints?.pathLen
    ).toBeUndefined()
  })

  it('reports critical unknown extensions, not non-critical ones', () => {
    expect(readExtensions(der('crit-leaf.pem')).criticalUnknown).toEqual([
      '1.2.3.4'
    ])
    expect(readExtensions(der('noncrit-leaf.pem')).criticalUnknown).toEqual([])
    // Large arcs (2.25.<uuid>) and the first-two-arcs packing decode.
    const big = [0x69, 0x81, ...Array<number>(8).fill(0x80), 0x01]
    expect(
      readExtensions(withExtensions(extension(big, true, Buffer.alloc(0))))
        .criticalUnknown
    ).toEqual([`2.25.${2n ** 63n + 1n}`])
  })

  it('reads keyUsage bits and name constraints', () => {
    expect([...(readExtensions(der('nods-leaf.pem')).keyUsage ?? [])]).toEqual([
      'keyAgreement'
    ])
    expect(
      readExtensions(der('nosign-int.pem')).keyUsage?.has('keyCertSign')
    ).toBe(false)
    const nc = readExtensions(der('nc-int.pem'))
    expect(nc.nameConstraints).toBe(true)
    expect(nc.criticalUnknown).toEqual([])
    // decipherOnly is bit 8, in the second content byte.
    const ku = tlv(0x03, Buffer.from([7, 0x80, 0x80]))
    expect([
      ...(readExtensions(withExtensions(extension(KU, true, ku))).keyUsage ??
        [])
    ]).toEqual(['digitalSignature', 'decipherOnly'])
  })

  it('refuses malformed extensions with EVIDENCE_INVALID', () => {
    const bc = (...contents: Buffer[]): Buffer =>
      withExtensions(extension(BC, true, tlv(0x30, ...contents)))
    const yes = tlv(0x01, Buffer.from([0xff]))
    expect(outcome(bc(yes, tlv(0x02, Buffer.from([3]))))).toBe('ok')
    const bad: [string, Buffer][] = [
      ['negative pathLen', bc(yes, tlv(0x02, Buffer.from([0xff])))],
      ['non-minimal pathLen', bc(yes, tlv(0x02, Buffer.from([0, 1])))],
      ['BOOLEAN not 0/ff', bc(tlv(0x01, Buffer.from([1])))],
      ['trailing data', bc(yes, tlv(0x02, Buffer.from([1])), yes)],
      [
        'duplicate extension',
        withExtensions(
          extension(BC, true, tlv(0x30)),
          extension(BC, false, tlv(0x30))
        )
      ],
      [
        'unused keyUsage bits set',
        withExtensions(extension(KU, true, tlv(0x03, Buffer.from([1, 0x81]))))
      ],
      ['empty extensions', withExtensions()],
      [
        'truncated OID',
        withExtensions(extension([0x55, 0x9d], true, tlv(0x30)))
      ],
      [
        'indefinite length',
        Buffer.concat([Buffer.from([0x30, 0x80]), der('root.pem').subarray(4)])
      ],
      ['trailing bytes', Buffer.concat([der('root.pem'), Buffer.from([0])])],
      ['empty input', Buffer.alloc(0)]
    ]
    for (const [what, bytes] of bad)
      expect([what, outcome(bytes)]).toEqual([what, 'EVIDENCE_INVALID'])
  })

  it('never throws anything but a coded error', () => {
    const cert = der('crit-leaf.pem')
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        expect(['ok', 'EVIDENCE_INVALID']).toContain(outcome(bytes))
      }),
      { numRuns: 500 }
    )
    fc.assert(
      fc.property(
        fc.nat(cert.length),
        fc.array(
          fc.tuple(fc.nat(cert.length - 1), fc.integer({ min: 0, max: 7 })),
          { minLength: 0, maxLength: 4 }
        ),
        (cut, flips) => {
          const b = Buffer.from(cert)
          for (const [i, bit] of flips) b[i] ^= 1 << bit
          expect(['ok', 'EVIDENCE_INVALID']).toContain(
            outcome(b.subarray(0, cut))
          )
          expect(['ok', 'EVIDENCE_INVALID']).toContain(outcome(b))
        }
      ),
      { numRuns: 1000 }
    )
  })
})
