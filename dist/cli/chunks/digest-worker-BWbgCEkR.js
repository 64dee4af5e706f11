import { webcrypto } from 'node:crypto';

const WEBCRYPTO_NAME = {
    sha256: 'SHA-256',
    sha384: 'SHA-384',
    sha512: 'SHA-512'
};
/**
 * The worker's code, evaluated as a script so that the bundles need no
 * second entry file. It hashes the requested range of a SharedArrayBuffer
 * in place.
 */
const WORKER_SOURCE = `
const { parentPort } = process.getBuiltinModule('node:worker_threads')
const { createHash } = process.getBuiltinModule('node:crypto')
parentPort.on('message', ({ id, algorithm, buffer, offset, length }) => {
  try {
    const bytes = new Uint8Array(buffer, offset, length)
    parentPort.postMessage({ id, digest: createHash(algorithm).update(bytes).digest() })
  } catch (err) {
    parentPort.postMessage({ id, error: String(err && err.message || err) })
  }
})
parentPort.postMessage({ ready: true })
`;
/**
 * Whether `buffer` is shared memory. By its tag, not instanceof: a test's
 * realm has its own SharedArrayBuffer (and node:util is not loaded for it).
 */
const isShared = (buffer) => Object.prototype.toString.call(buffer) === '[object SharedArrayBuffer]';
let worker;
let ready = false;
let started;
let nextId = 0;
const pending = new Map();
/** Forgets the worker and sends its outstanding requests to WebCrypto. */
function retire(w) {
    if (worker !== w)
        return;
    worker = undefined;
    ready = false;
    started = undefined;
    const waiting = [...pending.values()];
    pending.clear();
    for (const p of waiting)
        p.fallback();
}
/**
 * Starts the worker if it is not running (idempotent). The promise settles
 * when it can take work, or when it failed to start (then WebCrypto is
 * used); callers that only want it warm need not await it. The worker never
 * keeps the process alive while idle.
 */
function warmDigestWorker() {
    if (started)
        return started;
    // Taken when first needed: an ES import of node:worker_threads would cost
    // every start of the command line, which never starts the worker.
    const { Worker: WorkerThread } = process.getBuiltinModule('node:worker_threads');
    const w = new WorkerThread(WORKER_SOURCE, { eval: true, stdout: false });
    worker = w;
    started = new Promise((resolve) => {
        w.on('message', (m) => {
            if (m.ready) {
                ready = true;
                // Up and idle: from now on only a request out holds the process.
                if (pending.size === 0)
                    w.unref();
                resolve();
                return;
            }
            const p = m.id === undefined ? undefined : pending.get(m.id);
            if (!p || m.id === undefined)
                return;
            pending.delete(m.id);
            if (pending.size === 0)
                w.unref();
            if (m.digest)
                p.resolve(new Uint8Array(m.digest));
            else
                p.fallback();
        });
        // A worker that cannot start or dies is not an error of the build: its
        // requests are redone with WebCrypto.
        w.on('error', () => {
            retire(w);
            resolve();
        });
        w.on('exit', () => {
            retire(w);
            resolve();
        });
    });
    // Held while it starts (tens of milliseconds), so that a caller awaiting
    // the warm-up is not left with an empty event loop (Node then exits with
    // 13 before the worker answers); unref'd once it is ready, above. A
    // ref'd idle worker kept a failed action alive for ever.
    w.ref();
    return started;
}
/**
 * Stops the worker. The action calls it on every way out, so that nothing
 * of the worker can hold the process; tests call it too.
 */
async function stopDigestWorker() {
    const w = worker;
    if (!w)
        return;
    retire(w);
    await w.terminate();
}
/**
 * Memory for bytes that will go to digestOffThread: shared when the worker
 * is up (it then reads them in place), ordinary otherwise (WebCrypto will
 * not take a view of shared memory).
 */
function allocForDigest(size) {
    return ready
        ? new Uint8Array(new SharedArrayBuffer(size))
        : new Uint8Array(size);
}
async function viaWebCrypto(algorithm, bytes) {
    // WebCrypto refuses views of shared memory: those are copied out first.
    const input = isShared(bytes.buffer)
        ? new Uint8Array(bytes)
        : bytes;
    return new Uint8Array(await webcrypto.subtle.digest(WEBCRYPTO_NAME[algorithm], input));
}
/**
 * The digest of `bytes`, computed off this thread: in place on the worker
 * when it is up and the bytes are shared memory, else by WebCrypto on
 * libuv's pool (after its copy). `bytes` must not change until it settles.
 */
function digestOffThread(algorithm, bytes) {
    const w = worker;
    if (!w || !ready || !isShared(bytes.buffer))
        return viaWebCrypto(algorithm, bytes);
    const id = nextId++;
    return new Promise((resolve, reject) => {
        pending.set(id, {
            resolve,
            fallback: () => {
                viaWebCrypto(algorithm, bytes).then(resolve, reject);
            }
        });
        // Held while a request is out: an idle worker must not keep the
        // process alive, a busy one must (the caller awaits its answer).
        w.ref();
        w.postMessage({
            id,
            algorithm,
            buffer: bytes.buffer,
            offset: bytes.byteOffset,
            length: bytes.byteLength
        });
    });
}

export { allocForDigest, digestOffThread, stopDigestWorker, warmDigestWorker };
