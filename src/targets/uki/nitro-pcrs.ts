import { EnclaveBuildError } from '../../errors.js'
import { authenticodeDigest } from '../../pe/authenticode.js'
import { parsePe, sectionData, type PeImage } from '../../pe/pe.js'
import {
  attributeCertificates,
  signatureCertificates
} from '../../pe/signature.js'
import { guidBytesLe } from '../cvm/guid.js'
import { EFI_CERT_X509, parseSignatureLists } from './esl.js'

/*
 * NitroTPM PCR4, PCR7 and PCR12 (SHA-384) of EFI images booted by an AWS
 * instance's UEFI, as aws nitro-tpm-pcr-compute 1.1.2 computes them
 * (TCG PC Client Platform Firmware Profile §3.3.4.5 and §3.3.4.8):
 *  PCR4: EV_EFI_ACTION "Calling EFI Application from Boot Option", the
 *        separator, then per image its Authenticode digest and, for a UKI,
 *        the digest of the kernel in .linux unless the stub loads it without
 *        the firmware's help (systemd-stub ≥ 258, or ≥ 252 under Secure Boot);
 *  PCR7: the SecureBoot, PK, KEK, db and dbx variables, the separator, then
 *        under Secure Boot each distinct db certificate that appears in an
 *        image's signature;
 *  PCR12: no events (all zero), which pins an empty command-line addon set.
 */

const ALG = 'sha384'

/** The inputs: images in load order, and the Secure Boot variables (PK set = Secure Boot on). */
export interface NitroPcrInput {
  images: Uint8Array[]
  pk?: Uint8Array
  kek?: Uint8Array
  db?: Uint8Array
  dbx?: Uint8Array
}

/** nitro-tpm-pcr-compute's JSON, field for field. */
export interface NitroPcrMeasurements {
  Measurements: {
    HashAlgorithm: 'SHA384'
    PCR4: string
    PCR7: string
    PCR12: string
  }
}

const crypto = (): typeof import('node:crypto') =>
  process.getBuiltinModule('node:crypto')
const digest = (data: Uint8Array): Buffer =>
  crypto().createHash(ALG).update(data).digest()

/** A PCR of the SHA-384 bank, starting from zero. */
class Pcr {
  value: Buffer = Buffer.alloc(48)
  extend(measurement: Uint8Array): void {
    this.value = digest(Buffer.concat([this.value, measurement]))
  }
}

const EFI_GLOBAL_VARIABLE = guidBytesLe('8be4df61-93ca-11d2-aa0d-00e098032b8c')
const IMAGE_SECURITY_DATABASE = guidBytesLe(
  'd719b2cb-3d3a-4596-a3bc-dad00e67656f'
)

/** UEFI_VARIABLE_DATA: GUID, u64 name length (characters), u64 data length, UTF-16LE name, data. */
export function variableData(
  guid: Uint8Array,
  name: string,
  data: Uint8Array
): Buffer {
  const lengths = Buffer.alloc(16)
  lengths.writeBigUInt64LE(BigInt(name.length), 0)
  lengths.writeBigUInt64LE(BigInt(data.length), 8)
  return Buffer.concat([guid, lengths, Buffer.from(name, 'utf16le'), data])
}

const SEPARATOR = new Uint8Array(4)

/**
 * The systemd-stub major version of a UKI, from .sdmagic
 * ("#### LoaderInfo: systemd-stub 257.13-1~deb13u1 ####"); Amazon Linux 2023
 * UKIs without .sdmagic count as 252, as the tool assumes.
 */
export function stubMajorVersion(pe: PeImage, what: string): number {
  const osrel = sectionData(pe, '.osrel', what)
  const text = osrel ? Buffer.from(osrel).toString('utf8') : ''
  const al2023 =
    text.includes('NAME="Amazon Linux"') && text.includes('VERSION="2023"')
  const magic = sectionData(pe, '.sdmagic', what)
  if (!magic) {
    if (al2023) return 252
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `${what} has a .linux section but no .sdmagic: build the UKI with systemd-stub, which names its version there`
    )
  }
  const m = /^#### LoaderInfo: systemd-stub ([0-9]+)[^]* ####$/.exec(
    Buffer.from(magic).toString('utf8').replace(/\0+$/, '')
  )
  if (!m) {
    if (al2023) return 252
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `${what}'s .sdmagic section is not "#### LoaderInfo: systemd-stub VERSION ####"`
    )
  }
  return Number(m[1])
}

function pcr4(images: PeImage[], secureBoot: boolean): Buffer {
  const pcr = new Pcr()
  pcr.extend(digest(Buffer.from('Calling EFI Application from Boot Option')))
  pcr.extend(digest(SEPARATOR))
  images.forEach((pe, i) => {
    const what = `--image ${i + 1}`
    pcr.extend(authenticodeDigest(pe.bytes, { algorithm: ALG }))
    const linux = sectionData(pe, '.linux', what)
    if (!linux) return
    const major = stubMajorVersion(pe, what)
    // systemd 258 runs the kernel itself (systemd PR 37372); from 252 on
    // it bypasses the firmware's security protocol under Secure Boot (PR
    // 24777): in both cases the firmware never measures the kernel.
    if (major >= 258 || (major >= 252 && secureBoot)) return
    const kernel = parsePe(linux, `${what}'s .linux kernel`)
    pcr.extend(authenticodeDigest(kernel.bytes, { algorithm: ALG }))
  })
  return pcr.value
}

function pcr7(images: PeImage[], input: NitroPcrInput): Buffer {
  const pcr = new Pcr()
  const none = new Uint8Array(0)
  const secureBoot = input.pk !== undefined
  const db = input.db ?? none
  pcr.extend(
    digest(
      variableData(
        EFI_GLOBAL_VARIABLE,
        'SecureBoot',
        Uint8Array.of(secureBoot ? 1 : 0)
      )
    )
  )
  pcr.extend(digest(variableData(EFI_GLOBAL_VARIABLE, 'PK', input.pk ?? none)))
  pcr.extend(
    digest(variableData(EFI_GLOBAL_VARIABLE, 'KEK', input.kek ?? none))
  )
  pcr.extend(digest(variableData(IMAGE_SECURITY_DATABASE, 'db', db)))
  pcr.extend(
    digest(variableData(IMAGE_SECURITY_DATABASE, 'dbx', input.dbx ?? none))
  )
  pcr.extend(digest(SEPARATOR))
  if (!secureBoot) return pcr.value
  const x509 = parseSignatureLists(db)
    .filter((l) => Buffer.from(l.type).equals(EFI_CERT_X509))
    .flatMap((l) => l.signatures)
  const seen = new Set<string>()
  for (const pe of images) {
    // The first signature with a certificate in db decides, and in it the
    // first certificate (in DER SET order) that db holds.
    let match: (typeof x509)[number] | undefined
    for (const ac of attributeCertificates(pe)) {
      for (const cert of signatureCertificates(ac)) {
        match = x509.find((s) => Buffer.from(s.data).equals(cert))
        if (match) break
      }
      if (match) break
    }
    if (!match) continue
    const key = Buffer.concat([match.owner, match.data]).toString('hex')
    if (seen.has(key)) continue
    seen.add(key)
    pcr.extend(
      digest(
        variableData(
          IMAGE_SECURITY_DATABASE,
          'db',
          Buffer.concat([match.owner, match.data])
        )
      )
    )
  }
  return pcr.value
}

/** PCR4, PCR7 and PCR12 of the images, in nitro-tpm-pcr-compute's JSON shape. */
export function nitroTpmPcrs(input: NitroPcrInput): NitroPcrMeasurements {
  if (input.images.length === 0)
    throw new EnclaveBuildError('INPUT_INVALID', 'pass at least one --image')
  const images = input.images.map((b, i) => parsePe(b, `--image ${i + 1}`))
  const secureBoot = input.pk !== undefined
  return {
    Measurements: {
      HashAlgorithm: 'SHA384',
      PCR4: pcr4(images, secureBoot).toString('hex'),
      PCR7: pcr7(images, input).toString('hex'),
      PCR12: Buffer.alloc(48).toString('hex')
    }
  }
}
