import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, rm, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { finalizeManifest } from '../../src/targets/gramine/pipeline.js'
import {
  parseDefines,
  renderTemplate
} from '../../src/targets/gramine/template.js'
import { codeOf, tempDir } from './helpers.js'

// Every manifest template of Gramine v1.9, with what Gramine's own
// gramine-manifest made of it over the same stand-in root (see SOURCE.md and README.md).
const DIR = resolve('__fixtures__/gramine-templates')
interface Case {
  template: string
  defines: string[]
  check?: boolean
  gramine_render_error?: string
  gramine_manifest_error?: string
}
const cases = JSON.parse(
  readFileSync(join(DIR, 'cases.json'), 'utf8')
) as Record<string, Case>
const names = Object.keys(cases)
const expectedFile = (name: string, ext: string): string =>
  join(DIR, 'expected', `${name}.${ext}`)

/** The stand-in root: every listed file holds its own path; every listed directory one file. */
async function stageRoot(root: string): Promise<void> {
  const lines = readFileSync(join(DIR, 'root.txt'), 'utf8').split('\n')
  for (const line of lines.filter((l) => l !== '')) {
    const p = join(root, line)
    if (line.endsWith('/')) {
      await mkdir(p, { recursive: true })
      await writeFile(join(p, 'stand-in'), `stand-in:${line}stand-in\n`)
    } else {
      await mkdir(dirname(p), { recursive: true })
      await writeFile(p, `stand-in:${line}\n`)
    }
  }
}

let root = ''
beforeAll(async () => {
  root = await tempDir()
  await stageRoot(root)
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

const render = (name: string): string =>
  renderTemplate(
    readFileSync(join(DIR, 'templates', `${name}.manifest.template`), 'utf8'),
    { variables: parseDefines(cases[name].defines), env: {}, chroot: root }
  )

describe('Gramine v1.9 templates', () => {
  it('covers all 72 templates of the release', () => {
    expect(names).toHaveLength(72)
  })

  it.each(names)('%s renders as Jinja renders it', async (name) => {
    const c = cases[name]
    if (c.gramine_render_error !== undefined) {
      // Only python.get_sys_path(), which runs the host's interpreter.
      expect(c.gramine_render_error).toMatch(/python/)
      expect(await codeOf(() => render(name))).toBe('TEMPLATE_UNSUPPORTED')
      return
    }
    expect(render(name)).toBe(
      readFileSync(expectedFile(name, 'rendered'), 'utf8')
    )
  })

  it.each(names.filter((n) => cases[n].gramine_render_error === undefined))(
    '%s gives the .manifest gramine-manifest gives (or refuses it too)',
    async (name) => {
      const c = cases[name]
      const run = async (): Promise<string> =>
        finalizeManifest(render(name), {
          chroot: root,
          check: c.check !== false
        })
      if (c.gramine_manifest_error?.startsWith('ValueError') === true) {
        // Gramine v1.9 crashes on this entry under --chroot (pathlib keeps the
        // leading "//" of file://etc/resolv.conf); its sha256 is given, so we keep it.
        expect(await run()).toContain(
          `uri = "file://etc/resolv.conf"\nsha256 = "${'0'.repeat(64)}"`
        )
        return
      }
      if (c.gramine_manifest_error !== undefined) {
        expect(existsSync(expectedFile(name, 'manifest'))).toBe(false)
        expect(await codeOf(run)).toMatch(
          /^(MANIFEST_INVALID|PATH_ESCAPES_ROOT)$/
        )
        return
      }
      expect(await run()).toBe(
        readFileSync(expectedFile(name, 'manifest'), 'utf8')
      )
    }
  )
})
