import { rfc3339Check } from '../../../util/rfc3339.js'
import { basename, resolve } from 'node:path'
import { EnclaveBuildError } from '../../../errors.js'
import { parse, required } from '../../../cli/args.js'
import { printJson, type CliIO, type Command } from '../../../cli/io.js'
import { writeEif } from '../eif-writer.js'
import {
  EIF_BUILD_TOOL,
  EIF_BUILD_TOOL_VERSION,
  DEFAULT_KERNEL_VERSION,
  DEFAULT_OS,
  formatBuildTime
} from '../metadata.js'
import {
  bootstrapOf,
  bootstrapOptions,
  cmdlineOf,
  kernelOptions
} from './boot.js'
import { customerOf } from './customer.js'
import { measurements, printPcrs, readInput } from './common.js'

// `nitro build` follows eif_build: same flags, same metadata defaults, and
// nitro-cli's output, so their users and scripts feel at home.

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

/** The flags of `nitro build`, in eif_build's order where it has them. */
const buildOptions = {
  ...kernelOptions,
  ramdisk: {
    type: 'string',
    multiple: true,
    arg: 'FILE',
    file: 'initrd',
    help: 'A ramdisk, in order (after the bootstrap ramdisk that --init/--nsm make).'
  },
  ...bootstrapOptions,
  binary: {
    type: 'string',
    arg: 'FILE',
    file: 'binary',
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
    help: 'mtime of the customer ramdisk entries (default: the commit time the binary records, its vcs.time, as the action uses; else SOURCE_DATE_EPOCH, else 0).'
  },
  'cgo-sysroot': {
    type: 'string',
    arg: 'DIR',
    help: "With --binary dynamically linked (cgo): the root holding its ELF loader and libraries (e.g. Debian's libc6 unpacked), packed under rootfs/ at their paths, as the action's cgo-sysroot."
  },
  output: {
    type: 'string',
    arg: 'FILE',
    required: true,
    help: 'Where to write the EIF.'
  },
  'signing-certificate': {
    type: 'string',
    arg: 'CERT.pem',
    file: 'pem',
    help: 'X.509 certificate that signs PCR0 (gives PCR8).'
  },
  'private-key': {
    type: 'string',
    arg: 'KEY.pem',
    file: 'pem',
    help: 'Its EC private key; goes with --signing-certificate.'
  },
  arch: {
    type: 'string',
    default: 'x86_64',
    choices: ['x86_64', 'aarch64'],
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
    check: rfc3339Check,
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

/**
 * `nitro build`: an EIF from kernel, cmdline and ramdisks, like eif_build;
 * with --init/--nsm and --binary, from AWS's blobs and a Go binary alone.
 */
export const nitroBuild: Command = async (args, io) => {
  const { values: v } = parse(args, buildOptions)
  // kept as written (eif_build copies it), once parse checked it is a real time
  const buildTime = v['build-time'] ?? defaultBuildTime(io)
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
      buildTime,
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
