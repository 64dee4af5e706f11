import { redact } from './util/redact.js'
import * as core from '@actions/core'
import { mkdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { AttestDeps } from './attest/run.js'
import { asEnclaveBuildError } from './errors.js'
import { actionsCache, type CacheApi } from './go/cache.js'
import type { BuildRecord } from './model/build-record.js'
import { buildReproducibly } from './go/reproducible.js'
import { restoreGoCache } from './go/restore.js'
import {
  readInputs,
  SECRET_INPUTS,
  targetOptions,
  type Inputs
} from './inputs.js'
import type { SummarySection } from './model/summary.js'
import { writeSummary, writeSummaryPage } from './summary.js'
import type { ActionOutputName } from './targets/index.js'
import { runTarget, TARGET_NAMES, warmUpTarget } from './targets/index.js'
import type { TargetResult } from './model/target-result.js'
import { stopDigestWorker } from './util/digest-worker.js'
import { exec, type Exec } from './util/exec.js'
import { fileError, writeFileAtomic } from './util/fs.js'
import type { FetchFn } from './util/http.js'
import { VERSION } from './version.js'

/** The outside world of the action; tests pass fakes. */
export interface RunDeps {
  exec: Exec
  env: NodeJS.ProcessEnv
  cache: CacheApi
  inputs: () => Inputs
  /** Overrides for the attestation stage (tests: mock Sigstore, fetch). */
  attest?: Partial<AttestDeps>
  fetch?: FetchFn
}

/** The real outside world. */
export function defaultDeps(): RunDeps {
  return { exec, env: process.env, cache: actionsCache, inputs: readInputs }
}

/** Sets action outputs: the pipeline's (src/outputs.ts) and the targets'. */
function setOutputs(outputs: Partial<Record<ActionOutputName, string>>): void {
  for (const [name, value] of Object.entries(outputs))
    if (value !== undefined) core.setOutput(name, value)
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
  // keys, templates and target files checked before any work, so that a
  // bad one is not found after the Go build
  const { preflight } = await import('./preflight.js')
  await preflight(inputs)
  const outDir = outputDirectory(inputs, deps.env)
  // a file in the way, a read-only or full disk: coded, naming the path
  await mkdir(outDir, { recursive: true }).catch((err: unknown) => {
    throw fileError(err, outDir, 'output-directory', 'create')
  })
  await warmUpTarget(inputs.target)

  if (inputs.cache)
    await restoreGoCache({
      exec: deps.exec,
      env: deps.env,
      dir,
      goVersion: inputs['go-version'],
      cache: deps.cache,
      saveState: (k, v) => core.saveState(k, v),
      log: (m) => core.info(redact(m))
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
      { exec: deps.exec, env: deps.env, log: (m) => core.info(redact(m)) }
    )
  } finally {
    core.endGroup()
  }
  const recordPath = join(outDir, 'build-record.json')
  await writeFileAtomic(recordPath, `${JSON.stringify(record, null, 2)}\n`)
  setOutputs({
    binary: record.binary.path,
    sha256: record.binary.sha256,
    'go-version': record.goVersion,
    reproducible: String(record.reproducible),
    'build-record': recordPath
  })
  core.info(`${record.binary.sha256}  ${record.binary.path}`)

  let target: TargetResult | undefined
  if (inputs.target !== 'none') {
    core.startGroup(`Target ${inputs.target}`)
    try {
      target = await runTarget(
        inputs.target,
        targetOptions(inputs, inputs.target),
        {
          build: record,
          binaryPath: record.binary.path,
          outDir,
          commitTime: new Date(record.source.commitTime),
          exec: deps.exec,
          env: deps.env,
          log: (m) => core.info(redact(m)),
          warn: (m) => core.warning(redact(m))
        }
      )
    } finally {
      core.endGroup()
    }
    setOutputs(target?.outputs ?? {})
  }
  let extra: SummarySection[] = []
  let bundlePath: string | undefined
  if (inputs.attest && !target)
    core.info('target: none, so there is no measurement to attest')
  if (inputs.attest && target) {
    core.startGroup(`Attestation (${inputs.attest.signing})`)
    try {
      const { attestResult } = await import('./attest/run.js')
      const outcome = await attestResult({
        result: target,
        build: record,
        options: inputs.attest,
        deps: {
          env: deps.env,
          outDir,
          toolVersion: VERSION,
          inputs: publicInputs(inputs),
          log: (m) => core.info(redact(m)),
          setOutput: (k, v) => core.setOutput(k, v),
          ...deps.attest
        }
      })
      setOutputs(outcome.outputs)
      extra = outcome.summary
      bundlePath = outcome.bundlePath
    } finally {
      core.endGroup()
    }
  }
  if (inputs.publish?.publish && target) {
    core.startGroup(`Publish ${inputs.publish.publish}`)
    try {
      const { publishForAction } = await import('./publish/run.js')
      const token = inputs.attest?.['github-token']
      const published = await publishForAction({
        options: inputs.publish,
        result: target,
        build: record,
        ...(bundlePath ? { bundlePath } : {}),
        ...(token && !token.startsWith('${{') ? { githubToken: token } : {}),
        env: deps.env,
        ...(deps.fetch ? { fetch: deps.fetch } : {}),
        log: (m) => core.info(redact(m)),
        warn: (m) => core.warning(redact(m))
      })
      for (const [k, v] of Object.entries(published.outputs))
        core.setOutput(k, v)
      extra.push({
        heading: 'Published',
        rows: [['Artifact', `<code>${published.result.reference}</code>`]]
      })
    } finally {
      core.endGroup()
    }
  } else if (inputs.publish?.publish)
    core.warning('publish needs a target: nothing was pushed')
  if (inputs['show-summary']) await writeSummary(record, target, extra)
}

/** The inputs as provenance records them: no secrets, no nested groups. */
function publicInputs(inputs: Inputs): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  const groups = [inputs, ...TARGET_NAMES.map((n) => inputs[n]), inputs.attest]
  for (const g of groups)
    for (const [k, v] of Object.entries(g ?? {}))
      if (typeof v !== 'object' && !SECRET_INPUTS.includes(k)) out[k] = v
  return out
}

async function verifyMode(inputs: Inputs, deps: RunDeps): Promise<void> {
  const { verifyForAction } = await import('./verify/options.js')
  const outcome = await verifyForAction(inputs.verify!, {
    env: deps.env,
    log: (m) => core.info(redact(m)),
    warn: (m) => core.warning(redact(m)),
    ...(deps.fetch ? { fetch: deps.fetch } : {})
  })
  setOutputs(outcome.outputs)
  if (inputs['show-summary'])
    await writeSummaryPage('enclave-build: verified', [
      {
        rows: Object.entries(outcome.outputs).map(([k, v]) => [
          k,
          `<code>${v}</code>`
        ])
      }
    ])
}

/**
 * The action: reads the inputs once, runs the pipeline, and is the only
 * place where an error becomes a failed step.
 */
export async function run(deps: RunDeps = defaultDeps()): Promise<void> {
  try {
    const inputs = deps.inputs()
    if (inputs.mode === 'verify') await verifyMode(inputs, deps)
    else await build(inputs, deps)
  } catch (err) {
    const e = asEnclaveBuildError(err)
    core.setFailed(`[${e.code}] ${redact(e.message)}`)
  } finally {
    // The Nitro target's hashing thread, started before the build, must not
    // outlive the run on any path.
    await stopDigestWorker()
  }
}
