import { redact } from './util/redact.js'
import * as core from '@actions/core'
import type { AttestDeps } from './attest/run.js'
import { asEnclaveBuildError, SIDE_TEXT, sideOf } from './errors.js'
import { actionsCache, type CacheApi } from './go/cache.js'
import { publicInputs, readInputs, type Inputs } from './inputs.js'
import { runPipeline } from './pipeline.js'
import { writeSummary, writeSummaryPage } from './summary.js'
import type { ActionOutputName } from './targets/index.js'
import { stopDigestWorker } from './util/digest-worker.js'
import { exec, type Exec } from './util/exec.js'
import type { FetchFn } from './util/http.js'

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

/** Runs `work` inside a collapsible group of the job log. */
async function group<T>(title: string, work: () => Promise<T>): Promise<T> {
  core.startGroup(title)
  try {
    return await work()
  } finally {
    core.endGroup()
  }
}

/** The build mode: the shared pipeline (src/pipeline.ts) reporting through @actions/core. */
async function build(inputs: Inputs, deps: RunDeps): Promise<void> {
  await runPipeline(inputs, {
    exec: deps.exec,
    env: deps.env,
    workspace: deps.env.GITHUB_WORKSPACE ?? '.',
    info: (m) => core.info(redact(m)),
    warning: (m) => core.warning(redact(m)),
    group,
    setOutput: (k, v) => core.setOutput(k, v),
    cache: { api: deps.cache, saveState: (k, v) => core.saveState(k, v) },
    summary: writeSummary,
    preflight: async (i, n) => (await import('./preflight.js')).preflight(i, n),
    publicInputs,
    ...(deps.attest ? { attest: deps.attest } : {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {})
  })
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
  let summary = false
  try {
    const inputs = deps.inputs()
    summary = inputs['show-summary']
    if (inputs.mode === 'verify') await verifyMode(inputs, deps)
    else await build(inputs, deps)
  } catch (err) {
    const e = asEnclaveBuildError(err)
    const message = redact(e.message)
    const side = SIDE_TEXT[sideOf(e.code)]
    core.setFailed(`[${e.code}] ${message}\nWhose side: ${side}.`)
    // a summary that cannot be written must not hide the failure
    if (summary)
      await writeSummaryPage('enclave-build: failed', [
        {
          rows: [
            ['Error', `<code>${e.code}</code>`],
            ['Whose side', side]
          ]
        },
        // the message quotes files and remote answers: HTML-escaped
        { text: message.replace(/[&<>]/g, (c) => `&#${c.charCodeAt(0)};`) }
      ]).catch(() => undefined)
  } finally {
    // The Nitro target's hashing thread, started before the build, must not
    // outlive the run on any path: a live thread keeps the step from ending.
    await stopDigestWorker()
  }
}
