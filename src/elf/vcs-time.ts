import { readSections } from './sections.js'

/**
 * The commit time a Go binary records about itself (`vcs.time` of its
 * build info), read from the `.go.buildinfo` section without running go.
 *
 * Layout (Go 1.18 and later, runtime/debug and cmd/go/internal/version):
 * a 32-byte header, "\xff Go buildinf:" then the pointer size and a flags
 * byte whose bit 2 says the strings follow inline; then two
 * uvarint-length-prefixed strings, the Go version and the module info.
 * The module info holds lines such as "build\tvcs.time=2026-01-02T03:04:05Z".
 * Returns undefined when the binary has none (older Go, no VCS, not Go).
 */
export function vcsTime(elf: Uint8Array): Date | undefined {
  let sections
  try {
    sections = readSections(elf)
  } catch {
    return undefined
  }
  const s = sections.find((x) => x.name === '.go.buildinfo')
  if (!s || s.offset + 32 > elf.length) return undefined
  const data = elf.subarray(s.offset, Math.min(elf.length, s.offset + s.size))
  const magic = '\xff Go buildinf:'
  if (Buffer.from(data.subarray(0, 14)).toString('latin1') !== magic)
    return undefined
  if ((data[15] & 2) === 0) return undefined
  let at = 32
  const next = (): string | undefined => {
    let len = 0
    let shift = 0
    for (;;) {
      if (at >= data.length || shift > 28) return undefined
      const b = data[at++]
      len |= (b & 0x7f) << shift
      if ((b & 0x80) === 0) break
      shift += 7
    }
    if (at + len > data.length) return undefined
    const text = Buffer.from(data.subarray(at, at + len)).toString('utf8')
    at += len
    return text
  }
  if (next() === undefined) return undefined
  const modinfo = next()
  const m = modinfo?.match(/^build\tvcs\.time=(\S+)$/m)
  if (!m) return undefined
  const t = new Date(m[1])
  return Number.isNaN(t.getTime()) ? undefined : t
}
