import { basename, resolve } from 'node:path'
import { EnclaveBuildError } from '../../../errors.js'
import { vcsTime } from '../../../elf/vcs-time.js'
import { readInputFile } from '../../../util/fs.js'
import { flagInputName } from '../../../util/input-name.js'
import type { CliIO } from '../../../cli/io.js'
import { closureEntries, initClosure } from '../../cgo/closure.js'
import {
  customerRamdiskFromFile,
  DEFAULT_ENV,
  ROOTFS_FIXED
} from '../ramdisk.js'

// `nitro build --binary`: the customer ramdisk made from a Go binary the way
// the action's Nitro target makes it, so the command line and the action
// give the same EIF (and PCRs) for the same binary.

/**
 * Seconds since the epoch: --mtime, else the commit time the binary records
 * (its vcs.time: what the action uses, so that `nitro build --binary`
 * gives the action's PCR0 for the same binary), else SOURCE_DATE_EPOCH,
 * else 0.
 */
function epochSeconds(
  io: CliIO,
  value: string | undefined,
  flag: string,
  recorded: Date | undefined
): number {
  if (value === undefined && recorded !== undefined)
    return Math.floor(recorded.getTime() / 1000)
  const text = value ?? io.env.SOURCE_DATE_EPOCH ?? ''
  if (text === '') return 0
  if (!/^\d+$/.test(text) || Number(text) > 0xffffffff)
    throw new EnclaveBuildError(
      'INPUT_INVALID',
      `${value === undefined ? 'SOURCE_DATE_EPOCH' : flag} must be whole seconds since the epoch (0 to 4294967295)`
    )
  return Number(text)
}

/**
 * The customer ramdisk from --binary (with --cmd, --env), as the action
 * makes it: a cgo binary's loader and libraries come from --cgo-sysroot
 * into rootfs/ beside it (a dynamic binary without it is refused).
 */
export async function customerOf(
  io: CliIO,
  v: {
    binary?: string
    cmd?: string[]
    env?: string[]
    mtime?: string
    'cgo-sysroot'?: string
  }
): Promise<Uint8Array | undefined> {
  if (v.binary === undefined) {
    if (
      v.cmd !== undefined ||
      v.env !== undefined ||
      v.mtime !== undefined ||
      v['cgo-sysroot'] !== undefined
    )
      throw new EnclaveBuildError(
        'INPUT_INVALID',
        '--cmd, --env, --mtime and --cgo-sysroot describe the customer ramdisk: give --binary too'
      )
    return undefined
  }
  const path = resolve(io.cwd, v.binary)
  const bytes = await readInputFile(path, '--binary')
  const recorded = v.mtime === undefined ? vcsTime(bytes) : undefined
  const sysroot = v['cgo-sysroot']
  const closure = await initClosure(
    bytes,
    sysroot === undefined || sysroot === '' ? '' : resolve(io.cwd, sysroot),
    // the Go flags it names are `enclave-build go build`'s
    flagInputName()
  )
  const binaryName = basename(path)
  return customerRamdiskFromFile(
    {
      binaryName,
      cmd: v.cmd,
      env: v.env ?? DEFAULT_ENV,
      mtime: epochSeconds(io, v.mtime, '--mtime', recorded),
      extra: closureEntries(closure, new Set([binaryName, ...ROOTFS_FIXED]))
    },
    path
  )
}
