import type { SectionDiff } from '../elf/sections.js'

/** A line-level diff of two `go version -m` texts: lines only in one. */
export function diffLines(a: string, b: string): string[] {
  const la = a.split('\n').filter((l) => l.trim() !== '')
  const lb = b.split('\n').filter((l) => l.trim() !== '')
  const sb = new Set(lb)
  const sa = new Set(la)
  return [
    ...la.filter((l) => !sb.has(l)).map((l) => `- ${l.trim()}`),
    ...lb.filter((l) => !sa.has(l)).map((l) => `+ ${l.trim()}`)
  ]
}

const hints: Record<string, string> = {
  '.rodata':
    'constant data differs: often a string that depends on the build ' +
    'machine (an absolute path, a date or a -X value)',
  '.go.buildinfo':
    'the embedded build settings differ: compare the go version -m lines',
  '.note.go.buildid':
    'the Go build ID differs: it hashes the inputs, so some input differs',
  '.symtab':
    'the symbol table differs: with cgo, the external linker may record a ' +
    'random /tmp/go-link-* path (golang/go#57035)',
  '.strtab': 'the symbol names differ (see .symtab)',
  '.text': 'the machine code differs',
  '.noptrdata': 'initialised data differs (for example a -X string value)',
  '.data': 'initialised data differs (for example a -X string value)'
}

/**
 * Turns the two builds' differences into a message a person can act on:
 * which buildinfo lines differ and which ELF sections, at which offsets.
 */
export function explainMismatch(p: {
  sha256: [string, string]
  buildinfo: [string, string]
  sections: SectionDiff[] | string
  strings?: { first: string[]; second: string[] }
}): string {
  const out = [
    `the rebuild from a copy of the tree at another path produced different bytes:`,
    `  first build  sha256 ${p.sha256[0]}`,
    `  rebuild      sha256 ${p.sha256[1]}`
  ]
  const lines = diffLines(p.buildinfo[0], p.buildinfo[1])
  out.push(
    lines.length === 0
      ? 'go version -m: identical in both builds (the difference is in the code or data)'
      : `go version -m differs:\n${lines.map((l) => `  ${l}`).join('\n')}`
  )
  if (typeof p.sections === 'string')
    out.push(`ELF sections: not compared (${p.sections})`)
  else {
    out.push('ELF sections that differ:')
    for (const d of p.sections) {
      const where =
        d.change === 'content'
          ? `at file offset 0x${d.firstOffset!.toString(16)}; section offsets ${d
              .ranges!.map((r) => `0x${r.at.toString(16)}+${r.length}`)
              .join(', ')}`
          : d.change === 'size'
            ? `size ${d.sizes![0]} vs ${d.sizes![1]}`
            : d.change
      const hint = hints[d.name] ? ` — ${hints[d.name]}` : ''
      out.push(`  ${d.name}: ${where}${hint}`)
    }
  }
  if (p.strings && (p.strings.first.length > 0 || p.strings.second.length > 0))
    out.push(
      'strings in only one build (a path here means the build depends on ' +
        'where it ran):',
      ...p.strings.first.map(
        (s) => `  first:   ${JSON.stringify(s.slice(0, 200))}`
      ),
      ...p.strings.second.map(
        (s) => `  rebuild: ${JSON.stringify(s.slice(0, 200))}`
      )
    )
  out.push(
    'Make the build independent of where it runs: no absolute paths or ' +
      'times in -ldflags -X or cgo flags, no files outside the commit, cgo off ' +
      'unless needed.'
  )
  return out.join('\n')
}
