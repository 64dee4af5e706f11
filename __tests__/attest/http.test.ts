import { describe, expect, it } from '@jest/globals'
import { HttpError, httpJson, httpRequest } from '../../src/util/http.js'
import { scriptedServer } from './server.js'

/** Records the waits instead of sleeping. */
function fakeSleep(): {
  sleep: (ms: number) => Promise<void>
  waits: number[]
} {
  const waits: number[] = []
  return {
    waits,
    sleep: (ms) => {
      waits.push(ms)
      return Promise.resolve()
    }
  }
}

describe('httpRequest', () => {
  it('retries 408, 429 and 5xx with exponential backoff, then succeeds', async () => {
    const srv = await scriptedServer([
      { status: 408 },
      { status: 429 },
      { status: 502 },
      { status: 200, body: '{"ok":true}' }
    ])
    const { sleep, waits } = fakeSleep()
    try {
      const body = await httpJson<{ ok: boolean }>(`${srv.url}/x`, {
        what: 'testing',
        sleep,
        baseDelayMs: 100
      })
      expect(body).toEqual({ ok: true })
      expect(srv.seen).toHaveLength(4)
      expect(waits).toEqual([100, 200, 400])
    } finally {
      await srv.close()
    }
  })

  it('honours Retry-After in place of the backoff, and says why it waits', async () => {
    const srv = await scriptedServer([
      { status: 429, headers: { 'Retry-After': '3' } },
      { status: 503 },
      { status: 204 }
    ])
    const { sleep, waits } = fakeSleep()
    const told: string[] = []
    try {
      await httpRequest(srv.url, {
        what: 'testing',
        sleep,
        baseDelayMs: 10,
        maxDelayMs: 5000,
        onWait: (m) => told.push(m)
      })
      expect(waits).toEqual([3000, 20])
      expect(told[0]).toMatch(
        /testing: .* answered 429; the service asked to retry in 3 s \(attempt 2 of 4\)/
      )
      expect(told[1]).toMatch(
        /answered 503; retrying in 1 s \(attempt 3 of 4\)/
      )
    } finally {
      await srv.close()
    }
  })

  it('fails at once when Retry-After is longer than it would wait', async () => {
    const srv = await scriptedServer([
      { status: 503, headers: { 'Retry-After': '3600' } },
      { status: 204 }
    ])
    const { sleep, waits } = fakeSleep()
    try {
      const err = (await httpRequest(srv.url, {
        what: 'storing',
        sleep
      }).catch((e: unknown) => e)) as HttpError
      expect(err).toBeInstanceOf(HttpError)
      expect(err.status).toBe(503)
      expect(err.message).toMatch(
        /retry after 3600 s, longer than the 30 s this job waits/
      )
      expect(waits).toEqual([])
      expect(srv.seen).toHaveLength(1)
    } finally {
      await srv.close()
    }
  })

  it('does not retry a 4xx and says what to do', async () => {
    const srv = await scriptedServer([
      { status: 403, body: '{"message":"Resource not accessible"}' }
    ])
    const { sleep, waits } = fakeSleep()
    try {
      const err = (await httpRequest(`${srv.url}/p?token=secret`, {
        what: 'storing',
        method: 'POST',
        sleep
      }).catch((e: unknown) => e)) as HttpError
      expect(err).toBeInstanceOf(HttpError)
      expect(err.code).toBe('HTTP_ERROR')
      expect(err.status).toBe(403)
      expect(err.message).toMatch(/storing: POST .* answered 403/)
      expect(err.message).toMatch(/attestations: write/)
      expect(err.message).toContain('Resource not accessible')
      expect(err.message).not.toContain('secret')
      expect(srv.seen).toHaveLength(1)
      expect(waits).toEqual([])
    } finally {
      await srv.close()
    }
  })

  it('gives up after the retries with the last status', async () => {
    const srv = await scriptedServer([{ status: 503 }])
    const { sleep } = fakeSleep()
    try {
      await expect(
        httpRequest(srv.url, { what: 'testing', sleep, retries: 2 })
      ).rejects.toMatchObject({ code: 'HTTP_ERROR', status: 503 })
      expect(srv.seen).toHaveLength(3)
    } finally {
      await srv.close()
    }
  })

  it('times out a silent server, retries, and reports the timeout', async () => {
    const srv = await scriptedServer([{ status: 200, delayMs: 2000 }])
    const { sleep } = fakeSleep()
    try {
      const err = (await httpRequest(srv.url, {
        what: 'testing',
        sleep,
        retries: 1,
        timeoutMs: 100
      }).catch((e: unknown) => e)) as HttpError
      expect(err.status).toBe(0)
      expect(err.message).toMatch(/did not answer within 100 ms \(2 attempts\)/)
      expect(srv.seen).toHaveLength(2)
    } finally {
      await srv.close()
    }
  })

  it('reports an unreachable host and a non-JSON body', async () => {
    const srv = await scriptedServer([{ status: 200, body: '<html>' }])
    const url = srv.url
    await expect(httpJson(url, { what: 'testing' })).rejects.toThrow(/not JSON/)
    await srv.close()
    await expect(
      httpRequest(url, {
        what: 'testing',
        retries: 1,
        sleep: fakeSleep().sleep
      })
    ).rejects.toThrow(/cannot reach .* 2 attempts/)
  })
})
