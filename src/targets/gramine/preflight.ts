import { EnclaveBuildError } from '../../errors.js'
import { readInputText } from '../../util/fs.js'
import { MAX_MANIFEST_BYTES } from '../../util/limits.js'
import type { PreflightChecks } from '../preflight.js'
import { loadSgxKey } from '../sgx/key.js'
import type { GramineOptions } from './options.js'

const fs = process.getBuiltinModule('node:fs')

/**
 * Gramine's inputs checked before the Go build: the signing key parses
 * (with its passphrase), the manifest template and libpal are readable
 * files, gramine-root is a directory.
 */
export async function graminePreflight(
  g: GramineOptions,
  c: PreflightChecks
): Promise<void> {
  if (g['signing-key'].trim() !== '')
    await c.check(() =>
      loadSgxKey(
        g['signing-key'],
        g['signing-key-passphrase'] || undefined,
        c.input('signing-key-passphrase')
      )
    )
  await c.check(() =>
    readInputText(g['manifest-template'], c.input('manifest-template'), {
      maxBytes: MAX_MANIFEST_BYTES
    })
  )
  if (g.libpal !== '') await c.file(g.libpal, 'libpal')
  if (g['gramine-root'] !== '')
    await c.check(() => {
      if (!fs.statSync(g['gramine-root']).isDirectory())
        throw new EnclaveBuildError(
          'FILE_NOT_REGULAR',
          `${c.input('gramine-root')} ${g['gramine-root']} is not a directory`
        )
    })
}
