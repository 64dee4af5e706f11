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
  measureSectionsSync,
  pcrOfBytes,
  pcrOfFile,
  trimCmdline,
  type NitroPcrs
} from '../../targets/nitro/pcr.js'
import {
  BOOTSTRAP_REFERENCE_MTIME,
  bootstrapRamdisk,
  customerRamdiskFromFile,
  DEFAULT_ENV
} from '../../targets/nitro/ramdisk.js'
import { readWhole } from '../../util/read.js'

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

/** The flags that make the bootstrap ramdisk from AWS's blobs (build and pcr1). */
const bootstrapOptions = {
  init: {
    type: 'string',
    arg: 'FILE',
    help: "AWS's enclave init (blobs/<arch>/init): with --nsm, the bootstrap ramdisk is made and goes first."
  },
  nsm: {
    type: 'string',
    arg: 'FILE',
    help: 'The NSM driver nsm.ko (blobs/<arch>/nsm.ko); goes with --init.'
  },
  'bootstrap-layout': {
    type: 'string',
    default: 'linuxkit',
    arg: 'linuxkit|reference',
    help: "How the bootstrap ramdisk is archived: as nitro-cli's linuxkit does, or our canonical cpio (mtime 1), as the action's nitro-bootstrap-layout."
  }
} as const

const buildOptions = {
  kernel: {
    type: 'string',
    arg: 'FILE',
    help: 'Enclave kernel (bzImage on x86_64, Image on aarch64).'
  },
  cmdline: {
    type: 'string',
    arg: 'TEXT',
    help: 'Kernel command line (trimmed like nitro-cli).'
  },
  'cmdline-file': {
    type: 'string',
    arg: 'FILE',
    help: "The command line from a file (AWS's blobs/<arch>/cmdline), read as nitro-cli does."
  },
  ramdisk: {
    type: 'string',
    multiple: true,
    arg: 'FILE',
    help: 'A ramdisk, in order (after the bootstrap ramdisk that --init/--nsm make).'
  },
  ...bootstrapOptions,
  binary: {
    type: 'string',
    arg: 'FILE',
    help: 'A Go binary: the customer ramdisk is made from it (rootfs/<name>, cmd, env) and goes last, as the action does.'
  },
  cmd: {
    type: 'string',
    multiple: true,
    arg: 'ARG',
    help: "One argv element of the enclave program, in order (default: /<binary's file name>); one starting with - as --cmd=-x."
  },
  env: {
    type: 'string',
    multiple: true,
    arg: 'KEY=VALUE',
    help: "The program's environment (default: Docker's PATH)."
  },
  mtime: {
    type: 'string',
    arg: 'SECONDS',
    help: 'mtime of the customer ramdisk entries (default: SOURCE_DATE_EPOCH, else 0; the action uses the commit time).'
  },
  output: { type: 'string', arg: 'FILE', help: 'Where to write the EIF.' },
  'signing-certificate': {
    type: 'string',
    arg: 'CERT.pem',
    help: 'X.509 certificate that signs PCR0 (gives PCR8).'
  },
  'private-key': {
    type: 'string',
    arg: 'KEY.pem',
    help: 'Its EC private key; goes with --signing-certificate.'
  },
  arch: {
    type: 'string',
    default: 'x86_64',
    arg: 'x86_64|aarch64',
    help: 'Architecture flag of the EIF.'
  },
  name: {
    type: 'string',
    arg: 'NAME',
    help: 'ImageName of the metadata (default: the kernel file name, like eif_build).'
  },
  version: {
    type: 'string',
    default: '1.0',
    arg: 'VERSION',
    help: 'ImageVersion of the metadata.'
  },
  'build-time': {
    type: 'string',
    arg: 'RFC3339',
    help: 'BuildTime of the metadata (default: SOURCE_DATE_EPOCH, else the epoch; never now).'
  },
  'build-tool': {
    type: 'string',
    default: EIF_BUILD_TOOL,
    arg: 'NAME',
    help: 'BuildTool of the metadata.'
  },
  'build-tool-version': {
    type: 'string',
    default: EIF_BUILD_TOOL_VERSION,
    arg: 'VERSION',
    help: 'BuildToolVersion of the metadata.'
  },
  'img-os': {
    type: 'string',
    default: DEFAULT_OS,
    arg: 'OS',
    help: 'OperatingSystem of the metadata.'
  },
  'img-kernel': {
    type: 'string',
    default: DEFAULT_KERNEL_VERSION,
    arg: 'TEXT',
    help: 'KernelVersion of the metadata.'
  },
  json: {
    type: 'boolean',
    default: false,
    help: 'Print {"Measurements": {...}} like nitro-cli.'
  }
} as const

/** The kernel command line from --cmdline or --cmdline-file (exactly one), trimmed. */
async function cmdlineOf(
  io: CliIO,
  text: string | undefined,
  file: string | undefined
): Promise<string> {
  if ((text === undefined) === (file === undefined))
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      'give the kernel command line: --cmdline TEXT or --cmdline-file FILE (one of them)'
    )
  if (text !== undefined) return trimCmdline(text)
  const bytes = await readInput(io, file as string, 'cmdline file')
  let decoded: string
  try {
    // nitro-cli reads the blob with read_to_string: it must be UTF-8.
    decoded = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `the cmdline file ${file as string} is not UTF-8 text`
    )
  }
  return trimCmdline(decoded)
}

/** The bootstrap ramdisk from --init and --nsm, or undefined when neither is given. */
async function bootstrapOf(
  io: CliIO,
  v: { init?: string; nsm?: string; 'bootstrap-layout': string }
): Promise<Uint8Array | undefined> {
  if (v.init === undefined && v.nsm === undefined) return undefined
  if (v.init === undefined || v.nsm === undefined)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      '--init and --nsm go together: the bootstrap ramdisk holds both'
    )
  const layout = v['bootstrap-layout']
  if (layout !== 'linuxkit' && layout !== 'reference')
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      '--bootstrap-layout must be linuxkit or reference'
    )
  const [init, nsm] = await Promise.all([
    readInput(io, v.init, 'init'),
    readInput(io, v.nsm, 'nsm.ko')
  ])
  // The same ramdisk the action's target makes from the same blobs.
  return bootstrapRamdisk({
    init,
    nsm,
    layout,
    mtime: BOOTSTRAP_REFERENCE_MTIME
  })
}

/** Seconds since the epoch from SOURCE_DATE_EPOCH (or --mtime), else 0. */
function epochSeconds(
  io: CliIO,
  value: string | undefined,
  flag: string
): number {
  const text = value ?? io.env.SOURCE_DATE_EPOCH ?? ''
  if (text === '') return 0
  if (!/^\d+$/.test(text) || Number(text) > 0xffffffff)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `${value === undefined ? 'SOURCE_DATE_EPOCH' : flag} must be whole seconds since the epoch (0 to 4294967295)`
    )
  return Number(text)
}

/** The customer ramdisk from --binary (with --cmd, --env), as the action makes it. */
async function customerOf(
  io: CliIO,
  v: { binary?: string; cmd?: string[]; env?: string[]; mtime?: string }
): Promise<Uint8Array | undefined> {
  if (v.binary === undefined) {
    if (v.cmd !== undefined || v.env !== undefined || v.mtime !== undefined)
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        '--cmd, --env and --mtime describe the customer ramdisk: give --binary too'
      )
    return undefined
  }
  const path = resolve(io.cwd, v.binary)
  return customerRamdiskFromFile(
    {
      binaryName: basename(path),
      cmd: v.cmd,
      env: v.env ?? DEFAULT_ENV,
      mtime: epochSeconds(io, v.mtime, '--mtime')
    },
    path
  )
}

/**
 * `nitro build`: an EIF from kernel, cmdline and ramdisks, like eif_build;
 * with --init/--nsm and --binary, from AWS's blobs and a Go binary alone.
 */
export const nitroBuild: Command = async (args, io) => {
  const { values: v } = parse(args, buildOptions)
  const kernelPath = required(v.kernel, '--kernel')
  const cmdline = await cmdlineOf(io, v.cmdline, v['cmdline-file'])
  const output = resolve(io.cwd, required(v.output, '--output'))
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
  const bootstrap = await bootstrapOf(io, v)
  const customer = await customerOf(io, v)
  const kernel = await readInput(io, kernelPath, 'kernel')
  const given = await Promise.all(
    (v.ramdisk ?? []).map((p) => readInput(io, p, 'ramdisk'))
  )
  const ramdisks = [
    ...(bootstrap ? [bootstrap] : []),
    ...given,
    ...(customer ? [customer] : [])
  ]
  if (ramdisks.length === 0)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      'give at least one --ramdisk (or --init and --nsm, or --binary)'
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
    cmdline,
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

/**
 * `nitro pcr1`: PCR1 of AWS's blobs (kernel ‖ cmdline ‖ bootstrap ramdisk
 * made from init and nsm.ko), which nitro-cli build-enclave prints for every
 * image built with them; `--expect HEX` makes it a check (exit 1 if not equal).
 */
export const nitroPcr1: Command = async (args, io) => {
  const { values: v } = parse(args, {
    kernel: buildOptions.kernel,
    cmdline: buildOptions.cmdline,
    'cmdline-file': buildOptions['cmdline-file'],
    ...bootstrapOptions,
    expect: {
      type: 'string',
      arg: 'HEX',
      help: 'The PCR1 to check against (96 hex digits); a different PCR1 fails with MEASUREMENT_MISMATCH.'
    },
    json: { type: 'boolean', default: false, help: 'Print {"PCR1": hex}.' }
  })
  const kernelPath = required(v.kernel, '--kernel')
  const cmdline = await cmdlineOf(io, v.cmdline, v['cmdline-file'])
  const expected = v.expect?.trim().toLowerCase()
  if (expected !== undefined && !/^[0-9a-f]{96}$/.test(expected))
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      '--expect must be a PCR: 96 hex digits'
    )
  if (v.init === undefined || v.nsm === undefined)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      '--init and --nsm are required: PCR1 covers the bootstrap ramdisk made from them'
    )
  const bootstrap = (await bootstrapOf(io, v)) as Uint8Array
  const kernel = await readInput(io, kernelPath, 'kernel')
  const { PCR1 } = measureSectionsSync({
    kernel: [kernel],
    cmdline: new TextEncoder().encode(cmdline),
    ramdisks: [[bootstrap]]
  })
  if (expected !== undefined && PCR1 !== expected)
    throw new EnclaveBuildError(
      'MEASUREMENT_MISMATCH',
      `PCR1 is ${PCR1}, not the expected ${expected}: check that kernel, cmdline, init and nsm.ko are the blobs of that release, and the --bootstrap-layout (nitro-cli uses linuxkit)`
    )
  if (v.json) printJson(io, { PCR1 })
  else io.stdout(`${PCR1}\n`)
  return 0
}

/** `nitro describe`: like nitro-cli describe-eif, from the file alone. */
export const nitroDescribe: Command = async (args, io) => {
  const { values: v } = parse(args, {
    eif: { type: 'string', arg: 'FILE', help: 'The EIF to describe.' },
    'eif-path': {
      type: 'string',
      arg: 'FILE',
      help: "The same, by nitro-cli describe-eif's name."
    },
    json: {
      type: 'boolean',
      default: false,
      help: 'Print the description as JSON (nitro-cli describe-eif keys).'
    }
  })
  const path = required(v.eif ?? v['eif-path'], '--eif')
  // The reader verifies signatures (CBOR, X.509): loaded only for describe,
  // so that `nitro build` starts without them.
  const { readEif } = await import('../../targets/nitro/eif-reader.js')
  const { readEifFile } = await import('../../targets/nitro/eif-file.js')
  const info = readEif(await readEifFile(resolve(io.cwd, path)))
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
    input: { type: 'string', arg: 'FILE', help: 'The file to measure.' },
    'signing-certificate': {
      type: 'string',
      arg: 'CERT.pem',
      help: 'Instead: PCR8 of this certificate.'
    },
    json: {
      type: 'boolean',
      default: false,
      help: 'Print {"PCR": hex} or {"PCR8": hex}.'
    }
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
    // (regular files only, with util/fs's codes naming the path)
    const pcr = await pcrOfFile(resolve(io.cwd, input))
    result = { PCR: pcr }
  }
  if (v.json) printJson(io, result)
  else io.stdout(`${Object.values(result)[0]}\n`)
  return 0
}
