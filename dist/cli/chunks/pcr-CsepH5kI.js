import { resolve } from 'node:path';
import { p as parse, E as EnclaveBuildError, d as required, b as printJson } from './main-BQHnxbfa.js';
import { p as pcrOfBytes, a as pcrOfFile } from './pcr-ClYbwWw4.js';
import { r as readInput } from './common-Ci8ZxLLG.js';
import 'node:crypto';
import './digest-worker-BWbgCEkR.js';
import './read-D5SN6HEp.js';
import 'node:fs';
import 'node:fs/promises';

/** `nitro pcr`: the PCR of one file, or PCR8 of a certificate, like nitro-cli pcr. */
const nitroPcr = async (args, io) => {
    const { values: v } = parse(args, {
        input: {
            type: 'string',
            arg: 'FILE',
            file: 'measured',
            help: 'The file to measure.'
        },
        'signing-certificate': {
            type: 'string',
            arg: 'CERT.pem',
            file: 'pem',
            help: 'Instead: PCR8 of this certificate.'
        },
        json: {
            type: 'boolean',
            default: false,
            help: 'Print {"PCR": hex} or {"PCR8": hex}.'
        }
    });
    let result;
    if (v['signing-certificate'] !== undefined) {
        if (v.input !== undefined)
            throw new EnclaveBuildError('INPUT_INVALID', 'give either --input or --signing-certificate');
        const pem = await readInput(io, v['signing-certificate'], 'signing certificate');
        // The signature module (and its CBOR library) loads only when needed.
        const { parseCertificate } = await import('./signature-BP9Xmm9_.js');
        result = { PCR8: pcrOfBytes(parseCertificate(pem.toString()).raw) };
    }
    else {
        const input = required(v.input, '--input');
        // streamed: an input may be a whole EIF or a big ramdisk
        // (regular files only, with util/fs's codes naming the path)
        const pcr = await pcrOfFile(resolve(io.cwd, input));
        result = { PCR: pcr };
    }
    if (v.json)
        printJson(io, result);
    else
        io.stdout(`${Object.values(result)[0]}\n`);
    return 0;
};

export { nitroPcr };
