import { EnclaveBuildError } from '../errors.js'
import { readInputFile } from '../util/fs.js'
import { MAX_EVIDENCE_BYTES } from '../util/limits.js'
import { readEvidence, type Evidence } from './evidence/index.js'
import { checkChallenge } from './evidence/freshness.js'
import { evidenceOptions, type EvidenceInput } from './evidence-input.js'
import type { VerifyDeps } from './input.js'

/*
 * The one place evidence files are read and checked to their vendor root:
 * `verify --evidence` alone prints what this returns; with a bundle or a
 * lookup, collect.ts goes on from it to the commit.
 */

/** Reads the evidence (and the Nitro root) and verifies it to its vendor root. */
export async function checkEvidence(
  ev: EvidenceInput,
  deps: VerifyDeps
): Promise<Evidence> {
  const bytes = await readInputFile(ev.path, 'evidence file', {
    maxBytes: MAX_EVIDENCE_BYTES
  })
  const rootPem = ev.nitroRootPath
    ? (await readInputFile(ev.nitroRootPath, 'Nitro root')).toString('utf8')
    : undefined
  const now = (deps.now ?? ((): Date => new Date()))()
  let evidence =
    ev.type === 'cs-token'
      ? await (
          await import('./cs-input.js')
        ).csTokenEvidence(
          ev.cs,
          bytes,
          ev.at instanceof Date ? ev.at : now,
          deps
        )
      : await readEvidence(
          ev.type,
          bytes,
          await evidenceOptions(ev, bytes, rootPem, now, deps)
        )
  if (ev.register !== undefined) {
    const r = evidence.registers.find((x) => x.name === ev.register)
    if (!r)
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        `--evidence-register ${ev.register}: ${ev.type} evidence reports ${evidence.registers.map((x) => x.name).join(', ')}`
      )
    evidence = { ...evidence, measurement: r }
  }
  if (ev.challenge !== undefined) checkChallenge(evidence, ev.challenge)
  return evidence
}

/** What `verify --evidence` alone prints (JSON). */
export interface EvidenceReport {
  verified: true
  type: Evidence['type']
  evidenceSignature: Evidence['evidenceSignature']
  /** Intel's TCB status (SGX/TDX), the only platform that has one. */
  tcbStatus?: string
  advisoryIds?: string[]
  measurement: Evidence['measurement']
  /** Every register, by name, as lower-case hex. */
  registers: Record<string, string>
  platform?: Record<string, string>
  fields: Record<string, unknown>
}

/** The printable report of verified evidence. */
export function evidenceReport(e: Evidence): EvidenceReport {
  return {
    verified: true,
    type: e.type,
    evidenceSignature: e.evidenceSignature,
    // Intel grades a platform's TCB; AMD and AWS publish no such status
    // (an SNP report's reported TCB is in platform and fields).
    ...(e.tcb && (e.type === 'sgx-quote' || e.type === 'td-quote')
      ? { tcbStatus: e.tcb.status, advisoryIds: e.tcb.advisoryIds }
      : {}),
    measurement: e.measurement,
    registers: Object.fromEntries(e.registers.map((r) => [r.name, r.value])),
    ...(e.platform ? { platform: e.platform } : {}),
    fields: e.fields
  }
}
