import { E as EnclaveBuildError } from './main-BQHnxbfa.js';
import { signPcr0 } from './signature-BP9Xmm9_.js';
import 'node:crypto';
import './node-index-HRdqsygv.js';
import 'node:stream';
import 'node:module';

/**
 * Nitro's inputs checked before the Go build: the blobs are readable
 * files, and the signing certificate and key come together and belong
 * together.
 */
async function nitroPreflight(n, c) {
    for (const name of [
        'nitro-kernel',
        'nitro-init',
        'nitro-nsm',
        'nitro-cmdline'
    ])
        await c.file(n[name], name);
    const cert = n['nitro-signing-certificate'].trim();
    const key = n['nitro-signing-key'].trim();
    if ((cert === '') !== (key === ''))
        c.problem(new EnclaveBuildError('INPUT_INVALID', `${c.input('nitro-signing-certificate')} and ${c.input('nitro-signing-key')} go together: set both (PEM text from secrets) or neither`));
    // signing a dummy PCR0 checks the certificate, the key's curve and
    // that the two belong together
    else if (cert !== '')
        await c.check(() => signPcr0('00'.repeat(48), `${cert}\n`, `${key}\n`));
}

export { nitroPreflight };
