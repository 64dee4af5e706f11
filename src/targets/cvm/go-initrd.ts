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
 */
export async function goProgramInitrd(
  init: Uint8Array,
  sysroot: string
): Promise<{ initrd: Uint8Array; closure: ClosureFile[] }> {
  const closure = await initClosure(
    Buffer.from(init.buffer, init.byteOffset, init.byteLength),
    sysroot,
    'cgo-sysroot'
  )
  const initrd = buildInitrd(init, {
    extra: closureEntries(closure, new Set(SKELETON.map((e) => e.path)))
  })
  return { initrd, closure }
}
