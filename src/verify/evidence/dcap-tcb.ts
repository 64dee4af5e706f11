import { EnclaveBuildError } from '../../errors.js'
import {
  TCB_STATUSES,
  type QeIdentity,
  type TcbInfo,
  type TcbStatus
} from './dcap-collateral.js'
import type { PckClaims } from './pck.js'
import {
  evidenceUnverified,
  invalidEvidence,
  type EvidenceType
} from './types.js'

/*
 * From verified collateral to a TCB status, as Intel's QVL and dcap-qvl
 * do it: the platform's TCB level is the first (highest) level of the
 * FMSPC's TCB info that every SGX component SVN and the PCESVN of the PCK
 * certificate (and for TDX the TEE_TCB_SVN bytes, see
 * {@link tdxTcbHigherOrEqual}) reach; the QE's is the
 * first QE identity level its ISVSVN reaches; for TDX the module's is the
 * first level of its module identity. The worst status wins, advisories
 * are united.
 */

/** A status with the advisories that explain it. */
export interface TcbVerdict {
  status: TcbStatus
  advisoryIds: string[]
  date?: string
}

/** The worse of two verdicts, advisories united. */
export function mergeVerdicts(a: TcbVerdict, b: TcbVerdict): TcbVerdict {
  const worse =
    TCB_STATUSES.indexOf(b.status) > TCB_STATUSES.indexOf(a.status) ? b : a
  return {
    ...worse,
    advisoryIds: [...new Set([...a.advisoryIds, ...b.advisoryIds])]
  }
}

/** Intel's QVL calls a TCB below every listed level unsupported: refused. */
function below(what: string): never {
  throw new EnclaveBuildError(
    'EVIDENCE_TCB_REJECTED',
    `the TCB of ${what} is below every level Intel's collateral lists (no TCB status applies); update the platform`
  )
}

/** Lexicographic descending order of two SVN lists. */
function desc(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++)
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (b[i] ?? 0) - (a[i] ?? 0)
  return 0
}

const svns = (c?: { svn: number }[]): number[] => (c ?? []).map((x) => x.svn)

/** Bytes of a hex string. */
const bytes = (h: string): Buffer => Buffer.from(h, 'hex')

/** The platform TCB level for the PCK's SVNs (and the TD's TEE_TCB_SVN). */
export function platformVerdict(
  type: EvidenceType,
  info: TcbInfo,
  pck: PckClaims,
  teeTcbSvn?: Buffer
): TcbVerdict {
  if (info.fmspc.toUpperCase() !== pck.fmspc)
    evidenceUnverified(
      type,
      `the TCB info is for FMSPC ${info.fmspc}, the PCK certificate for ${pck.fmspc}; fetch the TCB info for this platform`
    )
  if (info.pceId.toUpperCase() !== pck.pceId)
    evidenceUnverified(
      type,
      `the TCB info is for PCE ID ${info.pceId}, not ${pck.pceId}`
    )
  const tdx = teeTcbSvn !== undefined
  if ((info.id === 'TDX') !== tdx || (tdx && info.version < 3))
    evidenceUnverified(
      type,
      `the TCB info is ${info.id} v${info.version}, not for this quote`
    )
  const levels = [...info.tcbLevels].sort(
    (a, b) =>
      desc(svns(a.tcb.sgxtcbcomponents), svns(b.tcb.sgxtcbcomponents)) ||
      b.tcb.pcesvn - a.tcb.pcesvn ||
      desc(svns(tdxOf(a.tcb)), svns(tdxOf(b.tcb)))
  )
  const level = levels.find(
    (l) =>
      pck.pceSvn >= l.tcb.pcesvn &&
      svns(l.tcb.sgxtcbcomponents).every((s, i) => pck.components[i] >= s) &&
      (!tdx || tdxTcbHigherOrEqual(teeTcbSvn, tdxOf(l.tcb)))
  )
  if (level === undefined) below(`the platform (FMSPC ${pck.fmspc})`)
  return {
    status: level.tcbStatus,
    advisoryIds: level.advisoryIDs,
    date: level.tcbDate
  }
}

/**
 * Intel's isTdxTcbHigherOrEqual (QVL TcbLevelCheck): every TEE_TCB_SVN
 * byte reaches the level's tdxtcbcomponents, except that when byte 1 (the
 * TDX module's major version) is above 0, bytes 0-1 are skipped: they are
 * the module's SVN and version, which the module identity
 * (tdxModuleIdentities) grades instead. go-tdx-guest does the same;
 * dcap-qvl 0.7 compares all 16 bytes and grades a current TD OutOfDate.
 */
export function tdxTcbHigherOrEqual(
  teeTcbSvn: Buffer,
  levelComponents: { svn: number }[] | undefined
): boolean {
  if (levelComponents?.length !== 16) return false
  const start = teeTcbSvn[1] > 0 ? 2 : 0
  for (let i = start; i < 16; i++)
    if (teeTcbSvn[i] < levelComponents[i].svn) return false
  return true
}

function tdxOf(
  tcb: TcbInfo['tcbLevels'][number]['tcb']
): { svn: number }[] | undefined {
  return 'tdxtcbcomponents' in tcb ? tcb.tdxtcbcomponents : undefined
}

/**
 * The TDX module's identity (MRSIGNERSEAM, SEAMATTRIBUTES under mask) and,
 * when TCB info lists the module's version, its TCB level.
 */
export function moduleVerdict(
  type: EvidenceType,
  info: TcbInfo,
  td: { teeTcbSvn: Buffer; mrSignerSeam: Buffer; seamAttributes: Buffer }
): TcbVerdict | undefined {
  const base = info.tdxModule
  if (base === undefined)
    return invalidEvidence(type, 'the TDX TCB info has no tdxModule')
  const version = td.teeTcbSvn[1]
  const wanted = `TDX_${version.toString(16).toUpperCase().padStart(2, '0')}`
  const identity =
    version > 0 && info.tdxModuleIdentities.length > 0
      ? info.tdxModuleIdentities.find((m) => m.id.toUpperCase() === wanted)
      : undefined
  if (version > 0 && info.tdxModuleIdentities.length > 0 && !identity)
    evidenceUnverified(
      type,
      `the TCB info has no TDX module identity ${wanted}`
    )
  const expect = identity ?? base
  if (!bytes(expect.mrsigner).equals(td.mrSignerSeam))
    evidenceUnverified(
      type,
      'the TDX module signer (MRSIGNERSEAM) is not the one TCB info names'
    )
  const want = bytes(expect.attributes)
  const mask = bytes(expect.attributesMask)
  if (want.length !== 8 || mask.length !== 8)
    invalidEvidence(type, 'the TCB info module attributes are not 8 bytes')
  td.seamAttributes.forEach((a, i) => {
    if ((a & mask[i]) !== (want[i] & mask[i]) || (a & ~mask[i]) !== 0)
      evidenceUnverified(
        type,
        'the TDX module attributes do not match TCB info'
      )
  })
  if (!identity) return undefined
  const level = identity.tcbLevels.find((l) => td.teeTcbSvn[0] >= l.tcb.isvsvn)
  if (!level) return below(`the TDX module ${wanted}`)
  return {
    status: level.tcbStatus,
    advisoryIds: level.advisoryIDs,
    date: level.tcbDate
  }
}

/**
 * Checks the QE report against the QE identity (MRSIGNER, ISVPRODID,
 * MISCSELECT and ATTRIBUTES under their masks, never a debug QE) and
 * returns the QE's TCB level by its ISVSVN.
 */
export function qeVerdict(
  type: EvidenceType,
  identity: QeIdentity,
  qeReport: Buffer,
  tdx: boolean
): TcbVerdict {
  if (identity.id !== (tdx ? 'TD_QE' : 'QE'))
    evidenceUnverified(
      type,
      `the QE identity is for ${identity.id}, not this quote's QE`
    )
  const masked = (v: Buffer, m: Buffer): string =>
    Buffer.from(v.map((x, i) => x & m[i])).toString('hex')
  if (!qeReport.subarray(128, 160).equals(bytes(identity.mrsigner)))
    evidenceUnverified(
      type,
      "the quoting enclave is not signed by Intel's QE MRSIGNER"
    )
  if (qeReport.readUInt16LE(256) !== identity.isvprodid)
    evidenceUnverified(
      type,
      'the quoting enclave ISVPRODID is not the QE identity one'
    )
  const misc = bytes(identity.miscselectMask)
  const attr = bytes(identity.attributesMask)
  if (
    masked(qeReport.subarray(16, 20), misc) !==
      masked(bytes(identity.miscselect), misc) ||
    masked(qeReport.subarray(48, 64), attr) !==
      masked(bytes(identity.attributes), attr)
  )
    evidenceUnverified(
      type,
      'the quoting enclave MISCSELECT/ATTRIBUTES do not match its identity'
    )
  if (qeReport[48] & 0x02)
    evidenceUnverified(type, 'the quoting enclave is a debug enclave')
  const isvSvn = qeReport.readUInt16LE(258)
  const level = identity.tcbLevels.find((l) => isvSvn >= l.tcb.isvsvn)
  if (!level) return below(`the quoting enclave (ISVSVN ${isvSvn})`)
  return {
    status: level.tcbStatus,
    advisoryIds: level.advisoryIDs,
    date: level.tcbDate
  }
}
