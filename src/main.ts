import * as core from '@actions/core'
import { mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { asEnclaveBuildError } from './errors.js'
import { actionsCache, type CacheApi } from './go/cache.js'
import type { BuildRecord } from './go/record.js'
import { buildReproducibly } from './go/reproducible.js'
import { restoreGoCache } from './go/restore.js'
import { readInputs, type Inputs } from './inputs.js'
import { writeSummary } from './summary.js'
import { runTarget } from './targets/index.js'
import type { TargetResult } from './targets/target.js'
import { exec, type Exec } from './util/exec.js'
import { writeFileAtomic } from './util/fs.js'

/** The outside world of the action; tests pass fakes. */
export interface RunDeps {
  exec: Exec
  env: NodeJS.ProcessEnv
  cache: CacheApi
  inputs: () => Inputs
}

/** The real outside world. */
export function defaultDeps(): RunDeps {
  return { exec, env: process.env, cache: actionsCache, inputs: readInputs }
}

/** Where artefacts go: the input, else a folder under RUNNER_TEMP. */
function outputDirectory(inputs: Inputs, env: NodeJS.ProcessEnv): string {
  if (inputs['output-directory'] !== '')
    return resolve(env.GITHUB_WORKSPACE ?? '.', inputs['output-directory'])
  return join(env.RUNNER_TEMP ?? tmpdir(), 'enclave-build')
}

async function build(inputs: Inputs, deps: RunDeps): Promise<void> {
  const dir = resolve(
    deps.env.GITHUB_WORKSPACE ?? '.',
    inputs['working-directory']
  )
  const outDir = outputDirectory(inputs, deps.env)
  await mkdir(outDir, { recursive: true })

  if (inputs.cache)
    await restoreGoCache({
      exec: deps.exec,
      env: deps.env,
      dir,
      goVersion: inputs['go-version'],
      cache: deps.cache,
      saveState: (k, v) => core.saveState(k, v),
      log: (m) => core.info(m)
    }).catch((err: Error) => {
      // a cache is an optimisation; a toolchain problem shows up in the build
      core.warning(`Go cache restore failed: ${err.message}`)
    })

  core.startGroup('Reproducible Go build')
  let record: BuildRecord
  try {
    record = await buildReproducibly(
      {
        dir,
        package: inputs.package,
        output: join(outDir, inputs.output),
        ldflags: inputs.ldflags,
        tags: inputs.tags.split(/[,\s]+/).filter((t) => t !== ''),
        cgo: inputs.cgo,
        goamd64: inputs.goamd64,
        goarch: inputs.goarch,
        pgo: inputs.pgo,
        goVersion: inputs['go-version'] ?? '',
        rebuildCheck: inputs['rebuild-check']
      },
      { exec: deps.exec, env: deps.env, log: (m) => core.info(m) }
    )
  } finally {
    core.endGroup()
  }
  const recordPath = join(outDir, 'build-record.json')
  await writeFileAtomic(recordPath, `${JSON.stringify(record, null, 2)}\n`)
  core.setOutput('binary', record.binary.path)
  core.setOutput('sha256', record.binary.sha256)
  core.setOutput('go-version', record.goVersion)
  core.setOutput('reproducible', String(record.reproducible))
  core.setOutput('build-record', recordPath)
  core.info(`${record.binary.sha256}  ${record.binary.path}`)

  let target: TargetResult | undefined
  if (inputs.target !== 'none') {
    core.startGroup(`Target ${inputs.target}`)
    try {
      target = await runTarget(
        inputs.target,
        {
          build: record,
          binaryPath: record.binary.path,
          outDir,
          commitTime: new Date(record.source.commitTime),
          log: (m) => core.info(m),
          warn: (m) => core.warning(m)
        },
        inputs
      )
    } finally {
      core.endGroup()
    }
    for (const [k, v] of Object.entries(target?.outputs ?? {}))
      core.setOutput(k, v)
  }
  if (inputs['show-summary']) await writeSummary(record, target)
}

/**
 * The action: reads the inputs once, runs the pipeline, and is the only
 * place where an error becomes a failed step.
 */
export async function run(deps: RunDeps = defaultDeps()): Promise<void> {
  try {
    const inputs = deps.inputs()
    await build(inputs, deps)
  } catch (err) {
    const e = asEnclaveBuildError(err)
    core.setFailed(`[${e.code}] ${e.message}`)
  }
}
