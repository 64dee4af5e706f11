import { EnclaveBuildError } from '../errors.js'
import type { Exec } from '../util/exec.js'
import type { BuildInfo } from '../model/build-record.js'

/** Undoes Go's strconv.Quote where `go version -m` applied it. */
function unquote(s: string): string {
  if (!s.startsWith('"')) return s
  try {
    return JSON.parse(s) as string
  } catch {
    return s
  }
}

/** Splits `key=value` where the key may itself be quoted. */
function splitSetting(field: string): [string, string] {
  if (field.startsWith('"')) {
    const end = field.indexOf('"=', 1)
    if (end > 0)
      return [unquote(field.slice(0, end + 1)), unquote(field.slice(end + 2))]
  }
  const eq = field.indexOf('=')
  if (eq < 0) return [field, '']
  return [field.slice(0, eq), unquote(field.slice(eq + 1))]
}

/**
 * Parses the text of `go version -m FILE` (the format of
 * debug/buildinfo.BuildInfo.String, each line prefixed by a tab).
 */
export function parseBuildInfo(text: string): BuildInfo {
  const lines = text.split('\n')
  const head = /: (go\S+)$/.exec(lines[0] ?? '')
  if (!head)
    throw new EnclaveBuildError(
      'BUILD_FAILED',
      `unexpected "go version -m" output: ${lines[0] ?? ''}`
    )
  const info: BuildInfo = {
    goVersion: head[1],
    path: '',
    main: { path: '', version: '' },
    deps: [],
    settings: {}
  }
  for (const line of lines.slice(1)) {
    if (!line.startsWith('\t')) continue
    const [kind, ...fields] = line.slice(1).split('\t')
    if (kind === 'path') info.path = fields[0] ?? ''
    else if (kind === 'mod')
      info.main = { path: fields[0], version: fields[1], sum: fields[2] }
    else if (kind === 'dep')
      info.deps.push({ path: fields[0], version: fields[1], sum: fields[2] })
    else if (kind === '=>' && info.deps.length > 0)
      // a replace directive applies to the dep just above it
      info.deps[info.deps.length - 1].version += ` => ${fields.join(' ')}`
    else if (kind === 'build') {
      const [k, v] = splitSetting(fields.join('\t'))
      info.settings[k] = v
    }
  }
  for (const m of [info.main, ...info.deps]) if (!m.sum) delete m.sum
  return info
}

/** Runs `go version -m` on a binary; returns the raw text and the parse. */
export async function readBuildInfo(
  exec: Exec,
  binary: string,
  env: NodeJS.ProcessEnv
): Promise<{ text: string; info: BuildInfo }> {
  const r = await exec('go', ['version', '-m', binary], { env })
  if (r.code !== 0)
    throw new EnclaveBuildError(
      'BUILD_FAILED',
      `go version -m ${binary} failed: ${r.stderr.trim()}`
    )
  // the first line names the file; drop the path so two builds compare
  const text = r.stdout.replace(/^[^\n]*: (go\S+)/, '$1')
  return { text, info: parseBuildInfo(r.stdout) }
}
