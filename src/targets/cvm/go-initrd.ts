import {
  closureEntries,
  initClosure,
  type ClosureFile
} from '../cgo/closure.js'
import { join } from 'node:path'
import { writeFileAtomic } from '../../util/fs.js'
import { actionInputName, type InputName } from '../../util/input-name.js'
import type { TargetContext } from '../target.js'
import { readInput } from './files.js'
import { buildInitrd, SKELETON } from './initrd.js'

/**
 * The direct-boot initrd of the Go program: the binary as /init and, for a
 * cgo binary, its loader and libraries from the pinned sysroot (refused,
 * coded, when it has none). The closure is returned to be pinned.
 * `input` is how messages name the inputs (the action's `cgo-sysroot`,
 * the command line's `--cgo-sysroot`; default the action's); `mtime` that
 * of every entry (default 0).
 */
export async function goProgramInitrd(
  init: Uint8Array,
  sysroot: string,
  options: { input?: InputName; mtime?: number } = {}
): Promise<{ initrd: Uint8Array; closure: ClosureFile[] }> {
  const closure = await initClosure(
    Buffer.from(init.buffer, init.byteOffset, init.byteLength),
    sysroot,
    options.input ?? actionInputName
  )
  const initrd = buildInitrd(init, {
    extra: closureEntries(closure, new Set(SKELETON.map((e) => e.path))),
    ...(options.mtime === undefined ? {} : { mtime: options.mtime })
  })
  return { initrd, closure }
}

/**
 * A direct-boot target's initrd (snp, tdx, uki): the built binary read,
 * goProgramInitrd of it with the context's sysroot and input names, and
 * the initrd written as `initrd.cpio` in the output directory.
 */
export async function targetInitrd(ctx: TargetContext): Promise<{
  initrd: Uint8Array
  closure: ClosureFile[]
  initrdPath: string
}> {
  const init = await readInput(ctx.binaryPath, 'the built binary')
  const { initrd, closure } = await goProgramInitrd(
    init,
    ctx.cgoSysroot ?? '',
    { input: ctx.input ?? actionInputName }
  )
  const initrdPath = join(ctx.outDir, 'initrd.cpio')
  await writeFileAtomic(initrdPath, initrd)
  return { initrd, closure, initrdPath }
}
