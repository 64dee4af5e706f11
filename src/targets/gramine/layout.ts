// Why this file is long: Gramine's enclave memory layout is one ordered sequence of pages (as pal-sgx-sign lays them out); splitting it would scatter an order that must match byte for byte.
import { EnclaveBuildError } from '../../errors.js'
import { loadSegments, PF_R, PF_W, PF_X, readElfHeader } from '../../elf/elf.js'
import * as C from '../sgx/constants.js'
import { MrenclaveBuilder, ZERO_PAGE } from '../sgx/measure.js'

/**
 * Gramine's enclave layout and its MRENCLAVE (v1.5-v1.9, identical code:
 * python/graminelibos/sgx_sign.py get_mrenclave_and_manifest). Areas are
 * placed top-down from the enclave end: manifest, SSA, TCS, TLS, stacks,
 * signal stacks, libpal; the rest down to MMAP_MIN_ADDR is free heap, added
 * but not measured (and not added at all with EDMM).
 */

/** Everything MRENCLAVE depends on. */
export interface LayoutInput {
  /** The exact .manifest.sgx bytes. */
  manifestSgx: Uint8Array
  /** The libpal.so bytes (only PT_LOAD segments and e_entry are used). */
  libpal: Uint8Array
  enclaveSize: number
  maxThreads: number
  edmm: boolean
  /** Told how far the hashing is (bytes of the enclave); see util/progress. */
  progress?: (done: number, total: number) => void
}

interface Area {
  desc: string
  addr: number
  size: number
  flags: number
  measure: boolean
  content?: Uint8Array
}

const { PAGE_SIZE } = C
const roundDown = (a: number): number => a - (a % PAGE_SIZE)
const roundUp = (a: number): number => Math.ceil(a / PAGE_SIZE) * PAGE_SIZE
const RW = C.PAGEINFO_R | C.PAGEINFO_W | C.PAGEINFO_REG

function layoutError(message: string): never {
  throw new EnclaveBuildError('MANIFEST_INVALID', message)
}

/** Computes MRENCLAVE for a Gramine enclave. */
export function gramineMrenclave(input: LayoutInput): Buffer {
  const { enclaveSize, maxThreads } = input
  if (!Number.isSafeInteger(enclaveSize) || enclaveSize <= 0)
    layoutError(`sgx.enclave_size ${enclaveSize} is not a positive size`)
  if (!Number.isSafeInteger(maxThreads) || maxThreads < 0)
    layoutError(`sgx.max_threads ${maxThreads} is not a non-negative integer`)
  const elf = readElfHeader(input.libpal)
  const segments = loadSegments(input.libpal)
  if (segments.length === 0)
    throw new EnclaveBuildError('ELF_INVALID', 'libpal has no PT_LOAD segment')
  const mapAddr = Math.min(...segments.map((s) => roundDown(s.vaddr)))
  const mapEnd = Math.max(...segments.map((s) => roundUp(s.vaddr + s.memsz)))

  const manifest = new Uint8Array(input.manifestSgx.byteLength + 1) // NUL-terminated in memory
  manifest.set(input.manifestSgx)
  const fixed = (desc: string, size: number, flags: number): Area => ({
    desc,
    addr: -1,
    size: roundUp(size),
    flags,
    measure: true
  })
  const ssa = fixed('ssa', maxThreads * C.SSA_FRAME_SIZE * C.SSA_FRAME_NUM, RW)
  const tcs = fixed('tcs', maxThreads * C.TCS_SIZE, C.PAGEINFO_TCS)
  const tls = fixed('tls', maxThreads * PAGE_SIZE, RW)
  const stacks = Array.from({ length: maxThreads }, () =>
    fixed('stack', C.ENCLAVE_STACK_SIZE, RW)
  )
  const sigStacks = Array.from({ length: maxThreads }, () =>
    fixed('sig_stack', C.ENCLAVE_SIG_STACK_SIZE, RW)
  )
  const pal = fixed('pal', mapEnd - mapAddr, C.PAGEINFO_REG)
  if (mapAddr > 0) pal.addr = roundDown(mapAddr) // a non-PIE libpal keeps its address
  const manifestArea = {
    ...fixed('manifest', manifest.byteLength, C.PAGEINFO_R | C.PAGEINFO_REG),
    content: manifest
  }
  const areas = [manifestArea, ssa, tcs, tls, ...stacks, ...sigStacks, pal]

  const base = C.DEFAULT_ENCLAVE_BASE
  const heapMin = C.MMAP_MIN_ADDR
  let last = base + enclaveSize
  for (const a of areas) {
    if (a.addr !== -1) continue
    a.addr = last - a.size
    if (a.addr < heapMin)
      layoutError(
        `sgx.enclave_size is not large enough for ${maxThreads} threads and this libpal; raise sgx.enclave_size`
      )
    last = a.addr
  }
  const heapMax = pal.addr
  for (const a of areas)
    if (!(a.addr + a.size <= heapMin || a.addr >= heapMax))
      layoutError(
        `memory area ${a.desc} overlaps the heap range; libpal's load address is unusable`
      )

  fillThreadPages({
    ssa,
    tcs,
    tls,
    stacks,
    sigStacks,
    pal,
    manifest,
    enclaveSize,
    base,
    heapMin,
    heapMax,
    entry: elf.entry,
    maxThreads
  })

  const free: Area[] = []
  if (!input.edmm) {
    for (const a of areas) {
      const end = a.addr + a.size
      if (end < last) {
        free.push({
          desc: 'free',
          addr: end,
          size: last - end,
          flags: RW | C.PAGEINFO_X,
          measure: false
        })
        last = a.addr
      }
    }
    if (last > heapMin)
      free.push({
        desc: 'free',
        addr: heapMin,
        size: last - heapMin,
        flags: RW | C.PAGEINFO_X,
        measure: false
      })
  }

  const m = new MrenclaveBuilder(enclaveSize, input.progress)
  m.ecreate(C.SSA_FRAME_SIZE / PAGE_SIZE)
  for (const a of [...areas, ...free]) {
    if (a === pal) {
      addElf(m, input.libpal, segments, pal.addr - mapAddr, base)
      continue
    }
    if (!a.measure) {
      m.addUnmeasuredPages(a.addr - base, a.size / PAGE_SIZE, a.flags)
      continue
    }
    if (!a.content) {
      m.addZeroPages(a.addr - base, a.size / PAGE_SIZE, a.flags)
      continue
    }
    for (let addr = a.addr; addr < a.addr + a.size; addr += PAGE_SIZE) {
      const start = addr - a.addr
      const page = new Uint8Array(PAGE_SIZE)
      page.set(
        a.content.subarray(
          start,
          Math.min(start + PAGE_SIZE, a.content.byteLength)
        )
      )
      m.addPage(addr - base, a.flags, page)
    }
  }
  return m.digest()
}

/** Measures each PT_LOAD segment page by page; bytes outside [p_offset, p_offset+p_filesz) are zero. */
function addElf(
  m: MrenclaveBuilder,
  file: Uint8Array,
  segments: ReturnType<typeof loadSegments>,
  loadBias: number,
  base: number
): void {
  for (const s of segments) {
    let flags = C.PAGEINFO_REG
    if (s.flags & PF_R) flags |= C.PAGEINFO_R
    if (s.flags & PF_W) flags |= C.PAGEINFO_W
    if (s.flags & PF_X) flags |= C.PAGEINFO_X
    const addr = loadBias + s.vaddr
    const mAddr = roundDown(addr)
    const mEnd = roundUp(addr + s.memsz)
    const fAddr = roundDown(s.offset)
    const dataEnd = s.offset + s.filesz
    for (let page = mAddr; page < mEnd; page += PAGE_SIZE) {
      const start = page - mAddr + fAddr
      const from = Math.max(start, s.offset)
      const to = Math.min(start + PAGE_SIZE, dataEnd)
      if (from >= to) {
        // bss: no bytes from the file
        m.addPage(page - base, flags, ZERO_PAGE)
        continue
      }
      if (to > file.byteLength)
        throw new EnclaveBuildError(
          'ELF_INVALID',
          'a PT_LOAD segment extends past the end of libpal'
        )
      // A page wholly inside the file is measured straight from it.
      if (from === start && to === start + PAGE_SIZE) {
        m.addPage(page - base, flags, file.subarray(from, to))
        continue
      }
      const content = new Uint8Array(PAGE_SIZE)
      content.set(file.subarray(from, to), from - start)
      m.addPage(page - base, flags, content)
    }
  }
}

interface ThreadInput {
  ssa: Area
  tcs: Area
  tls: Area
  stacks: Area[]
  sigStacks: Area[]
  pal: Area
  manifest: Uint8Array
  enclaveSize: number
  base: number
  heapMin: number
  heapMax: number
  entry: number
  maxThreads: number
}

/** The TCS and TLS (pal_enclave_tcb) page of every thread. */
function fillThreadPages(t: ThreadInput): void {
  const tcs = new DataView(new ArrayBuffer(t.tcs.size))
  const tls = new DataView(new ArrayBuffer(t.tls.size))
  const q = (v: DataView, at: number, value: number | bigint): void =>
    v.setBigUint64(at, BigInt.asUintN(64, BigInt(value)), true)
  for (let i = 0; i < t.maxThreads; i++) {
    const ssa = t.ssa.addr + C.SSA_FRAME_SIZE * C.SSA_FRAME_NUM * i
    const c = i * C.TCS_SIZE
    q(tcs, c + C.TCS_OSSA, ssa - t.base)
    tcs.setUint32(c + C.TCS_NSSA, C.SSA_FRAME_NUM, true)
    q(tcs, c + C.TCS_OENTRY, t.pal.addr + t.entry - t.base)
    q(tcs, c + C.TCS_OGS_BASE, t.tls.addr - t.base + PAGE_SIZE * i)
    tcs.setUint32(c + C.TCS_OFS_LIMIT, 0xfff, true)
    tcs.setUint32(c + C.TCS_OGS_LIMIT, 0xfff, true)
    const l = i * PAGE_SIZE
    q(tls, l + C.TLS_SELF, t.tls.addr + PAGE_SIZE * i)
    q(tls, l + C.TLS_CANARY, C.STACK_PROTECTOR_CANARY_DEFAULT)
    q(tls, l + C.TLS_ENCLAVE_SIZE, t.enclaveSize)
    q(tls, l + C.TLS_TCS_OFFSET, t.tcs.addr - t.base + C.TCS_SIZE * i)
    q(tls, l + C.TLS_INITIAL_STACK_ADDR, t.stacks[i].addr + t.stacks[i].size)
    q(tls, l + C.TLS_SIG_STACK_LOW, t.sigStacks[i].addr)
    q(tls, l + C.TLS_SIG_STACK_HIGH, t.sigStacks[i].addr + t.sigStacks[i].size)
    q(tls, l + C.TLS_SSA, ssa)
    q(tls, l + C.TLS_GPR, ssa + C.SSA_FRAME_SIZE - C.SGX_GPR_SIZE)
    q(tls, l + C.TLS_MANIFEST_SIZE, t.manifest.byteLength)
    q(tls, l + C.TLS_HEAP_MIN, t.heapMin)
    q(tls, l + C.TLS_HEAP_MAX, t.heapMax)
  }
  t.tcs.content = new Uint8Array(tcs.buffer)
  t.tls.content = new Uint8Array(tls.buffer)
}
