import {
  closureEntries,
  initClosure,
  type ClosureFile
} from '../cgo/closure.js'
import { buildInitrd, SKELETON } from './initrd.js'

/**
 * The direct-boot initrd of the Go program: the binary as /init and, for a
 * cgo binary, its loader and libraries from the pinned sysroot (refused,
 * coded, when it has none). The closure is returned to be pinned.
 * `sysrootInput` is how the user named the sysroot (the action's input,
 * the command line's flag); `mtime` that of every entry (default 0).
 */
export async function goProgramInitrd(
  init: Uint8Array,
  sysroot: string,
  options: { sysrootInput?: string; mtime?: number } = {}
): Promise<{ initrd: Uint8Array; closure: ClosureFile[] }> {
  const closure = await initClosure(
    Buffer.from(init.buffer, init.byteOffset, init.byteLength),
    sysroot,
    options.sysrootInput ?? 'cgo-sysroot'
  )
  const initrd = buildInitrd(init, {
    extra: closureEntries(closure, new Set(SKELETON.map((e) => e.path))),
    ...(options.mtime === undefined ? {} : { mtime: options.mtime })
  })
  return { initrd, closure }
}
