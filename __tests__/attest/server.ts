import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'

/** What a scripted loopback server answers to one request. */
export interface Reply {
  status: number
  body?: string
  headers?: Record<string, string>
  /** Milliseconds to wait before answering (to provoke timeouts). */
  delayMs?: number
}

/** A request the server saw. */
export interface Seen {
  method: string
  url: string
  headers: IncomingHttpHeaders
  body: string
}

/**
 * A loopback HTTP server answering from a script, one reply per request
 * (the last one repeats). Records every request.
 */
export async function scriptedServer(replies: Reply[]): Promise<{
  url: string
  seen: Seen[]
  close: () => Promise<void>
}> {
  const seen: Seen[] = []
  const timers: NodeJS.Timeout[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8')
      })
      const reply = replies[Math.min(seen.length - 1, replies.length - 1)]
      const send = (): void => {
        if (res.destroyed) return
        res.writeHead(reply.status, {
          'Content-Type': 'application/json',
          ...reply.headers
        })
        res.end(reply.body ?? '')
      }
      if (reply.delayMs) timers.push(setTimeout(send, reply.delayMs))
      else send()
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        timers.forEach(clearTimeout)
        server.closeAllConnections()
        server.close(() => r())
      })
  }
}
