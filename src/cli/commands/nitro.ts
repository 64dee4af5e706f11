import { basename, resolve } from 'node:path'
import { EnclaveBuildError } from '../../errors.js'
import { parse, required } from '../args.js'
import { printJson, type CliIO, type Command } from '../io.js'
import { writeEif } from '../../targets/nitro/eif-writer.js'
import {
  EIF_BUILD_TOOL,
  EIF_BUILD_TOOL_VERSION,
  DEFAULT_KERNEL_VERSION,
  DEFAULT_OS,
  formatBuildTime
} from '../../targets/nitro/metadata.js'
import {
  pcrOfBytes,
  pcrOfFile,
  trimCmdline,
  type NitroPcrs
} from '../../targets/nitro/pcr.js'
import { readWhole } from '../../targets/nitro/read.js'

// `nitro build/describe/pcr` follow eif_build and nitro-cli: same flags,
// same JSON keys, so their users and scripts feel at home.

/** nitro-cli's Measurements object (HashAlgorithm is Rust Debug text). */
function measurements(pcrs: NitroPcrs): Record<string, string> {
  return { HashAlgorithm: 'Sha384 { ... }', ...pcrs }
}

/** Reads an input file whole, in one read (coded error if unreadable). */
async function readInput(
  io: CliIO,
  path: string,
  what: string
): Promise<Buffer> {
  return readWhole(resolve(io.cwd, path), what)
}

function printPcrs(io: CliIO, pcrs: NitroPcrs): void {
  for (const [k, v] of Object.entries(pcrs)) io.stdout(`${k}  ${v}\n`)
}

/** The build time when none is given: SOURCE_DATE_EPOCH, else the epoch; never now. */
function defaultBuildTime(io: CliIO): string {
  const sde = io.env.SOURCE_DATE_EPOCH
  if (sde === undefined || sde === '') return formatBuildTime(new Date(0))
  if (!/^\d+$/.test(sde))
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      'SOURCE_DATE_EPOCH must be whole seconds since the epoch'
    )
  return formatBuildTime(new Date(Number(sde) * 1000))
}

const buildOptions = {
  kernel: { type: 'string' },
  cmdline: { type: 'string' },
  ramdisk: { type: 'string', multiple: true },
  output: { type: 'string' },
  'signing-certificate': { type: 'string' },
  'private-key': { type: 'string' },
  arch: { type: 'string', default: 'x86_64' },
  name: { type: 'string' },
  version: { type: 'string', default: '1.0' },
  'build-time': { type: 'string' },
  'build-tool': { type: 'string', default: EIF_BUILD_TOOL },
  'build-tool-version': { type: 'string', default: EIF_BUILD_TOOL_VERSION },
  'img-os': { type: 'string', default: DEFAULT_OS },
  'img-kernel': { type: 'string', default: DEFAULT_KERNEL_VERSION },
  json: { type: 'boolean', default: false }
} as const

/** `nitro build`: an EIF from kernel, cmdline and ramdisks, like eif_build. */
export const nitroBuild: Command = async (args, io) => {
  const { values: v } = parse(args, buildOptions)
  const kernelPath = required(v.kernel, '--kernel')
  if (v.cmdline === undefined)
    throw new EnclaveBuildError('INPUT_INVALID', '--cmdline is required')
  const output = resolve(io.cwd, required(v.output, '--output'))
  const ramdiskPaths = v.ramdisk ?? []
  if (ramdiskPaths.length === 0)
    throw new EnclaveBuildError('INPUT_INVALID', 'give at least one --ramdisk')
  if (v.arch !== 'x86_64' && v.arch !== 'aarch64')
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      '--arch must be x86_64 or aarch64'
    )
  const cert = v['signing-certificate']
  const key = v['private-key']
  if ((cert === undefined) !== (key === undefined))
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      '--signing-certificate and --private-key go together'
    )
  const kernel = await readInput(io, kernelPath, 'kernel')
  const ramdisks = await Promise.all(
    ramdiskPaths.map((p) => readInput(io, p, 'ramdisk'))
  )
  const signing =
    cert !== undefined && key !== undefined
      ? {
          certificatePem: (
            await readInput(io, cert, 'signing certificate')
          ).toString(),
          privateKeyPem: (await readInput(io, key, 'private key')).toString()
        }
      : undefined
  const built = await writeEif(output, {
    kernel: [kernel],
    cmdline: trimCmdline(v.cmdline),
    ramdisks: ramdisks.map((r) => [r]),
    arch: v.arch,
    metadata: {
      // eif_build names the image after the kernel file by default
      imageName: v.name ?? basename(kernelPath),
      imageVersion: v.version,
      buildTime: v['build-time'] ?? defaultBuildTime(io),
      buildTool: v['build-tool'],
      buildToolVersion: v['build-tool-version'],
      operatingSystem: v['img-os'],
      kernelVersion: v['img-kernel']
    },
    signing
  })
  if (!v.json) {
    io.stdout(`Output file: ${output}\n`)
    printPcrs(io, built.pcrs)
    return 0
  }
  printJson(io, { Measurements: measurements(built.pcrs) })
  return 0
}

/** `nitro describe`: like nitro-cli describe-eif, from the file alone. */
export const nitroDescribe: Command = async (args, io) => {
  const { values: v } = parse(args, {
    eif: { type: 'string' },
    'eif-path': { type: 'string' },
    json: { type: 'boolean', default: false }
  })
  const path = required(v.eif ?? v['eif-path'], '--eif')
  // The reader verifies signatures (CBOR, X.509): loaded only for describe,
  // so that `nitro build` starts without them.
  const { readEif } = await import('../../targets/nitro/eif-reader.js')
  const info = readEif(await readInput(io, path, 'EIF'))
  const meta = info.metadata
  const out: Record<string, unknown> = {
    EifVersion: info.header.version,
    Measurements: measurements(info.pcrs),
    IsSigned: info.signature !== undefined,
    CheckCRC: info.crcOk
  }
  if (info.signature) {
    const c = info.signature.certificate
    out.SignatureCheck = info.signatureOk
    out.SigningCertificate = {
      Subject: c.subject,
      Issuer: c.issuer,
      NotBefore: c.validFrom,
      NotAfter: c.validTo,
      Fingerprint256: c.fingerprint256
    }
  }
  if (meta) {
    out.ImageName = meta.ImageName
    out.ImageVersion = meta.ImageVersion
    out.Metadata = meta
  }
  out.Crc32 = info.header.crc32.toString(16).padStart(8, '0')
  out.Flags = info.header.flags
  out.Arch = info.header.flags & 1 ? 'aarch64' : 'x86_64'
  out.NumSections = info.header.numSections
  out.SectionOffsets = info.sections.map((s) => s.offset)
  out.SectionSizes = info.sections.map((s) => s.size)
  out.SectionTypes = info.sections.map((s) => s.type)
  if (v.json) printJson(io, out)
  else {
    io.stdout(
      `EIF version ${info.header.version}, ${out.Arch as string}, CRC ${info.crcOk ? 'ok' : 'MISMATCH'}${info.signature ? `, signed (signature ${info.signatureOk ? 'ok' : 'INVALID'})` : ''}\n`
    )
    printPcrs(io, info.pcrs)
  }
  return 0
}

/** `nitro pcr`: the PCR of one file, or PCR8 of a certificate, like nitro-cli pcr. */
export const nitroPcr: Command = async (args, io) => {
  const { values: v } = parse(args, {
    input: { type: 'string' },
    'signing-certificate': { type: 'string' },
    json: { type: 'boolean', default: false }
  })
  let result: Record<string, string>
  if (v['signing-certificate'] !== undefined) {
    if (v.input !== undefined)
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        'give either --input or --signing-certificate'
      )
    const pem = await readInput(
      io,
      v['signing-certificate'],
      'signing certificate'
    )
    // The signature module (and its CBOR library) loads only when needed.
    const { parseCertificate } =
      await import('../../targets/nitro/signature.js')
    result = { PCR8: pcrOfBytes(parseCertificate(pem.toString()).raw) }
  } else {
    const input = required(v.input, '--input')
    // streamed: an input may be a whole EIF or a big ramdisk
    const pcr = await pcrOfFile(resolve(io.cwd, input)).catch(
      (err: unknown) => {
        throw new EnclaveBuildError(
          'FILE_NOT_FOUND',
          `cannot read the input ${input}: ${(err as Error).message}`,
          { cause: err }
        )
      }
    )
    result = { PCR: pcr }
  }
  if (v.json) printJson(io, result)
  else io.stdout(`${Object.values(result)[0]}\n`)
  return 0
}
