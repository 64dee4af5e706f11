import { spawnSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from '@jest/globals'
import { EnclaveBuildError } from '../../src/errors.js'
import { AMD_ROOTS } from '../../src/verify/evidence/amd-roots.js'
import {
  parseSnpPolicy,
  type SnpPolicy
} from '../../src/verify/evidence/snp-policy.js'
import { verifySnpReport } from '../../src/verify/evidence/snp-verify.js'

/*
 * Differential test against go-sev-guest's `check` tool (Google's SEV-SNP
 * verifier; .ci/sev-guest-check.sh installs it through the Go module proxy
 * and exports SEV_GUEST_CHECK). Over dstack's, go-sev-guest's and tinfoil's real
 * reports (Milan, Genoa) and mutated copies (one byte flipped, another chip's VCEK, a
 * stricter policy) both verifiers must accept or refuse alike. `check`
 * reads the report followed by a GHCB certificate table (VCEK, ASK, ARK),
 * offline, and checks the time as now: both VCEKs are valid until 2029+.
 */

const fx = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../__fixtures__/evidence/snp'
)
const CHECK = process.env.SEV_GUEST_CHECK
const work = mkdtempSync(join(tmpdir(), 'snp-diff-'))
afterAll(() => rmSync(work, { recursive: true, force: true }))

const GUID = {
  vcek: '63da758d-e664-4564-adc5-f4b93be8accd',
  ask: '4ab7b379-bbac-4fe4-a02f-05aef327c782',
  ark: 'c0b406a4-a803-4952-9743-3fb6014cd0ae'
}
const der = (c: string | Buffer): Buffer => new X509Certificate(c).raw

/** report ‖ GHCB certificate table (24-byte entries, zero entry, data). */
function extended(
  report: Buffer,
  certs: [keyof typeof GUID, Buffer][]
): Buffer {
  const header = Buffer.alloc((certs.length + 1) * 24)
  let offset = header.length
  certs.forEach(([kind, cert], i) => {
    Buffer.from(GUID[kind].replace(/-/g, ''), 'hex').copy(header, i * 24)
    header.writeUInt32LE(offset, i * 24 + 16)
    header.writeUInt32LE(cert.length, i * 24 + 20)
    offset += cert.length
  })
  return Buffer.concat([report, header, ...certs.map(([, c]) => c)])
}

interface Case {
  name: string
  report: Buffer
  vcek: Buffer
  policy: SnpPolicy
  /** go-sev-guest's -guest_policy for the same policy. */
  guestPolicy: string
  /**
   * check's -product_name: a v2 report names no CPU, and check then assumes
   * Milan-B1 and compares the stepping with the VCEK's (we do not).
   */
  productName?: string
}

const dstack = readFileSync(join(fx, 'dstack-report.bin'))
const gosev = readFileSync(join(fx, 'gosev-attestation.bin'))
const genoa = readFileSync(join(fx, 'tinfoil-genoa-report.bin'))
const genoaVcek = der(readFileSync(join(fx, 'tinfoil-genoa-vcek.der')))
const dstackVcek = der(readFileSync(join(fx, 'dstack-vcek.pem')))
const gosevVcek = der(readFileSync(join(fx, 'gosev-vcek.der')))
// Bits 16 SMT, 17 reserved (must be one), 18 migration agent, 19 debug.
const STRICT = { policy: parseSnpPolicy('smt=allow'), guestPolicy: '0x030000' }
const LAX = {
  policy: parseSnpPolicy('debug=allow,migrate-ma=allow'),
  guestPolicy: '0x0f0000'
}

function cases(): Case[] {
  const out: Case[] = []
  for (const [name, report, vcek, product] of [
    ['dstack', dstack, dstackVcek, {}],
    ['gosev', gosev, gosevVcek, { productName: 'Milan-B0' }],
    ['genoa', genoa, genoaVcek, {}]
  ] as const) {
    out.push({ name: `${name} strict`, report, vcek, ...STRICT, ...product })
    out.push({ name: `${name} lax`, report, vcek, ...LAX, ...product })
    for (let at = 0; at < 0x4a0; at += 11) {
      const m = Buffer.from(report)
      m[at] ^= 0x04
      out.push({
        name: `${name} byte 0x${at.toString(16)}`,
        report: m,
        vcek,
        ...LAX
      })
    }
    out.push({
      name: `${name} with the other chip's VCEK`,
      report,
      vcek: vcek === dstackVcek ? gosevVcek : dstackVcek,
      ...LAX,
      ...product
    })
  }
  return out
}

function ours(c: Case): boolean {
  try {
    verifySnpReport(c.report, {
      certificates: { vcek: c.vcek },
      policy: c.policy,
      at: new Date()
    })
    return true
  } catch (err) {
    if (err instanceof EnclaveBuildError) return false
    throw err
  }
}

function theirs(c: Case, i: number): { ok: boolean; out: string } {
  const file = join(work, `${i}.bin`)
  const roots = c.name.startsWith('genoa') ? AMD_ROOTS.Genoa : AMD_ROOTS.Milan
  writeFileSync(
    file,
    extended(c.report, [
      ['vcek', c.vcek],
      ['ask', der(roots.ask)],
      ['ark', der(roots.ark)]
    ])
  )
  const r = spawnSync(
    CHECK as string,
    [
      '-in',
      file,
      '-inform',
      'bin',
      '-network=false',
      '-guest_policy',
      c.guestPolicy,
      ...(c.productName ? ['-product_name', c.productName] : [])
    ],
    { encoding: 'utf8' }
  )
  return {
    ok: r.status === 0,
    out: `${r.stdout}${r.stderr}`.trim().slice(0, 200)
  }
}

const maybe = CHECK ? describe : describe.skip

const title = `SEV-SNP verdicts agree with go-sev-guest check${CHECK ? '' : ' (needs $SEV_GUEST_CHECK from .ci/sev-guest-check.sh)'}`
maybe(title, () => {
  it('on both real reports, both policies and every mutated copy', () => {
    const all = cases()
    const verdicts = all.map((c, i) => ({
      name: c.name,
      ours: ours(c),
      theirs: theirs(c, i)
    }))
    const differ = verdicts.filter((v) => v.ours !== v.theirs.ok)
    expect(
      differ.map(
        (d) => `${d.name}: ours ${d.ours}, check ${d.theirs.ok} ${d.theirs.out}`
      )
    ).toEqual([])
    // The unmutated reports: dstack passes both policies; go-sev-guest's
    // allows debug, so only the lax policy accepts it.
    expect(verdicts.slice(0, 2).map((v) => v.ours)).toEqual([true, true])
    const n = verdicts.findIndex((v) => v.name === 'genoa strict')
    expect([verdicts[n].ours, verdicts[n + 1].ours]).toEqual([true, true])
    const g = verdicts.findIndex((v) => v.name === 'gosev strict')
    expect([verdicts[g].ours, verdicts[g + 1].ours]).toEqual([false, true])
    console.log(
      `go-sev-guest differential: ${all.length} cases, ${verdicts.filter((v) => v.ours).length} accepted by both, ${verdicts.filter((v) => !v.ours).length} refused by both`
    )
  })
})
