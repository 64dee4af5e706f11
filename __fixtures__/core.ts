import { jest } from '@jest/globals'
import type * as core from '@actions/core'

/** Everything written through the mocked @actions/core, for assertions. */
export const written: string[] = []

const record =
  (prefix: string) =>
  (...args: unknown[]): void => {
    written.push(`${prefix}${args.map(String).join(' ')}`)
  }

/** A chainable job-summary mock that keeps what was added. */
const summaryParts: string[] = []
/* eslint-disable @typescript-eslint/require-await */
export const summary = {
  addHeading: jest.fn((t: string) => (summaryParts.push(t), summary)),
  addTable: jest.fn(
    (rows: unknown) => (summaryParts.push(JSON.stringify(rows)), summary)
  ),
  addCodeBlock: jest.fn((t: string) => (summaryParts.push(t), summary)),
  addList: jest.fn((l: string[]) => (summaryParts.push(l.join('\n')), summary)),
  addRaw: jest.fn((t: string) => (summaryParts.push(t), summary)),
  addLink: jest.fn(
    (t: string, h: string) => (summaryParts.push(`${t} ${h}`), summary)
  ),
  write: jest.fn(async () => summary),
  /* eslint-enable @typescript-eslint/require-await */
  text: (): string => summaryParts.join('\n'),
  reset: (): void => {
    summaryParts.length = 0
  }
}

export const outputs: Record<string, string> = {}
export const state: Record<string, string> = {}

export const debug = jest.fn<typeof core.debug>(record('debug: '))
export const info = jest.fn<typeof core.info>(record(''))
export const warning = jest.fn<typeof core.warning>(record('warning: '))
export const error = jest.fn<typeof core.error>(record('error: '))
export const notice = jest.fn<typeof core.notice>(record('notice: '))
export const setFailed = jest.fn<typeof core.setFailed>(record('failed: '))
export const setSecret = jest.fn<typeof core.setSecret>()
export const startGroup = jest.fn<typeof core.startGroup>(record('group: '))
export const endGroup = jest.fn<typeof core.endGroup>()
export const getInput = jest.fn<typeof core.getInput>(() => '')
export const getState = jest.fn<typeof core.getState>(
  (name: string) => state[name] ?? ''
)
export const saveState = jest.fn<typeof core.saveState>(
  (name: string, value: unknown) => {
    state[name] = String(value)
  }
)
export const setOutput = jest.fn<typeof core.setOutput>(
  (name: string, value: unknown) => {
    outputs[name] = String(value)
    written.push(`output ${name}=${String(value)}`)
  }
)
export const getIDToken = jest.fn<typeof core.getIDToken>()

/** Clears everything recorded between tests. */
export function resetCore(): void {
  written.length = 0
  summary.reset()
  for (const k of Object.keys(outputs)) delete outputs[k]
  for (const k of Object.keys(state)) delete state[k]
}
