import { EnclaveBuildError } from '../../errors.js'
import { loadSgxKey } from '../sgx/key.js'
import { signSigstruct } from '../sgx/sign.js'
import {
  buildSigstruct,
  mrsigner,
  newSigstruct,
  type SigDate
} from '../sgx/sigstruct.js'
import { gramineMrenclave } from './layout.js'
import { applyDefaults, checkManifest, DEFAULT_PKGLIBDIR } from './manifest.js'
import { sgxParams } from './sgx-params.js'
import type { Progress } from '../../util/progress.js'
import { parseToml, type TomlTable } from './toml.js'
import { writeToml } from './toml-writer.js'
import { expandTrustedFiles, hashLoaderEntrypoint } from './trusted-files.js'

/**
 * The three steps of Gramine's tool chain, without Python: rendered
 * manifest -> .manifest (gramine-manifest), .manifest -> .manifest.sgx and
 * .sig (gramine-sgx-sign), .manifest.sgx + libpal -> MRENCLAVE.
 */

/** Where trusted files are read and which PKGLIBDIR the defaults name. */
export interface FsOptions {
  chroot?: string
  pkglibdir?: string
  /** Hears of each trusted-directory entry left out (as Gramine leaves it out). */
  warn?: (message: string) => void
}

/**
 * Parses manifest text, inserts the defaults, validates it (unless `check`
 * is false) before any file is read, fills loader.entrypoint.sha256.
 */
async function loadManifest(
  text: string,
  fs: FsOptions,
  check = true
): Promise<TomlTable> {
  const manifest = parseToml(text)
  const entry = applyDefaults(manifest, fs.pkglibdir ?? DEFAULT_PKGLIBDIR)
  if (check) validate(manifest)
  await hashLoaderEntrypoint(entry, fs.chroot)
  return manifest
}

/**
 * The one schema of a manifest, for every step:
 * gramine-manifest's checks, then the SGX values the signer reads (their
 * types, ranges, and the enclave size limit). gramine-sgx-sign checks
 * nothing and signs `sgx.debug = "yes"` as a debug enclave; we refuse it
 * at each step, so no path signs or measures what another step refuses.
 */
function validate(manifest: TomlTable): ReturnType<typeof sgxParams> {
  checkManifest(manifest)
  return sgxParams(manifest)
}

/**
 * gramine-manifest after rendering: defaults, schema check, trusted-file
 * expansion; returns the .manifest text.
 */
export async function finalizeManifest(
  rendered: string,
  fs: FsOptions & { check?: boolean }
): Promise<string> {
  const manifest = await loadManifest(rendered, fs, fs.check !== false)
  await expandTrustedFiles(manifest, fs.chroot, fs.warn)
  return writeToml(manifest)
}

/** The result of signing. */
export interface SignResult {
  manifestSgx: string
  sig: Buffer
  mrenclave: string
  mrsigner: string
  isvprodid: number
  isvsvn: number
  debug: boolean
}

/** The inputs of gramine-sgx-sign. */
export interface SignInput extends FsOptions {
  manifest: string
  libpal: Uint8Array
  keyPem: string | Uint8Array
  passphrase?: string
  date: SigDate
  /** Progress of measuring a big enclave (the CLI draws it in a terminal). */
  progress?: Progress
}

/** gramine-sgx-sign: completes the manifest, measures it and signs the SIGSTRUCT. */
export async function signManifest(input: SignInput): Promise<SignResult> {
  const key = loadSgxKey(input.keyPem, input.passphrase)
  const manifest = await loadManifest(input.manifest, input)
  await expandTrustedFiles(manifest, input.chroot, input.warn)
  const manifestSgx = writeToml(manifest)
  const bytes = Buffer.from(manifestSgx, 'utf8')
  // Gramine measures what it re-reads from the written file; the writer's
  // output parses back to the same values, so the parameters are the same.
  const p = sgxParams(manifest)
  const mrenclave = gramineMrenclave({
    manifestSgx: bytes,
    libpal: input.libpal,
    enclaveSize: p.enclaveSize,
    maxThreads: p.maxThreads,
    edmm: p.edmm,
    progress: input.progress
  })
  const tbs = newSigstruct({
    date: input.date,
    enclaveHash: mrenclave,
    isvProdId: p.isvProdId,
    isvSvn: p.isvSvn,
    attributeFlags: p.attributes.flags,
    attributeXfrms: p.attributes.xfrm,
    miscSelect: p.attributes.miscSelect,
    attributeXfrmMask: p.attributes.xfrmMask
  })
  const signed = signSigstruct(tbs, key)
  return {
    manifestSgx,
    sig: buildSigstruct(signed),
    mrenclave: mrenclave.toString('hex'),
    mrsigner: mrsigner(signed.modulus),
    isvprodid: p.isvProdId,
    isvsvn: p.isvSvn,
    debug: (p.attributes.flags & 2n) !== 0n
  }
}

/** MRENCLAVE of a finished .manifest.sgx with a libpal (no signing, no file access). */
export function measureManifestSgx(
  manifestSgx: Uint8Array,
  libpal: Uint8Array,
  progress?: Progress
): string {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(manifestSgx)
  } catch (err) {
    throw new EnclaveBuildError(
      'TOML_INVALID',
      'the .manifest.sgx is not UTF-8',
      { cause: err }
    )
  }
  const manifest = parseToml(text, '.manifest.sgx')
  applyDefaults(manifest, DEFAULT_PKGLIBDIR)
  const p = validate(manifest)
  return gramineMrenclave({
    manifestSgx,
    libpal,
    enclaveSize: p.enclaveSize,
    maxThreads: p.maxThreads,
    edmm: p.edmm,
    progress
  }).toString('hex')
}

/**
 * Parses gramine-sgx-sign's --date: "today", YYYY-MM-DD of a real calendar
 * day, or 0000-00-00. Gramine accepts any digits so that the all-zero date
 * of reproducible builds works (python/gramine-sgx-sign BCDDateParamType);
 * we keep that one and refuse the rest (2026-13-45), which could only be a
 * mistake.
 */
export function parseSigDate(value: string, now: Date = new Date()): SigDate {
  if (value.toLowerCase() === 'today')
    return {
      year: now.getFullYear(),
      month: now.getMonth() + 1,
      day: now.getDate()
    }
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value)
  if (!m)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `--date ${JSON.stringify(value)}: expecting "today" or YYYY-MM-DD`
    )
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }
  if (value === '0000-00-00') return date
  const check = new Date(0)
  check.setUTCFullYear(date.year, date.month - 1, date.day) // years < 100 too
  if (
    date.year < 1 ||
    check.getUTCFullYear() !== date.year ||
    check.getUTCMonth() !== date.month - 1 ||
    check.getUTCDate() !== date.day
  )
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `--date ${value} is not a calendar day: give YYYY-MM-DD, "today" or 0000-00-00`
    )
  return date
}
